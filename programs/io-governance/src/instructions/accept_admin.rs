//! `accept_admin`: anyone completes a hand-over the current admin started. Once a program's admin
//! has proposed the executor (its own `propose_admin`), this calls that program's
//! `accept_admin` by CPI with the executor PDA signing, without waiting for a vote: the admin
//! chose to give the role away, and governance only gains it. A target whose pending admin is
//! not the executor refuses inside the CPI (its own `Unauthorized` / `NoPendingAdmin`), so a
//! replay fails too. Proposal action 2 (accept admin by vote) is unchanged.

use super::read_config;
use crate::{
    interface::{accept_admin, Error},
    state::EXECUTOR_SEED,
};
use io_common::{
    discriminator::discriminator,
    governance::{admin_target, EXECUTOR},
};
use pinocchio::{
    cpi::{invoke_signed, Seed, Signer},
    instruction::{InstructionAccount, InstructionView},
    AccountView, ProgramResult,
};

const ACCEPT_ADMIN: [u8; 8] = discriminator("global:", "accept_admin");

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = accept_admin::Accounts::parse(accounts)?;
    let args = accept_admin::Args::parse(data)?;
    let config = read_config(&a.config)?;
    let (program, target_config) = admin_target(args.target).ok_or(Error::InvalidAction)?;
    if a.executor.address() != &EXECUTOR
        || a.target_program.address() != &program
        || a.target_config.address() != &target_config
        || !a.target_config.owned_by(&program)
    {
        return Err(Error::InvalidTarget.into());
    }
    let bump = [config.executor_bump];
    let seeds = [Seed::from(EXECUTOR_SEED), Seed::from(&bump)];
    let signer = [Signer::from(&seeds)];
    let metas = [
        InstructionAccount::readonly_signer(a.executor.address()),
        InstructionAccount::writable(a.target_config.address()),
    ];
    let ix = InstructionView {
        program_id: &program,
        data: &ACCEPT_ADMIN,
        accounts: &metas,
    };
    invoke_signed(&ix, &[&a.executor, &a.target_config], &signer)
}
