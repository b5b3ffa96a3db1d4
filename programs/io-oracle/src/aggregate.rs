//! The quorum median of fresh submissions and the checks an accepted price must pass.
//! Pure functions over at most `MAX_ORACLES` values (insertion sort), tested on the host.

use crate::state::{BPS, MAX_ORACLES};
use io_common::math::checked_mul;

/// What a new submission led to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Fewer than a quorum of fresh submissions of the current set.
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

/// The submissions of the current set version, and the bounds, as `aggregate` needs them.
pub struct Round<'a> {
    pub prices: &'a [u64],
    pub confidences: &'a [u64],
    pub timestamps: &'a [i64],
    pub set_versions: &'a [u32],
    pub set_version: u32,
    pub quorum: u8,
    pub now: i64,
    pub staleness: u32,
    pub last_price: u64,
    pub max_move_bps: u16,
    pub max_conf_bps: u16,
}

fn insertion_sort<T: PartialOrd + Copy>(values: &mut [T]) {
    for i in 1..values.len() {
        let mut j = i;
        while j > 0 && values[j.wrapping_sub(1)] > values[j] {
            values.swap(j.wrapping_sub(1), j);
            j = j.wrapping_sub(1);
        }
    }
}

/// The median; for an even count the mean of the two middle values, rounded down.
fn median(values: &mut [u64]) -> u64 {
    insertion_sort(values);
    let n = values.len();
    let hi = values[n / 2];
    if n % 2 == 1 {
        return hi;
    }
    // n >= 2 here and the values are sorted: no underflow, and the mean fits.
    let lo = values[(n / 2).wrapping_sub(1)];
    lo.wrapping_add(hi.wrapping_sub(lo) / 2)
}

/// `a * BPS <= b * bps`, false on overflow.
fn within_bps(a: u64, b: u64, bps: u16) -> bool {
    match (checked_mul(a, BPS), checked_mul(b, bps as u64)) {
        (Some(lhs), Some(rhs)) => lhs <= rhs,
        _ => false,
    }
}

pub fn aggregate(round: &Round) -> Verdict {
    let mut prices = [0u64; MAX_ORACLES];
    let mut confidences = [0u64; MAX_ORACLES];
    let mut timestamps = [0i64; MAX_ORACLES];
    let mut n = 0usize;
    for i in 0..round.prices.len().min(MAX_ORACLES) {
        let fresh = round.now.saturating_sub(round.timestamps[i]) <= round.staleness as i64;
        if round.set_versions[i] == round.set_version && round.prices[i] > 0 && fresh {
            prices[n] = round.prices[i];
            confidences[n] = round.confidences[i];
            timestamps[n] = round.timestamps[i];
            n = n.wrapping_add(1); // at most MAX_ORACLES
        }
    }
    if n == 0 || n < round.quorum as usize {
        return Verdict::NoQuorum;
    }
    let price = median(&mut prices[..n]);
    let confidence = median(&mut confidences[..n]);
    insertion_sort(&mut timestamps[..n]);
    let publish_ts = timestamps[n.wrapping_sub(1) / 2]; // n >= 1: the lower median
    if !within_bps(confidence, price, round.max_conf_bps) {
        return Verdict::Reject {
            price,
            confidence,
            reason: 1,
        };
    }
    if round.last_price > 0 {
        let moved = price.abs_diff(round.last_price);
        if !within_bps(moved, round.last_price, round.max_move_bps) {
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
        count: n as u8,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round<'a>(p: &'a [u64], c: &'a [u64], t: &'a [i64], v: &'a [u32], last: u64) -> Round<'a> {
        Round {
            prices: p,
            confidences: c,
            timestamps: t,
            set_versions: v,
            set_version: 2,
            quorum: 2,
            now: 1_000,
            staleness: 600,
            last_price: last,
            max_move_bps: 1_000,
            max_conf_bps: 200,
        }
    }

    #[test]
    fn takes_the_median_of_fresh_current_submissions() {
        let v = round(
            &[100, 300, 200],
            &[1, 3, 2],
            &[990, 995, 999],
            &[2, 2, 2],
            0,
        );
        assert_eq!(
            aggregate(&v),
            Verdict::Accept {
                price: 200,
                confidence: 2,
                publish_ts: 995,
                count: 3
            }
        );
        let even = round(&[100, 301, 0], &[1, 2, 0], &[990, 995, 0], &[2, 2, 0], 0);
        assert_eq!(
            aggregate(&even),
            Verdict::Accept {
                price: 200,
                confidence: 1,
                publish_ts: 990,
                count: 2
            }
        );
    }

    #[test]
    fn ignores_stale_and_old_version_submissions() {
        let stale = round(
            &[100, 300, 200],
            &[1, 1, 1],
            &[300, 995, 100],
            &[2, 2, 2],
            0,
        );
        assert_eq!(aggregate(&stale), Verdict::NoQuorum);
        let old = round(
            &[100, 300, 200],
            &[1, 1, 1],
            &[990, 995, 999],
            &[1, 2, 1],
            0,
        );
        assert_eq!(aggregate(&old), Verdict::NoQuorum);
    }

    #[test]
    fn refuses_wide_confidence_and_large_moves() {
        let wide = round(&[100, 100], &[3, 3], &[990, 995], &[2, 2], 0);
        assert_eq!(
            aggregate(&wide),
            Verdict::Reject {
                price: 100,
                confidence: 3,
                reason: 1
            }
        );
        let far = round(&[1_000, 1_000], &[1, 1], &[990, 995], &[2, 2], 800);
        assert_eq!(
            aggregate(&far),
            Verdict::Reject {
                price: 1_000,
                confidence: 1,
                reason: 2
            }
        );
        let near = round(&[880, 880], &[1, 1], &[990, 995], &[2, 2], 800);
        assert!(matches!(
            aggregate(&near),
            Verdict::Accept { price: 880, .. }
        ));
    }
}
