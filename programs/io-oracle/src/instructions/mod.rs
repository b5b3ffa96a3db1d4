pub mod accept_admin;
pub mod initialize;
pub mod propose_admin;
pub mod set_oracle_set;
pub mod set_price_params;
pub mod submit_price;

use crate::{
    interface::Error,
    state::{OracleConfig, PriceFeed},
};
use pinocchio::AccountView;

/// Runs `f` on this program's OracleConfig (owner + discriminator checked; only `initialize`
/// creates one, at its PDA).
pub(crate) fn with_config_mut<R>(
    config: &mut AccountView,
    f: impl FnOnce(&mut OracleConfig) -> Result<R, Error>,
) -> Result<R, Error> {
    if !config.owned_by(&crate::ID) {
        return Err(Error::InvalidConfig);
    }
    let mut data = config.try_borrow_mut().map_err(|_| Error::InvalidConfig)?;
    f(OracleConfig::from_bytes_mut(&mut data)?)
}

/// Runs `f` on this program's PriceFeed.
pub(crate) fn with_feed_mut<R>(
    feed: &mut AccountView,
    f: impl FnOnce(&mut PriceFeed) -> Result<R, Error>,
) -> Result<R, Error> {
    if !feed.owned_by(&crate::ID) {
        return Err(Error::InvalidPriceFeed);
    }
    let mut data = feed.try_borrow_mut().map_err(|_| Error::InvalidPriceFeed)?;
    f(PriceFeed::from_bytes_mut(&mut data)?)
}

/// Staleness above zero; bounds within 1..=10,000 basis points.
pub(crate) fn check_params(
    staleness: u32,
    max_move_bps: u16,
    max_conf_bps: u16,
) -> Result<(), Error> {
    let bps_ok = |b: u16| (1..=10_000).contains(&b);
    if staleness == 0 || !bps_ok(max_move_bps) || !bps_ok(max_conf_bps) {
        return Err(Error::InvalidParams);
    }
    Ok(())
}
