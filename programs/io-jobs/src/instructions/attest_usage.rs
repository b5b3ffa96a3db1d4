//! `attest_usage`: an oracle of the current set attests a job's cumulative hours served
//! (`attest::attest`: the usage round, and during an open dispute the dispute round too).

use super::{now, with_job_mut};
use crate::{
    attest::attest,
    interface::{attest_usage, DisputeResolved, Error, UsageAttested},
};
use io_common::oracle::{read_membership, OracleError};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = attest_usage::Accounts::parse(accounts)?;
    let args = attest_usage::Args::parse(data)?;
    // io_oracle creates its one OracleConfig at its PDA: owner + discriminator identify it.
    let member = read_membership(&a.oracle_config, a.oracle.address())
        .map_err(|_: OracleError| Error::InvalidOracleConfig)?
        .ok_or(Error::NotOracle)?;
    let now = now()?;
    let (accepted, resolved) = with_job_mut(&a.job, |job| attest(job, &member, args.hours, now))?;
    UsageAttested {
        job: *a.job.address(),
        oracle: *a.oracle.address(),
        hours: args.hours,
        accepted,
    }
    .emit();
    if resolved {
        DisputeResolved {
            job: *a.job.address(),
            hours: accepted,
            by_admin: false,
        }
        .emit();
    }
    Ok(())
}
