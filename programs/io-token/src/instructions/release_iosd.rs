//! `release_iosd`: the spender settles held IOSD — mints `amount` back to `to` and retires
//! `retire` for good, never more than is held.

use crate::{
    checks::check_authority,
    interface::{release_iosd, Error, IosdReleased},
    state::IosdState,
    token::AuthorityMint,
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = release_iosd::Accounts::parse(accounts)?;
    let args = release_iosd::Args::parse(data)?;
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
    check_authority(program_id, &a.authority, state.authority_bump)?;
    let out = args
        .amount
        .checked_add(args.retire)
        .ok_or(Error::ArithmeticOverflow)?;
    let held = state
        .held
        .get()
        .checked_sub(out)
        .ok_or(Error::InsufficientHeldIosd)?;
    let retired = state
        .retired
        .get()
        .checked_add(args.retire)
        .ok_or(Error::ArithmeticOverflow)?;
    state.held.set(held);
    state.retired.set(retired);
    let authority_bump = state.authority_bump;
    drop(state_data);
    if args.amount > 0 {
        AuthorityMint {
            mint: &a.iosd_mint,
            to: &a.to,
            authority: &a.authority,
            authority_bump,
        }
        .invoke(args.amount)?;
    }
    IosdReleased {
        to: *a.to.address(),
        amount: args.amount,
        retired: args.retire,
        held,
    }
    .emit();
    Ok(())
}
