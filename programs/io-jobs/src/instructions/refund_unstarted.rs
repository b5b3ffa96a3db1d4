//! `refund_unstarted`: the node never started — after the start timeout with no usage attested,
//! anyone may refund the whole deposit to the user's own account and close the job.

use crate::{
    escrow::{check_escrow, check_token_owner, read_config, read_job, EscrowPayment},
    interface::{refund_unstarted, Error, JobCancelled},
    state::JOB_OPEN,
};
use io_common::account::close_to;
use pinocchio::{
    sysvars::{clock::Clock, Sysvar},
    AccountView, ProgramResult,
};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = refund_unstarted::Accounts::parse(accounts)?;
    refund_unstarted::Args::parse(data)?;
    let config = read_config(&a.config)?;
    check_escrow(&config, &a.usdc_escrow, &a.usdc_mint)?;
    let job = read_job(&a.job)?;
    if job.state != JOB_OPEN || job.attested_hours.get() != 0 {
        return Err(Error::JobStarted.into());
    }
    let deadline = job
        .opened_at
        .get()
        .saturating_add(config.start_timeout.get() as i64);
    if Clock::get()?.unix_timestamp < deadline {
        return Err(Error::JobNotTimedOut.into());
    }
    // The refund goes only to the user's own account, the rent only to whoever paid it.
    check_token_owner(&a.user_usdc, &job.user)?;
    if a.rent_payer.address() != &job.rent_payer {
        return Err(Error::InvalidRefundAccount.into());
    }
    EscrowPayment {
        escrow: &a.usdc_escrow,
        mint: &a.usdc_mint,
        to: &a.user_usdc,
        authority: &a.authority,
        authority_bump: config.authority_bump,
    }
    .invoke(job.deposit.get())?;
    let (mut job_account, mut rent_payer) = (a.job, a.rent_payer);
    close_to(&mut job_account, &mut rent_payer)?;
    JobCancelled {
        job: *a.job.address(),
        refunded: job.deposit.get(),
    }
    .emit();
    Ok(())
}
