//! `mint_iosd`: burn IO, mint IOSD at the conservative oracle price, within the rate limit.

use crate::{
    checks::{check_authority, now},
    interface::{mint_iosd, Error, IosdMinted},
    iosd::{conservative_price, decayed, iosd_for},
    price::{self, Price},
    state::{IosdState, IO_DECIMALS},
    token::AuthorityMint,
};
use pinocchio::{AccountView, ProgramResult};
use pinocchio_token_2022::instructions::BurnChecked;

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = mint_iosd::Accounts::parse(accounts)?;
    let args = mint_iosd::Args::parse(data)?;
    if args.io_amount == 0 {
        return Err(Error::ZeroAmount.into());
    }
    if !a.iosd_state.owned_by(program_id) {
        return Err(Error::InvalidIosd.into());
    }
    let mut state_account = a.iosd_state;
    let mut state_data = state_account.try_borrow_mut()?;
    let state = IosdState::from_bytes_mut(&mut state_data)?;
    if a.io_mint.address() != &state.io_mint {
        return Err(Error::InvalidMint.into());
    }
    if a.iosd_mint.address() != &state.iosd_mint {
        return Err(Error::InvalidIosd.into());
    }
    check_authority(program_id, &a.authority, state.authority_bump)?;
    let now = now()?;
    let Price {
        price, confidence, ..
    } = price::read(&a.price_feed, state.max_price_age.get(), now)?;
    let conservative =
        conservative_price(price, confidence, state.conf_multiple).ok_or(Error::UnhealthyPrice)?;
    let iosd = iosd_for(args.io_amount, conservative).ok_or(Error::ArithmeticOverflow)?;
    if iosd == 0 {
        return Err(Error::ZeroAmount.into());
    }
    let elapsed = now.saturating_sub(state.window_ts.get()).max(0) as u64;
    let used = decayed(
        state.window_used.get(),
        elapsed,
        state.rate_limit.get(),
        state.rate_window.get(),
    );
    let used = used.checked_add(iosd).ok_or(Error::ArithmeticOverflow)?;
    if used > state.rate_limit.get() {
        return Err(Error::RateLimited.into());
    }
    state.window_used.set(used);
    state.window_ts.set(now);
    let io_burned = state
        .io_burned
        .get()
        .checked_add(args.io_amount)
        .ok_or(Error::ArithmeticOverflow)?;
    state.io_burned.set(io_burned);
    let iosd_minted = state
        .iosd_minted
        .get()
        .checked_add(iosd)
        .ok_or(Error::ArithmeticOverflow)?;
    state.iosd_minted.set(iosd_minted);
    let authority_bump = state.authority_bump;
    drop(state_data);

    // The user's own signature burns their IO; the token program checks owner and balance.
    BurnChecked::new(&a.user_io, &a.io_mint, &a.user, args.io_amount, IO_DECIMALS).invoke()?;
    AuthorityMint {
        mint: &a.iosd_mint,
        to: &a.user_iosd,
        authority: &a.authority,
        authority_bump,
    }
    .invoke(iosd)?;
    IosdMinted {
        user: *a.user.address(),
        io_burned: args.io_amount,
        iosd_minted: iosd,
        price,
        conservative_price: conservative,
    }
    .emit();
    Ok(())
}
