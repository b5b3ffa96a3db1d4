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

/// Defines an accessor of one of the calling program's zero-copy accounts: `read` returns a
/// copy, `write` runs a closure on the account in place. Both check that `crate::ID` owns the
/// account (else `$err`, also when it is borrowed already) and its size and discriminator:
/// by the layout's own error, or `$err`-like `decode` error when one is given.
///
/// ```ignore
/// io_common::account_access!(read pub read_config: JobsConfig, Error::InvalidConfig);
/// io_common::account_access!(write pub with_job_mut: Job, Error::InvalidJob, decode Error::InvalidJob);
/// ```
#[macro_export]
#[allow(clippy::crate_in_macro_def)] // `crate::ID` and `crate::interface::Error` are the caller's, on purpose
macro_rules! account_access {
    (read $vis:vis $name:ident: $ty:ty, $err:expr $(, decode $decode:expr)?) => {
        $vis fn $name(
            account: &$crate::pinocchio::AccountView,
        ) -> Result<$ty, crate::interface::Error> {
            if !account.owned_by(&crate::ID) {
                return Err($err);
            }
            let data = account.try_borrow().map_err(|_| $err)?;
            Ok(*$crate::account_access!(@decode <$ty>::from_bytes(&data) $(, $decode)?))
        }
    };
    (write $vis:vis $name:ident: $ty:ty, $err:expr $(, decode $decode:expr)?) => {
        $vis fn $name<R>(
            account: &$crate::pinocchio::AccountView,
            f: impl FnOnce(&mut $ty) -> Result<R, crate::interface::Error>,
        ) -> Result<R, crate::interface::Error> {
            if !account.owned_by(&crate::ID) {
                return Err($err);
            }
            let mut view = *account;
            let mut data = view.try_borrow_mut().map_err(|_| $err)?;
            f($crate::account_access!(@decode <$ty>::from_bytes_mut(&mut data) $(, $decode)?))
        }
    };
    (@decode $parsed:expr) => {
        $parsed?
    };
    (@decode $parsed:expr, $decode:expr) => {
        $parsed.map_err(|_| $decode)?
    };
}

/// The owner a token account records (bytes 32..64 of the SPL layout, Token-2022's base too), if
/// `account` is a token account of either token program.
pub fn token_account_owner(account: &AccountView) -> Option<Address> {
    if !account.owned_by(&pinocchio_token::ID) && !account.owned_by(&TOKEN_2022_ID) {
        return None;
    }
    let data = account.try_borrow().ok()?;
    if data.len() < TOKEN_ACCOUNT_LEN {
        return None;
    }
    let owner = data.get(32..64)?.first_chunk::<32>()?;
    Some(Address::new_from_array(*owner))
}

/// The amount a token account records (bytes 64..72 of the SPL layout, Token-2022's base too);
/// None if the data is too short or borrowed. The caller checks which program owns it.
pub fn token_amount(account: &AccountView) -> Option<u64> {
    let data = account.try_borrow().ok()?;
    let amount = data.get(64..72)?.first_chunk::<8>()?;
    Some(u64::from_le_bytes(*amount))
}

/// Token-2022's program id (io_common does not depend on pinocchio-token-2022).
const TOKEN_2022_ID: Address =
    Address::from_str_const("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");

/// A token account without extensions (SPL Token, or Token-2022 for a mint that needs none on
/// its accounts, as IO's and USDC's).
pub const TOKEN_ACCOUNT_LEN: usize = 165;

/// A token account of `mint` owned by `owner`, created at a PDA of the calling program under
/// `token_program` (SPL Token or Token-2022: the instruction is the same).
pub struct CreateTokenAccount<'a> {
    pub payer: &'a AccountView,
    pub account: &'a AccountView,
    pub mint: &'a AccountView,
    pub owner: &'a Address,
    pub token_program: &'a Address,
}

impl CreateTokenAccount<'_> {
    /// Creates the account (`signer`: its own PDA seeds) and initialises it.
    pub fn invoke_signed(&self, signer: Signer) -> Result<(), ProgramError> {
        CreatePda {
            payer: self.payer,
            account: self.account,
            space: TOKEN_ACCOUNT_LEN,
            rent_space: TOKEN_ACCOUNT_LEN,
            owner: self.token_program,
        }
        .invoke_signed(signer)?;
        pinocchio_token::instructions::InitializeAccount3::new(self.account, self.mint, self.owner)
            .invoke_with_unverified_program(self.token_program)
    }
}
