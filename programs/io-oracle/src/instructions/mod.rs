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

/// The governed price parameters, as `initialize` and `set_price_params` take them.
pub(crate) struct PriceParams {
    pub staleness: u32,
    pub max_move_bps: u16,
    pub max_conf_bps: u16,
    pub agreement_bps: u16,
}

impl PriceParams {
    /// Staleness above zero; bounds and the agreement band within 1..=10,000 basis points.
    pub(crate) fn check(&self) -> Result<(), Error> {
        let bps_ok = |b: u16| (1..=10_000).contains(&b);
        if self.staleness == 0
            || !bps_ok(self.max_move_bps)
            || !bps_ok(self.max_conf_bps)
            || !bps_ok(self.agreement_bps)
        {
            return Err(Error::InvalidParams);
        }
        Ok(())
    }

    /// Writes them into the config (checked before).
    pub(crate) fn write(&self, config: &mut OracleConfig) {
        config.staleness.set(self.staleness);
        config.max_move_bps.set(self.max_move_bps);
        config.max_conf_bps.set(self.max_conf_bps);
        config.agreement_bps.set(self.agreement_bps);
    }
}
