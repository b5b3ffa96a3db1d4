//! The one rule by which every program turns oracle votes into a figure (docs/oracle.md, "The
//! quorum rule"; ../shared/QUORUM.md). N members, quorum M, fewer than M colluders: whatever
//! the colluders vote and whenever they vote, an accepted figure lies within the honest votes'
//! range (within the agreement band, for prices), and a figure is accepted once enough honest
//! members have voted.
//!
//! - [`Round::running`] (rule 1), for figures that are provisional until something final
//!   happens to them (a job's usage until it settles, a node's availability until its epoch
//!   closes): the M-th highest vote. At least M votes are at or above it, so some honest vote
//!   is; once M honest members voted, all of them are at or above the lowest honest vote, so it
//!   is too. It never falls as votes arrive or members raise theirs.
//! - [`Round::agreed`] (rule 2), for figures that are final the moment they are accepted (a
//!   dispute's outcome): a figure with at least M votes at or above it and at least M at or
//!   below it, so an honest vote on each side. Nothing is accepted until votes agree that much.
//! - [`Round::agreeing`] (rule 2 with a band, for prices): at least M votes within the band of
//!   each other, and their lower median.
//!
//! A quorum of 0 counts as 1: no figure ever comes from no vote.

/// The most members an oracle set holds.
pub const MAX_MEMBERS: usize = 10;

/// The votes of one round, sorted ascending.
#[derive(Clone, Copy, Debug)]
pub struct Round<T> {
    sorted: [T; MAX_MEMBERS],
    len: usize,
}

impl<T: Ord + Copy + Default> Round<T> {
    /// The votes of the members whose bit is set in `mask` (member i's vote is the i-th value).
    #[inline]
    pub fn new(values: impl IntoIterator<Item = T>, mask: u16) -> Self {
        let mut round = Round {
            sorted: [T::default(); MAX_MEMBERS],
            len: 0,
        };
        for (i, value) in values.into_iter().enumerate().take(MAX_MEMBERS) {
            if mask & (1 << i) != 0 {
                round.insert(value);
            }
        }
        round
    }

    /// Adds a vote in its sorted place (at most `MAX_MEMBERS`; further votes are ignored).
    #[inline]
    pub fn insert(&mut self, value: T) {
        if self.len >= MAX_MEMBERS {
            return;
        }
        // len < MAX_MEMBERS: every index below is in bounds and no step wraps.
        let mut i = self.len;
        while i > 0 && self.sorted[i.wrapping_sub(1)] > value {
            self.sorted[i] = self.sorted[i.wrapping_sub(1)];
            i = i.wrapping_sub(1);
        }
        self.sorted[i] = value;
        self.len = self.len.wrapping_add(1);
    }

    /// The number of votes.
    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The votes, ascending.
    #[inline]
    pub fn votes(&self) -> &[T] {
        &self.sorted[..self.len]
    }

    /// Rule 1: the largest figure at least `quorum` votes are at or above (the quorum-th highest
    /// vote); `None` with fewer votes than the quorum.
    #[inline]
    pub fn running(&self, quorum: u8) -> Option<T> {
        let m = quorum.max(1) as usize;
        let index = self.len.checked_sub(m)?;
        self.sorted.get(index).copied()
    }

    /// Rule 2: a figure with at least `quorum` votes at or above it and at least `quorum` at or
    /// below it: the lower median, kept between the quorum-th lowest and the quorum-th highest
    /// vote; `None` when no figure has that support on both sides.
    #[inline]
    pub fn agreed(&self, quorum: u8) -> Option<T> {
        let high = self.running(quorum)?;
        // running() returned a vote, so len >= m >= 1.
        let low = *self.sorted.get((quorum.max(1) as usize).wrapping_sub(1))?;
        if low > high {
            return None;
        }
        let median = lower_median(self.votes())?;
        Some(median.clamp(low, high))
    }

    /// Rule 2 with a band: the longest run of consecutive votes (the lowest such run on a tie)
    /// in which `within(lowest, highest)` holds, if it has at least `quorum` votes.
    #[inline]
    pub fn agreeing(&self, quorum: u8, within: impl Fn(&T, &T) -> bool) -> Option<&[T]> {
        let m = quorum.max(1) as usize;
        let votes = self.votes();
        let (mut best_start, mut best_len) = (0usize, 0usize);
        let mut start = 0usize;
        for end in 0..votes.len() {
            while start < end && !within(&votes[start], &votes[end]) {
                start = start.wrapping_add(1);
            }
            // start <= end < votes.len(): the run's length neither wraps nor leaves the slice.
            let len = end.wrapping_sub(start).wrapping_add(1);
            if len > best_len {
                (best_start, best_len) = (start, len);
            }
        }
        if best_len < m {
            return None;
        }
        votes.get(best_start..best_start.wrapping_add(best_len))
    }
}

/// The lower median of `votes` (sorted, not empty).
#[inline]
pub fn lower_median<T: Copy>(votes: &[T]) -> Option<T> {
    votes.get(votes.len().checked_sub(1)? / 2).copied()
}

/// Whether `high` is within `band_bps` basis points above `low` (false on overflow).
#[inline]
pub fn within_band(low: u64, high: u64, band_bps: u16) -> bool {
    const BPS: u64 = 10_000;
    let allowed = crate::math::mul_div(low, band_bps as u64, BPS);
    match allowed.and_then(|a| low.checked_add(a)) {
        Some(limit) => high <= limit,
        None => false,
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    //! Property tests of the two rules (QUORUM.md): random N <= 10, M, honest figures,
    //! coalitions of fewer than M members choosing their votes after seeing the honest ones,
    //! and random arrival orders.
    use super::*;
    use crate::testing::Rng;
    extern crate std;
    use std::vec::Vec;

    /// One scenario: members' votes in arrival order, which are honest, and the quorum.
    struct Scenario {
        quorum: u8,
        /// (member index, vote, honest), in arrival order.
        arrivals: Vec<(usize, u64, bool)>,
    }

    /// What a colluder votes, having seen the honest votes.
    fn adversarial(rng: &mut Rng, honest: &[u64], band_bps: u16) -> u64 {
        let min = *honest.iter().min().unwrap_or(&0);
        let max = *honest.iter().max().unwrap_or(&0);
        match rng.below(9) {
            0 => 0,
            1 => u64::MAX / 4,
            2 => min.saturating_sub(1),
            3 => max + 1,
            4 => max + max * band_bps as u64 / 10_000,
            5 => max + max * band_bps as u64 / 10_000 + 1,
            6 => min - min * band_bps as u64 / 20_000,
            7 => honest[rng.below(honest.len() as u64) as usize],
            _ => rng.below(2 * max + 2),
        }
    }

    fn scenario(rng: &mut Rng, band_bps: u16, spread: u64) -> Scenario {
        let n = 1 + rng.below(MAX_MEMBERS as u64) as usize;
        let quorum = 1 + rng.below(n as u64) as u8;
        let colluders = rng.below(quorum as u64) as usize; // fewer than M
        let honest_count = n - colluders;
        let base = 1_000 + rng.below(1_000_000);
        let honest: Vec<u64> = (0..honest_count)
            .map(|_| base + rng.below(spread.max(1)))
            .collect();
        let mut members: Vec<(usize, u64, bool)> = honest
            .iter()
            .map(|&v| (0, v, true))
            .chain((0..colluders).map(|_| (0, adversarial(rng, &honest, band_bps), false)))
            .collect();
        // Random member indexes and a random arrival order (colluders may come first or last).
        for i in (1..members.len()).rev() {
            let j = rng.below(i as u64 + 1) as usize;
            members.swap(i, j);
        }
        for (i, m) in members.iter_mut().enumerate() {
            m.0 = i;
        }
        for i in (1..members.len()).rev() {
            let j = rng.below(i as u64 + 1) as usize;
            members.swap(i, j);
        }
        if rng.below(3) == 0 {
            // Colluders first: the order that used to lock figures in.
            members.sort_by_key(|m| m.2);
        }
        Scenario {
            quorum,
            arrivals: members,
        }
    }

    /// Replays the arrivals; after each one, `check(round, honest votes so far)`.
    fn replay(s: &Scenario, mut check: impl FnMut(&Round<u64>, &[u64])) {
        let mut values = [0u64; MAX_MEMBERS];
        let mut mask = 0u16;
        let mut honest = Vec::new();
        for &(member, vote, is_honest) in &s.arrivals {
            values[member] = vote;
            mask |= 1 << member;
            if is_honest {
                honest.push(vote);
            }
            check(&Round::new(values, mask), &honest);
        }
    }

    const CASES: usize = 200_000;

    #[test]
    fn running_figures_stay_within_the_honest_range_and_only_rise() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..CASES {
            let spread = 1 + rng.below(5_000);
            let s = scenario(&mut rng, 0, spread);
            let mut last: Option<u64> = None;
            replay(&s, |round, honest| {
                let figure = round.running(s.quorum);
                if let Some(v) = figure {
                    // Safety (upper bound): some honest vote cast is at or above it.
                    assert!(honest.iter().any(|&h| h >= v), "{v} above {honest:?}");
                    if honest.len() >= s.quorum as usize {
                        assert!(v >= *honest.iter().min().unwrap());
                    }
                }
                // Liveness: M honest votes give a figure.
                if honest.len() >= s.quorum as usize {
                    assert!(figure.is_some());
                }
                // Monotone: adding a vote never lowers the figure.
                assert!(figure >= last, "{figure:?} < {last:?}");
                last = figure;
            });
        }
    }

    #[test]
    fn running_figures_only_rise_when_members_raise_their_votes() {
        let mut rng = Rng(42);
        for _ in 0..CASES / 4 {
            let n = 1 + rng.below(MAX_MEMBERS as u64) as usize;
            let quorum = 1 + rng.below(n as u64) as u8;
            let mut values = [0u64; MAX_MEMBERS];
            let mut mask = 0u16;
            let mut last = None;
            for _ in 0..30 {
                let member = rng.below(n as u64) as usize;
                values[member] += rng.below(10);
                mask |= 1 << member;
                let figure = Round::new(values, mask).running(quorum);
                assert!(figure >= last);
                last = figure;
            }
        }
    }

    #[test]
    fn agreed_figures_stay_within_the_honest_range_and_come_once_votes_agree() {
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        for case in 0..CASES {
            // Every third scenario has honest members that agree exactly.
            let spread = if case % 3 == 0 {
                1
            } else {
                1 + rng.below(5_000)
            };
            let s = scenario(&mut rng, 0, spread);
            let mut voted = 0usize;
            replay(&s, |round, honest| {
                voted += 1;
                let figure = round.agreed(s.quorum);
                if let Some(v) = figure {
                    // Safety: honest votes on both sides, so within their range.
                    assert!(!honest.is_empty(), "a figure from colluders alone");
                    assert!(
                        v >= *honest.iter().min().unwrap() && v <= *honest.iter().max().unwrap()
                    );
                }
                let m = s.quorum as usize;
                // Liveness: M honest votes that agree, or 2M-1 votes in all.
                let agreeing = honest.len() >= m && spread == 1;
                if agreeing || voted >= 2 * m - 1 {
                    assert!(figure.is_some(), "{:?} M={m}", round.votes());
                }
            });
        }
    }

    #[test]
    fn agreeing_prices_stay_within_the_band_of_an_honest_price() {
        let mut rng = Rng(7);
        for _ in 0..CASES {
            let band: u16 = 1 + rng.below(2_000) as u16;
            let base_spread = rng.below(3);
            let s = {
                let spread = match base_spread {
                    0 => 1,
                    1 => 1 + rng.below(band as u64 / 4 + 1),
                    _ => 1 + rng.below(50_000),
                };
                scenario(&mut rng, band, spread)
            };
            replay(&s, |round, honest| {
                let within = |lo: &u64, hi: &u64| within_band(*lo, *hi, band);
                let window = round.agreeing(s.quorum, within);
                if let Some(w) = window {
                    assert!(w.len() >= s.quorum as usize);
                    assert!(within(&w[0], &w[w.len() - 1]));
                    let v = lower_median(w).unwrap();
                    // Some honest vote is in the window, so the price is within the band of it.
                    let near = honest
                        .iter()
                        .any(|&h| within_band(h.min(v), h.max(v), band));
                    assert!(near, "{v} not within {band} bps of {honest:?}");
                }
                // Liveness: M honest votes within the band of each other give a price.
                let mut sorted = honest.to_vec();
                sorted.sort_unstable();
                let m = s.quorum as usize;
                let honest_agree = (0..sorted.len())
                    .any(|i| sorted.len() - i >= m && within(&sorted[i], &sorted[i + m - 1]));
                if honest_agree {
                    assert!(window.is_some());
                }
            });
        }
    }

    #[test]
    fn the_review_scenarios() {
        // Usage, 5 oracles, quorum 3: two colluders at 10 h before one honest 2 h lock nothing in.
        let mut r = Round::new([10u64, 10, 0, 0, 0], 0b00011);
        assert_eq!(r.running(3), None);
        r.insert(2);
        assert_eq!(r.running(3), Some(2));
        // A dispute round, quorum 2: a colluder's 0 and one honest 7 settle nothing...
        let r = Round::new([0u64, 7], 0b11);
        assert_eq!(r.agreed(2), None);
        // ...until a second honest vote.
        let r = Round::new([0u64, 7, 7], 0b111);
        assert_eq!(r.agreed(2), Some(7));
        // Availability, quorum 2: a colluder's reputation 1 first does not cut the figure once
        // two honest members voted.
        let r = Round::new([1u64, 9_000, 8_000], 0b111);
        assert_eq!(r.running(2), Some(8_000));
        // Prices, quorum 2, band 2%: an honest 2.00 and a colluder's 2.40 do not agree.
        let r = Round::new([200_000_000u64, 240_000_000], 0b11);
        assert!(r.agreeing(2, |lo, hi| within_band(*lo, *hi, 200)).is_none());
        // A quorum of 0 still needs a vote.
        assert_eq!(Round::new([5u64], 0).running(0), None);
        assert_eq!(Round::new([5u64], 1).running(0), Some(5));
    }
}
