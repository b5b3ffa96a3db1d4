//! The io_governance interface: the single source of its instructions, accounts, events and
//! errors, and of idl/io_governance.json (see io_common's `interface!`).
//!
//! Staked IO in io_staking votes on proposals that each carry up to four typed actions, executed
//! in order and atomically: a change of a governed parameter of any program (bounds-checked
//! when proposed, applied to the config as it is at execution), a new io_oracle set, or the
//! acceptance of a program's admin role. Voting power is
//! the stake a position held from the start of the epoch the proposal opened in
//! (io_common::staking); quorum is a fraction of the total staked then. Passed proposals wait a
//! timelock, then anyone executes them within a grace period, by CPI signed by the executor PDA.

#[allow(unused_imports)] // the seeds are read only by the host-side IDL build
use crate::state::{
    CONFIG_SEED, DEPOSIT_VAULT_SEED, EXECUTOR_SEED, IO_MINT, IO_STAKING_ID, LOADER_V3,
    PROPOSAL_SEED, STAKING_CONFIG_SEED, TOKEN_2022_ID, VOTE_SEED,
};

io_common::interface! {
    program: "io_governance";
    /// Governance: staked IO votes typed parameter changes, oracle-set changes and admin
    /// hand-overs through quorum, threshold and a timelock, executed on chain.
    instructions {
        /// Creates the governance config with its parameters and guardian. Only the upgrade
        /// authority, once. The parameters then change only through governance.
        initialize(
            voting_period: u32,
            quorum_bps: u16,
            threshold_bps: u16,
            timelock: u32,
            grace_period: u32,
            late_quorum_extension: u32,
            proposal_threshold: u64,
            guardian: pubkey,
        ) {
            payer: writable signer,
            program_data: ; seeds [crate::ID] of LOADER_V3,
            config: writable; seeds [CONFIG_SEED],
            system_program: @ pinocchio_system::ID,
        }

        /// A staker whose position held at least the proposal threshold since the start of the
        /// open epoch proposes 1 to 4 actions, executed in order and atomically. `actions` packs
        /// each as 42 bytes: kind (u8), target (u8), value (u64 LE), key (32 bytes, zero where
        /// the kind takes none). Kind 0 sets governed parameter `target` of any program
        /// (io_common::governance::param: 0..=8 io_jobs, 16..=26 io_staking, 32..=35 io_oracle,
        /// 40..=48 io_buyback, 64..=71 io_governance's own config, 88..=92 io_token's emission
        /// and IOSD state, whose setters also take io_token's config) to `value` within its
        /// program's bounds; 1 sets io_oracle's set to `members` with quorum `value` (once per
        /// proposal); 2 accepts the admin role of program `target` (0 io_token, 1 io_oracle, 2
        /// io_jobs, 3 io_staking, 4 io_buyback); 3 pays `value` USDC from io_buyback's
        /// incentives vault to the USDC token account `key` (target 0); 4 sets a guardian to
        /// `key` (target 0 io_buyback's, 1 io_governance's own: then guardian actions only, and
        /// the guardian cannot veto it); 5 makes the executor propose `key` as the admin of
        /// program `target` (as kind 2); 6 calls admin instruction `target`
        /// (io_common::governance::admin_call: 0/1 io_token `release` of the research &
        /// ecosystem / community bucket, `value` IO to the IO account `key`; 2 io_staking
        /// `resolve_slash` of participant `key`, value 1 upholds, 0 dismisses; 3 io_jobs
        /// `resolve_dispute` of job `key` with `value` final hours; 4 io_buyback `unpause`;
        /// 5 io_token `set_rewards_vault` to the IO account `key`; 6 io_token `lock_genesis`;
        /// 7 io_token `set_iosd_spender(key)`) with `value` within the call's bounds; 9 upgrades
        /// program `target` (0-4 as kind 2, 5 io_governance) with the BPF upgradeable loader's
        /// Buffer `key`, whose authority must be the proposer: `propose` hands it to the
        /// executor (the loader's SetAuthority, the proposer signing), so only the buffer's
        /// holder can put it to a vote, and a buffer the executor holds already is refused
        /// (its content's sha256 is fixed on the proposal). The remaining accounts are each
        /// action's target config (io_buyback's config for a spend, the callee's config for a
        /// call, the buffer for an upgrade, writable), in order (read: the value now, kept for
        /// the diff), then the account each spend and each call with a key names (the key
        /// itself), in order, then each upgrade's ProgramData (its upgrade authority must be the
        /// executor), in order, then with any upgrade the executor and the loader. The proposal deposit in force
        /// (parameter 71, IO base units) moves from `proposer_io` to the deposit vault, created
        /// on the first deposit; `refund_deposit` returns it once the voting is over.
        /// `index` is the next proposal's number. The rules in force now are fixed on the
        /// proposal, and its snapshot is the start of io_staking's open epoch.
        propose(index: u64, actions: bytes, members: pubkeys) {
            proposer: writable signer,
            config: writable; seeds [CONFIG_SEED],
            proposal: writable; seeds [PROPOSAL_SEED, arg(index)],
            /// The proposer's io_staking position.
            position: ,
            staking_config: ; seeds [STAKING_CONFIG_SEED] of IO_STAKING_ID,
            system_program: @ pinocchio_system::ID,
            /// The proposer's IO token account the deposit is paid from (unused when the deposit is 0).
            proposer_io: writable,
            /// Holds every unrefunded deposit (a Token-2022 IO account, its own authority).
            deposit_vault: writable; seeds [DEPOSIT_VAULT_SEED],
            io_mint: @ IO_MINT,
            token_program: @ TOKEN_2022_ID,
        }

        /// The position's staker votes 0 no, 1 yes or 2 abstain with the stake the position held
        /// from the start of the proposal's epoch, once per position, before the voting ends.
        /// The position must be locked until the proposal's lock end (io_staking's
        /// lock_position, in the same transaction). A vote that reaches the quorum within the
        /// late-quorum extension of the end, or that turns the outcome (passing to failing or back)
        /// there, moves the end to the extension from now, at most to the proposal's lock end.
        vote(choice: u8) {
            voter: writable signer,
            config: ; seeds [CONFIG_SEED],
            proposal: writable,
            position: ,
            vote_record: writable; seeds [VOTE_SEED, account(proposal), account(position)],
            system_program: @ pinocchio_system::ID,
        }

        /// After the voting ends, anyone queues a proposal that reached its quorum (yes, no and
        /// abstain) and threshold (yes over yes plus no), within its grace period: it may be
        /// executed once its timelock has passed. A defeated or expired proposal is refused.
        queue() {
            caller: signer,
            config: ; seeds [CONFIG_SEED],
            proposal: writable,
        }

        /// Anyone executes a queued proposal after its timelock and before its grace period
        /// ends: each action in order, a CPI into its target program signed by the executor PDA
        /// as its admin. The remaining accounts are each action's, in order: the target program
        /// and its config (writable), and for an oracle set io_oracle's price feed (writable),
        /// for a spend io_buyback's incentives vault (writable), the USDC mint, the destination
        /// (writable, the action's key), io_buyback's authority and SPL Token; for a parameter
        /// of io_token's, after the written state its config (read-only); for an admin call the
        /// call's other accounts in the callee's order (the one its key names among them); for
        /// an upgrade the program (writable) and its ProgramData (writable) in place of program
        /// and config, then the buffer (writable, the action's key), the spill account
        /// (writable: the proposer, who gets the buffer's lamports), the Rent and Clock sysvars
        /// and the loader.
        /// If any action fails nothing changes: the proposal stays queued and may be executed
        /// again.
        execute() {
            caller: signer,
            config: ; seeds [CONFIG_SEED],
            proposal: writable,
            executor: ; seeds [EXECUTOR_SEED],
        }

        /// The proposer cancels its proposal while it is being voted on (before its end).
        cancel() {
            proposer: signer,
            proposal: writable,
        }

        /// The guardian vetoes a queued proposal during its timelock (before its eta), except
        /// one that replaces io_governance's guardian. It can do nothing else.
        veto() {
            guardian: signer,
            config: ; seeds [CONFIG_SEED],
            proposal: writable,
        }

        /// Anyone completes a hand-over the admin started: once program `target` (0 io_token,
        /// 1 io_oracle, 2 io_jobs, 3 io_staking, 4 io_buyback) has the executor as its pending
        /// admin (its own propose_admin), its accept_admin is called by CPI with the executor
        /// signing. No vote: the admin chose to hand the role over and governance only gains it.
        accept_admin(target: u8) {
            config: ; seeds [CONFIG_SEED],
            executor: ; seeds [EXECUTOR_SEED],
            target_program: ,
            /// The target program's config (its admin is written).
            target_config: writable,
        }

        /// Anyone closes the buffer of upgrade action `position` of a proposal that can never
        /// execute (defeated, expired, cancelled or vetoed) through the loader's Close, the
        /// executor signing as the buffer's authority; its lamports go to the proposal's
        /// proposer, who handed the buffer over at `propose`. Once per action. Refused while the
        /// proposal can still execute (being voted on, passed and not yet expired, queued within
        /// its grace period) and after it executed.
        reclaim_buffer(position: u8) {
            proposal: writable,
            /// The action's buffer (its key), held by the executor.
            buffer: writable,
            /// The proposal's proposer: receives the buffer's lamports.
            proposer: writable,
            executor: ; seeds [EXECUTOR_SEED],
            loader: @ LOADER_V3,
        }

        /// Anyone returns a proposal's deposit to an IO token account of its proposer, once the
        /// proposal is out of Voting (its voting ended, or it was cancelled), whatever its
        /// outcome: passed, defeated, expired, vetoed or cancelled. Once per proposal.
        refund_deposit() {
            proposal: writable,
            deposit_vault: writable; seeds [DEPOSIT_VAULT_SEED],
            /// An IO token account whose owner is the proposal's proposer.
            proposer_io: writable,
            io_mint: @ IO_MINT,
            token_program: @ TOKEN_2022_ID,
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
        AlreadyInitialized = 6007: "Governance is already initialised",
        Unauthorized = 6008: "The signer is not allowed to do this",
        InvalidProgramData = 6009: "The program data account is not this program's",
        InvalidConfig = 6010: "The config account is not the governance config",
        InvalidParams = 6011: "Governance parameters out of bounds",
        InvalidProposal = 6012: "The account is not a proposal of this program",
        WrongProposalIndex = 6013: "The index is not the next proposal's",
        InvalidAction = 6014: "Unknown action or target",
        ParamOutOfBounds = 6015: "The new value is outside the bounds the target program declares",
        InvalidOracleSet = 6016: "The oracle set is empty, too large, repeats or has no majority quorum",
        InvalidPosition = 6017: "The position is not io_staking's position of the signer",
        InvalidStakingConfig = 6018: "The account is not io_staking's config",
        BelowProposalThreshold = 6019: "The proposer's voting power is below the proposal threshold",
        StakeChangedAfterStart = 6020: "The position's stake changed after the proposal's start epoch: it cannot vote on it",
        NoVotingPower = 6021: "The position held no stake at the proposal's start",
        PositionNotLocked = 6022: "The position is not locked until the proposal's lock end (io_staking lock_position)",
        AlreadyVoted = 6023: "This position already voted on this proposal",
        VotingClosed = 6024: "The proposal is not open for votes",
        VotingOpen = 6025: "The proposal's voting has not ended",
        ProposalDefeated = 6026: "The proposal did not reach its quorum or threshold",
        ProposalExpired = 6027: "The proposal's grace period has passed",
        NotQueued = 6028: "The proposal is not queued",
        TimelockActive = 6029: "The proposal's timelock has not passed",
        InvalidTarget = 6030: "The target program or account is not the action's",
        GuardianOnlyVetoes = 6031: "The guardian can only veto",
        InvalidChoice = 6032: "The choice must be 0 (no), 1 (yes) or 2 (abstain)",
        ArithmeticOverflow = 6033: "Arithmetic overflow",
        WrongState = 6034: "The proposal is not in a state that allows this",
        InvalidVoteRecord = 6035: "The vote record is not this position's record for this proposal",
        VetoWindowClosed = 6036: "The proposal's timelock has passed: the guardian can no longer veto it",
        InvalidActionCount = 6037: "A proposal carries 1 to 4 actions of 42 bytes each",
        DuplicateAction = 6038: "Two actions of the proposal change the same thing",
        InvalidDestination = 6039: "A spend's destination is not a USDC token account of SPL Token, or is io_buyback's own; a release's is not an IO account, or is io_token's own",
        WrongDestination = 6040: "The destination account is not the one the spend action names",
        GuardianCannotVetoReplacement = 6041: "The guardian cannot veto a proposal that replaces the guardian",
        GuardianActionNotAlone = 6042: "A proposal replacing the governance guardian carries guardian actions only",
        InvalidDepositAccount = 6043: "The deposit vault or the proposer's IO token account is not the expected one",
        DepositLocked = 6044: "The proposal is still being voted on: its deposit is refunded once the voting is over",
        DepositAlreadyRefunded = 6045: "The proposal's deposit was refunded already",
        NoDeposit = 6046: "The proposal holds no deposit",
        InvalidBuffer = 6047: "The buffer is not a BPF upgradeable loader buffer whose authority is the executor",
        BufferChanged = 6048: "The upgrade buffers' content is not the one proposed",
        CallTargetChanged = 6049: "The slash, dispute or pause an admin call was proposed for is no longer the one in force",
        BufferNotProposers = 6050: "An upgrade's buffer must have the proposer as its authority (the proposer hands it to the executor at propose)",
        ProposalCanStillExecute = 6051: "The proposal can still execute: its buffer stays until it is defeated, expired, cancelled or vetoed",
        BufferAlreadyReclaimed = 6052: "This upgrade action's buffer was reclaimed already",
        BufferNotHandedOver = 6053: "This upgrade action's buffer was not handed over by the proposer at propose (a proposal made before that rule)",
    }
    events {
        /// A proposal opened: its number of actions (each logged by ActionProposed), its
        /// snapshot epoch, the stake eligible then and when its voting ends.
        Proposed { proposal: pubkey, index: u64, proposer: pubkey, action_count: u8, snapshot_epoch: u32, eligible: u64, end: i64 }
        /// One action of a proposal (`position` in the proposal's order): the value in force
        /// when proposed and the new one.
        ActionProposed { proposal: pubkey, position: u8, kind: u8, target: u8, old_value: u64, value: u64, key: pubkey }
        /// A position voted.
        VoteCast { proposal: pubkey, position: pubkey, voter: pubkey, choice: u8, power: u64 }
        /// The quorum arrived late: the voting ends later.
        VotingExtended { proposal: pubkey, end: i64 }
        /// A passed proposal was queued; it may be executed from `eta`.
        ProposalQueued { proposal: pubkey, eta: i64 }
        /// A proposal's action was executed.
        ProposalExecuted { proposal: pubkey }
        /// The proposer cancelled.
        ProposalCancelled { proposal: pubkey }
        /// The guardian vetoed.
        ProposalVetoed { proposal: pubkey, guardian: pubkey }
        /// The proposer paid the proposal deposit into the deposit vault.
        DepositTaken { proposal: pubkey, proposer: pubkey, amount: u64 }
        /// A proposal's deposit went back to its proposer's IO account.
        DepositRefunded { proposal: pubkey, destination: pubkey, amount: u64 }
        /// The buffer of upgrade action `position` of a proposal that can never execute was
        /// closed; its lamports went to the proposer.
        BufferReclaimed { proposal: pubkey, position: u8, buffer: pubkey, proposer: pubkey, lamports: u64 }
    }
    accounts {
        /// The governance config, at PDA ["config"].
        GovernanceConfig {
            version: u8,
            bump: u8,
            executor_bump: u8,
            /// Seconds a proposal is open for votes.
            voting_period: u32,
            /// Of the stake eligible at the snapshot, the votes (yes, no, abstain) needed.
            quorum_bps: u16,
            /// Of yes plus no, the yes votes needed (strictly more than this).
            threshold_bps: u16,
            /// Seconds from queueing to the earliest execution (at least 1: the guardian's veto window).
            timelock: u32,
            /// Seconds after the voting (to queue) and after the timelock (to execute).
            grace_period: u32,
            /// A quorum reached within this many seconds of the end moves the end to this from then.
            late_quorum_extension: u32,
            /// Voting power a proposer needs.
            proposal_threshold: u64,
            /// The key that may veto queued proposals, and nothing else.
            guardian: pubkey,
            /// Proposals made so far (the next one's index).
            proposal_count: u64,
            /// IO (base units) a proposer deposits, refunded once the voting is over (0: none).
            proposal_deposit: u64,
            reserved: [u8; 56],
        }
        /// A proposal, at PDA ["proposal", index (u64 LE)].
        Proposal {
            version: u8,
            bump: u8,
            /// 0 voting, 1 queued, 2 executed, 3 cancelled, 4 vetoed.
            state: u8,
            /// The number of actions (1..=4), executed in order.
            action_count: u8,
            index: u64,
            proposer: pubkey,
            /// io_staking's epoch whose start is the snapshot.
            snapshot_epoch: u32,
            /// The late-quorum extension fixed at creation.
            extension: u32,
            /// The latest the voting can end (end plus extension): votes lock positions until it.
            lock_end: i64,
            start: i64,
            /// When the voting ends (later if the quorum arrived late).
            end: i64,
            /// The stake eligible at the snapshot (io_staking's counters).
            eligible: u64,
            yes: u64,
            no: u64,
            abstain: u64,
            /// The rules fixed at creation: later changes never apply to this proposal.
            quorum_bps: u16,
            threshold_bps: u16,
            timelock: u32,
            grace_period: u32,
            /// When it may be executed (queued).
            eta: i64,
            /// The actions, slot `i` for action `i` (struct of arrays: the IDL's account types
            /// have no nested structs): kind (0 parameter, 1 oracle set, 2 accept admin, 3 spend,
            /// 4 guardian, 5 propose admin, 6 admin call, 9 upgrade),
            /// target (the parameter or program), the new value, the value in force when proposed
            /// (the diff) and a 32-byte key where the kind needs one.
            kinds: [u8; 4],
            targets: [u8; 4],
            values: [u64; 4],
            old_values: [u64; 4],
            keys: [pubkey; 4],
            /// The oracle set of the (only) oracle-set action, stored once.
            member_count: u8,
            members: [pubkey; 10],
            /// The IO the proposer deposited (base units; the parameter in force when proposed).
            deposit: u64,
            /// 1 once the deposit went back to the proposer.
            deposit_refunded: u8,
            /// The upgrade actions' buffers, fixed when proposed: zero without one, else the
            /// chain d = sha256(d || sha256(buffer's program bytes)) from zero, in action order.
            upgrade_digest: [u8; 32],
            /// Bit `i` set once upgrade action `i`'s buffer was reclaimed (`reclaim_buffer`).
            buffers_reclaimed: u8,
            /// Bit `i` set when `propose` took upgrade action `i`'s buffer from the proposer and
            /// handed it to the executor; zero on proposals made before that rule, whose buffers
            /// `reclaim_buffer` therefore never closes (another's buffer could be named then).
            buffers_held: u8,
            reserved: [u8; 21],
        }
        /// A position's vote on a proposal, at PDA ["vote", proposal, position]: once.
        VoteRecord {
            version: u8,
            bump: u8,
            choice: u8,
            proposal: pubkey,
            position: pubkey,
            voter: pubkey,
            power: u64,
        }
    }
}
