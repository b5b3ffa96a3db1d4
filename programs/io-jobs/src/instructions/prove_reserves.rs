//! `prove_reserves`: anyone checks io_jobs' vaults against its books, read-only. Each escrow
//! (USDC, IO) must hold at least the payments and facilitation fees of open jobs plus the
//! suppliers' unclaimed earnings; each fee vault at least the fees and token shares settled and
//! not yet swept; io_token's IOSD held at least the IOSD of open jobs plus unclaimed IOSD
//! earnings (IOSD fees and token shares are retired at settlement: no IOSD fee vault). One
//! `ReservesProven` per vault; if any is short, a log line names it and the instruction fails
//! with `ReservesShort`.

use crate::{
    interface::{prove_reserves, Error, ReservesProven},
    money::read_config,
    reserves::{escrow_obligations, fee_vault_obligations},
    state::{IosdHeld, PAY_IO, PAY_IOSD, PAY_USDC},
};
use pinocchio::{AccountView, ProgramResult};

fn token_amount(account: &AccountView) -> Result<u64, Error> {
    io_common::account::token_amount(account).ok_or(Error::InvalidVault)
}

/// Logs a fixed byte string (no formatting on SBF).
fn log(message: &[u8]) {
    #[cfg(any(target_os = "solana", target_arch = "bpf"))]
    // SAFETY: `message` is a valid byte slice for its whole length, alive for the call.
    unsafe {
        pinocchio::syscalls::sol_log_(message.as_ptr(), message.len() as u64)
    };
    #[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
    let _ = message;
}

/// One vault's proof: emits the event; false (after logging `short`) if the vault is short.
fn prove(account: &AccountView, balance: u64, obligations: u64, short: &[u8]) -> bool {
    ReservesProven {
        vault: *account.address(),
        balance,
        obligations,
        surplus: balance.saturating_sub(obligations),
    }
    .emit();
    if balance < obligations {
        log(short);
        return false;
    }
    true
}

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = prove_reserves::Accounts::parse(accounts)?;
    prove_reserves::Args::parse(data)?;
    let config = read_config(&a.config)?;
    let (usdc, io, iosd) = (PAY_USDC as usize, PAY_IO as usize, PAY_IOSD as usize);
    // Only the configured accounts: the escrows and fee vaults are this program's PDAs, created
    // by `initialize` as token accounts, so their address is their identity.
    if a.usdc_escrow.address() != &config.vaults[usdc]
        || a.usdc_fee_vault.address() != &config.fee_vaults[usdc]
        || a.io_escrow.address() != &config.vaults[io]
        || a.io_fee_vault.address() != &config.fee_vaults[io]
        || a.iosd_state.address() != &config.vaults[iosd]
    {
        return Err(Error::InvalidVault.into());
    }
    let held = IosdHeld::read(&a.iosd_state)?;
    let proofs = [
        (
            &a.usdc_escrow,
            token_amount(&a.usdc_escrow)?,
            escrow_obligations(&config, PAY_USDC)?,
            b"ReservesShort: usdc_escrow".as_slice(),
        ),
        (
            &a.usdc_fee_vault,
            token_amount(&a.usdc_fee_vault)?,
            fee_vault_obligations(&config, PAY_USDC)?,
            b"ReservesShort: usdc_fee_vault".as_slice(),
        ),
        (
            &a.io_escrow,
            token_amount(&a.io_escrow)?,
            escrow_obligations(&config, PAY_IO)?,
            b"ReservesShort: io_escrow".as_slice(),
        ),
        (
            &a.io_fee_vault,
            token_amount(&a.io_fee_vault)?,
            fee_vault_obligations(&config, PAY_IO)?,
            b"ReservesShort: io_fee_vault".as_slice(),
        ),
        (
            &a.iosd_state,
            held,
            escrow_obligations(&config, PAY_IOSD)?,
            b"ReservesShort: iosd_held".as_slice(),
        ),
    ];
    let mut covered = true;
    for (account, balance, obligations, short) in proofs {
        covered &= prove(account, balance, obligations, short);
    }
    if !covered {
        return Err(Error::ReservesShort.into());
    }
    Ok(())
}
