//! Attestation rounds: each member's cumulative figure, the round's votes for io_common's
//! quorum rule (docs/oracle.md, "The quorum rule"), and how many hours a job can have served.

use crate::state::{Job, JOB_ENDED, SECONDS_PER_HOUR};
use io_common::quorum::Round;

/// The current round's votes: the figures of the members whose bit is set in the mask.
#[inline(always)]
pub fn round(job: &Job) -> Round<u32> {
    let mut round = Round::new([0u32; 0], 0);
    // Only up to the highest member that voted: the rest of the set is not in the mask.
    let mut rest = job.attest_mask.get();
    for figure in job.attest_hours.iter() {
        if rest == 0 {
            break;
        }
        if rest & 1 != 0 {
            add(&mut round, figure.get());
        }
        rest >>= 1;
    }
    round
}

/// One vote into the round, out of line: the loop over the members that did not vote stays
/// small (measured: about half the compute units per member).
#[inline(never)]
fn add(round: &mut Round<u32>, vote: u32) {
    round.insert(vote);
}

/// The hours begun between the job's opening and `now`, or its end if it ended (billed as
/// started: ceil(seconds / 3600)); later clock jumps do not raise it for an ended job.
#[inline(always)]
pub fn hours_begun(job: &Job, now: i64) -> u64 {
    let until = if job.state == JOB_ENDED {
        job.ended_at.get().min(now)
    } else {
        now
    };
    let seconds = until.saturating_sub(job.opened_at.get()).max(0) as u64;
    seconds.div_ceil(SECONDS_PER_HOUR as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::JOB_OPEN;

    fn job(figures: &[(usize, u32)]) -> Job {
        let mut data = [0u8; Job::LEN];
        let job = Job::init(&mut data).unwrap();
        let mut mask = 0u16;
        for &(i, h) in figures {
            job.attest_hours[i].set(h);
            mask |= 1 << i;
        }
        job.attest_mask.set(mask);
        *job
    }

    #[test]
    fn a_round_holds_only_the_masked_members_figures() {
        // Member 2's stale figure (outside the mask) does not count.
        let mut j = job(&[(0, 5), (3, 9)]);
        j.attest_hours[2].set(100);
        let r = round(&j);
        assert_eq!(r.votes(), &[5, 9]);
        assert_eq!(r.running(2), Some(5));
        // Two colluders' 10 before one honest 2, quorum 3 of 5: 2, not 10.
        let r = round(&job(&[(0, 10), (1, 10), (4, 2)]));
        assert_eq!(r.running(3), Some(2));
        // A dispute round, quorum 2: a colluder's 0 and an honest 7 agree on nothing.
        assert_eq!(round(&job(&[(0, 0), (1, 7)])).agreed(2), None);
        assert_eq!(round(&job(&[(0, 0), (1, 7), (2, 7)])).agreed(2), Some(7));
        assert_eq!(round(&job(&[])).running(0), None);
    }

    #[test]
    fn hours_begun_round_up_and_stop_at_the_end() {
        let mut j = job(&[]);
        j.state = JOB_OPEN;
        j.opened_at.set(1_000);
        assert_eq!(hours_begun(&j, 1_000), 0);
        assert_eq!(hours_begun(&j, 1_001), 1);
        assert_eq!(hours_begun(&j, 1_000 + 3_600), 1);
        assert_eq!(hours_begun(&j, 1_000 + 9_000), 3);
        // A clock before the opening counts nothing.
        assert_eq!(hours_begun(&j, 0), 0);
        j.state = JOB_ENDED;
        j.ended_at.set(1_000 + 9_000);
        assert_eq!(hours_begun(&j, 1_000 + 9_000), 3);
        assert_eq!(hours_begun(&j, i64::MAX), 3);
        j.opened_at.set(i64::MIN);
        j.ended_at.set(i64::MAX);
        assert_eq!(hours_begun(&j, i64::MAX), (i64::MAX as u64).div_ceil(3_600));
    }
}
