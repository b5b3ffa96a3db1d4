//! `set_slashing`: the slashed fraction of a node's own stake, the contest window and how long a
//! slash vote counts. Admin only. Nothing already voted changes: a slash whose quorum was reached
//! keeps the fraction and windows it was voted under, and a vote keeps the expiry it was cast with.

use crate::{
    accounts::with_config_mut,
    interface::{set_slashing, Error},
    state::BPS,
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (set_slashing::Accounts { admin, config }, _) = set_slashing::Accounts::parse(accounts)?;
    let args = set_slashing::Args::parse(data)?;
    if args.slash_bps as u64 > BPS || args.slash_window == 0 || args.slash_vote_ttl == 0 {
        return Err(Error::InvalidParams.into());
    }
    with_config_mut(&config, |config| {
        if &config.admin != admin.address() {
            return Err(Error::Unauthorized);
        }
        config.slash_bps.set(args.slash_bps);
        config.slash_window.set(args.slash_window);
        config.slash_vote_ttl.set(args.slash_vote_ttl);
        Ok(())
    })?;
    Ok(())
}
