//! The upgrade action (kind 9): checks of the loader v3 Buffer when proposed, the digest of the
//! buffers' content the proposal fixes, and the loader's `Upgrade` at execution.
//!
//! Why the buffer cannot change between the vote and the execution: its authority must be the
//! executor when proposed, and only a buffer's authority can `Write` to it, `Close` it or
//! `SetAuthority` on it; the executor signs nothing but the actions of voted proposals, and no
//! action writes, closes or re-authorises a buffer. One way remains: an executed upgrade empties
//! and closes its buffer, and whoever holds the buffer's keypair can then create a new buffer at
//! the same address (with other bytes, and the executor as authority) for a second proposal
//! naming it. The proposal therefore fixes the sha256 of each buffer's program bytes
//! (`upgrade_digest`), checked again at execution: about 1 CU per 2 bytes hashed (sol_sha256),
//! 66,000 CU for io_jobs' 132 kB, at `propose` and at `execute`.

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

/// The loader v3 instruction `Upgrade` (bincode: u32 tag 3).
const UPGRADE: [u8; 4] = [3, 0, 0, 0];

/// The sha256 of a usable buffer's program bytes: a loader v3 Buffer at `key` whose authority is
/// the executor (InvalidBuffer otherwise).
pub fn buffer_hash(buffer: &AccountView, key: &[u8; 32]) -> Result<[u8; 32], Error> {
    if buffer.address().as_ref() != key || !buffer.owned_by(&LOADER_V3) {
        return Err(Error::InvalidBuffer);
    }
    let data = buffer.try_borrow().map_err(|_| Error::InvalidBuffer)?;
    let (authority, program) = buffer_parts(&data).ok_or(Error::InvalidBuffer)?;
    if authority != EXECUTOR || program.is_empty() {
        return Err(Error::InvalidBuffer);
    }
    Ok(sha256(&[program]))
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
        let hash = buffer_hash(buffer, self.key)?;
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
