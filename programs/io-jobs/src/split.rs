//! Where a job's escrow goes when it ends: pure arithmetic, tested on the host.
//!
//! For `served` of `hours` the supplier's gross pay is the payment pro rata (rounded down); the
//! network fee (rounded up) comes off it; the rest splits into the node's USD share (rounded
//! down, less the USDC supplier fee rounded up) and its token share. The facilitation fee is
//! kept pro rata (rounded up). Everything else is refunded, so
//! supplier + refund + fees + buyback = payment + facilitation fee, to the base unit.

use crate::state::BPS;
use io_common::math::{mul_div, mul_div_ceil};

/// A job's terms at the moment it ends.
#[derive(Clone, Copy, Debug)]
pub struct Terms {
    /// Held for the service, in the currency's base units.
    pub payment: u64,
    /// Held on top (USDC only).
    pub facilitation_fee: u64,
    /// The service's USD value (6 decimals).
    pub amount_usd: u64,
    pub hours: u32,
    pub served: u32,
    pub network_fee_bps: u16,
    /// The fee on a USD share paid in USDC; 0 for the other currencies.
    pub supplier_fee_bps: u16,
    pub usd_share_bps: u16,
}

/// The four destinations of a job's escrow, and the computing points it earns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Split {
    /// The supplier's USD share after its fee.
    pub supplier: u64,
    pub refund: u64,
    /// Network fee + supplier fee + facilitation fee kept.
    pub fees: u64,
    /// The token share, earmarked for IO buyback.
    pub buyback: u64,
    /// The token share's USD value (6 decimals).
    pub points: u64,
    /// The network fee alone (part of `fees`): what a user referrer's share is taken from.
    pub network_fee: u64,
    /// The supplier fee alone (part of `fees`): what a node referrer's share is taken from.
    pub supplier_fee: u64,
}

/// (network fee, USD share, token share) of a gross pay.
fn share(pay: u64, network_fee_bps: u16, usd_share_bps: u16) -> Option<(u64, u64, u64)> {
    let network_fee = mul_div_ceil(pay, network_fee_bps as u64, BPS as u64)?;
    let net = pay.checked_sub(network_fee)?;
    let usd_share = mul_div(net, usd_share_bps as u64, BPS as u64)?;
    Some((network_fee, usd_share, net.checked_sub(usd_share)?))
}

/// The split of a job's escrow; None only on inconsistent terms (e.g. a bps above 10,000).
pub fn split(t: &Terms) -> Option<Split> {
    let hours = t.hours as u64;
    let served = t.served.min(t.hours) as u64;
    let pay = mul_div(t.payment, served, hours)?;
    let (network_fee, usd_share, token_share) = share(pay, t.network_fee_bps, t.usd_share_bps)?;
    let supplier_fee = mul_div_ceil(usd_share, t.supplier_fee_bps as u64, BPS as u64)?;
    let facilitation_kept = mul_div_ceil(t.facilitation_fee, served, hours)?;
    let held = t.payment.checked_add(t.facilitation_fee)?;
    let refund = held.checked_sub(pay)?.checked_sub(facilitation_kept)?;
    let pay_usd = mul_div(t.amount_usd, served, hours)?;
    let (_, _, points) = share(pay_usd, t.network_fee_bps, t.usd_share_bps)?;
    Some(Split {
        supplier: usd_share.checked_sub(supplier_fee)?,
        refund,
        fees: network_fee
            .checked_add(supplier_fee)?
            .checked_add(facilitation_kept)?,
        buyback: token_share,
        points,
        network_fee,
        supplier_fee,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(payment: u64, fac: u64, hours: u32, served: u32, usd_bps: u16) -> Terms {
        Terms {
            payment,
            facilitation_fee: fac,
            amount_usd: payment,
            hours,
            served,
            network_fee_bps: 500,
            supplier_fee_bps: 200,
            usd_share_bps: usd_bps,
        }
    }

    #[test]
    fn a_full_usdc_job_pays_the_documented_figures() {
        // 10 h at $2.00: $20 + 2% facilitation; 80% USD share.
        let s = split(&terms(20_000_000, 400_000, 10, 10, 8_000)).unwrap();
        // network fee $1; net $19; USD share $15.20 less 2% ($0.304); token share $3.80.
        assert_eq!(
            s,
            Split {
                supplier: 14_896_000,
                refund: 0,
                fees: 1_000_000 + 304_000 + 400_000,
                buyback: 3_800_000,
                points: 3_800_000,
                network_fee: 1_000_000,
                supplier_fee: 304_000,
            }
        );
    }

    #[test]
    fn nothing_served_refunds_everything() {
        let s = split(&terms(20_000_000, 400_000, 10, 0, 8_000)).unwrap();
        assert_eq!(
            s,
            Split {
                refund: 20_400_000,
                ..Split::default()
            }
        );
    }

    #[test]
    fn usage_beyond_the_hours_paid_is_capped() {
        let full = split(&terms(20_000_000, 400_000, 10, 10, 5_000)).unwrap();
        assert_eq!(
            split(&terms(20_000_000, 400_000, 10, 99, 5_000)),
            Some(full)
        );
    }

    #[test]
    fn every_base_unit_is_accounted_for() {
        // A deterministic sweep of awkward amounts, hours, usage and splits.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let payment = x % 1_000_000_000_007;
            let fac = (x >> 20) % 20_000_000_011;
            let hours = ((x >> 8) % 1_000) as u32 + 1;
            let served = ((x >> 30) % (hours as u64 + 3)) as u32;
            let usd_bps = ((x >> 40) % 10_001) as u16;
            let mut t = terms(payment, fac, hours, served, usd_bps);
            t.network_fee_bps = ((x >> 50) % 10_001) as u16;
            t.amount_usd = x % 777_777_777;
            let s = split(&t).unwrap();
            assert_eq!(s.supplier + s.refund + s.fees + s.buyback, payment + fac);
            assert!(s.fees + s.buyback + s.supplier <= payment + fac);
            assert!(s.network_fee + s.supplier_fee <= s.fees);
        }
    }
}
