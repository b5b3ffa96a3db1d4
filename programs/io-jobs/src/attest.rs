//! Attestation rounds: each member's figure in a job's usage round (cumulative) or dispute round
//! (fresh votes), the rounds' votes for io_common's quorum rule (docs/oracle.md, "The quorum
//! rule"), and how many hours a job can have served.

use crate::{
    interface::Error,
    state::{Job, DISPUTE_OPEN, DISPUTE_RESOLVED, JOB_ENDED, SECONDS_PER_HOUR},
};
use io_common::{
    oracle::Membership,
    pod::{PodU16, PodU32},
    quorum::{Round, MAX_MEMBERS},
};

/// `member`'s attestation of `hours` served on `job` at `now`. Returns the accepted usage after
/// it and whether it resolved the job's dispute.
///
/// The figure taken from the votes follows io_common's quorum rule: the usage round's quorum-th
/// highest vote while usage is provisional (rule 1), a figure agreed from both sides in the
/// dispute round when it is final (rule 2). During an open dispute the vote goes into both
/// rounds: the member's usage figure rises to it (never falls), so a dispute that lapses settles
/// on what the votes raised the usage figure to by its deadline, never on a figure frozen while
/// fewer than a quorum of honest members had voted.
#[inline(always)]
pub fn attest(
    job: &mut Job,
    member: &Membership,
    hours: u32,
    now: i64,
) -> Result<(u32, bool), Error> {
    if job.dispute == DISPUTE_RESOLVED {
        return Err(Error::UsageFinal);
    }
    let disputed = job.dispute == DISPUTE_OPEN;
    if disputed && now >= job.dispute_deadline.get() {
        return Err(Error::DisputeExpired);
    }
    if hours > job.hours.get() {
        return Err(Error::UsageExceedsJob);
    }
    // Billing stops at the end: no more hours than were begun by then.
    if hours as u64 > hours_begun(job, now) {
        return Err(Error::UsageExceedsElapsed);
    }
    // A new oracle set starts both rounds afresh: figures of the old set no longer count (the
    // accepted usage stays).
    if job.attest_version.get() != member.set_version {
        job.attest_version.set(member.set_version);
        job.attest_mask.set(0);
        job.dispute_mask.set(0);
    }
    // On record for good, whatever set or round it was cast in (the transaction fails whole if
    // the vote below is refused).
    if hours > job.highest_vote.get() {
        job.highest_vote.set(hours);
    }
    if !disputed {
        vote(
            &mut job.attest_mask,
            &mut job.attest_hours,
            member.index,
            hours,
        )?;
        // Provisional usage: each rise restarts the challenge window.
        if accept_running(job, member.quorum) {
            let window = job.challenge_window.get() as i64;
            job.settle_after.set(now.saturating_add(window));
        }
        return Ok((job.attested_hours.get(), false));
    }
    // The dispute round: the member's fresh vote, which may be below its usage figure.
    vote(
        &mut job.dispute_mask,
        &mut job.dispute_hours,
        member.index,
        hours,
    )?;
    // The usage round goes on. The dispute's deadline governs settlement: no window restarts.
    if raise(
        &mut job.attest_mask,
        &mut job.attest_hours,
        member.index,
        hours,
    )? {
        accept_running(job, member.quorum);
    }
    // A dispute's outcome is final: only a figure a quorum supports from both sides.
    let Some(figure) = round(&job.dispute_mask, &job.dispute_hours).agreed(member.quorum) else {
        return Ok((job.attested_hours.get(), false));
    };
    job.attested_hours.set(figure);
    job.dispute = DISPUTE_RESOLVED;
    job.settle_after.set(now);
    Ok((figure, true))
}

/// Provisional usage: the usage round's quorum-th highest vote, never lower than before.
/// Returns whether the accepted usage rose.
#[inline(always)]
fn accept_running(job: &mut Job, quorum: u8) -> bool {
    match round(&job.attest_mask, &job.attest_hours).running(quorum) {
        Some(figure) if figure > job.attested_hours.get() => {
            job.attested_hours.set(figure);
            true
        }
        _ => false,
    }
}

/// A round's votes: the figures of the members whose bit is set in `mask`.
#[inline(always)]
pub fn round(mask: &PodU16, figures: &[PodU32; MAX_MEMBERS]) -> Round<u32> {
    let mut round = Round::new([0u32; 0], 0);
    // Only up to the highest member that voted: the rest of the set is not in the mask.
    let mut rest = mask.get();
    for figure in figures.iter() {
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

/// Member `index`'s bit in a round's mask and its figure.
#[inline(always)]
fn slot(figures: &mut [PodU32; MAX_MEMBERS], index: u8) -> Result<(u16, &mut PodU32), Error> {
    let bit = 1u16
        .checked_shl(index as u32)
        .ok_or(Error::InvalidOracleConfig)?;
    let figure = figures
        .get_mut(index as usize)
        .ok_or(Error::InvalidOracleConfig)?;
    Ok((bit, figure))
}

/// Member `index`'s vote of `hours` into a round whose figures only rise: refused when it has
/// voted that figure (`AttestationReused`) or a higher one (`UsageDecreased`) in the round.
#[inline(always)]
pub fn vote(
    mask: &mut PodU16,
    figures: &mut [PodU32; MAX_MEMBERS],
    index: u8,
    hours: u32,
) -> Result<(), Error> {
    let (bit, figure) = slot(figures, index)?;
    if mask.get() & bit != 0 {
        if hours == figure.get() {
            return Err(Error::AttestationReused);
        }
        if hours < figure.get() {
            return Err(Error::UsageDecreased);
        }
    }
    figure.set(hours);
    mask.set(mask.get() | bit);
    Ok(())
}

/// Member `index`'s figure in a cumulative round rises to `hours` (or is set, if it had none);
/// never lowered. Returns whether the round changed.
#[inline(always)]
pub fn raise(
    mask: &mut PodU16,
    figures: &mut [PodU32; MAX_MEMBERS],
    index: u8,
    hours: u32,
) -> Result<bool, Error> {
    let (bit, figure) = slot(figures, index)?;
    if mask.get() & bit != 0 && hours <= figure.get() {
        return Ok(false);
    }
    figure.set(hours);
    mask.set(mask.get() | bit);
    Ok(true)
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
#[allow(clippy::arithmetic_side_effects)] // test arithmetic on small figures
mod tests {
    use super::*;
    use crate::state::JOB_OPEN;
    use io_common::testing::Rng;

    fn usage(j: &Job) -> Round<u32> {
        round(&j.attest_mask, &j.attest_hours)
    }

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
        let r = usage(&j);
        assert_eq!(r.votes(), &[5, 9]);
        assert_eq!(r.running(2), Some(5));
        // Two colluders' 10 before one honest 2, quorum 3 of 5: 2, not 10.
        let r = usage(&job(&[(0, 10), (1, 10), (4, 2)]));
        assert_eq!(r.running(3), Some(2));
        // A dispute round, quorum 2: a colluder's 0 and an honest 7 agree on nothing.
        assert_eq!(usage(&job(&[(0, 0), (1, 7)])).agreed(2), None);
        assert_eq!(usage(&job(&[(0, 0), (1, 7), (2, 7)])).agreed(2), Some(7));
        assert_eq!(usage(&job(&[])).running(0), None);
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

    const H: i64 = 3_600;

    /// A 20-hour job opened at 0, every hour begun by `NOW`, quorum `m`, set version 1.
    const NOW: i64 = 20 * H + 1;

    fn open_job() -> Job {
        let mut j = job(&[]);
        j.state = JOB_OPEN;
        j.hours.set(20);
        j.challenge_window.set(H as u32);
        j.attest_version.set(1);
        j
    }

    fn member(index: u8, quorum: u8) -> Membership {
        Membership {
            index,
            set_version: 1,
            quorum,
        }
    }

    /// What dispute_job does to the rounds: ends the job, opens the dispute round.
    fn dispute(j: &mut Job, now: i64, window: i64) {
        j.dispute = DISPUTE_OPEN;
        j.dispute_deadline.set(now + window);
        j.dispute_mask.set(0);
        if j.state == JOB_OPEN {
            j.state = JOB_ENDED;
            j.ended_at.set(now);
        }
    }

    /// attest() as a transaction: on an error nothing it wrote stays.
    fn send(j: &mut Job, m: &Membership, hours: u32, now: i64) -> Result<(u32, bool), Error> {
        let mut copy = *j;
        let out = attest(&mut copy, m, hours, now)?;
        *j = copy;
        Ok(out)
    }

    #[test]
    fn vote_only_rises_and_raise_never_lowers() {
        let mut j = open_job();
        let (mut mask, mut figures) = (j.dispute_mask, j.dispute_hours);
        assert_eq!(vote(&mut mask, &mut figures, 3, 0), Ok(()));
        assert_eq!(mask.get(), 0b1000);
        assert_eq!(
            vote(&mut mask, &mut figures, 3, 0),
            Err(Error::AttestationReused)
        );
        assert_eq!(vote(&mut mask, &mut figures, 3, 5), Ok(()));
        assert_eq!(
            vote(&mut mask, &mut figures, 3, 4),
            Err(Error::UsageDecreased)
        );
        assert_eq!(
            vote(&mut mask, &mut figures, 10, 4),
            Err(Error::InvalidOracleConfig)
        );
        assert_eq!(raise(&mut mask, &mut figures, 3, 2), Ok(false));
        assert_eq!(raise(&mut mask, &mut figures, 3, 5), Ok(false));
        assert_eq!(raise(&mut mask, &mut figures, 3, 6), Ok(true));
        assert_eq!(raise(&mut mask, &mut figures, 1, 0), Ok(true));
        assert_eq!(
            (mask.get(), figures[1].get(), figures[3].get()),
            (0b1010, 0, 6)
        );
        j.dispute_mask = mask;
        assert_eq!(round(&j.dispute_mask, &figures).votes(), &[0, 6]);
    }

    #[test]
    fn review_j2_a_lapsed_dispute_settles_on_what_the_honest_votes_raised_it_to() {
        // Quorum 2 of 3: honest a 10, colluder c 1: 1 accepted; disputed; b 10, c 0.
        let (a, b, c) = (member(0, 2), member(1, 2), member(2, 2));
        let mut j = open_job();
        assert_eq!(send(&mut j, &a, 10, NOW), Ok((0, false)));
        assert_eq!(send(&mut j, &c, 1, NOW), Ok((1, false)));
        let settle_after = j.settle_after.get();
        dispute(&mut j, NOW, 100);
        assert_eq!(send(&mut j, &b, 10, NOW + 1), Ok((10, false)));
        assert_eq!(send(&mut j, &c, 0, NOW + 2), Ok((10, false)));
        // The usage figures: a 10, b 10, c 1 (never lowered); the dispute round {10, 0}: no agreement.
        assert_eq!(usage(&j).votes(), &[1, 10, 10]);
        assert_eq!(round(&j.dispute_mask, &j.dispute_hours).votes(), &[0, 10]);
        assert_eq!(
            (j.dispute, j.settle_after.get()),
            (DISPUTE_OPEN, settle_after)
        );
        assert_eq!(send(&mut j, &a, 10, NOW + 100), Err(Error::DisputeExpired));
        assert_eq!(j.attested_hours.get(), 10);
    }

    /// Random sets (N <= 10, quorum M, fewer than M colluders), honest usage and dispute figures,
    /// a dispute at a random moment, colluders voting adversarially (extremes, just outside the
    /// honest range, copies of honest votes) in random arrival orders. Whatever happens:
    /// - the accepted usage never exceeds the highest honest usage figure;
    /// - when the dispute lapses with at least M honest members' figures in the usage round, the
    ///   figure it settles on lies within the honest usage figures;
    /// - a dispute the round resolves lies within the honest dispute votes;
    /// - once M honest members voted the same dispute figure, the dispute is resolved.
    #[test]
    fn two_rounds_keep_the_quorum_rule_for_every_order_and_coalition() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..20_000 {
            let n = 2 + rng.below(9) as u8; // 2..=10
            let m = 1 + rng.below(n as u64) as u8; // 1..=n
            let colluders = rng.below(m as u64) as u8; // 0..m
            let honest = n - colluders;
            // Members 0..honest are honest, the rest collude (arrival order is random anyway).
            let lo = rng.below(15) as u32;
            let hi = lo + rng.below(6) as u32; // <= 20
            let usage_fig: [u32; 10] =
                core::array::from_fn(|_| lo + rng.below((hi - lo + 1) as u64) as u32);
            // Honest dispute votes: all at one figure (an agreeing honest quorum) or scattered.
            let agree = rng.chance(2);
            let d0 = rng.below(hi as u64 + 1) as u32;
            let dispute_fig: [u32; 10] = core::array::from_fn(|_| {
                if agree {
                    d0
                } else {
                    rng.below(hi as u64 + 1) as u32
                }
            });
            let mut j = open_job();
            let mut now = NOW;
            let mut disputed = false;
            let (mut usage_voted, mut dispute_voted) = (0u16, 0u16);
            // The honest members' usage figures as the chain holds them (a dispute vote raises them).
            let mut honest_usage = [0u32; 10];
            for _step in 0..(4 * n as usize) {
                now += 1;
                if !disputed && j.attested_hours.get() > 0 && rng.chance(6) {
                    dispute(&mut j, now, 1_000);
                    disputed = true;
                    continue;
                }
                let who = rng.below(n as u64) as u8;
                let me = member(who, m);
                let hours = if who < honest {
                    let i = who as usize;
                    if disputed {
                        dispute_fig[i]
                    } else {
                        usage_fig[i]
                    }
                } else {
                    // Adversarial: extremes, just outside or inside the honest range, honest copies.
                    let pick = rng.below(6);
                    match pick {
                        0 => 0,
                        1 => 20,
                        2 => lo.saturating_sub(1),
                        3 => hi + 1,
                        4 => usage_fig[rng.below(honest as u64) as usize],
                        _ => rng.below(21) as u32,
                    }
                };
                if send(&mut j, &me, hours, now).is_err() {
                    continue; // refused (a decrease, a repeat): nothing changed
                }
                if who < honest {
                    let i = who as usize;
                    let bit = 1u16 << who;
                    honest_usage[i] = if usage_voted & bit != 0 {
                        honest_usage[i].max(hours)
                    } else {
                        hours
                    };
                    usage_voted |= bit;
                    if disputed {
                        dispute_voted |= bit;
                    }
                }
                let max_honest = (0..honest as usize)
                    .filter(|&i| usage_voted & (1 << i) != 0)
                    .map(|i| honest_usage[i])
                    .max();
                if j.dispute == DISPUTE_RESOLVED {
                    // Rule 2: within the honest dispute votes.
                    let cast = (0..honest as usize).filter(|&i| dispute_voted & (1 << i) != 0);
                    let (dmin, dmax) = cast.fold((u32::MAX, 0), |(a, b), i| {
                        (a.min(dispute_fig[i]), b.max(dispute_fig[i]))
                    });
                    let f = j.attested_hours.get();
                    assert!(
                        dmin <= f && f <= dmax,
                        "resolved at {f}, honest dispute votes {dmin}..={dmax}"
                    );
                    break;
                }
                // Rule 1's upper bound, always.
                assert!(j.attested_hours.get() <= max_honest.unwrap_or(0));
                // Liveness: M honest members voted the same dispute figure.
                if disputed && agree && dispute_voted.count_ones() >= m as u32 {
                    panic!("{m} honest votes of {d0} did not resolve the dispute");
                }
            }
            if j.dispute == DISPUTE_OPEN {
                // The dispute lapses: the usage round's figure settles. With at least M honest
                // usage figures it lies within them.
                let honest_in = (0..honest as usize).filter(|&i| usage_voted & (1 << i) != 0);
                let figures: [u32; 10] = core::array::from_fn(|i| honest_usage[i]);
                let (hmin, hmax) = honest_in.clone().fold((u32::MAX, 0), |(a, b), i| {
                    (a.min(figures[i]), b.max(figures[i]))
                });
                let f = j.attested_hours.get();
                if honest_in.count() >= m as usize {
                    assert!(
                        hmin <= f && f <= hmax,
                        "lapsed on {f}, honest usage figures {hmin}..={hmax}"
                    );
                } else {
                    assert!(f == 0 || f <= hmax);
                }
            }
        }
    }
}
