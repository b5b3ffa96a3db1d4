//! `end_job`: the job's user, or its node's owner, ends the job early; it settles on the usage
//! accepted once the challenge window (restarted now) has passed. The node's owner may end it
//! so that a user who walked away cannot hold the pay for served hours until the job expires;
//! ending only stops billing, so it takes nothing from the user.

use super::{now, with_job_mut};
use crate::{
    interface::{end_job, Error, JobEnded},
    money::read_node,
    state::{JOB_ENDED, JOB_OPEN},
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (end_job::Accounts { caller, job, node }, _) = end_job::Accounts::parse(accounts)?;
    end_job::Args::parse(data)?;
    let now = now()?;
    with_job_mut(&job, |job| {
        if node.address() != &job.node {
            return Err(Error::WrongNode);
        }
        // The user, or the owner the node records (read only when the caller is not the user).
        if &job.user != caller.address() && &read_node(&node)?.owner != caller.address() {
            return Err(Error::NotJobParty);
        }
        if job.state != JOB_OPEN {
            return Err(Error::JobEnded);
        }
        job.state = JOB_ENDED;
        job.ended_at.set(now);
        job.ended_by_user = (&job.user == caller.address()) as u8;
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
