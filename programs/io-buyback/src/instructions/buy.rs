//! `buy`: the buyer burns IO for USDC of the live lot, at the auction's rate now or the oracle
//! bound's, whichever asks more IO. The fill is what the buyer asks, at most what is left of
//! the lot and of the day; `max_io` bounds what the asked amount costs (a smaller fill: its
//! share of `max_io`), `deadline` when it may land.

use crate::{
    auction::{auction_rate, bound_rate, io_for},
    config::{check_destination, now, with_config_mut},
    interface::{buy, Error, LotBought},
    state::{
        AUTHORITY_SEED, BUYBACK_AUTHORITY, BUYBACK_USDC_VAULT, DAY, IO_DECIMALS, USDC_DECIMALS,
    },
};
use io_common::{math::mul_div, oracle::read_price, token::IO_MINT};
use pinocchio::{
    cpi::{Seed, Signer},
    AccountView, ProgramResult,
};
use pinocchio_token::instructions::TransferChecked;
use pinocchio_token_2022::instructions::BurnChecked;

/// SPL mint layout (Token-2022's base too): supply at bytes 36..44.
const MINT_SUPPLY: core::ops::Range<usize> = 36..44;

/// What a buy settles, decided before anything moves.
struct Fill {
    usdc: u64,
    io: u64,
    rate: u64,
    price: u64,
    authority_bump: u8,
}

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = buy::Accounts::parse(accounts)?;
    let args = buy::Args::parse(data)?;
    let now = now()?;
    if now > args.deadline {
        return Err(Error::DeadlinePassed.into());
    }
    if args.usdc == 0 {
        return Err(Error::ZeroAmount.into());
    }
    if a.io_mint.address() != &IO_MINT
        || a.usdc_vault.address() != &BUYBACK_USDC_VAULT
        || a.authority.address() != &BUYBACK_AUTHORITY
    {
        return Err(Error::InvalidVault.into());
    }
    // Not into the buyback or incentives vault: the USDC would be sold (or counted) again.
    check_destination(&a.buyer_usdc)?;
    let fill = with_config_mut(&a.config, |config| {
        if a.usdc_mint.address() != &config.usdc_mint {
            return Err(Error::InvalidVault);
        }
        if config.paused.get() {
            return Err(Error::Paused);
        }
        if args.lot_id == 0 || args.lot_id != config.lot_id.get() {
            return Err(Error::LotNotLive);
        }
        let remaining = config.lot_remaining.get();
        if remaining == 0 {
            return Err(Error::LotSold);
        }
        let price = read_price(&a.price_feed, config.max_price_age.get(), now)?;
        let bound = bound_rate(
            price.price,
            price.confidence,
            config.conf_multiple,
            config.premium_bps.get(),
        )
        .ok_or(Error::UnhealthyPrice)?;
        // The day: the cap counts from the first buy of a day until a day has passed.
        let new_day = now >= config.day_start.get().saturating_add(DAY);
        let (day_start, day_sold) = if new_day {
            (now, 0)
        } else {
            (config.day_start.get(), config.day_sold.get())
        };
        let room = config.max_daily.get().saturating_sub(day_sold);
        if room == 0 {
            return Err(Error::DailyCapReached);
        }
        let usdc = args.usdc.min(remaining).min(room);
        let auction = auction_rate(
            config.start_rate.get(),
            config.floor_rate.get(),
            config.lot_started_at.get(),
            config.lot_ends_at.get(),
            now,
        );
        let rate = auction.max(bound);
        // `max_io` prices what the buyer asked for: a smaller fill (what is left of the lot or
        // of the day) may cost at most its share of it, so the buyer's limit price holds even
        // when a front-runner takes most of the lot and the price moves in between.
        let max_io = if usdc < args.usdc {
            mul_div(args.max_io, usdc, args.usdc).ok_or(Error::ArithmeticOverflow)?
        } else {
            args.max_io
        };
        let io_at_bound = io_for(usdc, bound).ok_or(Error::ArithmeticOverflow)?;
        if io_at_bound > max_io {
            return Err(Error::BelowOracleBound);
        }
        let io = io_for(usdc, rate).ok_or(Error::ArithmeticOverflow)?;
        if io > max_io {
            return Err(Error::AboveMaxIo);
        }
        let day_sold = day_sold.checked_add(usdc);
        let usdc_sold = config.usdc_sold.get().checked_add(usdc);
        let io_burned = config.io_burned.get().checked_add(io);
        let (Some(day_sold), Some(usdc_sold), Some(io_burned)) = (day_sold, usdc_sold, io_burned)
        else {
            return Err(Error::ArithmeticOverflow);
        };
        // Checked: usdc <= remaining.
        let left = remaining.saturating_sub(usdc);
        if left == 0 {
            let lots_sold = config.lots_sold.get().checked_add(1);
            config
                .lots_sold
                .set(lots_sold.ok_or(Error::ArithmeticOverflow)?);
            config.reference_rate.set(rate);
        }
        config.lot_remaining.set(left);
        config.day_start.set(day_start);
        config.day_sold.set(day_sold);
        config.usdc_sold.set(usdc_sold);
        config.io_burned.set(io_burned);
        Ok(Fill {
            usdc,
            io,
            rate,
            price: price.price,
            authority_bump: config.authority_bump,
        })
    })?;

    // The buyer's own signature burns the IO; the token program checks the account's owner (or
    // delegate), its mint and its balance.
    BurnChecked::new(&a.buyer_io, &a.io_mint, &a.buyer, fill.io, IO_DECIMALS).invoke()?;
    let bump = [fill.authority_bump];
    let seeds = [Seed::from(AUTHORITY_SEED), Seed::from(&bump)];
    TransferChecked::new(
        &a.usdc_vault,
        &a.usdc_mint,
        &a.buyer_usdc,
        &a.authority,
        fill.usdc,
        USDC_DECIMALS,
    )
    .invoke_signed(&[Signer::from(&seeds)])?;
    let supply_after = {
        let mint = a.io_mint.try_borrow()?;
        mint.get(MINT_SUPPLY)
            .and_then(|b| b.first_chunk::<8>())
            .map(|b| u64::from_le_bytes(*b))
            .ok_or(Error::InvalidVault)?
    };
    LotBought {
        lot_id: args.lot_id,
        buyer: *a.buyer.address(),
        usdc: fill.usdc,
        io_burned: fill.io,
        rate: fill.rate,
        price: fill.price,
        supply_after,
    }
    .emit();
    Ok(())
}
