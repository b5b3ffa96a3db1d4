//! `start_lot`: anyone starts the next lot once the live one is sold or its period has passed.
//! The lot is the USDC vault's balance (what an unsold lot left included) up to `max_lot`; its
//! rate starts at the reference times the multiplier, never above the oracle's rate times the
//! multiplier (a fresh, healthy price is required) and never below `min_rate`, and falls to the
//! floor over the lot period. The reference: the rate the last sold-out lot cleared at; the
//! floor of a lot whose period ran out unsold (nobody bought even there); for the first lot,
//! the oracle's rate.

use crate::{
    auction::{floor_of, next_start, oracle_rate},
    config::{now, token_amount, with_config_mut},
    interface::{start_lot, Error, LotStarted},
    state::BUYBACK_USDC_VAULT,
};
use io_common::oracle::read_price;
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = start_lot::Accounts::parse(accounts)?;
    start_lot::Args::parse(data)?;
    let now = now()?;
    let balance = token_amount(&a.usdc_vault, &BUYBACK_USDC_VAULT)?;
    let event = with_config_mut(&a.config, |config| {
        if config.paused.get() {
            return Err(Error::Paused);
        }
        let lot_id = config.lot_id.get();
        if lot_id != 0 && config.lot_remaining.get() > 0 && now < config.lot_ends_at.get() {
            return Err(Error::LotLive);
        }
        if balance == 0 {
            return Err(Error::NothingToSell);
        }
        let price = read_price(&a.price_feed, config.max_price_age.get(), now)?;
        let oracle = oracle_rate(price.price).ok_or(Error::UnhealthyPrice)?;
        let reference = if lot_id == 0 {
            oracle
        } else if config.lot_remaining.get() == 0 {
            config.reference_rate.get()
        } else {
            config.floor_rate.get()
        };
        let start = next_start(
            reference,
            oracle,
            config.multiplier_bps.get(),
            config.min_rate.get(),
        );
        let floor = floor_of(start, config.floor_bps.get());
        let size = balance.min(config.max_lot.get());
        let lot_id = lot_id.checked_add(1).ok_or(Error::ArithmeticOverflow)?;
        let ends_at = now
            .checked_add(config.lot_period.get() as i64)
            .ok_or(Error::ArithmeticOverflow)?;
        config.lot_id.set(lot_id);
        config.lot_size.set(size);
        config.lot_remaining.set(size);
        config.lot_started_at.set(now);
        config.lot_ends_at.set(ends_at);
        config.start_rate.set(start);
        config.floor_rate.set(floor);
        Ok(LotStarted {
            lot_id,
            lot_size: size,
            start_rate: start,
            floor_rate: floor,
            started_at: now,
            ends_at,
        })
    })?;
    event.emit();
    Ok(())
}
