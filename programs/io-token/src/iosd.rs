//! IOSD pricing and the rate limit: pure functions, tested on the host.

use crate::state::IO_PRICE_TO_IOSD;
use io_common::math::{checked_mul, mul_div};

/// IOSD's parameters' bounds (init_iosd, set_iosd_params, and io_governance's table, ids 81-84):
/// a price age and a rate window above 0; the multiple and the rate limit are free.
pub fn params_ok(max_price_age: u32, rate_window: u32) -> bool {
    max_price_age != 0 && rate_window != 0
}

/// price - multiple x confidence, or None when that is not positive.
pub fn conservative_price(price: u64, confidence: u64, multiple: u8) -> Option<u64> {
    let haircut = checked_mul(confidence, multiple as u64)?;
    price.checked_sub(haircut).filter(|p| *p > 0)
}

/// IOSD base units for `io_amount` IO base units at `price` (1e-8 USD per IO), rounded down.
pub fn iosd_for(io_amount: u64, price: u64) -> Option<u64> {
    mul_div(io_amount, price, IO_PRICE_TO_IOSD)
}

/// The window's usage after `elapsed` seconds of linear decay at `limit` per `window`.
pub fn decayed(used: u64, elapsed: u64, limit: u64, window: u32) -> u64 {
    let decay = mul_div(limit, elapsed, window as u64).unwrap_or(u64::MAX);
    used.saturating_sub(decay)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_conservatively_and_rounds_down() {
        assert_eq!(
            conservative_price(200_000_000, 1_000_000, 2),
            Some(198_000_000)
        );
        assert_eq!(conservative_price(200_000_000, 100_000_000, 2), None);
        // 3 IO at $1.98 = 5.94 IOSD
        assert_eq!(iosd_for(300_000_000, 198_000_000), Some(5_940_000));
        // 1 base unit of IO is worth less than 1 base unit of IOSD: 0
        assert_eq!(iosd_for(1, 198_000_000), Some(0));
    }

    #[test]
    fn rate_limit_usage_decays_linearly() {
        assert_eq!(decayed(1_000, 0, 1_000, 100), 1_000);
        assert_eq!(decayed(1_000, 25, 1_000, 100), 750);
        assert_eq!(decayed(1_000, 100, 1_000, 100), 0);
        assert_eq!(decayed(1_000, u64::MAX, 1_000, 1), 0);
    }
}
