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
