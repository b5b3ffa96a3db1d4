//! `vote`: a position's stake held since the start of the proposal's epoch votes once; the
//! position must be locked (io_staking's `lock_position`) until the proposal's lock end.

use super::{not_guardian, now, read_config, with_proposal_mut};
use crate::{
    interface::{vote, Error, VoteCast, VotingExtended},
    state::{
        quorum_reached, threshold_reached, Proposal, VoteRecord, ABSTAIN, ACCOUNT_VERSION, NO,
        VOTE_SEED, VOTING, YES,
    },
};
use io_common::{
    account::CreatePda,
    staking::{power_for, read_position},
};
use pinocchio::{
    cpi::{Seed, Signer},
    AccountView, ProgramResult,
};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = vote::Accounts::parse(accounts)?;
    let args = vote::Args::parse(data)?;
    if args.choice > ABSTAIN {
        return Err(Error::InvalidChoice.into());
    }
    let config = read_config(&a.config)?;
    not_guardian(&config, a.voter.address())?;
    let now = now()?;
    // Checks first: the proposal is open, the position is the voter's, locked, and held stake
    // at the snapshot.
    let (snapshot, lock_end) = with_proposal_mut(&a.proposal, |p| {
        if p.state != VOTING || now >= p.end.get() {
            return Err(Error::VotingClosed);
        }
        Ok((p.snapshot_epoch.get(), p.lock_end.get()))
    })?;
    let position = read_position(&a.position).map_err(|_| Error::InvalidPosition)?;
    if &position.staker != a.voter.address() {
        return Err(Error::InvalidPosition.into());
    }
    if position.locked_until < lock_end {
        return Err(Error::PositionNotLocked.into());
    }
    let power =
        power_for(&position.checkpoint, snapshot).map_err(|_| Error::StakeChangedAfterStart)?;
    if power == 0 {
        return Err(Error::NoVotingPower.into());
    }
    // The canonical bump (so one record per proposal and position), found at ~300 CU a step.
    let (address, bump) = io_common::pda::find_pda(
        &io_common::seeds![
            VOTE_SEED,
            a.proposal.address().as_ref(),
            a.position.address().as_ref()
        ],
        program_id,
    );
    if a.vote_record.address() != &address {
        return Err(Error::InvalidVoteRecord.into());
    }
    if a.vote_record.owned_by(program_id) {
        return Err(Error::AlreadyVoted.into());
    }
    let bump_seed = [bump];
    let signer_seeds = [
        Seed::from(VOTE_SEED),
        Seed::from(a.proposal.address().as_ref()),
        Seed::from(a.position.address().as_ref()),
        Seed::from(&bump_seed),
    ];
    CreatePda {
        payer: &a.voter,
        account: &a.vote_record,
        space: VoteRecord::LEN,
        rent_space: VoteRecord::LEN,
        owner: program_id,
    }
    .invoke_signed(Signer::from(&signer_seeds))?;
    {
        let mut account = a.vote_record;
        let mut data = account.try_borrow_mut()?;
        let r = VoteRecord::init(&mut data)?;
        r.version = ACCOUNT_VERSION;
        r.bump = bump;
        r.choice = args.choice;
        r.proposal = *a.proposal.address();
        r.position = *a.position.address();
        r.voter = *a.voter.address();
        r.power.set(power);
    }
    let extended = with_proposal_mut(&a.proposal, |p| {
        let (quorum_before, passing_before) = outcome(p)?;
        let tally = match args.choice {
            NO => &mut p.no,
            YES => &mut p.yes,
            _ => &mut p.abstain,
        };
        tally.set(
            tally
                .get()
                .checked_add(power)
                .ok_or(Error::ArithmeticOverflow)?,
        );
        // A vote in the last `extension` seconds that first reaches the quorum, or that turns
        // the outcome (passing to failing or back), leaves that long to answer; never past the
        // lock end, which every voter's position is locked until.
        let (quorum_after, passing_after) = outcome(p)?;
        let late = (!quorum_before && quorum_after) || passing_before != passing_after;
        let late_end = now
            .saturating_add(p.extension.get() as i64)
            .min(p.lock_end.get());
        if late && late_end > p.end.get() {
            p.end.set(late_end);
            return Ok(Some(late_end));
        }
        Ok(None)
    })?;
    VoteCast {
        proposal: *a.proposal.address(),
        position: *a.position.address(),
        voter: *a.voter.address(),
        choice: args.choice,
        power,
    }
    .emit();
    if let Some(end) = extended {
        VotingExtended {
            proposal: *a.proposal.address(),
            end,
        }
        .emit();
    }
    Ok(())
}

/// Whether the proposal has reached its quorum, and whether it would pass (quorum and threshold).
fn outcome(p: &Proposal) -> Result<(bool, bool), Error> {
    let quorum = quorum_reached(p)?;
    Ok((quorum, quorum && threshold_reached(p)?))
}
