//! `hold_iosd`: IOSD spent into a payment — burned from its owner (who signs) and counted as
//! held until the spender releases it to a refund or a payout, or retires it.

use crate::{
    interface::{hold_iosd, Error, IosdHeld},
    state::{IosdState, IOSD_DECIMALS},
};
use pinocchio::{AccountView, ProgramResult};
use pinocchio_token_2022::instructions::BurnChecked;

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = hold_iosd::Accounts::parse(accounts)?;
    let args = hold_iosd::Args::parse(data)?;
    if args.amount == 0 {
        return Err(Error::ZeroAmount.into());
    }
    if !a.iosd_state.owned_by(program_id) {
        return Err(Error::InvalidIosd.into());
    }
    let mut account = a.iosd_state;
    let mut state_data = account.try_borrow_mut()?;
    let state = IosdState::from_bytes_mut(&mut state_data)?;
    if a.iosd_mint.address() != &state.iosd_mint {
        return Err(Error::InvalidIosd.into());
    }
    if a.spender.address() != &state.spender {
        return Err(Error::NotIosdSpender.into());
    }
    let held = state
        .held
        .get()
        .checked_add(args.amount)
        .ok_or(Error::ArithmeticOverflow)?;
    state.held.set(held);
    drop(state_data);
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
