//! `attest_availability`: an oracle of the current set attests whether a node passed the test
//! jobs of the open epoch, with a reputation. When a quorum says it passed (and the node holds
//! the minimum own stake), its weight registers for the epoch: stake up to the cap, times the
//! lower median reputation of the passing votes and its class multiple. Failing votes count for
//! nothing, so a node that failed or was not attested earns no availability reward.

use crate::{
    accounts::{register, settle, with_config_mut, with_participant_mut},
    interface::{attest_availability, Error, Registered},
    rewards::availability_weight,
    state::{BPS, KIND_NODE},
};
use io_common::oracle::{quorum_lower_median, read_membership, OracleError};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = attest_availability::Accounts::parse(accounts)?;
    let args = attest_availability::Args::parse(data)?;
    if args.reputation_bps as u64 > BPS {
        return Err(Error::InvalidParams.into());
    }
    let member = read_membership(&a.oracle_config, a.oracle.address())
        .map_err(|_: OracleError| Error::InvalidOracleConfig)?
        .ok_or(Error::NotOracle)?;
    let registered = with_config_mut(&a.config, |config| {
        if args.epoch != config.epoch.get() {
            return Err(Error::WrongEpoch);
        }
        with_participant_mut(&a.participant, |p| {
            if p.kind != KIND_NODE {
                return Err(Error::NotANode);
            }
            if p.avail_epoch.get() != args.epoch || p.avail_version.get() != member.set_version {
                p.avail_epoch.set(args.epoch);
                p.avail_version.set(member.set_version);
                p.avail_mask.set(0);
                p.avail_registered.set(false);
            }
            let bit = 1u16 << member.index;
            if p.avail_mask.get() & bit != 0 {
                return Err(Error::AlreadyAttested);
            }
            p.avail_mask.set(p.avail_mask.get() | bit);
            // A failing vote is a reputation of 0: it never counts as a pass.
            let vote = if args.passed {
                args.reputation_bps.max(1)
            } else {
                0
            };
            p.avail_reputation[member.index as usize].set(vote);
            // Failing votes (0) are not passes.
            let votes = p.avail_reputation.iter().map(|r| r.get());
            let passing = quorum_lower_median(votes, p.avail_mask.get(), member.quorum, |r| r > 0);
            let Some(reputation) = passing else {
                return Ok(None);
            };
            if p.avail_registered.get() || p.own_stake.get() < config.min_node_stake.get() {
                return Ok(None);
            }
            let stake = p.own_stake.get().saturating_add(p.delegated.get());
            let weight = availability_weight(stake, config.weight_cap.get(), reputation, p.class)
                .ok_or(Error::ArithmeticOverflow)?;
            settle(config, p, &a.participant, &a.last_epoch)?;
            register(config, p, weight, 0)?;
            p.avail_registered.set(true);
            Ok(Some(weight))
        })
    })?;
    if let Some(weight) = registered {
        Registered {
            participant: *a.participant.address(),
            epoch: args.epoch,
            weight,
            points: 0,
        }
        .emit();
    }
    Ok(())
}
