//! `execute`: after the timelock and within the grace period, anyone carries out a queued
//! proposal's actions in order, each by CPI, the executor PDA signing as the target program's
//! admin. The transaction is atomic: if any action fails, nothing changes and the proposal stays
//! queued, to be executed again (until its grace period ends).

use super::{not_guardian, now, read_config, with_proposal_mut};
use crate::{
    interface::{execute, Error, ProposalExecuted},
    state::{
        Action, Proposal, ACTION_ACCEPT_ADMIN, ACTION_JOB_PARAM, ACTION_ORACLE_SET, EXECUTED,
        EXECUTOR_SEED, MAX_ACTIONS, MAX_MEMBERS, QUEUED,
    },
};
use io_common::{
    borsh::Writer,
    discriminator::discriminator,
    governance::{
        admin_target, job_param, read_job_param, EXECUTOR, IO_JOBS_ID, JOB_PARAMS, ORACLE_CONFIG,
        ORACLE_PRICE_FEED,
    },
};
use pinocchio::{
    cpi::{invoke_signed, Seed, Signer},
    error::ProgramError,
    instruction::{InstructionAccount, InstructionView},
    AccountView, ProgramResult,
};

const SET_JOB_PARAMS: [u8; 8] = discriminator("global:", "set_job_params");
const SET_ORACLE_SET: [u8; 8] = discriminator("global:", "set_oracle_set");
const ACCEPT_ADMIN: [u8; 8] = discriminator("global:", "accept_admin");
/// set_job_params' arguments: three u16, two u32, a u8, two u32 and a u16.
const JOB_ARGS_LEN: usize = 8 + 2 + 2 + 2 + 4 + 4 + 1 + 4 + 4 + 2;
/// set_oracle_set's arguments at most: the quorum, a vector of up to 10 keys.
const ORACLE_ARGS_LEN: usize = 8 + 1 + 4 + 32 * MAX_MEMBERS;

/// Carries out one action with the accounts that follow in `rest`; returns the accounts left.
/// Each account is checked against the action's target: substituted or reordered accounts are
/// refused (InvalidTarget) before any CPI.
#[inline(always)]
fn run<'a>(
    p: &Proposal,
    action: &Action,
    executor: &AccountView,
    rest: &'a [AccountView],
    signer: &[Signer],
) -> Result<&'a [AccountView], ProgramError> {
    let [program, target_config, rest @ ..] = rest else {
        return Err(Error::NotEnoughAccounts.into());
    };
    match action.kind {
        ACTION_JOB_PARAM => {
            if program.address() != &IO_JOBS_ID
                || target_config.address() != &io_common::buyback::JOBS_CONFIG
                || !target_config.owned_by(&IO_JOBS_ID)
            {
                return Err(Error::InvalidTarget.into());
            }
            // Every parameter as it is now, with the action's one changed: a change made
            // meanwhile to another parameter (or by an earlier action) stays.
            let mut w = Writer::<JOB_ARGS_LEN>::new(SET_JOB_PARAMS);
            {
                let data = target_config.try_borrow()?;
                for index in 0..JOB_PARAMS {
                    let param = job_param(index).ok_or(Error::InvalidAction)?;
                    let value = if index == action.target {
                        action.value
                    } else {
                        read_job_param(&data, &param).ok_or(Error::InvalidTarget)?
                    };
                    match param.size {
                        1 => w.u8(value as u8),
                        2 => w.u16(value as u16),
                        _ => w.u32(value as u32),
                    };
                }
            }
            let metas = [
                InstructionAccount::readonly_signer(executor.address()),
                InstructionAccount::writable(target_config.address()),
            ];
            let ix = InstructionView {
                program_id: &IO_JOBS_ID,
                data: w.as_slice(),
                accounts: &metas,
            };
            invoke_signed(&ix, &[executor, target_config], signer)?;
            Ok(rest)
        }
        ACTION_ORACLE_SET => {
            let [price_feed, rest @ ..] = rest else {
                return Err(Error::NotEnoughAccounts.into());
            };
            if program.address() != &io_common::oracle::IO_ORACLE_ID
                || target_config.address() != &ORACLE_CONFIG
                || price_feed.address() != &ORACLE_PRICE_FEED
            {
                return Err(Error::InvalidTarget.into());
            }
            let mut w = Writer::<ORACLE_ARGS_LEN>::new(SET_ORACLE_SET);
            w.u8(action.value as u8);
            let count = (p.member_count as usize).min(MAX_MEMBERS);
            w.u32(count as u32);
            for m in p.members.iter().take(count) {
                w.pubkey(m);
            }
            let metas = [
                InstructionAccount::readonly_signer(executor.address()),
                InstructionAccount::writable(target_config.address()),
                InstructionAccount::writable(price_feed.address()),
            ];
            let ix = InstructionView {
                program_id: &io_common::oracle::IO_ORACLE_ID,
                data: w.as_slice(),
                accounts: &metas,
            };
            invoke_signed(&ix, &[executor, target_config, price_feed], signer)?;
            Ok(rest)
        }
        ACTION_ACCEPT_ADMIN => {
            let (id, config) = admin_target(action.target).ok_or(Error::InvalidAction)?;
            if program.address() != &id || target_config.address() != &config {
                return Err(Error::InvalidTarget.into());
            }
            let metas = [
                InstructionAccount::readonly_signer(executor.address()),
                InstructionAccount::writable(target_config.address()),
            ];
            let ix = InstructionView {
                program_id: &id,
                data: &ACCEPT_ADMIN,
                accounts: &metas,
            };
            invoke_signed(&ix, &[executor, target_config], signer)?;
            Ok(rest)
        }
        _ => Err(Error::InvalidAction.into()),
    }
}

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, mut rest) = execute::Accounts::parse(accounts)?;
    execute::Args::parse(data)?;
    let config = read_config(&a.config)?;
    not_guardian(&config, a.caller.address())?;
    let now = now()?;
    let p: Proposal = with_proposal_mut(&a.proposal, |p| {
        if p.state != QUEUED {
            return Err(Error::NotQueued);
        }
        if now < p.eta.get() {
            return Err(Error::TimelockActive);
        }
        if now >= p.eta.get().saturating_add(p.grace_period.get() as i64) {
            return Err(Error::ProposalExpired);
        }
        Ok(*p)
    })?;
    if a.executor.address() != &EXECUTOR {
        return Err(Error::InvalidTarget.into());
    }
    let bump = [config.executor_bump];
    let seeds = [Seed::from(EXECUTOR_SEED), Seed::from(&bump)];
    let signer = [Signer::from(&seeds)];
    let count = (p.action_count as usize).min(MAX_ACTIONS);
    for i in 0..count {
        let action = Action::of(&p, i).ok_or(Error::InvalidAction)?;
        rest = run(&p, &action, &a.executor, rest, &signer)?;
    }
    // Every account was an action's: extra accounts would hide a mismatch of order or count.
    if !rest.is_empty() {
        return Err(Error::InvalidTarget.into());
    }
    with_proposal_mut(&a.proposal, |p| {
        p.state = EXECUTED;
        Ok(())
    })?;
    ProposalExecuted {
        proposal: *a.proposal.address(),
    }
    .emit();
    Ok(())
}
