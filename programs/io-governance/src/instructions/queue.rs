//! `queue`: after the voting, a proposal that reached its quorum and threshold waits its
//! timelock. A defeated one, or one not queued within its grace period, is refused.

use super::{not_guardian, now, read_config, with_proposal_mut};
use crate::{
    interface::{queue, Error, ProposalQueued},
    state::{queue_deadline, quorum_reached, threshold_reached, QUEUED, VOTING},
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = queue::Accounts::parse(accounts)?;
    queue::Args::parse(data)?;
    let config = read_config(&a.config)?;
    not_guardian(&config, a.caller.address())?;
    let now = now()?;
    let eta = with_proposal_mut(&a.proposal, |p| {
        if p.state != VOTING {
            return Err(Error::WrongState);
        }
        if now < p.end.get() {
            return Err(Error::VotingOpen);
        }
        if now >= queue_deadline(p) {
            return Err(Error::ProposalExpired);
        }
        if !quorum_reached(p)? || !threshold_reached(p)? {
            return Err(Error::ProposalDefeated);
        }
        let eta = now.saturating_add(p.timelock.get() as i64);
        p.state = QUEUED;
        p.eta.set(eta);
        Ok(eta)
    })?;
    ProposalQueued {
        proposal: *a.proposal.address(),
        eta,
    }
    .emit();
    Ok(())
}
