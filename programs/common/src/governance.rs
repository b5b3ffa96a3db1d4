//! io_governance's addresses other programs check, and where io_staking reads a proposal's lock
//! end (by offset: a program crate cannot be linked into another on SBF). io_governance's host
//! tests check each against its derivation or layout.

use crate::discriminator::discriminator;
use pinocchio::{AccountView, Address};

/// io_governance's program id (keys/io_governance-keypair.json).
pub const IO_GOVERNANCE_ID: Address =
    Address::from_str_const("9hajRf6HUVM3FGVWh6Q31ZRNQYJCAKVvNY9YbV6gPoEN");
/// The executor, io_governance's PDA ["executor"]: the admin of every program after the hand-over.
pub const EXECUTOR: Address =
    Address::from_str_const("7z7MTyUYy3BMxHDKLUcR6sm7GvxAmMG3gM18dkManYFq");
pub const EXECUTOR_BUMP: u8 = 255;

const PROPOSAL_DISCRIMINATOR: [u8; 8] = discriminator("account:", "Proposal");
/// Byte offset (discriminator included) of a Proposal's `lock_end` (i64 LE): the latest its
/// voting can end (its end plus the late-quorum extension), until which a vote locks a position.
pub const PROPOSAL_LOCK_END: usize = 60;

/// A proposal's lock end, if `account` is io_governance's Proposal.
pub fn read_lock_end(account: &AccountView) -> Option<i64> {
    if !account.owned_by(&IO_GOVERNANCE_ID) {
        return None;
    }
    let data = account.try_borrow().ok()?;
    if data.get(..8)? != PROPOSAL_DISCRIMINATOR {
        return None;
    }
    let b = data.get(PROPOSAL_LOCK_END..)?.first_chunk::<8>()?;
    Some(i64::from_le_bytes(*b))
}
