//! `refund_deposit`: anyone returns a proposal's deposit from the deposit vault to an IO account
//! of its proposer, once the proposal is out of Voting: its voting ended (passed, defeated,
//! expired, queued, executed or vetoed) or it was cancelled. Once.
//!
//! Every outcome gets the deposit back: issue 15 asks for a refundable deposit, and the deposit's
//! job is to make a proposer hold IO out of reach for the whole vote, not to punish a proposal
//! that lost (SPL Governance also refunds it whatever the outcome). What a proposal costs for
//! good is its account's rent, which is not returned.

use super::{check_io_account, now, with_proposal_mut};
use crate::{
    interface::{refund_deposit, DepositRefunded, Error},
    state::{DEPOSIT_VAULT_SEED, IO_DECIMALS, VOTING},
};
use io_common::governance::{DEPOSIT_VAULT, DEPOSIT_VAULT_BUMP};
use pinocchio::{
    cpi::{Seed, Signer},
    AccountView, ProgramResult,
};
use pinocchio_token_2022::instructions::TransferChecked;

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = refund_deposit::Accounts::parse(accounts)?;
    refund_deposit::Args::parse(data)?;
    if a.deposit_vault.address() != &DEPOSIT_VAULT {
        return Err(Error::InvalidDepositAccount.into());
    }
    let now = now()?;
    let amount = with_proposal_mut(&a.proposal, |p| {
        if p.deposit_refunded != 0 {
            return Err(Error::DepositAlreadyRefunded);
        }
        if p.deposit.get() == 0 {
            return Err(Error::NoDeposit);
        }
        // Voting until its end (no vote can move the end once it has passed).
        if p.state == VOTING && now < p.end.get() {
            return Err(Error::DepositLocked);
        }
        check_io_account(&a.proposer_io, &p.proposer)?;
        p.deposit_refunded = 1;
        Ok(p.deposit.get())
    })?;
    let bump = [DEPOSIT_VAULT_BUMP];
    let seeds = [Seed::from(DEPOSIT_VAULT_SEED), Seed::from(&bump)];
    TransferChecked::new(
        &a.deposit_vault,
        &a.io_mint,
        &a.proposer_io,
        &a.deposit_vault,
        amount,
        IO_DECIMALS,
    )
    .invoke_signed(&[Signer::from(&seeds)])?;
    DepositRefunded {
        proposal: *a.proposal.address(),
        destination: *a.proposer_io.address(),
        amount,
    }
    .emit();
    Ok(())
}
