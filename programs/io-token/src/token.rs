//! Token-2022 moves signed by the program authority PDA.

use crate::state::{AUTHORITY_SEED, IO_DECIMALS};
use io_common::account::CreatePda;
use pinocchio::{
    cpi::{Seed, Signer},
    AccountView, Address, ProgramResult,
};
use pinocchio_token_2022::instructions::{InitializeAccount3, MintTo, TransferChecked};

/// A Token-2022 account of a mint whose extensions need none on the account (IO's).
pub const TOKEN_ACCOUNT_LEN: usize = 165;

/// A token account of `mint` at a PDA of this program, owned by `owner`.
pub struct CreateVault<'a> {
    pub payer: &'a AccountView,
    pub vault: &'a AccountView,
    pub mint: &'a AccountView,
    pub owner: &'a Address,
}

impl CreateVault<'_> {
    /// Creates the account (`signer`: the vault's own PDA seeds) and initialises it.
    pub fn invoke_signed(&self, signer: Signer) -> ProgramResult {
        CreatePda {
            payer: self.payer,
            account: self.vault,
            space: TOKEN_ACCOUNT_LEN,
            rent_space: TOKEN_ACCOUNT_LEN,
            owner: &pinocchio_token_2022::ID,
        }
        .invoke_signed(signer)?;
        InitializeAccount3::new(self.vault, self.mint, self.owner).invoke()
    }
}

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
