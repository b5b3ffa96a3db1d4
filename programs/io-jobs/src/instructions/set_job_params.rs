//! `set_job_params`: fees, windows and the IO price haircut. Admin only; they apply to jobs
//! opened from now on: a job keeps the fees, windows and start timeout it opened with.

use super::with_config_mut;
use crate::{
    interface::{set_job_params, Error},
    state::Params,
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (set_job_params::Accounts { admin, config }, _) =
        set_job_params::Accounts::parse(accounts)?;
    let a = set_job_params::Args::parse(data)?;
    let params = Params {
        network_fee_bps: a.network_fee_bps,
        usdc_supplier_fee_bps: a.usdc_supplier_fee_bps,
        facilitation_fee_bps: a.facilitation_fee_bps,
        challenge_window: a.challenge_window,
        start_timeout: a.start_timeout,
        conf_multiple: a.conf_multiple,
        max_price_age: a.max_price_age,
        dispute_window: a.dispute_window,
        fee_buyback_bps: a.fee_buyback_bps,
    };
    params.check()?;
    with_config_mut(&config, |config| {
        if &config.admin != admin.address() {
            return Err(Error::Unauthorized);
        }
        params.write(config);
        Ok(())
    })?;
    Ok(())
}
