//! Reading io_jobs' Node by owner, discriminator and offsets (a program crate cannot be linked
//! into another on SBF); a host test checks the offsets against io_jobs' layout.

use crate::interface::Error;
use io_common::discriminator::discriminator;
use pinocchio::{AccountView, Address};

/// io_jobs' program id (keys/io_jobs-keypair.json).
pub const IO_JOBS_ID: Address =
    Address::from_str_const("8dywiUaJu6sr7bKszDx7oSqzabkT1BM8b4emaYPQed8b");
const NODE_DISCRIMINATOR: [u8; 8] = discriminator("account:", "Node");
// Node: discriminator (8), version, bump, hardware_class, owner (32), device_id (32),
// price_per_hour (8), usd_share_bps (2), registered_at (8), open_jobs (4), earnings (3 x 8),
// computing_points (8). The owner-declared hardware class is not read: the availability
// multiple comes from the class the oracles measured.
const OWNER: usize = 11;
const REGISTERED_AT: usize = 85;
const POINTS: usize = 121;
const END: usize = 129;

/// What staking needs of a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeInfo {
    pub owner: Address,
    /// When io_jobs registered it: a node retired and registered again at the same address
    /// (same owner and device id) is a new incarnation whose points start from 0.
    pub registered_at: i64,
    pub computing_points: u64,
}

pub fn parse(data: &[u8]) -> Result<NodeInfo, Error> {
    let head = data.get(..END).ok_or(Error::InvalidNode)?;
    if head[..8] != NODE_DISCRIMINATOR {
        return Err(Error::InvalidNode);
    }
    let owner = head
        .get(OWNER..)
        .and_then(|r| r.first_chunk::<32>())
        .ok_or(Error::InvalidNode)?;
    let registered_at = head
        .get(REGISTERED_AT..)
        .and_then(|r| r.first_chunk::<8>())
        .ok_or(Error::InvalidNode)?;
    let points = head
        .get(POINTS..)
        .and_then(|r| r.first_chunk::<8>())
        .ok_or(Error::InvalidNode)?;
    Ok(NodeInfo {
        owner: Address::new_from_array(*owner),
        registered_at: i64::from_le_bytes(*registered_at),
        computing_points: u64::from_le_bytes(*points),
    })
}

/// The io_jobs node at `node`.
pub fn read(node: &AccountView) -> Result<NodeInfo, Error> {
    if !node.owned_by(&IO_JOBS_ID) {
        return Err(Error::InvalidNode);
    }
    let data = node.try_borrow().map_err(|_| Error::InvalidNode)?;
    parse(&data)
}

const PROFILE_DISCRIMINATOR: [u8; 8] = discriminator("account:", "UserProfile");
/// io_jobs' UserProfile seed: PDA ["user", user] of io_jobs.
const USER_SEED: &[u8] = b"user";
// UserProfile: discriminator (8), version, bump, user (32), referrer (32), joined_at (8),
// referral_until (8), referees (4), referral_usd (8), referral_owed (3 x 8),
// referral_claimed (3 x 8), jobs_settled (4), hours_paid (8), paid_usd (8), ...
const PROFILE_BUMP: usize = 9;
const PROFILE_USER: usize = 10;
const PROFILE_PAID_USD: usize = 162;
const PROFILE_END: usize = 170;

/// What staking needs of a user's io_jobs profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProfileInfo {
    pub user: Address,
    pub bump: u8,
    /// The USD (6 decimals) of the hours the user's settled jobs paid for; only rises.
    pub paid_usd: u64,
}

pub fn parse_profile(data: &[u8]) -> Result<ProfileInfo, Error> {
    let head = data.get(..PROFILE_END).ok_or(Error::InvalidProfile)?;
    if head[..8] != PROFILE_DISCRIMINATOR {
        return Err(Error::InvalidProfile);
    }
    let user = head
        .get(PROFILE_USER..)
        .and_then(|r| r.first_chunk::<32>())
        .ok_or(Error::InvalidProfile)?;
    let paid = head
        .get(PROFILE_PAID_USD..)
        .and_then(|r| r.first_chunk::<8>())
        .ok_or(Error::InvalidProfile)?;
    Ok(ProfileInfo {
        user: Address::new_from_array(*user),
        bump: head[PROFILE_BUMP],
        paid_usd: u64::from_le_bytes(*paid),
    })
}

/// The io_jobs profile of `user` at `profile`: owned by io_jobs, a UserProfile, naming `user`,
/// and at io_jobs' PDA ["user", user] (checked with the bump it stores: io_jobs creates it only
/// at the canonical one, and nothing else of io_jobs' lives at that address).
pub fn read_profile(profile: &AccountView, user: &Address) -> Result<ProfileInfo, Error> {
    if !profile.owned_by(&IO_JOBS_ID) {
        return Err(Error::InvalidProfile);
    }
    let info = {
        let data = profile.try_borrow().map_err(|_| Error::InvalidProfile)?;
        parse_profile(&data)?
    };
    if &info.user != user {
        return Err(Error::InvalidProfile);
    }
    let address = Address::derive_address(
        &io_common::seeds![USER_SEED, user.as_ref()],
        Some(info.bump),
        &IO_JOBS_ID,
    );
    if profile.address() != &address {
        return Err(Error::InvalidProfile);
    }
    Ok(info)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_match_io_jobs_node() {
        assert_eq!(IO_JOBS_ID, io_jobs::ID);
        let mut data = [0u8; io_jobs::state::Node::LEN];
        let node = io_jobs::state::Node::init(&mut data).unwrap();
        node.hardware_class = 5;
        node.owner = Address::new_from_array([7; 32]);
        node.device_id = [9; 32];
        node.price_per_hour.set(u64::MAX);
        node.usd_share_bps.set(u16::MAX);
        node.registered_at.set(-1_800_000_123);
        node.open_jobs.set(u32::MAX);
        node.computing_points.set(123_456_789);
        node.earnings[2].set(u64::MAX);
        assert_eq!(
            parse(&data),
            Ok(NodeInfo {
                owner: Address::new_from_array([7; 32]),
                registered_at: -1_800_000_123,
                computing_points: 123_456_789
            })
        );
        data[0] ^= 1;
        assert_eq!(parse(&data), Err(Error::InvalidNode));
    }

    #[test]
    fn offsets_match_io_jobs_user_profile() {
        use core::mem::offset_of;
        use io_jobs::state::UserProfile;
        assert_eq!(USER_SEED, io_jobs::state::USER_SEED);
        assert_eq!(PROFILE_BUMP, offset_of!(UserProfile, bump));
        assert_eq!(PROFILE_USER, offset_of!(UserProfile, user));
        assert_eq!(PROFILE_PAID_USD, offset_of!(UserProfile, paid_usd));
        let mut data = [0u8; UserProfile::LEN];
        let p = UserProfile::init(&mut data).unwrap();
        p.bump = 253;
        p.user = Address::new_from_array([4; 32]);
        p.referrer = Address::new_from_array([5; 32]);
        p.hours_paid.set(u64::MAX);
        p.paid_usd.set(987_654_321);
        p.fees_usd.set(u64::MAX);
        p.jobs_settled.set(u32::MAX);
        assert_eq!(
            parse_profile(&data),
            Ok(ProfileInfo {
                user: Address::new_from_array([4; 32]),
                bump: 253,
                paid_usd: 987_654_321
            })
        );
        // A Node is not a profile, whatever its bytes.
        let mut node = [0u8; io_jobs::state::Node::LEN];
        io_jobs::state::Node::init(&mut node).unwrap();
        assert_eq!(parse_profile(&node), Err(Error::InvalidProfile));
        data[3] ^= 1;
        assert_eq!(parse_profile(&data), Err(Error::InvalidProfile));
        assert_eq!(parse_profile(&[0u8; 12]), Err(Error::InvalidProfile));
    }
}
