//! Creating program-derived accounts safely.

use pinocchio::{
    cpi::Signer,
    error::ProgramError,
    sysvars::{rent::Rent, Sysvar},
    AccountView, Address,
};
use pinocchio_system::instructions::{Allocate, Assign, CreateAccount, Transfer};

/// A program-derived account to create: `space` bytes owned by `owner`, funded rent-exempt
/// for `rent_space` bytes (at least `space`; more when the owner will grow it).
/// (A struct, because LLVM's BPF backend takes at most 5 call arguments.)
pub struct CreatePda<'a> {
    pub payer: &'a AccountView,
    pub account: &'a AccountView,
    pub space: usize,
    pub rent_space: usize,
    pub owner: &'a Address,
}

impl CreatePda<'_> {
    /// Creates the account, `signer` being its PDA seeds.
    ///
    /// Anyone can send lamports to a PDA before it exists, and `CreateAccount` refuses an
    /// account that holds lamports; so a pre-funded account is topped up, allocated and
    /// assigned instead, which nobody can block.
    #[inline(never)]
    pub fn invoke_signed(&self, signer: Signer) -> Result<(), ProgramError> {
        let needed = Rent::get()?.try_minimum_balance(self.rent_space)?;
        let held = self.account.lamports();
        let signers = [signer];
        if held == 0 {
            return CreateAccount {
                from: self.payer,
                to: self.account,
                lamports: needed,
                space: self.space as u64,
                owner: self.owner,
            }
            .invoke_signed(&signers);
        }
        if held < needed {
            Transfer {
                from: self.payer,
                to: self.account,
                lamports: needed.wrapping_sub(held),
            }
            .invoke()?;
        }
        Allocate {
            account: self.account,
            space: self.space as u64,
        }
        .invoke_signed(&signers)?;
        Assign {
            account: self.account,
            owner: self.owner,
        }
        .invoke_signed(&signers)
    }
}

/// Closes a program-owned `account`, moving all its lamports to `destination` (whoever paid
/// its rent); the runtime zeroes the data, so the discriminator is gone with it.
pub fn close_to(
    account: &mut AccountView,
    destination: &mut AccountView,
) -> Result<(), ProgramError> {
    let total = destination
        .lamports()
        .checked_add(account.lamports())
        .ok_or(ProgramError::ArithmeticOverflow)?;
    destination.set_lamports(total);
    account.set_lamports(0);
    account.close()
}
