//! `initialize`: the jobs config and the USDC escrow, by the upgrade authority.

use crate::{
    interface::{initialize, Error},
    state::{JobsConfig, ACCOUNT_VERSION, AUTHORITY_SEED, CONFIG_SEED, ESCROW_SEED},
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
use pinocchio_token::instructions::InitializeAccount3;

/// An SPL Token account.
const TOKEN_ACCOUNT_LEN: usize = 165;

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = initialize::Accounts::parse(accounts)?;
    let args = initialize::Args::parse(data)?;
    let bps_ok = |b: u16| b <= 10_000;
    if !bps_ok(args.network_fee_bps)
        || !bps_ok(args.usdc_supplier_fee_bps)
        || !bps_ok(args.facilitation_fee_bps)
        || args.challenge_window == 0
        || args.start_timeout == 0
    {
        return Err(Error::InvalidParams.into());
    }
    check_upgrade_authority(program_id, &a.program_data, a.payer.address()).map_err(
        |e| match e {
            UpgradeAuthorityError::NotProgramData => Error::InvalidProgramData,
            UpgradeAuthorityError::NotUpgradeAuthority => Error::Unauthorized,
        },
    )?;
    if a.config.owned_by(program_id) {
        return Err(Error::AlreadyInitialized.into());
    }
    if !a.usdc_mint.owned_by(&pinocchio_token::ID) {
        return Err(Error::InvalidEscrow.into());
    }
    let (config_address, config_bump) =
        Address::find_program_address(&seeds![CONFIG_SEED], program_id);
    let (authority, authority_bump) =
        Address::find_program_address(&seeds![AUTHORITY_SEED], program_id);
    let (escrow, escrow_bump) = Address::find_program_address(
        &seeds![ESCROW_SEED, a.usdc_mint.address().as_ref()],
        program_id,
    );
    if a.config.address() != &config_address {
        return Err(Error::InvalidConfig.into());
    }
    if a.authority.address() != &authority || a.usdc_escrow.address() != &escrow {
        return Err(Error::InvalidEscrow.into());
    }

    let bump = [config_bump];
    let config_seeds = [Seed::from(CONFIG_SEED), Seed::from(&bump)];
    CreatePda {
        payer: &a.payer,
        account: &a.config,
        space: JobsConfig::LEN,
        rent_space: JobsConfig::LEN,
        owner: program_id,
    }
    .invoke_signed(Signer::from(&config_seeds))?;
    let escrow_bump_seed = [escrow_bump];
    let escrow_seeds = [
        Seed::from(ESCROW_SEED),
        Seed::from(a.usdc_mint.address().as_ref()),
        Seed::from(&escrow_bump_seed),
    ];
    CreatePda {
        payer: &a.payer,
        account: &a.usdc_escrow,
        space: TOKEN_ACCOUNT_LEN,
        rent_space: TOKEN_ACCOUNT_LEN,
        owner: &pinocchio_token::ID,
    }
    .invoke_signed(Signer::from(&escrow_seeds))?;
    InitializeAccount3::new(&a.usdc_escrow, &a.usdc_mint, &authority).invoke()?;

    let mut account = a.config;
    let mut data = account.try_borrow_mut()?;
    let config = JobsConfig::init(&mut data)?;
    config.version = ACCOUNT_VERSION;
    config.bump = config_bump;
    config.authority_bump = authority_bump;
    config.escrow_bump = escrow_bump;
    config.admin = *a.payer.address();
    config.usdc_mint = *a.usdc_mint.address();
    config.usdc_escrow = escrow;
    config.network_fee_bps.set(args.network_fee_bps);
    config.usdc_supplier_fee_bps.set(args.usdc_supplier_fee_bps);
    config.facilitation_fee_bps.set(args.facilitation_fee_bps);
    config.challenge_window.set(args.challenge_window);
    config.start_timeout.set(args.start_timeout);
    Ok(())
}
