//! Reward arithmetic: pure functions, tested on the host. Every division rounds down but one:
//! what a settlement owes the stakers rounds up (docs/staking.md, "Rounding"), so what the
//! positions earn never exceeds it. What rounding leaves over is carried forward (see
//! `accounts.rs`), so nothing is lost.

use crate::state::{BPS, SCALE};
use io_common::math::{mul_div, mul_div_ceil};

/// How an epoch's new rewards were assigned.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Close {
    /// Rewards per unit of availability weight, per computing point and per unit of usage (USD
    /// base unit paid), scaled by 1e9.
    pub availability_rate: u64,
    pub compute_rate: u64,
    pub usage_rate: u64,
    /// What the registrations of the epoch can settle at those rates, at most.
    pub assigned: u64,
    /// What nobody could earn (an empty pool, or rounding) and stays for the next epoch.
    pub carried: u64,
}

/// What `close` splits: the IO available, the governed terms in force, and what the open
/// epoch registered (a struct: BPF passes at most five arguments).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Terms {
    pub available: u64,
    pub availability_bps: u16,
    pub max_compute_rate: u64,
    /// The share of the compute pool that goes to usage, and the usage rate's cap.
    pub usage_bps: u16,
    pub max_usage_rate: u64,
    pub weight: u64,
    pub points: u64,
    pub usage: u64,
}

/// The rate of a pool over `units`, or 0 when nobody qualified or the rate does not fit (the
/// pool then carries forward).
fn rate(pool: u64, units: u64) -> u64 {
    if units == 0 {
        return 0;
    }
    mul_div(pool, SCALE, units).unwrap_or(0)
}

/// The rate of a pool over `units`, at most `cap` (0 when nobody qualified). A rate that does
/// not fit in u64 is above any cap, so it is the cap. At the cap, `units` earn at most the pool:
/// pool x 1e9 / units > cap, so units x cap / 1e9 < pool.
fn capped_rate(pool: u64, units: u64, cap: u64) -> u64 {
    if units == 0 {
        return 0;
    }
    mul_div(pool, SCALE, units).map_or(cap, |rate| rate.min(cap))
}

/// What `units` earn at `rate`.
pub fn earned(units: u64, rate: u64) -> Option<u64> {
    mul_div(units, rate, SCALE)
}

/// Splits `available` IO into the availability pool (`availability_bps`) and the compute pool;
/// the compute pool into the usage pool (`usage_bps` of it, by usage at most `max_usage_rate`)
/// and the rest (by computing points at most `max_compute_rate`). What the caps leave, an empty
/// pool and rounding carry forward. Inlined: a returned aggregate needs more registers than BPF
/// passes.
#[inline(always)]
pub fn close(t: &Terms) -> Option<Close> {
    let available = t.available;
    let availability = mul_div(available, t.availability_bps as u64, BPS)?;
    let compute = available.checked_sub(availability)?;
    let usage_pool = mul_div(compute, t.usage_bps as u64, BPS)?;
    let points_pool = compute.checked_sub(usage_pool)?;
    let availability_rate = rate(availability, t.weight);
    let compute_rate = capped_rate(points_pool, t.points, t.max_compute_rate);
    let usage_rate = capped_rate(usage_pool, t.usage, t.max_usage_rate);
    let assigned = earned(t.weight, availability_rate)?
        .checked_add(earned(t.points, compute_rate)?)?
        .checked_add(earned(t.usage, usage_rate)?)?;
    Some(Close {
        availability_rate,
        compute_rate,
        usage_rate,
        assigned,
        carried: available.checked_sub(assigned)?,
    })
}

/// The stakers' part of a participant's `reward` at `share_bps` over `delegated` stake: the
/// accumulator increment `per_stake = floor(cut x 1e9 / delegated)` and what the stakers are
/// owed for it, `ceil(delegated x per_stake / 1e9)`: at most the cut (the product is at most
/// `cut x 1e9` and the cut is whole), and at least what the positions will earn from it
/// however their accruals round (docs/staking.md, "Rounding"). The rest stays with the
/// participant.
pub fn to_stakers(reward: u64, share_bps: u16, delegated: u64) -> Option<(u64, u64)> {
    if delegated == 0 {
        return Some((0, 0));
    }
    let cut = mul_div(reward, share_bps as u64, BPS)?;
    // Delegations are at least 1 IO, so this fits; if it ever did not, the participant keeps
    // the cut rather than its settlement failing for good.
    let Some(per_stake) = mul_div(cut, SCALE, delegated) else {
        return Some((0, 0));
    };
    Some((per_stake, mul_div_ceil(delegated, per_stake, SCALE)?))
}

/// The highest hardware class that raises the availability multiple (1 + class / 4: 3x).
pub const MAX_CLASS: u8 = 8;

/// One oracle's availability vote as a factor in basis points: for a pass, its reputation (at
/// least 1) times the multiple of the hardware class it measured, `1 + min(class, 8) / 4`
/// (at most 10,000 x 3 = 30,000); 0 for a fail.
pub fn availability_factor(passed: bool, reputation_bps: u16, hardware_class: u8) -> u16 {
    if !passed {
        return 0;
    }
    let reputation = reputation_bps.clamp(1, BPS as u16) as u32;
    let quarters = 4u32.saturating_add(hardware_class.min(MAX_CLASS) as u32);
    // reputation <= 10,000 and quarters <= 12: the product fits in a u32 and the quotient, at
    // most 30,000, in a u16; a pass is at least 1 x 4 / 4 = 1.
    (reputation.saturating_mul(quarters) / 4) as u16
}

/// The stake a node's availability weight counts: its own stake plus delegated stake up to as
/// much as its own, up to the cap (so slashable own stake backs at least half of the weight).
pub fn weight_stake(own: u64, delegated: u64, cap: u64) -> u64 {
    own.saturating_add(delegated.min(own)).min(cap)
}

/// A node's availability weight: its weight stake times the figure (a factor in basis points).
pub fn availability_weight(own: u64, delegated: u64, cap: u64, factor_bps: u16) -> Option<u64> {
    mul_div(weight_stake(own, delegated, cap), factor_bps as u64, BPS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `close` with usage off, as before usage rewards existed.
    fn close(
        available: u64,
        availability_bps: u16,
        weight: u64,
        points: u64,
        max_compute_rate: u64,
    ) -> Option<Close> {
        super::close(&Terms {
            available,
            availability_bps,
            max_compute_rate,
            weight,
            points,
            ..Terms::default()
        })
    }

    #[test]
    fn an_epoch_splits_its_rewards_and_carries_what_nobody_earns() {
        // 1,000 IO, 60% availability over weight 3 IO, compute over 7 points
        let c = close(100_000_000_000, 6_000, 300_000_000, 7, u64::MAX).unwrap();
        assert_eq!(c.availability_rate, 200_000_000_000); // 200 base units per weight unit
        assert_eq!(
            earned(300_000_000, c.availability_rate),
            Some(60_000_000_000)
        );
        assert_eq!(
            c.compute_rate as u128,
            40_000_000_000u128 * SCALE as u128 / 7
        );
        assert_eq!(c.assigned + c.carried, 100_000_000_000);
        // Nobody attested: the availability pool carries forward whole
        let empty = close(100_000_000_000, 6_000, 0, 7, u64::MAX).unwrap();
        assert_eq!(empty.availability_rate, 0);
        assert!(empty.carried >= 60_000_000_000);
        assert_eq!(close(0, 6_000, 0, 0, 1), Some(Close::default()));
    }

    #[test]
    fn the_compute_rate_is_capped_and_what_the_cap_leaves_carries() {
        // The review's thin epoch: 65,022 IO of compute pool over 1,045 points ($0.001045)
        let pool = 6_502_200_000_000u64;
        let default_cap = 1_000_000_000_000; // 10 IO per $1 = 1,000 base units per point
        let c = close(2 * pool, 5_000, 0, 1_045, default_cap).unwrap();
        assert_eq!(c.compute_rate, default_cap);
        assert_eq!(earned(1_045, c.compute_rate), Some(1_045_000)); // 0.01045 IO
        assert_eq!(c.assigned + c.carried, 2 * pool);
        assert_eq!(c.carried, 2 * pool - 1_045_000);
        // Below the cap the pool's own rate applies, as before
        let busy = close(2 * pool, 5_000, 0, 100_000_000_000, default_cap).unwrap();
        assert_eq!(
            busy.compute_rate as u128,
            pool as u128 * SCALE as u128 / 100_000_000_000
        );
        // A rate that does not fit in u64 (a few points) is the cap, not 0
        let few = close(u64::MAX, 0, 0, 1, default_cap).unwrap();
        assert_eq!(few.compute_rate, default_cap);
        assert_eq!(few.assigned, 1_000);
        assert_eq!(few.assigned + few.carried, u64::MAX);
        // Availability is not capped
        let a = close(2 * pool, 5_000, 1, 1, 1).unwrap();
        assert_eq!(a.availability_rate, 0); // pool x 1e9 / 1 does not fit: carries, as before
        assert_eq!(a.compute_rate, 1);
    }

    #[test]
    fn stakers_get_at_most_their_share() {
        assert_eq!(to_stakers(1_000_000, 300, 0), Some((0, 0)));
        let (per, out) = to_stakers(1_000_000, 300, 300_000_000).unwrap();
        assert_eq!(out, 30_000);
        assert_eq!(per, 30_000 * SCALE / 300_000_000);
        let (_, out) = to_stakers(1_000_001, 200, 700_000_001).unwrap();
        assert!(out <= 20_000);
        // A rate that does not fit distributes nothing instead of failing
        assert_eq!(to_stakers(u64::MAX, 10_000, 1), Some((0, 0)));
    }

    #[test]
    fn a_vote_is_its_reputation_times_the_measured_class_multiple() {
        assert_eq!(availability_factor(true, 10_000, 0), 10_000);
        assert_eq!(availability_factor(true, 8_000, 2), 12_000);
        assert_eq!(availability_factor(true, 10_000, 4), 20_000);
        assert_eq!(availability_factor(true, 10_000, 8), 30_000);
        assert_eq!(availability_factor(true, 10_000, 255), 30_000);
        // A pass is never 0, a fail always is, and reputations above 100% count as 100%
        assert_eq!(availability_factor(true, 0, 0), 1);
        assert_eq!(availability_factor(true, 1, 1), 1);
        assert_eq!(availability_factor(false, 10_000, 8), 0);
        assert_eq!(availability_factor(true, u16::MAX, 8), 30_000);
    }

    #[test]
    fn weight_counts_delegated_stake_up_to_own_stake_and_caps_it() {
        assert_eq!(weight_stake(100, 10_000, 1_000_000), 200);
        assert_eq!(weight_stake(1_000, 300, 1_000_000), 1_300);
        assert_eq!(weight_stake(800, 800, 1_000), 1_000);
        assert_eq!(weight_stake(0, 500, 1_000), 0);
        assert_eq!(weight_stake(u64::MAX, u64::MAX, u64::MAX), u64::MAX);
        assert_eq!(availability_weight(500, 0, 1_000, 10_000), Some(500));
        assert_eq!(availability_weight(5_000, 0, 1_000, 5_000), Some(500));
        assert_eq!(availability_weight(1_000, 0, 1_000, 20_000), Some(2_000));
        assert_eq!(availability_weight(1_000, 0, 1_000, 30_000), Some(3_000));
        assert_eq!(availability_weight(1, 0, 1_000, 1), Some(0));
    }

    #[test]
    fn what_the_stakers_are_owed_rounds_up_and_stays_within_the_cut() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..100_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let reward = x % 1_000_000_000_000_000;
            let share = ((x >> 40) % 10_001) as u16;
            let delegated = 100_000_000 + (x >> 11) % 100_000_000_000_000;
            let (per, owed) = to_stakers(reward, share, delegated).unwrap();
            let cut = reward as u128 * share as u128 / 10_000;
            let exact = delegated as u128 * per as u128;
            assert!(owed as u128 <= cut);
            assert!(owed as u128 * SCALE as u128 >= exact);
            assert!((owed as u128) < exact / SCALE as u128 + 2);
        }
    }

    #[test]
    fn settled_rewards_never_exceed_what_was_assigned() {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..5_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let available = x % 10_000_000_000_000_000;
            let weights = [
                (x >> 3) % 1_000_000_000_000,
                (x >> 17) % 1_000_000_000,
                1 + (x >> 41) % 999,
            ];
            let points = [(x >> 5) % 100_000_000, (x >> 29) % 1_000_000_000_000];
            let total_w: u64 = weights.iter().sum();
            let total_p: u64 = points.iter().sum();
            // Any cap: none, the default (10 IO per $1 of points), a tiny one, or one near the rate
            let cap = match (x >> 45) % 4 {
                0 => u64::MAX,
                1 => 1_000_000_000_000,
                2 => 1 + (x >> 21) % 1_000,
                _ => 1 + (x >> 9) % 1_000_000_000_000_000,
            };
            let c = close(
                available,
                ((x >> 50) % 10_001) as u16,
                total_w,
                total_p,
                cap,
            )
            .unwrap();
            assert!(c.compute_rate <= cap);
            let settled: u64 = weights
                .iter()
                .map(|w| earned(*w, c.availability_rate).unwrap())
                .sum::<u64>()
                + points
                    .iter()
                    .map(|p| earned(*p, c.compute_rate).unwrap())
                    .sum::<u64>();
            assert!(settled <= c.assigned);
            assert_eq!(c.assigned + c.carried, available);
        }
    }

    /// Usage rewards (docs/demand-side.md, "Usage rewards for teams"): the usage pool is
    /// `usage_bps` of the compute pool, paid by usage at most `max_usage_rate`; whatever the
    /// terms, what settles stays within each pool and within what is available, and with
    /// `usage_bps` 0 every figure is what it was before usage existed.
    #[test]
    fn the_usage_pool_comes_out_of_the_compute_pool_and_each_pool_pays_at_most_itself() {
        let mut x: u64 = 0x1234_5678_9ABC_DEF1;
        let mut capped = 0usize;
        let mut uncapped = 0usize;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let available = x % 10_000_000_000_000_000;
            let y = x.rotate_left(23).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let cap = |v: u64| match v % 4 {
                0 => u64::MAX,
                1 => 1_000_000_000_000,
                2 => v % 1_000_000_000,
                _ => 1 + (v >> 7) % 1_000_000_000_000_000,
            };
            let t = Terms {
                available,
                availability_bps: ((x >> 50) % 10_001) as u16,
                max_compute_rate: cap(y >> 3),
                usage_bps: ((y >> 40) % 3_001) as u16,
                max_usage_rate: cap(y >> 11),
                weight: (x >> 3) % 1_000_000_000_000,
                points: if y.is_multiple_of(5) {
                    0
                } else {
                    (y >> 5) % 1_000_000_000_000
                },
                usage: if y.is_multiple_of(7) {
                    0
                } else {
                    (x >> 29) % 1_000_000_000_000
                },
            };
            let c = super::close(&t).unwrap();
            let availability = available as u128 * t.availability_bps as u128 / 10_000;
            let compute = available as u128 - availability;
            let usage_pool = compute * t.usage_bps as u128 / 10_000;
            let points_pool = compute - usage_pool;
            let usage_earned = earned(t.usage, c.usage_rate).unwrap() as u128;
            let points_earned = earned(t.points, c.compute_rate).unwrap() as u128;
            let weight_earned = earned(t.weight, c.availability_rate).unwrap() as u128;
            assert!(usage_earned <= usage_pool);
            assert!(points_earned <= points_pool);
            assert!(weight_earned <= availability);
            assert!(c.usage_rate <= t.max_usage_rate && c.compute_rate <= t.max_compute_rate);
            assert_eq!(
                c.assigned as u128,
                usage_earned + points_earned + weight_earned
            );
            assert!(c.assigned <= available);
            assert_eq!(c.assigned + c.carried, available);
            if t.usage == 0 || t.usage_bps == 0 {
                assert_eq!(c.usage_rate, 0);
            } else if c.usage_rate == t.max_usage_rate {
                capped += 1;
            } else {
                uncapped += 1;
                // Below the cap the usage rate is the pool's own: pro rata to usage.
                assert_eq!(
                    c.usage_rate as u128,
                    usage_pool * SCALE as u128 / t.usage as u128
                );
            }
            // With usage off, every figure is today's.
            let off = super::close(&Terms { usage_bps: 0, ..t }).unwrap();
            let before = close(
                available,
                t.availability_bps,
                t.weight,
                t.points,
                t.max_compute_rate,
            )
            .unwrap();
            assert_eq!(off, before);
            let no_users = super::close(&Terms { usage: 0, ..t }).unwrap();
            assert_eq!(no_users.usage_rate, 0);
        }
        assert!(capped > 1_000 && uncapped > 1_000, "{capped} {uncapped}");
    }

    #[test]
    fn usage_pro_rata_and_the_cap_in_a_thin_epoch() {
        // 1,000 IO available, 50% availability (nobody), usage 20% of the 500 IO compute pool
        let t = Terms {
            available: 100_000_000_000,
            availability_bps: 5_000,
            max_compute_rate: u64::MAX,
            usage_bps: 2_000,
            max_usage_rate: u64::MAX,
            weight: 0,
            points: 0,
            usage: 4_000_000, // $4 of usage: 100 IO over 4e6 units = 2,500 base units per unit
        };
        let c = super::close(&t).unwrap();
        assert_eq!(c.usage_rate, 2_500 * SCALE);
        assert_eq!(earned(1_000_000, c.usage_rate), Some(2_500_000_000)); // $1 of 4: 25 IO
        assert_eq!(earned(3_000_000, c.usage_rate), Some(7_500_000_000)); // $3 of 4: 75 IO
        assert_eq!(c.carried, 100_000_000_000 - 10_000_000_000);
        // At a cap of 0.001 IO per $1 (1e8): $4 earns 0.004 IO, the rest of the pool carries
        let capped = super::close(&Terms {
            max_usage_rate: 100_000_000,
            ..t
        })
        .unwrap();
        assert_eq!(capped.usage_rate, 100_000_000);
        assert_eq!(capped.assigned, 400_000);
        assert_eq!(capped.carried, 100_000_000_000 - 400_000);
    }
}
