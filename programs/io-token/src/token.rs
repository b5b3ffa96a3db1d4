//! Token-2022 moves signed by the program authority PDA.

use crate::state::{AUTHORITY_SEED, IO_DECIMALS};
use pinocchio::{
    cpi::{Seed, Signer},
    AccountView, ProgramResult,
};
use pinocchio_token_2022::instructions::{MintTo, TransferChecked};

/// IO out of an authority-owned account (a struct: BPF calls take at most 5 arguments).
pub struct AuthorityTransfer<'a> {
    pub from: &'a AccountView,
    pub to: &'a AccountView,
    pub mint: &'a AccountView,
    pub authority: &'a AccountView,
    pub authority_bump: u8,
}

impl AuthorityTransfer<'_> {
    pub fn invoke(&self, amount: u64) -> ProgramResult {
        let bump = [self.authority_bump];
        let seeds = [Seed::from(AUTHORITY_SEED), Seed::from(&bump)];
        TransferChecked::new(
            self.from,
            self.mint,
            self.to,
            self.authority,
            amount,
            IO_DECIMALS,
        )
        .invoke_signed(&[Signer::from(&seeds)])
    }
}

/// IO minted to `to`, signed by the authority PDA.
pub struct AuthorityMint<'a> {
    pub mint: &'a AccountView,
    pub to: &'a AccountView,
    pub authority: &'a AccountView,
    pub authority_bump: u8,
}

impl AuthorityMint<'_> {
    pub fn invoke(&self, amount: u64) -> ProgramResult {
        let bump = [self.authority_bump];
        let seeds = [Seed::from(AUTHORITY_SEED), Seed::from(&bump)];
        MintTo::new(self.mint, self.to, self.authority, amount)
            .invoke_signed(&[Signer::from(&seeds)])
    }
}
