//! The io_jobs interface: the single source of its instructions, accounts, events and errors,
//! and of idl/io_jobs.json (see io_common's `interface!`).

#[allow(unused_imports)] // the seeds are read only by the host-side IDL build
use crate::state::{AUTHORITY_SEED, CONFIG_SEED, ESCROW_SEED, JOB_SEED, LOADER_V3, NODE_SEED};

io_common::interface! {
    program: "io_jobs";
    /// Compute jobs: GPU nodes bound to their owners (jobs, escrow and settlement to come).
    instructions {
        /// Registers a GPU node under its owner's key, the only key that may ever change or
        /// retire it: device id, hardware class, USD price per GPU-hour (6 decimals) and the
        /// payout split (the USD share in basis points; the rest is the token share).
        register_node(device_id: [u8; 32], hardware_class: u8, price_per_hour: u64, usd_share_bps: u16) {
            /// The node's owner; pays its rent.
            owner: writable signer,
            node: writable; seeds [NODE_SEED, account(owner), arg(device_id)],
            system_program: @ pinocchio_system::ID,
        }

        /// The owner changes its node's class, price or payout split.
        update_node(hardware_class: u8, price_per_hour: u64, usd_share_bps: u16) {
            owner: signer,
            node: writable,
        }

        /// The owner retires its node; the account closes and its rent returns to the owner.
        retire_node() {
            owner: writable signer,
            node: writable,
        }

        /// Creates the jobs config (fees in basis points, windows in seconds) and the USDC
        /// escrow. Only the program's upgrade authority may call it, once; it becomes the admin.
        initialize(
            network_fee_bps: u16,
            usdc_supplier_fee_bps: u16,
            facilitation_fee_bps: u16,
            challenge_window: u32,
            start_timeout: u32,
        ) {
            payer: writable signer,
            program_data: ; seeds [crate::ID] of LOADER_V3,
            config: writable; seeds [CONFIG_SEED],
            /// Owner of the escrow vaults; signs only through this program.
            authority: ; seeds [AUTHORITY_SEED],
            usdc_mint: ,
            usdc_escrow: writable; seeds [ESCROW_SEED, account(usdc_mint)],
            token_program: @ pinocchio_token::ID,
            system_program: @ pinocchio_system::ID,
        }

        /// The user opens a job of `hours` on a node at its price and pays the whole amount plus
        /// the facilitation fee in USDC into escrow.
        open_job(nonce: u64, hours: u32) {
            /// The user; pays the job's rent and the deposit.
            user: writable signer,
            config: ; seeds [CONFIG_SEED],
            node: ,
            job: writable; seeds [JOB_SEED, account(user), arg(nonce)],
            user_usdc: writable,
            usdc_escrow: writable,
            usdc_mint: ,
            token_program: @ pinocchio_token::ID,
            system_program: @ pinocchio_system::ID,
        }

        /// Before the job starts the user cancels it: the whole deposit comes back, the job
        /// closes and its rent returns to the user.
        cancel_job() {
            user: writable signer,
            config: ; seeds [CONFIG_SEED],
            job: writable,
            user_usdc: writable,
            usdc_escrow: writable,
            usdc_mint: ,
            authority: ; seeds [AUTHORITY_SEED],
            token_program: @ pinocchio_token::ID,
        }

        /// The node never started: after the start timeout with no usage attested, anyone
        /// refunds the whole deposit to the user's own USDC account; the rent returns to its payer.
        refund_unstarted() {
            caller: signer,
            config: ; seeds [CONFIG_SEED],
            job: writable,
            user_usdc: writable,
            usdc_escrow: writable,
            usdc_mint: ,
            authority: ; seeds [AUTHORITY_SEED],
            rent_payer: writable,
            token_program: @ pinocchio_token::ID,
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
        NotNodeOwner = 6007: "Only the node's owner may change or retire it",
        InvalidNode = 6008: "The node account is not this owner's node PDA for the device",
        NodeExists = 6009: "This owner already registered this device",
        InvalidNodeParams = 6010: "The price must be above zero and the USD share at most 10,000 basis points",
        AlreadyInitialized = 6011: "The jobs program is already initialised",
        Unauthorized = 6012: "The signer is not allowed to do this",
        InvalidProgramData = 6013: "The program data account is not this program's",
        InvalidConfig = 6014: "The config account is not the jobs config",
        InvalidEscrow = 6015: "The escrow, its mint or the authority is not the configured one",
        InvalidParams = 6016: "Fees must be at most 10,000 basis points and windows above zero",
        InvalidJob = 6017: "The job account is not this user's job PDA for the nonce",
        JobExists = 6018: "This user already has a job with this nonce",
        ZeroHours = 6019: "A job needs at least one hour",
        NotJobUser = 6020: "Only the job's user may do this",
        JobStarted = 6021: "The job has started: it can no longer be cancelled",
        ArithmeticOverflow = 6022: "Arithmetic overflow",
        JobNotTimedOut = 6023: "The job's start timeout has not passed",
        InvalidRefundAccount = 6024: "The refund must go to the job user's own account and the rent to its payer",
    }
    events {
        /// A node was registered.
        NodeRegistered { node: pubkey, owner: pubkey, device_id: [u8; 32], hardware_class: u8, price_per_hour: u64, usd_share_bps: u16 }
        /// A node's owner changed its terms.
        NodeUpdated { node: pubkey, hardware_class: u8, price_per_hour: u64, usd_share_bps: u16 }
        /// A node was retired.
        NodeRetired { node: pubkey, owner: pubkey }
        /// A job was opened and paid into escrow.
        JobOpened { job: pubkey, user: pubkey, node: pubkey, hours: u32, amount: u64, facilitation_fee: u64 }
        /// A job was cancelled before it started and refunded in full.
        JobCancelled { job: pubkey, refunded: u64 }
    }
    accounts {
        /// The jobs config, at PDA ["config"].
        JobsConfig {
            version: u8,
            bump: u8,
            authority_bump: u8,
            escrow_bump: u8,
            admin: pubkey,
            pending_admin: pubkey,
            usdc_mint: pubkey,
            usdc_escrow: pubkey,
            /// The network fee on each settled payment (5%).
            network_fee_bps: u16,
            /// What suppliers paid in USDC pay (2%).
            usdc_supplier_fee_bps: u16,
            /// What users paying in USDC add (2%).
            facilitation_fee_bps: u16,
            challenge_window: u32,
            start_timeout: u32,
            reserved: [u8; 64],
        }
        /// A job, at PDA ["job", user, nonce (u64 LE)].
        Job {
            version: u8,
            bump: u8,
            state: u8,
            /// 0 USDC (IO and IOSD to come).
            currency: u8,
            user: pubkey,
            node: pubkey,
            node_owner: pubkey,
            /// Who paid the job's rent, and gets it back when it closes.
            rent_payer: pubkey,
            nonce: u64,
            hours: u32,
            /// USD per GPU-hour, 6 decimals, fixed at opening.
            price_per_hour: u64,
            /// USD value of the service (price x hours), 6 decimals.
            amount: u64,
            facilitation_fee: u64,
            /// What the escrow holds for this job, in the payment currency.
            deposit: u64,
            opened_at: i64,
            attested_hours: u32,
            reserved: [u8; 64],
        }
        /// A GPU node, at PDA ["node", owner, device_id]: bound to `owner` for its whole life.
        Node {
            version: u8,
            bump: u8,
            hardware_class: u8,
            owner: pubkey,
            device_id: [u8; 32],
            /// USD per GPU-hour, 6 decimals.
            price_per_hour: u64,
            /// The USD share of payouts in basis points; the rest is the token share.
            usd_share_bps: u16,
            registered_at: i64,
            reserved: [u8; 32],
        }
    }
}
