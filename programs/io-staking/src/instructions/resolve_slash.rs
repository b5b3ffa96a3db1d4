//! `resolve_slash`: the admin (governance later) upholds a contested slash (it can then be
//! executed) or dismisses it, before its decision deadline: the contest window plus another
//! `slash_window` (the one in force when the quorum was reached, fixed then). A decision cannot
//! be withheld forever, nor taken late: from the deadline on nobody can uphold the slash, the
//! admin included, and anyone may dismiss it, so the operator's own stake, frozen while the
//! contest stands, always has a way back.

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
        // The deadline fixed at the quorum (set_slashing cannot move it) binds everyone: before
        // it only the admin decides; from it on the decision has lapsed and the slash can only
        // be dismissed, by anyone.
        if now >= p.slash_deadline.get() {
            if args.uphold {
                return Err(Error::DecisionLapsed);
            }
        } else if !by_admin {
            return Err(Error::Unauthorized);
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
