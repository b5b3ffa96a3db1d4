//! `dispute_job`: the user disputes the accepted usage inside its challenge window, once per
//! job. The job ends now if it was still open (billing stops) and its oracles vote in a fresh
//! dispute round while its usage round goes on; it cannot settle until the dispute round agrees
//! on a figure, the admin resolves it, or the job's dispute window passes (then it settles on
//! the usage round's accepted figure as it stands at the deadline).

use super::{now, with_job_mut};
use crate::{
    interface::{dispute_job, Error, JobDisputed},
    state::{DISPUTE_NONE, DISPUTE_OPEN, JOB_ENDED, JOB_OPEN},
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (dispute_job::Accounts { user, job }, _) = dispute_job::Accounts::parse(accounts)?;
    dispute_job::Args::parse(data)?;
    let now = now()?;
    let (hours, deadline) = with_job_mut(&job, |job| {
        if &job.user != user.address() {
            return Err(Error::NotJobUser);
        }
        if job.dispute != DISPUTE_NONE
            || job.attested_hours.get() == 0
            || now >= job.settle_after.get()
        {
            return Err(Error::NotDisputable);
        }
        let deadline = now.saturating_add(job.dispute_window.get() as i64);
        job.dispute = DISPUTE_OPEN;
        job.dispute_deadline.set(deadline);
        // The usage round is not touched: a provisional figure is never frozen by a dispute.
        job.dispute_mask.set(0);
        // What the user disputed: settling on at least this, the user lost the dispute.
        job.disputed_hours.set(job.attested_hours.get());
        if job.state == JOB_OPEN {
            job.state = JOB_ENDED;
            job.ended_at.set(now);
        }
        Ok((job.attested_hours.get(), deadline))
    })?;
    JobDisputed {
        job: *job.address(),
        hours,
        deadline,
    }
    .emit();
    Ok(())
}
