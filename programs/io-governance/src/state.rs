//! Seeds, bounds, states and the vote arithmetic.

pub use crate::interface::{GovernanceConfig, Proposal, VoteRecord};
pub use io_common::loader::LOADER_V3;
pub use io_common::staking::IO_STAKING_ID;

use crate::interface::Error;
use io_common::math::checked_mul;

pub const CONFIG_SEED: &[u8] = b"config";
pub const EXECUTOR_SEED: &[u8] = b"executor";
pub const PROPOSAL_SEED: &[u8] = b"proposal";
pub const VOTE_SEED: &[u8] = b"vote";
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

/// Actions.
pub const ACTION_JOB_PARAM: u8 = 0;
pub const ACTION_ORACLE_SET: u8 = 1;
pub const ACTION_ACCEPT_ADMIN: u8 = 2;

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
            && self.proposal_threshold > 0;
        if ok {
            Ok(())
        } else {
            Err(Error::InvalidParams)
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
    }
}

/// `a x b >= c x d` without u128 multiplication (LLVM's BPF backend has none).
fn product_at_least(a: u64, b: u64, c: u64, d: u64) -> bool {
    let (hi1, lo1) = io_common::math::mul_wide(a, b);
    let (hi2, lo2) = io_common::math::mul_wide(c, d);
    (hi1, lo1) >= (hi2, lo2)
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
        };
        assert!(ok.check().is_ok());
        let bad: [fn(&mut Params); 10] = [
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
        ];
        for f in bad {
            let mut p = Params { ..ok };
            f(&mut p);
            assert!(matches!(p.check(), Err(Error::InvalidParams)));
        }
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
