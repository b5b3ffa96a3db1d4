//! `resolve_slash`: the admin upholds a contested slash (it can then be executed) or dismisses it.

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
    if &config.admin != a.admin.address() {
        return Err(Error::Unauthorized.into());
    }
    let state = with_participant_mut(&a.participant, |p| {
        if p.slash_state != SLASH_CONTESTED {
            return Err(Error::NoSlash);
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
