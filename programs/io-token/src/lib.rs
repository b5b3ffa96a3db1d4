//! io_token: the IO and IOSD mints. Entry point and dispatch only; each instruction lives in
//! `instructions/<name>.rs`, the interface (discriminators, accounts, errors, events, IDL) in
//! `interface.rs`.
#![no_std]

#[cfg(feature = "idl-build")]
extern crate std;

pub mod instructions;
pub mod interface;
pub mod state;
mod token_metadata;

use interface::Error;
use pinocchio::{AccountView, Address, ProgramResult};

pinocchio::address::declare_id!("4ux61ukSYKhmZ69vnfxGPcYpMu7kx81NwCPzbafC5XS7");

pinocchio::program_entrypoint!(process_instruction);
pinocchio::no_allocator!();
io_common::panic_handler!();

pub fn process_instruction(
    program_id: &Address,
    accounts: &mut [AccountView],
    data: &[u8],
) -> ProgramResult {
    let Some((discriminator, args)) = data.split_first_chunk::<8>() else {
        return Err(Error::InvalidInstruction.into());
    };
    match *discriminator {
        interface::initialize::DISCRIMINATOR => {
            instructions::initialize::process(program_id, accounts, args)
        }
        interface::propose_admin::DISCRIMINATOR => {
            instructions::propose_admin::process(program_id, accounts, args)
        }
        interface::accept_admin::DISCRIMINATOR => {
            instructions::accept_admin::process(program_id, accounts, args)
        }
        _ => Err(Error::InvalidInstruction.into()),
    }
}
