//! `reclaim_buffer`: anyone closes the buffer of an upgrade action of a proposal that can never
//! execute (defeated, expired, cancelled or vetoed), through the loader's `Close` with the
//! executor signing as the buffer's authority; the lamports go to the proposal's proposer. Once
//! per action.
//!
//! Why the proposer: `propose` takes an upgrade's buffer only from its authority, the proposer,
//! and hands it to the executor itself, so the executor holds a buffer only for the proposal its
//! holder made, and the rent goes back to whoever held it. Without this the rent of a buffer whose
//! proposal failed stayed with the executor for good.

use super::{now, with_proposal_mut};
use crate::{
    interface::{reclaim_buffer, BufferReclaimed, Error},
    state::{
        execute_deadline, queue_deadline, quorum_reached, threshold_reached, Action, Proposal,
        ACTION_UPGRADE, CANCELLED, EXECUTOR_SEED, QUEUED, VETOED, VOTING,
    },
    upgrade::{buffer_authority, close},
};
use io_common::governance::{EXECUTOR, EXECUTOR_BUMP};
use pinocchio::{
    cpi::{Seed, Signer},
    AccountView, ProgramResult,
};

/// The proposal can never execute at `now`: cancelled or vetoed; voting ended defeated, or passed
/// and not queued within its grace period; queued and its grace period over. Executed is not
/// "never": its upgrades ran and the loader closed its buffers (WrongState).
fn never_executes(p: &Proposal, now: i64) -> Result<(), Error> {
    let dead = match p.state {
        CANCELLED | VETOED => true,
        // No vote moves the end once it has passed, so the tallies are final then.
        VOTING => {
            now >= p.end.get()
                && (!quorum_reached(p)? || !threshold_reached(p)? || now >= queue_deadline(p))
        }
        QUEUED => now >= execute_deadline(p),
        // EXECUTED, or a state this version does not know.
        _ => return Err(Error::WrongState),
    };
    if !dead {
        return Err(Error::ProposalCanStillExecute);
    }
    Ok(())
}

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = reclaim_buffer::Accounts::parse(accounts)?;
    let args = reclaim_buffer::Args::parse(data)?;
    if a.executor.address() != &EXECUTOR {
        return Err(Error::InvalidTarget.into());
    }
    let now = now()?;
    let position = args.position as usize;
    // Every check before any write: the proposal's state, the action, the recipient, the buffer.
    with_proposal_mut(&a.proposal, |p| {
        let count = (p.action_count as usize).min(crate::state::MAX_ACTIONS);
        let action = (position < count)
            .then(|| Action::of(p, position))
            .flatten()
            .filter(|x| x.kind == ACTION_UPGRADE)
            .ok_or(Error::InvalidAction)?;
        never_executes(p, now)?;
        let bit = 1u8 << position;
        // Only a buffer this proposal took from its proposer: a proposal made before the
        // hand-over rule may name another's buffer, still needed by a live proposal.
        if p.buffers_held & bit == 0 {
            return Err(Error::BufferNotHandedOver);
        }
        if p.buffers_reclaimed & bit != 0 {
            return Err(Error::BufferAlreadyReclaimed);
        }
        if a.proposer.address() != &p.proposer {
            return Err(Error::WrongDestination);
        }
        // A loader buffer at the action's key, held by the executor (it was handed over at
        // `propose`; the loader would refuse another authority's anyway).
        if buffer_authority(&a.buffer, &action.key)? != EXECUTOR {
            return Err(Error::InvalidBuffer);
        }
        p.buffers_reclaimed |= bit;
        Ok(())
    })?;
    let lamports = a.buffer.lamports();
    let before = a.proposer.lamports();
    let bump = [EXECUTOR_BUMP];
    let seeds = [Seed::from(EXECUTOR_SEED), Seed::from(&bump)];
    close(&a.buffer, &a.proposer, &a.executor, &[Signer::from(&seeds)])?;
    // The loader moved the buffer's whole balance to the proposer.
    if before.checked_add(lamports) != Some(a.proposer.lamports()) || a.buffer.lamports() != 0 {
        return Err(Error::ArithmeticOverflow.into());
    }
    BufferReclaimed {
        proposal: *a.proposal.address(),
        position: args.position,
        buffer: *a.buffer.address(),
        proposer: *a.proposer.address(),
        lamports,
    }
    .emit();
    Ok(())
}
