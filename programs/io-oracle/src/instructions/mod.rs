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

#[cfg(test)]
mod governance_tests {
    //! io_governance reads, bounds and sets io_oracle's price parameters through
    //! io_common::governance (setter 3, set_price_params).
    use super::*;
    use crate::interface::set_price_params;
    use io_common::testing::check_setter;

    fn params() -> PriceParams {
        PriceParams {
            staleness: 60,
            max_move_bps: 2_000,
            max_conf_bps: 200,
            agreement_bps: 100,
        }
    }

    fn set(p: &mut PriceParams, id: u8, v: u64) {
        match id {
            32 => p.staleness = v as u32,
            33 => p.max_move_bps = v as u16,
            34 => p.max_conf_bps = v as u16,
            _ => p.agreement_bps = v as u16,
        }
    }

    #[test]
    fn the_governed_table_matches_the_layout_the_bounds_and_the_setter() {
        assert_eq!(io_common::oracle::IO_ORACLE_ID, crate::ID);
        check_setter(
            3,
            OracleConfig::LEN,
            &|data, id, v| {
                let c = OracleConfig::init(data).unwrap();
                let mut p = params();
                set(&mut p, id, v);
                p.write(c);
            },
            &|id, v| {
                let fits = if id == 32 {
                    v <= u32::MAX as u64
                } else {
                    v <= u16::MAX as u64
                };
                let mut p = params();
                set(&mut p, id, v);
                fits && p.check().is_ok()
            },
            &|args| {
                let a = set_price_params::Args::parse(args).unwrap();
                [
                    a.staleness as u64,
                    a.max_move_bps as u64,
                    a.max_conf_bps as u64,
                    a.agreement_bps as u64,
                    0,
                    0,
                    0,
                    0,
                    0,
                ]
            },
        );
    }
}
