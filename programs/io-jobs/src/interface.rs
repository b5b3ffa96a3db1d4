//! The io_jobs interface: the single source of its instructions, accounts, events and errors,
//! and of idl/io_jobs.json (see io_common's `interface!`).

#[allow(unused_imports)] // the seeds are read only by the host-side IDL build
use crate::state::NODE_SEED;

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
    }
    events {
        /// A node was registered.
        NodeRegistered { node: pubkey, owner: pubkey, device_id: [u8; 32], hardware_class: u8, price_per_hour: u64, usd_share_bps: u16 }
        /// A node's owner changed its terms.
        NodeUpdated { node: pubkey, hardware_class: u8, price_per_hour: u64, usd_share_bps: u16 }
        /// A node was retired.
        NodeRetired { node: pubkey, owner: pubkey }
    }
    accounts {
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
