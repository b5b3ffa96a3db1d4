//! `attest_usage`: an oracle of the current set attests a job's cumulative hours served. The
//! figure accepted from the round's votes follows io_common's quorum rule: the quorum-th highest
//! vote while usage is provisional, a figure agreed from both sides when it is final (a dispute).

use super::{now, with_job_mut};
use crate::{
    attest::{hours_begun, round},
    interface::{attest_usage, DisputeResolved, Error, UsageAttested},
    state::{DISPUTE_OPEN, DISPUTE_RESOLVED},
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
    let (accepted, resolved) = with_job_mut(&a.job, |job| {
        if job.dispute == DISPUTE_RESOLVED {
            return Err(Error::UsageFinal);
        }
        let disputed = job.dispute == DISPUTE_OPEN;
        if disputed && now >= job.dispute_deadline.get() {
            return Err(Error::DisputeExpired);
        }
        if args.hours > job.hours.get() {
            return Err(Error::UsageExceedsJob);
        }
        // Billing stops at the end: no more hours than were begun by then.
        if args.hours as u64 > hours_begun(job, now) {
            return Err(Error::UsageExceedsElapsed);
        }
        // A new oracle set starts a new round: figures of the old set no longer count.
        if job.attest_version.get() != member.set_version {
            job.attest_version.set(member.set_version);
            job.attest_mask.set(0);
        }
        let i = member.index as usize;
        let bit = 1u16.checked_shl(member.index as u32).unwrap_or(0);
        let previous = job
            .attest_hours
            .get(i)
            .ok_or(Error::InvalidOracleConfig)?
            .get();
        if job.attest_mask.get() & bit != 0 {
            if args.hours == previous {
                return Err(Error::AttestationReused);
            }
            if args.hours < previous {
                return Err(Error::UsageDecreased);
            }
        }
        if let Some(figure) = job.attest_hours.get_mut(i) {
            figure.set(args.hours);
        }
        job.attest_mask.set(job.attest_mask.get() | bit);
        let round = round(job);
        if disputed {
            // A dispute's outcome is final: only a figure a quorum supports from both sides.
            let Some(figure) = round.agreed(member.quorum) else {
                return Ok((job.attested_hours.get(), false));
            };
            job.attested_hours.set(figure);
            job.dispute = DISPUTE_RESOLVED;
            job.settle_after.set(now);
            return Ok((figure, true));
        }
        // Provisional usage: the quorum-th highest vote, never lower than before.
        if let Some(figure) = round.running(member.quorum) {
            if figure > job.attested_hours.get() {
                job.attested_hours.set(figure);
                let window = job.challenge_window.get() as i64;
                job.settle_after.set(now.saturating_add(window));
            }
        }
        Ok((job.attested_hours.get(), false))
    })?;
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
