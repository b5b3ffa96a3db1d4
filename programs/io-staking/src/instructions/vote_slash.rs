//! `vote_slash`: an oracle of the current set votes to slash a node for proven misbehaviour
//! (the reason is logged). A vote counts for the governed `slash_vote_ttl` seconds in force when
//! it is cast (its expiry is stored, so a later ttl change affects only later votes), after which
//! its member may vote again; a quorum of live votes, decided by io_common's rule
//! (`Round::running` over 1 for a live vote and 0 for an expired one: at least a quorum of
//! members voted 1), opens the operator's contest window. Votes about unrelated incidents months
//! apart never add up, and no single key can slash. The slash's terms are fixed at the quorum:
//! the contest window's end, the fraction `execute_slash` burns and the decision deadline.

use super::now;
use crate::{
    accounts::{read_config, with_participant_mut},
    interface::{vote_slash, Error, SlashUpdate},
    state::{KIND_NODE, SLASH_NONE, SLASH_PENDING},
};
use io_common::{
    oracle::{read_membership, OracleError},
    quorum::{Round, MAX_MEMBERS},
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = vote_slash::Accounts::parse(accounts)?;
    vote_slash::Args::parse(data)?;
    let member = read_membership(&a.oracle_config, a.oracle.address())
        .map_err(|_: OracleError| Error::InvalidOracleConfig)?
        .ok_or(Error::NotOracle)?;
    let config = read_config(&a.config)?;
    let now = now()?;
    let expiry = now.saturating_add(config.slash_vote_ttl.get() as i64);
    let live = |expires_at: i64| now < expires_at;
    let opened = with_participant_mut(&a.participant, |p| {
        if p.kind != KIND_NODE {
            return Err(Error::NotANode);
        }
        if p.slash_state != SLASH_NONE {
            return Err(Error::SlashPending);
        }
        if p.slash_version.get() != member.set_version {
            p.slash_version.set(member.set_version);
            p.slash_mask.set(0);
        }
        // A member's vote stands until it expires; then it may vote again.
        let bit = 1u16 << member.index;
        let has_voted = p.slash_mask.get() & bit != 0;
        let expires_at = p
            .slash_expires_at
            .get_mut(member.index as usize)
            .ok_or(Error::NotOracle)?;
        if has_voted && live(expires_at.get()) {
            return Err(Error::AlreadyAttested);
        }
        expires_at.set(expiry);
        let voted = p.slash_mask.get() | bit;
        p.slash_mask.set(voted);
        // The round of the live votes, each a 1: it has a figure once a quorum of them are live.
        let live_votes = (p.slash_expires_at.iter().enumerate())
            .filter(|(i, t)| voted & (1 << i) != 0 && live(t.get()))
            .fold(0u16, |mask, (i, _)| mask | (1 << i));
        if Round::new([1u8; MAX_MEMBERS], live_votes).running(member.quorum) != Some(1) {
            return Ok(false);
        }
        // The terms the quorum voted under: a later set_slashing changes later slashes only.
        let window = config.slash_window.get() as i64;
        let window_end = now.saturating_add(window);
        p.slash_state = SLASH_PENDING;
        p.slash_at.set(window_end);
        p.slash_bps.set(config.slash_bps.get());
        p.slash_deadline.set(window_end.saturating_add(window));
        Ok(true)
    })?;
    if opened {
        SlashUpdate {
            participant: *a.participant.address(),
            state: SLASH_PENDING,
            amount: 0,
        }
        .emit();
    }
    Ok(())
}
