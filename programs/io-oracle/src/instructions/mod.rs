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

// The OracleConfig and PriceFeed in place (owner + discriminator checked; only `initialize`
// creates them, at their PDAs).
io_common::account_access!(write pub(crate) with_config_mut: OracleConfig, Error::InvalidConfig);
io_common::account_access!(write pub(crate) with_feed_mut: PriceFeed, Error::InvalidPriceFeed);

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
