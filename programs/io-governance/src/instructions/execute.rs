//! `execute`: after the timelock and within the grace period, anyone carries out a queued
//! proposal's action by CPI, the executor PDA signing as the target program's admin. The
//! transaction is atomic: if the action fails, nothing changes and the proposal stays queued,
//! to be executed again (until its grace period ends).

use super::{not_guardian, now, read_config, with_proposal_mut};
use crate::{
    interface::{execute, Error, ProposalExecuted},
    state::{
        Proposal, ACTION_ACCEPT_ADMIN, ACTION_JOB_PARAM, ACTION_ORACLE_SET, EXECUTED,
        EXECUTOR_SEED, MAX_MEMBERS, QUEUED,
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

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, rest) = execute::Accounts::parse(accounts)?;
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
    match p.action {
        ACTION_JOB_PARAM => {
            if a.target_program.address() != &IO_JOBS_ID
                || a.target_config.address() != &io_common::buyback::JOBS_CONFIG
                || !a.target_config.owned_by(&IO_JOBS_ID)
            {
                return Err(Error::InvalidTarget.into());
            }
            // Every parameter as it is now, with the proposal's one changed: a change made
            // meanwhile to another parameter stays.
            let mut w = Writer::<JOB_ARGS_LEN>::new(SET_JOB_PARAMS);
            {
                let data = a.target_config.try_borrow()?;
                for index in 0..JOB_PARAMS {
                    let param = job_param(index).ok_or(Error::InvalidAction)?;
                    let value = if index == p.target {
                        p.value.get()
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
                InstructionAccount::readonly_signer(a.executor.address()),
                InstructionAccount::writable(a.target_config.address()),
            ];
            let ix = InstructionView {
                program_id: &IO_JOBS_ID,
                data: w.as_slice(),
                accounts: &metas,
            };
            invoke_signed(&ix, &[&a.executor, &a.target_config], &signer)?;
        }
        ACTION_ORACLE_SET => {
            let [price_feed, ..] = rest else {
                return Err(Error::NotEnoughAccounts.into());
            };
            if a.target_program.address() != &io_common::oracle::IO_ORACLE_ID
                || a.target_config.address() != &ORACLE_CONFIG
                || price_feed.address() != &ORACLE_PRICE_FEED
            {
                return Err(Error::InvalidTarget.into());
            }
            let mut w = Writer::<ORACLE_ARGS_LEN>::new(SET_ORACLE_SET);
            w.u8(p.value.get() as u8);
            let count = (p.member_count as usize).min(MAX_MEMBERS);
            w.u32(count as u32);
            for m in p.members.iter().take(count) {
                w.pubkey(m);
            }
            let metas = [
                InstructionAccount::readonly_signer(a.executor.address()),
                InstructionAccount::writable(a.target_config.address()),
                InstructionAccount::writable(price_feed.address()),
            ];
            let ix = InstructionView {
                program_id: &io_common::oracle::IO_ORACLE_ID,
                data: w.as_slice(),
                accounts: &metas,
            };
            invoke_signed(&ix, &[&a.executor, &a.target_config, price_feed], &signer)?;
        }
        ACTION_ACCEPT_ADMIN => {
            let (program, target) = admin_target(p.target).ok_or(Error::InvalidAction)?;
            if a.target_program.address() != &program || a.target_config.address() != &target {
                return Err(Error::InvalidTarget.into());
            }
            let metas = [
                InstructionAccount::readonly_signer(a.executor.address()),
                InstructionAccount::writable(a.target_config.address()),
            ];
            let ix = InstructionView {
                program_id: &program,
                data: &ACCEPT_ADMIN,
                accounts: &metas,
            };
            invoke_signed(&ix, &[&a.executor, &a.target_config], &signer)?;
        }
        _ => return Err(Error::InvalidAction.into()),
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
