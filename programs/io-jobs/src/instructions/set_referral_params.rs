//! `set_referral_params`: the referrer's share of the network fee, the referral period and the
//! per-referrer cap. Admin only (governance: io_common::governance's referral block). A job keeps
//! the share it opened with; a user keeps the period in force when it joined.

use super::with_config_mut;
use crate::{
    interface::{set_referral_params, Error},
    state::{MAX_REFERRAL_BPS, MAX_REFERRAL_PERIOD},
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (set_referral_params::Accounts { admin, config }, _) =
        set_referral_params::Accounts::parse(accounts)?;
    let a = set_referral_params::Args::parse(data)?;
    if a.referral_bps > MAX_REFERRAL_BPS || a.referral_period > MAX_REFERRAL_PERIOD {
        return Err(Error::InvalidReferralParams.into());
    }
    with_config_mut(&config, |config| {
        if &config.admin != admin.address() {
            return Err(Error::Unauthorized);
        }
        config.referral_bps.set(a.referral_bps);
        config.referral_period.set(a.referral_period);
        config.referral_cap_usd.set(a.referral_cap_usd);
        Ok(())
    })?;
    Ok(())
}
