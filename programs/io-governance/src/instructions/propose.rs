//! `propose`: a staker with enough voting power opens a proposal carrying one typed action,
//! checked now against the target program's bounds; the rules in force now are fixed on it.

use super::{not_guardian, now, read_config, with_config_mut};
use crate::{
    interface::{propose, Error, Proposed},
    state::{
        Proposal, ACCOUNT_VERSION, ACTION_ACCEPT_ADMIN, ACTION_JOB_PARAM, ACTION_ORACLE_SET,
        MAX_MEMBERS, PROPOSAL_SEED, VOTING,
    },
};
use io_common::{
    account::CreatePda,
    governance::{admin_target, job_param, read_job_param, IO_JOBS_ID, ORACLE_CONFIG},
    staking::{power_for, read_position, read_total},
};
use pinocchio::{
    cpi::{Seed, Signer},
    AccountView, Address, ProgramResult,
};

/// The action's checks against the target program's declared bounds; returns the value in force.
fn check_action(args: &propose::Args, target_config: &AccountView) -> Result<u64, Error> {
    match args.action {
        ACTION_JOB_PARAM => {
            let param = job_param(args.target).ok_or(Error::InvalidAction)?;
            if !args.members.is_empty() {
                return Err(Error::InvalidAction);
            }
            if args.value < param.min || args.value > param.max {
                return Err(Error::ParamOutOfBounds);
            }
            if target_config.address() != &io_common::buyback::JOBS_CONFIG
                || !target_config.owned_by(&IO_JOBS_ID)
            {
                return Err(Error::InvalidTarget);
            }
            let data = target_config
                .try_borrow()
                .map_err(|_| Error::InvalidTarget)?;
            read_job_param(&data, &param).ok_or(Error::InvalidTarget)
        }
        ACTION_ORACLE_SET => {
            // io_oracle's own rule: 1..=10 distinct non-zero members and a majority quorum.
            let members = args.members;
            let count = members.len();
            let distinct = members
                .iter()
                .enumerate()
                .all(|(i, m)| *m != [0u8; 32] && !members[..i].contains(m));
            let quorum = args.value;
            let majority = quorum.saturating_mul(2) > count as u64;
            if count == 0 || count > MAX_MEMBERS || !distinct || !majority || quorum > count as u64
            {
                return Err(Error::InvalidOracleSet);
            }
            if args.target != 0 {
                return Err(Error::InvalidAction);
            }
            if target_config.address() != &ORACLE_CONFIG
                || !target_config.owned_by(&io_common::oracle::IO_ORACLE_ID)
            {
                return Err(Error::InvalidTarget);
            }
            Ok(0)
        }
        ACTION_ACCEPT_ADMIN => {
            let (program, config) = admin_target(args.target).ok_or(Error::InvalidAction)?;
            if !args.members.is_empty() || args.value != 0 {
                return Err(Error::InvalidAction);
            }
            if target_config.address() != &config || !target_config.owned_by(&program) {
                return Err(Error::InvalidTarget);
            }
            Ok(0)
        }
        _ => Err(Error::InvalidAction),
    }
}

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = propose::Accounts::parse(accounts)?;
    let args = propose::Args::parse(data)?;
    let config = read_config(&a.config)?;
    not_guardian(&config, a.proposer.address())?;
    if args.index != config.proposal_count.get() {
        return Err(Error::WrongProposalIndex.into());
    }
    let old_value = check_action(&args, &a.target_config)?;
    let (epoch, eligible) =
        read_total(&a.staking_config).map_err(|_| Error::InvalidStakingConfig)?;
    let position = read_position(&a.position).map_err(|_| Error::InvalidPosition)?;
    if &position.staker != a.proposer.address() {
        return Err(Error::InvalidPosition.into());
    }
    let power =
        power_for(&position.checkpoint, epoch).map_err(|_| Error::StakeChangedAfterStart)?;
    if power < config.proposal_threshold.get() {
        return Err(Error::BelowProposalThreshold.into());
    }
    let index_bytes = args.index.to_le_bytes();
    let (address, bump) =
        Address::find_program_address(&io_common::seeds![PROPOSAL_SEED, &index_bytes], program_id);
    if a.proposal.address() != &address {
        return Err(Error::InvalidProposal.into());
    }
    let now = now()?;
    let end = now.saturating_add(config.voting_period.get() as i64);
    let extension = config.late_quorum_extension.get();
    let lock_end = end.saturating_add(extension as i64);
    let bump_seed = [bump];
    let signer_seeds = [
        Seed::from(PROPOSAL_SEED),
        Seed::from(&index_bytes),
        Seed::from(&bump_seed),
    ];
    CreatePda {
        payer: &a.proposer,
        account: &a.proposal,
        space: Proposal::LEN,
        rent_space: Proposal::LEN,
        owner: program_id,
    }
    .invoke_signed(Signer::from(&signer_seeds))?;
    {
        let mut account = a.proposal;
        let mut data = account.try_borrow_mut()?;
        let p = Proposal::init(&mut data)?;
        p.version = ACCOUNT_VERSION;
        p.bump = bump;
        p.state = VOTING;
        p.action = args.action;
        p.index.set(args.index);
        p.proposer = *a.proposer.address();
        p.snapshot_epoch.set(epoch);
        p.extension.set(extension);
        p.lock_end.set(lock_end);
        p.start.set(now);
        p.end.set(end);
        p.eligible.set(eligible);
        p.quorum_bps.set(config.quorum_bps.get());
        p.threshold_bps.set(config.threshold_bps.get());
        p.timelock.set(config.timelock.get());
        p.grace_period.set(config.grace_period.get());
        p.target = args.target;
        p.member_count = args.members.len() as u8;
        p.old_value.set(old_value);
        p.value.set(args.value);
        for (slot, m) in p.members.iter_mut().zip(args.members.iter()) {
            *slot = Address::new_from_array(*m);
        }
    }
    with_config_mut(&a.config, |c| {
        let next = c.proposal_count.get().checked_add(1);
        c.proposal_count.set(next.ok_or(Error::ArithmeticOverflow)?);
        Ok(())
    })?;
    Proposed {
        proposal: address,
        index: args.index,
        proposer: *a.proposer.address(),
        action: args.action,
        target: args.target,
        old_value,
        value: args.value,
        snapshot_epoch: epoch,
        eligible,
        end,
    }
    .emit();
    Ok(())
}
