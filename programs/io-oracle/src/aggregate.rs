//! The IO/USD price from the members' latest submissions, by io_common's quorum rule for prices
//! (`Round::agreeing`, rule 2 with a band; docs/oracle.md, "The quorum rule"), and the checks an
//! accepted price must pass. Pure functions over the feed's slots, tested on the host.

use crate::state::{PriceFeed, BPS, MAX_ORACLES};
use io_common::{
    math::checked_mul,
    pod::{PodI64, PodU32, PodU64},
    quorum::{lower_median, within_band, Round},
};

/// What a new submission led to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// No quorum of fresh submissions of the current set agrees within the band.
    NoQuorum,
    Accept {
        price: u64,
        confidence: u64,
        publish_ts: i64,
        count: u8,
    },
    /// 1: confidence too wide; 2: moved too far from the last accepted price.
    Reject {
        price: u64,
        confidence: u64,
        reason: u8,
    },
}

/// The members' latest submissions as the feed stores them (member i's in slot i), read in
/// place: only what the rule looks at is decoded.
#[derive(Clone, Copy)]
pub struct Slots<'a> {
    pub prices: &'a [PodU64; MAX_ORACLES],
    pub confidences: &'a [PodU64; MAX_ORACLES],
    pub timestamps: &'a [PodI64; MAX_ORACLES],
    pub set_versions: &'a [PodU32; MAX_ORACLES],
}

impl<'a> Slots<'a> {
    #[inline(always)]
    pub fn of(feed: &'a PriceFeed) -> Self {
        Slots {
            prices: &feed.sub_price,
            confidences: &feed.sub_confidence,
            timestamps: &feed.sub_timestamp,
            set_versions: &feed.sub_set_version,
        }
    }
}

/// The slots and the parameters, as `aggregate` needs them.
pub struct Submissions<'a> {
    pub slots: Slots<'a>,
    /// How many members the set has: slots from this one on are unused.
    pub members: usize,
    pub set_version: u32,
    pub quorum: u8,
    pub now: i64,
    pub staleness: u32,
    pub agreement_bps: u16,
    pub last_price: u64,
    pub max_move_bps: u16,
    pub max_conf_bps: u16,
}

/// The figures a quorum agreed on, before the bounds are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Agreed {
    /// The lower median of the agreeing run's prices (one of the submitted prices).
    pub price: u64,
    /// The quorum-th highest confidence among the run's members.
    pub confidence: u64,
    /// The quorum-th highest observation time among the run's members.
    pub publish_ts: i64,
    /// How many submissions the run holds (at least the quorum).
    pub count: u8,
}

/// The price the fresh submissions of the current set agree on: the longest run of them, sorted
/// by price, whose highest is within `agreement_bps` of its lowest, if it holds at least a quorum.
/// Its figures are its members' own: their lower median price, and the quorum-th highest of
/// their confidences and of their observation times.
#[inline(always)]
pub fn agreed(s: &Submissions) -> Option<Agreed> {
    let slots = s.slots;
    // Fresh: observed at most `staleness` seconds before now (or after it).
    let oldest = s.now.saturating_sub(s.staleness as i64);
    let mut fresh = 0u16;
    let versions = slots
        .set_versions
        .iter()
        .zip(slots.prices)
        .zip(slots.timestamps);
    for (i, ((version, price), timestamp)) in versions.enumerate().take(s.members) {
        if version.get() == s.set_version && price.get() > 0 && timestamp.get() >= oldest {
            fresh |= 1 << i; // i < MAX_ORACLES = 10
        }
    }
    if fresh.count_ones() < s.quorum.max(1) as u32 {
        return None; // agreeing() would find no run that long
    }
    // (price, observation time, confidence), sorted by price first: each vote keeps its own.
    let votes = slots
        .prices
        .iter()
        .zip(slots.timestamps)
        .zip(slots.confidences)
        .map(|((price, timestamp), confidence)| (price.get(), timestamp.get(), confidence.get()))
        .take(s.members);
    let round = Round::new(votes, fresh);
    let run = round.agreeing(s.quorum, |lo, hi| within_band(lo.0, hi.0, s.agreement_bps))?;
    let (price, _, _) = lower_median(run)?;
    // Rule 1 over the run's own times and confidences: the quorum-th highest is at or below some
    // honest member's (fewer than a quorum collude).
    let all = u16::MAX;
    let publish_ts = Round::new(run.iter().map(|v| v.1), all).running(s.quorum)?;
    let confidence = Round::new(run.iter().map(|v| v.2), all).running(s.quorum)?;
    Some(Agreed {
        price,
        confidence,
        publish_ts,
        count: run.len() as u8, // at most MAX_ORACLES
    })
}

/// `a * BPS <= b * bps`, false on overflow.
fn within_bps(a: u64, b: u64, bps: u16) -> bool {
    match (checked_mul(a, BPS), checked_mul(b, bps as u64)) {
        (Some(lhs), Some(rhs)) => lhs <= rhs,
        _ => false,
    }
}

/// The agreed price, accepted if its confidence and its move from the last accepted price are
/// within bounds, refused otherwise.
pub fn aggregate(s: &Submissions) -> Verdict {
    let Some(Agreed {
        price,
        confidence,
        publish_ts,
        count,
    }) = agreed(s)
    else {
        return Verdict::NoQuorum;
    };
    if !within_bps(confidence, price, s.max_conf_bps) {
        return Verdict::Reject {
            price,
            confidence,
            reason: 1,
        };
    }
    if s.last_price > 0 {
        let moved = price.abs_diff(s.last_price);
        if !within_bps(moved, s.last_price, s.max_move_bps) {
            return Verdict::Reject {
                price,
                confidence,
                reason: 2,
            };
        }
    }
    Verdict::Accept {
        price,
        confidence,
        publish_ts,
        count,
    }
}

/// Slots as a feed stores them, for the host tests.
#[cfg(test)]
#[derive(Default)]
struct Stored {
    prices: [PodU64; MAX_ORACLES],
    confidences: [PodU64; MAX_ORACLES],
    timestamps: [PodI64; MAX_ORACLES],
    set_versions: [PodU32; MAX_ORACLES],
}

#[cfg(test)]
impl Stored {
    fn set(&mut self, i: usize, price: u64, confidence: u64, timestamp: i64, version: u32) {
        self.prices[i].set(price);
        self.confidences[i].set(confidence);
        self.timestamps[i].set(timestamp);
        self.set_versions[i].set(version);
    }

    fn slots(&self) -> Slots<'_> {
        Slots {
            prices: &self.prices,
            confidences: &self.confidences,
            timestamps: &self.timestamps,
            set_versions: &self.set_versions,
        }
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    /// Slots of members 0..n in order (the rest empty) and the last price; set version 2,
    /// quorum 2, now 1,000, staleness 600, a 1% agreement band, a 10% move band and a 2%
    /// confidence bound.
    fn slots(subs: &[(u64, u64, i64, u32)], last_price: u64) -> (Stored, u64) {
        let mut s = Stored::default();
        for (i, &(p, c, t, v)) in subs.iter().enumerate() {
            s.set(i, p, c, t, v);
        }
        (s, last_price)
    }

    fn run(s: &(Stored, u64)) -> Verdict {
        aggregate(&Submissions {
            slots: s.0.slots(),
            members: MAX_ORACLES,
            set_version: 2,
            quorum: 2,
            now: 1_000,
            staleness: 600,
            agreement_bps: 100,
            last_price: s.1,
            max_move_bps: 1_000,
            max_conf_bps: 200,
        })
    }

    #[test]
    fn takes_the_lower_median_of_a_quorum_that_agrees() {
        // 199,500, 200,000 and 201,000 are within 1% of 199,500: the lower median of three, with
        // the second highest confidence and observation time.
        let three = slots(
            &[
                (200_000, 20, 990, 2),
                (201_000, 30, 995, 2),
                (199_500, 10, 999, 2),
            ],
            0,
        );
        assert_eq!(
            run(&three),
            Verdict::Accept {
                price: 200_000,
                confidence: 20,
                publish_ts: 995,
                count: 3
            }
        );
        // An even count gives a submitted value, never a mean.
        let even = slots(&[(200_000, 1, 990, 2), (201_500, 2, 995, 2)], 0);
        assert_eq!(
            run(&even),
            Verdict::Accept {
                price: 200_000,
                confidence: 1,
                publish_ts: 990,
                count: 2
            }
        );
    }

    #[test]
    fn no_price_without_a_quorum_within_the_band() {
        // The first price too: 2.00 and 3.00 do not agree.
        let apart = slots(&[(200, 1, 990, 2), (300, 1, 995, 2)], 0);
        assert_eq!(run(&apart), Verdict::NoQuorum);
        // The longest run wins; 2.00 and 2.01 agree, 3.00 is left out.
        let two = slots(
            &[(300, 1, 999, 2), (200_000, 1, 990, 2), (201_000, 1, 995, 2)],
            0,
        );
        assert!(matches!(
            run(&two),
            Verdict::Accept {
                price: 200_000,
                count: 2,
                ..
            }
        ));
    }

    #[test]
    fn ignores_stale_and_old_version_submissions() {
        let stale = slots(&[(100, 1, 300, 2), (100, 1, 995, 2), (100, 1, 399, 2)], 0);
        assert_eq!(run(&stale), Verdict::NoQuorum);
        let edge = slots(&[(100, 1, 400, 2), (100, 1, 995, 2)], 0);
        assert!(matches!(
            run(&edge),
            Verdict::Accept {
                publish_ts: 400,
                ..
            }
        ));
        let old = slots(&[(100, 1, 990, 1), (100, 1, 995, 2), (100, 1, 999, 1)], 0);
        assert_eq!(run(&old), Verdict::NoQuorum);
    }

    #[test]
    fn refuses_wide_confidence_and_large_moves() {
        let wide = slots(&[(100, 3, 990, 2), (100, 3, 995, 2)], 0);
        assert_eq!(
            run(&wide),
            Verdict::Reject {
                price: 100,
                confidence: 3,
                reason: 1
            }
        );
        let far = slots(&[(1_000, 1, 990, 2), (1_000, 1, 995, 2)], 800);
        assert_eq!(
            run(&far),
            Verdict::Reject {
                price: 1_000,
                confidence: 1,
                reason: 2
            }
        );
        let near = slots(&[(880, 1, 990, 2), (880, 1, 995, 2)], 800);
        assert!(matches!(run(&near), Verdict::Accept { price: 880, .. }));
    }

    #[test]
    fn the_review_walk_goes_nowhere() {
        // One fresh honest 2.00 and a colluder that each time submits what would have made the
        // old mean-of-two 19% higher: no price, twelve times over.
        let honest = 200_000_000u64;
        let mut last = honest;
        for _ in 0..12 {
            let target = last / 100 * 119;
            let colluder = 2 * target - honest;
            let s = slots(&[(honest, 0, 990, 2), (colluder, 0, 999, 2)], last);
            match run(&s) {
                Verdict::Accept { price, .. } => last = price,
                Verdict::NoQuorum => {}
                v => panic!("{v:?}"),
            }
        }
        assert_eq!(last, honest);
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod property_tests {
    //! The price rule's properties (../shared/QUORUM.md; docs/oracle.md, "The quorum rule"):
    //! random sets of N <= 10 members and quorums M, honest prices within the band of each other
    //! (and some that are not), coalitions of fewer than M members choosing price, confidence
    //! and time after seeing every honest submission and resubmitting between arrivals, random
    //! arrival orders.
    use super::*;
    use io_common::testing::Rng;
    extern crate std;
    use std::vec::Vec;

    const NOW: i64 = 1_800_000_000;
    const VERSION: u32 = 7;

    #[derive(Clone, Copy, Debug)]
    struct Sub {
        price: u64,
        confidence: u64,
        timestamp: i64,
        version: u32,
    }

    /// `x` raised by `bps` basis points of itself, rounded down (the band's edge).
    fn up(x: u64, bps: u16) -> u64 {
        x + (x as u128 * bps as u128 / 10_000) as u64
    }

    /// A colluder's submission, chosen knowing every honest one.
    fn adversarial(rng: &mut Rng, honest: &[Sub], band: u16, staleness: u32) -> Sub {
        let min = honest.iter().map(|h| h.price).min().unwrap();
        let max = honest.iter().map(|h| h.price).max().unwrap();
        let pick = honest[rng.below(honest.len() as u64) as usize];
        let price = match rng.below(12) {
            0 => 1,
            1 => u64::MAX,
            2 => min - 1,
            3 => max + 1,
            4 => up(max, band),
            5 => up(max, band) + 1,
            6 => min - (min as u128 * band as u128 / 10_000) as u64,
            7 => (min as u128 * 10_000 / (10_000 + band as u128)) as u64,
            8 => pick.price,
            9 => up(pick.price, band),
            10 => u64::MAX / 10_000,
            _ => 1 + rng.below(2 * up(max, band)),
        };
        let max_conf = honest.iter().map(|h| h.confidence).max().unwrap();
        let confidence = match rng.below(5) {
            0 => 0,
            1 => u64::MAX,
            2 => max_conf + 1,
            3 => pick.confidence,
            _ => rng.below(price),
        };
        let timestamp = match rng.below(6) {
            0 => NOW + 60,
            1 => NOW - staleness as i64,
            2 => NOW - staleness as i64 - 1, // stale: ignored
            3 => pick.timestamp,
            4 => i64::MAX,
            _ => rng.range_i64(NOW - staleness as i64, NOW + 60),
        };
        let version = if rng.below(10) == 0 {
            VERSION - 1
        } else {
            VERSION
        };
        Sub {
            price,
            confidence,
            timestamp,
            version,
        }
    }

    struct Case {
        n: usize,
        quorum: u8,
        band: u16,
        staleness: u32,
        max_conf_bps: u16,
        honest: Vec<(usize, Sub)>,
        colluders: Vec<usize>,
        /// Whether the honest prices are all within the band of each other.
        agree: bool,
    }

    fn case(rng: &mut Rng) -> Case {
        let n = 1 + rng.below(MAX_ORACLES as u64) as usize;
        let quorum = 1 + rng.below(n as u64) as u8;
        let colluder_count = rng.below(quorum as u64) as usize; // fewer than M
        let band = match rng.below(4) {
            0 => 1,
            1 => 100,
            2 => 10_000,
            _ => 1 + rng.below(2_000) as u16,
        };
        let staleness = 1 + rng.below(3_600) as u32;
        let max_conf_bps = 1 + rng.below(10_000) as u16;
        let scale = if rng.below(2) == 0 { 1_000 } else { 1 << 48 };
        let base = 1 + rng.below(scale);
        let agree = rng.below(4) != 0;
        let spread = if agree {
            up(base, band) - base
        } else {
            up(base, band.saturating_mul(3)) - base + 2
        };
        // Random member indexes: shuffle 0..n.
        let mut members: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let j = rng.below(i as u64 + 1) as usize;
            members.swap(i, j);
        }
        let colluders = members[..colluder_count].to_vec();
        let honest = members[colluder_count..]
            .iter()
            .map(|&m| {
                let price = base + rng.below(spread + 1);
                let sub = Sub {
                    price,
                    confidence: rng.below(price / 20 + 1),
                    timestamp: rng.range_i64(NOW - staleness as i64, NOW + 60),
                    version: VERSION,
                };
                (m, sub)
            })
            .collect();
        Case {
            n,
            quorum,
            band,
            staleness,
            max_conf_bps,
            honest,
            colluders,
            agree,
        }
    }

    fn submissions<'a>(c: &Case, slots: &'a Stored, last_price: u64) -> Submissions<'a> {
        Submissions {
            slots: slots.slots(),
            members: c.n,
            set_version: VERSION,
            quorum: c.quorum,
            now: NOW,
            staleness: c.staleness,
            agreement_bps: c.band,
            last_price,
            max_move_bps: 10_000,
            max_conf_bps: c.max_conf_bps,
        }
    }

    const CASES: usize = 200_000;

    #[test]
    fn accepted_prices_stay_within_the_band_of_the_honest_ones_and_come_once_a_quorum_agrees() {
        let mut rng = Rng(0x51_7cc1_b727_220a);
        let mut accepted = 0usize;
        let mut checks = 0usize;
        for _ in 0..CASES {
            let c = case(&mut rng);
            let all_honest: Vec<Sub> = c.honest.iter().map(|h| h.1).collect();
            // Arrivals: every honest member once, colluders any number of times, in a random
            // order; colluders sometimes all first.
            let mut arrivals: Vec<Option<usize>> = (0..c.honest.len()).map(Some).collect();
            for _ in 0..rng.below(3 * c.colluders.len() as u64 + 1) {
                arrivals.push(None);
            }
            for i in (1..arrivals.len()).rev() {
                let j = rng.below(i as u64 + 1) as usize;
                arrivals.swap(i, j);
            }
            if rng.below(3) == 0 {
                arrivals.sort_by_key(|a| a.is_some());
            }
            let mut slots = Stored::default();
            // Slots past the set's members never count, whatever they hold.
            for m in c.n..MAX_ORACLES {
                slots.set(m, 1 + rng.below(u64::MAX - 1), 0, NOW, VERSION);
            }
            let mut honest: Vec<Sub> = Vec::new();
            for arrival in arrivals {
                let (member, sub) = match arrival {
                    Some(h) => c.honest[h],
                    None if !c.colluders.is_empty() => {
                        let m = c.colluders[rng.below(c.colluders.len() as u64) as usize];
                        (m, adversarial(&mut rng, &all_honest, c.band, c.staleness))
                    }
                    None => continue,
                };
                slots.set(
                    member,
                    sub.price,
                    sub.confidence,
                    sub.timestamp,
                    sub.version,
                );
                if arrival.is_some() {
                    honest.push(sub);
                }
                checks += 1;
                check(&c, &slots, &honest, &mut accepted);
            }
        }
        // The scenarios reach both outcomes often.
        std::println!("{accepted} prices in {checks} arrivals");
        assert!(accepted > checks / 4, "{accepted} of {checks}");
    }

    fn check(c: &Case, slots: &Stored, honest: &[Sub], accepted: &mut usize) {
        let m = c.quorum as usize;
        let figure = agreed(&submissions(c, slots, 0));
        if let Some(a) = figure {
            *accepted += 1;
            assert!(a.count as usize >= m);
            // Safety: some honest member voted, and the price is within the band of one of them.
            assert!(!honest.is_empty(), "a price from colluders alone: {a:?}");
            let near = honest
                .iter()
                .any(|h| within_band(h.price.min(a.price), h.price.max(a.price), c.band));
            assert!(near, "{a:?} not within {} bps of {honest:?}", c.band);
            // ...so within [min honest, max honest] widened by the band.
            let min = honest.iter().map(|h| h.price).min().unwrap();
            let max = honest.iter().map(|h| h.price).max().unwrap();
            assert!(
                within_band(a.price, min.max(a.price), c.band),
                "{a:?} {min}"
            );
            assert!(a.price <= up(max, c.band), "{a:?} {max}");
            // Time and confidence: never above an honest member's.
            assert!(a.publish_ts <= honest.iter().map(|h| h.timestamp).max().unwrap());
            assert!(a.publish_ts >= NOW - c.staleness as i64);
            assert!(a.confidence <= honest.iter().map(|h| h.confidence).max().unwrap());
            // With every fresh submission inside the honest range (so the run holds all of them,
            // M honest among them), the figures are between the honest ones.
            let inside = (0..MAX_ORACLES).all(|i| {
                let price = slots.prices[i].get();
                let fresh = NOW.saturating_sub(slots.timestamps[i].get()) <= c.staleness as i64;
                slots.set_versions[i].get() != VERSION
                    || price == 0
                    || !fresh
                    || (min..=max).contains(&price)
            });
            if inside && c.agree && honest.len() >= m {
                assert!((min..=max).contains(&a.price));
                let min_conf = honest.iter().map(|h| h.confidence).min().unwrap();
                let min_ts = honest.iter().map(|h| h.timestamp).min().unwrap();
                assert!(a.confidence >= min_conf && a.publish_ts >= min_ts);
            }
        }
        // Liveness: M honest submissions within the band of each other give a price.
        if c.agree && honest.len() >= m {
            assert!(figure.is_some(), "no price from {honest:?}, M={m}");
            let verdict = aggregate(&submissions(c, slots, 0));
            assert_ne!(verdict, Verdict::NoQuorum);
            // ...accepted when every honest confidence is within the bound of every price
            // within the band below the honest ones.
            let min = honest.iter().map(|h| h.price).min().unwrap();
            let floor = (min as u128 * 10_000 / (10_000 + c.band as u128)) as u64;
            let max_conf = honest.iter().map(|h| h.confidence).max().unwrap();
            if (max_conf as u128) * 10_000 <= c.max_conf_bps as u128 * floor as u128 {
                assert!(matches!(verdict, Verdict::Accept { .. }), "{verdict:?}");
            }
        }
    }
}
