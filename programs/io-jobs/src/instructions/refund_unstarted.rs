//! `refund_unstarted`: the node never started — after the start timeout with no usage
//! accepted, anyone refunds the whole payment to the user's own account and closes the job.

use super::{now, with_config_mut};
use crate::{
    exit::{unstarted, Exit},
    interface::{refund_unstarted, Error},
    money::{money_accounts, read_config, read_job},
    reserves,
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = refund_unstarted::Accounts::parse(accounts)?;
    refund_unstarted::Args::parse(data)?;
    let config = read_config(&a.config)?;
    let job = read_job(&a.job)?;
    let money = money_accounts!(a).check(&config, job.currency)?;
    let exit = Exit {
        job: &a.job,
        node: &a.node,
        user_token: &a.user_token,
        user: &a.user,
    };
    exit.check(&job, &money)?;
    unstarted(&job)?;
    // The start timeout the job opened with: a later change of the config does not reach it.
    let deadline = job
        .opened_at
        .get()
        .saturating_add(job.start_timeout.get() as i64);
    if now()? < deadline {
        return Err(Error::JobNotTimedOut.into());
    }
    exit.refund_all(&money, &job)?;
    // The escrow no longer owes the job anything.
    let held = Exit::held(&job)?;
    with_config_mut(&a.config, |config| {
        reserves::closed(config, job.currency, held, 0)
    })?;
    Ok(())
}
