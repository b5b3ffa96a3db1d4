//! io_token's addresses that other programs check accounts against (a program crate cannot be
//! linked into another on SBF). io_token's host tests check each against its derivation.

use pinocchio::Address;

/// io_token's program id (keys/io_token-keypair.json).
pub const IO_TOKEN_ID: Address =
    Address::from_str_const("4ux61ukSYKhmZ69vnfxGPcYpMu7kx81NwCPzbafC5XS7");
/// The associated token account program: an owner's account of a mint is its PDA
/// [owner, token program, mint] (named in the IDLs so that clients resolve those accounts).
pub const ASSOCIATED_TOKEN_ID: Address =
    Address::from_str_const("ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL");
/// The IO mint, io_token's PDA ["io_mint"].
pub const IO_MINT: Address =
    Address::from_str_const("Fjk9nLUM2id6kRs4DiXnLv988HX2ZpiUgwJrvVpUssuz");
/// The IOSD mint, io_token's PDA ["iosd_mint"].
pub const IOSD_MINT: Address =
    Address::from_str_const("9GWmZQBZcyEivJn983zCXgdZVKRuNXyknfXL7AYtJK3t");
/// IOSD's state (and the count of IOSD held for payments), io_token's PDA ["iosd"].
pub const IOSD_STATE: Address =
    Address::from_str_const("ELkEMs6q41jjM9jzGAQAAy1YH3ESfSmNihvCGYejuqYn");
/// io_token's emission state, PDA ["emission"] (its re-mint cap is a governed parameter).
pub const EMISSION: Address =
    Address::from_str_const("5NXZS77RpWbv1EwpRx1Gfiueh1SK8qbc3TwG6AkzRZmc");
/// io_token's authority, PDA ["authority"]: owner of its vaults, signer of its transfers.
pub const TOKEN_AUTHORITY: Address =
    Address::from_str_const("BwNTDrEb4UShcbfhfSUaD8JJPMrACFwdpe24wkRTva8h");
/// The research & ecosystem and community vaults, PDAs ["vault", [3]] and ["vault", [4]]: the
/// buckets `release` moves IO out of.
pub const VAULT_ECOSYSTEM: Address =
    Address::from_str_const("4kQ7PdPKLUkkdvGhk3MWxGRDXY6m2x3PAgtFocmNHgrb");
pub const VAULT_COMMUNITY: Address =
    Address::from_str_const("BzUce7nwp2aby3GfwBL1CafXDFVkDnxKGvysbs82mtFv");
/// SPL Token-2022, IO's token program.
pub const TOKEN_2022_PROGRAM: Address =
    Address::from_str_const("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");
