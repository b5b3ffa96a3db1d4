//! The io_buyback interface: the single source of its instructions, accounts, events and
//! errors, and of idl/io_buyback.json (see io_common's `interface!`).
//!
//! The USDC io_jobs sweeps into the buyback vault is sold in lots, one Dutch auction after the
//! other, for IO the buyer burns in the same instruction. Rates are IO base units asked per
//! 1 USDC (10^6 USDC base units). A lot's rate falls linearly from its start to its floor over
//! the lot period, and a buy is never filled below the oracle bound (the IO $1 buys at the
//! conservative oracle price plus a premium). docs/buyback.md.

#[allow(unused_imports)] // the seeds are read only by the host-side IDL build
use crate::state::{
    AUTHORITY_SEED, CONFIG_SEED, INCENTIVES_SEED, IO_JOBS_ID, JOBS_CONFIG_SEED, LOADER_V3,
    USDC_VAULT_SEED,
};

io_common::interface! {
    program: "io_buyback";
    /// Buyback-and-burn: back-to-back Dutch auctions of the USDC fees for IO burned on the spot,
    /// bounded by the oracle price; the USD-incentives vault; proof of reserves.
    instructions {
        /// Creates the config, the USDC buyback vault and the USD-incentives vault (SPL Token
        /// accounts of io_jobs' USDC mint, owned by the authority PDA). Only the upgrade
        /// authority, once, after io_jobs; it becomes the admin and the guardian.
        initialize(
            lot_period: u32,
            multiplier_bps: u16,
            floor_bps: u16,
            min_rate: u64,
            max_lot: u64,
            max_daily: u64,
            premium_bps: u16,
            conf_multiple: u8,
            max_price_age: u32,
        ) {
            payer: writable signer,
            program_data: ; seeds [crate::ID] of LOADER_V3,
            config: writable; seeds [CONFIG_SEED],
            authority: ; seeds [AUTHORITY_SEED],
            /// io_jobs' USDC mint (the one its fees are paid in).
            usdc_mint: ,
            /// io_jobs' config, which names that mint.
            jobs_config: ; seeds [JOBS_CONFIG_SEED] of IO_JOBS_ID,
            usdc_vault: writable; seeds [USDC_VAULT_SEED],
            incentives_vault: writable; seeds [INCENTIVES_SEED],
            token_program: @ pinocchio_token::ID,
            system_program: @ pinocchio_system::ID,
        }

        /// Changes the governed parameters (bounds in docs/buyback.md). Admin only. The live
        /// lot keeps the rates and end it started with; the rest applies at once.
        set_buyback_params(
            lot_period: u32,
            multiplier_bps: u16,
            floor_bps: u16,
            min_rate: u64,
            max_lot: u64,
            max_daily: u64,
            premium_bps: u16,
            conf_multiple: u8,
            max_price_age: u32,
        ) {
            admin: signer,
            config: writable; seeds [CONFIG_SEED],
        }

        /// Names the guardian, who may pause buying at once (the default key: the admin alone).
        /// Admin only.
        set_guardian(guardian: pubkey) {
            admin: signer,
            config: writable; seeds [CONFIG_SEED],
        }

        /// Stops `start_lot` and `buy` at once; the USDC keeps accruing. The guardian or the admin.
        pause() {
            /// The guardian or the admin.
            caller: signer,
            config: writable; seeds [CONFIG_SEED],
        }

        /// Lets buying resume. The admin only (governance later), never the guardian.
        unpause() {
            admin: signer,
            config: writable; seeds [CONFIG_SEED],
        }

        /// Starts the next lot: the USDC vault's balance up to `max_lot`, its rate falling from
        /// the last clearing rate (or the unsold lot's floor, or for the first lot the oracle's
        /// rate) times the multiplier, at most the oracle's rate times the multiplier and never
        /// below `min_rate`, to the floor over the lot period. Anyone may call it, once the live
        /// lot is sold or its period has passed, with a fresh and healthy price.
        start_lot() {
            config: writable; seeds [CONFIG_SEED],
            usdc_vault: ; seeds [USDC_VAULT_SEED],
            /// io_oracle's IO/USD price feed.
            price_feed: ,
        }

        /// Buys up to `usdc` of the live lot `lot_id`: the buyer's IO at the auction's rate now,
        /// or the oracle bound's if higher, is burned from the buyer's own account, and the USDC
        /// paid to `buyer_usdc`. Refused after `deadline`, above `max_io`, past the daily cap,
        /// while paused, and on a stale or unhealthy price. A partial fill (what is left of the
        /// lot or of the day) keeps both bounds and costs at most its share of `max_io`.
        buy(lot_id: u64, usdc: u64, max_io: u64, deadline: i64) {
            buyer: signer,
            config: writable; seeds [CONFIG_SEED],
            /// io_oracle's IO/USD price feed.
            price_feed: ,
            /// The buyer's IO (Token-2022), burned on the buyer's signature.
            buyer_io: writable,
            io_mint: writable,
            /// Where the USDC goes (not an account of this program's authority).
            buyer_usdc: writable,
            usdc_vault: writable; seeds [USDC_VAULT_SEED],
            usdc_mint: ,
            authority: ; seeds [AUTHORITY_SEED],
            io_token_program: @ pinocchio_token_2022::ID,
            usdc_token_program: @ pinocchio_token::ID,
        }

        /// Pays `amount` of USD incentives to `destination` (not an account of this program's
        /// authority). Admin only (governance later).
        spend_incentives(amount: u64) {
            admin: signer,
            config: writable; seeds [CONFIG_SEED],
            incentives_vault: writable; seeds [INCENTIVES_SEED],
            usdc_mint: ,
            destination: writable,
            authority: ; seeds [AUTHORITY_SEED],
            token_program: @ pinocchio_token::ID,
        }

        /// Proves each vault covers what it owes: the USDC vault the live lot's remainder and
        /// what io_jobs swept to it less what was sold, the incentives vault what io_jobs swept
        /// to it less what was spent. One ReservesProven event per vault; ReservesShort if not.
        /// Anyone may call it.
        prove_reserves() {
            config: ; seeds [CONFIG_SEED],
            usdc_vault: ; seeds [USDC_VAULT_SEED],
            incentives_vault: ; seeds [INCENTIVES_SEED],
            /// io_jobs' config, where its sweep totals are kept.
            jobs_config: ; seeds [JOBS_CONFIG_SEED] of IO_JOBS_ID,
        }

        /// The admin proposes a successor (e.g. the governance timelock).
        propose_admin(new_admin: pubkey) {
            admin: signer,
            config: writable; seeds [CONFIG_SEED],
        }

        /// The proposed admin accepts.
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
        AlreadyInitialized = 6007: "The buyback program is already initialised",
        Unauthorized = 6008: "The signer is not allowed to do this",
        InvalidProgramData = 6009: "The program data account is not this program's",
        InvalidConfig = 6010: "The config account is not the buyback config",
        InvalidParams = 6011: "Parameters out of bounds",
        InvalidVault = 6012: "The mint, a vault or the authority is not the configured one",
        NoPendingAdmin = 6013: "No admin change is pending",
        Paused = 6014: "Buying is paused",
        LotLive = 6015: "The live lot is neither sold nor past its period",
        NothingToSell = 6016: "The USDC vault is empty",
        LotNotLive = 6017: "That lot is not the live one",
        LotSold = 6018: "The lot is sold",
        DeadlinePassed = 6019: "The buyer's deadline has passed",
        StalePrice = 6020: "The oracle price is older than allowed",
        UnhealthyPrice = 6021: "The oracle price is unhealthy, or its confidence leaves no conservative price",
        InvalidPriceFeed = 6022: "The price feed is not io_oracle's",
        DailyCapReached = 6023: "The USDC sold in the current day reached the daily cap",
        BelowOracleBound = 6024: "max_io is below what the oracle bound asks for this fill",
        AboveMaxIo = 6025: "The auction asks more IO than max_io for this fill",
        InvalidDestination = 6026: "The destination is a token account of this program's own authority",
        ZeroAmount = 6027: "The amount must be above zero",
        InsufficientFunds = 6028: "The vault holds less than that",
        ArithmeticOverflow = 6029: "Arithmetic overflow",
        ReservesShort = 6030: "A vault holds less than it owes",
        InvalidJobsConfig = 6031: "The jobs config is not io_jobs' config",
    }
    events {
        /// A lot started.
        LotStarted { lot_id: u64, lot_size: u64, start_rate: u64, floor_rate: u64, started_at: i64, ends_at: i64 }
        /// IO was burned for USDC: `rate` IO base units per USDC, `price` the oracle's, and the IO
        /// mint's supply after the burn.
        LotBought { lot_id: u64, buyer: pubkey, usdc: u64, io_burned: u64, rate: u64, price: u64, supply_after: u64 }
        /// USD incentives were paid.
        IncentivesSpent { destination: pubkey, amount: u64, spent_total: u64 }
        /// The governed parameters changed.
        BuybackParamsSet { lot_period: u32, multiplier_bps: u16, floor_bps: u16, min_rate: u64, max_lot: u64, max_daily: u64, premium_bps: u16, conf_multiple: u8, max_price_age: u32 }
        /// The guardian changed.
        GuardianSet { guardian: pubkey }
        /// Buying was paused (by the guardian or the admin) or resumed (by the admin).
        PauseSet { caller: pubkey, paused: bool }
        /// A vault's balance, what it owes and the difference.
        ReservesProven { vault: pubkey, balance: u64, obligations: u64, surplus: u64 }
        /// An admin change was proposed.
        AdminProposed { admin: pubkey, pending_admin: pubkey }
        /// An admin change was accepted.
        AdminAccepted { previous_admin: pubkey, admin: pubkey }
    }
    accounts {
        /// The buyback config and its auction, at PDA ["config"].
        BuybackConfig {
            version: u8,
            bump: u8,
            authority_bump: u8,
            paused: bool,
            admin: pubkey,
            pending_admin: pubkey,
            /// May pause (not unpause); the default key: nobody but the admin.
            guardian: pubkey,
            usdc_mint: pubkey,
            /// Seconds a lot's rate takes to fall from its start to its floor.
            lot_period: u32,
            /// The next lot starts at the reference rate times this (11,000..=30,000).
            multiplier_bps: u16,
            /// A lot's floor is its start times this.
            floor_bps: u16,
            /// The lowest start rate (IO base units per USDC).
            min_rate: u64,
            /// USDC (base units) per lot and per day at most.
            max_lot: u64,
            max_daily: u64,
            /// The premium over the conservative oracle price the protocol may pay for IO (at most 1,000).
            premium_bps: u16,
            /// Confidence intervals taken off the price for the conservative price.
            conf_multiple: u8,
            /// Seconds a price stays usable.
            max_price_age: u32,
            /// The live (or last) lot: its number (0: none yet), size and what is left of it.
            lot_id: u64,
            lot_size: u64,
            lot_remaining: u64,
            lot_started_at: i64,
            /// When its rate reaches the floor (start + the lot period in force at its start).
            lot_ends_at: i64,
            start_rate: u64,
            floor_rate: u64,
            /// The rate the last sold-out lot cleared at (0: none yet).
            reference_rate: u64,
            /// The current day's start and the USDC sold in it.
            day_start: i64,
            day_sold: u64,
            /// Running totals.
            usdc_sold: u64,
            io_burned: u64,
            lots_sold: u64,
            incentives_spent: u64,
            /// When the pause in force (or the last one) began: a pause of a paused buyback
            /// keeps it. io_governance binds an unpause proposal to it, so an unpause voted
            /// before a pause cannot lift that pause.
            paused_at: i64,
            reserved: [u8; 56],
        }
    }
}

impl From<io_common::admin::AdminError> for Error {
    fn from(e: io_common::admin::AdminError) -> Self {
        match e {
            io_common::admin::AdminError::Unauthorized => Error::Unauthorized,
            io_common::admin::AdminError::NoPendingAdmin => Error::NoPendingAdmin,
        }
    }
}

impl From<io_common::oracle::OracleError> for Error {
    fn from(e: io_common::oracle::OracleError) -> Self {
        match e {
            io_common::oracle::OracleError::Invalid => Error::InvalidPriceFeed,
            io_common::oracle::OracleError::Unhealthy => Error::UnhealthyPrice,
            io_common::oracle::OracleError::Stale => Error::StalePrice,
        }
    }
}
