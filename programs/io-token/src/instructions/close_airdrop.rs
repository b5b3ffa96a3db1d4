//! `close_airdrop`: after the deadline, anyone returns the unclaimed IO to the community vault.

use crate::{
    checks::{check_open_airdrop, check_vault_accounts, now, read_config, token_balance},
    interface::{close_airdrop, AirdropClosed, Error},
    state::{Airdrop, Bucket},
    token::AuthorityTransfer,
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = close_airdrop::Accounts::parse(accounts)?;
    close_airdrop::Args::parse(data)?;
    let config = read_config(program_id, &a.config)?;
    if !a.airdrop.owned_by(program_id) {
        return Err(Error::InvalidAirdrop.into());
    }
    let mut account = a.airdrop;
    let mut data = account.try_borrow_mut()?;
    let airdrop = Airdrop::from_bytes_mut(&mut data)?;
    check_open_airdrop(program_id, airdrop, &a.airdrop_vault)?;
    if now()? <= airdrop.deadline.get() {
        return Err(Error::AirdropOpen.into());
    }
    check_vault_accounts(
        program_id,
        &config,
        &a.io_mint,
        &a.authority,
        (&a.community_vault, Bucket::Community as u8),
    )?;
    let returned = token_balance(&a.airdrop_vault, &config.io_mint)?;
    airdrop.closed.set(true);
    let airdrop_id = airdrop.id.get();
    drop(data);

    if returned > 0 {
        AuthorityTransfer {
            from: &a.airdrop_vault,
            to: &a.community_vault,
            mint: &a.io_mint,
            authority: &a.authority,
            authority_bump: config.authority_bump,
        }
        .invoke(returned)?;
    }
    AirdropClosed {
        id: airdrop_id,
        returned,
    }
    .emit();
    Ok(())
}
