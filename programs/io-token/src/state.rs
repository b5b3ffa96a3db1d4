//! Seeds, genesis figures and the config account.

pub use crate::interface::{
    Airdrop, AirdropReceipt, EmissionState, IosdState, TokenConfig, VestingGrant,
};
use pinocchio::Address;

/// Seeds of the program-derived accounts.
pub const CONFIG_SEED: &[u8] = b"config";
pub const AUTHORITY_SEED: &[u8] = b"authority";
pub const IO_MINT_SEED: &[u8] = b"io_mint";
pub const VAULT_SEED: &[u8] = b"vault";
pub const EMISSION_SEED: &[u8] = b"emission";
pub const GRANT_SEED: &[u8] = b"grant";
pub const AIRDROP_SEED: &[u8] = b"airdrop";
pub const AIRDROP_VAULT_SEED: &[u8] = b"airdrop_vault";
pub const RECEIPT_SEED: &[u8] = b"claim";
pub const IOSD_SEED: &[u8] = b"iosd";
pub const IOSD_MINT_SEED: &[u8] = b"iosd_mint";

/// io_jobs' authority PDA (["authority"] under io_jobs' program id): the IOSD spender that
/// init_iosd names, so IOSD is held and released only by io_jobs' escrow logic. A host test
/// checks it against the derivation.
pub const IO_JOBS_AUTHORITY: Address =
    Address::from_str_const("TM9VYEkxNAs4wnZ8TncZGBW7w7AbzKjb8ZfgvKfYFty");

/// IOSD has 6 decimals (1 IOSD = 1 USD).
pub const IOSD_DECIMALS: u8 = 6;
/// IO base units (1e-8) x price (1e-8 USD) / 1e10 = IOSD base units (1e-6 USD).
pub const IO_PRICE_TO_IOSD: u64 = 10_000_000_000;

pub use io_common::loader::LOADER_V3;

/// Layout version of the program's accounts.
pub const CONFIG_VERSION: u8 = 1;
pub const ACCOUNT_VERSION: u8 = 1;

/// Seconds in an hour; emission and vesting months are 730 hours.
pub const HOUR_SECONDS: u64 = 3_600;

/// IO has 8 decimals.
pub const IO_DECIMALS: u8 = 8;
/// One IO in base units.
pub const IO: u64 = 100_000_000;
/// 500,000,000 IO minted at genesis.
pub const GENESIS_SUPPLY: u64 = 500_000_000 * IO;
/// IO in circulation never exceeds 800,000,000.
pub const MAX_SUPPLY: u64 = 800_000_000 * IO;

/// Token metadata bounds (bytes).
pub const MAX_NAME_LEN: usize = 32;
pub const MAX_SYMBOL_LEN: usize = 10;
pub const MAX_URI_LEN: usize = 200;

/// The genesis allocation buckets, in vault-index order.
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Bucket {
    Seed = 0,
    SeriesA = 1,
    CoreContributors = 2,
    Ecosystem = 3,
    Community = 4,
}

pub const BUCKET_COUNT: usize = 5;

/// Each bucket's share of the genesis supply in basis points (PROTOCOL.md):
/// seed 12.5%, series A 10.2%, core contributors 11.3%, research & ecosystem 16%, community 50%.
pub const BUCKET_BPS: [u64; BUCKET_COUNT] = [1_250, 1_020, 1_130, 1_600, 5_000];

/// Genesis amount of each bucket in base units (exact: GENESIS_SUPPLY is a multiple of 10,000).
pub const BUCKET_AMOUNTS: [u64; BUCKET_COUNT] = {
    let mut out = [0u64; BUCKET_COUNT];
    let mut i = 0;
    while i < BUCKET_COUNT {
        out[i] = GENESIS_SUPPLY / 10_000 * BUCKET_BPS[i];
        i += 1;
    }
    out
};

const _: () = {
    let mut sum = 0;
    let mut i = 0;
    while i < BUCKET_COUNT {
        sum += BUCKET_AMOUNTS[i];
        i += 1;
    }
    assert!(sum == GENESIS_SUPPLY);
    assert!(GENESIS_SUPPLY.is_multiple_of(10_000));
};

/// Vesting of a bucket: `parts` equal monthly parts, the first unlocking at the end of month
/// `first_month` after genesis (PROTOCOL.md). Research & ecosystem and community have none:
/// they move only by `release`.
#[derive(Clone, Copy)]
pub struct VestingSchedule {
    pub first_month: u64,
    pub parts: u64,
}

/// The vesting schedule of a bucket, or None for the released buckets.
pub const fn vesting_schedule(bucket: u8) -> Option<VestingSchedule> {
    match bucket {
        0 | 1 => Some(VestingSchedule {
            first_month: 13,
            parts: 24,
        }),
        2 => Some(VestingSchedule {
            first_month: 13,
            parts: 36,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn io_jobs_authority_is_io_jobs_authority_pda() {
        let (pda, _) = pinocchio::Address::find_program_address(
            &[io_jobs::state::AUTHORITY_SEED],
            &io_jobs::ID,
        );
        assert_eq!(pda, super::IO_JOBS_AUTHORITY);
    }

    #[test]
    fn io_jobs_reads_iosd_held_where_this_layout_keeps_it() {
        let mut data = [0u8; super::IosdState::LEN];
        let state = super::IosdState::init(&mut data).unwrap();
        state.held.set(0x0102_0304_0506_0708);
        let at = io_jobs::state::IosdHeld::OFFSET;
        assert_eq!(data[at..at + 8], 0x0102_0304_0506_0708u64.to_le_bytes());
    }

    #[test]
    fn the_addresses_other_programs_check_are_this_programs_pdas() {
        use super::{IOSD_MINT_SEED, IOSD_SEED, IO_MINT_SEED};
        let pda = |seed: &[u8]| pinocchio::Address::find_program_address(&[seed], &crate::ID).0;
        assert_eq!(io_common::token::IO_TOKEN_ID, crate::ID);
        assert_eq!(io_common::token::IO_MINT, pda(IO_MINT_SEED));
        assert_eq!(io_common::token::IOSD_MINT, pda(IOSD_MINT_SEED));
        assert_eq!(io_common::token::IOSD_STATE, pda(IOSD_SEED));
    }
}

#[cfg(test)]
mod governance_tests {
    //! io_governance reads, bounds and sets io_token's parameters through
    //! io_common::governance (setter 7 set_remint_cap, 8 set_iosd_params), and calls its
    //! `release` with the addresses io_common keeps (admin call targets 0 and 1).
    use super::{EmissionState, IosdState};
    use crate::interface::{
        lock_genesis, release, set_iosd_params, set_iosd_spender, set_remint_cap, set_rewards_vault,
    };
    use io_common::testing::check_setter;

    #[test]
    fn the_governed_tables_match_the_layouts_the_bounds_and_the_setters() {
        check_setter(
            7,
            EmissionState::LEN,
            &|data, _, v| {
                EmissionState::init(data)
                    .unwrap()
                    .remint_cap_per_hour
                    .set(v)
            },
            &|_, _| true,
            &|args| {
                let a = set_remint_cap::Args::parse(args).unwrap();
                [a.cap_per_hour, 0, 0, 0, 0, 0, 0, 0, 0]
            },
        );
        // IOSD's parameters with the others at a valid baseline.
        let base = [3u64, 60, 1_000, 3_600];
        let with = |id: u8, v: u64| {
            let mut p = base;
            p[(id - 89) as usize] = v;
            p
        };
        check_setter(
            8,
            IosdState::LEN,
            &|data, id, v| {
                let s = IosdState::init(data).unwrap();
                let p = with(id, v);
                s.conf_multiple = p[0] as u8;
                s.max_price_age.set(p[1] as u32);
                s.rate_limit.set(p[2]);
                s.rate_window.set(p[3] as u32);
            },
            &|id, v| {
                let p = with(id, v);
                let fits = p[0] <= u8::MAX as u64 && p[1] <= u32::MAX as u64;
                fits && p[3] <= u32::MAX as u64 && crate::iosd::params_ok(p[1] as u32, p[3] as u32)
            },
            &|args| {
                let a = set_iosd_params::Args::parse(args).unwrap();
                let (m, age, limit, window) = (
                    a.conf_multiple,
                    a.max_price_age,
                    a.rate_limit,
                    a.rate_window,
                );
                [m as u64, age as u64, limit, window as u64, 0, 0, 0, 0, 0]
            },
        );
    }

    #[test]
    fn the_addresses_governance_passes_to_release_are_this_programs() {
        use super::{AUTHORITY_SEED, EMISSION_SEED, VAULT_SEED};
        use io_common::governance::admin_call;
        let pda = |seeds: &[&[u8]]| pinocchio::Address::find_program_address(seeds, &crate::ID).0;
        assert_eq!(io_common::token::EMISSION, pda(&[EMISSION_SEED]));
        assert_eq!(io_common::token::TOKEN_AUTHORITY, pda(&[AUTHORITY_SEED]));
        assert_eq!(io_common::token::VAULT_ECOSYSTEM, pda(&[VAULT_SEED, &[3]]));
        assert_eq!(io_common::token::VAULT_COMMUNITY, pda(&[VAULT_SEED, &[4]]));
        assert_eq!(
            io_common::token::TOKEN_2022_PROGRAM,
            pinocchio_token_2022::ID
        );
        for (target, bucket) in [(0u8, 3u8), (1, 4)] {
            let c = admin_call(target).unwrap();
            assert_eq!(c.program, crate::ID);
            assert_eq!(c.discriminator, release::DISCRIMINATOR);
            assert_eq!(c.prefix, Some(bucket));
            // release's accounts after its admin: config, authority, io_mint, vault,
            // destination (the key), token_program, in that order.
            assert_eq!(c.accounts[0], io_common::governance::TOKEN_CONFIG);
            assert_eq!(c.accounts[3], pda(&[VAULT_SEED, &[bucket]]));
            assert_eq!(c.key_slot, 4);
            // The arguments as execute writes them: the bucket, then the amount.
            let mut args = [0u8; 9];
            args[0] = bucket;
            args[1..].copy_from_slice(&77u64.to_le_bytes());
            let a = release::Args::parse(&args).unwrap();
            assert_eq!((a.bucket, a.amount), (bucket, 77));
        }
        // set_rewards_vault: config, emission (written), the new vault (the key); no argument.
        let c = admin_call(5).unwrap();
        assert_eq!(c.discriminator, set_rewards_vault::DISCRIMINATOR);
        assert_eq!(c.accounts[1], pda(&[EMISSION_SEED]));
        assert_eq!(
            (c.count, c.key_slot, c.writable[1], c.value_size),
            (3, 2, true, 0)
        );
        set_rewards_vault::Args::parse(&[]).unwrap();
        // lock_genesis: the config (written); no argument.
        let c = admin_call(6).unwrap();
        assert_eq!(c.discriminator, lock_genesis::DISCRIMINATOR);
        assert_eq!(
            (c.count, c.key_slot, c.writable[0], c.value_size),
            (1, 0, true, 0)
        );
        lock_genesis::Args::parse(&[]).unwrap();
        // set_iosd_spender: config, IOSD's state (written); the key is its one argument.
        let c = admin_call(7).unwrap();
        assert_eq!(c.discriminator, set_iosd_spender::DISCRIMINATOR);
        assert_eq!(c.accounts[1], pda(&[super::IOSD_SEED]));
        assert_eq!(
            (c.count, c.key_slot, c.key_arg, c.value_size),
            (2, 0, true, 0)
        );
        let key = [7u8; 32];
        assert_eq!(
            set_iosd_spender::Args::parse(&key)
                .unwrap()
                .spender
                .to_bytes(),
            key
        );
        for t in [0u8, 1, 5, 6, 7] {
            assert_eq!(admin_call(t).unwrap().program, crate::ID, "{t}");
        }
    }
}

#[cfg(test)]
mod admin_offset_tests {
    /// io_governance reads this config's admin by offset (admin target 0) to see whether a
    /// hand-over its proposal accepts is done already.
    #[test]
    fn io_common_knows_where_the_admin_is() {
        let at = core::mem::offset_of!(crate::interface::TokenConfig, admin);
        assert_eq!(io_common::governance::admin_offset(0), Some(at));
    }
}
