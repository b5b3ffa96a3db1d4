//! Referral income: the referrer's share of a referred user's network fee, bounded by the
//! referrer's cap. Pure arithmetic, tested on the host.
//!
//! The share comes out of the network fee the protocol collects (never out of the supplier's or
//! the user's part of the split): settlement keeps it in escrow as the referrer's income and
//! routes only the rest of the fees to the fee vault, so fee-vault income + referral income =
//! the fees of the split, to the base unit.

use crate::state::BPS;
use io_common::math::mul_div;

/// A referral share: `amount` in the job's currency, worth `usd` (6 decimals).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Share {
    pub amount: u64,
    pub usd: u64,
}

/// The referrer's share of `network_fee` at `bps` (rounded down), valued at the job's own rate
/// (`amount_usd` for `payment`), cut so that it is worth at most `room` USD (the referrer's cap
/// less what it was already credited). None only on a zero payment.
pub fn share(
    network_fee: u64,
    bps: u16,
    amount_usd: u64,
    payment: u64,
    room: u64,
) -> Option<Share> {
    let amount = mul_div(network_fee, bps as u64, BPS as u64)?;
    let usd = mul_div(amount, amount_usd, payment)?;
    if usd <= room {
        return Some(Share { amount, usd });
    }
    // Over the cap: the part worth `room`, rounded down, and its value (at most `room`).
    let amount = mul_div(amount, room, usd)?;
    let usd = mul_div(amount, amount_usd, payment)?;
    Some(Share { amount, usd })
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)] // test arithmetic on bounded figures
mod tests {
    use super::*;
    use io_common::testing::Rng;

    #[test]
    fn a_usdc_referral_is_its_share_of_the_network_fee() {
        // $1 network fee, 20%: $0.20, worth $0.20.
        assert_eq!(
            share(1_000_000, 2_000, 20_000_000, 20_000_000, u64::MAX),
            Some(Share {
                amount: 200_000,
                usd: 200_000
            })
        );
        // Rounded down: 20% of 7 units is 1.
        assert_eq!(
            share(7, 2_000, 10, 10, u64::MAX),
            Some(Share { amount: 1, usd: 1 })
        );
        // Nothing without a share.
        assert_eq!(share(1_000_000, 0, 1, 1, u64::MAX), Some(Share::default()));
    }

    #[test]
    fn an_io_referral_is_valued_at_the_jobs_own_rate() {
        // 4 IO (8 decimals) paid for $2: 0.2 IO of network fee at 50% is 0.1 IO, worth $0.05.
        let s = share(20_000_000, 5_000, 2_000_000, 400_000_000, u64::MAX).unwrap();
        assert_eq!(
            s,
            Share {
                amount: 10_000_000,
                usd: 50_000
            }
        );
    }

    #[test]
    fn the_cap_cuts_the_share_to_the_room_left() {
        // $0.20 due with $0.05 of room left: $0.05.
        assert_eq!(
            share(1_000_000, 2_000, 1, 1, 50_000),
            Some(Share {
                amount: 50_000,
                usd: 50_000
            })
        );
        // No room: nothing.
        assert_eq!(share(1_000_000, 2_000, 1, 1, 0), Some(Share::default()));
        assert_eq!(share(1, 1, 1, 0, 0), None);
    }

    #[test]
    fn a_share_never_exceeds_the_fee_nor_its_value_the_room() {
        let mut rng = Rng(18);
        for _ in 0..20_000 {
            let payment = rng.below(1 << 50) + 1;
            let amount_usd = rng.below(1 << 45);
            let fee = rng.below(payment + 1);
            let bps = rng.below(5_001) as u16;
            let room = rng.below(1 << 40);
            let s = share(fee, bps, amount_usd, payment, room).unwrap();
            assert!(s.amount <= fee);
            assert!(s.usd <= room);
            assert_eq!(
                s.usd as u128,
                s.amount as u128 * amount_usd as u128 / payment as u128
            );
            let due = (fee as u128 * bps as u128 / 10_000) as u64;
            assert!(s.amount <= due);
            if (due as u128 * amount_usd as u128 / payment as u128) <= room as u128 {
                assert_eq!(s.amount, due);
            }
        }
    }
}
