//! The emission schedule (docs/emissions.md): cumulative IO emitted after `hours` whole hours,
//! a pure function in O(1) — one table lookup and one 64-bit `mul_div`.

use crate::{emission_table::MONTH_START, state::IO};
use io_common::math::mul_div;

/// Hours in an emission month.
pub const MONTH_HOURS: u64 = 730;
/// Emission stops at exactly 300,000,000 IO (800M with the genesis supply).
pub const EMISSION_CAP: u64 = 300_000_000 * IO;

/// Cumulative emission in base units after `hours` whole hours since the emission start:
/// the month's start value plus `floor(month amount * hour-in-month / 730)`, never above the cap.
pub fn cumulative(hours: u64) -> u64 {
    let month = (hours / MONTH_HOURS) as usize;
    let (Some(&start), Some(&end)) = (
        MONTH_START.get(month),
        MONTH_START.get(month.wrapping_add(1)),
    ) else {
        return EMISSION_CAP;
    };
    let in_month = hours % MONTH_HOURS;
    // end > start (the table increases) and the product fits: amount < 2^49, in_month < 2^10.
    let spread = mul_div(end.wrapping_sub(start), in_month, MONTH_HOURS).unwrap_or(0);
    start.saturating_add(spread).min(EMISSION_CAP)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_increasing_and_crosses_the_cap_in_its_last_month() {
        assert_eq!(MONTH_START[0], 0);
        assert!(MONTH_START.windows(2).all(|w| w[0] < w[1]));
        assert!(MONTH_START[MONTH_START.len() - 2] < EMISSION_CAP);
        assert!(MONTH_START[MONTH_START.len() - 1] >= EMISSION_CAP);
    }

    #[test]
    fn month_zero_spreads_a_third_of_a_billion_base_units_evenly() {
        assert_eq!(cumulative(0), 0);
        assert_eq!(cumulative(1), 333_333_333_333_333 / 730);
        assert_eq!(cumulative(730), 333_333_333_333_333);
    }

    #[test]
    fn reaches_the_cap_exactly_in_month_243_and_stays() {
        let cap_hour = (0..=250 * MONTH_HOURS)
            .find(|&h| cumulative(h) == EMISSION_CAP)
            .unwrap();
        assert_eq!(cap_hour / MONTH_HOURS, 243);
        assert!(cumulative(cap_hour - 1) < EMISSION_CAP);
        for h in [cap_hour, 244 * MONTH_HOURS, 400 * MONTH_HOURS, u64::MAX] {
            assert_eq!(cumulative(h), EMISSION_CAP);
        }
    }

    #[test]
    fn never_decreases_hour_by_hour() {
        let mut last = 0;
        for h in 0..=245 * MONTH_HOURS {
            let c = cumulative(h);
            assert!(c >= last, "hour {h}");
            last = c;
        }
    }
}
