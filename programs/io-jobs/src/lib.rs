//! io_jobs: GPU nodes and USD-priced jobs in escrow (attestation and settlement to come). Entry point and dispatch only;
//! each instruction lives in `instructions/<name>.rs`, the interface in `interface.rs`.
#![no_std]

#[cfg(feature = "idl-build")]
extern crate std;

mod escrow;
pub mod instructions;
pub mod interface;
pub mod state;

use interface::Error;
use pinocchio::{AccountView, Address, ProgramResult};

pinocchio::address::declare_id!("8dywiUaJu6sr7bKszDx7oSqzabkT1BM8b4emaYPQed8b");

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
        interface::register_node::DISCRIMINATOR => {
            instructions::register_node::process(accounts, args)
        }
        interface::update_node::DISCRIMINATOR => instructions::update_node::process(accounts, args),
        interface::retire_node::DISCRIMINATOR => instructions::retire_node::process(accounts, args),
        interface::initialize::DISCRIMINATOR => instructions::initialize::process(accounts, args),
        interface::open_job::DISCRIMINATOR => instructions::open_job::process(accounts, args),
        interface::cancel_job::DISCRIMINATOR => instructions::cancel_job::process(accounts, args),
        interface::refund_unstarted::DISCRIMINATOR => {
            instructions::refund_unstarted::process(accounts, args)
        }
        _ => Err(Error::InvalidInstruction.into()),
    }
}
