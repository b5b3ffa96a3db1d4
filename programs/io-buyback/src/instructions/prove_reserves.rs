//! `prove_reserves`: anyone proves each vault covers what it owes.
//!
//! - The USDC vault owes the live lot's remainder (buyers were promised it), and everything
//!   io_jobs swept to it that was not sold: balance >= max(lot_remaining, to_buyback − usdc_sold).
//! - The incentives vault owes what io_jobs swept to it and was not spent:
//!   balance >= to_incentives − incentives_spent.
//!
//! io_jobs' totals are read from its config at fixed offsets (io_common::buyback); until io_jobs
//! is initialised (the account is not its) they are 0. USDC sent to a vault directly is surplus.
//! One `ReservesProven` per vault (surplus 0 when short); a short vault is logged by address and
//! the instruction fails with `ReservesShort`.

use crate::{
    config::{read_config, token_amount},
    interface::{prove_reserves, Error, ReservesProven},
    state::{
        BUYBACK_USDC_VAULT, INCENTIVES_VAULT, IO_JOBS_ID, JOBS_CONFIG, JOBS_CONFIG_DISCRIMINATOR,
        JOBS_TO_BUYBACK_OFFSET, JOBS_TO_INCENTIVES_OFFSET,
    },
};
use io_common::reserves::{log_short, surplus};
use pinocchio::{AccountView, Address, ProgramResult};

/// io_jobs' running totals of USDC swept to the buyback and to the incentives vault.
fn jobs_totals(jobs_config: &AccountView) -> Result<(u64, u64), Error> {
    if jobs_config.address() != &JOBS_CONFIG {
        return Err(Error::InvalidJobsConfig);
    }
    if !jobs_config.owned_by(&IO_JOBS_ID) {
        // io_jobs is not initialised: nothing was swept.
        return Ok((0, 0));
    }
    let data = jobs_config
        .try_borrow()
        .map_err(|_| Error::InvalidJobsConfig)?;
    if data.get(..8) != Some(&JOBS_CONFIG_DISCRIMINATOR[..]) {
        return Err(Error::InvalidJobsConfig);
    }
    let at = |offset: usize| {
        data.get(offset..)
            .and_then(|rest| rest.first_chunk::<8>())
            .map(|b| u64::from_le_bytes(*b))
            .ok_or(Error::InvalidJobsConfig)
    };
    Ok((at(JOBS_TO_BUYBACK_OFFSET)?, at(JOBS_TO_INCENTIVES_OFFSET)?))
}

/// Emits the vault's proof (surplus 0 when short, as every program does); false when it is short,
/// after a log line naming it.
fn prove(vault: &Address, balance: u64, obligations: u64) -> bool {
    let excess = surplus(balance, obligations);
    ReservesProven {
        vault: *vault,
        balance,
        obligations,
        surplus: excess.unwrap_or(0),
    }
    .emit();
    if excess.is_none() {
        log_short(vault);
    }
    excess.is_some()
}

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = prove_reserves::Accounts::parse(accounts)?;
    prove_reserves::Args::parse(data)?;
    let config = read_config(&a.config)?;
    let usdc = token_amount(&a.usdc_vault, &BUYBACK_USDC_VAULT)?;
    let incentives = token_amount(&a.incentives_vault, &INCENTIVES_VAULT)?;
    let (to_buyback, to_incentives) = jobs_totals(&a.jobs_config)?;
    let unsold = to_buyback.saturating_sub(config.usdc_sold.get());
    let usdc_owed = unsold.max(config.lot_remaining.get());
    let incentives_owed = to_incentives.saturating_sub(config.incentives_spent.get());
    let usdc_ok = prove(&BUYBACK_USDC_VAULT, usdc, usdc_owed);
    let incentives_ok = prove(&INCENTIVES_VAULT, incentives, incentives_owed);
    if usdc_ok && incentives_ok {
        Ok(())
    } else {
        Err(Error::ReservesShort.into())
    }
}
