//! `dispute_job`: the user disputes the accepted usage inside its challenge window, once per
//! job. The job freezes; the oracles' figures start a fresh round.

use super::{now, with_job_mut};
use crate::{
    interface::{dispute_job, Error, JobDisputed},
    state::{DISPUTE_NONE, DISPUTE_OPEN},
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (dispute_job::Accounts { user, job }, _) = dispute_job::Accounts::parse(accounts)?;
    dispute_job::Args::parse(data)?;
    let now = now()?;
    let hours = with_job_mut(&job, |job| {
        if &job.user != user.address() {
            return Err(Error::NotJobUser);
        }
        if job.dispute != DISPUTE_NONE
            || job.attested_hours.get() == 0
            || now >= job.settle_after.get()
        {
            return Err(Error::NotDisputable);
        }
        job.dispute = DISPUTE_OPEN;
        job.attest_mask.set(0);
        Ok(job.attested_hours.get())
    })?;
    JobDisputed {
        job: *job.address(),
        hours,
    }
    .emit();
    Ok(())
}
