//! `hold_iosd`: IOSD spent into a payment — burned from its owner (who signs) and counted as
//! held until the spender releases it to a refund or a payout, or retires it.

use crate::{
    checks::with_spender_state,
    interface::{hold_iosd, Error, IosdHeld},
    state::IOSD_DECIMALS,
};
use pinocchio::{AccountView, ProgramResult};
use pinocchio_token_2022::instructions::BurnChecked;

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = hold_iosd::Accounts::parse(accounts)?;
    let args = hold_iosd::Args::parse(data)?;
    if args.amount == 0 {
        return Err(Error::ZeroAmount.into());
    }
    let held = with_spender_state(&a.iosd_state, &a.iosd_mint, &a.spender, |state| {
        let held = state.held.get().checked_add(args.amount);
        state.held.set(held.ok_or(Error::ArithmeticOverflow)?);
        Ok(state.held.get())
    })?;
    // The owner's own signature burns its IOSD; the token program checks owner and balance.
    BurnChecked::new(
        &a.owner_iosd,
        &a.iosd_mint,
        &a.owner,
        args.amount,
        IOSD_DECIMALS,
    )
    .invoke()?;
    IosdHeld {
        owner: *a.owner.address(),
        amount: args.amount,
        held,
    }
    .emit();
    Ok(())
}
