//! Seeds, bounds and the accounts.

pub use crate::interface::{OracleConfig, PriceFeed};
pub use io_common::loader::LOADER_V3;

pub const CONFIG_SEED: &[u8] = b"config";
pub const PRICE_FEED_SEED: &[u8] = b"price_feed";

/// Layout version of the accounts.
pub const ACCOUNT_VERSION: u8 = 1;
/// Most oracles in a set.
pub const MAX_ORACLES: usize = 10;
/// Prices are USD per IO with 8 decimals.
pub const PRICE_DECIMALS: u8 = 8;
/// How far in the future a submission's timestamp may be (clock skew), seconds.
pub const MAX_FUTURE_SKEW: i64 = 60;
pub const BPS: u64 = 10_000;
