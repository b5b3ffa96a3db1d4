//! `attest_availability`: an oracle of the current set attests whether a node passed the test
//! jobs of the open epoch, with a reputation and the hardware class it measured. Its vote is a
//! factor (reputation x the class multiple; 0 for a fail), and the node's figure is io_common's
//! rule 1 over the round: the quorum-th highest factor (`Round::running`). The figure is
//! provisional until the epoch closes: whenever it rises above the figure registered for the
//! epoch (and the node holds the minimum own stake), the weight at the new figure and the stake
//! now registers, by the difference to what is already registered. So what is registered only
//! rises, a colluding minority voting first cannot pin it low, and a change of oracle-set
//! version (a new round of votes) cannot register the epoch twice.

use crate::{
    accounts::{register, settle, with_config_mut, with_participant_mut},
    interface::{attest_availability, Error, Registered},
    rewards::{availability_factor, availability_weight},
    state::{BPS, KIND_NODE},
};
use io_common::{
    oracle::{read_membership, OracleError},
    quorum::Round,
};
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
            if p.avail_epoch.get() != args.epoch {
                // A new epoch: a new round, and nothing registered for it yet.
                p.avail_epoch.set(args.epoch);
                p.avail_version.set(member.set_version);
                p.avail_mask.set(0);
                p.avail_figure.set(0);
                p.avail_weight.set(0);
            } else if p.avail_version.get() != member.set_version {
                // A new oracle set: its members vote afresh, what is registered stays.
                p.avail_version.set(member.set_version);
                p.avail_mask.set(0);
            }
            let bit = 1u16 << member.index;
            if p.avail_mask.get() & bit != 0 {
                return Err(Error::AlreadyAttested);
            }
            let factor = availability_factor(args.passed, args.reputation_bps, args.hardware_class);
            p.avail_factor
                .get_mut(member.index as usize)
                .ok_or(Error::NotOracle)?
                .set(factor);
            let voted = p.avail_mask.get() | bit;
            p.avail_mask.set(voted);
            // Fewer votes than the quorum have no figure (as `running` says; skipped for CU), and
            // members above the highest voter's index have no vote (not read).
            if voted.count_ones() < member.quorum.max(1) as u32 {
                return Ok(None);
            }
            let voters = 16usize.saturating_sub(voted.leading_zeros() as usize);
            let votes = p.avail_factor.iter().take(voters).map(|f| f.get());
            let figure = Round::new(votes, voted).running(member.quorum);
            // Fails (0), a figure not above the registered one, or too little own stake: nothing.
            let Some(figure) = figure.filter(|&f| f > p.avail_figure.get()) else {
                return Ok(None);
            };
            if p.own_stake.get() < config.min_node_stake.get() {
                return Ok(None);
            }
            let weight = availability_weight(
                p.own_stake.get(),
                p.delegated.get(),
                config.weight_cap.get(),
                figure,
            )
            .ok_or(Error::ArithmeticOverflow)?;
            p.avail_figure.set(figure);
            let Some(added) = weight.checked_sub(p.avail_weight.get()).filter(|&w| w > 0) else {
                return Ok(None);
            };
            settle(config, p, &a.participant, &a.last_epoch)?;
            register(config, p, added, 0)?;
            p.avail_weight.set(weight);
            Ok(Some(added))
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
