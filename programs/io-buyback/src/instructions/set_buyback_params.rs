//! `set_buyback_params`: the governed parameters, within their bounds. Admin only.

use crate::{
    config::{check_admin, with_config_mut},
    interface::{set_buyback_params, BuybackParamsSet},
    params_of,
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (set_buyback_params::Accounts { admin, config }, _) =
        set_buyback_params::Accounts::parse(accounts)?;
    let args = set_buyback_params::Args::parse(data)?;
    let params = params_of!(args);
    params.check()?;
    with_config_mut(&config, |config| {
        check_admin(config, &admin)?;
        params.write(config);
        Ok(())
    })?;
    BuybackParamsSet {
        lot_period: params.lot_period,
        multiplier_bps: params.multiplier_bps,
        floor_bps: params.floor_bps,
        min_rate: params.min_rate,
        max_lot: params.max_lot,
        max_daily: params.max_daily,
        premium_bps: params.premium_bps,
        conf_multiple: params.conf_multiple,
        max_price_age: params.max_price_age,
    }
    .emit();
    Ok(())
}
