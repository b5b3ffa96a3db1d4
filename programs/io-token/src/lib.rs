//! io_token: the IO and IOSD mints. Entry point and dispatch only; each instruction lives in
//! `instructions/<name>.rs`, the interface (discriminators, accounts, errors, events, IDL) in
//! `interface.rs`.
#![no_std]

#[cfg(feature = "idl-build")]
extern crate std;

mod checks;
pub mod emission;
mod emission_table;
pub mod instructions;
pub mod interface;
mod iosd;
pub mod merkle;
mod mint;
pub mod price;
pub mod state;
mod token;
mod token_metadata;

use interface::Error;
use pinocchio::{AccountView, Address, ProgramResult};

pinocchio::address::declare_id!("4ux61ukSYKhmZ69vnfxGPcYpMu7kx81NwCPzbafC5XS7");

/// The program's entry point; left out with `no-entrypoint` (as when another crate, such as
/// tools/idl-gen, links several programs).
#[cfg(not(feature = "no-entrypoint"))]
mod entrypoint {
    use super::process_instruction;
    pinocchio::program_entrypoint!(process_instruction);
    pinocchio::no_allocator!();
    io_common::panic_handler!();
}

/// Dispatch on Anchor's 8-byte discriminator. The handlers take `crate::ID` as the program id
/// (the runtime only calls a program with its own id), which keeps each call within BPF's five
/// argument registers.
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
        interface::init_emissions::DISCRIMINATOR => {
            instructions::init_emissions::process(accounts, args)
        }
        interface::set_rewards_vault::DISCRIMINATOR => {
            instructions::set_rewards_vault::process(accounts, args)
        }
        interface::crank::DISCRIMINATOR => instructions::crank::process(accounts, args),
        interface::add_beneficiary::DISCRIMINATOR => {
            instructions::add_beneficiary::process(accounts, args)
        }
        interface::lock_genesis::DISCRIMINATOR => {
            instructions::lock_genesis::process(accounts, args)
        }
        interface::claim_vested::DISCRIMINATOR => {
            instructions::claim_vested::process(accounts, args)
        }
        interface::release::DISCRIMINATOR => instructions::release::process(accounts, args),
        interface::create_airdrop::DISCRIMINATOR => {
            instructions::create_airdrop::process(accounts, args)
        }
        interface::claim_airdrop::DISCRIMINATOR => {
            instructions::claim_airdrop::process(accounts, args)
        }
        interface::close_airdrop::DISCRIMINATOR => {
            instructions::close_airdrop::process(accounts, args)
        }
        interface::set_remint_cap::DISCRIMINATOR => {
            instructions::set_remint_cap::process(accounts, args)
        }
        interface::init_iosd::DISCRIMINATOR => instructions::init_iosd::process(accounts, args),
        interface::set_iosd_params::DISCRIMINATOR => {
            instructions::set_iosd_params::process(accounts, args)
        }
        interface::mint_iosd::DISCRIMINATOR => instructions::mint_iosd::process(accounts, args),
        interface::set_iosd_spender::DISCRIMINATOR => {
            instructions::set_iosd_spender::process(accounts, args)
        }
        interface::hold_iosd::DISCRIMINATOR => instructions::hold_iosd::process(accounts, args),
        interface::release_iosd::DISCRIMINATOR => {
            instructions::release_iosd::process(accounts, args)
        }
        interface::prove_reserves::DISCRIMINATOR => {
            instructions::prove_reserves::process(accounts, args)
        }
        _ => Err(Error::InvalidInstruction.into()),
    }
}
