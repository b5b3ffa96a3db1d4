//! `release`: the admin moves IO out of research & ecosystem or community.

use crate::{
    checks::{check_admin, check_destination, check_vault_accounts, read_config, token_balance},
    interface::{release, Error, Released},
    state::Bucket,
    token::AuthorityTransfer,
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = release::Accounts::parse(accounts)?;
    let args = release::Args::parse(data)?;
    let config = read_config(program_id, &a.config)?;
    check_admin(&config, &a.admin)?;
    if args.bucket != Bucket::Ecosystem as u8 && args.bucket != Bucket::Community as u8 {
        return Err(Error::InvalidBucket.into());
    }
    if args.amount == 0 {
        return Err(Error::ZeroAmount.into());
    }
    check_vault_accounts(
        program_id,
        &config,
        &a.io_mint,
        &a.authority,
        (&a.vault, args.bucket),
    )?;
    check_destination(&a.destination, a.authority.address(), &config.io_mint)?;
    if token_balance(&a.vault, &config.io_mint)? < args.amount {
        return Err(Error::InsufficientFunds.into());
    }
    AuthorityTransfer {
        from: &a.vault,
        to: &a.destination,
        mint: &a.io_mint,
        authority: &a.authority,
        authority_bump: config.authority_bump,
    }
    .invoke(args.amount)?;
    Released {
        bucket: args.bucket,
        destination: *a.destination.address(),
        amount: args.amount,
    }
    .emit();
    Ok(())
}
