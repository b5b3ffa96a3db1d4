//! `cancel`: the proposer withdraws its proposal while it is being voted on (before its end).

use super::{now, with_proposal_mut};
use crate::{
    interface::{cancel, Error, ProposalCancelled},
    state::{CANCELLED, VOTING},
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = cancel::Accounts::parse(accounts)?;
    cancel::Args::parse(data)?;
    let now = now()?;
    with_proposal_mut(&a.proposal, |p| {
        if &p.proposer != a.proposer.address() {
            return Err(Error::Unauthorized);
        }
        if p.state != VOTING {
            return Err(Error::WrongState);
        }
        // Only while it is being voted on: once the voting has ended, a passed proposal is the
        // holders' (the proposer cannot front-run `queue`) and a defeated one is decided.
        if now >= p.end.get() {
            return Err(Error::VotingClosed);
        }
        p.state = CANCELLED;
        Ok(())
    })?;
    ProposalCancelled {
        proposal: *a.proposal.address(),
    }
    .emit();
    Ok(())
}
