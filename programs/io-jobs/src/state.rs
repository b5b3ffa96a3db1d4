//! Seeds and bounds.

pub use crate::interface::{Job, JobsConfig, Node};
pub use io_common::loader::LOADER_V3;

pub const NODE_SEED: &[u8] = b"node";
pub const CONFIG_SEED: &[u8] = b"config";
pub const AUTHORITY_SEED: &[u8] = b"authority";
pub const ESCROW_SEED: &[u8] = b"escrow";
pub const JOB_SEED: &[u8] = b"job";

/// Job states.
pub const JOB_OPEN: u8 = 1;
/// Payment currencies.
pub const PAY_USDC: u8 = 0;
pub const ACCOUNT_VERSION: u8 = 1;
pub const BPS: u16 = 10_000;

/// Price and split bounds shared by register and update.
pub fn valid_terms(price_per_hour: u64, usd_share_bps: u16) -> bool {
    price_per_hour > 0 && usd_share_bps <= BPS
}
