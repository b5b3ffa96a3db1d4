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

/// io_jobs' program id (keys/io_jobs-keypair.json).
pub const IO_JOBS_ID: Address =
    Address::from_str_const("8dywiUaJu6sr7bKszDx7oSqzabkT1BM8b4emaYPQed8b");
/// io_oracle's config, its PDA ["config"], and its price feed, PDA ["price_feed"].
pub const ORACLE_CONFIG: Address =
    Address::from_str_const("u6RQGimdpDSs8DYSg6mPcsz5rHN9xtizTXZfyQqxbBN");
pub const ORACLE_PRICE_FEED: Address =
    Address::from_str_const("549f8fogaWbk8L8E21i94FSu8GtPjk5b2QfSqxoanSXK");
/// io_token's config, its PDA ["config"].
pub const TOKEN_CONFIG: Address =
    Address::from_str_const("AitZKEUUyQ8ZfuQnE8RxLs9ygdkmK51VjxCz3o1NXiBi");

/// The programs governance can take the admin role of (`accept_admin`), by index: their id and
/// config (the account `accept_admin` writes): 0 io_token, 1 io_oracle, 2 io_jobs, 3 io_staking,
/// 4 io_buyback.
pub fn admin_target(index: u8) -> Option<(Address, Address)> {
    match index {
        0 => Some((crate::token::IO_TOKEN_ID, TOKEN_CONFIG)),
        1 => Some((crate::oracle::IO_ORACLE_ID, ORACLE_CONFIG)),
        2 => Some((IO_JOBS_ID, crate::buyback::JOBS_CONFIG)),
        3 => Some((
            crate::staking::IO_STAKING_ID,
            crate::staking::STAKING_CONFIG,
        )),
        4 => Some((
            crate::buyback::IO_BUYBACK_ID,
            crate::buyback::BUYBACK_CONFIG,
        )),
        _ => None,
    }
}

/// One of io_jobs' governed parameters, in `set_job_params`' argument order: where
/// `JobsConfig` keeps it (bytes, little-endian, discriminator included) and the bounds io_jobs
/// declares for it (`Params::check`, which io_jobs' host tests check against these).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JobParam {
    pub offset: usize,
    pub size: usize,
    pub min: u64,
    pub max: u64,
}

/// The number of io_jobs' governed parameters.
pub const JOB_PARAMS: u8 = 9;

/// io_jobs' parameter `index`: 0 network_fee_bps, 1 usdc_supplier_fee_bps, 2
/// facilitation_fee_bps, 3 challenge_window, 4 start_timeout, 5 conf_multiple, 6
/// max_price_age, 7 dispute_window, 8 fee_buyback_bps.
pub const fn job_param(index: u8) -> Option<JobParam> {
    const BPS: u64 = 10_000;
    const U32: u64 = u32::MAX as u64;
    let (offset, size, min, max) = match index {
        0 => (364, 2, 0, BPS),
        1 => (366, 2, 0, BPS),
        2 => (368, 2, 0, BPS),
        3 => (370, 4, 1, U32),
        4 => (374, 4, 1, U32),
        5 => (11, 1, 0, u8::MAX as u64),
        6 => (378, 4, 1, U32),
        7 => (438, 4, 1, U32),
        8 => (458, 2, 0, BPS),
        _ => return None,
    };
    Some(JobParam {
        offset,
        size,
        min,
        max,
    })
}

/// Reads parameter `p` from JobsConfig bytes.
pub fn read_job_param(data: &[u8], p: &JobParam) -> Option<u64> {
    let bytes = data.get(p.offset..p.offset.checked_add(p.size)?)?;
    let mut le = [0u8; 8];
    le.get_mut(..p.size)?.copy_from_slice(bytes);
    Some(u64::from_le_bytes(le))
}
