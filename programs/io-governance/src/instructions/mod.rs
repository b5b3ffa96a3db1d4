pub mod accept_admin;
pub mod cancel;
pub mod execute;
pub mod initialize;
pub mod propose;
pub mod queue;
pub mod reclaim_buffer;
pub mod refund_deposit;
pub mod veto;
pub mod vote;

use crate::{
    interface::Error,
    state::{GovernanceConfig, Proposal},
};
use pinocchio::sysvars::{clock::Clock, Sysvar};

io_common::account_access!(read pub(crate) read_config: GovernanceConfig, Error::InvalidConfig, decode Error::InvalidConfig);
io_common::account_access!(write pub(crate) with_config_mut: GovernanceConfig, Error::InvalidConfig, decode Error::InvalidConfig);
io_common::account_access!(write pub(crate) with_proposal_mut: Proposal, Error::InvalidProposal, decode Error::InvalidProposal);

pub(crate) fn now() -> Result<i64, Error> {
    Clock::get()
        .map(|c| c.unix_timestamp)
        .map_err(|_| Error::ArithmeticOverflow)
}

/// The guardian can only veto: refused wherever else it signs.
pub(crate) fn not_guardian(
    config: &GovernanceConfig,
    signer: &pinocchio::Address,
) -> Result<(), Error> {
    if &config.guardian == signer {
        return Err(Error::GuardianOnlyVetoes);
    }
    Ok(())
}

/// An IO account of Token-2022 (its mint, bytes 0..32, is IO's) whose owner is `owner`: where a
/// deposit comes from and goes back to.
pub(crate) fn check_io_account(
    account: &pinocchio::AccountView,
    owner: &pinocchio::Address,
) -> Result<(), Error> {
    if !account.owned_by(&crate::state::TOKEN_2022_ID)
        || io_common::account::token_account_owner(account).as_ref() != Some(owner)
    {
        return Err(Error::InvalidDepositAccount);
    }
    let data = account
        .try_borrow()
        .map_err(|_| Error::InvalidDepositAccount)?;
    if data.get(..32) != Some(crate::state::IO_MINT.as_ref()) {
        return Err(Error::InvalidDepositAccount);
    }
    Ok(())
}
