//! `cancel_job`: before any usage is accepted, the user takes the whole payment back.

use crate::{
    exit::Exit,
    interface::{cancel_job, Error, JobRefunded},
    money::{money_accounts, read_config, read_job},
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = cancel_job::Accounts::parse(accounts)?;
    cancel_job::Args::parse(data)?;
    let config = read_config(&a.config)?;
    let money = money_accounts!(a).check(&config, read_job(&a.job)?.currency)?;
    // The signer must be the job's user: `load` checks `user` against the job.
    let exit = Exit {
        job: &a.job,
        node: &a.node,
        user_token: &a.user_token,
        user: &a.user,
    };
    let job = exit.load(&money)?;
    if job.attested_hours.get() != 0 {
        return Err(Error::JobStarted.into());
    }
    let split = Exit::split(&job, &config, 0)?;
    exit.finish(&money, &split)?;
    JobRefunded {
        job: *a.job.address(),
        refunded: split.refund,
    }
    .emit();
    Ok(())
}
