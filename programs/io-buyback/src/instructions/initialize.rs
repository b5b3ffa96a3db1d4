//! `initialize`: the config, the USDC buyback vault and the USD-incentives vault, by the
//! upgrade authority, once. It becomes the admin and the guardian.

use crate::{
    interface::{initialize, Error},
    params_of,
    state::{
        BuybackConfig, ACCOUNT_VERSION, AUTHORITY_SEED, BUYBACK_AUTHORITY, BUYBACK_CONFIG,
        BUYBACK_USDC_VAULT, CONFIG_SEED, INCENTIVES_SEED, INCENTIVES_VAULT, IO_JOBS_ID,
        JOBS_CONFIG, JOBS_CONFIG_DISCRIMINATOR, JOBS_USDC_MINT_OFFSET, USDC_DECIMALS,
        USDC_VAULT_SEED,
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

/// SPL mint layout: 82 bytes, decimals at 44, initialised flag at 45.
const MINT_LEN: usize = 82;
const MINT_DECIMALS: usize = 44;
const MINT_INITIALIZED: usize = 45;

/// An SPL Token account of USDC at PDA [seed], owned by the authority. Inlined: its arguments
/// need more than the five registers BPF passes.
#[inline(always)]
fn create_vault(
    a: &initialize::Accounts,
    vault: &AccountView,
    seed: &[u8],
    expected: &Address,
) -> ProgramResult {
    let (address, bump) = Address::find_program_address(&seeds![seed], &crate::ID);
    if vault.address() != &address || &address != expected {
        return Err(Error::InvalidVault.into());
    }
    let bump = [bump];
    let signer_seeds = [Seed::from(seed), Seed::from(&bump)];
    CreateTokenAccount {
        payer: &a.payer,
        account: vault,
        mint: &a.usdc_mint,
        owner: &BUYBACK_AUTHORITY,
        token_program: &pinocchio_token::ID,
    }
    .invoke_signed(Signer::from(&signer_seeds))
}

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = initialize::Accounts::parse(accounts)?;
    let args = initialize::Args::parse(data)?;
    let params = params_of!(args);
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
    // USDC: the mint io_jobs takes fees in (what its sweep moves here), an initialised SPL Token
    // mint with 6 decimals (rates count per 10^6 base units).
    {
        if a.jobs_config.address() != &JOBS_CONFIG || !a.jobs_config.owned_by(&IO_JOBS_ID) {
            return Err(Error::InvalidJobsConfig.into());
        }
        let jobs = a
            .jobs_config
            .try_borrow()
            .map_err(|_| Error::InvalidJobsConfig)?;
        if jobs.get(..8) != Some(&JOBS_CONFIG_DISCRIMINATOR[..]) {
            return Err(Error::InvalidJobsConfig.into());
        }
        let end = JOBS_USDC_MINT_OFFSET.wrapping_add(32);
        if jobs.get(JOBS_USDC_MINT_OFFSET..end) != Some(a.usdc_mint.address().as_ref()) {
            return Err(Error::InvalidVault.into());
        }
    }
    {
        if !a.usdc_mint.owned_by(&pinocchio_token::ID) {
            return Err(Error::InvalidVault.into());
        }
        let mint = a.usdc_mint.try_borrow().map_err(|_| Error::InvalidVault)?;
        if mint.len() != MINT_LEN
            || mint[MINT_DECIMALS] != USDC_DECIMALS
            || mint[MINT_INITIALIZED] != 1
        {
            return Err(Error::InvalidVault.into());
        }
    }
    let (config_address, config_bump) =
        Address::find_program_address(&seeds![CONFIG_SEED], program_id);
    let (authority, authority_bump) =
        Address::find_program_address(&seeds![AUTHORITY_SEED], program_id);
    if a.config.address() != &config_address || config_address != BUYBACK_CONFIG {
        return Err(Error::InvalidConfig.into());
    }
    if a.authority.address() != &authority || authority != BUYBACK_AUTHORITY {
        return Err(Error::InvalidVault.into());
    }
    let bump = [config_bump];
    let config_seeds = [Seed::from(CONFIG_SEED), Seed::from(&bump)];
    CreatePda {
        payer: &a.payer,
        account: &a.config,
        space: BuybackConfig::LEN,
        rent_space: BuybackConfig::LEN,
        owner: program_id,
    }
    .invoke_signed(Signer::from(&config_seeds))?;
    create_vault(&a, &a.usdc_vault, USDC_VAULT_SEED, &BUYBACK_USDC_VAULT)?;
    create_vault(&a, &a.incentives_vault, INCENTIVES_SEED, &INCENTIVES_VAULT)?;

    let mut account = a.config;
    let mut data = account.try_borrow_mut()?;
    let config = BuybackConfig::init(&mut data)?;
    config.version = ACCOUNT_VERSION;
    config.bump = config_bump;
    config.authority_bump = authority_bump;
    config.admin = *a.payer.address();
    config.guardian = *a.payer.address();
    config.usdc_mint = *a.usdc_mint.address();
    params.write(config);
    Ok(())
}
