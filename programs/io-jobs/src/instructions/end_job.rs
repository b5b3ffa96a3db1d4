//! `end_job`: the user ends its job early; it settles on the usage accepted once the
//! challenge window (restarted now) has passed.

use super::{now, with_job_mut};
use crate::{
    interface::{end_job, Error, JobEnded},
    state::{JOB_ENDED, JOB_OPEN},
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (end_job::Accounts { user, job }, _) = end_job::Accounts::parse(accounts)?;
    end_job::Args::parse(data)?;
    let now = now()?;
    with_job_mut(&job, |job| {
        if &job.user != user.address() {
            return Err(Error::NotJobUser);
        }
        if job.state != JOB_OPEN {
            return Err(Error::JobEnded);
        }
        job.state = JOB_ENDED;
        job.ended_at.set(now);
        // The oracles get one window to post the final usage, the user to dispute it.
        let window_end = now.saturating_add(job.challenge_window.get() as i64);
        job.settle_after.set(job.settle_after.get().max(window_end));
        Ok(())
    })?;
    JobEnded {
        job: *job.address(),
        ended_at: now,
    }
    .emit();
    Ok(())
}
