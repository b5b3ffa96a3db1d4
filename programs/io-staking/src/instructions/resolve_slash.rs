//! `resolve_slash`: the admin (governance later) upholds a contested slash (it can then be
//! executed) or dismisses it. A decision cannot be withheld forever: once the contest window has
//! passed by another `slash_window` (the one in force when the quorum was reached, fixed then),
//! anyone may dismiss the slash, so the operator's own stake, frozen while the contest stands,
//! always has a way back.

use super::now;
use crate::{
    accounts::{read_config, with_participant_mut},
    interface::{resolve_slash, Error, SlashUpdate},
    state::{SLASH_CONTESTED, SLASH_NONE, SLASH_UPHELD},
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = resolve_slash::Accounts::parse(accounts)?;
    let args = resolve_slash::Args::parse(data)?;
    let config = read_config(&a.config)?;
    let by_admin = &config.admin == a.caller.address();
    let now = now()?;
    let state = with_participant_mut(&a.participant, |p| {
        if p.slash_state != SLASH_CONTESTED {
            return Err(Error::NoSlash);
        }
        if !by_admin {
            // Anyone else only dismisses, and only once the admin had a whole window to decide
            // (the window in force at the quorum: set_slashing cannot move the deadline).
            if args.uphold || now < p.slash_deadline.get() {
                return Err(Error::Unauthorized);
            }
        }
        p.slash_state = if args.uphold {
            SLASH_UPHELD
        } else {
            SLASH_NONE
        };
        p.slash_mask.set(0);
        Ok(p.slash_state)
    })?;
    SlashUpdate {
        participant: *a.participant.address(),
        state,
        amount: 0,
    }
    .emit();
    Ok(())
}
