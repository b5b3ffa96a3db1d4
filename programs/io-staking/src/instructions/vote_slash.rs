//! `vote_slash`: an oracle of the current set votes to slash a node for proven misbehaviour
//! (the reason is logged); a quorum of votes opens the operator's contest window. No single key
//! can slash.

use super::now;
use crate::{
    accounts::{read_config, with_participant_mut},
    interface::{vote_slash, Error, SlashUpdate},
    state::{KIND_NODE, SLASH_NONE, SLASH_PENDING},
};
use io_common::oracle::{read_membership, OracleError};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = vote_slash::Accounts::parse(accounts)?;
    vote_slash::Args::parse(data)?;
    let member = read_membership(&a.oracle_config, a.oracle.address())
        .map_err(|_: OracleError| Error::InvalidOracleConfig)?
        .ok_or(Error::NotOracle)?;
    let config = read_config(&a.config)?;
    let now = now()?;
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
        let bit = 1u16 << member.index;
        if p.slash_mask.get() & bit != 0 {
            return Err(Error::AlreadyAttested);
        }
        p.slash_mask.set(p.slash_mask.get() | bit);
        if p.slash_mask.get().count_ones() < (member.quorum as u32).max(1) {
            return Ok(false);
        }
        p.slash_state = SLASH_PENDING;
        p.slash_at
            .set(now.saturating_add(config.slash_window.get() as i64));
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
