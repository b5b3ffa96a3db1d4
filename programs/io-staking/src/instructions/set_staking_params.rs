//! `set_staking_params`: the governed parameters. Admin only.

use crate::{
    accounts::with_config_mut,
    interface::{set_staking_params, Error},
    state::Params,
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (set_staking_params::Accounts { admin, config }, _) =
        set_staking_params::Accounts::parse(accounts)?;
    let a = set_staking_params::Args::parse(data)?;
    let params = Params {
        epoch_length: a.epoch_length,
        availability_bps: a.availability_bps,
        min_node_stake: a.min_node_stake,
        weight_cap: a.weight_cap,
        min_share_bps: a.min_share_bps,
        max_share_bps: a.max_share_bps,
        cooldown: a.cooldown,
        max_compute_rate: a.max_compute_rate,
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
