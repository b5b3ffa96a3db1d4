//! `open_job`: a USD-priced job paid in full, in USDC plus the facilitation fee, into escrow.

use crate::{
    escrow::{check_escrow, mint_decimals, read_config},
    interface::{open_job, Error, JobOpened},
    state::{Job, Node, ACCOUNT_VERSION, JOB_OPEN, JOB_SEED, PAY_USDC},
};
use io_common::{
    account::CreatePda,
    math::{checked_mul, mul_div_ceil},
    seeds,
};
use pinocchio::{
    cpi::{Seed, Signer},
    sysvars::{clock::Clock, Sysvar},
    AccountView, Address, ProgramResult,
};
use pinocchio_token::instructions::TransferChecked;

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = open_job::Accounts::parse(accounts)?;
    let args = open_job::Args::parse(data)?;
    if args.hours == 0 {
        return Err(Error::ZeroHours.into());
    }
    let config = read_config(&a.config)?;
    check_escrow(&config, &a.usdc_escrow, &a.usdc_mint)?;
    if !a.node.owned_by(program_id) {
        return Err(Error::InvalidNode.into());
    }
    let node = {
        let data = a.node.try_borrow().map_err(|_| Error::InvalidNode)?;
        *Node::from_bytes(&data).map_err(|_| Error::InvalidNode)?
    };
    if a.job.owned_by(program_id) {
        return Err(Error::JobExists.into());
    }
    let nonce = args.nonce.to_le_bytes();
    let (address, bump) = Address::find_program_address(
        &seeds![JOB_SEED, a.user.address().as_ref(), &nonce],
        program_id,
    );
    if a.job.address() != &address {
        return Err(Error::InvalidJob.into());
    }
    let amount = checked_mul(node.price_per_hour.get(), args.hours as u64)
        .ok_or(Error::ArithmeticOverflow)?;
    let fee = mul_div_ceil(amount, config.facilitation_fee_bps.get() as u64, 10_000)
        .ok_or(Error::ArithmeticOverflow)?;
    let deposit = amount.checked_add(fee).ok_or(Error::ArithmeticOverflow)?;
    let decimals = mint_decimals(&a.usdc_mint)?;

    let bump_seed = [bump];
    let job_seeds = [
        Seed::from(JOB_SEED),
        Seed::from(a.user.address().as_ref()),
        Seed::from(&nonce),
        Seed::from(&bump_seed),
    ];
    CreatePda {
        payer: &a.user,
        account: &a.job,
        space: Job::LEN,
        rent_space: Job::LEN,
        owner: program_id,
    }
    .invoke_signed(Signer::from(&job_seeds))?;
    // The user's own signature moves the deposit; the token program checks owner and balance.
    TransferChecked::new(
        &a.user_usdc,
        &a.usdc_mint,
        &a.usdc_escrow,
        &a.user,
        deposit,
        decimals,
    )
    .invoke()?;

    let mut account = a.job;
    let mut data = account.try_borrow_mut()?;
    let job = Job::init(&mut data)?;
    job.version = ACCOUNT_VERSION;
    job.bump = bump;
    job.state = JOB_OPEN;
    job.currency = PAY_USDC;
    job.user = *a.user.address();
    job.node = *a.node.address();
    job.node_owner = node.owner;
    job.rent_payer = *a.user.address();
    job.nonce.set(args.nonce);
    job.hours.set(args.hours);
    job.price_per_hour.set(node.price_per_hour.get());
    job.amount.set(amount);
    job.facilitation_fee.set(fee);
    job.deposit.set(deposit);
    job.opened_at.set(Clock::get()?.unix_timestamp);
    JobOpened {
        job: address,
        user: *a.user.address(),
        node: *a.node.address(),
        hours: args.hours,
        amount,
        facilitation_fee: fee,
    }
    .emit();
    Ok(())
}
