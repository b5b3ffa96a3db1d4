//! `cancel_job`: before the job starts, the user takes the whole deposit back.

use super::open_job::{mint_decimals, read_config};
use crate::{
    interface::{cancel_job, Error, JobCancelled},
    state::{Job, AUTHORITY_SEED, JOB_OPEN},
};
use io_common::{account::close_to, seeds};
use pinocchio::{
    cpi::{Seed, Signer},
    AccountView, Address, ProgramResult,
};
use pinocchio_token::instructions::TransferChecked;

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = cancel_job::Accounts::parse(accounts)?;
    cancel_job::Args::parse(data)?;
    let config = read_config(&a.config)?;
    if a.usdc_escrow.address() != &config.usdc_escrow || a.usdc_mint.address() != &config.usdc_mint
    {
        return Err(Error::InvalidEscrow.into());
    }
    if !a.job.owned_by(&crate::ID) {
        return Err(Error::InvalidJob.into());
    }
    let job = {
        let data = a.job.try_borrow().map_err(|_| Error::InvalidJob)?;
        *Job::from_bytes(&data).map_err(|_| Error::InvalidJob)?
    };
    if &job.user != a.user.address() || &job.rent_payer != a.user.address() {
        return Err(Error::NotJobUser.into());
    }
    if job.state != JOB_OPEN || job.attested_hours.get() != 0 {
        return Err(Error::JobStarted.into());
    }
    let authority = Address::derive_address(
        &seeds![AUTHORITY_SEED],
        Some(config.authority_bump),
        &crate::ID,
    );
    if a.authority.address() != &authority {
        return Err(Error::InvalidEscrow.into());
    }
    let decimals = mint_decimals(&a.usdc_mint)?;
    let bump = [config.authority_bump];
    let authority_seeds = [Seed::from(AUTHORITY_SEED), Seed::from(&bump)];
    TransferChecked::new(
        &a.usdc_escrow,
        &a.usdc_mint,
        &a.user_usdc,
        &a.authority,
        job.deposit.get(),
        decimals,
    )
    .invoke_signed(&[Signer::from(&authority_seeds)])?;
    let (mut job_account, mut user) = (a.job, a.user);
    close_to(&mut job_account, &mut user)?;
    JobCancelled {
        job: *a.job.address(),
        refunded: job.deposit.get(),
    }
    .emit();
    Ok(())
}
