//! `initialize`: the jobs config and the escrow and fee vault of USDC and IO, by the upgrade
//! authority. IOSD needs no vault of its own: io_token holds it (its IosdState).

use crate::{
    interface::{initialize, Error},
    state::{
        JobsConfig, Params, ACCOUNT_VERSION, AUTHORITY_SEED, CONFIG_SEED, ESCROW_SEED,
        FEE_VAULT_SEED, IOSD_MINT, IOSD_STATE, IO_MINT, IO_TOKEN_ID, PAY_IO, PAY_IOSD, PAY_USDC,
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
/// USDC amounts are USD with 6 decimals.
const USDC_DECIMALS: u8 = 6;

/// One program-owned token account of `mint` at PDA [seed, mint], owned by the authority.
struct Vault<'a> {
    payer: &'a AccountView,
    account: &'a AccountView,
    mint: &'a AccountView,
    token_program: &'a Address,
    authority: &'a Address,
}

impl Vault<'_> {
    fn create(&self, seed: &[u8]) -> Result<Address, pinocchio::error::ProgramError> {
        let (address, bump) =
            Address::find_program_address(&seeds![seed, self.mint.address().as_ref()], &crate::ID);
        if self.account.address() != &address {
            return Err(Error::InvalidVault.into());
        }
        let bump = [bump];
        let signer_seeds = [
            Seed::from(seed),
            Seed::from(self.mint.address().as_ref()),
            Seed::from(&bump),
        ];
        CreateTokenAccount {
            payer: self.payer,
            account: self.account,
            mint: self.mint,
            owner: self.authority,
            token_program: self.token_program,
        }
        .invoke_signed(Signer::from(&signer_seeds))?;
        Ok(address)
    }
}

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = initialize::Accounts::parse(accounts)?;
    let args = initialize::Args::parse(data)?;
    let params = Params {
        network_fee_bps: args.network_fee_bps,
        usdc_supplier_fee_bps: args.usdc_supplier_fee_bps,
        facilitation_fee_bps: args.facilitation_fee_bps,
        challenge_window: args.challenge_window,
        start_timeout: args.start_timeout,
        conf_multiple: args.conf_multiple,
        max_price_age: args.max_price_age,
        dispute_window: args.dispute_window,
        fee_buyback_bps: args.fee_buyback_bps,
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
    let usdc_decimals = {
        let data = a.usdc_mint.try_borrow()?;
        data.get(44).copied()
    };
    if !a.usdc_mint.owned_by(&pinocchio_token::ID)
        || usdc_decimals != Some(USDC_DECIMALS)
        // io_token's own IO mint, IOSD mint and IOSD state: the config can never change them.
        || a.io_mint.address() != &IO_MINT
        || !a.io_mint.owned_by(&pinocchio_token_2022::ID)
        || a.iosd_mint.address() != &IOSD_MINT
        || !a.iosd_mint.owned_by(&pinocchio_token_2022::ID)
        || a.iosd_state.address() != &IOSD_STATE
        || !a.iosd_state.owned_by(&IO_TOKEN_ID)
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
        space: JobsConfig::LEN,
        rent_space: JobsConfig::LEN,
        owner: program_id,
    }
    .invoke_signed(Signer::from(&config_seeds))?;
    let usdc = |account| Vault {
        payer: &a.payer,
        account,
        mint: &a.usdc_mint,
        token_program: &pinocchio_token::ID,
        authority: &authority,
    };
    let usdc_escrow = usdc(&a.usdc_escrow).create(ESCROW_SEED)?;
    let usdc_fee_vault = usdc(&a.usdc_fee_vault).create(FEE_VAULT_SEED)?;
    let io = |account| Vault {
        payer: &a.payer,
        account,
        mint: &a.io_mint,
        token_program: &pinocchio_token_2022::ID,
        authority: &authority,
    };
    let io_escrow = io(&a.io_escrow).create(ESCROW_SEED)?;
    let io_fee_vault = io(&a.io_fee_vault).create(FEE_VAULT_SEED)?;

    let mut account = a.config;
    let mut data = account.try_borrow_mut()?;
    let config = JobsConfig::init(&mut data)?;
    config.version = ACCOUNT_VERSION;
    config.bump = config_bump;
    config.authority_bump = authority_bump;
    config.admin = *a.payer.address();
    let table = [
        (
            PAY_USDC,
            *a.usdc_mint.address(),
            usdc_escrow,
            usdc_fee_vault,
        ),
        (PAY_IO, *a.io_mint.address(), io_escrow, io_fee_vault),
        (
            PAY_IOSD,
            *a.iosd_mint.address(),
            *a.iosd_state.address(),
            *a.iosd_state.address(),
        ),
    ];
    for (currency, mint, vault, fee_vault) in table {
        let c = currency as usize;
        config.mints[c] = mint;
        config.vaults[c] = vault;
        config.fee_vaults[c] = fee_vault;
    }
    params.write(config);
    Ok(())
}
