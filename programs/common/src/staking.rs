//! Voting power: io_staking's per-position checkpoint and the rule io_governance reads it with
//! (a program crate cannot be linked into another on SBF, so the rule lives here and the
//! layouts are read by offsets; io_staking's host tests check the offsets against its types).
//!
//! A position's *voting stake* is its active plus pending stake (cooling stake does not vote).
//! Every change of it happens in io_staking's open epoch `E` and first calls [`checkpoint`]:
//! if the position's `power_epoch` is before `E`, nothing changed since before `E` began, so
//! its voting stake now is the stake it held at `E`'s start: `power_base` takes it and
//! `power_epoch = E`. After the change, [`after_change`] lowers `power_base` to the new voting
//! stake if that is lower. Hence, always:
//!
//! - (I1) the voting stake was constant from the position's last change before `power_epoch`
//!   until the first change in `power_epoch`;
//! - (I2) `power_base` = the least voting stake the position held from the start of
//!   `power_epoch` until now.
//!
//! A proposal opened in epoch `S` counts, for each position, the least voting stake it held from
//! the start of `S` until the vote ([`power_for`]): with `power_epoch < S` the position has not
//! changed since before `S` (I1), so that is its voting stake now; with `power_epoch == S` it is
//! `power_base` (I2); with `power_epoch > S` the position changed after `S` began and the rule
//! cannot know its least stake in between, so it does not vote on that proposal
//! (`StakeChangedAfterStart`). Stake added in `S` or later never counts; stake removed after
//! `S` began lowers the figure; so the same IO can never count twice for one proposal, through
//! one position or by moving it to another position or wallet (see docs/governance.md).

use crate::discriminator::discriminator;
use pinocchio::{AccountView, Address};

/// io_staking's program id (keys/io_staking-keypair.json).
pub const IO_STAKING_ID: Address =
    Address::from_str_const("DmR1RxjS4EX8PA4VdPtYebcZjqzdkxGiQtetv6CwMEyD");
/// io_staking's config, its PDA ["config"].
pub const STAKING_CONFIG: Address =
    Address::from_str_const("EpPyHK3vDTUxENbxuNq3C9bVg49oNJ5M7gL4ExfXJmHw");

/// Why a proposal cannot count this position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PowerError {
    /// The position's voting stake changed in an epoch after the proposal's start epoch.
    ChangedAfterStart,
    /// Not io_staking's account of the expected type.
    Invalid,
}

/// A position's voting stake and checkpoint.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Checkpoint {
    /// Active plus pending stake now.
    pub stake: u64,
    /// The epoch of the last change (0 before any).
    pub power_epoch: u32,
    /// The least voting stake since the start of `power_epoch`.
    pub power_base: u64,
}

/// Before a change of the voting stake in the open epoch `epoch`.
#[inline(always)]
pub fn checkpoint(c: &mut Checkpoint, epoch: u32) {
    if c.power_epoch < epoch {
        c.power_base = c.stake;
        c.power_epoch = epoch;
    }
}

/// After a change: the voting stake is `stake` now.
#[inline(always)]
pub fn after_change(c: &mut Checkpoint, stake: u64) {
    c.stake = stake;
    if stake < c.power_base {
        c.power_base = stake;
    }
}

/// The position's voting power for a proposal whose snapshot is the start of epoch `start`.
#[inline(always)]
pub fn power_for(c: &Checkpoint, start: u32) -> Result<u64, PowerError> {
    match c.power_epoch {
        e if e < start => Ok(c.stake),
        e if e == start => Ok(c.power_base),
        _ => Err(PowerError::ChangedAfterStart),
    }
}

/// The sum of every position's voting stake at the start of epoch `start`, from io_staking's
/// counters (`power_epoch`, `power_start`, `voting_total`, rolled like a position's): an upper
/// bound of the power any set of votes on a proposal opened in `start` can bring, and exact when
/// nobody unstakes.
#[inline(always)]
pub fn total_for(power_epoch: u32, power_start: u64, voting_total: u64, start: u32) -> Option<u64> {
    match power_epoch {
        e if e < start => Some(voting_total),
        e if e == start => Some(power_start),
        _ => None,
    }
}

// Position: discriminator (8), version, bump, participant (32), staker (32), active, pending,
// pending_epoch (u32), debt, rewards, cooling, cooldown_end (i64), cooldown (u32), power_epoch
// (u32), power_base, locked_until (i64).
const POSITION_DISCRIMINATOR: [u8; 8] = discriminator("account:", "Position");
pub const POSITION_PARTICIPANT: usize = 10;
pub const POSITION_STAKER: usize = 42;
pub const POSITION_ACTIVE: usize = 74;
pub const POSITION_PENDING: usize = 82;
pub const POSITION_POWER_EPOCH: usize = 130;
pub const POSITION_POWER_BASE: usize = 134;
pub const POSITION_LOCKED_UNTIL: usize = 142;
pub const POSITION_LEN: usize = 150;

// StakingConfig: the open epoch and the voting counters.
const CONFIG_DISCRIMINATOR: [u8; 8] = discriminator("account:", "StakingConfig");
pub const CONFIG_EPOCH: usize = 212;
pub const CONFIG_POWER_EPOCH: usize = 296;
pub const CONFIG_POWER_START: usize = 300;
pub const CONFIG_VOTING_TOTAL: usize = 308;
pub const CONFIG_LEN: usize = 354;

fn u64_at(data: &[u8], at: usize) -> u64 {
    data.get(at..)
        .and_then(|rest| rest.first_chunk::<8>())
        .map_or(0, |b| u64::from_le_bytes(*b))
}

fn u32_at(data: &[u8], at: usize) -> u32 {
    data.get(at..)
        .and_then(|rest| rest.first_chunk::<4>())
        .map_or(0, |b| u32::from_le_bytes(*b))
}

/// A position read from io_staking's account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PositionView {
    pub staker: Address,
    pub checkpoint: Checkpoint,
    pub locked_until: i64,
}

/// Parses Position bytes.
pub fn parse_position(data: &[u8]) -> Result<PositionView, PowerError> {
    if data.len() != POSITION_LEN || data[..8] != POSITION_DISCRIMINATOR {
        return Err(PowerError::Invalid);
    }
    let mut staker = [0u8; 32];
    staker.copy_from_slice(&data[POSITION_STAKER..POSITION_STAKER + 32]);
    let stake = u64_at(data, POSITION_ACTIVE).checked_add(u64_at(data, POSITION_PENDING));
    Ok(PositionView {
        staker: Address::new_from_array(staker),
        checkpoint: Checkpoint {
            stake: stake.ok_or(PowerError::Invalid)?,
            power_epoch: u32_at(data, POSITION_POWER_EPOCH),
            power_base: u64_at(data, POSITION_POWER_BASE),
        },
        locked_until: u64_at(data, POSITION_LOCKED_UNTIL) as i64,
    })
}

/// io_staking's Position at `account` (owner and discriminator checked).
pub fn read_position(account: &AccountView) -> Result<PositionView, PowerError> {
    if !account.owned_by(&IO_STAKING_ID) {
        return Err(PowerError::Invalid);
    }
    let data = account.try_borrow().map_err(|_| PowerError::Invalid)?;
    parse_position(&data)
}

/// The open epoch and the total voting stake at the start of it, from StakingConfig bytes.
pub fn parse_total(data: &[u8]) -> Result<(u32, u64), PowerError> {
    if data.len() != CONFIG_LEN || data[..8] != CONFIG_DISCRIMINATOR {
        return Err(PowerError::Invalid);
    }
    let epoch = u32_at(data, CONFIG_EPOCH);
    let total = total_for(
        u32_at(data, CONFIG_POWER_EPOCH),
        u64_at(data, CONFIG_POWER_START),
        u64_at(data, CONFIG_VOTING_TOTAL),
        epoch,
    )
    .ok_or(PowerError::Invalid)?;
    Ok((epoch, total))
}

/// io_staking's config at `account` (its address, owner and discriminator checked): the open
/// epoch and the voting stake at its start.
pub fn read_total(account: &AccountView) -> Result<(u32, u64), PowerError> {
    if account.address() != &STAKING_CONFIG || !account.owned_by(&IO_STAKING_ID) {
        return Err(PowerError::Invalid);
    }
    let data = account.try_borrow().map_err(|_| PowerError::Invalid)?;
    parse_total(&data)
}
