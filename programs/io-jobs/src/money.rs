//! The money side of jobs: the config's per-currency table, the token accounts it names and
//! the three moves (into escrow, out of escrow, into the fee vault). USDC and IO move by token
//! transfers; IOSD is burned from the user into io_token's held count and minted back from it.

use crate::{
    interface::Error,
    state::{Job, JobsConfig, Node, AUTHORITY_SEED, CURRENCIES, PAY_USDC},
};
use io_common::{discriminator::discriminator, seeds};
use pinocchio::{
    cpi::{invoke_signed, Seed, Signer},
    instruction::{InstructionAccount, InstructionView},
    AccountView, Address, ProgramResult,
};
use pinocchio_token::instructions::TransferChecked;

/// SPL token account layout (Token-2022's base is the same): mint, then owner.
const TOKEN_MINT: core::ops::Range<usize> = 0..32;
const TOKEN_OWNER: core::ops::Range<usize> = 32..64;
/// SPL mint layout: decimals at byte 44.
const MINT_DECIMALS: usize = 44;

const HOLD_IOSD: [u8; 8] = discriminator("global:", "hold_iosd");
const RELEASE_IOSD: [u8; 8] = discriminator("global:", "release_iosd");

io_common::account_access!(read pub read_config: JobsConfig, Error::InvalidConfig);
io_common::account_access!(read pub read_job: Job, Error::InvalidJob, decode Error::InvalidJob);
io_common::account_access!(write pub with_node_mut: Node, Error::InvalidNode, decode Error::InvalidNode);
io_common::account_access!(read pub read_node: Node, Error::InvalidNode, decode Error::InvalidNode);

/// The token program of a currency: USDC on SPL Token, IO and IOSD on Token-2022.
pub fn token_program_of(currency: u8) -> Address {
    if currency == PAY_USDC {
        pinocchio_token::ID
    } else {
        pinocchio_token_2022::ID
    }
}

/// The currency whose mint this is.
pub fn currency_of(config: &JobsConfig, mint: &AccountView) -> Result<u8, Error> {
    config
        .mints
        .iter()
        .position(|m| m == mint.address())
        .map(|c| c as u8)
        .ok_or(Error::InvalidVault)
}

/// `account` is a token account of `mint` owned by `owner`, under the currency's token program.
pub fn check_token_account(
    account: &AccountView,
    owner: &Address,
    mint: &Address,
    token_program: &Address,
) -> Result<(), Error> {
    if !account.owned_by(token_program) {
        return Err(Error::WrongTokenAccount);
    }
    let data = account.try_borrow().map_err(|_| Error::WrongTokenAccount)?;
    match (data.get(TOKEN_MINT), data.get(TOKEN_OWNER)) {
        (Some(m), Some(o)) if m == mint.as_ref() && o == owner.as_ref() => Ok(()),
        _ => Err(Error::WrongTokenAccount),
    }
}

/// The accounts naming a currency, before they are checked against the config.
pub struct MoneyAccounts<'a> {
    pub mint: &'a AccountView,
    pub vault: &'a AccountView,
    pub authority: &'a AccountView,
    pub token_program: &'a AccountView,
    /// io_token's mint authority: needed only to release IOSD.
    pub io_token_authority: Option<&'a AccountView>,
}

/// The `MoneyAccounts` of an instruction's parsed accounts named `mint`, `vault`, `authority`,
/// `token_program` and `io_token_authority`.
macro_rules! money_accounts {
    ($a:expr) => {
        $crate::money::MoneyAccounts {
            mint: &$a.mint,
            vault: &$a.vault,
            authority: &$a.authority,
            token_program: &$a.token_program,
            io_token_authority: Some(&$a.io_token_authority),
        }
    };
}
pub(crate) use money_accounts;

/// A currency's accounts, checked: moves money in and out of its escrow.
pub struct Money<'a> {
    pub currency: u8,
    accounts: MoneyAccounts<'a>,
    authority_bump: u8,
    decimals: u8,
}

impl<'a> MoneyAccounts<'a> {
    /// Checks the accounts against the config's table for `currency`.
    pub fn check(self, config: &JobsConfig, currency: u8) -> Result<Money<'a>, Error> {
        let c = currency as usize;
        if c >= CURRENCIES {
            return Err(Error::InvalidCurrency);
        }
        let authority = Address::derive_address(
            &seeds![AUTHORITY_SEED],
            Some(config.authority_bump),
            &crate::ID,
        );
        if self.mint.address() != &config.mints[c]
            || self.vault.address() != &config.vaults[c]
            || self.token_program.address() != &token_program_of(currency)
            || self.authority.address() != &authority
        {
            return Err(Error::InvalidVault);
        }
        let decimals = {
            let data = self.mint.try_borrow().map_err(|_| Error::InvalidVault)?;
            *data.get(MINT_DECIMALS).ok_or(Error::InvalidVault)?
        };
        Ok(Money {
            currency,
            accounts: self,
            authority_bump: config.authority_bump,
            decimals,
        })
    }
}

impl Money<'_> {
    pub fn mint(&self) -> &Address {
        self.accounts.mint.address()
    }

    pub fn token_program(&self) -> &Address {
        self.accounts.token_program.address()
    }

    fn is_iosd(&self) -> bool {
        self.currency == crate::state::PAY_IOSD
    }

    /// Moves `amount` from the user's account into escrow on the user's own signature.
    pub fn deposit(&self, from: &AccountView, owner: &AccountView, amount: u64) -> ProgramResult {
        let a = &self.accounts;
        if self.is_iosd() {
            // io_token burns the user's IOSD and holds it; this program's authority is the spender.
            let mut data = [0u8; 16];
            data[..8].copy_from_slice(&HOLD_IOSD);
            data[8..].copy_from_slice(&amount.to_le_bytes());
            let metas = [
                InstructionAccount::readonly_signer(owner.address()),
                InstructionAccount::writable(from.address()),
                InstructionAccount::writable(a.mint.address()),
                InstructionAccount::writable(a.vault.address()),
                InstructionAccount::readonly_signer(a.authority.address()),
                InstructionAccount::readonly(a.token_program.address()),
            ];
            let views = [owner, from, a.mint, a.vault, a.authority, a.token_program];
            return self.invoke_io_token(&data, &metas, &views);
        }
        TransferChecked::new(from, a.mint, a.vault, owner, amount, self.decimals)
            .invoke_with_unverified_program(a.token_program.address())
    }

    /// Pays `amount` out of escrow to `to`.
    pub fn pay(&self, to: &AccountView, amount: u64) -> ProgramResult {
        if self.is_iosd() {
            return self.release_iosd(to, amount, 0);
        }
        let a = &self.accounts;
        let bump = [self.authority_bump];
        let seeds = [Seed::from(AUTHORITY_SEED), Seed::from(&bump)];
        TransferChecked::new(a.vault, a.mint, to, a.authority, amount, self.decimals)
            .invoke_signed_with_unverified_program(
                &[Signer::from(&seeds)],
                a.token_program.address(),
            )
    }

    /// Moves `amount` of fees and token shares to the fee vault; IOSD is retired for good.
    pub fn collect(&self, fee_vault: &AccountView, amount: u64) -> ProgramResult {
        if self.is_iosd() {
            return self.release_iosd(self.accounts.vault, 0, amount);
        }
        self.pay(fee_vault, amount)
    }

    fn release_iosd(&self, to: &AccountView, amount: u64, retire: u64) -> ProgramResult {
        let a = &self.accounts;
        let io_authority = a.io_token_authority.ok_or(Error::InvalidVault)?;
        let mut data = [0u8; 24];
        data[..8].copy_from_slice(&RELEASE_IOSD);
        data[8..16].copy_from_slice(&amount.to_le_bytes());
        data[16..].copy_from_slice(&retire.to_le_bytes());
        let metas = [
            InstructionAccount::readonly_signer(a.authority.address()),
            InstructionAccount::writable(a.vault.address()),
            InstructionAccount::writable(a.mint.address()),
            InstructionAccount::writable(to.address()),
            InstructionAccount::readonly(io_authority.address()),
            InstructionAccount::readonly(a.token_program.address()),
        ];
        let views = [
            a.authority,
            a.vault,
            a.mint,
            to,
            io_authority,
            a.token_program,
        ];
        self.invoke_io_token(&data, &metas, &views)
    }

    /// Calls io_token, signed by this program's authority. Inlined: with the slice it takes
    /// more than the five argument registers BPF has.
    #[inline(always)]
    fn invoke_io_token(
        &self,
        data: &[u8],
        metas: &[InstructionAccount; 6],
        views: &[&AccountView; 6],
    ) -> ProgramResult {
        let instruction = InstructionView {
            program_id: &crate::state::IO_TOKEN_ID,
            data,
            accounts: metas,
        };
        let bump = [self.authority_bump];
        let seeds = [Seed::from(AUTHORITY_SEED), Seed::from(&bump)];
        invoke_signed(&instruction, views, &[Signer::from(&seeds)])
    }
}
