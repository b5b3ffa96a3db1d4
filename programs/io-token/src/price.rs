//! Reading io_oracle's IO/USD PriceFeed by account (owner + discriminator), without depending
//! on the io_oracle crate (a program crate cannot be linked into another on SBF). The offsets
//! are io_oracle's zero-copy layout; a host test checks them against that crate.

use crate::interface::Error;
use io_common::discriminator::discriminator;
use pinocchio::{AccountView, Address};

/// io_oracle's program id (keys/io_oracle-keypair.json).
pub const IO_ORACLE_ID: Address =
    Address::from_str_const("EQQvakrHyx3E2vN8i3JD5t29SYtJzsG1w3CdiZgdosXb");
const PRICE_FEED_DISCRIMINATOR: [u8; 8] = discriminator("account:", "PriceFeed");
// PriceFeed: discriminator (8), version (1), bump (1), healthy (1), price, confidence, publish_ts.
const HEALTHY: usize = 10;
const PRICE: usize = 11;
const CONFIDENCE: usize = 19;
const PUBLISH_TS: usize = 27;
const END: usize = 35;

/// The accepted price (1e-8 USD per IO), its confidence and publish time, if the feed is healthy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Price {
    pub price: u64,
    pub confidence: u64,
    pub publish_ts: i64,
}

/// The u64 at a constant offset within the first END bytes.
fn u64_at<const AT: usize>(data: &[u8]) -> u64 {
    data.get(AT..)
        .and_then(|rest| rest.first_chunk::<8>())
        .map_or(0, |b| u64::from_le_bytes(*b))
}

/// Parses PriceFeed bytes: InvalidPriceFeed unless the discriminator matches, UnhealthyPrice
/// for an unhealthy feed.
pub fn parse(data: &[u8]) -> Result<Price, Error> {
    let Some(head) = data.get(..END) else {
        return Err(Error::InvalidPriceFeed);
    };
    if head[..8] != PRICE_FEED_DISCRIMINATOR {
        return Err(Error::InvalidPriceFeed);
    }
    let price = Price {
        price: u64_at::<PRICE>(head),
        confidence: u64_at::<CONFIDENCE>(head),
        publish_ts: u64_at::<PUBLISH_TS>(head) as i64,
    };
    if head[HEALTHY] != 1 || price.price == 0 {
        return Err(Error::UnhealthyPrice);
    }
    Ok(price)
}

/// The price from io_oracle's feed account, fresh within `max_age` seconds of `now`.
pub fn read(feed: &AccountView, max_age: u32, now: i64) -> Result<Price, Error> {
    if !feed.owned_by(&IO_ORACLE_ID) {
        return Err(Error::InvalidPriceFeed);
    }
    let data = feed.try_borrow().map_err(|_| Error::InvalidPriceFeed)?;
    let price = parse(&data)?;
    if now.saturating_sub(price.publish_ts) > max_age as i64 {
        return Err(Error::StalePrice);
    }
    Ok(price)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_match_io_oracle_price_feed() {
        assert_eq!(IO_ORACLE_ID, io_oracle::ID);
        let mut data = [0u8; io_oracle::state::PriceFeed::LEN];
        let feed = io_oracle::state::PriceFeed::init(&mut data).unwrap();
        feed.healthy.set(true);
        feed.price.set(123_456_789);
        feed.confidence.set(1_234);
        feed.publish_ts.set(1_800_000_000);
        assert_eq!(
            parse(&data),
            Ok(Price {
                price: 123_456_789,
                confidence: 1_234,
                publish_ts: 1_800_000_000
            })
        );
        io_oracle::state::PriceFeed::from_bytes_mut(&mut data)
            .unwrap()
            .healthy
            .set(false);
        assert_eq!(parse(&data), Err(Error::UnhealthyPrice));
        data[0] ^= 1;
        assert_eq!(parse(&data), Err(Error::InvalidPriceFeed));
    }
}
