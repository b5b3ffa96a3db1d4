//! `open_job`: a USD-priced job paid in full into escrow from the user's own account, in USDC
//! (plus the facilitation fee), IO (at the conservative oracle price now) or IOSD, at most the
//! user's `max_payment`. The job keeps the fees, windows and timeout in force now, and the
//! network fee net of the discount the user's reputation earns now.

use super::{join, joined_profile, now, referral_due, with_config_mut};
use crate::{
    interface::{open_job, Error, JobOpened},
    money::{check_token_account, read_config, with_node_mut, MoneyAccounts},
    reputation::{self, Tiers},
    reserves,
    state::{Job, ACCOUNT_VERSION, BPS, JOB_OPEN, JOB_SEED, PAY_IO, PAY_USDC, USD_TO_IO_AT_PRICE},
};
use io_common::{
    account::CreatePda,
    math::{checked_mul, mul_div_ceil},
    oracle::read_price,
    seeds,
};
use pinocchio::{
    cpi::{Seed, Signer},
    AccountView, Address, ProgramResult,
};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = open_job::Accounts::parse(accounts)?;
    let args = open_job::Args::parse(data)?;
    if args.hours == 0 {
        return Err(Error::ZeroHours.into());
    }
    let config = read_config(&a.config)?;
    let money = MoneyAccounts {
        mint: &a.mint,
        vault: &a.vault,
        authority: &a.authority,
        token_program: &a.token_program,
        io_token_authority: None,
    }
    .check(&config, args.currency)?;
    // Paying a job with someone else's account is refused here, before any transfer.
    check_token_account(
        &a.user_token,
        a.user.address(),
        money.mint(),
        money.token_program(),
    )?;
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
    let now = now()?;
    // The user's profile: read if the user joined before, else created below (no referrer).
    // A job opened inside the referral period pays the referrer the share in force now.
    let profile = joined_profile(&a.user, &a.profile)?;
    let joined = profile.is_some();
    // Its reputation score picks the discount off the network fee, fixed on the job (a user's
    // first job has no history: no discount).
    let (referrer, referral_bps, discount_bps) = match profile {
        Some(profile) => {
            let score = reputation::profile_score(&profile, config.strike_usd.get());
            let discount = Tiers::of(&config).discount(score);
            let (referrer, _, bps) = referral_due(
                profile.referrer,
                profile.referral_until.get(),
                config.referral_bps.get(),
                now,
            );
            (referrer, bps, discount)
        }
        None => (Address::default(), 0, 0),
    };
    let price = if args.currency == PAY_IO {
        Some(read_price(&a.price_feed, config.max_price_age.get(), now).map_err(Error::from)?)
    } else {
        None
    };
    // The node's terms now, what they cost, checked against the user's bound; then one more
    // open job on the node.
    let facilitation_fee_bps = config.facilitation_fee_bps.get();
    let referral_bps_now = config.referral_bps.get();
    let conf_multiple = config.conf_multiple;
    let (price_per_hour, usd_share_bps, amount_usd, payment, facilitation_fee, node_referral) =
        with_node_mut(&a.node, |node| {
            let price_per_hour = node.price_per_hour.get();
            let amount_usd =
                checked_mul(price_per_hour, args.hours as u64).ok_or(Error::ArithmeticOverflow)?;
            let (payment, facilitation_fee) = match price {
                Some(price) => {
                    let haircut = checked_mul(price.confidence, conf_multiple as u64);
                    let conservative = haircut
                        .and_then(|h| price.price.checked_sub(h))
                        .filter(|p| *p > 0)
                        .ok_or(Error::UnhealthyPrice)?;
                    // The IO amount is fixed now, rounded up: the escrow never holds less than the price.
                    let io = mul_div_ceil(amount_usd, USD_TO_IO_AT_PRICE, conservative);
                    (io.ok_or(Error::ArithmeticOverflow)?, 0)
                }
                None if args.currency == PAY_USDC => (
                    amount_usd,
                    mul_div_ceil(amount_usd, facilitation_fee_bps as u64, BPS as u64)
                        .ok_or(Error::ArithmeticOverflow)?,
                ),
                // IOSD is USD with 6 decimals.
                None => (amount_usd, 0),
            };
            if payment == 0 {
                return Err(Error::ZeroPayment);
            }
            let debit = payment
                .checked_add(facilitation_fee)
                .ok_or(Error::ArithmeticOverflow)?;
            // The slippage guard: a price raised (or IO fallen) since the user's quote fails here.
            if debit > args.max_payment {
                return Err(Error::PaymentAboveMax);
            }
            let open = node.open_jobs.get().checked_add(1);
            node.open_jobs.set(open.ok_or(Error::ArithmeticOverflow)?);
            // The node owner's referral, fixed at the node's registration, pays on jobs opened
            // inside its period: the job keeps it, as it keeps its user's. Its share is the
            // node's, cut to the share in force now: a governance cut (or referrals turned off)
            // reaches a referred node's new jobs as it reaches a referred user's, and cannot be
            // escaped by registering nodes before it executes (review 18, finding S1); a raise
            // never reaches a registered node.
            let (node_referrer, _, node_bps) = referral_due(
                node.referrer,
                node.referral_until.get(),
                node.referral_bps.get().min(referral_bps_now),
                now,
            );
            Ok((
                price_per_hour,
                node.usd_share_bps.get(),
                amount_usd,
                payment,
                facilitation_fee,
                (node_referrer, node_bps),
            ))
        })?;
    // Cannot overflow: checked above.
    let held = payment.saturating_add(facilitation_fee);

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
    if !joined {
        join(&a.user, &a.profile, now)?;
    }
    money.deposit(&a.user_token, &a.user, held)?;
    with_config_mut(&a.config, |config| {
        reserves::opened(config, args.currency, held)
    })?;

    let mut account = a.job;
    let mut data = account.try_borrow_mut()?;
    let job = Job::init(&mut data)?;
    job.version = ACCOUNT_VERSION;
    job.bump = bump;
    job.state = JOB_OPEN;
    job.currency = args.currency;
    job.user = *a.user.address();
    job.node = *a.node.address();
    job.nonce.set(args.nonce);
    job.hours.set(args.hours);
    // The job's terms are fixed now: a later change of the config does not reach it.
    job.challenge_window.set(config.challenge_window.get());
    job.network_fee_bps.set(reputation::discounted_fee_bps(
        config.network_fee_bps.get(),
        discount_bps,
    ));
    job.discount_bps.set(discount_bps);
    job.supplier_fee_bps.set(if args.currency == PAY_USDC {
        config.usdc_supplier_fee_bps.get()
    } else {
        0
    });
    job.start_timeout.set(config.start_timeout.get());
    job.dispute_window.set(config.dispute_window.get());
    job.price_per_hour.set(price_per_hour);
    job.usd_share_bps.set(usd_share_bps);
    job.amount_usd.set(amount_usd);
    job.payment.set(payment);
    job.facilitation_fee.set(facilitation_fee);
    job.opened_at.set(now);
    job.referrer = referrer;
    job.referral_bps.set(referral_bps);
    job.node_referrer = node_referral.0;
    job.node_referral_bps.set(node_referral.1);
    JobOpened {
        job: address,
        user: *a.user.address(),
        node: *a.node.address(),
        currency: args.currency,
        hours: args.hours,
        amount_usd,
        payment,
        facilitation_fee,
    }
    .emit();
    Ok(())
}
