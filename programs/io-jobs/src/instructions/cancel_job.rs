//! `cancel_job`: before the job starts, the user takes the whole deposit back.

use crate::{
    escrow::{check_escrow, read_config, read_job, EscrowPayment},
    interface::{cancel_job, Error, JobCancelled},
    state::JOB_OPEN,
};
use io_common::account::close_to;
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = cancel_job::Accounts::parse(accounts)?;
    cancel_job::Args::parse(data)?;
    let config = read_config(&a.config)?;
    check_escrow(&config, &a.usdc_escrow, &a.usdc_mint)?;
    let job = read_job(&a.job)?;
    if &job.user != a.user.address() || &job.rent_payer != a.user.address() {
        return Err(Error::NotJobUser.into());
    }
    if job.state != JOB_OPEN || job.attested_hours.get() != 0 {
        return Err(Error::JobStarted.into());
    }
    EscrowPayment {
        escrow: &a.usdc_escrow,
        mint: &a.usdc_mint,
        to: &a.user_usdc,
        authority: &a.authority,
        authority_bump: config.authority_bump,
    }
    .invoke(job.deposit.get())?;
    let (mut job_account, mut user) = (a.job, a.user);
    close_to(&mut job_account, &mut user)?;
    JobCancelled {
        job: *a.job.address(),
        refunded: job.deposit.get(),
    }
    .emit();
    Ok(())
}
