//! Demand-side reputation: a user's score from its settled jobs and the discount off the
//! network fee that the governed table grants for it. Pure arithmetic, tested on the host.
//!
//! The score weighs what the user actually paid the protocol: the USD value of the network fees
//! of its settled jobs net of the referral shares credited on them (never a count of jobs), less
//! `strike_usd` for each dispute it lost and each started job it abandoned. Splitting volume into tiny jobs earns nothing: the network fee is the
//! same fraction of the pay, so a score reached with many small jobs cost as much in fees as one
//! reached with a few big ones.

use crate::state::{JobsConfig, UserProfile, BPS};
use io_common::math::{checked_mul, mul_div};

/// The most a tier may take off the network fee: half.
pub const MAX_DISCOUNT_BPS: u16 = 5_000;

/// The discount table as `set_discount_tiers` takes it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tiers {
    pub discount_usd: [u64; 3],
    pub discount_bps: [u16; 3],
}

impl Tiers {
    /// At most `MAX_DISCOUNT_BPS` per tier, and neither the thresholds nor the discounts fall
    /// from one tier to the next.
    pub fn valid(&self) -> bool {
        let [u0, u1, u2] = self.discount_usd;
        let [b0, b1, b2] = self.discount_bps;
        b2 <= MAX_DISCOUNT_BPS && b0 <= b1 && b1 <= b2 && u0 <= u1 && u1 <= u2
    }

    pub fn of(config: &JobsConfig) -> Self {
        Tiers {
            discount_usd: [
                config.discount_usd[0].get(),
                config.discount_usd[1].get(),
                config.discount_usd[2].get(),
            ],
            discount_bps: [
                config.discount_bps[0].get(),
                config.discount_bps[1].get(),
                config.discount_bps[2].get(),
            ],
        }
    }

    /// The discount for `score`: the highest tier it reaches (0 if none).
    pub fn discount(&self, score: u64) -> u16 {
        let mut bps = 0;
        for (&usd, &tier) in self.discount_usd.iter().zip(self.discount_bps.iter()) {
            if score >= usd && tier > bps {
                bps = tier;
            }
        }
        bps
    }
}

/// A score: the USD of network fees paid, less `strike_usd` per strike (never below 0).
pub fn score(fees_usd: u64, strikes: u64, strike_usd: u64) -> u64 {
    match checked_mul(strikes, strike_usd) {
        Some(penalty) => fees_usd.saturating_sub(penalty),
        None => 0,
    }
}

/// The most an attested conduct penalty takes off a score: all of it.
pub const MAX_PENALTY_BPS: u16 = BPS;

/// A score less `penalty_bps` of it (rounded down: the penalty never takes less than it says).
pub fn with_penalty(score: u64, penalty_bps: u16) -> u64 {
    let kept = (BPS as u64).saturating_sub(penalty_bps as u64);
    mul_div(score, kept, BPS as u64).unwrap_or(0)
}

/// The score of `profile` under the config's strike penalty, less the conduct penalty the
/// oracles agreed on (`attest_reputation`).
pub fn profile_score(profile: &UserProfile, strike_usd: u64) -> u64 {
    let strikes =
        (profile.disputes_lost.get() as u64).saturating_add(profile.abandoned.get() as u64);
    with_penalty(
        score(profile.fees_usd.get(), strikes, strike_usd),
        profile.conduct_penalty_bps.get(),
    )
}

/// The network fee a job opens with: `network_fee_bps` less `discount_bps` of it (the discount
/// rounded down, so the protocol never gives more than the table says).
pub fn discounted_fee_bps(network_fee_bps: u16, discount_bps: u16) -> u16 {
    let off = mul_div(
        network_fee_bps as u64,
        discount_bps.min(BPS) as u64,
        BPS as u64,
    )
    .unwrap_or(0);
    // off <= network_fee_bps: discount_bps <= 10,000.
    network_fee_bps.saturating_sub(off as u16)
}

/// What one settled job adds to its user's reputation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub served: u32,
    /// The USD value of the served hours and of the network fee paid (at the job's own rate).
    pub paid_usd: u64,
    pub fee_usd: u64,
    pub dispute_lost: bool,
    pub abandoned: bool,
}

/// The outcome of a job of `hours` for `amount_usd` paid as `payment`, settled on `served`
/// hours with `network_fee` (base units) taken, disputed at `disputed_hours` (0: never).
#[inline(always)] // six arguments: LLVM's BPF backend calls with at most five
pub fn outcome(
    amount_usd: u64,
    payment: u64,
    hours: u32,
    served: u32,
    network_fee: u64,
    disputed: Option<u32>,
) -> Option<Outcome> {
    Some(Outcome {
        served,
        paid_usd: mul_div(amount_usd, served as u64, hours as u64)?,
        fee_usd: mul_div(network_fee, amount_usd, payment)?,
        dispute_lost: matches!(disputed, Some(d) if served >= d),
        abandoned: served == 0,
    })
}

/// Adds `o` to `profile` (every counter only rises). None on overflow, nothing written then.
pub fn record(profile: &mut UserProfile, o: &Outcome) -> Option<()> {
    let jobs = profile.jobs_settled.get().checked_add(1)?;
    let hours = profile.hours_paid.get().checked_add(o.served as u64)?;
    let paid = profile.paid_usd.get().checked_add(o.paid_usd)?;
    let fees = profile.fees_usd.get().checked_add(o.fee_usd)?;
    let lost = profile
        .disputes_lost
        .get()
        .checked_add(o.dispute_lost as u32)?;
    let abandoned = profile.abandoned.get().checked_add(o.abandoned as u32)?;
    profile.jobs_settled.set(jobs);
    profile.hours_paid.set(hours);
    profile.paid_usd.set(paid);
    profile.fees_usd.set(fees);
    profile.disputes_lost.set(lost);
    profile.abandoned.set(abandoned);
    Some(())
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)] // test arithmetic on bounded figures
mod tests {
    use super::*;
    use io_common::testing::Rng;

    fn table() -> Tiers {
        Tiers {
            discount_usd: [10_000_000, 100_000_000, 1_000_000_000],
            discount_bps: [1_000, 2_500, 5_000],
        }
    }

    #[test]
    fn the_highest_tier_reached_gives_the_discount() {
        let t = table();
        assert_eq!(t.discount(0), 0);
        assert_eq!(t.discount(9_999_999), 0);
        assert_eq!(t.discount(10_000_000), 1_000);
        assert_eq!(t.discount(100_000_000), 2_500);
        assert_eq!(t.discount(u64::MAX), 5_000);
        assert_eq!(Tiers::default().discount(u64::MAX), 0);
    }

    #[test]
    fn the_table_is_bounded_and_never_falls() {
        assert!(table().valid());
        assert!(Tiers::default().valid());
        let mut t = table();
        t.discount_bps[2] = 5_001;
        assert!(!t.valid());
        let mut t = table();
        t.discount_bps = [2_000, 1_000, 3_000];
        assert!(!t.valid());
        let mut t = table();
        t.discount_usd = [5, 4, 6];
        assert!(!t.valid());
    }

    #[test]
    fn strikes_take_off_the_score_never_below_zero() {
        assert_eq!(score(50_000_000, 0, 10_000_000), 50_000_000);
        assert_eq!(score(50_000_000, 2, 10_000_000), 30_000_000);
        assert_eq!(score(50_000_000, 6, 10_000_000), 0);
        assert_eq!(score(u64::MAX, u64::MAX, u64::MAX), 0);
    }

    #[test]
    fn a_conduct_penalty_takes_its_share_of_the_score_rounded_against_the_user() {
        assert_eq!(with_penalty(1_000_000, 0), 1_000_000);
        assert_eq!(with_penalty(1_000_000, 2_500), 750_000);
        assert_eq!(with_penalty(1_000_000, MAX_PENALTY_BPS), 0);
        // 99.99% of 3 units is 2.9997: the user keeps 2.
        assert_eq!(with_penalty(3, 1), 2);
        assert_eq!(
            with_penalty(u64::MAX, 1),
            u64::MAX / 10_000 * 9_999 + (u64::MAX % 10_000) * 9_999 / 10_000
        );
        let mut rng = Rng(67);
        for _ in 0..20_000 {
            let s = rng.below(u64::MAX);
            let p = rng.below(MAX_PENALTY_BPS as u64 + 1) as u16;
            let kept = with_penalty(s, p);
            assert!(kept <= s);
            assert!(kept as u128 * 10_000 <= s as u128 * (10_000 - p as u128));
            assert!((kept as u128 + 1) * 10_000 > s as u128 * (10_000 - p as u128));
        }
    }

    #[test]
    fn the_discounted_fee_is_rounded_in_the_protocols_favour() {
        assert_eq!(discounted_fee_bps(500, 5_000), 250);
        assert_eq!(discounted_fee_bps(500, 0), 500);
        // 10% of 7 bps is 0.7 bps: the discount rounds down to 0.
        assert_eq!(discounted_fee_bps(7, 1_000), 7);
        let mut rng = Rng(61);
        for _ in 0..20_000 {
            let fee = rng.below(10_001) as u16;
            let d = rng.below(5_001) as u16;
            let out = discounted_fee_bps(fee, d);
            assert!(out <= fee);
            // Never more than the table's share off, never less than half the fee left.
            assert!((fee - out) as u64 * 10_000 <= fee as u64 * d as u64);
            assert!(out as u64 * 2 >= fee as u64);
        }
    }

    #[test]
    fn an_outcome_values_the_fee_at_the_jobs_rate_and_names_the_strikes() {
        // 4 IO for $2, 2 of 4 hours, 0.1 IO of fee: worth $0.05; $1 of hours.
        let o = outcome(2_000_000, 400_000_000, 4, 2, 10_000_000, None).unwrap();
        assert_eq!((o.paid_usd, o.fee_usd), (1_000_000, 50_000));
        assert!(!o.dispute_lost && !o.abandoned);
        assert!(outcome(1, 1, 4, 3, 0, Some(3)).unwrap().dispute_lost);
        assert!(!outcome(1, 1, 4, 2, 0, Some(3)).unwrap().dispute_lost);
        assert!(outcome(1, 1, 4, 0, 0, None).unwrap().abandoned);
    }

    #[test]
    fn tiny_jobs_buy_no_more_score_than_the_fees_they_pay() {
        // The same $100 of work as one job or as 10,000 jobs of 1 cent: the score of the split
        // volume is never above the big job's (each fee is rounded up in the split, and its USD
        // value rounded down).
        let one = outcome(100_000_000, 100_000_000, 1, 1, 5_000_000, None).unwrap();
        let tiny_fee = 500; // 5% of 10,000 base units, rounded up
        let tiny = outcome(10_000, 10_000, 1, 1, tiny_fee, None).unwrap();
        assert_eq!(tiny.fee_usd * 10_000, one.fee_usd);
        let sub_cent = outcome(19, 19, 1, 1, 1, None).unwrap();
        // 5% of 19 units rounds up to 1 unit of fee paid, and scores exactly that unit.
        assert_eq!(sub_cent.fee_usd, 1);
    }
}
