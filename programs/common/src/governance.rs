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
/// The longest a vote can lock a position: io_governance's longest voting period (30 days) plus
/// its longest late-quorum extension (7 days). `lock_position` refuses a lock end further away, so
/// a misread or a future layout change cannot lock stake for good.
pub const MAX_LOCK: i64 = 37 * 86_400;

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

/// The programs governance can upgrade (an upgrade action's target): `admin_target`'s numbering,
/// 0 io_token, 1 io_oracle, 2 io_jobs, 3 io_staking, 4 io_buyback, extended by 5 io_governance.
pub fn upgrade_target(index: u8) -> Option<Address> {
    match index {
        5 => Some(IO_GOVERNANCE_ID),
        _ => admin_target(index).map(|(program, _)| program),
    }
}

/// io_governance's deposit vault, its PDA ["deposit_vault"]: a Token-2022 IO account that is its
/// own authority and holds the proposals' unrefunded deposits.
pub const DEPOSIT_VAULT: Address =
    Address::from_str_const("9wNe9UrETgsyrvN7P1gmDh3DSFCKMRK2qinWPtV1VPQ5");
pub const DEPOSIT_VAULT_BUMP: u8 = 255;
/// The largest proposal deposit governance can set (parameter 71): 1,000,000 IO (8 decimals).
pub const MAX_PROPOSAL_DEPOSIT: u64 = 100_000_000_000_000;

/// Where `admin_target(index)`'s config keeps its admin (32 bytes; offset discriminator
/// included). Each program's host tests check its own against its layout.
pub const fn admin_offset(index: u8) -> Option<usize> {
    match index {
        0 => Some(17),
        1 => Some(10),
        2..=4 => Some(12),
        _ => None,
    }
}

/// The admin in `admin_target(index)`'s config bytes.
pub fn read_admin(index: u8, data: &[u8]) -> Option<Address> {
    let at = admin_offset(index)?;
    let bytes = data.get(at..at.checked_add(32)?)?;
    Some(Address::new_from_array(bytes.try_into().ok()?))
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
    read_param(data, p)
}

/// io_governance's config, its PDA ["config"].
pub const GOVERNANCE_CONFIG: Address =
    Address::from_str_const("BSK3XNiKB9ZdXTjQM8xB8dNM7rZLgViEWtVZMapi4J2s");

/// A program's parameter setter governance calls: the program, the account that holds the
/// parameters (and that the setter writes), the setter's discriminator, its parameters' ids,
/// `first..first + count` in the setter's argument order (each a `param`), and a read-only
/// account the setter takes between its admin and the written account, if any (io_token's
/// config, where io_token keeps its admin: its parameters live in other accounts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Setter {
    pub program: Address,
    pub account: Address,
    pub discriminator: [u8; 8],
    pub first: u8,
    pub count: u8,
    pub extra: Option<Address>,
}

/// The setters, by index: 0 io_jobs `set_job_params`, 1 io_staking `set_staking_params`, 2
/// io_staking `set_slashing`, 3 io_oracle `set_price_params`, 4 io_buyback
/// `set_buyback_params`, 5 io_governance's own config (applied by io_governance itself, no CPI),
/// 6 io_jobs `set_referral_params`, 7 io_token `set_remint_cap` (the emission state; io_token's
/// config read-only before it), 8 io_token `set_iosd_params` (IOSD's state; likewise), 9 io_jobs `set_discount_tiers`.
pub fn setter(index: u8) -> Option<Setter> {
    if let 7 | 8 = index {
        let (account, discriminator, first, count) = if index == 7 {
            (crate::token::EMISSION, SET_REMINT_CAP, 88, 1)
        } else {
            (crate::token::IOSD_STATE, SET_IOSD_PARAMS, 89, 4)
        };
        return Some(Setter {
            program: crate::token::IO_TOKEN_ID,
            account,
            discriminator,
            first,
            count,
            extra: Some(TOKEN_CONFIG),
        });
    }
    let (program, account, discriminator, first, count) = match index {
        0 => (
            IO_JOBS_ID,
            crate::buyback::JOBS_CONFIG,
            SET_JOB_PARAMS,
            0,
            JOB_PARAMS,
        ),
        1 => (
            crate::staking::IO_STAKING_ID,
            crate::staking::STAKING_CONFIG,
            SET_STAKING_PARAMS,
            16,
            8,
        ),
        2 => (
            crate::staking::IO_STAKING_ID,
            crate::staking::STAKING_CONFIG,
            SET_SLASHING,
            24,
            3,
        ),
        3 => (
            crate::oracle::IO_ORACLE_ID,
            ORACLE_CONFIG,
            SET_PRICE_PARAMS,
            32,
            4,
        ),
        4 => (
            crate::buyback::IO_BUYBACK_ID,
            crate::buyback::BUYBACK_CONFIG,
            SET_BUYBACK_PARAMS,
            40,
            9,
        ),
        5 => (IO_GOVERNANCE_ID, GOVERNANCE_CONFIG, [0; 8], 64, 8),
        // The demand side (issue 18): io_jobs' referral terms.
        6 => (
            IO_JOBS_ID,
            crate::buyback::JOBS_CONFIG,
            SET_REFERRAL_PARAMS,
            80,
            3,
        ),
        // The demand side (issue 18, slice 3): io_staking's priority tiers of stake.
        10 => (
            crate::staking::IO_STAKING_ID,
            crate::staking::STAKING_CONFIG,
            SET_PRIORITY_TIERS,
            104,
            3,
        ),
        // The demand side (issue 18, slice 4): io_staking's usage rewards for teams.
        11 => (
            crate::staking::IO_STAKING_ID,
            crate::staking::STAKING_CONFIG,
            SET_USAGE_PARAMS,
            108,
            2,
        ),
        // The demand side (issue 18, slice 2): io_jobs' discount table by reputation.
        9 => (
            IO_JOBS_ID,
            crate::buyback::JOBS_CONFIG,
            SET_DISCOUNT_TIERS,
            96,
            7,
        ),
        _ => return None,
    };
    Some(Setter {
        program,
        account,
        discriminator,
        first,
        count,
        extra: None,
    })
}

const SET_REMINT_CAP: [u8; 8] = discriminator("global:", "set_remint_cap");
const SET_IOSD_PARAMS: [u8; 8] = discriminator("global:", "set_iosd_params");
const SET_JOB_PARAMS: [u8; 8] = discriminator("global:", "set_job_params");
const SET_STAKING_PARAMS: [u8; 8] = discriminator("global:", "set_staking_params");
const SET_SLASHING: [u8; 8] = discriminator("global:", "set_slashing");
const SET_PRICE_PARAMS: [u8; 8] = discriminator("global:", "set_price_params");
const SET_BUYBACK_PARAMS: [u8; 8] = discriminator("global:", "set_buyback_params");
const SET_REFERRAL_PARAMS: [u8; 8] = discriminator("global:", "set_referral_params");
const SET_DISCOUNT_TIERS: [u8; 8] = discriminator("global:", "set_discount_tiers");
const SET_PRIORITY_TIERS: [u8; 8] = discriminator("global:", "set_priority_tiers");
const SET_USAGE_PARAMS: [u8; 8] = discriminator("global:", "set_usage_params");

/// The number of setters.
pub const SETTERS: u8 = 12;

/// A governed parameter of any program, by id (a parameter action's target): its setter (index
/// in `setter`), where the setter's account keeps it and the bounds its program declares.
/// Ids: 0..=8 io_jobs (`job_param`); 16 epoch_length, 17 availability_bps, 18 min_node_stake,
/// 19 weight_cap, 20 min_share_bps, 21 max_share_bps, 22 cooldown, 23 max_compute_rate
/// (io_staking); 24 slash_bps, 25 slash_window, 26 slash_vote_ttl (io_staking's slashing);
/// 32 staleness, 33 max_move_bps, 34 max_conf_bps, 35 agreement_bps (io_oracle); 40 lot_period,
/// 41 multiplier_bps, 42 floor_bps, 43 min_rate, 44 max_lot, 45 max_daily, 46 premium_bps,
/// 47 conf_multiple, 48 max_price_age (io_buyback); 64 voting_period, 65 quorum_bps,
/// 66 threshold_bps, 67 timelock, 68 grace_period, 69 late_quorum_extension,
/// 70 proposal_threshold, 71 proposal_deposit (io_governance); 88 remint_cap_per_hour (io_token's
/// emission state); 89 conf_multiple, 90 max_price_age, 91 rate_limit, 92 rate_window (io_token's
/// IOSD state); 80..=82 io_jobs' referral terms; 96..=102 io_jobs' discount table (tier1_usd,
/// tier1_bps, tier2_usd, tier2_bps, tier3_usd, tier3_bps, strike_usd); 104..=106 io_staking's
/// priority tiers (tier1_io, tier2_io, tier3_io); 108 usage_bps, 109 max_usage_rate (io_staking's
/// usage rewards for teams). Bounds are per parameter; a rule tying two parameters
/// (io_staking's min_node_stake <= weight_cap, min_share_bps <= max_share_bps; io_buyback's
/// max_lot <= max_daily, floor x multiplier < 100%) is the setter's own, checked at execution.
pub const fn param(id: u8) -> Option<(u8, JobParam)> {
    const BPS: u64 = 10_000;
    const U32: u64 = u32::MAX as u64;
    const U64: u64 = u64::MAX;
    const DAYS30: u64 = 30 * 86_400;
    if id < JOB_PARAMS {
        return match job_param(id) {
            Some(p) => Some((0, p)),
            None => None,
        };
    }
    let (setter, offset, size, min, max) = match id {
        16 => (1, 172, 4, 1, DAYS30),
        17 => (1, 176, 2, 0, BPS),
        18 => (1, 178, 8, 1, U64),
        19 => (1, 186, 8, 1, U64),
        20 => (1, 194, 2, 0, BPS),
        21 => (1, 196, 2, 0, BPS),
        22 => (1, 198, 4, 1, DAYS30),
        23 => (1, 276, 8, 1, U64),
        24 => (2, 202, 2, 0, BPS),
        25 => (2, 204, 4, 1, U32),
        26 => (2, 208, 4, 1, U32),
        32 => (3, 400, 4, 1, U32),
        33 => (3, 404, 2, 1, BPS),
        34 => (3, 406, 2, 1, BPS),
        35 => (3, 408, 2, 1, BPS),
        40 => (4, 140, 4, 60, 7 * 86_400),
        41 => (4, 144, 2, 11_000, 30_000),
        42 => (4, 146, 2, 1, 9_090),
        43 => (4, 148, 8, 1, U64),
        44 => (4, 156, 8, 1, U64),
        45 => (4, 164, 8, 1, U64),
        46 => (4, 172, 2, 0, 1_000),
        47 => (4, 174, 1, 0, 10),
        48 => (4, 175, 4, 1, 3_600),
        64 => (5, 11, 4, 1, DAYS30),
        65 => (5, 15, 2, 1, BPS),
        66 => (5, 17, 2, 5_000, BPS - 1),
        67 => (5, 19, 4, 1, DAYS30),
        68 => (5, 23, 4, 1, DAYS30),
        69 => (5, 27, 4, 0, 7 * 86_400),
        70 => (5, 31, 8, 1, U64),
        71 => (5, 79, 8, 0, MAX_PROPOSAL_DEPOSIT),
        // The demand side (issue 18), io_jobs' JobsConfig: 80 referral_bps (at most half the
        // network fee), 81 referral_period (at most 5 years), 82 referral_cap_usd; 0 turns
        // referral income off.
        80 => (6, 564, 2, 0, 5_000),
        81 => (6, 566, 4, 0, 5 * 365 * 86_400),
        82 => (6, 570, 8, 0, U64),
        88 => (7, 107, 8, 0, U64),
        89 => (8, 76, 1, 0, u8::MAX as u64),
        90 => (8, 77, 4, 1, U32),
        91 => (8, 81, 8, 0, U64),
        92 => (8, 89, 4, 1, U32),
        // The demand side's discount table (issue 18, slice 2), io_jobs' JobsConfig, in
        // `set_discount_tiers`' argument order: per tier its score threshold (USD, 6 decimals)
        // and its discount off the network fee (at most half); 102 strike_usd. That thresholds
        // and discounts never fall from one tier to the next is the setter's own rule.
        96 => (9, 628, 8, 0, U64),
        97 => (9, 652, 2, 0, 5_000),
        98 => (9, 636, 8, 0, U64),
        99 => (9, 654, 2, 0, 5_000),
        100 => (9, 644, 8, 0, U64),
        101 => (9, 656, 2, 0, 5_000),
        102 => (9, 658, 8, 0, U64),
        // The demand side's priority tiers (issue 18, slice 3), io_staking's StakingConfig, in
        // `set_priority_tiers`' argument order: the whole IO of counted stake from which each
        // tier applies (at most the 800,000,000 IO supply cap; 0 off). That the thresholds in
        // use rise strictly, with 0s only above them, is the setter's own rule.
        104 => (10, 316, 4, 0, 800_000_000),
        105 => (10, 320, 4, 0, 800_000_000),
        106 => (10, 324, 4, 0, 800_000_000),
        // The demand side's usage rewards for teams (issue 18, slice 4), io_staking's
        // StakingConfig, in `set_usage_params`' argument order: the share of the compute pool
        // paid by usage (at most 30%) and the usage rate's cap (at most 1e9, 0.01 IO per $1).
        108 => (11, 336, 2, 0, 3_000),
        109 => (11, 338, 8, 0, 1_000_000_000),
        _ => return None,
    };
    Some((
        setter,
        JobParam {
            offset,
            size,
            min,
            max,
        },
    ))
}

/// Reads parameter `p` (little-endian, 1 to 8 bytes) from its account's bytes.
pub fn read_param(data: &[u8], p: &JobParam) -> Option<u64> {
    let bytes = data.get(p.offset..p.offset.checked_add(p.size)?)?;
    let mut le = [0u8; 8];
    le.get_mut(..p.size)?.copy_from_slice(bytes);
    Some(u64::from_le_bytes(le))
}

/// SPL Token's program id (USDC's, the incentives vault's): a spend's destination is an SPL
/// Token account and `execute` passes this program to io_buyback's `spend_incentives`.
pub const TOKEN_PROGRAM: Address = pinocchio_token::ID;
/// Byte offsets (discriminator included) in io_buyback's `BuybackConfig`: its guardian and its
/// USDC mint (io_buyback's host test checks both against its layout).
pub const BUYBACK_GUARDIAN_OFFSET: usize = 76;
pub const BUYBACK_USDC_MINT_OFFSET: usize = 108;

/// io_buyback's USDC mint, if `config` is its config (address and owner).
pub fn buyback_usdc_mint(config: &AccountView) -> Option<Address> {
    if config.address() != &crate::buyback::BUYBACK_CONFIG
        || !config.owned_by(&crate::buyback::IO_BUYBACK_ID)
    {
        return None;
    }
    let data = config.try_borrow().ok()?;
    let end = BUYBACK_USDC_MINT_OFFSET.checked_add(32)?;
    let mint = data
        .get(BUYBACK_USDC_MINT_OFFSET..end)?
        .first_chunk::<32>()?;
    Some(Address::new_from_array(*mint))
}

/// An SPL Token account's mint and owner (bytes 0..32 and 32..64), if `account` is one.
pub fn spl_token_account(account: &AccountView) -> Option<(Address, Address)> {
    if !account.owned_by(&TOKEN_PROGRAM) {
        return None;
    }
    let data = account.try_borrow().ok()?;
    if data.len() < crate::account::TOKEN_ACCOUNT_LEN {
        return None;
    }
    let mint = data.get(..32)?.first_chunk::<32>()?;
    let owner = data.get(32..64)?.first_chunk::<32>()?;
    Some((
        Address::new_from_array(*mint),
        Address::new_from_array(*owner),
    ))
}

/// The most accounts an admin call passes after its admin signer.
pub const MAX_CALL_ACCOUNTS: usize = 6;

/// An admin instruction governance calls with an admin-call action (io_governance's kind 6),
/// the executor signing as its admin (every one of them takes its admin first): the program,
/// the instruction's discriminator, its other accounts in its order (`count` of them; slot 0 is
/// the account that names the admin, the action's target config; slot `key_slot`, when not 0,
/// is the account the action's key names, which must be owned by `key_owner`), which of them it
/// writes, a constant first argument byte if any (`release`'s bucket), then the action's value
/// as the instruction's one argument of `value_size` bytes (0: none) within `min..=max`, or
/// the key itself as its one argument when `key_arg` (a pubkey argument, not an account).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AdminCall {
    pub program: Address,
    pub discriminator: [u8; 8],
    pub accounts: [Address; MAX_CALL_ACCOUNTS],
    pub writable: [bool; MAX_CALL_ACCOUNTS],
    pub count: u8,
    pub key_slot: u8,
    pub key_owner: Address,
    pub prefix: Option<u8>,
    pub value_size: u8,
    pub min: u64,
    pub max: u64,
    pub key_arg: bool,
}

/// Admin calls (an admin-call action's target): 0 io_token `release(3, value)` of the research
/// & ecosystem bucket and 1 `release(4, value)` of the community bucket to the IO account in the
/// key (at least 1 base unit); 2 io_staking `resolve_slash(value == 1)` of the participant in the
/// key (0 dismiss, 1 uphold); 3 io_jobs `resolve_dispute(value)` of the job in the key (the final
/// hours, a u32); 4 io_buyback `unpause` (value 0, no key); 5 io_token `set_rewards_vault` to
/// the IO account in the key (value 0); 6 io_token `lock_genesis` (value 0, no key); 7 io_token
/// `set_iosd_spender(key)` (value 0; the key is the argument, not an account).
pub fn admin_call(target: u8) -> Option<AdminCall> {
    const NONE: Address = Address::new_from_array([0; 32]);
    const U32: u64 = u32::MAX as u64;
    let (program, discriminator, accounts, writable, count, key_slot, key_owner) = match target {
        0 | 1 => (
            crate::token::IO_TOKEN_ID,
            RELEASE,
            [
                TOKEN_CONFIG,
                crate::token::TOKEN_AUTHORITY,
                crate::token::IO_MINT,
                if target == 0 {
                    crate::token::VAULT_ECOSYSTEM
                } else {
                    crate::token::VAULT_COMMUNITY
                },
                NONE,
                crate::token::TOKEN_2022_PROGRAM,
            ],
            [false, false, false, true, true, false],
            6,
            4,
            crate::token::TOKEN_2022_PROGRAM,
        ),
        2 => (
            crate::staking::IO_STAKING_ID,
            RESOLVE_SLASH,
            [crate::staking::STAKING_CONFIG, NONE, NONE, NONE, NONE, NONE],
            [false, true, false, false, false, false],
            2,
            1,
            crate::staking::IO_STAKING_ID,
        ),
        3 => (
            IO_JOBS_ID,
            RESOLVE_DISPUTE,
            [crate::buyback::JOBS_CONFIG, NONE, NONE, NONE, NONE, NONE],
            [false, true, false, false, false, false],
            2,
            1,
            IO_JOBS_ID,
        ),
        4 => (
            crate::buyback::IO_BUYBACK_ID,
            UNPAUSE,
            [crate::buyback::BUYBACK_CONFIG, NONE, NONE, NONE, NONE, NONE],
            [true, false, false, false, false, false],
            1,
            0,
            NONE,
        ),
        5 => (
            crate::token::IO_TOKEN_ID,
            SET_REWARDS_VAULT,
            [TOKEN_CONFIG, crate::token::EMISSION, NONE, NONE, NONE, NONE],
            [false, true, false, false, false, false],
            3,
            2,
            crate::token::TOKEN_2022_PROGRAM,
        ),
        6 => (
            crate::token::IO_TOKEN_ID,
            LOCK_GENESIS,
            [TOKEN_CONFIG, NONE, NONE, NONE, NONE, NONE],
            [true, false, false, false, false, false],
            1,
            0,
            NONE,
        ),
        7 => (
            crate::token::IO_TOKEN_ID,
            SET_IOSD_SPENDER,
            [
                TOKEN_CONFIG,
                crate::token::IOSD_STATE,
                NONE,
                NONE,
                NONE,
                NONE,
            ],
            [false, true, false, false, false, false],
            2,
            0,
            NONE,
        ),
        _ => return None,
    };
    let (prefix, value_size, min, max) = match target {
        0 => (Some(3), 8, 1, u64::MAX),
        1 => (Some(4), 8, 1, u64::MAX),
        2 => (None, 1, 0, 1),
        3 => (None, 4, 0, U32),
        _ => (None, 0, 0, 0),
    };
    Some(AdminCall {
        program,
        discriminator,
        accounts,
        writable,
        count,
        key_slot,
        key_owner,
        prefix,
        value_size,
        min,
        max,
        key_arg: target == 7,
    })
}

/// The number of admin calls.
pub const ADMIN_CALLS: u8 = 8;

const RELEASE: [u8; 8] = discriminator("global:", "release");
const RESOLVE_SLASH: [u8; 8] = discriminator("global:", "resolve_slash");
const RESOLVE_DISPUTE: [u8; 8] = discriminator("global:", "resolve_dispute");
const UNPAUSE: [u8; 8] = discriminator("global:", "unpause");
const SET_REWARDS_VAULT: [u8; 8] = discriminator("global:", "set_rewards_vault");
const LOCK_GENESIS: [u8; 8] = discriminator("global:", "lock_genesis");
const SET_IOSD_SPENDER: [u8; 8] = discriminator("global:", "set_iosd_spender");

/// Byte offsets (i64 LE, discriminator included) of what an admin call decides: io_staking's
/// Participant `slash_deadline`, io_jobs' Job `dispute_deadline`, io_buyback's BuybackConfig
/// `paused_at` (each program's host tests check its own against its layout).
pub const PARTICIPANT_SLASH_DEADLINE: usize = 296;
pub const JOB_DISPUTE_DEADLINE: usize = 255;
pub const BUYBACK_PAUSED_AT: usize = 291;
const PARTICIPANT_DISCRIMINATOR: [u8; 8] = discriminator("account:", "Participant");
const JOB_DISCRIMINATOR: [u8; 8] = discriminator("account:", "Job");
const BUYBACK_CONFIG_DISCRIMINATOR: [u8; 8] = discriminator("account:", "BuybackConfig");

/// The matter admin call `target` decides, as it stands: the slash of call 2's participant
/// (`named`; its decision deadline, fixed at its quorum), the dispute of call 3's job (its
/// deadline, fixed when disputed), the pause call 4 lifts (when it began, in io_buyback's
/// `config`); 0 for the other calls. `propose` keeps it as the action's value in force and
/// `execute` requires it unchanged: a later slash of the same participant, a dispute of a job
/// opened again at a closed job's address, or a pause begun after the proposal is another
/// matter, which nobody voted on. None: not such an account.
pub fn call_instance(target: u8, config: &AccountView, named: Option<&AccountView>) -> Option<u64> {
    let (account, owner, disc, offset) = match target {
        2 => (
            named?,
            &crate::staking::IO_STAKING_ID,
            PARTICIPANT_DISCRIMINATOR,
            PARTICIPANT_SLASH_DEADLINE,
        ),
        3 => (named?, &IO_JOBS_ID, JOB_DISCRIMINATOR, JOB_DISPUTE_DEADLINE),
        4 if config.address() == &crate::buyback::BUYBACK_CONFIG => (
            config,
            &crate::buyback::IO_BUYBACK_ID,
            BUYBACK_CONFIG_DISCRIMINATOR,
            BUYBACK_PAUSED_AT,
        ),
        4 => return None,
        _ => return Some(0),
    };
    if !account.owned_by(owner) {
        return None;
    }
    let data = account.try_borrow().ok()?;
    if data.get(..8)? != disc {
        return None;
    }
    let bytes = data.get(offset..)?.first_chunk::<8>()?;
    Some(u64::from_le_bytes(*bytes))
}

/// A Token-2022 account's mint and owner (bytes 0..32 and 32..64), if `account` is an
/// initialised one (an IO account: `release`'s destination).
pub fn token_2022_account(account: &AccountView) -> Option<(Address, Address)> {
    if !account.owned_by(&crate::token::TOKEN_2022_PROGRAM) {
        return None;
    }
    let data = account.try_borrow().ok()?;
    if data.len() < crate::account::TOKEN_ACCOUNT_LEN || *data.get(108)? != 1 {
        return None;
    }
    let mint = data.get(..32)?.first_chunk::<32>()?;
    let owner = data.get(32..64)?.first_chunk::<32>()?;
    Some((
        Address::new_from_array(*mint),
        Address::new_from_array(*owner),
    ))
}
