//! `attest_reputation`: an oracle of the current set attests a user's conduct where the chain
//! cannot see it, as basis points off the user's score. The profile keeps one round of votes per
//! oracle set version (a new set votes afresh; the accepted penalty stays until it agrees on
//! another); a member may revise its own vote. The penalty is `Round::agreed` (rule 2): a figure
//! with at least a quorum of votes at or above it and a quorum at or below it, so with fewer
//! colluders than the quorum an honest vote lies on each side of it. Without such support the
//! penalty in force stays.

use super::with_profile_mut;
use crate::{
    interface::{attest_reputation, Error, ReputationAttested},
    reputation::MAX_PENALTY_BPS,
};
use io_common::{
    oracle::{read_membership, OracleError},
    quorum::Round,
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = attest_reputation::Accounts::parse(accounts)?;
    let args = attest_reputation::Args::parse(data)?;
    if args.penalty_bps > MAX_PENALTY_BPS {
        return Err(Error::InvalidPenalty.into());
    }
    let member = read_membership(&a.oracle_config, a.oracle.address())
        .map_err(|_: OracleError| Error::InvalidOracleConfig)?
        .ok_or(Error::NotOracle)?;
    let (user, accepted) = with_profile_mut(&a.profile, |p| {
        if p.conduct_version.get() != member.set_version {
            // A new oracle set: its members vote afresh; the penalty in force stays.
            p.conduct_version.set(member.set_version);
            p.conduct_mask.set(0);
        }
        p.conduct_votes
            .get_mut(member.index as usize)
            .ok_or(Error::NotOracle)?
            .set(args.penalty_bps);
        let voted = p.conduct_mask.get() | (1u16 << member.index);
        p.conduct_mask.set(voted);
        let votes = p.conduct_votes.iter().map(|v| v.get());
        if let Some(figure) = Round::new(votes, voted).agreed(member.quorum) {
            p.conduct_penalty_bps.set(figure);
        }
        Ok((p.user, p.conduct_penalty_bps.get()))
    })?;
    ReputationAttested {
        user,
        oracle: *a.oracle.address(),
        penalty_bps: args.penalty_bps,
        accepted_bps: accepted,
    }
    .emit();
    Ok(())
}
