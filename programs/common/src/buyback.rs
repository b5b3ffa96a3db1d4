//! io_buyback's addresses that io_jobs sweeps fees into, and the place in io_jobs' config where
//! io_buyback reads what was swept to it (a program crate cannot be linked into another on SBF).
//! io_buyback's and io_jobs' host tests check each against its derivation or layout.

use pinocchio::Address;

/// io_buyback's program id (keys/io_buyback-keypair.json).
pub const IO_BUYBACK_ID: Address =
    Address::from_str_const("5WfCjndWs3Poy5n2TqF5izCRNPL7U96JyCQGRKEoWEMh");
/// io_buyback's authority, PDA ["authority"]: owner of its USDC vaults.
pub const BUYBACK_AUTHORITY: Address =
    Address::from_str_const("GEkvvBS4u5xar5bfB5hwKwgN32W4GtSQYcNAwDQZ1WCb");
/// The USDC the auction sells for IO, io_buyback's PDA ["usdc_vault"] (an SPL Token account).
pub const BUYBACK_USDC_VAULT: Address =
    Address::from_str_const("BC7qZ1FypYwYiNt97ufpkJbCeFgPpArFVwTzaj2VFJX5");
/// The USD-incentives vault only governance (the admin until then) spends, io_buyback's PDA
/// ["incentives"] (an SPL Token account).
pub const INCENTIVES_VAULT: Address =
    Address::from_str_const("FVyzsqMiys9v9oMHwQTodpyMADtsiQuRhXqAZDN1bd7j");
/// io_buyback's config, PDA ["config"].
pub const BUYBACK_CONFIG: Address =
    Address::from_str_const("CAZG9EB1PGXd7DCsZqM36TYregfCUTqEep9BMveN4meg");

/// io_jobs' config, its PDA ["config"].
pub const JOBS_CONFIG: Address =
    Address::from_str_const("HUGFcdCCXxjZxNYUYBoucM3FALVKbWfghaHMGpfdra7o");
/// Byte offsets in io_jobs' config account (discriminator included) of the running totals of
/// USDC swept to io_buyback's USDC vault and to the incentives vault (u64 little-endian each).
pub const JOBS_TO_BUYBACK_OFFSET: usize = 442;
pub const JOBS_TO_INCENTIVES_OFFSET: usize = 450;
