//! The io_staking interface: the single source of its instructions, accounts, events and
//! errors, and of idl/io_staking.json (see io_common's `interface!`).
//!
//! Participants are io_jobs nodes (controlled by the node's owner) and users (their own key).
//! Rewards: each epoch's IO in the rewards vault splits into an availability pool (nodes the
//! oracle quorum saw pass, by weight) and a compute pool (by computing points synced from
//! io_jobs). A participant registers its weight and points in the open epoch and settles them
//! with the closed epoch's rate later, in O(1); its stakers get its share through a
//! reward-per-stake accumulator.

#[allow(unused_imports)] // the seeds are read only by the host-side IDL build
use crate::state::{
    AUTHORITY_SEED, CONFIG_SEED, EPOCH_SEED, IO_ORACLE_ID, LOADER_V3, ORACLE_CONFIG_SEED,
    PARTICIPANT_SEED, POSITION_SEED, REWARDS_VAULT_SEED, STAKE_VAULT_SEED,
};

io_common::interface! {
    program: "io_staking";
    /// Staking and rewards: availability and compute rewards from emissions by epoch, stake to
    /// nodes and users with a 1-3% share, cooldowns and slashing by oracle quorum.
    instructions {
        /// Creates the staking config, the stake vault and the rewards vault (point io_token's
        /// emissions at it with set_rewards_vault). Only the upgrade authority, once; it becomes the admin.
        initialize(
            epoch_length: u32,
            availability_bps: u16,
            min_node_stake: u64,
            weight_cap: u64,
            min_share_bps: u16,
            max_share_bps: u16,
            cooldown: u32,
            max_compute_rate: u64,
        ) {
            payer: writable signer,
            program_data: ; seeds [crate::ID] of LOADER_V3,
            config: writable; seeds [CONFIG_SEED],
            authority: ; seeds [AUTHORITY_SEED],
            io_mint: ,
            stake_vault: writable; seeds [STAKE_VAULT_SEED],
            rewards_vault: writable; seeds [REWARDS_VAULT_SEED],
            token_program: @ pinocchio_token_2022::ID,
            system_program: @ pinocchio_system::ID,
        }

        /// Changes the governed parameters. Admin only. The epoch length (1 second to 30 days)
        /// applies to epochs opened afterwards: the open epoch closes after the length it opened
        /// with. The cooldown (1 second to 30 days) applies to stake committed afterwards; stake
        /// already in keeps the cooldown it was staked under, or this one if shorter. The split
        /// and the compute rate's cap apply when the open epoch closes.
        set_staking_params(
            epoch_length: u32,
            availability_bps: u16,
            min_node_stake: u64,
            weight_cap: u64,
            min_share_bps: u16,
            max_share_bps: u16,
            cooldown: u32,
            max_compute_rate: u64,
        ) {
            admin: signer,
            config: writable; seeds [CONFIG_SEED],
        }

        /// Sets slashing: the fraction of a node's own stake slashed, the window in which its
        /// operator can contest, and how long an oracle's slash vote counts (seconds, above 0).
        /// Admin only. They apply to slashes whose quorum is reached, and votes cast, afterwards.
        set_slashing(slash_bps: u16, slash_window: u32, slash_vote_ttl: u32) {
            admin: signer,
            config: writable; seeds [CONFIG_SEED],
        }

        /// A node's owner (kind 0; `key` is the io_jobs node) or a user (kind 1; `key` is the
        /// user's own key) becomes a participant others can stake to, with a reward share.
        register_participant(kind: u8, share_bps: u16) {
            /// The node's owner, or the user; pays the rent.
            authority: writable signer,
            config: ; seeds [CONFIG_SEED],
            /// The io_jobs node (kind 0) or the user's key (kind 1).
            key: ,
            participant: writable; seeds [PARTICIPANT_SEED, account(key)],
            system_program: @ pinocchio_system::ID,
        }

        /// The participant's authority sets the share of its rewards that goes to its stakers,
        /// within the governed bounds; it applies from the next epoch.
        set_reward_share(share_bps: u16) {
            authority: signer,
            config: ; seeds [CONFIG_SEED],
            participant: writable,
        }

        /// Stakes `amount` IO to a participant. The participant's authority staking to itself
        /// adds to its own stake (what availability needs and slashing takes); anyone else's
        /// stake earns the participant's share from the epoch after it was staked. The position
        /// commits to the cooldown in force (the longer of it and the position's own when it
        /// already holds stake).
        stake(amount: u64) {
            staker: writable signer,
            config: writable; seeds [CONFIG_SEED],
            participant: writable,
            position: writable; seeds [POSITION_SEED, account(participant), account(staker)],
            /// The Epoch of the participant's outstanding registration, if any (see the docs);
            /// settling it writes it.
            last_epoch: writable,
            /// The staker's IO account; the IDL names the associated one (any of its IO accounts is accepted).
            staker_io: writable; seeds [account(staker), account(token_program), account(io_mint)] of io_common::token::ASSOCIATED_TOKEN_ID,
            io_mint: ; seeds [b"io_mint"] of io_common::token::IO_TOKEN_ID,
            stake_vault: writable; seeds [STAKE_VAULT_SEED],
            token_program: @ pinocchio_token_2022::ID,
            system_program: @ pinocchio_system::ID,
        }

        /// Moves `amount` of the position's stake into cooldown: it stops earning at once and can
        /// be withdrawn when the cooldown has passed: the position's committed cooldown, or the
        /// governed one if governance has shortened it since.
        unstake(amount: u64) {
            staker: signer,
            config: writable; seeds [CONFIG_SEED],
            participant: writable,
            position: writable; seeds [POSITION_SEED, account(participant), account(staker)],
            last_epoch: writable,
        }

        /// Withdraws the position's stake whose cooldown has passed. The participant's own stake
        /// cannot leave while a slash of it is pending, contested or upheld.
        withdraw() {
            staker: signer,
            /// Counts the stake leaving the vault (`staked`), which `prove_reserves` reads.
            config: writable; seeds [CONFIG_SEED],
            participant: ,
            position: writable; seeds [POSITION_SEED, account(participant), account(staker)],
            /// The staker's IO account; the IDL names the associated one (any of its IO accounts is accepted).
            staker_io: writable; seeds [account(staker), account(token_program), account(io_mint)] of io_common::token::ASSOCIATED_TOKEN_ID,
            io_mint: ; seeds [b"io_mint"] of io_common::token::IO_TOKEN_ID,
            stake_vault: writable; seeds [STAKE_VAULT_SEED],
            authority: ; seeds [AUTHORITY_SEED],
            token_program: @ pinocchio_token_2022::ID,
        }

        /// Pays the position's rewards (and, for the participant's own position, the
        /// participant's rewards) to `to`, or re-stakes them with `compound`.
        claim(compound: bool) {
            staker: signer,
            config: writable; seeds [CONFIG_SEED],
            participant: writable,
            position: writable; seeds [POSITION_SEED, account(participant), account(staker)],
            last_epoch: writable,
            /// Where the IO goes; the IDL names the staker's associated IO account (any IO account is accepted).
            to: writable; seeds [account(staker), account(token_program), account(io_mint)] of io_common::token::ASSOCIATED_TOKEN_ID,
            io_mint: ; seeds [b"io_mint"] of io_common::token::IO_TOKEN_ID,
            rewards_vault: writable; seeds [REWARDS_VAULT_SEED],
            stake_vault: writable; seeds [STAKE_VAULT_SEED],
            authority: ; seeds [AUTHORITY_SEED],
            token_program: @ pinocchio_token_2022::ID,
        }

        /// An oracle of the current set attests whether a node passed the network's test jobs
        /// in the open epoch, with a reputation score (basis points) and the hardware class it
        /// measured. The vote is a factor (0 for a fail); the node's figure is the quorum-th
        /// highest factor of the round (io_common's rule 1), provisional until the epoch closes:
        /// whenever it rises above what is registered, the weight registers up to it.
        attest_availability(epoch: u32, passed: bool, reputation_bps: u16, hardware_class: u8) {
            oracle: signer,
            oracle_config: ; seeds [ORACLE_CONFIG_SEED] of IO_ORACLE_ID,
            config: writable; seeds [CONFIG_SEED],
            participant: writable,
            last_epoch: writable,
        }

        /// Registers the computing points the node earned in io_jobs since its last sync in the
        /// open epoch. Anyone may call it.
        sync_points() {
            config: writable; seeds [CONFIG_SEED],
            participant: writable,
            /// The participant's io_jobs node.
            node: ,
            last_epoch: writable,
        }

        /// Closes the open epoch once the length it opened with has passed: the new IO in the rewards vault
        /// splits into the availability and compute pools at their rates (the compute rate at
        /// most `max_compute_rate`); a pool nobody qualified for, and what the cap leaves,
        /// carries forward. Anyone may call it; each epoch closes once.
        close_epoch(epoch: u32) {
            payer: writable signer,
            config: writable; seeds [CONFIG_SEED],
            epoch_state: writable; seeds [EPOCH_SEED, arg(epoch)],
            rewards_vault: ; seeds [REWARDS_VAULT_SEED],
            system_program: @ pinocchio_system::ID,
        }

        /// An oracle of the current set votes to slash a node for proven misbehaviour; a vote
        /// counts for the governed vote ttl, and a quorum of live votes opens the contest window.
        vote_slash(reason: u8) {
            oracle: signer,
            oracle_config: ; seeds [ORACLE_CONFIG_SEED] of IO_ORACLE_ID,
            config: ; seeds [CONFIG_SEED],
            participant: writable,
        }

        /// The node's operator contests a pending slash inside its window: it waits for the admin
        /// (at most one more `slash_window` after the contest window; then it can only be
        /// dismissed, by anyone).
        contest_slash() {
            authority: signer,
            participant: writable,
        }

        /// The admin (governance later) upholds or dismisses a contested slash before its decision
        /// deadline (the contest window plus another `slash_window`, fixed at the quorum). From
        /// the deadline on nobody can uphold it, the admin included, and anyone may dismiss it.
        resolve_slash(uphold: bool) {
            /// The admin; or anyone, dismissing, from the decision deadline on.
            caller: signer,
            config: ; seeds [CONFIG_SEED],
            participant: writable,
        }

        /// After the window (or an upheld contest), anyone executes the slash: the fraction of
        /// the node's own stake in force when its quorum was reached is burned.
        execute_slash() {
            /// Counts the stake burned out of the vault (`staked`).
            config: writable; seeds [CONFIG_SEED],
            participant: writable,
            /// The operator's own position (its own stake, active and cooling).
            position: writable; seeds [POSITION_SEED, account(participant), account(operator)],
            /// The participant's authority.
            operator: ,
            io_mint: writable,
            stake_vault: writable; seeds [STAKE_VAULT_SEED],
            authority: ; seeds [AUTHORITY_SEED],
            token_program: @ pinocchio_token_2022::ID,
        }

        /// The admin proposes a successor (e.g. the governance timelock).
        propose_admin(new_admin: pubkey) {
            admin: signer,
            config: writable; seeds [CONFIG_SEED],
        }

        /// Priority tiers: the whole IO of counted stake (own plus stakers' active) from which
        /// tiers 1-3 apply; 0 off, at most 800,000,000, rising strictly. Admin only.
        set_priority_tiers(tier1_io: u32, tier2_io: u32, tier3_io: u32) {
            admin: signer,
            config: writable; seeds [CONFIG_SEED],
        }

        /// Registers the usage (USD, 6 decimals) a user participant paid in settled io_jobs jobs
        /// since its last sync in the open epoch: its io_jobs profile's `paid_usd` beyond what was
        /// synced (the first sync counts all of it). Anyone may call it, while usage rewards are
        /// on (`UsageOff` otherwise: usage synced then would earn nothing and be marked synced).
        sync_usage() {
            config: writable; seeds [CONFIG_SEED],
            /// A user participant (kind 1).
            participant: writable,
            /// The participant's user's io_jobs profile, PDA ["user", user] of io_jobs.
            profile: ,
            /// The Epoch of the participant's outstanding registration, if any.
            last_epoch: writable,
        }

        /// Usage rewards for teams: the share of the compute pool paid to users by the usage
        /// they synced (at most 3,000 bps) and the usage rate's cap (IO base units per USD base
        /// unit, scaled by 1e9; at most 1e9, 0.01 IO per $1). Both apply when the open epoch closes. Admin only.
        set_usage_params(usage_bps: u16, max_usage_rate: u64) {
            admin: signer,
            config: writable; seeds [CONFIG_SEED],
        }

        /// The proposed admin accepts.
        accept_admin() {
            new_admin: signer,
            config: writable; seeds [CONFIG_SEED],
        }

        /// Permissionless proof of reserves: one `ReservesProven` for the stake vault (owing
        /// every position's active, pending and cooling stake, `staked`) and one for the rewards
        /// vault (owing `liabilities + carried`). Fails with ReservesShort, after a log line
        /// naming each short vault, if either is below its obligations. Changes nothing.
        prove_reserves() {
            config: ; seeds [CONFIG_SEED],
            stake_vault: ; seeds [STAKE_VAULT_SEED],
            rewards_vault: ; seeds [REWARDS_VAULT_SEED],
        }

        /// The position's staker locks it against unstake and withdraw until the proposal's
        /// voting can end (its end plus the late-quorum extension, read from io_governance's
        /// proposal), as io_governance's `vote` requires. The lock only lengthens and releases by
        /// itself; slashing still applies.
        lock_position() {
            staker: signer,
            position: writable,
            /// io_governance's Proposal the staker is about to vote on.
            proposal: ,
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
        AlreadyInitialized = 6007: "The staking program is already initialised",
        Unauthorized = 6008: "The signer is not allowed to do this",
        InvalidProgramData = 6009: "The program data account is not this program's",
        InvalidConfig = 6010: "The config account is not the staking config",
        InvalidParams = 6011: "Parameters out of bounds",
        InvalidVault = 6012: "The mint or a vault is not the configured one",
        InvalidParticipant = 6013: "The participant account is not this key's participant",
        ParticipantExists = 6014: "This key is already a participant",
        InvalidKind = 6015: "The kind must be 0 (node) or 1 (user)",
        NotNodeOwner = 6016: "Only the node's owner registers and controls its participant",
        ShareOutOfBounds = 6017: "The reward share is outside the governed bounds",
        ZeroAmount = 6018: "The amount must be above zero",
        InvalidPosition = 6019: "The position account is not this staker's position with this participant",
        InsufficientStake = 6020: "The position has less active stake than that",
        CooldownActive = 6021: "Nothing in this position has finished its cooldown",
        WrongEpoch = 6022: "The epoch account is not the participant's outstanding epoch",
        EpochNotOver = 6023: "The epoch's length has not passed",
        NotOracle = 6024: "The signer is not a member of the current oracle set",
        InvalidOracleConfig = 6025: "The oracle config is not io_oracle's",
        AlreadyAttested = 6026: "This oracle already attested this node in this epoch",
        NotANode = 6027: "Only node participants earn availability and compute rewards or can be slashed",
        InvalidNode = 6028: "The node account is not the participant's io_jobs node",
        ArithmeticOverflow = 6029: "Arithmetic overflow",
        NothingToClaim = 6030: "Nothing to claim",
        SlashPending = 6031: "A slash of this node is pending, contested or upheld",
        NoSlash = 6032: "No slash is pending for this node",
        SlashWindowOpen = 6033: "The slash's contest window has not passed",
        SlashContested = 6034: "The slash is contested: the admin decides",
        SlashWindowClosed = 6035: "The contest window has passed",
        NoPendingAdmin = 6036: "No admin change is pending",
        MinimumStake = 6037: "A position staked to another participant holds at least 1 IO or nothing (active, and active plus pending)",
        SettleFirst = 6038: "The participant has a registration in a closed epoch to settle first (claim)",
        InvalidDestination = 6039: "The destination is a token account of this program's own authority: the IO would be stranded there",
        DecisionLapsed = 6040: "The contested slash's decision deadline has passed: it can only be dismissed",
        ReservesShort = 6041: "A vault holds less than its obligations (the log names it)",
        PositionLocked = 6042: "The position is locked by a governance vote until the proposal's voting ends",
        InvalidProposal = 6043: "The account is not an io_governance proposal",
        LockTooLong = 6044: "The proposal's lock end is further away than governance's longest voting period plus extension",
        InvalidPriorityTiers = 6045: "Priority tiers: at most 800,000,000 IO, rising strictly, 0s only above",
        InvalidProfile = 6046: "The account is not the io_jobs profile of this participant's user",
        NotAUser = 6047: "Only user participants sync usage",
        InvalidUsageParams = 6048: "Usage rewards: usage_bps at most 3,000 and max_usage_rate at most 1e9",
        UsageOff = 6049: "Usage rewards are off (usage_bps or max_usage_rate is 0): usage is not synced",
    }
    events {
        /// A participant registered.
        ParticipantRegistered { participant: pubkey, key: pubkey, authority: pubkey, kind: u8, share_bps: u16 }
        /// A participant's share changes from `effective_epoch`.
        RewardShareSet { participant: pubkey, share_bps: u16, effective_epoch: u32 }
        /// IO was staked.
        Staked { participant: pubkey, staker: pubkey, amount: u64, own: bool }
        /// Stake entered cooldown.
        Unstaked { participant: pubkey, staker: pubkey, amount: u64, cooldown_end: i64 }
        /// Stake left the program.
        Withdrawn { participant: pubkey, staker: pubkey, amount: u64 }
        /// Rewards were paid (or re-staked).
        Claimed { participant: pubkey, staker: pubkey, amount: u64, compounded: bool }
        /// A node's weight (by how much it rose with its availability figure) or computing points
        /// were added to its registration for an epoch.
        Registered { participant: pubkey, epoch: u32, weight: u64, points: u64 }
        /// A participant's registration for a closed epoch was settled.
        Settled { participant: pubkey, epoch: u32, reward: u64, to_stakers: u64 }
        /// An epoch closed: its rewards, what the availability, compute and usage pools assigned
        /// (`usage`: what the users' usage settles at the usage rate), what carried forward.
        EpochClosed { epoch: u32, rewards: u64, availability: u64, compute: u64, carried: u64, weight: u64, points: u64, usage: u64 }
        /// A slash is pending, contested, resolved or executed.
        SlashUpdate { participant: pubkey, state: u8, amount: u64 }
        /// An admin change was proposed.
        AdminProposed { admin: pubkey, pending_admin: pubkey }
        /// An admin change was accepted.
        AdminAccepted { previous_admin: pubkey, admin: pubkey }
        /// A position was locked for a governance vote until `locked_until`.
        PositionLockedFor { position: pubkey, proposal: pubkey, locked_until: i64 }
        /// `prove_reserves`: a vault's balance, what it owes, and the difference (0 when short).
        ReservesProven { vault: pubkey, balance: u64, obligations: u64, surplus: u64 }
    }
    accounts {
        /// The staking config, at PDA ["config"].
        StakingConfig {
            version: u8,
            bump: u8,
            authority_bump: u8,
            stake_vault_bump: u8,
            admin: pubkey,
            pending_admin: pubkey,
            io_mint: pubkey,
            stake_vault: pubkey,
            rewards_vault: pubkey,
            /// Seconds per epoch, for epochs opened from now on (the open one: `open_epoch_length`).
            epoch_length: u32,
            /// The share of each epoch's rewards for availability; the rest is for compute.
            availability_bps: u16,
            min_node_stake: u64,
            /// Stake counted in a node's availability weight at most.
            weight_cap: u64,
            min_share_bps: u16,
            max_share_bps: u16,
            /// Seconds unstaked stake waits, for stake committed from now on; stake already in
            /// waits its position's `cooldown` or this, whichever is shorter.
            cooldown: u32,
            slash_bps: u16,
            slash_window: u32,
            /// Seconds an oracle's slash vote counts towards a quorum.
            slash_vote_ttl: u32,
            /// The open epoch and when it started.
            epoch: u32,
            epoch_start: i64,
            /// Registered in the open epoch: availability weight, computing points, participants.
            open_weight: u64,
            open_points: u64,
            open_registrations: u32,
            /// IO in the rewards vault owed to participants and stakers (assigned, not yet paid).
            liabilities: u64,
            /// IO in the rewards vault nobody earned yet (empty pools, rounding): the next epoch's.
            carried: u64,
            /// Running totals: new rewards seen at epoch closes, and paid out (or re-staked).
            /// Always: emitted = paid + liabilities + carried.
            emitted: u64,
            paid: u64,
            /// The compute rate's cap: IO base units per computing point, scaled by 1e9 (1e12:
            /// 10 IO per $1 of points). What it leaves of the compute pool carries forward.
            max_compute_rate: u64,
            /// The open epoch's length, fixed when it opened (the `epoch_length` then): it closes
            /// once this has passed since `epoch_start`.
            open_epoch_length: u32,
            /// IO in the stake vault owed to positions: every position's active, pending and
            /// cooling stake (in by `stake` and compounding claims, out by `withdraw` and slashes).
            staked: u64,
            /// Voting (docs/governance.md): the epoch of the last change of any position's
            /// voting stake (active plus pending), the sum of voting stake at that epoch's start,
            /// and the sum now.
            power_epoch: u32,
            power_start: u64,
            voting_total: u64,
            /// Priority tiers: whole IO of `own_stake + delegated` for tiers 1-3 (0 off).
            priority_io: [u32; 3],
            /// Usage rewards for teams (docs/demand-side.md): usage (USD, 6 decimals, synced
            /// from users' io_jobs profiles) registered in the open epoch, the share of the
            /// compute pool that goes to usage, and the usage rate's cap (IO base units per USD
            /// base unit of usage, scaled by 1e9). What the cap leaves carries forward.
            open_usage: u64,
            usage_bps: u16,
            max_usage_rate: u64,
            reserved: [u8; 8],
        }
        /// A closed epoch, at PDA ["epoch", index (u32 LE)].
        Epoch {
            version: u8,
            bump: u8,
            index: u32,
            /// Rewards per unit of weight and per point, scaled by 1e9.
            availability_rate: u64,
            compute_rate: u64,
            weight: u64,
            points: u64,
            /// Assigned to registrations and not yet settled; released when the last settles.
            remaining: u64,
            outstanding: u32,
            closed_at: i64,
            /// Rewards per unit of usage (USD base unit), scaled by 1e9, and the usage registered.
            usage_rate: u64,
            usage: u64,
        }
        /// A participant, at PDA ["participant", key].
        Participant {
            version: u8,
            bump: u8,
            /// 0 node, 1 user.
            kind: u8,
            /// Slash state: 0 none, 1 pending, 2 contested, 3 upheld.
            slash_state: u8,
            key: pubkey,
            authority: pubkey,
            share_bps: u16,
            /// A share change and the epoch it applies from (0: none).
            next_share_bps: u16,
            next_share_epoch: u32,
            /// The participant's own stake, and stake from others earning its share.
            own_stake: u64,
            delegated: u64,
            /// Rewards per unit of delegated stake, scaled by 1e9, and owed to stakers in total.
            acc_per_stake: u64,
            stakers_owed: u64,
            /// The participant's own unclaimed rewards.
            claimable: u64,
            /// The outstanding registration: its epoch, weight and points.
            reg_epoch: u32,
            reg_weight: u64,
            reg_points: u64,
            /// io_jobs computing points already synced, and the node's `registered_at` they were
            /// synced from (another value: the node was retired and registered again).
            points_synced: u64,
            node_registered_at: i64,
            /// The availability round: epoch, oracle set version, members that voted, and each
            /// member's vote as a factor in basis points (0: failed).
            avail_epoch: u32,
            avail_version: u32,
            avail_mask: u16,
            avail_factor: [u16; 10],
            /// Registered for `avail_epoch`: the figure (factor) and the weight. They only rise
            /// during the epoch, across rounds of different set versions too.
            avail_figure: u16,
            avail_weight: u64,
            /// Slash votes: oracle set version, members, and when each member's vote expires
            /// (its time plus the vote ttl in force when it was cast).
            slash_version: u32,
            slash_mask: u16,
            slash_expires_at: [i64; 10],
            /// The slash in progress (while `slash_state` is not 0), fixed when its quorum was
            /// reached: when the contest window ends, the fraction of own stake it burns, and
            /// when anyone may dismiss it if it is contested and still undecided.
            slash_at: i64,
            slash_bps: u16,
            slash_deadline: i64,
            reserved: [u8; 22],
        }
        /// A staker's position with a participant, at PDA ["position", participant, staker].
        Position {
            version: u8,
            bump: u8,
            participant: pubkey,
            staker: pubkey,
            /// Stake earning the share, and stake waiting for the next epoch to earn.
            active: u64,
            pending: u64,
            pending_epoch: u32,
            /// The participant's accumulator at the last settlement, and rewards not yet paid.
            debt: u64,
            rewards: u64,
            /// Stake in cooldown and when it may be withdrawn.
            cooling: u64,
            cooldown_end: i64,
            /// The cooldown (seconds) the position's stake was committed under: the governed one
            /// when it was staked, the longest of them when it was staked several times while
            /// holding stake. An unstake waits this, or the governed cooldown if shorter.
            cooldown: u32,
            /// Voting (io_common::staking): the epoch of the last change of the voting stake
            /// (active plus pending) and the least voting stake held since that epoch began.
            power_epoch: u32,
            power_base: u64,
            /// Locked by governance votes: no unstake or withdraw before this time.
            locked_until: i64,
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
