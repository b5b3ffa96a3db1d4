//! `release_iosd`: the spender settles held IOSD — mints `amount` back to `to` and retires
//! `retire` for good, never more than is held.

use crate::{
    checks::{check_authority, with_spender_state},
    interface::{release_iosd, Error, IosdReleased},
    token::AuthorityMint,
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = release_iosd::Accounts::parse(accounts)?;
    let args = release_iosd::Args::parse(data)?;
    let out = args
        .amount
        .checked_add(args.retire)
        .ok_or(Error::ArithmeticOverflow)?;
    let (held, authority_bump) =
        with_spender_state(&a.iosd_state, &a.iosd_mint, &a.spender, |state| {
            check_authority(program_id, &a.authority, state.authority_bump)?;
            let held = state.held.get().checked_sub(out);
            let retired = state.retired.get().checked_add(args.retire);
            state.held.set(held.ok_or(Error::InsufficientHeldIosd)?);
            state.retired.set(retired.ok_or(Error::ArithmeticOverflow)?);
            Ok((state.held.get(), state.authority_bump))
        })?;
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
