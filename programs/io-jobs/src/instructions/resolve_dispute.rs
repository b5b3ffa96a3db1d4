//! `resolve_dispute`: the admin (governance later) ends a dispute with the final hours served,
//! before the dispute's deadline, within the hours paid and begun before the job ended.

use super::{now, with_job_mut};
use crate::{
    attest::hours_begun,
    interface::{resolve_dispute, DisputeResolved, Error},
    money::read_config,
    state::{DISPUTE_OPEN, DISPUTE_RESOLVED},
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = resolve_dispute::Accounts::parse(accounts)?;
    let args = resolve_dispute::Args::parse(data)?;
    let config = read_config(&a.config)?;
    if &config.admin != a.admin.address() {
        return Err(Error::Unauthorized.into());
    }
    let now = now()?;
    with_job_mut(&a.job, |job| {
        if job.dispute != DISPUTE_OPEN {
            return Err(Error::NotDisputed);
        }
        if now >= job.dispute_deadline.get() {
            return Err(Error::DisputeExpired);
        }
        if args.hours > job.hours.get() {
            return Err(Error::UsageExceedsJob);
        }
        if args.hours as u64 > hours_begun(job, now) {
            return Err(Error::UsageExceedsElapsed);
        }
        job.attested_hours.set(args.hours);
        job.dispute = DISPUTE_RESOLVED;
        job.settle_after.set(now);
        Ok(())
    })?;
    DisputeResolved {
        job: *a.job.address(),
        hours: args.hours,
        by_admin: true,
    }
    .emit();
    Ok(())
}
