//! `initialize`: the staking config, the stake vault and the rewards vault, by the upgrade authority.

use crate::{
    interface::{initialize, Error},
    state::{
        Params, StakingConfig, ACCOUNT_VERSION, AUTHORITY_SEED, CONFIG_SEED,
        DEFAULT_SLASH_VOTE_TTL, REWARDS_VAULT_SEED, STAKE_VAULT_SEED,
    },
};
use io_common::{
    account::{CreatePda, CreateTokenAccount},
    loader::{check_upgrade_authority, UpgradeAuthorityError},
    seeds,
};
use pinocchio::{
    cpi::{Seed, Signer},
    AccountView, Address, ProgramResult,
};

/// A Token-2022 vault of IO at PDA [seed], owned by the authority. Inlined: its arguments need more than
/// the five registers BPF passes.
#[inline(always)]
fn create_vault(
    a: &initialize::Accounts,
    vault: &AccountView,
    seed: &[u8],
    authority: &Address,
) -> Result<Address, pinocchio::error::ProgramError> {
    let (address, bump) = Address::find_program_address(&seeds![seed], &crate::ID);
    if vault.address() != &address {
        return Err(Error::InvalidVault.into());
    }
    let bump = [bump];
    let signer_seeds = [Seed::from(seed), Seed::from(&bump)];
    CreateTokenAccount {
        payer: &a.payer,
        account: vault,
        mint: &a.io_mint,
        owner: authority,
        token_program: &pinocchio_token_2022::ID,
    }
    .invoke_signed(Signer::from(&signer_seeds))?;
    Ok(address)
}

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = initialize::Accounts::parse(accounts)?;
    let args = initialize::Args::parse(data)?;
    let params = Params {
        epoch_length: args.epoch_length,
        availability_bps: args.availability_bps,
        min_node_stake: args.min_node_stake,
        weight_cap: args.weight_cap,
        min_share_bps: args.min_share_bps,
        max_share_bps: args.max_share_bps,
        cooldown: args.cooldown,
        max_compute_rate: args.max_compute_rate,
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
    // io_token's own IO mint: the config can never change it.
    if a.io_mint.address() != &io_common::token::IO_MINT
        || !a.io_mint.owned_by(&pinocchio_token_2022::ID)
    {
        return Err(Error::InvalidVault.into());
    }
    let (config_address, config_bump) =
        Address::find_program_address(&seeds![CONFIG_SEED], program_id);
    let (authority, authority_bump) =
        Address::find_program_address(&seeds![AUTHORITY_SEED], program_id);
    if a.config.address() != &config_address {
        return Err(Error::InvalidConfig.into());
    }
    if a.authority.address() != &authority {
        return Err(Error::InvalidVault.into());
    }
    let bump = [config_bump];
    let config_seeds = [Seed::from(CONFIG_SEED), Seed::from(&bump)];
    CreatePda {
        payer: &a.payer,
        account: &a.config,
        space: StakingConfig::LEN,
        rent_space: StakingConfig::LEN,
        owner: program_id,
    }
    .invoke_signed(Signer::from(&config_seeds))?;
    let stake_vault = create_vault(&a, &a.stake_vault, STAKE_VAULT_SEED, &authority)?;
    let rewards_vault = create_vault(&a, &a.rewards_vault, REWARDS_VAULT_SEED, &authority)?;

    let mut account = a.config;
    let mut data = account.try_borrow_mut()?;
    let config = StakingConfig::init(&mut data)?;
    config.version = ACCOUNT_VERSION;
    config.bump = config_bump;
    config.authority_bump = authority_bump;
    config.admin = *a.payer.address();
    config.io_mint = *a.io_mint.address();
    config.stake_vault = stake_vault;
    config.rewards_vault = rewards_vault;
    config.epoch_start.set(crate::instructions::now()?);
    config.open_epoch_length.set(params.epoch_length);
    config.slash_vote_ttl.set(DEFAULT_SLASH_VOTE_TTL);
    params.write(config);
    Ok(())
}
