//! `claim_airdrop`: a wallet takes its amount with a Merkle proof, once, before the deadline.

use crate::{
    checks::{check_authority, check_destination, check_open_airdrop, now},
    interface::{claim_airdrop, AirdropClaimed, Error},
    merkle,
    state::{Airdrop, AirdropReceipt, RECEIPT_SEED},
    token::AuthorityTransfer,
};
use io_common::{account::CreatePda, seeds};
use pinocchio::{
    cpi::{Seed, Signer},
    AccountView, Address, ProgramResult,
};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = claim_airdrop::Accounts::parse(accounts)?;
    let args = claim_airdrop::Args::parse(data)?;
    if !a.airdrop.owned_by(program_id) {
        return Err(Error::InvalidAirdrop.into());
    }
    let mut airdrop_account = a.airdrop;
    let mut airdrop_data = airdrop_account.try_borrow_mut()?;
    let airdrop = Airdrop::from_bytes_mut(&mut airdrop_data)?;
    check_open_airdrop(program_id, airdrop, &a.airdrop_vault)?;
    let now = now()?;
    if now > airdrop.deadline.get() {
        return Err(Error::AirdropExpired.into());
    }
    let io_mint = *a.io_mint.address();
    check_authority(program_id, &a.authority, airdrop.authority_bump)?;
    if a.receipt.owned_by(program_id) {
        return Err(Error::AlreadyClaimed.into());
    }
    let (receipt_address, receipt_bump) = Address::find_program_address(
        &seeds![
            RECEIPT_SEED,
            a.airdrop.address().as_ref(),
            a.claimant.address().as_ref()
        ],
        program_id,
    );
    if a.receipt.address() != &receipt_address {
        return Err(Error::InvalidAirdrop.into());
    }
    let leaf = merkle::leaf(a.claimant.address().as_array(), args.amount);
    if args.amount == 0 || !merkle::verify(&airdrop.root, leaf, args.proof) {
        return Err(Error::InvalidProof.into());
    }
    let claimed = airdrop
        .claimed
        .get()
        .checked_add(args.amount)
        .ok_or(Error::ArithmeticOverflow)?;
    if claimed > airdrop.total.get() {
        return Err(Error::InsufficientFunds.into());
    }
    // The vault's mint check is the token program's; the destination must be an IO account.
    check_destination(&a.destination, a.authority.address(), &io_mint)?;
    airdrop.claimed.set(claimed);
    let (airdrop_id, authority_bump) = (airdrop.id.get(), airdrop.authority_bump);
    drop(airdrop_data);

    let bump_seed = [receipt_bump];
    let receipt_seeds = [
        Seed::from(RECEIPT_SEED),
        Seed::from(a.airdrop.address().as_ref()),
        Seed::from(a.claimant.address().as_ref()),
        Seed::from(&bump_seed),
    ];
    CreatePda {
        payer: &a.claimant,
        account: &a.receipt,
        space: AirdropReceipt::LEN,
        rent_space: AirdropReceipt::LEN,
        owner: program_id,
    }
    .invoke_signed(Signer::from(&receipt_seeds))?;
    let mut receipt_account = a.receipt;
    let mut receipt_data = receipt_account.try_borrow_mut()?;
    let receipt = AirdropReceipt::init(&mut receipt_data)?;
    receipt.amount.set(args.amount);
    receipt.claimed_at.set(now);
    drop(receipt_data);

    AuthorityTransfer {
        from: &a.airdrop_vault,
        to: &a.destination,
        mint: &a.io_mint,
        authority: &a.authority,
        authority_bump,
    }
    .invoke(args.amount)?;
    AirdropClaimed {
        id: airdrop_id,
        claimant: *a.claimant.address(),
        amount: args.amount,
    }
    .emit();
    Ok(())
}
