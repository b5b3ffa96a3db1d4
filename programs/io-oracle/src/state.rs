//! Seeds, bounds and the accounts.

pub use crate::interface::{OracleConfig, PriceFeed};
pub use io_common::loader::LOADER_V3;

pub const CONFIG_SEED: &[u8] = b"config";
pub const PRICE_FEED_SEED: &[u8] = b"price_feed";

/// Layout version of the accounts.
pub const ACCOUNT_VERSION: u8 = 1;
/// Most oracles in a set (other programs read the set through `io_common::oracle`).
pub const MAX_ORACLES: usize = io_common::oracle::MAX_ORACLES;
/// Prices are USD per IO with 8 decimals.
pub const PRICE_DECIMALS: u8 = 8;
/// How far in the future a submission's timestamp may be (clock skew), seconds.
pub const MAX_FUTURE_SKEW: i64 = 60;
pub const BPS: u64 = 10_000;

/// Other programs read these accounts through `io_common::oracle` by offsets: check them here.
#[cfg(test)]
mod reader_tests {
    use super::*;
    use io_common::oracle::{parse_membership, parse_price, Membership, OracleError, Price};
    use pinocchio::Address;

    #[test]
    fn price_feed_offsets_match() {
        assert_eq!(io_common::oracle::IO_ORACLE_ID, crate::ID);
        let (feed, _) = Address::find_program_address(&[PRICE_FEED_SEED], &crate::ID);
        assert_eq!(io_common::oracle::PRICE_FEED, feed);
        let mut data = [0u8; PriceFeed::LEN];
        let feed = PriceFeed::init(&mut data).unwrap();
        feed.healthy.set(true);
        feed.price.set(123_456_789);
        feed.confidence.set(1_234);
        feed.publish_ts.set(1_800_000_000);
        let expected = Price {
            price: 123_456_789,
            confidence: 1_234,
            publish_ts: 1_800_000_000,
        };
        assert_eq!(parse_price(&data), Ok(expected));
        PriceFeed::from_bytes_mut(&mut data)
            .unwrap()
            .healthy
            .set(false);
        assert_eq!(parse_price(&data), Err(OracleError::Unhealthy));
        data[0] ^= 1;
        assert_eq!(parse_price(&data), Err(OracleError::Invalid));
    }

    #[test]
    fn oracle_set_offsets_match() {
        let mut data = [0u8; OracleConfig::LEN];
        let config = OracleConfig::init(&mut data).unwrap();
        config.set_version.set(7);
        config.quorum = 2;
        config.member_count = 3;
        for i in 0..MAX_ORACLES {
            config.members[i] = Address::new_from_array([i as u8 + 1; 32]);
        }
        let key = |i: u8| Address::new_from_array([i + 1; 32]);
        assert_eq!(
            parse_membership(&data, &key(2)),
            Ok(Some(Membership {
                index: 2,
                set_version: 7,
                quorum: 2
            }))
        );
        // Slots past member_count are not members.
        assert_eq!(parse_membership(&data, &key(3)), Ok(None));
        data[0] ^= 1;
        assert_eq!(parse_membership(&data, &key(0)), Err(OracleError::Invalid));
    }
}

#[cfg(test)]
mod admin_offset_tests {
    /// io_governance reads this config's admin by offset (admin target 1) to see whether a
    /// hand-over its proposal accepts is done already.
    #[test]
    fn io_common_knows_where_the_admin_is() {
        let at = core::mem::offset_of!(crate::interface::OracleConfig, admin);
        assert_eq!(io_common::governance::admin_offset(1), Some(at));
    }
}
