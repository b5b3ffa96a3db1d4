//! Seeds, bounds, states and the vote arithmetic.

pub use crate::interface::{GovernanceConfig, Proposal, VoteRecord};
pub use io_common::loader::LOADER_V3;
pub use io_common::staking::IO_STAKING_ID;
pub use io_common::token::IO_MINT;
pub use pinocchio_token_2022::ID as TOKEN_2022_ID;

use crate::interface::Error;
use io_common::math::checked_mul;

pub const CONFIG_SEED: &[u8] = b"config";
pub const EXECUTOR_SEED: &[u8] = b"executor";
pub const PROPOSAL_SEED: &[u8] = b"proposal";
pub const VOTE_SEED: &[u8] = b"vote";
pub const DEPOSIT_VAULT_SEED: &[u8] = b"deposit_vault";
/// IO's decimals (io_token's mint), for the deposit's transfer_checked.
pub const IO_DECIMALS: u8 = 8;
/// io_staking's config seed (its PDA ["config"]).
pub const STAKING_CONFIG_SEED: &[u8] = b"config";

pub const ACCOUNT_VERSION: u8 = 1;
pub const BPS: u64 = 10_000;
pub const DAY: u32 = 86_400;
/// The longest voting period, timelock and grace period: 30 days (each at least 1 second); the
/// longest late-quorum extension: 7 days.
pub const MAX_PERIOD: u32 = 30 * DAY;
pub const MAX_EXTENSION: u32 = 7 * DAY;
/// Most oracle-set members (io_oracle's).
pub const MAX_MEMBERS: usize = io_common::oracle::MAX_ORACLES;

/// Proposal states stored on the account. Succeeded, Defeated and Expired follow from the
/// clock and the tallies (`queue`, `execute` and the SDK's `proposalStatus` derive them).
pub const VOTING: u8 = 0;
pub const QUEUED: u8 = 1;
pub const EXECUTED: u8 = 2;
pub const CANCELLED: u8 = 3;
pub const VETOED: u8 = 4;

/// Actions. A parameter action's target is a parameter id of any program
/// (io_common::governance::param; 0..=8 are io_jobs').
pub const ACTION_PARAM: u8 = 0;
pub const ACTION_ORACLE_SET: u8 = 1;
pub const ACTION_ACCEPT_ADMIN: u8 = 2;
/// Pays `value` USDC (base units, > 0) from io_buyback's USD-incentives vault to the SPL Token
/// account `key` (a USDC account not io_buyback's own, checked when proposed) by io_buyback's
/// `spend_incentives`; target 0.
pub const ACTION_SPEND: u8 = 3;
/// Sets a guardian to `key` (value 0): target `GUARDIAN_BUYBACK` io_buyback's (`set_guardian`,
/// who may pause it), `GUARDIAN_GOVERNANCE` io_governance's own (written directly; proposals
/// made afterwards see it). A proposal replacing io_governance's guardian carries guardian
/// actions only, and the guardian cannot veto it.
pub const ACTION_GUARDIAN: u8 = 4;
/// The executor proposes `key` as the new admin of program `target` (value 0; 0 io_token,
/// 1 io_oracle, 2 io_jobs, 3 io_staking, 4 io_buyback: io_common::governance::admin_target) by
/// its `propose_admin`; the key then accepts with that program's `accept_admin`.
pub const ACTION_PROPOSE_ADMIN: u8 = 5;
/// Calls an admin instruction that takes arguments or accounts of its own, by target
/// (io_common::governance::admin_call: 0/1 io_token `release` of the research & ecosystem /
/// community bucket, `value` IO base units to the IO account `key`; 2 io_staking
/// `resolve_slash` of the participant `key`, value 1 upholds, 0 dismisses; 3 io_jobs
/// `resolve_dispute` of the job `key` with `value` final hours; 4 io_buyback `unpause`, value 0,
/// no key; 5 io_token `set_rewards_vault` to the IO account `key`; 6 io_token `lock_genesis`;
/// 7 io_token `set_iosd_spender(key)`). Two calls of one target differ by their key.
pub const ACTION_CALL: u8 = 6;
/// Upgrades program `target` (io_common::governance::upgrade_target: 0-4 as kind 2, 5
/// io_governance) with the loader v3 Buffer `key` (value 0), whose authority is the executor:
/// nobody can write, close or re-authorise it before the execution; the proposal fixes its
/// content's sha256 (`upgrade_digest`) against a buffer closed and re-created at the same address.
pub const ACTION_UPGRADE: u8 = 9;
pub const GUARDIAN_BUYBACK: u8 = 0;
pub const GUARDIAN_GOVERNANCE: u8 = 1;

/// The proposal replaces io_governance's guardian (its guardian then cannot veto it).
pub fn replaces_guardian(p: &Proposal) -> bool {
    let count = (p.action_count as usize).min(MAX_ACTIONS);
    (0..count).any(|i| {
        Action::of(p, i)
            .is_some_and(|a| a.kind == ACTION_GUARDIAN && a.target == GUARDIAN_GOVERNANCE)
    })
}

/// A proposal replacing io_governance's guardian carries guardian actions only: bundled with
/// anything else, the unvetoable replacement would shield the other actions from the veto.
pub fn check_guardian_alone(actions: &[Action]) -> Result<(), Error> {
    let replaces = actions
        .iter()
        .any(|a| a.kind == ACTION_GUARDIAN && a.target == GUARDIAN_GOVERNANCE);
    if replaces && actions.iter().any(|a| a.kind != ACTION_GUARDIAN) {
        return Err(Error::GuardianActionNotAlone);
    }
    Ok(())
}

/// Actions per proposal, and the bytes of one in `propose`'s `actions`: kind, target, value
/// (u64 LE), key (32 bytes).
pub const MAX_ACTIONS: usize = 4;
pub const ACTION_LEN: usize = 1 + 1 + 8 + 32;

/// One typed action, as `propose` takes it and the proposal keeps it (slot `i` of its arrays).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Action {
    pub kind: u8,
    pub target: u8,
    pub value: u64,
    pub key: [u8; 32],
}

impl Action {
    /// Decodes one 42-byte action.
    pub fn parse(bytes: &[u8]) -> Result<Action, Error> {
        let (head, key) = bytes
            .split_first_chunk::<10>()
            .ok_or(Error::InvalidActionCount)?;
        let key: [u8; 32] = key.try_into().map_err(|_| Error::InvalidActionCount)?;
        let [kind, target, value @ ..] = *head;
        Ok(Action {
            kind,
            target,
            value: u64::from_le_bytes(value),
            key,
        })
    }

    /// The proposal's action in slot `i`.
    pub fn of(p: &Proposal, i: usize) -> Option<Action> {
        Some(Action {
            kind: *p.kinds.get(i)?,
            target: *p.targets.get(i)?,
            value: p.values.get(i)?.get(),
            key: p.keys.get(i)?.to_bytes(),
        })
    }

    /// Writes the action and the value in force into slot `i`.
    pub fn store(&self, p: &mut Proposal, i: usize, old_value: u64) -> Result<(), Error> {
        let slot = |o: Option<()>| o.ok_or(Error::InvalidActionCount);
        slot(p.kinds.get_mut(i).map(|k| *k = self.kind))?;
        slot(p.targets.get_mut(i).map(|t| *t = self.target))?;
        slot(p.values.get_mut(i).map(|v| v.set(self.value)))?;
        slot(p.old_values.get_mut(i).map(|v| v.set(old_value)))?;
        slot(
            p.keys
                .get_mut(i)
                .map(|k| *k = pinocchio::Address::new_from_array(self.key)),
        )
    }
}

/// `propose`'s packed actions: 1 to 4 of 42 bytes, no two changing the same thing (the same
/// kind and target; at most one oracle set, whose members the proposal stores once).
pub fn parse_actions(bytes: &[u8]) -> Result<([Action; MAX_ACTIONS], usize), Error> {
    let count = bytes.len() / ACTION_LEN;
    if bytes.is_empty() || !bytes.len().is_multiple_of(ACTION_LEN) || count > MAX_ACTIONS {
        return Err(Error::InvalidActionCount);
    }
    let empty = Action {
        kind: 0,
        target: 0,
        value: 0,
        key: [0; 32],
    };
    let mut out = [empty; MAX_ACTIONS];
    for (i, chunk) in bytes.chunks_exact(ACTION_LEN).enumerate() {
        let a = Action::parse(chunk)?;
        let seen = out.get(..i).ok_or(Error::InvalidActionCount)?;
        let same = |b: &Action| match a.kind {
            ACTION_ORACLE_SET => true,
            // Calls of one target on different accounts (two disputes) are different things.
            ACTION_CALL => b.target == a.target && b.key == a.key,
            _ => b.target == a.target,
        };
        if seen.iter().any(|b| b.kind == a.kind && same(b)) {
            return Err(Error::DuplicateAction);
        }
        *out.get_mut(i).ok_or(Error::InvalidActionCount)? = a;
    }
    Ok((out, count))
}

/// Vote choices.
pub const NO: u8 = 0;
pub const YES: u8 = 1;
pub const ABSTAIN: u8 = 2;

/// The governed parameters, as `initialize` takes them.
pub struct Params {
    pub voting_period: u32,
    pub quorum_bps: u16,
    pub threshold_bps: u16,
    pub timelock: u32,
    pub grace_period: u32,
    pub late_quorum_extension: u32,
    pub proposal_threshold: u64,
    /// IO base units a proposer deposits (0..=MAX_PROPOSAL_DEPOSIT; `initialize` sets 0, only
    /// governance changes it).
    pub proposal_deposit: u64,
}

impl Params {
    /// Bounds: a voting period, a timelock and a grace period from 1 second to 30 days (a
    /// timelock of 0 would leave the guardian no window to veto and holders none to react), an
    /// extension up to 7 days, a quorum of 0.01%..100%, a threshold of at least a majority
    /// (50%..99.99%: yes must exceed it), a positive proposal threshold.
    pub fn check(&self) -> Result<(), Error> {
        let ok = (1..=MAX_PERIOD).contains(&self.voting_period)
            && (1..=MAX_PERIOD).contains(&self.grace_period)
            && (1..=MAX_PERIOD).contains(&self.timelock)
            && self.late_quorum_extension <= MAX_EXTENSION
            && (1..=BPS).contains(&(self.quorum_bps as u64))
            && (5_000..BPS).contains(&(self.threshold_bps as u64))
            && self.proposal_threshold > 0
            && self.proposal_deposit <= io_common::governance::MAX_PROPOSAL_DEPOSIT;
        if ok {
            Ok(())
        } else {
            Err(Error::InvalidParams)
        }
    }

    /// The parameters in force.
    pub fn read(c: &GovernanceConfig) -> Params {
        Params {
            voting_period: c.voting_period.get(),
            quorum_bps: c.quorum_bps.get(),
            threshold_bps: c.threshold_bps.get(),
            timelock: c.timelock.get(),
            grace_period: c.grace_period.get(),
            late_quorum_extension: c.late_quorum_extension.get(),
            proposal_threshold: c.proposal_threshold.get(),
            proposal_deposit: c.proposal_deposit.get(),
        }
    }

    pub fn write(&self, c: &mut GovernanceConfig) {
        c.voting_period.set(self.voting_period);
        c.quorum_bps.set(self.quorum_bps);
        c.threshold_bps.set(self.threshold_bps);
        c.timelock.set(self.timelock);
        c.grace_period.set(self.grace_period);
        c.late_quorum_extension.set(self.late_quorum_extension);
        c.proposal_threshold.set(self.proposal_threshold);
        c.proposal_deposit.set(self.proposal_deposit);
    }
}

/// `a x b >= c x d` without u128 multiplication (LLVM's BPF backend has none).
fn product_at_least(a: u64, b: u64, c: u64, d: u64) -> bool {
    let (hi1, lo1) = io_common::math::mul_wide(a, b);
    let (hi2, lo2) = io_common::math::mul_wide(c, d);
    (hi1, lo1) >= (hi2, lo2)
}

/// When a proposal's voting ended and it was not queued since, it can no longer be: its end plus
/// the grace period (`queue` refuses from then on; `reclaim_buffer` counts it dead).
pub fn queue_deadline(p: &Proposal) -> i64 {
    p.end.get().saturating_add(p.grace_period.get() as i64)
}

/// When a queued proposal can no longer execute: its eta plus the grace period.
pub fn execute_deadline(p: &Proposal) -> i64 {
    p.eta.get().saturating_add(p.grace_period.get() as i64)
}

/// The quorum: yes + no + abstain reach `quorum_bps` of the eligible stake.
pub fn quorum_reached(p: &Proposal) -> Result<bool, Error> {
    let votes = p
        .yes
        .get()
        .checked_add(p.no.get())
        .and_then(|v| v.checked_add(p.abstain.get()))
        .ok_or(Error::ArithmeticOverflow)?;
    Ok(votes > 0 && product_at_least(votes, BPS, p.eligible.get(), p.quorum_bps.get() as u64))
}

/// The threshold: yes x 10,000 > threshold_bps x (yes + no).
pub fn threshold_reached(p: &Proposal) -> Result<bool, Error> {
    let decided = p
        .yes
        .get()
        .checked_add(p.no.get())
        .ok_or(Error::ArithmeticOverflow)?;
    let yes = p.yes.get();
    Ok(yes > 0 && !product_at_least(decided, p.threshold_bps.get() as u64, yes, BPS))
}

/// `x x y` checked, for the handlers.
pub fn mul(x: u64, y: u64) -> Result<u64, Error> {
    checked_mul(x, y).ok_or(Error::ArithmeticOverflow)
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use io_common::testing::Rng;
    extern crate std;
    use std::vec;

    fn proposal(
        data: &mut [u8],
        eligible: u64,
        yes: u64,
        no: u64,
        abstain: u64,
        q: u16,
        t: u16,
    ) -> &mut Proposal {
        let p = Proposal::init(data).unwrap();
        p.eligible.set(eligible);
        p.yes.set(yes);
        p.no.set(no);
        p.abstain.set(abstain);
        p.quorum_bps.set(q);
        p.threshold_bps.set(t);
        p
    }

    #[test]
    fn quorum_and_threshold_match_wide_arithmetic() {
        let mut rng = Rng(0x6070_0E55);
        for _ in 0..20_000 {
            let mut data = vec![0u8; Proposal::LEN];
            let eligible = rng.value();
            let (yes, no, abstain) = (rng.value() >> 2, rng.value() >> 2, rng.value() >> 2);
            let q = 1 + rng.below(10_000) as u16;
            let t = 5_000 + rng.below(5_000) as u16;
            let p = proposal(&mut data, eligible, yes, no, abstain, q, t);
            let votes = yes as u128 + no as u128 + abstain as u128;
            let quorum = votes > 0 && votes * 10_000 >= eligible as u128 * q as u128;
            assert_eq!(quorum_reached(p).unwrap(), quorum);
            let pass = yes > 0 && yes as u128 * 10_000 > t as u128 * (yes as u128 + no as u128);
            assert_eq!(threshold_reached(p).unwrap(), pass);
        }
        // Edges: exactly the quorum passes, one short does not; a tie at 50% fails.
        let mut data = vec![0u8; Proposal::LEN];
        assert!(quorum_reached(proposal(&mut data, 1_000, 40, 0, 60, 1_000, 5_000)).unwrap());
        let mut data = vec![0u8; Proposal::LEN];
        assert!(!quorum_reached(proposal(&mut data, 1_000, 40, 0, 59, 1_000, 5_000)).unwrap());
        let mut data = vec![0u8; Proposal::LEN];
        assert!(!threshold_reached(proposal(&mut data, 1_000, 50, 50, 0, 1, 5_000)).unwrap());
        let mut data = vec![0u8; Proposal::LEN];
        assert!(threshold_reached(proposal(&mut data, 1_000, 51, 49, 0, 1, 5_000)).unwrap());
        // Abstain counts to the quorum, not to the threshold.
        let mut data = vec![0u8; Proposal::LEN];
        let p = proposal(&mut data, 1_000, 1, 0, 999, 10_000, 5_000);
        assert!(quorum_reached(p).unwrap() && threshold_reached(p).unwrap());
    }

    fn packed(actions: &[(u8, u8, u64)]) -> std::vec::Vec<u8> {
        let mut out = vec![];
        for &(kind, target, value) in actions {
            out.push(kind);
            out.push(target);
            out.extend_from_slice(&value.to_le_bytes());
            out.extend_from_slice(&[0u8; 32]);
        }
        out
    }

    #[test]
    fn actions_are_one_to_four_distinct_records_of_42_bytes() {
        let (got, n) = parse_actions(&packed(&[(0, 0, 700), (0, 8, 2_000), (2, 1, 0)])).unwrap();
        assert_eq!(n, 3);
        assert_eq!((got[1].kind, got[1].target, got[1].value), (0, 8, 2_000));
        assert_eq!(got[2].kind, 2);
        let four = packed(&[(0, 0, 1), (0, 1, 1), (0, 2, 1), (1, 0, 2)]);
        assert_eq!(parse_actions(&four).unwrap().1, 4);
        let five = packed(&[(0, 0, 1), (0, 1, 1), (0, 2, 1), (0, 3, 1), (0, 4, 1)]);
        assert_eq!(parse_actions(&five), Err(Error::InvalidActionCount));
        assert_eq!(parse_actions(&[]), Err(Error::InvalidActionCount));
        assert_eq!(parse_actions(&four[..41]), Err(Error::InvalidActionCount));
        // The same parameter twice, or two oracle sets (different targets), are refused.
        assert_eq!(
            parse_actions(&packed(&[(0, 3, 1), (0, 3, 2)])),
            Err(Error::DuplicateAction)
        );
        assert_eq!(
            parse_actions(&packed(&[(1, 0, 2), (1, 1, 2)])),
            Err(Error::DuplicateAction)
        );
        // A proposal's slots round-trip an action.
        let mut data = vec![0u8; Proposal::LEN];
        let p = Proposal::init(&mut data).unwrap();
        got[1].store(p, 3, 500).unwrap();
        assert_eq!(Action::of(p, 3), Some(got[1]));
        assert_eq!(p.old_values[3].get(), 500);
        assert!(got[1].store(p, 4, 0).is_err());
    }

    #[test]
    fn params_are_bounded() {
        let ok = Params {
            voting_period: DAY,
            quorum_bps: 400,
            threshold_bps: 5_000,
            timelock: 2 * DAY,
            grace_period: 7 * DAY,
            late_quorum_extension: DAY,
            proposal_threshold: 1,
            proposal_deposit: 0,
        };
        assert!(ok.check().is_ok());
        let bad: [fn(&mut Params); 11] = [
            |p| p.voting_period = 0,
            |p| p.voting_period = MAX_PERIOD + 1,
            |p| p.grace_period = 0,
            |p| p.timelock = 0,
            |p| p.timelock = MAX_PERIOD + 1,
            |p| p.late_quorum_extension = MAX_EXTENSION + 1,
            |p| p.quorum_bps = 0,
            |p| p.quorum_bps = 10_001,
            |p| p.threshold_bps = 4_999,
            |p| p.proposal_threshold = 0,
            |p| p.proposal_deposit = io_common::governance::MAX_PROPOSAL_DEPOSIT + 1,
        ];
        for f in bad {
            let mut p = Params { ..ok };
            f(&mut p);
            assert!(matches!(p.check(), Err(Error::InvalidParams)));
        }
    }

    #[test]
    fn the_governed_table_matches_the_config_the_bounds_and_initialize() {
        use io_common::testing::check_setter;
        let base = || Params {
            voting_period: DAY,
            quorum_bps: 400,
            threshold_bps: 5_000,
            timelock: 2 * DAY,
            grace_period: 7 * DAY,
            late_quorum_extension: DAY,
            proposal_threshold: 1,
            proposal_deposit: 0,
        };
        let set = |p: &mut Params, id: u8, v: u64| match id {
            64 => p.voting_period = v as u32,
            65 => p.quorum_bps = v as u16,
            66 => p.threshold_bps = v as u16,
            67 => p.timelock = v as u32,
            68 => p.grace_period = v as u32,
            69 => p.late_quorum_extension = v as u32,
            70 => p.proposal_threshold = v,
            _ => p.proposal_deposit = v,
        };
        check_setter(
            5,
            GovernanceConfig::LEN,
            &|data, id, v| {
                let c = GovernanceConfig::init(data).unwrap();
                let mut p = base();
                set(&mut p, id, v);
                p.write(c);
            },
            &|id, v| {
                let fits = match id {
                    65 | 66 => v <= u16::MAX as u64,
                    70 | 71 => true,
                    _ => v <= u32::MAX as u64,
                };
                let mut p = base();
                set(&mut p, id, v);
                fits && p.check().is_ok()
            },
            // The parameters in initialize's order (its guardian after them), then the deposit,
            // which initialize does not take (it starts at 0; only governance sets it).
            &|args| {
                let (init, deposit) = args.split_at(args.len() - 8);
                let mut data = std::vec::Vec::from(init);
                data.extend_from_slice(&[0u8; 32]);
                let a = crate::interface::initialize::Args::parse(&data).unwrap();
                [
                    a.voting_period as u64,
                    a.quorum_bps as u64,
                    a.threshold_bps as u64,
                    a.timelock as u64,
                    a.grace_period as u64,
                    a.late_quorum_extension as u64,
                    a.proposal_threshold,
                    u64::from_le_bytes(deposit.try_into().unwrap()),
                    0,
                ]
            },
        );
        let (config, _) = pinocchio::Address::find_program_address(&[CONFIG_SEED], &crate::ID);
        assert_eq!(io_common::governance::GOVERNANCE_CONFIG, config);
        let vault = pinocchio::Address::find_program_address(&[DEPOSIT_VAULT_SEED], &crate::ID);
        assert_eq!(
            (
                io_common::governance::DEPOSIT_VAULT,
                io_common::governance::DEPOSIT_VAULT_BUMP
            ),
            vault
        );
    }

    #[test]
    fn io_common_knows_this_program() {
        use core::mem::offset_of;
        use io_common::governance as g;
        assert_eq!(g::IO_GOVERNANCE_ID, crate::ID);
        let (executor, bump) =
            pinocchio::Address::find_program_address(&[EXECUTOR_SEED], &crate::ID);
        assert_eq!((g::EXECUTOR, g::EXECUTOR_BUMP), (executor, bump));
        assert_eq!(g::PROPOSAL_LOCK_END, offset_of!(Proposal, lock_end));
        // A proposal's lock end is at most its voting period plus extension away.
        assert_eq!(g::MAX_LOCK, (MAX_PERIOD + MAX_EXTENSION) as i64);
        let id = |s: &str| pinocchio::Address::from_str_const(s);
        let pda = |seed: &[u8], program: &pinocchio::Address| {
            pinocchio::Address::find_program_address(&[seed], program).0
        };
        assert_eq!(
            g::TOKEN_CONFIG,
            pda(b"config", &io_common::token::IO_TOKEN_ID)
        );
        assert_eq!(
            g::ORACLE_CONFIG,
            pda(b"config", &io_common::oracle::IO_ORACLE_ID)
        );
        assert_eq!(
            g::ORACLE_PRICE_FEED,
            pda(b"price_feed", &io_common::oracle::IO_ORACLE_ID)
        );
        assert_eq!(
            io_common::buyback::JOBS_CONFIG,
            pda(b"config", &g::IO_JOBS_ID)
        );
        assert_eq!(
            g::IO_JOBS_ID,
            id("8dywiUaJu6sr7bKszDx7oSqzabkT1BM8b4emaYPQed8b")
        );
    }
}
