//! io_oracle's IO/USD feed (read through `io_common::oracle`) with io_token's error codes.

use crate::interface::Error;
pub use io_common::oracle::Price;
use io_common::oracle::{read_price, OracleError};
use pinocchio::AccountView;

/// The price from io_oracle's feed account, fresh within `max_age` seconds of `now`.
pub fn read(feed: &AccountView, max_age: u32, now: i64) -> Result<Price, Error> {
    read_price(feed, max_age, now).map_err(|e| match e {
        OracleError::Invalid => Error::InvalidPriceFeed,
        OracleError::Unhealthy => Error::UnhealthyPrice,
        OracleError::Stale => Error::StalePrice,
    })
}
