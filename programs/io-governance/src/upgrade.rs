//! The upgrade action (kind 9): checks of the loader v3 Buffer when proposed, the digest of the
//! buffers' content the proposal fixes, and the loader's `Upgrade` at execution.
//!
//! Who may put a buffer to a vote: only its holder. `propose` takes a buffer whose authority is
//! the proposer (who signs) and hands it to the executor itself (the loader's `SetAuthority`), so
//! nobody can name another's buffer (and be paid its rent as the spill at execution), and each
//! buffer the executor holds belongs to exactly one proposal; a buffer the executor holds already
//! is refused (nobody can prove it was theirs). A proposal that can never execute gives its
//! buffers back by `reclaim_buffer` (the loader's `Close`, lamports to the proposer).
//!
//! Why the buffer cannot change between the vote and the execution: its authority is the
//! executor from `propose` on, and only a buffer's authority can `Write` to it, `Close` it or
//! `SetAuthority` on it; the executor signs nothing but the actions of voted proposals and the
//! close of a dead proposal's buffer, and no action writes or re-authorises a buffer. One way
//! remains: an executed upgrade empties and closes its buffer, and whoever holds the buffer's
//! keypair can then create a new buffer at the same address (with other bytes, and the executor
//! as authority, which InitializeBuffer takes without its signature). The proposal therefore
//! fixes the sha256 of each buffer's program bytes (`upgrade_digest`), checked again at
//! execution: about 1 CU per 2 bytes hashed (sol_sha256), 66,000 CU for io_jobs' 132 kB, at
//! `propose` and at `execute`.

use crate::interface::Error;
use io_common::{
    governance::{upgrade_target, EXECUTOR},
    hash::sha256,
    loader::{buffer_parts, LOADER_V3},
};
use pinocchio::{
    cpi::{invoke_signed, Signer},
    error::ProgramError,
    instruction::{InstructionAccount, InstructionView},
    sysvars::{clock::CLOCK_ID, rent::RENT_ID},
    AccountView, Address,
};

/// The loader v3 instructions `Upgrade`, `SetAuthority` and `Close` (bincode: u32 tags 3, 4, 5).
const UPGRADE: [u8; 4] = [3, 0, 0, 0];
const SET_AUTHORITY: [u8; 4] = [4, 0, 0, 0];
const CLOSE: [u8; 4] = [5, 0, 0, 0];

/// The authority of a usable loader v3 Buffer at `key` (owned by the loader, in the Buffer state,
/// with an authority and program bytes; InvalidBuffer otherwise).
pub fn buffer_authority(buffer: &AccountView, key: &[u8; 32]) -> Result<Address, Error> {
    if buffer.address().as_ref() != key || !buffer.owned_by(&LOADER_V3) {
        return Err(Error::InvalidBuffer);
    }
    let data = buffer.try_borrow().map_err(|_| Error::InvalidBuffer)?;
    let (authority, program) = buffer_parts(&data).ok_or(Error::InvalidBuffer)?;
    if program.is_empty() {
        return Err(Error::InvalidBuffer);
    }
    Ok(authority)
}

/// The sha256 of a usable buffer's program bytes: a loader v3 Buffer at `key` whose authority is
/// `authority` (InvalidBuffer if not a buffer, `wrong` if another authority holds it).
pub fn buffer_hash(
    buffer: &AccountView,
    key: &[u8; 32],
    authority: &Address,
    wrong: Error,
) -> Result<[u8; 32], Error> {
    if &buffer_authority(buffer, key)? != authority {
        return Err(wrong);
    }
    let data = buffer.try_borrow().map_err(|_| Error::InvalidBuffer)?;
    let (_, program) = buffer_parts(&data).ok_or(Error::InvalidBuffer)?;
    Ok(sha256(&[program]))
}

/// The loader's `SetAuthority` of `buffer` from `holder` (a signer of the transaction: the
/// proposer) to the executor. The loader checks the buffer's authority and the signature again.
pub fn hand_over(
    buffer: &AccountView,
    holder: &AccountView,
    executor: &AccountView,
) -> Result<(), ProgramError> {
    let metas = [
        InstructionAccount::writable(buffer.address()),
        InstructionAccount::readonly_signer(holder.address()),
        InstructionAccount::readonly(executor.address()),
    ];
    let ix = InstructionView {
        program_id: &LOADER_V3,
        data: &SET_AUTHORITY,
        accounts: &metas,
    };
    pinocchio::cpi::invoke(&ix, &[buffer, holder, executor])
}

/// The loader's `Close` of `buffer`, the executor signing as its authority: its lamports go to
/// `recipient`.
pub fn close(
    buffer: &AccountView,
    recipient: &AccountView,
    executor: &AccountView,
    signer: &[Signer],
) -> Result<(), ProgramError> {
    let metas = [
        InstructionAccount::writable(buffer.address()),
        InstructionAccount::writable(recipient.address()),
        InstructionAccount::readonly_signer(executor.address()),
    ];
    let ix = InstructionView {
        program_id: &LOADER_V3,
        data: &CLOSE,
        accounts: &metas,
    };
    invoke_signed(&ix, &[buffer, recipient, executor], signer)
}

/// One step of the proposal's digest chain: d' = sha256(d || h).
pub fn chain(digest: &[u8; 32], hash: &[u8; 32]) -> [u8; 32] {
    sha256(&[digest, hash])
}

/// The accounts of one upgrade at execution (a struct: BPF passes at most five arguments).
pub struct Upgrade<'a> {
    /// The action's target (an upgrade_target index) and key (the buffer).
    pub target: u8,
    pub key: &'a [u8; 32],
    /// Who receives the buffer's lamports: the proposal's proposer.
    pub spill_to: &'a Address,
    pub executor: &'a AccountView,
    pub program: &'a AccountView,
    pub program_data: &'a AccountView,
}

impl Upgrade<'_> {
    /// Checks every account, hashes the buffer (before the loader empties it) and calls the
    /// loader's `Upgrade` with the executor signing as the upgrade authority. Returns the buffer's
    /// hash and the accounts left after this action's.
    #[inline(always)]
    pub fn run<'r>(
        &self,
        rest: &'r [AccountView],
        signer: &[Signer],
    ) -> Result<([u8; 32], &'r [AccountView]), ProgramError> {
        let [buffer, spill, rent, clock, loader, rest @ ..] = rest else {
            return Err(Error::NotEnoughAccounts.into());
        };
        let id = upgrade_target(self.target).ok_or(Error::InvalidAction)?;
        let (program_data, _) =
            Address::find_program_address(&io_common::seeds![id.as_ref()], &LOADER_V3);
        if self.program.address() != &id
            || self.program_data.address() != &program_data
            || rent.address() != &RENT_ID
            || clock.address() != &CLOCK_ID
            || loader.address() != &LOADER_V3
        {
            return Err(Error::InvalidTarget.into());
        }
        if spill.address() != self.spill_to {
            return Err(Error::WrongDestination.into());
        }
        let hash = buffer_hash(buffer, self.key, &EXECUTOR, Error::InvalidBuffer)?;
        let metas = [
            InstructionAccount::writable(self.program_data.address()),
            InstructionAccount::writable(self.program.address()),
            InstructionAccount::writable(buffer.address()),
            InstructionAccount::writable(spill.address()),
            InstructionAccount::readonly(rent.address()),
            InstructionAccount::readonly(clock.address()),
            InstructionAccount::readonly_signer(self.executor.address()),
        ];
        let ix = InstructionView {
            program_id: &LOADER_V3,
            data: &UPGRADE,
            accounts: &metas,
        };
        let infos = [
            self.program_data,
            self.program,
            buffer,
            spill,
            rent,
            clock,
            self.executor,
        ];
        invoke_signed(&ix, &infos, signer)?;
        Ok((hash, rest))
    }
}
