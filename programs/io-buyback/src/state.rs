//! Seeds, constants, bounds and the governed parameters.

pub use crate::interface::BuybackConfig;
pub use io_common::buyback::{
    BUYBACK_AUTHORITY, BUYBACK_CONFIG, BUYBACK_USDC_VAULT, INCENTIVES_VAULT, JOBS_CONFIG,
    JOBS_TO_BUYBACK_OFFSET, JOBS_TO_INCENTIVES_OFFSET,
};
pub use io_common::loader::LOADER_V3;
use pinocchio::Address;

pub const CONFIG_SEED: &[u8] = b"config";
pub const AUTHORITY_SEED: &[u8] = b"authority";
pub const USDC_VAULT_SEED: &[u8] = b"usdc_vault";
pub const INCENTIVES_SEED: &[u8] = b"incentives";
/// io_jobs' config, its PDA ["config"].
pub const JOBS_CONFIG_SEED: &[u8] = b"config";
/// io_jobs' program id (its config holds the sweep totals read by `prove_reserves`).
pub const IO_JOBS_ID: Address =
    Address::from_str_const("8dywiUaJu6sr7bKszDx7oSqzabkT1BM8b4emaYPQed8b");

/// Where io_jobs' config (discriminator included) names its USDC mint: `mints[0]`.
pub const JOBS_USDC_MINT_OFFSET: usize = 76;
pub const JOBS_CONFIG_DISCRIMINATOR: [u8; 8] =
    io_common::discriminator::discriminator("account:", "JobsConfig");

pub const ACCOUNT_VERSION: u8 = 1;
pub const BPS: u64 = 10_000;
pub const IO_DECIMALS: u8 = 8;
pub const USDC_DECIMALS: u8 = 6;
/// One USDC in base units: rates are IO base units per this.
pub const USDC_UNIT: u64 = 1_000_000;
/// One day, the cap's window.
pub const DAY: i64 = 86_400;

/// Bounds of the governed parameters (docs/buyback.md says why each exists).
pub const MIN_LOT_PERIOD: u32 = 60;
pub const MAX_LOT_PERIOD: u32 = 7 * 86_400;
pub const MIN_MULTIPLIER_BPS: u16 = 11_000;
pub const MAX_MULTIPLIER_BPS: u16 = 30_000;
pub const MAX_PREMIUM_BPS: u16 = 1_000;
pub const MAX_CONF_MULTIPLE: u8 = 10;
pub const MAX_PRICE_AGE: u32 = 3_600;

/// Defaults (what deploy and the tests initialise with).
pub const DEFAULT_LOT_PERIOD: u32 = 3_600;
pub const DEFAULT_MULTIPLIER_BPS: u16 = 15_000;
pub const DEFAULT_FLOOR_BPS: u16 = 5_000;
/// 0.01 IO per USDC: the start never asks less than an IO priced at $100 would cost.
pub const DEFAULT_MIN_RATE: u64 = 1_000_000;
pub const DEFAULT_MAX_LOT: u64 = 100_000 * USDC_UNIT;
pub const DEFAULT_MAX_DAILY: u64 = 1_000_000 * USDC_UNIT;
pub const DEFAULT_PREMIUM_BPS: u16 = 100;
pub const DEFAULT_CONF_MULTIPLE: u8 = 2;
pub const DEFAULT_MAX_PRICE_AGE: u32 = 600;

/// The governed parameters, as `initialize` and `set_buyback_params` take them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    pub lot_period: u32,
    pub multiplier_bps: u16,
    pub floor_bps: u16,
    pub min_rate: u64,
    pub max_lot: u64,
    pub max_daily: u64,
    pub premium_bps: u16,
    pub conf_multiple: u8,
    pub max_price_age: u32,
}

impl Params {
    /// Bounds: a lot period from a minute to a week; a multiplier of 1.1x to 3x; a floor above 0
    /// whose product with the multiplier stays below 1 (an unsold lot's successor starts lower,
    /// so the auction always comes down to where buyers are); a positive minimum rate; a lot
    /// size above 0 and not above the daily cap; a premium of at most 10%; at most 10
    /// confidence intervals; a price age from 1 second to an hour.
    pub fn check(&self) -> Result<(), crate::interface::Error> {
        let ok = self.lot_period >= MIN_LOT_PERIOD
            && self.lot_period <= MAX_LOT_PERIOD
            && self.multiplier_bps >= MIN_MULTIPLIER_BPS
            && self.multiplier_bps <= MAX_MULTIPLIER_BPS
            && self.floor_bps > 0
            && (self.floor_bps as u64).wrapping_mul(self.multiplier_bps as u64)
                < BPS.wrapping_mul(BPS)
            && self.min_rate > 0
            && self.max_lot > 0
            && self.max_lot <= self.max_daily
            && self.premium_bps <= MAX_PREMIUM_BPS
            && self.conf_multiple <= MAX_CONF_MULTIPLE
            && self.max_price_age > 0
            && self.max_price_age <= MAX_PRICE_AGE;
        if ok {
            Ok(())
        } else {
            Err(crate::interface::Error::InvalidParams)
        }
    }

    pub fn write(&self, config: &mut BuybackConfig) {
        config.lot_period.set(self.lot_period);
        config.multiplier_bps.set(self.multiplier_bps);
        config.floor_bps.set(self.floor_bps);
        config.min_rate.set(self.min_rate);
        config.max_lot.set(self.max_lot);
        config.max_daily.set(self.max_daily);
        config.premium_bps.set(self.premium_bps);
        config.conf_multiple = self.conf_multiple;
        config.max_price_age.set(self.max_price_age);
    }

    pub fn defaults() -> Self {
        Params {
            lot_period: DEFAULT_LOT_PERIOD,
            multiplier_bps: DEFAULT_MULTIPLIER_BPS,
            floor_bps: DEFAULT_FLOOR_BPS,
            min_rate: DEFAULT_MIN_RATE,
            max_lot: DEFAULT_MAX_LOT,
            max_daily: DEFAULT_MAX_DAILY,
            premium_bps: DEFAULT_PREMIUM_BPS,
            conf_multiple: DEFAULT_CONF_MULTIPLE,
            max_price_age: DEFAULT_MAX_PRICE_AGE,
        }
    }
}

/// The parameters of an `initialize` or `set_buyback_params` argument list (same fields).
#[macro_export]
#[doc(hidden)]
macro_rules! params_of {
    ($a:expr) => {
        $crate::state::Params {
            lot_period: $a.lot_period,
            multiplier_bps: $a.multiplier_bps,
            floor_bps: $a.floor_bps,
            min_rate: $a.min_rate,
            max_lot: $a.max_lot,
            max_daily: $a.max_daily,
            premium_bps: $a.premium_bps,
            conf_multiple: $a.conf_multiple,
            max_price_age: $a.max_price_age,
        }
    };
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::interface::Error;
    use io_common::seeds;

    #[test]
    fn fixed_addresses_are_their_derivations() {
        let pda = |s: &[u8]| Address::find_program_address(&seeds![s], &crate::ID).0;
        assert_eq!(crate::ID, io_common::buyback::IO_BUYBACK_ID);
        assert_eq!(pda(AUTHORITY_SEED), BUYBACK_AUTHORITY);
        assert_eq!(pda(USDC_VAULT_SEED), BUYBACK_USDC_VAULT);
        assert_eq!(pda(INCENTIVES_SEED), INCENTIVES_VAULT);
        assert_eq!(pda(CONFIG_SEED), BUYBACK_CONFIG);
        assert_eq!(IO_JOBS_ID, io_jobs::ID);
        assert_eq!(
            Address::find_program_address(&seeds![JOBS_CONFIG_SEED], &IO_JOBS_ID).0,
            JOBS_CONFIG
        );
    }

    #[test]
    fn jobs_totals_sit_inside_jobs_config() {
        // The two u64 totals must lie inside io_jobs' config account.
        const { assert!(JOBS_TO_INCENTIVES_OFFSET + 8 <= io_jobs::interface::JobsConfig::LEN) };
        assert_eq!(JOBS_TO_INCENTIVES_OFFSET, JOBS_TO_BUYBACK_OFFSET + 8);
    }

    #[test]
    fn jobs_sweep_totals_are_read_where_io_jobs_writes_them() {
        let mut data = [0u8; io_jobs::interface::JobsConfig::LEN];
        let config = io_jobs::interface::JobsConfig::init(&mut data).unwrap();
        config.to_buyback.set(0x0102_0304_0506_0708);
        config.to_incentives.set(0x1112_1314_1516_1718);
        let at = |o: usize| u64::from_le_bytes(data[o..o + 8].try_into().unwrap());
        assert_eq!(at(JOBS_TO_BUYBACK_OFFSET), 0x0102_0304_0506_0708);
        assert_eq!(at(JOBS_TO_INCENTIVES_OFFSET), 0x1112_1314_1516_1718);
    }

    #[test]
    fn jobs_usdc_mint_offset_is_mints_0() {
        let mut data = [0u8; io_jobs::interface::JobsConfig::LEN];
        let config = io_jobs::interface::JobsConfig::init(&mut data).unwrap();
        config.mints[0] = Address::new_from_array([7; 32]);
        config.mints[1] = Address::new_from_array([8; 32]);
        assert_eq!(&data[..8], &JOBS_CONFIG_DISCRIMINATOR);
        assert_eq!(
            &data[JOBS_USDC_MINT_OFFSET..JOBS_USDC_MINT_OFFSET + 32],
            &[7u8; 32]
        );
    }

    #[test]
    fn governance_reads_the_guardian_and_usdc_mint_where_the_config_keeps_them() {
        use io_common::governance::{BUYBACK_GUARDIAN_OFFSET, BUYBACK_USDC_MINT_OFFSET};
        let mut data = [0u8; BuybackConfig::LEN];
        let config = BuybackConfig::init(&mut data).unwrap();
        config.guardian = Address::new_from_array([5; 32]);
        config.usdc_mint = Address::new_from_array([6; 32]);
        let at = |o: usize| &data[o..o + 32];
        assert_eq!(at(BUYBACK_GUARDIAN_OFFSET), &[5u8; 32]);
        assert_eq!(at(BUYBACK_USDC_MINT_OFFSET), &[6u8; 32]);
    }

    #[test]
    fn defaults_are_in_bounds() {
        assert_eq!(Params::defaults().check(), Ok(()));
    }

    #[test]
    fn every_bound_is_enforced() {
        let d = Params::defaults();
        let bad = [
            Params {
                lot_period: MIN_LOT_PERIOD - 1,
                ..d
            },
            Params {
                lot_period: MAX_LOT_PERIOD + 1,
                ..d
            },
            Params {
                multiplier_bps: MIN_MULTIPLIER_BPS - 1,
                ..d
            },
            Params {
                multiplier_bps: MAX_MULTIPLIER_BPS + 1,
                ..d
            },
            Params { floor_bps: 0, ..d },
            // floor x multiplier = 1: an unsold lot's successor would not start lower.
            Params {
                floor_bps: 5_000,
                multiplier_bps: 20_000,
                ..d
            },
            Params {
                floor_bps: 10_000,
                ..d
            },
            Params { min_rate: 0, ..d },
            Params { max_lot: 0, ..d },
            Params {
                max_lot: d.max_daily + 1,
                ..d
            },
            Params {
                premium_bps: MAX_PREMIUM_BPS + 1,
                ..d
            },
            Params {
                conf_multiple: MAX_CONF_MULTIPLE + 1,
                ..d
            },
            Params {
                max_price_age: 0,
                ..d
            },
            Params {
                max_price_age: MAX_PRICE_AGE + 1,
                ..d
            },
        ];
        for p in bad {
            assert_eq!(p.check(), Err(Error::InvalidParams), "{p:?}");
        }
        let good = [
            Params {
                lot_period: MIN_LOT_PERIOD,
                ..d
            },
            Params {
                lot_period: MAX_LOT_PERIOD,
                ..d
            },
            Params {
                multiplier_bps: MIN_MULTIPLIER_BPS,
                ..d
            },
            Params {
                multiplier_bps: MAX_MULTIPLIER_BPS,
                floor_bps: 3_333,
                ..d
            },
            Params { floor_bps: 1, ..d },
            Params {
                floor_bps: 6_666,
                ..d
            },
            Params {
                max_lot: d.max_daily,
                ..d
            },
            Params {
                premium_bps: MAX_PREMIUM_BPS,
                ..d
            },
            Params {
                premium_bps: 0,
                conf_multiple: 0,
                ..d
            },
            Params {
                max_price_age: MAX_PRICE_AGE,
                ..d
            },
        ];
        for p in good {
            assert_eq!(p.check(), Ok(()), "{p:?}");
        }
    }
}

#[cfg(test)]
mod governance_tests {
    //! io_governance reads, bounds and sets io_buyback's parameters through io_common::governance
    //! (setter 4, set_buyback_params).
    use super::*;
    use crate::interface::set_buyback_params;
    use io_common::testing::check_setter;

    /// A baseline every single-parameter bound passes with: the lowest multiplier (so the
    /// highest floor fits), max_lot 1 and max_daily at its most (so either may move).
    fn params() -> Params {
        Params {
            lot_period: 3_600,
            multiplier_bps: MIN_MULTIPLIER_BPS,
            floor_bps: 5_000,
            min_rate: 1,
            max_lot: 1,
            max_daily: u64::MAX,
            premium_bps: 100,
            conf_multiple: 2,
            max_price_age: 600,
        }
    }

    fn set(p: &mut Params, id: u8, v: u64) {
        match id {
            40 => p.lot_period = v as u32,
            41 => p.multiplier_bps = v as u16,
            42 => p.floor_bps = v as u16,
            43 => p.min_rate = v,
            44 => p.max_lot = v,
            45 => p.max_daily = v,
            46 => p.premium_bps = v as u16,
            47 => p.conf_multiple = v as u8,
            _ => p.max_price_age = v as u32,
        }
    }

    #[test]
    fn the_governed_table_matches_the_layout_the_bounds_and_the_setter() {
        check_setter(
            4,
            BuybackConfig::LEN,
            &|data, id, v| {
                let c = BuybackConfig::init(data).unwrap();
                let mut p = params();
                set(&mut p, id, v);
                p.write(c);
            },
            &|id, v| {
                let mut p = params();
                // floor x multiplier < 100% ties two parameters: the multiplier's bounds are
                // checked with the lowest floor, the floor's with the lowest multiplier.
                if id == 41 {
                    p.floor_bps = 1;
                }
                set(&mut p, id, v);
                let fits = match id {
                    40 | 48 => v <= u32::MAX as u64,
                    41 | 42 | 46 => v <= u16::MAX as u64,
                    47 => v <= u8::MAX as u64,
                    _ => true,
                };
                fits && p.check().is_ok()
            },
            &|args| {
                let a = set_buyback_params::Args::parse(args).unwrap();
                [
                    a.lot_period as u64,
                    a.multiplier_bps as u64,
                    a.floor_bps as u64,
                    a.min_rate,
                    a.max_lot,
                    a.max_daily,
                    a.premium_bps as u64,
                    a.conf_multiple as u64,
                    a.max_price_age as u64,
                ]
            },
        );
    }
}

#[cfg(test)]
mod admin_offset_tests {
    /// io_governance reads this config's admin by offset (admin target 4) to see whether a
    /// hand-over its proposal accepts is done already.
    #[test]
    fn io_common_knows_where_the_admin_is() {
        let at = core::mem::offset_of!(crate::interface::BuybackConfig, admin);
        assert_eq!(io_common::governance::admin_offset(4), Some(at));
    }
}

#[cfg(test)]
mod admin_call_tests {
    /// io_governance calls unpause (admin call 4) with io_common's table: this program, its
    /// discriminator, the config (written), no argument and no key.
    #[test]
    fn governance_calls_unpause_as_this_program_takes_it() {
        use crate::interface::unpause;
        let c = io_common::governance::admin_call(4).unwrap();
        assert_eq!(c.program, crate::ID);
        assert_eq!(c.discriminator, unpause::DISCRIMINATOR);
        assert_eq!(c.accounts[0], io_common::buyback::BUYBACK_CONFIG);
        assert_eq!((c.count, c.key_slot, c.writable[0]), (1, 0, true));
        assert_eq!((c.prefix, c.value_size, c.min, c.max), (None, 0, 0, 0));
        unpause::Args::parse(&[]).unwrap();
        assert!(io_common::governance::admin_call(io_common::governance::ADMIN_CALLS).is_none());
    }

    /// io_governance binds admin call 4 to when the pause began, read where io_common says it is.
    #[test]
    fn governance_reads_the_matter_of_call_4_where_this_layout_keeps_it() {
        let mut data = [0u8; crate::interface::BuybackConfig::LEN];
        let a = crate::interface::BuybackConfig::init(&mut data).unwrap();
        a.paused_at.set(0x0102_0304_0506_0708);
        let at = io_common::governance::BUYBACK_PAUSED_AT;
        assert_eq!(data[at..at + 8], 0x0102_0304_0506_0708i64.to_le_bytes());
    }
}
