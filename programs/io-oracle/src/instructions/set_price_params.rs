//! `set_price_params`: staleness, band and confidence bounds.

use super::{check_params, with_config_mut};
use crate::interface::{set_price_params, Error, PriceParamsChanged};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (set_price_params::Accounts { admin, config }, _) =
        set_price_params::Accounts::parse(accounts)?;
    let args = set_price_params::Args::parse(data)?;
    check_params(args.staleness, args.max_move_bps, args.max_conf_bps)?;
    with_config_mut(&config, |config| {
        if &config.admin != admin.address() {
            return Err(Error::Unauthorized);
        }
        config.staleness.set(args.staleness);
        config.max_move_bps.set(args.max_move_bps);
        config.max_conf_bps.set(args.max_conf_bps);
        Ok(())
    })?;
    PriceParamsChanged {
        staleness: args.staleness,
        max_move_bps: args.max_move_bps,
        max_conf_bps: args.max_conf_bps,
    }
    .emit();
    Ok(())
}
