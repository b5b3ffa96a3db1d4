//! The escrow side shared by the job exits: reading a job, checking the escrow accounts, paying out.

use crate::{
    interface::Error,
    state::{Job, JobsConfig, AUTHORITY_SEED},
};
use io_common::seeds;
use pinocchio::{
    cpi::{Seed, Signer},
    AccountView, Address, ProgramResult,
};
use pinocchio_token::instructions::TransferChecked;

/// SPL token account layout: the owner at bytes 32..64.
const TOKEN_OWNER: core::ops::Range<usize> = 32..64;

pub fn read_config(config: &AccountView) -> Result<JobsConfig, Error> {
    if !config.owned_by(&crate::ID) {
        return Err(Error::InvalidConfig);
    }
    let data = config.try_borrow().map_err(|_| Error::InvalidConfig)?;
    Ok(*JobsConfig::from_bytes(&data)?)
}

pub fn read_job(job: &AccountView) -> Result<Job, Error> {
    if !job.owned_by(&crate::ID) {
        return Err(Error::InvalidJob);
    }
    let data = job.try_borrow().map_err(|_| Error::InvalidJob)?;
    Ok(*Job::from_bytes(&data).map_err(|_| Error::InvalidJob)?)
}

/// An SPL mint's decimals (byte 44 of the base layout).
pub fn mint_decimals(mint: &AccountView) -> Result<u8, Error> {
    let data = mint.try_borrow().map_err(|_| Error::InvalidEscrow)?;
    data.get(44).copied().ok_or(Error::InvalidEscrow)
}

/// The USDC escrow and mint named in the config.
pub fn check_escrow(
    config: &JobsConfig,
    escrow: &AccountView,
    mint: &AccountView,
) -> Result<(), Error> {
    if escrow.address() != &config.usdc_escrow || mint.address() != &config.usdc_mint {
        return Err(Error::InvalidEscrow);
    }
    Ok(())
}

/// `account` is an SPL token account owned by `owner`.
pub fn check_token_owner(account: &AccountView, owner: &Address) -> Result<(), Error> {
    if !account.owned_by(&pinocchio_token::ID) {
        return Err(Error::InvalidRefundAccount);
    }
    let data = account
        .try_borrow()
        .map_err(|_| Error::InvalidRefundAccount)?;
    match data.get(TOKEN_OWNER) {
        Some(o) if o == owner.as_ref() => Ok(()),
        _ => Err(Error::InvalidRefundAccount),
    }
}

/// A payment out of the escrow, signed by the authority PDA.
pub struct EscrowPayment<'a> {
    pub escrow: &'a AccountView,
    pub mint: &'a AccountView,
    pub to: &'a AccountView,
    pub authority: &'a AccountView,
    pub authority_bump: u8,
}

impl EscrowPayment<'_> {
    pub fn invoke(&self, amount: u64) -> ProgramResult {
        let authority = Address::derive_address(
            &seeds![AUTHORITY_SEED],
            Some(self.authority_bump),
            &crate::ID,
        );
        if self.authority.address() != &authority {
            return Err(Error::InvalidEscrow.into());
        }
        let decimals = mint_decimals(self.mint)?;
        let bump = [self.authority_bump];
        let seeds = [Seed::from(AUTHORITY_SEED), Seed::from(&bump)];
        TransferChecked::new(
            self.escrow,
            self.mint,
            self.to,
            self.authority,
            amount,
            decimals,
        )
        .invoke_signed(&[Signer::from(&seeds)])
    }
}
