//! `set_discount_tiers`: the demand side's discount table (reputation score thresholds and the
//! discount off the network fee each grants) and the USD a strike takes off a score. Admin only
//! (governance later). A job keeps the discount it opened with.

use super::with_config_mut;
use crate::{
    interface::{set_discount_tiers, Error},
    reputation::Tiers,
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (set_discount_tiers::Accounts { admin, config }, _) =
        set_discount_tiers::Accounts::parse(accounts)?;
    let a = set_discount_tiers::Args::parse(data)?;
    let tiers = Tiers {
        discount_usd: [a.tier1_usd, a.tier2_usd, a.tier3_usd],
        discount_bps: [a.tier1_bps, a.tier2_bps, a.tier3_bps],
    };
    if !tiers.valid() {
        return Err(Error::InvalidDiscountTiers.into());
    }
    with_config_mut(&config, |config| {
        if &config.admin != admin.address() {
            return Err(Error::Unauthorized);
        }
        for i in 0..3 {
            config.discount_usd[i].set(tiers.discount_usd[i]);
            config.discount_bps[i].set(tiers.discount_bps[i]);
        }
        config.strike_usd.set(a.strike_usd);
        Ok(())
    })?;
    Ok(())
}
