//! Seeds and bounds.

pub use crate::interface::Node;

pub const NODE_SEED: &[u8] = b"node";
pub const ACCOUNT_VERSION: u8 = 1;
pub const BPS: u16 = 10_000;

/// Price and split bounds shared by register and update.
pub fn valid_terms(price_per_hour: u64, usd_share_bps: u16) -> bool {
    price_per_hour > 0 && usd_share_bps <= BPS
}
