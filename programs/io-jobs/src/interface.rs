//! The io_jobs interface: the single source of its instructions, accounts, events and errors,
//! and of idl/io_jobs.json (see io_common's `interface!`).
//!
//! Money-moving instructions name the job's currency through four accounts, each checked
//! against the config's table for that currency: `mint`, `vault` (the escrow), `fee_vault` and
//! `token_program`. USDC (SPL Token) and IO (Token-2022) use the program's own escrow and fee
//! vault token accounts; IOSD is burned when spent, so its "vault" and "fee_vault" are both
//! io_token's IosdState, which counts the IOSD held for open jobs.

#[allow(unused_imports)] // the seeds are read only by the host-side IDL build
use crate::state::{
    AUTHORITY_SEED, CONFIG_SEED, ESCROW_SEED, FEE_VAULT_SEED, IO_AUTHORITY_SEED, IO_ORACLE_ID,
    IO_TOKEN_ID, JOB_SEED, LOADER_V3, NODE_SEED, ORACLE_CONFIG_SEED, PRICE_FEED_SEED, USER_SEED,
};

io_common::interface! {
    program: "io_jobs";
    /// Compute jobs: GPU nodes bound to their owners, USD-priced jobs paid into escrow in USDC,
    /// IO or IOSD, oracle-attested usage, disputes and batch settlement with the network fee.
    instructions {
        /// Registers a GPU node under its owner's key, the only key that may ever change or
        /// retire it: device id, hardware class, USD price per GPU-hour (6 decimals) and the
        /// payout split (the USD share in basis points; the rest is the token share). The node
        /// keeps its owner's referral terms, fixed now (see `profile`).
        register_node(device_id: [u8; 32], hardware_class: u8, price_per_hour: u64, usd_share_bps: u16) {
            /// The node's owner; pays its rent.
            owner: writable signer,
            node: writable; seeds [NODE_SEED, account(owner), arg(device_id)],
            system_program: @ pinocchio_system::ID,
            /// Read for the referral terms in force now.
            config: ; seeds [CONFIG_SEED],
            /// The owner's profile: created here (without a referrer) at the owner's first node
            /// or job if `register_referral` did not create it first, so a wallet's referrer is
            /// fixed once for both sides. If it names a referrer whose period is still running
            /// and referrals are on, the node keeps that referrer, the period's end and the
            /// share in force now: its referrer earns that share of the supplier fee of the
            /// node's settled jobs opened before the period's end.
            profile: writable; seeds [USER_SEED, account(owner)],
        }

        /// The owner changes its node's class, price or payout split (open jobs keep theirs).
        update_node(hardware_class: u8, price_per_hour: u64, usd_share_bps: u16) {
            owner: signer,
            node: writable,
        }

        /// The owner retires its node once it has no open job and no unclaimed earnings; the
        /// account closes and its rent returns to the owner.
        retire_node() {
            owner: writable signer,
            node: writable,
        }

        /// Creates the jobs config (fees in basis points, windows in seconds, the IO price
        /// haircut, the share of USDC fees swept to the buyback) and the escrow and fee vault of USDC and IO. Only the program's upgrade
        /// authority may call it, once; it becomes the admin.
        initialize(
            network_fee_bps: u16,
            usdc_supplier_fee_bps: u16,
            facilitation_fee_bps: u16,
            challenge_window: u32,
            start_timeout: u32,
            conf_multiple: u8,
            max_price_age: u32,
            dispute_window: u32,
            fee_buyback_bps: u16,
        ) {
            payer: writable signer,
            program_data: ; seeds [crate::ID] of LOADER_V3,
            config: writable; seeds [CONFIG_SEED],
            /// Owner of the escrows and fee vaults; signs only through this program.
            authority: ; seeds [AUTHORITY_SEED],
            usdc_mint: ,
            usdc_escrow: writable; seeds [ESCROW_SEED, account(usdc_mint)],
            usdc_fee_vault: writable; seeds [FEE_VAULT_SEED, account(usdc_mint)],
            io_mint: ,
            io_escrow: writable; seeds [ESCROW_SEED, account(io_mint)],
            io_fee_vault: writable; seeds [FEE_VAULT_SEED, account(io_mint)],
            iosd_mint: ,
            /// io_token's IosdState: holds IOSD spent on open jobs.
            iosd_state: ,
            token_program: @ pinocchio_token::ID,
            token_2022_program: @ pinocchio_token_2022::ID,
            system_program: @ pinocchio_system::ID,
        }

        /// Changes the fees, windows and IO price haircut for jobs opened from now on (a job
        /// keeps the fees, windows and timeout it opened with), and the share of USDC fees the
        /// next sweeps send to the buyback (`fee_buyback_bps`, at most 10,000; the rest goes to
        /// the USD-incentives vault). Admin only (governance later).
        set_job_params(
            network_fee_bps: u16,
            usdc_supplier_fee_bps: u16,
            facilitation_fee_bps: u16,
            challenge_window: u32,
            start_timeout: u32,
            conf_multiple: u8,
            max_price_age: u32,
            dispute_window: u32,
            fee_buyback_bps: u16,
        ) {
            admin: signer,
            config: writable; seeds [CONFIG_SEED],
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

        /// The user opens a job of `hours` on a node at its price and pays it in full into
        /// escrow from its own account: currency 0 USDC (plus the facilitation fee), 1 IO
        /// (valued at the conservative oracle price now; no facilitation fee) or 2 IOSD (spent
        /// from the user's balance). Refused if that debit (payment + facilitation fee, in the
        /// currency's base units) is above `max_payment`, so the node's owner cannot raise its
        /// price in front of the user. The job keeps the fees, windows and timeout in force now.
        open_job(nonce: u64, hours: u32, currency: u8, max_payment: u64) {
            /// The user; pays the job's rent and the payment.
            user: writable signer,
            /// Writable: it counts what the escrows hold for open jobs and unclaimed earnings.
            config: writable; seeds [CONFIG_SEED],
            node: writable,
            job: writable; seeds [JOB_SEED, account(user), arg(nonce)],
            /// The user's own token account of the currency; the IDL names the associated one
            /// (any of the user's accounts of the mint is accepted).
            user_token: writable; seeds [account(user), account(token_program), account(mint)] of io_common::token::ASSOCIATED_TOKEN_ID,
            mint: writable,
            vault: writable,
            authority: ; seeds [AUTHORITY_SEED],
            /// io_oracle's IO/USD feed (read for IO payments).
            price_feed: ; seeds [PRICE_FEED_SEED] of IO_ORACLE_ID,
            token_program: ,
            io_token_program: @ IO_TOKEN_ID,
            system_program: @ pinocchio_system::ID,
            /// The user's profile: created here (without a referrer) at the user's first job if
            /// `register_referral` did not create it first. Its existence is the proof that the
            /// user joined: a referrer can only be named before it exists. Its reputation
            /// score picks the job's discount off the network fee (the config's discount table).
            profile: writable; seeds [USER_SEED, account(user)],
        }

        /// Before the job starts (no usage accepted, and no oracle of the current round attested
        /// any hours) the user cancels it: the whole payment and fee come back, the job closes and
        /// its rent returns to the user. Once an oracle attested hours the user ends it instead.
        cancel_job() {
            user: writable signer,
            /// Writable: it counts what the escrows hold for open jobs and unclaimed earnings.
            config: writable; seeds [CONFIG_SEED],
            job: writable,
            node: writable,
            user_token: writable,
            mint: writable,
            vault: writable,
            authority: ; seeds [AUTHORITY_SEED],
            token_program: ,
            io_token_program: @ IO_TOKEN_ID,
            /// io_token's mint authority (mints refunded IOSD).
            io_token_authority: ; seeds [IO_AUTHORITY_SEED] of IO_TOKEN_ID,
        }

        /// The node never started: after the start timeout with no usage accepted and no hours
        /// attested in the current round, anyone refunds the whole payment to the user's own
        /// account; the rent returns to the user.
        refund_unstarted() {
            caller: signer,
            /// Writable: it counts what the escrows hold for open jobs and unclaimed earnings.
            config: writable; seeds [CONFIG_SEED],
            job: writable,
            node: writable,
            user_token: writable,
            user: writable,
            mint: writable,
            vault: writable,
            authority: ; seeds [AUTHORITY_SEED],
            token_program: ,
            io_token_program: @ IO_TOKEN_ID,
            io_token_authority: ; seeds [IO_AUTHORITY_SEED] of IO_TOKEN_ID,
        }

        /// An oracle of the current set attests the job's cumulative hours served: at most the
        /// hours paid and the hours begun between opening and now (or the end). Each oracle's
        /// figure only rises within a round. In the usage round the accepted usage is the
        /// quorum-th highest figure (io_common::quorum, rule 1), never lower than before; each
        /// rise restarts the challenge window. During an open dispute the vote goes into both
        /// rounds: the oracle's usage figure rises to it (never falls; the accepted usage may
        /// rise, the window does not restart), and in the dispute round, where it may be below
        /// the usage figure, a figure with a quorum of votes at or above it and a quorum at or
        /// below it (rule 2) is final at once.
        attest_usage(hours: u32) {
            oracle: signer,
            /// io_oracle's config: the oracle set and its quorum.
            oracle_config: ; seeds [ORACLE_CONFIG_SEED] of IO_ORACLE_ID,
            job: writable,
        }

        /// An oracle of the current set attests a user's conduct where the chain cannot see it
        /// (abuse, chargebacks, terms broken off-chain) as `penalty_bps` off its score (0: none,
        /// 10,000: the whole score). A member may revise its vote; the profile's penalty is the
        /// figure a quorum of votes supports from both sides (io_common::quorum's rule 2), so
        /// fewer colluders than the quorum cannot move it outside the honest votes.
        attest_reputation(penalty_bps: u16) {
            oracle: signer,
            /// io_oracle's config: the oracle set and its quorum.
            oracle_config: ; seeds [ORACLE_CONFIG_SEED] of IO_ORACLE_ID,
            /// The user's profile (it must have joined).
            profile: writable,
        }

        /// The job's user, or its node's owner (a user who walked away cannot hold the pay for
        /// served hours until the job expires), ends the job early: billing stops, and it
        /// settles on the usage accepted after the challenge window (restarted now).
        end_job() {
            /// The job's user or the owner of the job's node.
            caller: signer,
            job: writable,
            /// The job's node (its owner may end the job).
            node: ,
        }

        /// The user disputes the accepted usage inside its challenge window (once per job): the
        /// job ends now if it was open (billing stops) and cannot settle until the oracles agree
        /// on a figure in a fresh dispute round, or the admin resolves it, or its dispute window
        /// passes (then it settles on the usage round's accepted figure, which votes during the
        /// dispute may have raised).
        dispute_job() {
            user: signer,
            job: writable,
        }

        /// The admin (governance later) resolves a dispute with the final hours served, before
        /// the dispute's deadline; at most the hours paid and begun before the job ended.
        resolve_dispute(hours: u32) {
            admin: signer,
            config: ; seeds [CONFIG_SEED],
            job: writable,
        }

        /// Settles a batch of jobs of one currency whose challenge window has passed and that
        /// ended, ran out or expired (a disputed job: once its dispute resolved, or on its usage
        /// round's accepted figure once its dispute deadline passed). After the fixed accounts come five per job: job, node, the
        /// user's token account, the user (who gets the rent back) and the user's profile (its
        /// reputation counters move), and a sixth for a job opened with a referral share: its referrer's profile, credited with that share of
        /// the network fee (up to the referrer's cap); then, for a job whose node keeps a referrer
        /// (its owner was referred) and opened before the node's referral end (the job's
        /// `node_referral_bps` > 0) and with a supplier fee rate (USDC jobs),
        /// the node referrer's profile, credited with the node's referral share of the supplier fee
        /// (up to the same cap); when both referrers are the same wallet that profile may be passed
        /// once (not repeated). Referral income stays in escrow until claimed. The supplier's USD
        /// share accrues to the node (claim_earnings), fees and the token share go to the fee
        /// vault, the rest is refunded; each job closes.
        settle_jobs() {
            caller: signer,
            config: writable; seeds [CONFIG_SEED],
            mint: writable,
            vault: writable,
            fee_vault: writable,
            authority: ; seeds [AUTHORITY_SEED],
            token_program: ,
            io_token_program: @ IO_TOKEN_ID,
            io_token_authority: ; seeds [IO_AUTHORITY_SEED] of IO_TOKEN_ID,
        }

        /// A user joins with the referrer who invited them: creates the user's profile, once
        /// (a profile exists from the wallet's first job, first node or registration on, so a
        /// referrer cannot be named after the fact, nor changed). `referrer` is the default key for none; else
        /// it must be another wallet (`SelfReferral`) that joined before (its profile, passed as
        /// `referrer_profile`), so referrals form no cycle. For `referral_period` from now the
        /// referrer earns `referral_bps` of the network fee of this user's settled jobs.
        register_referral(referrer: pubkey) {
            user: writable signer,
            config: ; seeds [CONFIG_SEED],
            profile: writable; seeds [USER_SEED, account(user)],
            /// The referrer's profile (any account when `referrer` is the default key).
            referrer_profile: writable,
            system_program: @ pinocchio_system::ID,
        }

        /// The referrer withdraws its referral income in one currency (named by the mint) to an
        /// account of its choice. It is paid from the escrow, where settlement kept it out of the
        /// network fee before routing the rest to the fee vault.
        claim_referral() {
            referrer: signer,
            /// Writable: it counts the referral income owed per currency.
            config: writable; seeds [CONFIG_SEED],
            profile: writable; seeds [USER_SEED, account(referrer)],
            to: writable,
            mint: writable,
            vault: writable,
            authority: ; seeds [AUTHORITY_SEED],
            token_program: ,
            io_token_program: @ IO_TOKEN_ID,
            io_token_authority: ; seeds [IO_AUTHORITY_SEED] of IO_TOKEN_ID,
        }

        /// The referral terms: the referrer's share of the network fee (`referral_bps`, at most
        /// 5,000), how long after a user joins its jobs pay its referrer (`referral_period`,
        /// seconds, at most 5 years) and the most USD (6 decimals) one referrer can ever earn
        /// (`referral_cap_usd`). 0 turns referral income off. A job keeps the share it opened
        /// with; a user keeps the period in force when it joined. Admin only (governance later).
        set_referral_params(referral_bps: u16, referral_period: u32, referral_cap_usd: u64) {
            admin: signer,
            config: writable; seeds [CONFIG_SEED],
        }

        /// The demand side's discount table: up to three tiers, each a reputation score (USD, 6
        /// decimals, of network fees paid in settled jobs less `strike_usd` per dispute lost or
        /// job abandoned) and the discount (basis points off the network fee, at most 5,000) a
        /// user at or above it gets at `open_job`. Thresholds and discounts never fall from one
        /// tier to the next; a tier with 0 basis points is off. A job keeps the discount it
        /// opened with. Admin only (governance later).
        set_discount_tiers(tier1_usd: u64, tier1_bps: u16, tier2_usd: u64, tier2_bps: u16, tier3_usd: u64, tier3_bps: u16, strike_usd: u64) {
            admin: signer,
            config: writable; seeds [CONFIG_SEED],
        }

        /// The node's owner withdraws its earnings in one currency to an account of its choice.
        claim_earnings() {
            owner: signer,
            /// Writable: it counts what the escrows hold for open jobs and unclaimed earnings.
            config: writable; seeds [CONFIG_SEED],
            node: writable,
            to: writable,
            mint: writable,
            vault: writable,
            authority: ; seeds [AUTHORITY_SEED],
            token_program: ,
            io_token_program: @ IO_TOKEN_ID,
            io_token_authority: ; seeds [IO_AUTHORITY_SEED] of IO_TOKEN_ID,
        }

        /// Anyone burns the IO fee vault's unswept amount (IO network fees and IO token shares
        /// settled since the last sweep) with a Token-2022 burn signed by the jobs authority. Only
        /// the accounted amount burns: IO sent to the vault by anyone else stays there.
        sweep_io_fees() {
            caller: signer,
            config: writable; seeds [CONFIG_SEED],
            io_mint: writable,
            io_fee_vault: writable; seeds [FEE_VAULT_SEED, account(io_mint)],
            authority: ; seeds [AUTHORITY_SEED],
            token_program: @ pinocchio_token_2022::ID,
        }

        /// Anyone moves the USDC fee vault's unswept amount to io_buyback: the token shares and
        /// `fee_buyback_bps` of the fees (rounded down) to its USDC vault, the rest of the fees to
        /// its USD-incentives vault (both at io_buyback's fixed addresses, live USDC accounts of
        /// its authority). Only the accounted amount moves.
        sweep_usdc_fees() {
            caller: signer,
            config: writable; seeds [CONFIG_SEED],
            usdc_mint: ,
            usdc_fee_vault: writable; seeds [FEE_VAULT_SEED, account(usdc_mint)],
            /// io_buyback's USDC vault (io_common::buyback::BUYBACK_USDC_VAULT).
            buyback_vault: writable,
            /// io_buyback's USD-incentives vault (io_common::buyback::INCENTIVES_VAULT).
            incentives_vault: writable,
            authority: ; seeds [AUTHORITY_SEED],
            token_program: @ pinocchio_token::ID,
        }

        /// Anyone proves the program's reserves: each escrow holds at least what open jobs paid
        /// plus the suppliers' unclaimed earnings, each fee vault at least its unswept fees and
        /// token shares, and io_token's IOSD held covers the IOSD jobs and earnings. One
        /// ReservesProven per vault; ReservesShort (after a log naming the vault) if any is short.
        prove_reserves() {
            config: ; seeds [CONFIG_SEED],
            usdc_escrow: ,
            usdc_fee_vault: ,
            io_escrow: ,
            io_fee_vault: ,
            /// io_token's IosdState: the IOSD held for jobs and earnings.
            iosd_state: ,
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
        InvalidNode = 6008: "The node account is not a node of this program",
        NodeExists = 6009: "This owner already registered this device",
        InvalidNodeParams = 6010: "The price must be above zero and the USD share at most 10,000 basis points",
        AlreadyInitialized = 6011: "The jobs program is already initialised",
        Unauthorized = 6012: "The signer is not allowed to do this",
        InvalidProgramData = 6013: "The program data account is not this program's",
        InvalidConfig = 6014: "The config account is not the jobs config",
        InvalidVault = 6015: "The mint, escrow, fee vault, token program or authority is not the one configured for the currency",
        InvalidParams = 6016: "Fees must be at most 10,000 basis points, windows, timeout and price age above zero",
        InvalidJob = 6017: "The job account is not a live job of this program (settled, closed, or not this user's PDA)",
        JobExists = 6018: "This user already has a job with this nonce",
        ZeroHours = 6019: "A job needs at least one hour",
        NotJobUser = 6020: "Only the job's user may do this",
        JobStarted = 6021: "The job has accepted or attested usage: it can no longer be cancelled or refunded in full (end it instead)",
        ArithmeticOverflow = 6022: "Arithmetic overflow",
        JobNotTimedOut = 6023: "The job's start timeout has not passed",
        WrongTokenAccount = 6024: "The token account is not the job user's own account of the job's mint",
        InvalidCurrency = 6025: "The currency must be 0 (USDC), 1 (IO) or 2 (IOSD)",
        InvalidPriceFeed = 6026: "The price feed is not io_oracle's IO/USD feed",
        StalePrice = 6027: "The oracle price is older than the allowed age",
        UnhealthyPrice = 6028: "The oracle price is unhealthy or its conservative value is not positive",
        InvalidOracleConfig = 6029: "The oracle config is not io_oracle's",
        NotOracle = 6030: "The signer is not a member of the current oracle set",
        AttestationReused = 6031: "This oracle already attested this figure for this job",
        UsageDecreased = 6032: "Usage is cumulative: an oracle cannot lower its figure",
        UsageExceedsJob = 6033: "Attested hours exceed the hours paid for",
        JobEnded = 6034: "The job has already ended",
        NotSettleable = 6035: "The job has not ended, run out or expired, or is inside its challenge window",
        JobDisputed = 6036: "The job is disputed: it settles once the oracles agree, the admin resolves it or its dispute deadline passes",
        NotDisputable = 6037: "Only accepted usage inside its challenge window can be disputed, once per job",
        NotDisputed = 6038: "The job is not under dispute",
        UsageFinal = 6039: "The dispute was resolved: the job's usage is final",
        CurrencyMismatch = 6040: "The job is paid in another currency than these accounts",
        NodeBusy = 6041: "The node has open jobs or unclaimed earnings",
        NothingToClaim = 6042: "The node has no earnings in this currency",
        BatchAccounts = 6043: "Settlement takes four accounts per job: job, node, user token account, user",
        NoPendingAdmin = 6044: "No admin change is pending",
        WrongNode = 6045: "The node account is not the job's node",
        ZeroPayment = 6046: "The payment rounds to zero",
        UsageExceedsElapsed = 6047: "Attested hours exceed the hours begun between the job's opening and now (or its end)",
        PaymentAboveMax = 6048: "The payment is above the user's max_payment (the node's price or the IO price moved)",
        DisputeExpired = 6049: "The dispute's deadline has passed: the job settles on its accepted usage",
        InvalidDestination = 6050: "The destination is a token account of this program's own authority: the tokens would be stranded there",
        NotJobParty = 6051: "Only the job's user or its node's owner may end the job",
        NothingToSweep = 6052: "The fee vault has nothing unswept",
        BuybackNotReady = 6053: "io_buyback's USDC or incentives vault is not a live USDC account of its authority (io_buyback not initialised yet)",
        ReservesShort = 6054: "A vault holds less than it owes (the log names it)",
        ProfileExists = 6055: "The user already joined (its profile exists): a referrer can only be named once, before the first job or node",
        SelfReferral = 6056: "A user cannot refer itself",
        ReferrerNotJoined = 6057: "The referrer has not joined (no profile of the referrer's): referrals point only to earlier users",
        InvalidProfile = 6058: "The account is not this user's profile",
        NothingToClaimReferral = 6059: "The referrer has no referral income in this currency",
        InvalidReferralParams = 6060: "The referral share must be at most 5,000 basis points and the period at most 5 years",
        InvalidDiscountTiers = 6061: "Discount tiers: each at most 5,000 basis points, thresholds and discounts never falling from one tier to the next",
        InvalidPenalty = 6062: "A conduct penalty is at most 10,000 basis points",
    }
    events {
        /// A node was registered.
        NodeRegistered { node: pubkey, owner: pubkey, device_id: [u8; 32], hardware_class: u8, price_per_hour: u64, usd_share_bps: u16 }
        /// A node's owner changed its terms.
        NodeUpdated { node: pubkey, hardware_class: u8, price_per_hour: u64, usd_share_bps: u16 }
        /// A node was retired.
        NodeRetired { node: pubkey, owner: pubkey }
        /// A job was opened and paid into escrow (`payment` in the currency's base units).
        JobOpened { job: pubkey, user: pubkey, node: pubkey, currency: u8, hours: u32, amount_usd: u64, payment: u64, facilitation_fee: u64 }
        /// A job was cancelled or never started, and refunded in full.
        JobRefunded { job: pubkey, refunded: u64 }
        /// An oracle attested a user's conduct; `accepted_bps` is the profile's penalty after it.
        ReputationAttested { user: pubkey, oracle: pubkey, penalty_bps: u16, accepted_bps: u16 }
        /// An oracle attested a job's usage; `accepted` is the job's accepted usage after it.
        UsageAttested { job: pubkey, oracle: pubkey, hours: u32, accepted: u32 }
        /// The user or the node's owner ended a job early.
        JobEnded { job: pubkey, ended_at: i64 }
        /// The user disputed a job's accepted usage (`hours`); it ended if it was open, and
        /// unless the dispute is resolved first, settles after `deadline` on the accepted usage
        /// then (`hours`, or more if votes during the dispute raised it).
        JobDisputed { job: pubkey, hours: u32, deadline: i64 }
        /// A dispute ended with `hours` final, by a fresh quorum or by the admin.
        DisputeResolved { job: pubkey, hours: u32, by_admin: bool }
        /// A job settled: every base unit of its payment is one of supplier, refund, fees (to the
        /// fee vault), buyback, its user's referrer's share of the network fee (ReferralEarned), or
        /// its node owner's referrer's share of the supplier fee (SupplierReferralEarned).
        JobSettled { job: pubkey, node: pubkey, currency: u8, served_hours: u32, supplier: u64, refund: u64, fees: u64, buyback: u64, points: u64 }
        /// A node's owner withdrew its earnings.
        EarningsClaimed { node: pubkey, currency: u8, amount: u64 }
        /// An admin change was proposed.
        AdminProposed { admin: pubkey, pending_admin: pubkey }
        /// An admin change was accepted.
        AdminAccepted { previous_admin: pubkey, admin: pubkey }
        /// The IO fee vault's unswept fees and token shares were burned; `supply` is the IO mint's supply after the burn.
        IoFeesBurned { amount: u64, fees: u64, token_shares: u64, supply: u64 }
        /// The USDC fee vault's unswept amount moved to io_buyback's USDC vault and its incentives vault.
        UsdcFeesSwept { to_buyback: u64, to_incentives: u64, fees: u64, token_shares: u64 }
        /// A user joined, referred by `referrer` (the default key for none); its jobs opened
        /// before `referral_until` pay the referrer a share of their network fee.
        ReferralRegistered { user: pubkey, referrer: pubkey, referral_until: i64 }
        /// A settled job's network fee paid `amount` (worth `usd`) to its user's referrer; it
        /// stays in escrow until claimed. `fees` of its JobSettled are net of it.
        ReferralEarned { job: pubkey, referrer: pubkey, currency: u8, amount: u64, usd: u64 }
        /// A settled job's supplier fee paid `amount` (worth `usd`) to the referrer of its node's
        /// owner; it stays in escrow until claimed. `fees` of its JobSettled are net of it.
        SupplierReferralEarned { job: pubkey, node: pubkey, referrer: pubkey, currency: u8, amount: u64, usd: u64 }
        /// A referrer withdrew its referral income.
        ReferralClaimed { referrer: pubkey, currency: u8, amount: u64 }
        /// A vault's balance covers its obligations, with `surplus` (balance - obligations) left over.
        ReservesProven { vault: pubkey, balance: u64, obligations: u64, surplus: u64 }
    }
    accounts {
        /// The jobs config, at PDA ["config"].
        JobsConfig {
            version: u8,
            bump: u8,
            authority_bump: u8,
            conf_multiple: u8,
            admin: pubkey,
            pending_admin: pubkey,
            /// Per currency (0 USDC, 1 IO, 2 IOSD): mint, escrow and fee vault (IOSD: io_token's IosdState).
            mints: [pubkey; 3],
            vaults: [pubkey; 3],
            fee_vaults: [pubkey; 3],
            /// The network fee on each settled payment (5%).
            network_fee_bps: u16,
            /// What suppliers paid in USDC pay on their USD share (2%).
            usdc_supplier_fee_bps: u16,
            /// What users paying in USDC add (2%).
            facilitation_fee_bps: u16,
            challenge_window: u32,
            start_timeout: u32,
            max_price_age: u32,
            /// Running totals per currency: fees collected, and token shares earmarked for buyback.
            fees: [u64; 3],
            buyback: [u64; 3],
            /// The USD value (6 decimals) of the token shares earmarked for buyback: the computing points credited.
            buyback_usd: u64,
            /// How long (seconds) a dispute may stay open before the job settles on its accepted usage (3 days).
            dispute_window: u32,
            /// USDC ever swept to io_buyback's USDC vault, and to its incentives vault (io_buyback
            /// reads both at io_common::buyback::JOBS_TO_BUYBACK_OFFSET / JOBS_TO_INCENTIVES_OFFSET).
            to_buyback: u64,
            to_incentives: u64,
            /// The share of USDC fees (network, supplier, facilitation) swept to the buyback; the
            /// rest goes to the USD-incentives vault (80%). USDC token shares go to the buyback in full.
            fee_buyback_bps: u16,
            /// Per currency: what the fee vault already released of `fees`, and of `buyback` (IOSD: never; it is retired at settlement).
            swept_fees: [u64; 3],
            swept_buyback: [u64; 3],
            /// IO ever burned from the IO fee vault.
            io_burned: u64,
            /// Per currency: payment + facilitation fee held for open jobs, and settled USD shares not yet claimed.
            escrowed: [u64; 3],
            earned: [u64; 3],
            /// The referrer's share of a referred user's network fee (basis points), how long
            /// (seconds) after a user joins its jobs pay its referrer, and the most USD (6
            /// decimals) one referrer can ever earn.
            referral_bps: u16,
            referral_period: u32,
            referral_cap_usd: u64,
            /// Per currency: referral income kept in escrow and not yet claimed, and ever credited.
            referral_owed: [u64; 3],
            referral_credited: [u64; 3],
            reserved: [u8; 2],
            /// The discount table (`set_discount_tiers`): per tier, the reputation score (USD, 6
            /// decimals) from which it applies and its discount off the network fee (basis
            /// points); and the USD a dispute lost or a job abandoned takes off a score.
            discount_usd: [u64; 3],
            discount_bps: [u16; 3],
            strike_usd: u64,
        }
        /// A job, at PDA ["job", user, nonce (u64 LE)].
        Job {
            version: u8,
            bump: u8,
            /// 1 open, 2 ended (by the user, or by its dispute).
            state: u8,
            /// 0 USDC, 1 IO, 2 IOSD.
            currency: u8,
            /// 0 never disputed, 1 under dispute, 2 resolved (usage final).
            dispute: u8,
            user: pubkey,
            node: pubkey,
            nonce: u64,
            hours: u32,
            /// The challenge window (seconds) in force when the job opened.
            challenge_window: u32,
            /// USD per GPU-hour, 6 decimals, and the node's USD share, fixed at opening.
            price_per_hour: u64,
            usd_share_bps: u16,
            /// USD value of the service (price x hours), 6 decimals.
            amount_usd: u64,
            /// What the escrow holds for the service, in the currency's base units.
            payment: u64,
            /// The facilitation fee held on top (USDC only).
            facilitation_fee: u64,
            opened_at: i64,
            ended_at: i64,
            /// Accepted usage, and when it may settle (the end of its challenge window).
            attested_hours: u32,
            settle_after: i64,
            /// The oracle set version of the job's two rounds (a new set starts both afresh).
            attest_version: u32,
            /// The usage round: the members that attested and their cumulative figures (index as
            /// in the set), each only rising; it goes on through a dispute.
            attest_mask: u16,
            attest_hours: [u32; 10],
            /// The dispute round (while a dispute is open): the members that voted in it and their
            /// fresh figures, each only rising within the round.
            dispute_mask: u16,
            dispute_hours: [u32; 10],
            /// Fixed at opening from the config: the network fee, the supplier fee on the USD
            /// share (USDC jobs; 0 for the others), the start timeout and the dispute window.
            network_fee_bps: u16,
            supplier_fee_bps: u16,
            start_timeout: u32,
            dispute_window: u32,
            /// When an open dispute lapses (0 until disputed): from then on the job settles on
            /// its accepted usage.
            dispute_deadline: i64,
            /// The highest figure any member of any oracle set ever attested for the job, in
            /// either round: hours on record as served, which a cancel may not take back even
            /// once a later set's first vote has replaced the round.
            highest_vote: u32,
            /// The discount off the config's network fee (basis points) the user's reputation
            /// earned at opening; `network_fee_bps` is already net of it.
            discount_bps: u16,
            /// The usage accepted when the user disputed (0 if never): a dispute is lost when
            /// the job settles on at least this.
            disputed_hours: u32,
            /// 1 when the job's user ended it (`end_job` signed by the user), else 0: only the
            /// user's own end of a started job with nothing served is an abandoned strike.
            ended_by_user: u8,
            reserved: [u8; 1],
            /// The user's referrer and its share of the network fee, fixed at opening (0 when
            /// the user has no referrer, its referral period is over, or referrals are off).
            referrer: pubkey,
            referral_bps: u16,
            /// The node owner's referrer and its share of the supplier fee, copied at opening from
            /// the node when the job opens inside the node's referral period, the share cut to the
            /// `referral_bps` in force then (0: none; settlement then takes no node referrer
            /// profile).
            node_referrer: pubkey,
            node_referral_bps: u16,
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
            open_jobs: u32,
            /// Settled USD shares not yet claimed, per currency (0 USDC, 1 IO, 2 IOSD).
            earnings: [u64; 3],
            /// Computing points: the USD value (6 decimals) of the token shares of settled jobs.
            computing_points: u64,
            reserved: [u8; 32],
            /// The owner's referrer, when its referral period ends and its share of the supplier
            /// fee (basis points), fixed at registration (zeros when the owner has no referrer,
            /// its period was over or referrals were off); never changed by `update_node`.
            referrer: pubkey,
            referral_until: i64,
            referral_bps: u16,
        }
        /// A user's profile, at PDA ["user", user]: created at the user's first job or by
        /// `register_referral`, whichever comes first, and never closed.
        UserProfile {
            version: u8,
            bump: u8,
            user: pubkey,
            /// Who referred this user (the default key for none), fixed at creation.
            referrer: pubkey,
            joined_at: i64,
            /// Jobs opened before this pay the referrer (joined_at + the period then in force).
            referral_until: i64,
            /// As a referrer: users it referred, the USD (6 decimals) of referral income ever
            /// credited (at most the cap), and per currency what is owed and what was claimed.
            referees: u32,
            referral_usd: u64,
            referral_owed: [u64; 3],
            referral_claimed: [u64; 3],
            /// Reputation, as a user, moved only by `settle_jobs` (each only rises): jobs
            /// settled, hours served and their USD value, the USD value of the network fees paid
            /// (less any referral share credited on them), disputes lost (settled on at least the
            /// usage disputed) and jobs abandoned (settled with no hour served after an oracle
            /// attested hours). Score = fees_usd - strike_usd x (disputes_lost + abandoned).
            jobs_settled: u32,
            hours_paid: u64,
            paid_usd: u64,
            fees_usd: u64,
            disputes_lost: u32,
            abandoned: u32,
            /// Conduct the chain cannot see (`attest_reputation`): the oracle set version of the
            /// round, the members that voted and each one's figure (basis points taken off the
            /// score; a member may revise its own), and the accepted figure (rule 2 of
            /// io_common::quorum: at least a quorum of votes on each side of it; 0 until then).
            conduct_version: u32,
            conduct_mask: u16,
            conduct_votes: [u16; 10],
            conduct_penalty_bps: u16,
            /// As a referrer: the part of `referral_usd` credited from the supplier fee of
            /// referred node owners' jobs (the rest came from referred users' network fees).
            supplier_referral_usd: u64,
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
