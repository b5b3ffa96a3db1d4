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
mod admin_offset_tests {
    /// io_governance reads this config's admin by offset (admin target 0) to see whether a
    /// hand-over its proposal accepts is done already.
    #[test]
    fn io_common_knows_where_the_admin_is() {
        let at = core::mem::offset_of!(crate::interface::TokenConfig, admin);
        assert_eq!(io_common::governance::admin_offset(0), Some(at));
    }
}
