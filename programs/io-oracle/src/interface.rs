//! The io_oracle interface: the single source of its instructions, accounts, events and errors,
//! and of idl/io_oracle.json (see io_common's `interface!`).

#[allow(unused_imports)] // the seeds are read only by the host-side IDL build
use crate::state::{CONFIG_SEED, LOADER_V3, PRICE_FEED_SEED};

io_common::interface! {
    program: "io_oracle";
    /// The oracle set (keys, quorum, version) and the IO/USD price accepted from a quorum of it
    /// that agrees within a band.
    instructions {
        /// Creates the oracle config (an empty set) and the IO/USD price feed with its
        /// parameters. Only the program's upgrade authority may call it, once; it becomes the admin.
        initialize(staleness: u32, max_move_bps: u16, max_conf_bps: u16, agreement_bps: u16) {
            /// Pays for the accounts; must be the program's upgrade authority.
            payer: writable signer,
            program_data: ; seeds [crate::ID] of LOADER_V3,
            config: writable; seeds [CONFIG_SEED],
            price_feed: writable; seeds [PRICE_FEED_SEED],
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

        /// Replaces the oracle set: up to 10 distinct keys and a quorum of more than half their
        /// number (at most all of them). Bumps the set version, which invalidates every pending submission. Admin only.
        set_oracle_set(quorum: u8, members: pubkeys) {
            admin: signer,
            config: writable; seeds [CONFIG_SEED],
            price_feed: writable; seeds [PRICE_FEED_SEED],
        }

        /// Sets the staleness bound (seconds), the largest accepted move from the last price and
        /// confidence, and the agreement band of a quorum's submissions, in basis points. Admin only.
        set_price_params(staleness: u32, max_move_bps: u16, max_conf_bps: u16, agreement_bps: u16) {
            admin: signer,
            config: writable; seeds [CONFIG_SEED],
        }

        /// An oracle of the current set submits IO/USD (8 decimals) with its confidence and
        /// observation time. When at least a quorum of the fresh submissions of this set version
        /// agree within `agreement_bps` (the longest such run of them by price), the run's lower
        /// median is accepted, with the quorum-th highest confidence and observation time among
        /// the run, if that confidence and the move from the last accepted price are within
        /// bounds, and refused (the feed turns unhealthy) otherwise. Without such a quorum nothing
        /// changes: the feed keeps its last price, which goes stale.
        submit_price(set_version: u32, price: u64, confidence: u64, timestamp: i64) {
            oracle: signer,
            config: ; seeds [CONFIG_SEED],
            price_feed: writable; seeds [PRICE_FEED_SEED],
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
        AlreadyInitialized = 6007: "The oracle program is already initialised",
        Unauthorized = 6008: "The signer is not allowed to do this",
        InvalidProgramData = 6009: "The program data account is not this program's",
        InvalidConfig = 6010: "The config account is not the oracle config PDA",
        InvalidPriceFeed = 6011: "The price feed account is not the price feed PDA",
        NoPendingAdmin = 6012: "No admin hand-over is pending",
        NotOracle = 6013: "The signer is not in the current oracle set",
        StaleOracleSet = 6014: "The submission names an oracle set version that is not current",
        StaleSubmission = 6015: "The submission's timestamp is too old or in the future",
        InvalidPrice = 6016: "The price must be above zero",
        InvalidOracleSet = 6017: "The set needs 1 to 10 distinct non-default keys and a quorum of more than half their number, at most all of them",
        InvalidParams = 6018: "Staleness must be above zero and bounds between 1 and 10,000 basis points",
    }
    events {
        /// The oracle set changed; pending submissions of older versions no longer count.
        OracleSetChanged { set_version: u32, quorum: u8, member_count: u8 }
        /// The price parameters changed.
        PriceParamsChanged { staleness: u32, max_move_bps: u16, max_conf_bps: u16, agreement_bps: u16 }
        /// An oracle's submission was recorded.
        PriceSubmitted { oracle: pubkey, price: u64, confidence: u64, timestamp: i64 }
        /// The lower median of `submissions` fresh submissions that agree within the band was
        /// accepted.
        PriceAccepted { price: u64, confidence: u64, publish_ts: i64, submissions: u8 }
        /// The agreed price was refused: reason 1 = confidence too wide, 2 = moved too far.
        PriceRejected { price: u64, confidence: u64, reason: u8 }
        /// The admin proposed a successor (the default address when cancelled).
        AdminProposed { admin: pubkey, pending_admin: pubkey }
        /// The proposed admin accepted.
        AdminAccepted { previous_admin: pubkey, admin: pubkey }
    }
    accounts {
        /// The oracle config and set, at PDA ["config"]. Other programs read the set from here
        /// (owner + discriminator check) to verify attestations.
        OracleConfig {
            version: u8,
            bump: u8,
            admin: pubkey,
            pending_admin: pubkey,
            /// Bumped on every change of the set.
            set_version: u32,
            quorum: u8,
            member_count: u8,
            members: [pubkey; 10],
            /// Seconds a submission, and an accepted price, stay fresh.
            staleness: u32,
            /// Largest accepted move of the agreed price from the last accepted price.
            max_move_bps: u16,
            /// Largest accepted confidence, relative to the price.
            max_conf_bps: u16,
            /// How far above the lowest of them (basis points) a quorum's prices may be and still
            /// agree.
            agreement_bps: u16,
            reserved: [u8; 62],
        }
        /// The IO/USD price (8 decimals) and the current submissions, at PDA ["price_feed"].
        PriceFeed {
            version: u8,
            bump: u8,
            /// False after a refused price, until a price is accepted again.
            healthy: bool,
            price: u64,
            confidence: u64,
            /// The quorum-th newest observation time among the agreeing submissions (with fewer
            /// than a quorum of colluders, no newer than some honest member's observation).
            publish_ts: i64,
            /// The latest submission of each member (index as in the set).
            sub_price: [u64; 10],
            sub_confidence: [u64; 10],
            sub_timestamp: [i64; 10],
            sub_set_version: [u32; 10],
            reserved: [u8; 64],
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
