//! Account checks shared by the instructions: each returns a named error before any write.

use crate::{
    interface::Error,
    state::{Airdrop, TokenConfig, AIRDROP_VAULT_SEED, AUTHORITY_SEED, VAULT_SEED},
};
use io_common::seeds;
use pinocchio::{AccountView, Address};

/// Token-2022 account layout (the first 165 bytes, as SPL Token's).
use io_common::account::TOKEN_ACCOUNT_LEN;
const MINT_OFFSET: usize = 0;
const AMOUNT_OFFSET: usize = 64;
const STATE_OFFSET: usize = 108;
const STATE_INITIALIZED: u8 = 1;

/// A copy of the protocol config after checking owner and discriminator.
pub fn read_config(program_id: &Address, config: &AccountView) -> Result<TokenConfig, Error> {
    if !config.owned_by(program_id) {
        return Err(Error::InvalidConfig);
    }
    let data = config.try_borrow().map_err(|_| Error::InvalidConfig)?;
    Ok(*TokenConfig::from_bytes(&data)?)
}

/// The signer must be the admin named in the config.
pub fn check_admin(config: &TokenConfig, admin: &AccountView) -> Result<(), Error> {
    if &config.admin == admin.address() {
        Ok(())
    } else {
        Err(Error::Unauthorized)
    }
}

/// `account` must be the PDA `seeds` + `bump` of this program (sha256, no curve check: the
/// runtime checks the curve whenever the PDA signs).
fn is_pda<const N: usize>(
    account: &AccountView,
    seeds: &[&[u8]; N],
    bump: u8,
    program_id: &Address,
) -> bool {
    account.address() == &Address::derive_address(seeds, Some(bump), program_id)
}

/// The program authority PDA (mint authority of IO, owner of the vaults).
pub fn check_authority(
    program_id: &Address,
    authority: &AccountView,
    bump: u8,
) -> Result<(), Error> {
    if is_pda(authority, &seeds![AUTHORITY_SEED], bump, program_id) {
        Ok(())
    } else {
        Err(Error::InvalidAuthority)
    }
}

/// The genesis vault of `bucket`.
pub fn check_vault(
    program_id: &Address,
    config: &TokenConfig,
    vault: &AccountView,
    bucket: u8,
) -> Result<(), Error> {
    let bump = *config
        .vault_bumps
        .get(bucket as usize)
        .ok_or(Error::InvalidBucket)?;
    if is_pda(vault, &seeds![VAULT_SEED, &[bucket]], bump, program_id) {
        Ok(())
    } else {
        Err(Error::InvalidVault)
    }
}

/// An open airdrop (not closed) and its vault PDA.
pub fn check_open_airdrop(
    program_id: &Address,
    airdrop: &Airdrop,
    vault: &AccountView,
) -> Result<(), Error> {
    if airdrop.closed.get() {
        return Err(Error::AirdropClosed);
    }
    let id = airdrop.id.get().to_le_bytes();
    if is_pda(
        vault,
        &seeds![AIRDROP_VAULT_SEED, &id],
        airdrop.vault_bump,
        program_id,
    ) {
        Ok(())
    } else {
        Err(Error::InvalidAirdrop)
    }
}

/// `vault` is `airdrop`'s vault PDA (open or closed).
pub fn check_airdrop_vault(
    program_id: &Address,
    airdrop: &Airdrop,
    vault: &AccountView,
) -> Result<(), Error> {
    let id = airdrop.id.get().to_le_bytes();
    if is_pda(
        vault,
        &seeds![AIRDROP_VAULT_SEED, &id],
        airdrop.vault_bump,
        program_id,
    ) {
        Ok(())
    } else {
        Err(Error::InvalidAirdrop)
    }
}

/// The accounts every move out of a genesis vault needs: the IO mint, the authority PDA and
/// `bucket`'s vault.
pub fn check_vault_accounts(
    program_id: &Address,
    config: &TokenConfig,
    io_mint: &AccountView,
    authority: &AccountView,
    vault: (&AccountView, u8),
) -> Result<(), Error> {
    if io_mint.address() != &config.io_mint {
        return Err(Error::InvalidMint);
    }
    check_authority(program_id, authority, config.authority_bump)?;
    check_vault(program_id, config, vault.0, vault.1)
}

/// A destination for IO moved out of one of this program's vaults: an initialised IO account
/// that the program's `authority` (checked by the caller) does not own. Not the source (a
/// self-transfer would mark IO as paid while it stays where it was), nor another vault, where it
/// would sit beyond any grant, bucket or airdrop that could move it again.
pub fn check_destination(
    destination: &AccountView,
    authority: &Address,
    mint: &Address,
) -> Result<(), Error> {
    if io_common::account::token_account_owner(destination).as_ref() == Some(authority) {
        return Err(Error::InvalidDestination);
    }
    token_balance(destination, mint).map(|_| ())
}

/// An initialised Token-2022 account of `mint`; returns its balance.
pub fn token_balance(account: &AccountView, mint: &Address) -> Result<u64, Error> {
    if !account.owned_by(&pinocchio_token_2022::ID) {
        return Err(Error::InvalidTokenAccount);
    }
    let data = account
        .try_borrow()
        .map_err(|_| Error::InvalidTokenAccount)?;
    let Some(base) = data.get(..TOKEN_ACCOUNT_LEN) else {
        return Err(Error::InvalidTokenAccount);
    };
    if &base[MINT_OFFSET..MINT_OFFSET + 32] != mint.as_ref()
        || base[STATE_OFFSET] != STATE_INITIALIZED
    {
        return Err(Error::InvalidTokenAccount);
    }
    let mut amount = [0u8; 8];
    amount.copy_from_slice(&base[AMOUNT_OFFSET..AMOUNT_OFFSET + 8]);
    Ok(u64::from_le_bytes(amount))
}

/// Unix time now.
pub fn now() -> Result<i64, pinocchio::error::ProgramError> {
    use pinocchio::sysvars::{clock::Clock, Sysvar};
    Ok(Clock::get()?.unix_timestamp)
}

/// Whole hours from `start` to `now` (none before `start`).
pub fn whole_hours(start: i64, now: i64) -> u64 {
    (now.saturating_sub(start).max(0) as u64) / crate::state::HOUR_SECONDS
}

/// Runs `f` on the IosdState after checking it is this program's, that `iosd_mint` is its mint
/// and that `spender` is the spender it names (io_jobs' authority).
pub fn with_spender_state<R>(
    iosd_state: &AccountView,
    iosd_mint: &AccountView,
    spender: &AccountView,
    f: impl FnOnce(&mut crate::state::IosdState) -> Result<R, Error>,
) -> Result<R, Error> {
    if !iosd_state.owned_by(&crate::ID) {
        return Err(Error::InvalidIosd);
    }
    let mut account = *iosd_state;
    let mut data = account.try_borrow_mut().map_err(|_| Error::InvalidIosd)?;
    let state = crate::state::IosdState::from_bytes_mut(&mut data)?;
    if iosd_mint.address() != &state.iosd_mint {
        return Err(Error::InvalidIosd);
    }
    if spender.address() != &state.spender {
        return Err(Error::NotIosdSpender);
    }
    f(state)
}
