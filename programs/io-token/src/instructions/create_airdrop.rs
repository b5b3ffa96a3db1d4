//! `create_airdrop`: funds an airdrop from the community vault against a Merkle root.

use crate::{
    checks::{check_admin, check_vault_accounts, now, read_config, token_balance},
    interface::{create_airdrop, AirdropCreated, Error},
    state::{Airdrop, Bucket, ACCOUNT_VERSION, AIRDROP_SEED, AIRDROP_VAULT_SEED},
    token::AuthorityTransfer,
};
use io_common::{
    account::{CreatePda, CreateTokenAccount},
    seeds,
};
use pinocchio::{
    cpi::{Seed, Signer},
    AccountView, Address, ProgramResult,
};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = create_airdrop::Accounts::parse(accounts)?;
    let args = create_airdrop::Args::parse(data)?;
    let config = read_config(program_id, &a.config)?;
    check_admin(&config, &a.admin)?;
    if args.total == 0 {
        return Err(Error::ZeroAmount.into());
    }
    if args.deadline <= now()? {
        return Err(Error::AirdropExpired.into());
    }
    check_vault_accounts(
        program_id,
        &config,
        &a.io_mint,
        &a.authority,
        (&a.community_vault, Bucket::Community as u8),
    )?;
    if token_balance(&a.community_vault, &config.io_mint)? < args.total {
        return Err(Error::InsufficientFunds.into());
    }
    if a.airdrop.owned_by(program_id) {
        return Err(Error::AlreadyExists.into());
    }
    let id = args.id.to_le_bytes();
    let (airdrop_address, bump) =
        Address::find_program_address(&seeds![AIRDROP_SEED, &id], program_id);
    let (vault_address, vault_bump) =
        Address::find_program_address(&seeds![AIRDROP_VAULT_SEED, &id], program_id);
    if a.airdrop.address() != &airdrop_address || a.airdrop_vault.address() != &vault_address {
        return Err(Error::InvalidAirdrop.into());
    }

    let bump_seed = [bump];
    let airdrop_seeds = [
        Seed::from(AIRDROP_SEED),
        Seed::from(&id),
        Seed::from(&bump_seed),
    ];
    CreatePda {
        payer: &a.admin,
        account: &a.airdrop,
        space: Airdrop::LEN,
        rent_space: Airdrop::LEN,
        owner: program_id,
    }
    .invoke_signed(Signer::from(&airdrop_seeds))?;
    let vault_bump_seed = [vault_bump];
    let vault_seeds = [
        Seed::from(AIRDROP_VAULT_SEED),
        Seed::from(&id),
        Seed::from(&vault_bump_seed),
    ];
    CreateTokenAccount {
        payer: &a.admin,
        account: &a.airdrop_vault,
        mint: &a.io_mint,
        owner: a.authority.address(),
        token_program: &pinocchio_token_2022::ID,
    }
    .invoke_signed(Signer::from(&vault_seeds))?;

    let mut account = a.airdrop;
    let mut data = account.try_borrow_mut()?;
    let airdrop = Airdrop::init(&mut data)?;
    airdrop.version = ACCOUNT_VERSION;
    airdrop.bump = bump;
    airdrop.vault_bump = vault_bump;
    airdrop.authority_bump = config.authority_bump;
    airdrop.id.set(args.id);
    airdrop.root = args.root;
    airdrop.total.set(args.total);
    airdrop.deadline.set(args.deadline);
    drop(data);

    AuthorityTransfer {
        from: &a.community_vault,
        to: &a.airdrop_vault,
        mint: &a.io_mint,
        authority: &a.authority,
        authority_bump: config.authority_bump,
    }
    .invoke(args.total)?;
    AirdropCreated {
        id: args.id,
        root: args.root,
        total: args.total,
        deadline: args.deadline,
    }
    .emit();
    Ok(())
}
