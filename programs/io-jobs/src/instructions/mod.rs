pub mod accept_admin;
pub mod attest_usage;
pub mod cancel_job;
pub mod claim_earnings;
pub mod dispute_job;
pub mod end_job;
pub mod initialize;
pub mod open_job;
pub mod propose_admin;
pub mod prove_reserves;
pub mod refund_unstarted;
pub mod register_node;
pub mod resolve_dispute;
pub mod retire_node;
pub mod set_job_params;
pub mod settle_jobs;
pub mod sweep_io_fees;
pub mod sweep_usdc_fees;
pub mod update_node;

use crate::{
    interface::Error,
    money::with_node_mut,
    state::{Job, JobsConfig, Node},
};
use pinocchio::{
    sysvars::{clock::Clock, Sysvar},
    AccountView,
};

/// Runs `f` on `node` after checking that it is this program's Node and that `owner` owns it.
pub(crate) fn with_owned_node<R>(
    node: &AccountView,
    owner: &AccountView,
    f: impl FnOnce(&mut Node) -> Result<R, Error>,
) -> Result<R, Error> {
    with_node_mut(node, |node| {
        if &node.owner != owner.address() {
            return Err(Error::NotNodeOwner);
        }
        f(node)
    })
}

io_common::account_access!(write pub(crate) with_config_mut: JobsConfig, Error::InvalidConfig);
io_common::account_access!(write pub(crate) with_job_mut: Job, Error::InvalidJob, decode Error::InvalidJob);

pub(crate) fn now() -> Result<i64, Error> {
    Clock::get()
        .map(|c| c.unix_timestamp)
        .map_err(|_| Error::ArithmeticOverflow)
}
