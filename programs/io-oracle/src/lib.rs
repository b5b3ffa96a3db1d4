//! io_oracle: the oracle set and the IO/USD price. Entry point and dispatch only; each
//! instruction lives in `instructions/<name>.rs`, the interface in `interface.rs`.
#![no_std]

#[cfg(feature = "idl-build")]
extern crate std;

pub mod aggregate;
pub mod instructions;
pub mod interface;
pub mod state;

use interface::Error;
use pinocchio::{AccountView, Address, ProgramResult};

pinocchio::address::declare_id!("EQQvakrHyx3E2vN8i3JD5t29SYtJzsG1w3CdiZgdosXb");

/// The program's entry point; left out with `no-entrypoint` (as when another crate, such as
/// tools/idl-gen, links several programs).
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
        interface::propose_admin::DISCRIMINATOR => {
            instructions::propose_admin::process(accounts, args)
        }
        interface::accept_admin::DISCRIMINATOR => {
            instructions::accept_admin::process(accounts, args)
        }
        interface::set_oracle_set::DISCRIMINATOR => {
            instructions::set_oracle_set::process(accounts, args)
        }
        interface::set_price_params::DISCRIMINATOR => {
            instructions::set_price_params::process(accounts, args)
        }
        interface::submit_price::DISCRIMINATOR => {
            instructions::submit_price::process(accounts, args)
        }
        _ => Err(Error::InvalidInstruction.into()),
    }
}
