//! Reading io_oracle's accounts from other programs by owner, discriminator and offsets (a
//! program crate cannot be linked into another on SBF). The offsets are io_oracle's zero-copy
//! layouts; io_oracle's host tests check them against its own account types.

use crate::discriminator::discriminator;
use pinocchio::{AccountView, Address};

/// io_oracle's program id (keys/io_oracle-keypair.json).
pub const IO_ORACLE_ID: Address =
    Address::from_str_const("EQQvakrHyx3E2vN8i3JD5t29SYtJzsG1w3CdiZgdosXb");
/// io_oracle's one IO/USD feed, its PDA ["price_feed"]: the only account a price is read from
/// (an io_oracle upgrade that adds feeds must not let a caller pick the one it likes).
pub const PRICE_FEED: Address =
    Address::from_str_const("549f8fogaWbk8L8E21i94FSu8GtPjk5b2QfSqxoanSXK");
/// The most members an oracle set holds.
pub const MAX_ORACLES: usize = crate::quorum::MAX_MEMBERS;

const PRICE_FEED_DISCRIMINATOR: [u8; 8] = discriminator("account:", "PriceFeed");
// PriceFeed: discriminator (8), version (1), bump (1), healthy (1), price, confidence, publish_ts.
const HEALTHY: usize = 10;
const PRICE: usize = 11;
const CONFIDENCE: usize = 19;
const PUBLISH_TS: usize = 27;
const PRICE_END: usize = 35;

const ORACLE_CONFIG_DISCRIMINATOR: [u8; 8] = discriminator("account:", "OracleConfig");
// OracleConfig: discriminator (8), version, bump, admin (32), pending_admin (32), set_version
// (u32), quorum, member_count, members ([pubkey; 10]).
const SET_VERSION: usize = 74;
const QUORUM: usize = 78;
const MEMBER_COUNT: usize = 79;
const MEMBERS: usize = 80;
const MEMBERS_END: usize = MEMBERS + 32 * MAX_ORACLES;

/// Why an io_oracle account could not be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OracleError {
    /// Not io_oracle's account of the expected type.
    Invalid,
    /// The feed is unhealthy (or zero).
    Unhealthy,
    /// The accepted price is older than allowed.
    Stale,
}

/// The accepted price (1e-8 USD per IO), its confidence and publish time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Price {
    pub price: u64,
    pub confidence: u64,
    pub publish_ts: i64,
}

fn u64_at(data: &[u8], at: usize) -> u64 {
    data.get(at..)
        .and_then(|rest| rest.first_chunk::<8>())
        .map_or(0, |b| u64::from_le_bytes(*b))
}

/// Parses PriceFeed bytes.
pub fn parse_price(data: &[u8]) -> Result<Price, OracleError> {
    let Some(head) = data.get(..PRICE_END) else {
        return Err(OracleError::Invalid);
    };
    if head[..8] != PRICE_FEED_DISCRIMINATOR {
        return Err(OracleError::Invalid);
    }
    let price = Price {
        price: u64_at(head, PRICE),
        confidence: u64_at(head, CONFIDENCE),
        publish_ts: u64_at(head, PUBLISH_TS) as i64,
    };
    if head[HEALTHY] != 1 || price.price == 0 {
        return Err(OracleError::Unhealthy);
    }
    Ok(price)
}

/// The price from io_oracle's feed account, fresh within `max_age` seconds of `now`.
pub fn read_price(feed: &AccountView, max_age: u32, now: i64) -> Result<Price, OracleError> {
    if feed.address() != &PRICE_FEED || !feed.owned_by(&IO_ORACLE_ID) {
        return Err(OracleError::Invalid);
    }
    let data = feed.try_borrow().map_err(|_| OracleError::Invalid)?;
    let price = parse_price(&data)?;
    if now.saturating_sub(price.publish_ts) > max_age as i64 {
        return Err(OracleError::Stale);
    }
    Ok(price)
}

/// What an attestation needs from the oracle set: the signer's index, the set's version and quorum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Membership {
    pub index: u8,
    pub set_version: u32,
    pub quorum: u8,
}

/// Parses OracleConfig bytes and finds `signer` among its members: `Ok(None)` if it is not one.
pub fn parse_membership(data: &[u8], signer: &Address) -> Result<Option<Membership>, OracleError> {
    let Some(head) = data.get(..MEMBERS_END) else {
        return Err(OracleError::Invalid);
    };
    if head[..8] != ORACLE_CONFIG_DISCRIMINATOR {
        return Err(OracleError::Invalid);
    }
    let set_version = head
        .get(SET_VERSION..)
        .and_then(|rest| rest.first_chunk::<4>())
        .map_or(0, |b| u32::from_le_bytes(*b));
    let count = (head[MEMBER_COUNT] as usize).min(MAX_ORACLES);
    let members = head[MEMBERS..].chunks_exact(32).take(count);
    Ok(members
        .enumerate()
        .find(|(_, key)| *key == signer.as_ref())
        .map(|(index, _)| Membership {
            index: index as u8,
            set_version,
            quorum: head[QUORUM],
        }))
}

/// `signer`'s membership of io_oracle's set at `config` (its address is checked by the caller).
pub fn read_membership(
    config: &AccountView,
    signer: &Address,
) -> Result<Option<Membership>, OracleError> {
    if !config.owned_by(&IO_ORACLE_ID) {
        return Err(OracleError::Invalid);
    }
    let data = config.try_borrow().map_err(|_| OracleError::Invalid)?;
    parse_membership(&data, signer)
}
