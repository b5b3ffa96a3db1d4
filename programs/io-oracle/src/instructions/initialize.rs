//! `initialize`: the oracle config (an empty set) and the price feed, by the upgrade authority.

use super::PriceParams;
use crate::{
    interface::{initialize, Error},
    state::{OracleConfig, PriceFeed, ACCOUNT_VERSION, CONFIG_SEED, PRICE_FEED_SEED},
};
use io_common::{
    account::CreatePda,
    loader::{check_upgrade_authority, UpgradeAuthorityError},
    seeds,
};
use pinocchio::{
    cpi::{Seed, Signer},
    AccountView, Address, ProgramResult,
};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = initialize::Accounts::parse(accounts)?;
    let args = initialize::Args::parse(data)?;
    let params = PriceParams {
        staleness: args.staleness,
        max_move_bps: args.max_move_bps,
        max_conf_bps: args.max_conf_bps,
        agreement_bps: args.agreement_bps,
    };
    params.check()?;
    check_upgrade_authority(program_id, &a.program_data, a.payer.address()).map_err(
        |e| match e {
            UpgradeAuthorityError::NotProgramData => Error::InvalidProgramData,
            UpgradeAuthorityError::NotUpgradeAuthority => Error::Unauthorized,
        },
    )?;
    if a.config.owned_by(program_id) {
        return Err(Error::AlreadyInitialized.into());
    }
    let (config_address, config_bump) =
        Address::find_program_address(&seeds![CONFIG_SEED], program_id);
    if a.config.address() != &config_address {
        return Err(Error::InvalidConfig.into());
    }
    let (feed_address, feed_bump) =
        Address::find_program_address(&seeds![PRICE_FEED_SEED], program_id);
    if a.price_feed.address() != &feed_address {
        return Err(Error::InvalidPriceFeed.into());
    }

    let config_bump_seed = [config_bump];
    let config_seeds = [Seed::from(CONFIG_SEED), Seed::from(&config_bump_seed)];
    CreatePda {
        payer: &a.payer,
        account: &a.config,
        space: OracleConfig::LEN,
        rent_space: OracleConfig::LEN,
        owner: program_id,
    }
    .invoke_signed(Signer::from(&config_seeds))?;
    let feed_bump_seed = [feed_bump];
    let feed_seeds = [Seed::from(PRICE_FEED_SEED), Seed::from(&feed_bump_seed)];
    CreatePda {
        payer: &a.payer,
        account: &a.price_feed,
        space: PriceFeed::LEN,
        rent_space: PriceFeed::LEN,
        owner: program_id,
    }
    .invoke_signed(Signer::from(&feed_seeds))?;

    let mut config_account = a.config;
    let mut config_data = config_account.try_borrow_mut()?;
    let config = OracleConfig::init(&mut config_data)?;
    config.version = ACCOUNT_VERSION;
    config.bump = config_bump;
    config.admin = *a.payer.address();
    params.write(config);
    drop(config_data);

    let mut feed_account = a.price_feed;
    let mut feed_data = feed_account.try_borrow_mut()?;
    let feed = PriceFeed::init(&mut feed_data)?;
    feed.version = ACCOUNT_VERSION;
    feed.bump = feed_bump;
    Ok(())
}
