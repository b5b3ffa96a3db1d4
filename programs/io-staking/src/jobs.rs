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
}
