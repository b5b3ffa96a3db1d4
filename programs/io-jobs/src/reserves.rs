//! The books io_jobs keeps on its vaults, and the arithmetic of the sweeps: pure, tested on the
//! host.
//!
//! Per currency the config counts what the escrow owes (`escrowed`: payment + facilitation fee
//! of open jobs; `earned`: settled USD shares not yet claimed) and what the fee vault owes
//! (`fees` + `buyback` collected at settlement, minus `swept_fees` + `swept_buyback` already
//! released). Every instruction that moves money moves these counters with it, so
//! `prove_reserves` can compare each vault's balance with its obligations in O(1).

use crate::{
    interface::Error,
    state::{JobsConfig, BPS, PAY_IOSD},
};
use io_common::math::mul_div;

/// `open_job`: `held` (payment + facilitation fee) entered the currency's escrow.
pub fn opened(config: &mut JobsConfig, currency: u8, held: u64) -> Result<(), Error> {
    let c = currency as usize;
    let total = config.escrowed[c].get().checked_add(held);
    config.escrowed[c].set(total.ok_or(Error::ArithmeticOverflow)?);
    Ok(())
}

/// A job left escrow (cancel, refund, settlement): `held` no longer owed for it, of which
/// `supplier` stays in escrow as the node's unclaimed earnings.
pub fn closed(
    config: &mut JobsConfig,
    currency: u8,
    held: u64,
    supplier: u64,
) -> Result<(), Error> {
    let c = currency as usize;
    let escrowed = config.escrowed[c].get().checked_sub(held);
    let earned = config.earned[c].get().checked_add(supplier);
    config.escrowed[c].set(escrowed.ok_or(Error::ArithmeticOverflow)?);
    config.earned[c].set(earned.ok_or(Error::ArithmeticOverflow)?);
    Ok(())
}

/// `claim_earnings`: `amount` of earnings left the escrow.
pub fn claimed(config: &mut JobsConfig, currency: u8, amount: u64) -> Result<(), Error> {
    let c = currency as usize;
    let earned = config.earned[c].get().checked_sub(amount);
    config.earned[c].set(earned.ok_or(Error::ArithmeticOverflow)?);
    Ok(())
}

/// Settlement kept `amount` of the network fee in escrow as referral income (owed to referrers
/// until claimed) instead of routing it to the fee vault.
pub fn referral_credited(config: &mut JobsConfig, currency: u8, amount: u64) -> Result<(), Error> {
    let c = currency as usize;
    let owed = config.referral_owed[c].get().checked_add(amount);
    let credited = config.referral_credited[c].get().checked_add(amount);
    config.referral_owed[c].set(owed.ok_or(Error::ArithmeticOverflow)?);
    config.referral_credited[c].set(credited.ok_or(Error::ArithmeticOverflow)?);
    Ok(())
}

/// `claim_referral`: `amount` of referral income left the escrow.
pub fn referral_claimed(config: &mut JobsConfig, currency: u8, amount: u64) -> Result<(), Error> {
    let c = currency as usize;
    let owed = config.referral_owed[c].get().checked_sub(amount);
    config.referral_owed[c].set(owed.ok_or(Error::ArithmeticOverflow)?);
    Ok(())
}

/// What a currency's fee vault holds and has not released yet: (fees, token shares).
pub fn unswept(config: &JobsConfig, currency: u8) -> Result<(u64, u64), Error> {
    let c = currency as usize;
    let fees = config.fees[c].get().checked_sub(config.swept_fees[c].get());
    let shares = config.buyback[c]
        .get()
        .checked_sub(config.swept_buyback[c].get());
    Ok((
        fees.ok_or(Error::ArithmeticOverflow)?,
        shares.ok_or(Error::ArithmeticOverflow)?,
    ))
}

/// Marks everything unswept of `currency` as swept.
pub fn swept(config: &mut JobsConfig, currency: u8) {
    let c = currency as usize;
    config.swept_fees[c].set(config.fees[c].get());
    config.swept_buyback[c].set(config.buyback[c].get());
}

/// Where unswept USDC goes: (to the buyback, to the incentives vault). The token shares go to
/// the buyback in full, and `fee_buyback_bps` of the fees rounded down; the incentives vault
/// gets the rest of the fees. The two add up to fees + shares, to the base unit.
pub fn usdc_split(fees: u64, shares: u64, fee_buyback_bps: u16) -> Option<(u64, u64)> {
    if fee_buyback_bps > BPS {
        return None;
    }
    let fees_to_buyback = mul_div(fees, fee_buyback_bps as u64, BPS as u64)?;
    let to_incentives = fees.checked_sub(fees_to_buyback)?;
    Some((shares.checked_add(fees_to_buyback)?, to_incentives))
}

/// A vault's obligations per the books: the escrow's (open jobs + unclaimed earnings +
/// unclaimed referral income) and the
/// fee vault's (unswept fees + token shares). IOSD has no fee vault: its fees and token shares
/// are retired at settlement, and its "escrow" is io_token's IosdState.held.
pub fn escrow_obligations(config: &JobsConfig, currency: u8) -> Result<u64, Error> {
    let c = currency as usize;
    config.escrowed[c]
        .get()
        .checked_add(config.earned[c].get())
        .and_then(|o| o.checked_add(config.referral_owed[c].get()))
        .ok_or(Error::ArithmeticOverflow)
}

pub fn fee_vault_obligations(config: &JobsConfig, currency: u8) -> Result<u64, Error> {
    if currency == PAY_IOSD {
        return Ok(0);
    }
    let (fees, shares) = unswept(config, currency)?;
    fees.checked_add(shares).ok_or(Error::ArithmeticOverflow)
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)] // test arithmetic on bounded figures
mod tests {
    use super::*;
    use crate::state::{PAY_IO, PAY_USDC};
    use io_common::testing::Rng;

    #[test]
    fn the_usdc_split_sends_shares_to_the_buyback_and_fees_by_the_governed_share() {
        // $10 of fees at the default 80%: $8 + the $3 of shares to the buyback, $2 to incentives.
        assert_eq!(
            usdc_split(10_000_000, 3_000_000, 8_000),
            Some((11_000_000, 2_000_000))
        );
        // Rounding: the buyback's part of the fees rounds down, the incentives vault gets the unit.
        assert_eq!(usdc_split(3, 0, 5_000), Some((1, 2)));
        assert_eq!(usdc_split(7, 5, 10_000), Some((12, 0)));
        assert_eq!(usdc_split(7, 5, 0), Some((5, 7)));
        assert_eq!(usdc_split(1, 1, 10_001), None);
        assert_eq!(usdc_split(0, u64::MAX, 10_000), Some((u64::MAX, 0)));
        assert_eq!(usdc_split(1, u64::MAX, 10_000), None);
    }

    #[test]
    fn every_swept_base_unit_is_accounted_for() {
        let mut rng = Rng(14);
        for _ in 0..20_000 {
            let fees = rng.below(1 << 50);
            let shares = rng.below(1 << 50);
            let bps = rng.below(10_001) as u16;
            let (buyback, incentives) = usdc_split(fees, shares, bps).unwrap();
            assert_eq!(buyback + incentives, fees + shares);
            assert!(buyback >= shares);
            // floor(fees x bps / 10,000), computed wide on the host.
            let fee_part = (fees as u128 * bps as u128 / 10_000) as u64;
            assert_eq!(buyback - shares, fee_part);
        }
    }

    #[test]
    fn the_books_follow_a_job_from_opening_to_claim() {
        let mut data = [0u8; JobsConfig::LEN];
        let config = JobsConfig::init(&mut data).unwrap();
        opened(config, PAY_USDC, 20_400_000).unwrap();
        opened(config, PAY_USDC, 1_020).unwrap();
        assert_eq!(escrow_obligations(config, PAY_USDC), Ok(20_401_020));
        // One settles: its supplier share stays in escrow as earnings; one is cancelled.
        closed(config, PAY_USDC, 20_400_000, 14_896_000).unwrap();
        closed(config, PAY_USDC, 1_020, 0).unwrap();
        assert_eq!(escrow_obligations(config, PAY_USDC), Ok(14_896_000));
        assert_eq!(
            claimed(config, PAY_USDC, 14_896_001),
            Err(Error::ArithmeticOverflow)
        );
        claimed(config, PAY_USDC, 14_896_000).unwrap();
        assert_eq!(escrow_obligations(config, PAY_USDC), Ok(0));
        // Referral income kept in escrow is owed until claimed.
        referral_credited(config, PAY_USDC, 200_000).unwrap();
        assert_eq!(escrow_obligations(config, PAY_USDC), Ok(200_000));
        assert_eq!(
            referral_claimed(config, PAY_USDC, 200_001),
            Err(Error::ArithmeticOverflow)
        );
        referral_claimed(config, PAY_USDC, 200_000).unwrap();
        assert_eq!(escrow_obligations(config, PAY_USDC), Ok(0));
        assert_eq!(config.referral_credited[PAY_USDC as usize].get(), 200_000);
        // More leaving than ever entered is an error, not a wrap.
        assert_eq!(
            closed(config, PAY_USDC, 1, 0),
            Err(Error::ArithmeticOverflow)
        );
    }

    #[test]
    fn a_sweep_releases_exactly_what_settlements_collected_since_the_last() {
        let mut data = [0u8; JobsConfig::LEN];
        let config = JobsConfig::init(&mut data).unwrap();
        config.fees[PAY_IO as usize].set(50);
        config.buyback[PAY_IO as usize].set(70);
        assert_eq!(unswept(config, PAY_IO), Ok((50, 70)));
        assert_eq!(fee_vault_obligations(config, PAY_IO), Ok(120));
        swept(config, PAY_IO);
        assert_eq!(unswept(config, PAY_IO), Ok((0, 0)));
        config.fees[PAY_IO as usize].set(53);
        assert_eq!(unswept(config, PAY_IO), Ok((3, 0)));
        assert_eq!(fee_vault_obligations(config, PAY_IOSD), Ok(0));
        assert_eq!(unswept(config, PAY_USDC), Ok((0, 0)));
    }
}
