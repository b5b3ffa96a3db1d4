//! `initialize`: the config, the IO mint with its metadata, and the genesis supply in the five
//! allocation vaults, in one transaction signed by the program's upgrade authority.

use crate::{
    interface::{initialize, Error, Initialized},
    mint::MetadataMint,
    state::*,
    token::AuthorityMint,
};
use io_common::{
    account::{CreatePda, CreateTokenAccount},
    loader::{check_upgrade_authority, UpgradeAuthorityError},
    seeds,
};
use pinocchio::{
    cpi::{Seed, Signer},
    sysvars::{clock::Clock, Sysvar},
    AccountView, Address, ProgramResult,
};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = initialize::Accounts::parse(accounts)?;
    let args = initialize::Args::parse(data)?;
    let io_mint = MetadataMint {
        payer: &a.payer,
        mint: &a.io_mint,
        authority: &a.authority,
        decimals: IO_DECIMALS,
        non_transferable: false,
        name: args.name,
        symbol: args.symbol,
        uri: args.uri,
    };
    io_mint.check()?;

    // Checks, all before the first write.
    check_upgrade_authority(program_id, &a.program_data, a.payer.address()).map_err(
        |e| match e {
            UpgradeAuthorityError::NotProgramData => Error::InvalidProgramData,
            UpgradeAuthorityError::NotUpgradeAuthority => Error::Unauthorized,
        },
    )?;
    if a.config.owned_by(program_id) {
        return Err(Error::AlreadyInitialized.into());
    }
    let config_bump = check_pda(
        &a.config,
        &seeds![CONFIG_SEED],
        program_id,
        Error::InvalidConfig,
    )?;
    let authority_bump = check_pda(
        &a.authority,
        &seeds![AUTHORITY_SEED],
        program_id,
        Error::InvalidAuthority,
    )?;
    let mint_bump = check_pda(
        &a.io_mint,
        &seeds![IO_MINT_SEED],
        program_id,
        Error::InvalidMint,
    )?;
    let vaults = [
        a.vault_seed,
        a.vault_series_a,
        a.vault_core_contributors,
        a.vault_ecosystem,
        a.vault_community,
    ];
    let mut vault_bumps = [0u8; BUCKET_COUNT];
    for (i, (vault, bump)) in vaults.iter().zip(vault_bumps.iter_mut()).enumerate() {
        *bump = check_pda(
            vault,
            &seeds![VAULT_SEED, &[i as u8]],
            program_id,
            Error::InvalidVault,
        )?;
    }

    // The config.
    let config_bump_seed = [config_bump];
    let config_seeds = [Seed::from(CONFIG_SEED), Seed::from(&config_bump_seed)];
    CreatePda {
        payer: &a.payer,
        account: &a.config,
        space: TokenConfig::LEN,
        rent_space: TokenConfig::LEN,
        owner: program_id,
    }
    .invoke_signed(Signer::from(&config_seeds))?;

    // The IO mint: metadata pointer to itself, the mint, then the metadata.
    let mint_bump_seed = [mint_bump];
    let mint_seeds = [Seed::from(IO_MINT_SEED), Seed::from(&mint_bump_seed)];
    let authority_bump_seed = [authority_bump];
    let authority_seeds = [Seed::from(AUTHORITY_SEED), Seed::from(&authority_bump_seed)];
    io_mint.create(Signer::from(&mint_seeds), Signer::from(&authority_seeds))?;

    // The five genesis vaults, owned by the authority PDA, and their allocations.
    for (i, (vault, amount)) in vaults.iter().zip(BUCKET_AMOUNTS).enumerate() {
        let index = [i as u8];
        let bump = [vault_bumps[i]];
        let vault_seeds = [
            Seed::from(VAULT_SEED),
            Seed::from(&index),
            Seed::from(&bump),
        ];
        CreateTokenAccount {
            payer: &a.payer,
            account: vault,
            mint: &a.io_mint,
            owner: a.authority.address(),
            token_program: &pinocchio_token_2022::ID,
        }
        .invoke_signed(Signer::from(&vault_seeds))?;
        AuthorityMint {
            mint: &a.io_mint,
            to: vault,
            authority: &a.authority,
            authority_bump,
        }
        .invoke(amount)?;
    }

    let genesis_ts = Clock::get()?.unix_timestamp;
    let mut config_account = a.config;
    let mut data = config_account.try_borrow_mut()?;
    let config = TokenConfig::init(&mut data)?;
    config.version = CONFIG_VERSION;
    config.bump = config_bump;
    config.authority_bump = authority_bump;
    config.io_mint_bump = mint_bump;
    config.vault_bumps = vault_bumps;
    config.admin = *a.payer.address();
    config.io_mint = *a.io_mint.address();
    config.genesis_ts.set(genesis_ts);

    Initialized {
        admin: *a.payer.address(),
        io_mint: *a.io_mint.address(),
        genesis_supply: GENESIS_SUPPLY,
        genesis_ts,
    }
    .emit();
    Ok(())
}

/// The account must be the canonical PDA of `seeds`; returns its bump.
fn check_pda(
    account: &AccountView,
    seeds: &[&[u8]],
    program_id: &Address,
    error: Error,
) -> Result<u8, Error> {
    let (address, bump) = Address::find_program_address(seeds, program_id);
    if account.address() == &address {
        Ok(bump)
    } else {
        Err(error)
    }
}
