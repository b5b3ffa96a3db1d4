//! `cancel`: the proposer withdraws its proposal while it is being voted on.

use super::with_proposal_mut;
use crate::{
    interface::{cancel, Error, ProposalCancelled},
    state::{CANCELLED, VOTING},
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = cancel::Accounts::parse(accounts)?;
    cancel::Args::parse(data)?;
    with_proposal_mut(&a.proposal, |p| {
        if &p.proposer != a.proposer.address() {
            return Err(Error::Unauthorized);
        }
        if p.state != VOTING {
            return Err(Error::WrongState);
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
