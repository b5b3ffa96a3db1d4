//! `cancel_job`: before any usage is accepted, the user takes the whole payment back.

use super::with_config_mut;
use crate::{
    exit::{unstarted, Exit},
    interface::cancel_job,
    money::{money_accounts, read_config, read_job},
    reserves,
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = cancel_job::Accounts::parse(accounts)?;
    cancel_job::Args::parse(data)?;
    let config = read_config(&a.config)?;
    let job = read_job(&a.job)?;
    let money = money_accounts!(a).check(&config, job.currency)?;
    // The signer must be the job's user: `check` compares `user` with the job's.
    let exit = Exit {
        job: &a.job,
        node: &a.node,
        user_token: &a.user_token,
        user: &a.user,
    };
    exit.check(&job, &money)?;
    unstarted(&job)?;
    exit.refund_all(&money, &job)?;
    // The escrow no longer owes the job anything.
    let held = Exit::held(&job)?;
    with_config_mut(&a.config, |config| {
        reserves::closed(config, job.currency, held, 0)
    })?;
    Ok(())
}
