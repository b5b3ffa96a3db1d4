//! io_jobs: GPU nodes, USD-priced jobs in escrow, oracle-attested usage and settlement. Entry point and dispatch only;
//! each instruction lives in `instructions/<name>.rs`, the interface in `interface.rs`.
#![no_std]

#[cfg(feature = "idl-build")]
extern crate std;

mod attest;
mod exit;
pub mod instructions;
pub mod interface;
mod money;
mod referral;
mod reputation;
mod reserves;
mod split;
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
        interface::set_job_params::DISCRIMINATOR => {
            instructions::set_job_params::process(accounts, args)
        }
        interface::propose_admin::DISCRIMINATOR => {
            instructions::propose_admin::process(accounts, args)
        }
        interface::accept_admin::DISCRIMINATOR => {
            instructions::accept_admin::process(accounts, args)
        }
        interface::open_job::DISCRIMINATOR => instructions::open_job::process(accounts, args),
        interface::cancel_job::DISCRIMINATOR => instructions::cancel_job::process(accounts, args),
        interface::refund_unstarted::DISCRIMINATOR => {
            instructions::refund_unstarted::process(accounts, args)
        }
        interface::attest_usage::DISCRIMINATOR => {
            instructions::attest_usage::process(accounts, args)
        }
        interface::attest_reputation::DISCRIMINATOR => {
            instructions::attest_reputation::process(accounts, args)
        }
        interface::end_job::DISCRIMINATOR => instructions::end_job::process(accounts, args),
        interface::dispute_job::DISCRIMINATOR => instructions::dispute_job::process(accounts, args),
        interface::resolve_dispute::DISCRIMINATOR => {
            instructions::resolve_dispute::process(accounts, args)
        }
        interface::settle_jobs::DISCRIMINATOR => instructions::settle_jobs::process(accounts, args),
        interface::claim_earnings::DISCRIMINATOR => {
            instructions::claim_earnings::process(accounts, args)
        }
        interface::sweep_io_fees::DISCRIMINATOR => {
            instructions::sweep_io_fees::process(accounts, args)
        }
        interface::sweep_usdc_fees::DISCRIMINATOR => {
            instructions::sweep_usdc_fees::process(accounts, args)
        }
        interface::register_referral::DISCRIMINATOR => {
            instructions::register_referral::process(accounts, args)
        }
        interface::claim_referral::DISCRIMINATOR => {
            instructions::claim_referral::process(accounts, args)
        }
        interface::set_referral_params::DISCRIMINATOR => {
            instructions::set_referral_params::process(accounts, args)
        }
        interface::set_discount_tiers::DISCRIMINATOR => {
            instructions::set_discount_tiers::process(accounts, args)
        }
        interface::prove_reserves::DISCRIMINATOR => {
            instructions::prove_reserves::process(accounts, args)
        }
        _ => Err(Error::InvalidInstruction.into()),
    }
}
