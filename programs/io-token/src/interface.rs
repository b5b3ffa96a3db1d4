//! The io_token interface: the single source of its instructions, accounts, events and errors,
//! and of idl/io_token.json (see io_common's `interface!`).

#[allow(unused_imports)] // the seeds are read only by the host-side IDL build
use crate::state::{AUTHORITY_SEED, CONFIG_SEED, IO_MINT_SEED, VAULT_SEED};

io_common::interface! {
    program: "io_token";
    /// The IO and IOSD mints: genesis, emissions, vesting and the airdrop.
    instructions {
        /// Creates the protocol config and the IO mint (Token-2022 with metadata pointer and
        /// token metadata, 8 decimals, a PDA as mint authority, no freeze authority), then mints
        /// the 500,000,000 IO genesis supply into the five allocation vaults. Only the program's
        /// upgrade authority may call it, once; it becomes the admin.
        initialize(name: string, symbol: string, uri: string) {
            /// Pays for the accounts; must be the program's upgrade authority.
            payer: writable signer,
            /// The program's ProgramData account (upgradeable loader), naming its upgrade authority.
            program_data: ; seeds [crate::ID] of crate::state::LOADER_V3,
            config: writable; seeds [CONFIG_SEED],
            /// Mint authority of IO and owner of the vaults; signs only through this program.
            authority: ; seeds [AUTHORITY_SEED],
            io_mint: writable; seeds [IO_MINT_SEED],
            vault_seed: writable; seeds [VAULT_SEED, [0u8]],
            vault_series_a: writable; seeds [VAULT_SEED, [1u8]],
            vault_core_contributors: writable; seeds [VAULT_SEED, [2u8]],
            vault_ecosystem: writable; seeds [VAULT_SEED, [3u8]],
            vault_community: writable; seeds [VAULT_SEED, [4u8]],
            token_program: @ pinocchio_token_2022::ID,
            system_program: @ pinocchio_system::ID,
        }

        /// Proposes a new admin (step one of the hand-over); the default address cancels.
        propose_admin(new_admin: pubkey) {
            admin: signer,
            config: writable; seeds [CONFIG_SEED],
        }

        /// The proposed admin accepts (step two of the hand-over).
        accept_admin() {
            new_admin: signer,
            config: writable; seeds [CONFIG_SEED],
        }
    }
    errors {
        InvalidInstruction = 6000: "Unknown instruction discriminator",
        InvalidInstructionData = 6001: "Instruction data did not decode",
        NotEnoughAccounts = 6002: "Not enough accounts for this instruction",
        MissingSigner = 6003: "A required signature is missing",
        AccountNotWritable = 6004: "An account that must be writable is not",
        WrongProgram = 6005: "A program account has the wrong address",
        InvalidAccountData = 6006: "Account data has the wrong size or discriminator",
        AlreadyInitialized = 6007: "The protocol is already initialised",
        Unauthorized = 6008: "The signer is not allowed to do this",
        InvalidProgramData = 6009: "The program data account is not this program's",
        InvalidConfig = 6010: "The config account is not the protocol config",
        InvalidAuthority = 6011: "The authority account is not the program authority PDA",
        InvalidMint = 6012: "The mint account is not the IO mint PDA",
        InvalidVault = 6013: "A vault account is not its genesis vault PDA",
        MetadataTooLong = 6014: "Token name, symbol or URI is too long",
        NoPendingAdmin = 6015: "No admin hand-over is pending",
    }
    events {
        /// The protocol was initialised and the genesis supply minted.
        Initialized {
            admin: pubkey,
            io_mint: pubkey,
            genesis_supply: u64,
            genesis_ts: i64,
        }
        /// The admin proposed a successor (the default address when cancelled).
        AdminProposed { admin: pubkey, pending_admin: pubkey }
        /// The proposed admin accepted.
        AdminAccepted { previous_admin: pubkey, admin: pubkey }
    }
    accounts {
        /// The protocol config of io_token, at PDA ["config"].
        TokenConfig {
            version: u8,
            bump: u8,
            authority_bump: u8,
            io_mint_bump: u8,
            vault_bumps: [u8; 5],
            admin: pubkey,
            /// The proposed successor, or the default address.
            pending_admin: pubkey,
            io_mint: pubkey,
            /// Unix time of genesis: vesting and emissions count from here.
            genesis_ts: i64,
            /// Room for later fields without a reallocation.
            reserved: [u8; 64],
        }
    }
}
