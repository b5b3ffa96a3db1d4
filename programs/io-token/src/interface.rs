//! The io_token interface: the single source of its instructions, accounts, events and errors,
//! and of idl/io_token.json (see io_common's `interface!`).

#[allow(unused_imports)] // the seeds are read only by the host-side IDL build
use crate::state::{
    AIRDROP_SEED, AIRDROP_VAULT_SEED, AUTHORITY_SEED, CONFIG_SEED, EMISSION_SEED, GRANT_SEED,
    IOSD_MINT_SEED, IOSD_SEED, IO_MINT_SEED, RECEIPT_SEED, VAULT_SEED,
};

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

        /// Creates the emission state: emissions count whole hours from genesis and go to
        /// `rewards_vault` (an IO token account). Admin only, once.
        init_emissions() {
            /// The admin; pays the account's rent.
            admin: writable signer,
            config: ; seeds [CONFIG_SEED],
            emission: writable; seeds [EMISSION_SEED],
            rewards_vault: ,
            system_program: @ pinocchio_system::ID,
        }

        /// Points emissions at another IO token account (the staking program's vault later).
        set_rewards_vault() {
            admin: signer,
            config: ; seeds [CONFIG_SEED],
            emission: writable; seeds [EMISSION_SEED],
            rewards_vault: ,
        }

        /// Permissionless: mints the schedule's cumulative emission at the current whole hour
        /// minus what was already minted into the rewards vault. Fails with NothingToMint when
        /// that is zero (a second crank in the same hour, or after the cap).
        crank() {
            emission: writable; seeds [EMISSION_SEED],
            authority: ; seeds [AUTHORITY_SEED],
            io_mint: writable; seeds [IO_MINT_SEED],
            rewards_vault: writable,
            token_program: @ pinocchio_token_2022::ID,
        }

        /// Net emissions: how much burned IO the crank may re-mint per hour, from this hour on,
        /// as extra rewards (never past 800M in circulation). Admin only.
        set_remint_cap(cap_per_hour: u64) {
            admin: signer,
            config: ; seeds [CONFIG_SEED],
            emission: writable; seeds [EMISSION_SEED],
        }

        /// Grants `amount` IO of a vesting bucket (0 seed, 1 series A, 2 core contributors) to
        /// `beneficiary`. Admin only, before `lock_genesis`; a bucket's grants never exceed it.
        add_beneficiary(bucket: u8, beneficiary: pubkey, amount: u64) {
            /// The admin; pays the grant's rent.
            admin: writable signer,
            config: writable; seeds [CONFIG_SEED],
            grant: writable; seeds [GRANT_SEED, arg(bucket), arg(beneficiary)],
            system_program: @ pinocchio_system::ID,
        }

        /// Freezes the beneficiary lists. Admin only.
        lock_genesis() {
            admin: signer,
            config: writable; seeds [CONFIG_SEED],
        }

        /// The beneficiary takes what has unlocked and not been claimed, into `destination`
        /// (an IO token account). Any time, any order; NothingToClaim before the cliff.
        claim_vested() {
            beneficiary: signer,
            /// Counts the bucket's claims (`claimed_*`), which `prove_reserves` reads.
            config: writable; seeds [CONFIG_SEED],
            grant: writable,
            authority: ; seeds [AUTHORITY_SEED],
            io_mint: ; seeds [IO_MINT_SEED],
            vault: writable,
            destination: writable,
            token_program: @ pinocchio_token_2022::ID,
        }

        /// Releases `amount` IO from research & ecosystem (3) or community (4) to `destination`.
        /// Admin only (governance once it holds the admin role).
        release(bucket: u8, amount: u64) {
            admin: signer,
            config: ; seeds [CONFIG_SEED],
            authority: ; seeds [AUTHORITY_SEED],
            io_mint: ; seeds [IO_MINT_SEED],
            vault: writable,
            destination: writable,
            token_program: @ pinocchio_token_2022::ID,
        }

        /// Funds airdrop `id` with `total` IO from the community vault, claimable against the
        /// Merkle `root` until `deadline`. Admin only.
        create_airdrop(id: u16, root: [u8; 32], total: u64, deadline: i64) {
            /// The admin; pays the accounts' rent.
            admin: writable signer,
            config: ; seeds [CONFIG_SEED],
            airdrop: writable; seeds [AIRDROP_SEED, arg(id)],
            airdrop_vault: writable; seeds [AIRDROP_VAULT_SEED, arg(id)],
            authority: ; seeds [AUTHORITY_SEED],
            io_mint: ; seeds [IO_MINT_SEED],
            community_vault: writable; seeds [VAULT_SEED, [4u8]],
            token_program: @ pinocchio_token_2022::ID,
            system_program: @ pinocchio_system::ID,
        }

        /// The claimant takes `amount` IO with a Merkle `proof` of (claimant, amount), once,
        /// before the deadline. The claim receipt it creates makes a second claim fail.
        claim_airdrop(amount: u64, proof: hashes) {
            /// The eligible wallet; pays the receipt's rent.
            claimant: writable signer,
            airdrop: writable,
            receipt: writable; seeds [RECEIPT_SEED, account(airdrop), account(claimant)],
            airdrop_vault: writable,
            authority: ; seeds [AUTHORITY_SEED],
            io_mint: ; seeds [IO_MINT_SEED],
            destination: writable,
            token_program: @ pinocchio_token_2022::ID,
            system_program: @ pinocchio_system::ID,
        }

        /// Permissionless after the deadline: returns the unclaimed IO to the community vault.
        close_airdrop() {
            config: ; seeds [CONFIG_SEED],
            airdrop: writable,
            airdrop_vault: writable,
            authority: ; seeds [AUTHORITY_SEED],
            io_mint: ; seeds [IO_MINT_SEED],
            community_vault: writable; seeds [VAULT_SEED, [4u8]],
            token_program: @ pinocchio_token_2022::ID,
        }

        /// Creates IOSD: a non-transferable Token-2022 mint (6 decimals, metadata on itself, the
        /// program authority as mint authority) and its state, io_jobs' authority PDA its
        /// spender, with the governed parameters:
        /// the conservative price is price - conf_multiple x confidence; prices older than
        /// max_price_age seconds are refused; at most rate_limit IOSD per rate_window seconds
        /// (linear decay). Admin only, once.
        init_iosd(
            name: string,
            symbol: string,
            uri: string,
            conf_multiple: u8,
            max_price_age: u32,
            rate_limit: u64,
            rate_window: u32,
        ) {
            /// The admin; pays the accounts' rent.
            admin: writable signer,
            config: ; seeds [CONFIG_SEED],
            authority: ; seeds [AUTHORITY_SEED],
            iosd_state: writable; seeds [IOSD_SEED],
            iosd_mint: writable; seeds [IOSD_MINT_SEED],
            token_program: @ pinocchio_token_2022::ID,
            system_program: @ pinocchio_system::ID,
        }

        /// Changes the IOSD parameters. Admin only.
        set_iosd_params(conf_multiple: u8, max_price_age: u32, rate_limit: u64, rate_window: u32) {
            admin: signer,
            config: ; seeds [CONFIG_SEED],
            iosd_state: writable; seeds [IOSD_SEED],
        }

        /// Burns `io_amount` of the user's IO and mints IOSD worth it at the conservative oracle
        /// price, rounded down. Refused while the price is stale or unhealthy, and beyond the rate limit.
        mint_iosd(io_amount: u64) {
            user: signer,
            user_io: writable,
            io_mint: writable; seeds [IO_MINT_SEED],
            iosd_state: writable; seeds [IOSD_SEED],
            iosd_mint: writable; seeds [IOSD_MINT_SEED],
            user_iosd: writable,
            authority: ; seeds [AUTHORITY_SEED],
            /// io_oracle's IO/USD price feed.
            price_feed: ,
            token_program: @ pinocchio_token_2022::ID,
        }

        /// Names the program key allowed to hold and release IOSD for payments (init_iosd names
        /// io_jobs' escrow authority PDA). Admin only, and only while no IOSD is held; the
        /// default key disables it.
        set_iosd_spender(spender: pubkey) {
            admin: signer,
            config: ; seeds [CONFIG_SEED],
            iosd_state: writable; seeds [IOSD_SEED],
        }

        /// Spends `amount` of the owner's IOSD into a payment: it is burned from the owner's
        /// account (the owner signs) and held, as a count, for the spender to release.
        hold_iosd(amount: u64) {
            owner: signer,
            owner_iosd: writable,
            iosd_mint: writable; seeds [IOSD_MINT_SEED],
            iosd_state: writable; seeds [IOSD_SEED],
            /// The spender named in the IOSD state.
            spender: signer,
            token_program: @ pinocchio_token_2022::ID,
        }

        /// The spender settles held IOSD: `amount` is minted back to `to` (a refund or a
        /// supplier's payout) and `retire` is spent for good. Never more than is held.
        release_iosd(amount: u64, retire: u64) {
            spender: signer,
            iosd_state: writable; seeds [IOSD_SEED],
            iosd_mint: writable; seeds [IOSD_MINT_SEED],
            to: writable,
            authority: ; seeds [AUTHORITY_SEED],
            token_program: @ pinocchio_token_2022::ID,
        }

        /// Permissionless proof of reserves: one `ReservesProven` per vault (the five genesis
        /// vaults, then each airdrop vault passed after the fixed accounts as (airdrop,
        /// airdrop_vault) pairs) and one for IOSD (backing: IOSD ever minted less retired;
        /// obligations: IOSD in circulation plus held). Fails with ReservesShort, after a log line
        /// naming each short vault, if any balance is below its obligations. Changes nothing.
        prove_reserves() {
            config: ; seeds [CONFIG_SEED],
            iosd_state: ; seeds [IOSD_SEED],
            iosd_mint: ; seeds [IOSD_MINT_SEED],
            vault_seed: ; seeds [VAULT_SEED, [0u8]],
            vault_series_a: ; seeds [VAULT_SEED, [1u8]],
            vault_core_contributors: ; seeds [VAULT_SEED, [2u8]],
            vault_ecosystem: ; seeds [VAULT_SEED, [3u8]],
            vault_community: ; seeds [VAULT_SEED, [4u8]],
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
        NothingToMint = 6016: "Nothing to mint: already cranked this hour, or the cap is reached",
        InvalidEmission = 6017: "The emission account is not the emission state PDA",
        InvalidRewardsVault = 6018: "The rewards vault is not the configured IO token account",
        InvalidTokenAccount = 6019: "A token account is not an initialised IO account",
        InvalidBucket = 6020: "No such bucket for this instruction",
        GenesisLocked = 6021: "The beneficiary lists are locked",
        BucketOverAllocated = 6022: "Grants would exceed the bucket",
        InvalidGrant = 6023: "The grant account is not this beneficiary's grant PDA",
        NothingToClaim = 6024: "Nothing has unlocked that was not claimed",
        ZeroAmount = 6025: "The amount must be above zero",
        InvalidAirdrop = 6026: "The airdrop, its vault or the claim receipt is not its PDA",
        AirdropExpired = 6027: "The airdrop's deadline has passed",
        AirdropOpen = 6028: "The airdrop's deadline has not passed",
        AirdropClosed = 6029: "The airdrop is closed",
        InvalidProof = 6030: "The Merkle proof does not match the claimant and amount",
        AlreadyClaimed = 6031: "This wallet already claimed this airdrop",
        InsufficientFunds = 6032: "The vault holds less than the amount",
        ArithmeticOverflow = 6033: "Arithmetic overflow",
        AlreadyExists = 6034: "The account already exists",
        InvalidDestination = 6035: "The destination is one of this program's own token accounts (a vault): the IO would be stranded there",
        InvalidIosd = 6036: "The IOSD state or mint is not its PDA",
        InvalidPriceFeed = 6037: "The price feed is not io_oracle's IO/USD feed",
        StalePrice = 6038: "The oracle price is older than the allowed age",
        UnhealthyPrice = 6039: "The oracle price is unhealthy or its conservative value is not positive",
        RateLimited = 6040: "IOSD minting is over its rate limit for now",
        InvalidParams = 6041: "Parameters out of bounds (age and window above zero)",
        NotIosdSpender = 6042: "The signer is not the IOSD spender",
        InsufficientHeldIosd = 6043: "More IOSD released than is held",
        IosdStillHeld = 6044: "IOSD is held for payments: the spender cannot change until none is",
        ReservesShort = 6045: "A vault holds less than its obligations (the log names it)",
    }
    events {
        /// The protocol was initialised and the genesis supply minted.
        Initialized {
            admin: pubkey,
            io_mint: pubkey,
            genesis_supply: u64,
            genesis_ts: i64,
        }
        /// The crank minted the schedule up to `hour` (`amount`) and re-minted burned IO (`reminted`).
        EmissionsMinted { hour: u64, amount: u64, reminted: u64, total_minted: u64 }
        /// A grant was added to a vesting bucket.
        BeneficiaryAdded { bucket: u8, beneficiary: pubkey, amount: u64 }
        /// The beneficiary lists were locked.
        GenesisLocked { admin: pubkey }
        /// A beneficiary claimed unlocked IO.
        VestedClaimed { beneficiary: pubkey, bucket: u8, amount: u64, total_claimed: u64 }
        /// The admin released IO from a governed bucket.
        Released { bucket: u8, destination: pubkey, amount: u64 }
        /// An airdrop was funded.
        AirdropCreated { id: u16, root: [u8; 32], total: u64, deadline: i64 }
        /// A wallet claimed its airdrop.
        AirdropClaimed { id: u16, claimant: pubkey, amount: u64 }
        /// An expired airdrop returned its unclaimed IO to the community vault.
        AirdropClosed { id: u16, returned: u64 }
        /// A user burned IO for IOSD at the conservative price.
        IosdMinted { user: pubkey, io_burned: u64, iosd_minted: u64, price: u64, conservative_price: u64 }
        /// IOSD was spent into a payment and is held.
        IosdHeld { owner: pubkey, amount: u64, held: u64 }
        /// Held IOSD was minted back to `to` and/or retired.
        IosdReleased { to: pubkey, amount: u64, retired: u64, held: u64 }
        /// The admin proposed a successor (the default address when cancelled).
        AdminProposed { admin: pubkey, pending_admin: pubkey }
        /// The proposed admin accepted.
        AdminAccepted { previous_admin: pubkey, admin: pubkey }
        /// `prove_reserves`: a vault's balance, what it owes, and the difference (0 when short).
        ReservesProven { vault: pubkey, balance: u64, obligations: u64, surplus: u64 }
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
            /// Set by `lock_genesis`: no more grants.
            genesis_locked: bool,
            /// IO granted so far from the seed, series A and core-contributor buckets.
            granted_seed: u64,
            granted_series_a: u64,
            granted_core_contributors: u64,
            /// IO claimed so far from the seed, series A and core-contributor buckets: a bucket's
            /// vault owes its grants `granted - claimed` (`prove_reserves`).
            claimed_seed: u64,
            claimed_series_a: u64,
            claimed_core_contributors: u64,
            /// Room for later fields without a reallocation.
            reserved: [u8; 15],
        }
        /// The emission state, at PDA ["emission"].
        EmissionState {
            version: u8,
            bump: u8,
            authority_bump: u8,
            /// Whole hours count from here (genesis).
            start_ts: i64,
            /// IO minted by the schedule so far.
            minted: u64,
            /// The whole hour of the last mint.
            last_hour: u64,
            io_mint: pubkey,
            rewards_vault: pubkey,
            /// Burned IO re-minted as extra rewards so far (net emissions).
            reminted: u64,
            /// Governed: burned IO that may be re-minted per hour (0: none).
            remint_cap_per_hour: u64,
            /// The hour up to which the re-mint allowance was used.
            remint_hour: u64,
            reserved: [u8; 40],
        }
        /// A beneficiary's grant in a vesting bucket, at PDA ["grant", [bucket], beneficiary].
        VestingGrant {
            version: u8,
            bump: u8,
            bucket: u8,
            beneficiary: pubkey,
            amount: u64,
            claimed: u64,
        }
        /// An airdrop, at PDA ["airdrop", id (u16 LE)]; its IO in ["airdrop_vault", id].
        Airdrop {
            version: u8,
            bump: u8,
            vault_bump: u8,
            authority_bump: u8,
            id: u16,
            closed: bool,
            root: [u8; 32],
            total: u64,
            claimed: u64,
            deadline: i64,
        }
        /// IOSD's state and parameters, at PDA ["iosd"]; the mint at ["iosd_mint"].
        IosdState {
            version: u8,
            bump: u8,
            mint_bump: u8,
            authority_bump: u8,
            iosd_mint: pubkey,
            io_mint: pubkey,
            conf_multiple: u8,
            max_price_age: u32,
            /// IOSD (base units) that may be minted per window.
            rate_limit: u64,
            rate_window: u32,
            /// IOSD minted in the current window, decayed linearly with time.
            window_used: u64,
            window_ts: i64,
            /// Running totals: IO burned for IOSD, IOSD minted.
            io_burned: u64,
            iosd_minted: u64,
            /// Who may hold and release IOSD for payments (io_jobs' authority PDA).
            spender: pubkey,
            /// IOSD burned from users into payments and not yet released or retired.
            held: u64,
            /// IOSD spent for good (fees, the token share of payouts).
            retired: u64,
            reserved: [u8; 64],
        }
        /// Proof that a wallet claimed an airdrop, at PDA ["claim", airdrop, claimant].
        AirdropReceipt {
            amount: u64,
            claimed_at: i64,
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
