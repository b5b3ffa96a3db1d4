//! `settle_jobs`: settles a batch of jobs of one currency. Each job must have ended, run out
//! or expired, be outside its challenge window and not under dispute (a dispute past its
//! deadline settles on the usage round's accepted figure). The supplier's USD share accrues to its
//! node, the refund goes to the user's own account, the job closes to the user, the user's
//! profile counts it in its reputation; the user's referrer earns its share of the network fee
//! and the node owner's referrer its share of the supplier fee (kept in escrow); the rest of the
//! fees and the token shares of the whole batch move to the fee vault in one transfer.

use super::{now, with_config_mut, with_profile_mut};
use crate::{
    exit::Exit,
    interface::{settle_jobs, Error, JobSettled, ReferralEarned, SupplierReferralEarned},
    money::{currency_of, money_accounts, read_config},
    referral, reputation, reserves,
    split::Split,
    state::{Job, DISPUTE_NONE, DISPUTE_OPEN, JOB_ENDED, SECONDS_PER_HOUR},
};
use pinocchio::{AccountView, Address, ProgramResult};

/// Credits `referrer` (whose profile `profile` must be) with `bps` of `fee`, a fee of `job`,
/// valued at the job's own rate and cut to the referrer's cap room (`cap` USD ever, one cap
/// across user and supplier referrals); the amount stays in escrow as referral income.
#[inline(always)]
fn credit(
    profile: &AccountView,
    referrer: &Address,
    job: &Job,
    (fee, bps, supplier): (u64, u16, bool),
    cap: u64,
) -> Result<referral::Share, Error> {
    let currency = job.currency as usize;
    with_profile_mut(profile, |p| {
        if &p.user != referrer {
            return Err(Error::InvalidProfile);
        }
        let room = cap.saturating_sub(p.referral_usd.get());
        let share = referral::share(fee, bps, job.amount_usd.get(), job.payment.get(), room)
            .ok_or(Error::ArithmeticOverflow)?;
        let usd = p.referral_usd.get().checked_add(share.usd);
        let owed = p.referral_owed[currency].get().checked_add(share.amount);
        p.referral_usd.set(usd.ok_or(Error::ArithmeticOverflow)?);
        p.referral_owed[currency].set(owed.ok_or(Error::ArithmeticOverflow)?);
        if supplier {
            // At most referral_usd, which did not overflow.
            let from_suppliers = p.supplier_referral_usd.get().saturating_add(share.usd);
            p.supplier_referral_usd.set(from_suppliers);
        }
        Ok(share)
    })
}

/// Credits `job`'s referrer (whose profile is `profile`) with its share of the job's network
/// fee, up to `cap` USD ever; returns the amount, which stays in escrow as referral income.
#[inline(always)]
fn credit_referrer(
    profile: &AccountView,
    job_account: &AccountView,
    job: &Job,
    split: &Split,
    cap: u64,
) -> Result<u64, Error> {
    let fee = (split.network_fee, job.referral_bps.get(), false);
    let share = credit(profile, &job.referrer, job, fee, cap)?;
    if share.amount > 0 {
        ReferralEarned {
            job: *job_account.address(),
            referrer: job.referrer,
            currency: job.currency,
            amount: share.amount,
            usd: share.usd,
        }
        .emit();
    }
    Ok(share.amount)
}

/// Adds the settled job to its user's reputation (`profile` must be the job's user's), with
/// `kept` the part of its network fee the protocol kept (less the referral share credited).
#[inline(always)]
fn record_reputation(
    profile: &AccountView,
    job: &Job,
    served: u32,
    kept: u64,
) -> Result<(), Error> {
    let disputed = if job.dispute == DISPUTE_NONE {
        None
    } else {
        Some(job.disputed_hours.get())
    };
    let mut outcome = reputation::outcome(
        job.amount_usd.get(),
        job.payment.get(),
        job.hours.get(),
        served,
        kept,
        disputed,
    )
    .ok_or(Error::ArithmeticOverflow)?;
    // Abandoned is the user's own act: it ended (`end_job`) a job that had started (an oracle
    // attested hours for it, so `cancel_job` was closed to it) and nothing was served. A job
    // nothing was ever attested for is one `cancel_job` or `refund_unstarted` closes with no
    // strike, and settling it instead is none either. A job its node's owner ended, or that ran
    // out, is no strike whatever the votes: one oracle's vote below the quorum, with the node's
    // owner, could otherwise put a strike on any user (review 18, finding 1b). Started means a
    // quorum said so (the accepted usage rose above 0), never one vote below it (`highest_vote`,
    // which closes `cancel_job`): one colluding oracle voting an hour for a job whose node never
    // served, the honest members voting 0, left the user only `end_job`, and a strike (review
    // 18c, finding 1). A job settles on its accepted usage, so with this evidence nothing
    // settles as abandoned today: the counter waits for a rule a quorum can evidence.
    outcome.abandoned =
        outcome.abandoned && job.ended_by_user == 1 && job.attested_hours.get() != 0;
    with_profile_mut(profile, |p| {
        if p.user != job.user {
            return Err(Error::InvalidProfile);
        }
        reputation::record(p, &outcome).ok_or(Error::ArithmeticOverflow)
    })
}

/// Whether the job may settle at `now`, by the terms it opened with. An open dispute holds it
/// until its deadline; after that it settles on `attested_hours`, the usage round's accepted
/// figure, which votes kept raising until the deadline (the dispute round never set it, and
/// disputing ended the job, so no hours begun after the dispute count).
fn settleable(job: &Job, now: i64) -> Result<(), Error> {
    if job.dispute == DISPUTE_OPEN && now < job.dispute_deadline.get() {
        return Err(Error::JobDisputed);
    }
    let runs_for = (job.hours.get() as i64).saturating_mul(SECONDS_PER_HOUR);
    let expires = job
        .opened_at
        .get()
        .saturating_add(job.start_timeout.get() as i64)
        .saturating_add(runs_for);
    let over =
        job.state == JOB_ENDED || job.attested_hours.get() >= job.hours.get() || now >= expires;
    if !over || now < job.settle_after.get() {
        return Err(Error::NotSettleable);
    }
    Ok(())
}

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, jobs) = settle_jobs::Accounts::parse(accounts)?;
    settle_jobs::Args::parse(data)?;
    if jobs.is_empty() {
        return Err(Error::BatchAccounts.into());
    }
    let config = read_config(&a.config)?;
    let currency = currency_of(&config, &a.mint)?;
    if a.fee_vault.address() != &config.fee_vaults[currency as usize] {
        return Err(Error::InvalidVault.into());
    }
    let money = money_accounts!(a).check(&config, currency)?;
    let cap = config.referral_cap_usd.get();
    let now = now()?;
    let (mut fees, mut buyback, mut points) = (0u64, 0u64, 0u64);
    // What left the escrow's open-job books, and what stayed in it as the nodes' earnings and
    // the referrers' income.
    let (mut held, mut supplier, mut referrals) = (0u64, 0u64, 0u64);
    let mut rest = jobs;
    while !rest.is_empty() {
        // Five accounts per job (the fifth the user's profile), its referrer's profile when it
        // opened with a referral share, then its node referrer's profile when one is due.
        let [job_account, node, user_token, user, profile, tail @ ..] = rest else {
            return Err(Error::BatchAccounts.into());
        };
        let exit = Exit {
            job: job_account,
            node,
            user_token,
            user,
        };
        let job = exit.load(&money)?;
        settleable(&job, now)?;
        let served = job.attested_hours.get().min(job.hours.get());
        let split = Exit::split(&job, served)?;
        let mut tail = tail;
        let mut user_referrer = None;
        let referral = if job.referral_bps.get() > 0 {
            let [referrer_profile, after @ ..] = tail else {
                return Err(Error::BatchAccounts.into());
            };
            tail = after;
            user_referrer = Some(referrer_profile);
            credit_referrer(referrer_profile, job_account, &job, &split, cap)?
        } else {
            0
        };
        // The node's owner's referrer earns its share of the supplier fee of a job opened inside
        // its period (fixed on the job at opening; only jobs that pay a supplier fee: USDC). Its
        // profile comes next, unless it is the user's referrer's profile just credited, which may
        // then be passed once.
        let (node_referrer, node_bps) = (job.node_referrer, job.node_referral_bps.get());
        let supplier_referral = if node_bps > 0 && job.supplier_fee_bps.get() > 0 {
            let same = user_referrer.filter(|_| job.referrer == node_referrer);
            let referrer_profile = match (tail, same) {
                ([next, after @ ..], Some(p)) if next.address() == p.address() => {
                    tail = after;
                    p
                }
                (_, Some(p)) => p,
                ([next, after @ ..], None) => {
                    tail = after;
                    next
                }
                ([], None) => return Err(Error::BatchAccounts.into()),
            };
            let fee = (split.supplier_fee, node_bps, true);
            let share = credit(referrer_profile, &node_referrer, &job, fee, cap)?;
            if share.amount > 0 {
                SupplierReferralEarned {
                    job: *job_account.address(),
                    node: job.node,
                    referrer: node_referrer,
                    currency,
                    amount: share.amount,
                    usd: share.usd,
                }
                .emit();
            }
            share.amount
        } else {
            0
        };
        rest = tail;
        // The score counts the network fee the protocol kept: the referral share paid back
        // (perhaps to the user's own second wallet) is no fee paid. referral <= network_fee.
        let kept = split
            .network_fee
            .checked_sub(referral)
            .ok_or(Error::ArithmeticOverflow)?;
        record_reputation(profile, &job, served, kept)?;
        exit.finish(&money, &split)?;
        // The referral shares come out of the network fee and the supplier fee (both part of
        // `fees`): never out of the supplier's pay or the user's refund.
        let referred = referral
            .checked_add(supplier_referral)
            .ok_or(Error::ArithmeticOverflow)?;
        let routed = split
            .fees
            .checked_sub(referred)
            .ok_or(Error::ArithmeticOverflow)?;
        fees = fees.checked_add(routed).ok_or(Error::ArithmeticOverflow)?;
        referrals = referrals
            .checked_add(referred)
            .ok_or(Error::ArithmeticOverflow)?;
        buyback = buyback
            .checked_add(split.buyback)
            .ok_or(Error::ArithmeticOverflow)?;
        points = points
            .checked_add(split.points)
            .ok_or(Error::ArithmeticOverflow)?;
        held = held
            .checked_add(Exit::held(&job)?)
            .ok_or(Error::ArithmeticOverflow)?;
        supplier = supplier
            .checked_add(split.supplier)
            .ok_or(Error::ArithmeticOverflow)?;
        JobSettled {
            job: *job_account.address(),
            node: job.node,
            currency,
            served_hours: served,
            supplier: split.supplier,
            refund: split.refund,
            fees: routed,
            buyback: split.buyback,
            points: split.points,
        }
        .emit();
    }
    let collected = fees.checked_add(buyback).ok_or(Error::ArithmeticOverflow)?;
    if collected > 0 {
        money.collect(&a.fee_vault, collected)?;
    }
    with_config_mut(&a.config, |config| {
        let c = currency as usize;
        let total_fees = config.fees[c].get().checked_add(fees);
        let total_buyback = config.buyback[c].get().checked_add(buyback);
        let total_usd = config.buyback_usd.get().checked_add(points);
        config.fees[c].set(total_fees.ok_or(Error::ArithmeticOverflow)?);
        config.buyback[c].set(total_buyback.ok_or(Error::ArithmeticOverflow)?);
        config
            .buyback_usd
            .set(total_usd.ok_or(Error::ArithmeticOverflow)?);
        reserves::closed(config, currency, held, supplier)?;
        reserves::referral_credited(config, currency, referrals)
    })?;
    Ok(())
}
