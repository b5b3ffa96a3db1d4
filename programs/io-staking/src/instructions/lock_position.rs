//! `lock_position`: the staker locks its position against `unstake` and `withdraw` until a
//! governance proposal's voting can end (its end plus the late-quorum extension, fixed when it
//! was proposed), which io_governance's `vote` requires of every position it counts. The lock
//! only lengthens (the latest of the proposals voted on) and releases by itself: nothing to
//! relinquish. Slashing is not blocked by it.

use super::now;
use crate::{
    accounts::with_position_mut,
    interface::{lock_position, Error, PositionLockedFor},
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = lock_position::Accounts::parse(accounts)?;
    lock_position::Args::parse(data)?;
    let lock_end =
        io_common::governance::read_lock_end(&a.proposal).ok_or(Error::InvalidProposal)?;
    if lock_end > now()?.saturating_add(io_common::governance::MAX_LOCK) {
        return Err(Error::LockTooLong.into());
    }
    let locked_until = with_position_mut(&a.position, |pos| {
        if &pos.staker != a.staker.address() {
            return Err(Error::InvalidPosition);
        }
        let until = pos.locked_until.get().max(lock_end);
        pos.locked_until.set(until);
        Ok(until)
    })?;
    PositionLockedFor {
        position: *a.position.address(),
        proposal: *a.proposal.address(),
        locked_until,
    }
    .emit();
    Ok(())
}
