//! `contest_slash`: the node's operator contests a pending slash inside its window; the admin
//! (governance later) then decides.

use super::now;
use crate::{
    accounts::with_participant_mut,
    interface::{contest_slash, Error, SlashUpdate},
    state::{SLASH_CONTESTED, SLASH_PENDING},
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = contest_slash::Accounts::parse(accounts)?;
    contest_slash::Args::parse(data)?;
    let now = now()?;
    with_participant_mut(&a.participant, |p| {
        if &p.authority != a.authority.address() {
            return Err(Error::Unauthorized);
        }
        if p.slash_state != SLASH_PENDING {
            return Err(Error::NoSlash);
        }
        if now >= p.slash_at.get() {
            return Err(Error::SlashWindowClosed);
        }
        p.slash_state = SLASH_CONTESTED;
        Ok(())
    })?;
    SlashUpdate {
        participant: *a.participant.address(),
        state: SLASH_CONTESTED,
        amount: 0,
    }
    .emit();
    Ok(())
}
