//! What every exit of a job shares (cancel, no-show refund, settlement): checking the job's
//! accounts, then paying the refund, crediting the node and closing the job to its user.

use crate::{
    interface::{Error, JobRefunded},
    money::{check_token_account, read_job, with_node_mut, Money},
    split::{split, Split, Terms},
    state::Job,
};
use io_common::account::close_to;
use pinocchio::{AccountView, ProgramResult};

/// A job's accounts at its exit.
pub struct Exit<'a> {
    pub job: &'a AccountView,
    pub node: &'a AccountView,
    /// The user's own token account of the job's mint: the refund goes only here.
    pub user_token: &'a AccountView,
    /// The user's wallet: the job's rent returns only here.
    pub user: &'a AccountView,
}

/// Nothing served on record: no usage ever accepted, and no member of any oracle set ever
/// attested more than 0 hours for the job. One oracle's vote below the quorum is served hours on
/// their way to being accepted: a cancel in front of the second vote must not take them back, nor
/// one after a set change whose first vote (a colluder's 0) replaced the round. A vote the user
/// thinks wrong (a colluder's, blocking a cancel) only sends the job down `end_job` and
/// settlement, which pays the quorum's figure.
pub fn unstarted(job: &Job) -> Result<(), Error> {
    if job.attested_hours.get() != 0 || job.highest_vote.get() != 0 {
        return Err(Error::JobStarted);
    }
    Ok(())
}

impl Exit<'_> {
    /// The job, after checking that every account is the job's own and `money` is its currency.
    pub fn load(&self, money: &Money) -> Result<Job, Error> {
        let job = read_job(self.job)?;
        self.check(&job, money)?;
        Ok(job)
    }

    /// Checks that every account is `job`'s own and `money` is its currency.
    pub fn check(&self, job: &Job, money: &Money) -> Result<(), Error> {
        if job.currency != money.currency {
            return Err(Error::CurrencyMismatch);
        }
        if self.node.address() != &job.node {
            return Err(Error::WrongNode);
        }
        if self.user.address() != &job.user {
            return Err(Error::NotJobUser);
        }
        check_token_account(
            self.user_token,
            &job.user,
            money.mint(),
            money.token_program(),
        )
    }

    /// Refunds the whole payment to the user, closes the job and emits JobRefunded.
    pub fn refund_all(&self, money: &Money, job: &Job) -> ProgramResult {
        let split = Exit::split(job, 0)?;
        self.finish(money, &split)?;
        JobRefunded {
            job: *self.job.address(),
            refunded: split.refund,
        }
        .emit();
        Ok(())
    }

    /// What the escrow holds for `job`: its payment and facilitation fee.
    pub fn held(job: &Job) -> Result<u64, Error> {
        job.payment
            .get()
            .checked_add(job.facilitation_fee.get())
            .ok_or(Error::ArithmeticOverflow)
    }

    /// The split of `job` for `served` hours under the fees it opened with.
    pub fn split(job: &Job, served: u32) -> Result<Split, Error> {
        split(&Terms {
            payment: job.payment.get(),
            facilitation_fee: job.facilitation_fee.get(),
            amount_usd: job.amount_usd.get(),
            hours: job.hours.get(),
            served,
            network_fee_bps: job.network_fee_bps.get(),
            supplier_fee_bps: job.supplier_fee_bps.get(),
            usd_share_bps: job.usd_share_bps.get(),
        })
        .ok_or(Error::ArithmeticOverflow)
    }

    /// Credits the node, refunds the user and closes the job. Fees and buyback are the
    /// caller's to collect (once per transaction).
    pub fn finish(&self, money: &Money, split: &Split) -> ProgramResult {
        let currency = money.currency as usize;
        with_node_mut(self.node, |node| {
            let earnings = node.earnings[currency]
                .get()
                .checked_add(split.supplier)
                .ok_or(Error::ArithmeticOverflow)?;
            let points = node
                .computing_points
                .get()
                .checked_add(split.points)
                .ok_or(Error::ArithmeticOverflow)?;
            node.earnings[currency].set(earnings);
            node.computing_points.set(points);
            node.open_jobs.set(node.open_jobs.get().saturating_sub(1));
            Ok(())
        })?;
        if split.refund > 0 {
            money.pay(self.user_token, split.refund)?;
        }
        let (mut job, mut user) = (*self.job, *self.user);
        close_to(&mut job, &mut user)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_is_unstarted_only_with_nothing_accepted_and_no_hours_ever_voted() {
        let mut data = [0u8; Job::LEN];
        let job = Job::init(&mut data).unwrap();
        assert_eq!(unstarted(job), Ok(()));
        // Votes of 0 in the round are no served hour.
        job.attest_mask.set(0b011);
        assert_eq!(unstarted(job), Ok(()));
        // Hours some member attested, in any round or set (the round itself may since be empty).
        job.attest_mask.set(0);
        job.highest_vote.set(3);
        assert_eq!(unstarted(job), Err(Error::JobStarted));
        // Accepted usage.
        job.highest_vote.set(0);
        job.attested_hours.set(1);
        assert_eq!(unstarted(job), Err(Error::JobStarted));
    }
}
