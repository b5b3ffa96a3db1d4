//! io_buyback: the USDC fees io_jobs sweeps in are sold in back-to-back Dutch auctions for IO
//! the buyer burns in the same instruction, never below the oracle bound; a USD-incentives vault
//! only the admin (governance later) spends; proof of reserves. Entry point and dispatch only;
//! each instruction lives in `instructions/<name>.rs`, the interface in `interface.rs`.
#![no_std]

#[cfg(feature = "idl-build")]
extern crate std;

pub mod auction;
mod config;
pub mod instructions;
pub mod interface;
pub mod state;

use interface::Error;
use pinocchio::{AccountView, Address, ProgramResult};

pinocchio::address::declare_id!("5WfCjndWs3Poy5n2TqF5izCRNPL7U96JyCQGRKEoWEMh");

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
        interface::buy::DISCRIMINATOR => instructions::buy::process(accounts, args),
        interface::start_lot::DISCRIMINATOR => instructions::start_lot::process(accounts, args),
        interface::prove_reserves::DISCRIMINATOR => {
            instructions::prove_reserves::process(accounts, args)
        }
        interface::initialize::DISCRIMINATOR => instructions::initialize::process(accounts, args),
        interface::set_buyback_params::DISCRIMINATOR => {
            instructions::set_buyback_params::process(accounts, args)
        }
        interface::set_guardian::DISCRIMINATOR => {
            instructions::set_guardian::process(accounts, args)
        }
        interface::pause::DISCRIMINATOR => instructions::pause::process(accounts, args),
        interface::unpause::DISCRIMINATOR => instructions::unpause::process(accounts, args),
        interface::spend_incentives::DISCRIMINATOR => {
            instructions::spend_incentives::process(accounts, args)
        }
        interface::propose_admin::DISCRIMINATOR => {
            instructions::propose_admin::process(accounts, args)
        }
        interface::accept_admin::DISCRIMINATOR => {
            instructions::accept_admin::process(accounts, args)
        }
        _ => Err(Error::InvalidInstruction.into()),
    }
}
