//! `set_usage_params`: usage rewards for teams' governed terms (docs/demand-side.md, "Usage
//! rewards for teams"): the share of the compute pool paid to users by usage, and the usage
//! rate's cap. Admin only (governance: io_common::governance setter 11, parameters 108, 109).
//! Both apply when the open epoch closes.

use crate::{
    accounts::with_config_mut,
    interface::{set_usage_params, Error},
    state::UsageParams,
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (set_usage_params::Accounts { admin, config }, _) =
        set_usage_params::Accounts::parse(accounts)?;
    let a = set_usage_params::Args::parse(data)?;
    let params = UsageParams {
        usage_bps: a.usage_bps,
        max_usage_rate: a.max_usage_rate,
    };
    if !params.valid() {
        return Err(Error::InvalidUsageParams.into());
    }
    with_config_mut(&config, |config| {
        if &config.admin != admin.address() {
            return Err(Error::Unauthorized);
        }
        config.usage_bps.set(params.usage_bps);
        config.max_usage_rate.set(params.max_usage_rate);
        Ok(())
    })?;
    Ok(())
}
