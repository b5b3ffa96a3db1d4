//! Seeds, constants and bounds.

pub use crate::interface::{Job, JobsConfig, Node, UserProfile};
pub use io_common::loader::LOADER_V3;
pub use io_common::oracle::IO_ORACLE_ID;

pub const NODE_SEED: &[u8] = b"node";
pub const CONFIG_SEED: &[u8] = b"config";
pub const AUTHORITY_SEED: &[u8] = b"authority";
pub const ESCROW_SEED: &[u8] = b"escrow";
pub const FEE_VAULT_SEED: &[u8] = b"fee_vault";
pub const JOB_SEED: &[u8] = b"job";
pub const USER_SEED: &[u8] = b"user";

/// Bounds of the referral terms (`set_referral_params`): at most half the network fee, for at
/// most five years.
pub const MAX_REFERRAL_BPS: u16 = 5_000;
pub const MAX_REFERRAL_PERIOD: u32 = 5 * 365 * 86_400;

/// io_token's program id, mints and IOSD state, and its mint authority seed.
pub use io_common::token::{IOSD_MINT, IOSD_STATE, IO_MINT, IO_TOKEN_ID};
pub const IO_AUTHORITY_SEED: &[u8] = b"authority";
/// io_oracle's config (the oracle set) and IO/USD feed seeds.
pub const ORACLE_CONFIG_SEED: &[u8] = b"config";
pub const PRICE_FEED_SEED: &[u8] = b"price_feed";

/// Job states.
pub const JOB_OPEN: u8 = 1;
pub const JOB_ENDED: u8 = 2;
/// Dispute states.
pub const DISPUTE_NONE: u8 = 0;
pub const DISPUTE_OPEN: u8 = 1;
pub const DISPUTE_RESOLVED: u8 = 2;

/// Payment currencies: indexes into the config's per-currency tables.
pub const PAY_USDC: u8 = 0;
pub const PAY_IO: u8 = 1;
pub const PAY_IOSD: u8 = 2;
pub const CURRENCIES: usize = 3;

/// IO has 8 decimals, USD amounts 6, the IO/USD price 8: IO base units for a USD amount are
/// usd x 10^10 / price.
pub const USD_TO_IO_AT_PRICE: u64 = 10_000_000_000;
pub const IO_DECIMALS: u8 = 8;
pub const IOSD_DECIMALS: u8 = 6;

pub const ACCOUNT_VERSION: u8 = 1;
pub const BPS: u16 = 10_000;
pub const SECONDS_PER_HOUR: i64 = 3_600;

/// Price and split bounds shared by register and update.
pub fn valid_terms(price_per_hour: u64, usd_share_bps: u16) -> bool {
    price_per_hour > 0 && usd_share_bps <= BPS
}

/// The governed parameters, as `initialize` and `set_job_params` take them.
pub struct Params {
    pub network_fee_bps: u16,
    pub usdc_supplier_fee_bps: u16,
    pub facilitation_fee_bps: u16,
    pub challenge_window: u32,
    pub start_timeout: u32,
    pub conf_multiple: u8,
    pub max_price_age: u32,
    pub dispute_window: u32,
    /// The share of USDC fees swept to the buyback (the rest to the USD-incentives vault).
    pub fee_buyback_bps: u16,
}

impl Params {
    /// Checks the bounds: fees and the buyback share at most 100%, windows, the timeout and the
    /// price age above zero.
    pub fn check(&self) -> Result<(), crate::interface::Error> {
        let bps_ok = |b: u16| b <= BPS;
        if !bps_ok(self.network_fee_bps)
            || !bps_ok(self.usdc_supplier_fee_bps)
            || !bps_ok(self.facilitation_fee_bps)
            || !bps_ok(self.fee_buyback_bps)
            || self.challenge_window == 0
            || self.start_timeout == 0
            || self.max_price_age == 0
            || self.dispute_window == 0
        {
            return Err(crate::interface::Error::InvalidParams);
        }
        Ok(())
    }

    /// Writes checked parameters.
    pub fn write(&self, config: &mut JobsConfig) {
        config.network_fee_bps.set(self.network_fee_bps);
        config.usdc_supplier_fee_bps.set(self.usdc_supplier_fee_bps);
        config.facilitation_fee_bps.set(self.facilitation_fee_bps);
        config.challenge_window.set(self.challenge_window);
        config.start_timeout.set(self.start_timeout);
        config.conf_multiple = self.conf_multiple;
        config.max_price_age.set(self.max_price_age);
        config.dispute_window.set(self.dispute_window);
        config.fee_buyback_bps.set(self.fee_buyback_bps);
    }
}

/// io_token's IosdState read by layout (a program crate cannot be linked into another on SBF):
/// owner io_token, its Anchor discriminator, and `held` (u64 LE) after discriminator (8),
/// version, bump, mint_bump, authority_bump (4), iosd_mint, io_mint (64), conf_multiple (1),
/// max_price_age (4), rate_limit (8), rate_window (4), window_used, window_ts, io_burned,
/// iosd_minted (32) and spender (32). tests/io-jobs-sweep.test.ts checks the figure read
/// against io_token's own decoding of the account.
pub struct IosdHeld;

impl IosdHeld {
    const DISCRIMINATOR: [u8; 8] = io_common::discriminator::discriminator("account:", "IosdState");
    pub const OFFSET: usize = 157;

    /// The IOSD io_token holds for payments (InvalidVault if `account` is not its IosdState).
    pub fn read(account: &pinocchio::AccountView) -> Result<u64, crate::interface::Error> {
        use crate::interface::Error;
        if !account.owned_by(&IO_TOKEN_ID) {
            return Err(Error::InvalidVault);
        }
        let data = account.try_borrow().map_err(|_| Error::InvalidVault)?;
        if data.get(..8) != Some(Self::DISCRIMINATOR.as_slice()) {
            return Err(Error::InvalidVault);
        }
        data.get(Self::OFFSET..)
            .and_then(|b| b.first_chunk::<8>())
            .map(|b| u64::from_le_bytes(*b))
            .ok_or(Error::InvalidVault)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use io_common::buyback::{JOBS_CONFIG, JOBS_TO_BUYBACK_OFFSET, JOBS_TO_INCENTIVES_OFFSET};

    #[test]
    fn io_buyback_reads_the_sweep_totals_where_the_config_keeps_them() {
        let mut data = [0u8; JobsConfig::LEN];
        let config = JobsConfig::init(&mut data).unwrap();
        config.to_buyback.set(0x1111_2222_3333_4444);
        config.to_incentives.set(0x5555_6666_7777_8888);
        let at = |offset: usize| u64::from_le_bytes(data[offset..offset + 8].try_into().unwrap());
        assert_eq!(at(JOBS_TO_BUYBACK_OFFSET), 0x1111_2222_3333_4444);
        assert_eq!(at(JOBS_TO_INCENTIVES_OFFSET), 0x5555_6666_7777_8888);
    }

    #[test]
    fn io_buybacks_jobs_config_is_this_programs_config_pda() {
        let (pda, _) = pinocchio::Address::find_program_address(&[CONFIG_SEED], &crate::ID);
        assert_eq!(pda, JOBS_CONFIG);
    }
}

#[cfg(test)]
mod governance_tests {
    //! io_governance reads and bounds io_jobs' parameters through io_common::governance.
    use super::*;
    use io_common::governance::{job_param, read_job_param, JOB_PARAMS};

    fn params() -> Params {
        Params {
            network_fee_bps: 500,
            usdc_supplier_fee_bps: 200,
            facilitation_fee_bps: 200,
            challenge_window: 3600,
            start_timeout: 7200,
            conf_multiple: 2,
            max_price_age: 600,
            dispute_window: 86_400,
            fee_buyback_bps: 8000,
        }
    }

    fn set(p: &mut Params, index: u8, v: u64) {
        match index {
            0 => p.network_fee_bps = v as u16,
            1 => p.usdc_supplier_fee_bps = v as u16,
            2 => p.facilitation_fee_bps = v as u16,
            3 => p.challenge_window = v as u32,
            4 => p.start_timeout = v as u32,
            5 => p.conf_multiple = v as u8,
            6 => p.max_price_age = v as u32,
            7 => p.dispute_window = v as u32,
            _ => p.fee_buyback_bps = v as u16,
        }
    }

    #[test]
    fn the_governed_table_matches_the_layout_and_the_bounds() {
        assert_eq!(io_common::governance::IO_JOBS_ID, crate::ID);
        assert!(job_param(JOB_PARAMS).is_none());
        for index in 0..JOB_PARAMS {
            let p = job_param(index).unwrap();
            // The layout: a distinct marker per field, read back at the table's offset.
            let mut data = [0u8; JobsConfig::LEN];
            let config = JobsConfig::init(&mut data).unwrap();
            let mut marked = params();
            set(&mut marked, index, p.max.min(0xAB));
            marked.write(config);
            assert_eq!(read_job_param(&data, &p), Some(p.max.min(0xAB)), "{index}");
            // The bounds: min and max pass io_jobs' own check, one outside fails.
            for ok in [p.min, p.max] {
                let mut q = params();
                set(&mut q, index, ok);
                assert!(q.check().is_ok(), "{index} {ok}");
            }
            if p.min > 0 {
                let mut q = params();
                set(&mut q, index, p.min - 1);
                assert!(q.check().is_err(), "{index} below");
            }
            if p.max < (1u64 << (8 * p.size)) - 1 {
                let mut q = params();
                set(&mut q, index, p.max + 1);
                assert!(q.check().is_err(), "{index} above");
            }
        }
    }
}

#[cfg(test)]
mod admin_offset_tests {
    /// io_governance reads this config's admin by offset (admin target 2) to see whether a
    /// hand-over its proposal accepts is done already.
    #[test]
    fn io_common_knows_where_the_admin_is() {
        let at = core::mem::offset_of!(crate::interface::JobsConfig, admin);
        assert_eq!(io_common::governance::admin_offset(2), Some(at));
    }
}

#[cfg(test)]
mod admin_call_tests {
    /// io_governance calls resolve_dispute (admin call 3) with io_common's table: this program,
    /// its discriminator, the config then the job (the key), the hours as a u32.
    #[test]
    fn governance_calls_resolve_dispute_as_this_program_takes_it() {
        use crate::interface::resolve_dispute;
        let c = io_common::governance::admin_call(3).unwrap();
        assert_eq!(c.program, crate::ID);
        assert_eq!(c.discriminator, resolve_dispute::DISCRIMINATOR);
        assert_eq!(c.accounts[0], io_common::buyback::JOBS_CONFIG);
        assert_eq!((c.count, c.key_slot, c.writable[1]), (2, 1, true));
        assert_eq!(
            (c.prefix, c.value_size, c.min, c.max),
            (None, 4, 0, u32::MAX as u64)
        );
        let bytes = 7u32.to_le_bytes();
        let a = resolve_dispute::Args::parse(&bytes).unwrap();
        assert_eq!(a.hours, 7);
    }

    /// io_governance binds admin call 3 to a job's dispute deadline, read where io_common says it is.
    #[test]
    fn governance_reads_the_matter_of_call_3_where_this_layout_keeps_it() {
        let mut data = [0u8; crate::interface::Job::LEN];
        let a = crate::interface::Job::init(&mut data).unwrap();
        a.dispute_deadline.set(0x0102_0304_0506_0708);
        let at = io_common::governance::JOB_DISPUTE_DEADLINE;
        assert_eq!(data[at..at + 8], 0x0102_0304_0506_0708i64.to_le_bytes());
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)] // test indexes over three rows
mod referral_governance_tests {
    //! io_governance sets the referral terms through `set_referral_params` (setter 6, parameter
    //! ids 80..=82 of io_common::governance's referral block).
    use super::*;
    use io_common::governance::{param, read_param, setter};

    #[test]
    fn the_referral_block_matches_the_layout_the_setter_and_the_bounds() {
        let s = setter(6).unwrap();
        assert_eq!(s.program, crate::ID);
        assert_eq!(
            s.discriminator,
            crate::interface::set_referral_params::DISCRIMINATOR
        );
        assert_eq!((s.first, s.count), (80, 3));
        let fields = [
            (
                core::mem::offset_of!(JobsConfig, referral_bps),
                2,
                MAX_REFERRAL_BPS as u64,
            ),
            (
                core::mem::offset_of!(JobsConfig, referral_period),
                4,
                MAX_REFERRAL_PERIOD as u64,
            ),
            (
                core::mem::offset_of!(JobsConfig, referral_cap_usd),
                8,
                u64::MAX,
            ),
        ];
        for (i, (offset, size, max)) in fields.into_iter().enumerate() {
            let (index, p) = param(80 + i as u8).unwrap();
            assert_eq!(index, 6);
            assert_eq!(
                (p.offset, p.size, p.min, p.max),
                (offset, size, 0, max),
                "{i}"
            );
        }
        let mut data = [0u8; JobsConfig::LEN];
        let config = JobsConfig::init(&mut data).unwrap();
        config.referral_bps.set(1_234);
        config.referral_period.set(31_536_000);
        config.referral_cap_usd.set(10_000_000_000);
        let read = |id: u8| read_param(&data, &param(id).unwrap().1);
        assert_eq!(read(80), Some(1_234));
        assert_eq!(read(81), Some(31_536_000));
        assert_eq!(read(82), Some(10_000_000_000));
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)] // test indexes over seven rows
mod discount_governance_tests {
    //! io_governance sets the discount table through `set_discount_tiers` (setter 9, parameter
    //! ids 96..=102 of io_common::governance's discount block).
    use super::*;
    use crate::reputation::MAX_DISCOUNT_BPS;
    use io_common::governance::{param, read_param, setter};

    #[test]
    fn the_discount_block_matches_the_layout_the_setter_and_the_bounds() {
        let s = setter(9).unwrap();
        assert_eq!(s.program, crate::ID);
        assert_eq!(
            s.discriminator,
            crate::interface::set_discount_tiers::DISCRIMINATOR
        );
        assert_eq!((s.first, s.count), (96, 7));
        let usd = |i: usize| core::mem::offset_of!(JobsConfig, discount_usd) + 8 * i;
        let bps = |i: usize| core::mem::offset_of!(JobsConfig, discount_bps) + 2 * i;
        let max_bps = MAX_DISCOUNT_BPS as u64;
        let fields = [
            (usd(0), 8, u64::MAX),
            (bps(0), 2, max_bps),
            (usd(1), 8, u64::MAX),
            (bps(1), 2, max_bps),
            (usd(2), 8, u64::MAX),
            (bps(2), 2, max_bps),
            (core::mem::offset_of!(JobsConfig, strike_usd), 8, u64::MAX),
        ];
        for (i, (offset, size, max)) in fields.into_iter().enumerate() {
            let (index, p) = param(96 + i as u8).unwrap();
            assert_eq!(index, 9);
            assert_eq!(
                (p.offset, p.size, p.min, p.max),
                (offset, size, 0, max),
                "{i}"
            );
        }
        // The setter's argument order is the ids' order: the instruction's Args parse them so.
        let mut args = [0u8; 38];
        let mut at = 0;
        for (i, v) in [11u64, 1_000, 22, 2_000, 33, 3_000, 44]
            .into_iter()
            .enumerate()
        {
            let size = param(96 + i as u8).unwrap().1.size;
            args[at..at + size].copy_from_slice(&v.to_le_bytes()[..size]);
            at += size;
        }
        assert_eq!(at, args.len());
        let a = crate::interface::set_discount_tiers::Args::parse(&args).unwrap();
        assert_eq!(
            (
                a.tier1_usd,
                a.tier1_bps,
                a.tier2_usd,
                a.tier2_bps,
                a.tier3_usd,
                a.tier3_bps,
                a.strike_usd
            ),
            (11, 1_000, 22, 2_000, 33, 3_000, 44)
        );
        let mut data = [0u8; JobsConfig::LEN];
        let config = JobsConfig::init(&mut data).unwrap();
        config.discount_usd[1].set(123);
        config.discount_bps[2].set(4_321);
        config.strike_usd.set(50_000_000);
        let read = |id: u8| read_param(&data, &param(id).unwrap().1);
        assert_eq!(read(98), Some(123));
        assert_eq!(read(101), Some(4_321));
        assert_eq!(read(102), Some(50_000_000));
    }
}
