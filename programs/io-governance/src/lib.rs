//! io_governance: staked IO votes typed actions through quorum, threshold and a timelock, and
//! the executor PDA carries them out as the programs' admin. Entry point and dispatch only;
//! each instruction lives in `instructions/<name>.rs`, the interface in `interface.rs`.
#![no_std]

#[cfg(feature = "idl-build")]
extern crate std;

pub mod instructions;
pub mod interface;
pub mod state;
pub mod upgrade;

use interface::Error;
use pinocchio::{AccountView, Address, ProgramResult};

pinocchio::address::declare_id!("9hajRf6HUVM3FGVWh6Q31ZRNQYJCAKVvNY9YbV6gPoEN");

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
        interface::propose::DISCRIMINATOR => instructions::propose::process(accounts, args),
        interface::vote::DISCRIMINATOR => instructions::vote::process(accounts, args),
        interface::queue::DISCRIMINATOR => instructions::queue::process(accounts, args),
        interface::execute::DISCRIMINATOR => instructions::execute::process(accounts, args),
        interface::cancel::DISCRIMINATOR => instructions::cancel::process(accounts, args),
        interface::veto::DISCRIMINATOR => instructions::veto::process(accounts, args),
        interface::accept_admin::DISCRIMINATOR => {
            instructions::accept_admin::process(accounts, args)
        }
        interface::refund_deposit::DISCRIMINATOR => {
            instructions::refund_deposit::process(accounts, args)
        }
        interface::reclaim_buffer::DISCRIMINATOR => {
            instructions::reclaim_buffer::process(accounts, args)
        }
        _ => Err(Error::InvalidInstruction.into()),
    }
}
