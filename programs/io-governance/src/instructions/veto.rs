//! `veto`: the guardian stops a queued proposal during its timelock (before its eta). Its only
//! power.

use super::{now, read_config, with_proposal_mut};
use crate::{
    interface::{veto, Error, ProposalVetoed},
    state::{replaces_guardian, QUEUED, VETOED},
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = veto::Accounts::parse(accounts)?;
    veto::Args::parse(data)?;
    let config = read_config(&a.config)?;
    let now = now()?;
    if &config.guardian != a.guardian.address() {
        return Err(Error::Unauthorized.into());
    }
    with_proposal_mut(&a.proposal, |p| {
        if p.state != QUEUED {
            return Err(Error::NotQueued);
        }
        // During the timelock only: once it has passed, the guardian cannot front-run execute.
        if now >= p.eta.get() {
            return Err(Error::VetoWindowClosed);
        }
        // A rogue guardian must not entrench itself by vetoing its own replacement (such a
        // proposal carries guardian actions only: propose's check_guardian_alone).
        if replaces_guardian(p) {
            return Err(Error::GuardianCannotVetoReplacement);
        }
        p.state = VETOED;
        Ok(())
    })?;
    ProposalVetoed {
        proposal: *a.proposal.address(),
        guardian: *a.guardian.address(),
    }
    .emit();
    Ok(())
}
