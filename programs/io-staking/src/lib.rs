//! io_staking: epochs of emissions split into availability and compute rewards, stake to nodes
//! and users with a share of their rewards, cooldowns and slashing. Entry point and dispatch
//! only; each instruction lives in `instructions/<name>.rs`, the interface in `interface.rs`.
#![no_std]

#[cfg(feature = "idl-build")]
extern crate std;

mod accounts;
pub mod instructions;
pub mod interface;
mod jobs;
mod rewards;
pub mod state;

use interface::Error;
use pinocchio::{AccountView, Address, ProgramResult};

pinocchio::address::declare_id!("DmR1RxjS4EX8PA4VdPtYebcZjqzdkxGiQtetv6CwMEyD");

/// The program's entry point; left out with `no-entrypoint`.
#[cfg(not(feature = "no-entrypoint"))]
mod entrypoint {
    use super::process_instruction;
    pinocchio::program_entrypoint!(process_instruction);
    pinocchio::no_allocator!();
    io_common::panic_handler!();
}

/// Dispatch on Anchor's 8-byte discriminator; handlers use `crate::ID` as the program id.
pub fn process_instruction(
    _program_id: &Address,
    accounts: &mut [AccountView],
    data: &[u8],
) -> ProgramResult {
    let Some((discriminator, args)) = data.split_first_chunk::<8>() else {
        return Err(Error::InvalidInstruction.into());
    };
    match *discriminator {
        interface::initialize::DISCRIMINATOR => instructions::initialize::process(accounts, args),
        interface::set_staking_params::DISCRIMINATOR => {
            instructions::set_staking_params::process(accounts, args)
        }
        interface::set_slashing::DISCRIMINATOR => {
            instructions::set_slashing::process(accounts, args)
        }
        interface::register_participant::DISCRIMINATOR => {
            instructions::register_participant::process(accounts, args)
        }
        interface::set_reward_share::DISCRIMINATOR => {
            instructions::set_reward_share::process(accounts, args)
        }
        interface::stake::DISCRIMINATOR => instructions::stake::process(accounts, args),
        interface::unstake::DISCRIMINATOR => instructions::unstake::process(accounts, args),
        interface::withdraw::DISCRIMINATOR => instructions::withdraw::process(accounts, args),
        interface::claim::DISCRIMINATOR => instructions::claim::process(accounts, args),
        interface::attest_availability::DISCRIMINATOR => {
            instructions::attest_availability::process(accounts, args)
        }
        interface::sync_points::DISCRIMINATOR => instructions::sync_points::process(accounts, args),
        interface::close_epoch::DISCRIMINATOR => instructions::close_epoch::process(accounts, args),
        interface::vote_slash::DISCRIMINATOR => instructions::vote_slash::process(accounts, args),
        interface::contest_slash::DISCRIMINATOR => {
            instructions::contest_slash::process(accounts, args)
        }
        interface::resolve_slash::DISCRIMINATOR => {
            instructions::resolve_slash::process(accounts, args)
        }
        interface::execute_slash::DISCRIMINATOR => {
            instructions::execute_slash::process(accounts, args)
        }
        interface::set_priority_tiers::DISCRIMINATOR => {
            instructions::set_priority_tiers::process(accounts, args)
        }
        interface::propose_admin::DISCRIMINATOR => {
            instructions::propose_admin::process(accounts, args)
        }
        interface::accept_admin::DISCRIMINATOR => {
            instructions::accept_admin::process(accounts, args)
        }
        interface::prove_reserves::DISCRIMINATOR => {
            instructions::prove_reserves::process(accounts, args)
        }
        interface::lock_position::DISCRIMINATOR => {
            instructions::lock_position::process(accounts, args)
        }
        interface::sync_usage::DISCRIMINATOR => instructions::sync_usage::process(accounts, args),
        interface::set_usage_params::DISCRIMINATOR => {
            instructions::set_usage_params::process(accounts, args)
        }
        _ => Err(Error::InvalidInstruction.into()),
    }
}
