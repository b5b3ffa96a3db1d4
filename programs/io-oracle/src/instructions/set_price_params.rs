//! `set_price_params`: staleness, the move and confidence bounds, and the agreement band.

use super::{with_config_mut, PriceParams};
use crate::interface::{set_price_params, Error, PriceParamsChanged};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (set_price_params::Accounts { admin, config }, _) =
        set_price_params::Accounts::parse(accounts)?;
    let args = set_price_params::Args::parse(data)?;
    let params = PriceParams {
        staleness: args.staleness,
        max_move_bps: args.max_move_bps,
        max_conf_bps: args.max_conf_bps,
        agreement_bps: args.agreement_bps,
    };
    params.check()?;
    with_config_mut(&config, |config| {
        if &config.admin != admin.address() {
            return Err(Error::Unauthorized);
        }
        params.write(config);
        Ok(())
    })?;
    PriceParamsChanged {
        staleness: args.staleness,
        max_move_bps: args.max_move_bps,
        max_conf_bps: args.max_conf_bps,
        agreement_bps: args.agreement_bps,
    }
    .emit();
    Ok(())
}
