//! `add_beneficiary`: a grant in a vesting bucket, before the lists are locked.

use super::with_config_mut;
use crate::{
    checks::{check_admin, read_config},
    interface::{add_beneficiary, BeneficiaryAdded, Error},
    state::{vesting_schedule, VestingGrant, ACCOUNT_VERSION, BUCKET_AMOUNTS, GRANT_SEED},
};
use io_common::{account::CreatePda, seeds};
use pinocchio::{
    cpi::{Seed, Signer},
    AccountView, Address, ProgramResult,
};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = add_beneficiary::Accounts::parse(accounts)?;
    let args = add_beneficiary::Args::parse(data)?;
    let config = read_config(program_id, &a.config)?;
    check_admin(&config, &a.admin)?;
    if config.genesis_locked.get() {
        return Err(Error::GenesisLocked.into());
    }
    if vesting_schedule(args.bucket).is_none() {
        return Err(Error::InvalidBucket.into());
    }
    if args.amount == 0 {
        return Err(Error::ZeroAmount.into());
    }
    if a.grant.owned_by(program_id) {
        return Err(Error::AlreadyExists.into());
    }
    let bucket_seed = [args.bucket];
    let (address, bump) = Address::find_program_address(
        &seeds![GRANT_SEED, &bucket_seed, args.beneficiary.as_ref()],
        program_id,
    );
    if a.grant.address() != &address {
        return Err(Error::InvalidGrant.into());
    }
    let granted = [
        config.granted_seed.get(),
        config.granted_series_a.get(),
        config.granted_core_contributors.get(),
    ][args.bucket as usize];
    let granted = granted
        .checked_add(args.amount)
        .ok_or(Error::ArithmeticOverflow)?;
    if granted > BUCKET_AMOUNTS[args.bucket as usize] {
        return Err(Error::BucketOverAllocated.into());
    }

    let bump_seed = [bump];
    let signer_seeds = [
        Seed::from(GRANT_SEED),
        Seed::from(&bucket_seed),
        Seed::from(args.beneficiary.as_ref()),
        Seed::from(&bump_seed),
    ];
    CreatePda {
        payer: &a.admin,
        account: &a.grant,
        space: VestingGrant::LEN,
        rent_space: VestingGrant::LEN,
        owner: program_id,
    }
    .invoke_signed(Signer::from(&signer_seeds))?;
    let mut account = a.grant;
    let mut data = account.try_borrow_mut()?;
    let grant = VestingGrant::init(&mut data)?;
    grant.version = ACCOUNT_VERSION;
    grant.bump = bump;
    grant.bucket = args.bucket;
    grant.beneficiary = args.beneficiary;
    grant.amount.set(args.amount);
    drop(data);

    let mut config_account = a.config;
    with_config_mut(program_id, &mut config_account, |config| {
        match args.bucket {
            0 => config.granted_seed.set(granted),
            1 => config.granted_series_a.set(granted),
            _ => config.granted_core_contributors.set(granted),
        }
        Ok(())
    })?;

    BeneficiaryAdded {
        bucket: args.bucket,
        beneficiary: args.beneficiary,
        amount: args.amount,
    }
    .emit();
    Ok(())
}
