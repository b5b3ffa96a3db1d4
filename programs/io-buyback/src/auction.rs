//! The auction's arithmetic: pure functions, tested on the host.
//!
//! Rates are IO base units per USDC (10^6 USDC base units). IO has 8 decimals and the oracle
//! price 8 (1e-8 USD per IO), so $1 buys 10^16 / price IO base units at the price. Every
//! rounding favours the protocol: rates and IO amounts round up (the buyer burns more), a
//! lot's rate falls in whole steps rounded down (it stays higher).

use crate::state::{BPS, USDC_UNIT};
use io_common::math::{checked_mul, mul_div, mul_div_ceil};

/// IO base units per USDC at `price` (1e-8 USD per IO): 10^16 / price.
pub const RATE_AT_PRICE: u64 = 10_000_000_000_000_000;

/// IO base units $1 buys at `price`, rounded up; `None` for a zero price.
pub fn oracle_rate(price: u64) -> Option<u64> {
    mul_div_ceil(RATE_AT_PRICE, 1, price)
}

/// price − multiple × confidence, or `None` when that is not positive.
pub fn conservative_price(price: u64, confidence: u64, multiple: u8) -> Option<u64> {
    let haircut = checked_mul(confidence, multiple as u64)?;
    price.checked_sub(haircut).filter(|p| *p > 0)
}

/// The oracle bound: the IO base units $1 must buy at least, so that the protocol never pays
/// more for IO than the conservative price marked up by `premium_bps`; rounded up.
/// `None` when the price leaves no conservative price (or one below 6e-8 USD, where the rate
/// would not fit).
pub fn bound_rate(price: u64, confidence: u64, multiple: u8, premium_bps: u16) -> Option<u64> {
    let conservative = conservative_price(price, confidence, multiple)?;
    let markup = BPS.checked_add(premium_bps as u64)?;
    // 10^16 x 10^4 / (conservative x (10^4 + premium)), rounded up, in two steps that keep
    // every quotient in a u64 (ceil(ceil(x / b) / c) = ceil(x / (b c)) for positive integers).
    let at_conservative = mul_div_ceil(RATE_AT_PRICE, BPS, conservative)?;
    mul_div_ceil(at_conservative, 1, markup)
}

/// The lot's rate at `now`: `start` until `started_at`, falling linearly to `floor` at
/// `ends_at`, then `floor`. Never below `floor`, never above `start` (for start >= floor).
pub fn auction_rate(start: u64, floor: u64, started_at: i64, ends_at: i64, now: i64) -> u64 {
    if now >= ends_at {
        return floor;
    }
    if now <= started_at || start <= floor {
        return start;
    }
    // 0 < elapsed < period here.
    let elapsed = now.wrapping_sub(started_at) as u64;
    let period = ends_at.wrapping_sub(started_at) as u64;
    let span = start.wrapping_sub(floor);
    // elapsed < period, so the drop is below span and fits.
    let drop = mul_div(span, elapsed, period).unwrap_or(span);
    start.saturating_sub(drop).max(floor)
}

/// The next lot's start: the reference times the multiplier, but never more than the oracle's
/// rate times the multiplier (a start far above the market would only idle the auction: see
/// docs/buyback.md, "Escalation"), and never below `min_rate`. Saturating.
pub fn next_start(reference: u64, oracle_rate: u64, multiplier_bps: u16, min_rate: u64) -> u64 {
    let base = reference.min(oracle_rate);
    let raised = mul_div(base, multiplier_bps as u64, BPS).unwrap_or(u64::MAX);
    raised.max(min_rate)
}

/// A lot's floor: its start times `floor_bps`, at least 1.
pub fn floor_of(start: u64, floor_bps: u16) -> u64 {
    mul_div(start, floor_bps as u64, BPS)
        .unwrap_or(start)
        .max(1)
}

/// IO base units for `usdc` base units at `rate`, rounded up; `None` on overflow.
pub fn io_for(usdc: u64, rate: u64) -> Option<u64> {
    mul_div_ceil(usdc, rate, USDC_UNIT)
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use io_common::testing::Rng;

    #[test]
    fn examples() {
        // IO at $0.25: $1 buys 4 IO.
        assert_eq!(oracle_rate(25_000_000), Some(400_000_000));
        // $0.25 with no confidence and a 1% premium: $1 must buy 4 / 1.01 IO, rounded up.
        assert_eq!(bound_rate(25_000_000, 0, 2, 100), Some(396_039_604));
        // Confidence 0.5c twice: the conservative price is $0.24.
        assert_eq!(bound_rate(25_000_000, 500_000, 2, 0), Some(416_666_667));
        assert_eq!(bound_rate(25_000_000, 12_500_000, 2, 0), None);
        assert_eq!(bound_rate(0, 0, 2, 0), None);
        // Halfway through the period, halfway down.
        assert_eq!(auction_rate(1_000, 500, 100, 200, 150), 750);
        assert_eq!(auction_rate(1_000, 500, 100, 200, 100), 1_000);
        assert_eq!(auction_rate(1_000, 500, 100, 200, 99), 1_000);
        assert_eq!(auction_rate(1_000, 500, 100, 200, 200), 500);
        assert_eq!(auction_rate(1_000, 500, 100, 200, i64::MAX), 500);
        // A third of the way: 1000 - floor(500 / 3) = 834 (the rate rounds up).
        assert_eq!(auction_rate(1_000, 500, 0, 3, 1), 834);
        assert_eq!(next_start(1_000, u64::MAX, 15_000, 1), 1_500);
        assert_eq!(next_start(1_000, u64::MAX, 15_000, 2_000), 2_000);
        assert_eq!(next_start(u64::MAX, u64::MAX, 30_000, 1), u64::MAX);
        // Capped at the oracle's rate x the multiplier
        assert_eq!(next_start(1_000, 600, 15_000, 1), 900);
        assert_eq!(next_start(1_000, 600, 15_000, 1_000), 1_000);
        assert_eq!(floor_of(1_500, 5_000), 750);
        assert_eq!(floor_of(1, 5_000), 1);
        // $10 at 4 IO per $1: 40 IO; one base unit more of USDC rounds the IO up.
        assert_eq!(io_for(10_000_000, 400_000_000), Some(4_000_000_000));
        assert_eq!(io_for(1, 400_000_000), Some(400));
        assert_eq!(io_for(1, 3), Some(1));
        assert_eq!(io_for(u64::MAX, u64::MAX), None);
    }

    #[test]
    fn the_rate_never_rises_with_time_and_stays_between_floor_and_start() {
        let mut rng = Rng(7);
        for _ in 0..20_000 {
            let floor = rng.value().max(1);
            let start = floor.saturating_add(rng.value());
            let started = rng.range_i64(0, 1 << 40);
            let ends = started + rng.range_i64(1, 7 * 86_400);
            let mut last = u64::MAX;
            let mut t = started - 10;
            while t <= ends + 10 {
                let r = auction_rate(start, floor, started, ends, t);
                assert!(r <= last, "rises at {t}");
                assert!(r >= floor && r <= start);
                last = r;
                t += rng.range_i64(1, (ends - started) / 7 + 1);
            }
            assert_eq!(auction_rate(start, floor, started, ends, ends), floor);
            assert_eq!(auction_rate(start, floor, started, ends, started), start);
        }
    }

    #[test]
    fn the_rate_is_the_linear_interpolation_rounded_up() {
        let mut rng = Rng(8);
        for _ in 0..100_000 {
            let floor = rng.value();
            let start = floor.saturating_add(rng.value());
            let started = rng.range_i64(0, 1 << 40);
            let period = rng.range_i64(1, 7 * 86_400);
            let now = started + rng.range_i64(0, period);
            let exact_drop = (start - floor) as u128 * (now - started) as u128 / period as u128;
            let r = auction_rate(start, floor, started, started + period, now);
            assert_eq!(r as u128, start as u128 - exact_drop);
        }
    }

    #[test]
    fn next_start_applies_the_multiplier_and_never_goes_below_the_minimum() {
        let mut rng = Rng(9);
        for _ in 0..100_000 {
            let reference = rng.value();
            let oracle = if rng.chance(2) { u64::MAX } else { rng.value() };
            let multiplier = rng.range_i64(11_000, 30_000) as u16;
            let min_rate = rng.value().max(1);
            let s = next_start(reference, oracle, multiplier, min_rate);
            let raised = reference.min(oracle) as u128 * multiplier as u128 / 10_000;
            assert!(s >= min_rate);
            assert_eq!(
                s as u128,
                raised.min(u64::MAX as u128).max(min_rate as u128)
            );
            // Never above the oracle's rate x the multiplier, unless the minimum lifts it there.
            if s > min_rate {
                assert!(s as u128 <= oracle as u128 * multiplier as u128 / 10_000);
            }
            // The next lot starts above its reference when the oracle does not cap it.
            if oracle == u64::MAX && reference > 10 && reference < u64::MAX / 3 {
                assert!(s > reference);
            }
            // An unsold lot's successor starts lower than it did, when the bounds hold.
            let floor_bps = rng.range_i64(1, 9_999) as u16;
            if (floor_bps as u64) * (multiplier as u64) < 100_000_000
                && (10_000..u64::MAX / 4).contains(&s)
            {
                let floor = floor_of(s, floor_bps);
                let again = next_start(floor, u64::MAX, multiplier, 1);
                assert!(again <= s, "{s} {floor} {again}");
            }
        }
    }

    #[test]
    fn the_bound_rounds_up_and_never_lets_the_protocol_pay_above_the_marked_up_price() {
        let mut rng = Rng(10);
        for _ in 0..200_000 {
            let price = rng.value().max(1);
            let confidence = if rng.chance(3) {
                0
            } else {
                rng.value() >> rng.below(64)
            };
            let multiple = rng.below(11) as u8;
            let premium = rng.below(1_001) as u16;
            let Some(rate) = bound_rate(price, confidence, multiple, premium) else {
                assert!(
                    (confidence as u128) * (multiple as u128) + 6 > price as u128,
                    "None only without a conservative price"
                );
                continue;
            };
            let conservative = price as u128 - confidence as u128 * multiple as u128;
            let cap = conservative * (10_000 + premium as u128);
            let needed = 10u128.pow(20);
            // rate x conservative x (1 + premium) >= 10^20: $1 buys at least the marked-up price's IO.
            assert!(
                rate as u128 * cap >= needed,
                "{price} {confidence} {multiple} {premium}"
            );
            // ... and only just (rounded up, not further).
            assert!((rate as u128 - 1) * cap < needed);
            // Any fill at that rate or above pays at most the marked-up price per IO.
            let usdc = rng.value().max(1) >> rng.below(40);
            if let Some(io) = io_for(usdc, rate) {
                // usdc / 10^6 USD for io / 10^8 IO: usdc x 10^10 / io <= cap / 10^4 (1e-8 USD).
                assert!(usdc as u128 * 10u128.pow(10) * 10_000 <= io as u128 * cap);
            }
        }
    }

    #[test]
    fn io_rounds_up() {
        let mut rng = Rng(11);
        for _ in 0..200_000 {
            let (usdc, rate) = (rng.value(), rng.value());
            let exact = usdc as u128 * rate as u128;
            match io_for(usdc, rate) {
                Some(io) => {
                    assert!(io as u128 * 1_000_000 >= exact);
                    assert!(io == 0 || (io as u128 - 1) * 1_000_000 < exact);
                }
                None => assert!(exact.div_ceil(1_000_000) > u64::MAX as u128),
            }
        }
    }
}
