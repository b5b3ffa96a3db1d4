//! Seeds, constants and bounds.

pub use crate::interface::{Epoch, Participant, Position, StakingConfig};
pub use io_common::loader::LOADER_V3;
pub use io_common::oracle::IO_ORACLE_ID;

pub const CONFIG_SEED: &[u8] = b"config";
pub const AUTHORITY_SEED: &[u8] = b"authority";
pub const STAKE_VAULT_SEED: &[u8] = b"stake_vault";
pub const REWARDS_VAULT_SEED: &[u8] = b"rewards_vault";
pub const EPOCH_SEED: &[u8] = b"epoch";
pub const PARTICIPANT_SEED: &[u8] = b"participant";
pub const POSITION_SEED: &[u8] = b"position";
/// io_oracle's config (the oracle set).
pub const ORACLE_CONFIG_SEED: &[u8] = b"config";

pub const ACCOUNT_VERSION: u8 = 1;
pub const BPS: u64 = 10_000;
/// Rates and the reward-per-stake accumulator carry 9 decimals.
pub const SCALE: u64 = 1_000_000_000;
/// IO has 8 decimals; a stake to another participant is at least 1 IO, which bounds the
/// accumulator (rewards per base unit of stake) far below u64.
pub const IO_DECIMALS: u8 = 8;
pub const MIN_DELEGATION: u64 = 100_000_000;

/// How long a slash vote counts until `set_slashing` says otherwise: one day.
pub const DEFAULT_SLASH_VOTE_TTL: u32 = 86_400;

/// The longest epoch length and cooldown governance may set: 30 days. Stake waiting for the
/// open epoch to close (pending delegations) or for its cooldown is never held longer than that
/// by a parameter change, and neither change reaches what was committed before it (an epoch
/// keeps the length it opened with, a position the cooldown it was staked under).
pub const MAX_EPOCH_LENGTH: u32 = 30 * 86_400;
pub const MAX_COOLDOWN: u32 = 30 * 86_400;

/// Participant kinds.
pub const KIND_NODE: u8 = 0;
pub const KIND_USER: u8 = 1;

/// Slash states.
pub const SLASH_NONE: u8 = 0;
pub const SLASH_PENDING: u8 = 1;
pub const SLASH_CONTESTED: u8 = 2;
pub const SLASH_UPHELD: u8 = 3;

/// IO base units per whole IO (8 decimals).
pub const IO: u64 = 100_000_000;
/// The highest priority threshold, in whole IO: the supply's hard cap (a higher one could never
/// be reached).
pub const MAX_PRIORITY_IO: u32 = 800_000_000;

/// The priority tiers of stake (`set_priority_tiers`; docs/demand-side.md, "Stake for
/// priority"): the whole IO of counted stake from which tiers 1, 2 and 3 apply, 0 for off.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PriorityTiers(pub [u32; 3]);

impl PriorityTiers {
    /// Each at most `MAX_PRIORITY_IO`; the thresholds in use (above 0) come first and rise
    /// strictly, so a higher tier always needs more stake and no tier is skipped.
    pub fn valid(&self) -> bool {
        let mut previous = 0u32;
        let mut off = false;
        for &t in self.0.iter() {
            if t > MAX_PRIORITY_IO {
                return false;
            }
            if t == 0 {
                off = true;
                continue;
            }
            if off || t <= previous {
                return false;
            }
            previous = t;
        }
        true
    }

    /// The tier `stake` (IO base units of counted stake) reaches: the highest one in use whose
    /// threshold it meets, 0 if none. The scheduler's rule; the SDK's `priorityTierOf` is the
    /// same function.
    pub fn tier(&self, stake: u64) -> u8 {
        let mut tier = 0u8;
        for (&t, n) in self.0.iter().zip(1u8..) {
            // t <= 800,000,000, so t x 1e8 <= 8e16 fits a u64 (valid() is checked at the setter).
            if t != 0 && stake >= (t as u64).wrapping_mul(IO) {
                tier = n;
            }
        }
        tier
    }
}

/// A participant's stake that counts for priority: its own stake (active at once) and its
/// stakers' active stake (`delegated`: from their first touch after the epoch they staked in
/// closed). Stake in cooldown, pending stake and unclaimed rewards do not count.
pub fn priority_stake(p: &Participant) -> u64 {
    p.own_stake.get().saturating_add(p.delegated.get())
}

/// Usage rewards' bounds (`set_usage_params`; docs/demand-side.md, "Usage rewards for teams"):
/// at most 30% of the compute pool goes to usage, and a dollar of usage earns at most 0.01 IO
/// (1e9: IO base units per USD base unit, scaled by 1e9). A dollar a user pays its own node costs it
/// at least about 4.2% in fees it cannot get back (network fee at the best discount, facilitation
/// and supplier fees at their defaults, net of self-referrals on both sides), so washing for usage
/// rewards at this cap loses money below about $4.20 per IO; at 10 IO per $1 (the bound before
/// review 18u) it paid above about $0.004 (docs/demand-side.md, "Wash trading").
pub const MAX_USAGE_BPS: u16 = 3_000;
pub const MAX_USAGE_RATE: u64 = 1_000_000_000;

/// Usage rewards' governed terms, as `set_usage_params` takes them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UsageParams {
    pub usage_bps: u16,
    pub max_usage_rate: u64,
}

impl UsageParams {
    /// Each within its bound (0 allowed: no usage pool, or a cap of 0 that carries it all).
    pub fn valid(&self) -> bool {
        self.usage_bps <= MAX_USAGE_BPS && self.max_usage_rate <= MAX_USAGE_RATE
    }
}

/// The governed parameters, as `initialize` and `set_staking_params` take them.
pub struct Params {
    pub epoch_length: u32,
    pub availability_bps: u16,
    pub min_node_stake: u64,
    pub weight_cap: u64,
    pub min_share_bps: u16,
    pub max_share_bps: u16,
    pub cooldown: u32,
    pub max_compute_rate: u64,
}

impl Params {
    /// Bounds: an epoch length and a cooldown from 1 second to 30 days, shares within
    /// 0..=100% and ordered, a positive minimum node stake not above the weight cap, a positive
    /// compute rate cap.
    pub fn check(&self) -> Result<(), crate::interface::Error> {
        let ok = self.epoch_length > 0
            && self.epoch_length <= MAX_EPOCH_LENGTH
            && self.cooldown > 0
            && self.cooldown <= MAX_COOLDOWN
            && self.max_compute_rate > 0
            && self.availability_bps as u64 <= BPS
            && self.min_share_bps <= self.max_share_bps
            && self.max_share_bps as u64 <= BPS
            && self.min_node_stake > 0
            && self.min_node_stake <= self.weight_cap;
        if ok {
            Ok(())
        } else {
            Err(crate::interface::Error::InvalidParams)
        }
    }

    /// Writes the parameters in force from now on. The open epoch keeps the length it opened
    /// with (`open_epoch_length`, set only when an epoch opens).
    pub fn write(&self, config: &mut StakingConfig) {
        config.epoch_length.set(self.epoch_length);
        config.availability_bps.set(self.availability_bps);
        config.min_node_stake.set(self.min_node_stake);
        config.weight_cap.set(self.weight_cap);
        config.min_share_bps.set(self.min_share_bps);
        config.max_share_bps.set(self.max_share_bps);
        config.cooldown.set(self.cooldown);
        config.max_compute_rate.set(self.max_compute_rate);
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::interface::Error;

    fn params(epoch_length: u32, cooldown: u32) -> Params {
        Params {
            epoch_length,
            availability_bps: 5_000,
            min_node_stake: 1,
            weight_cap: 1,
            min_share_bps: 100,
            max_share_bps: 300,
            cooldown,
            max_compute_rate: 1,
        }
    }

    #[test]
    fn epoch_length_and_cooldown_are_bounded_by_one_second_and_thirty_days() {
        let day = 86_400;
        for ok in [1, day, 30 * day] {
            assert!(params(ok, day).check().is_ok(), "epoch length {ok}");
            assert!(params(day, ok).check().is_ok(), "cooldown {ok}");
        }
        for bad in [0, 30 * day + 1, u32::MAX] {
            assert!(
                matches!(params(bad, day).check(), Err(Error::InvalidParams)),
                "epoch length {bad}"
            );
            assert!(
                matches!(params(day, bad).check(), Err(Error::InvalidParams)),
                "cooldown {bad}"
            );
        }
    }
}

#[cfg(test)]
mod governance_tests {
    //! io_governance reads, bounds and sets io_staking's parameters through
    //! io_common::governance (setters 1 set_staking_params and 2 set_slashing).
    use super::*;
    use crate::interface::{set_slashing, set_staking_params};
    use io_common::testing::check_setter;

    /// A baseline every single-parameter bound passes with (weight_cap at its most, so any
    /// min_node_stake fits; shares 0..100%, so either end may move).
    fn params() -> Params {
        Params {
            epoch_length: 86_400,
            availability_bps: 5_000,
            min_node_stake: 1,
            weight_cap: u64::MAX,
            min_share_bps: 0,
            max_share_bps: 10_000,
            cooldown: 86_400,
            max_compute_rate: 1,
        }
    }

    fn set(p: &mut Params, id: u8, v: u64) {
        match id {
            16 => p.epoch_length = v as u32,
            17 => p.availability_bps = v as u16,
            18 => p.min_node_stake = v,
            19 => p.weight_cap = v,
            20 => p.min_share_bps = v as u16,
            21 => p.max_share_bps = v as u16,
            22 => p.cooldown = v as u32,
            _ => p.max_compute_rate = v,
        }
    }

    #[test]
    fn the_governed_tables_match_the_layout_the_bounds_and_the_setters() {
        assert_eq!(io_common::staking::IO_STAKING_ID, crate::ID);
        check_setter(
            1,
            StakingConfig::LEN,
            &|data, id, v| {
                let c = StakingConfig::init(data).unwrap();
                let mut p = params();
                set(&mut p, id, v);
                p.write(c);
            },
            &|id, v| {
                let mut p = params();
                // min_node_stake <= weight_cap is the setter's own rule across two parameters.
                if id == 19 {
                    p.min_node_stake = 1;
                }
                set(&mut p, id, v);
                // A value past the field's type is not representable: refused.
                let fits = match id {
                    16 | 22 => v <= u32::MAX as u64,
                    17 | 20 | 21 => v <= u16::MAX as u64,
                    _ => true,
                };
                fits && p.check().is_ok()
            },
            &|args| {
                let a = set_staking_params::Args::parse(args).unwrap();
                [
                    a.epoch_length as u64,
                    a.availability_bps as u64,
                    a.min_node_stake,
                    a.weight_cap,
                    a.min_share_bps as u64,
                    a.max_share_bps as u64,
                    a.cooldown as u64,
                    a.max_compute_rate,
                    0,
                ]
            },
        );
        check_setter(
            2,
            StakingConfig::LEN,
            &|data, id, v| {
                let c = StakingConfig::init(data).unwrap();
                match id {
                    24 => c.slash_bps.set(v as u16),
                    25 => c.slash_window.set(v as u32),
                    _ => c.slash_vote_ttl.set(v as u32),
                }
            },
            // set_slashing's own rule (instructions/set_slashing.rs): at most 100%, windows above 0.
            &|id, v| match id {
                24 => v <= BPS,
                _ => v > 0 && v <= u32::MAX as u64,
            },
            &|args| {
                let a = set_slashing::Args::parse(args).unwrap();
                [
                    a.slash_bps as u64,
                    a.slash_window as u64,
                    a.slash_vote_ttl as u64,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                ]
            },
        );
        // Setter 10 (the demand side's priority tiers, parameters 104..=106): each threshold's
        // own bound is 0..=800,000,000 whole IO; the others at 0 (off) accept any of them as
        // tier 1, and tier 1 below tier 2 below tier 3 is the setter's rule across parameters.
        check_setter(
            10,
            StakingConfig::LEN,
            &|data, id, v| {
                let c = StakingConfig::init(data).unwrap();
                c.priority_io[(id - 104) as usize].set(v as u32);
            },
            &|id, v| {
                let mut t = [0u32; 3];
                // The tiers below the one checked take the smallest values that let it rise.
                for (k, slot) in t.iter_mut().enumerate().take((id - 104) as usize) {
                    *slot = 1 + k as u32;
                }
                let fits = v <= u32::MAX as u64;
                t[(id - 104) as usize] = v as u32;
                fits && PriorityTiers(t).valid()
            },
            &|args| {
                let a = crate::interface::set_priority_tiers::Args::parse(args).unwrap();
                [
                    a.tier1_io as u64,
                    a.tier2_io as u64,
                    a.tier3_io as u64,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                ]
            },
        );
    }
}

#[cfg(test)]
mod usage_tests {
    //! Setter 11 (usage rewards, parameters 108 usage_bps and 109 max_usage_rate): each bound is
    //! the setter's own (`UsageParams::valid`), at the StakingConfig offsets governance writes.
    use super::*;
    use io_common::testing::check_setter;

    #[test]
    fn the_usage_setter_matches_the_layout_and_the_bounds() {
        check_setter(
            11,
            StakingConfig::LEN,
            &|data, id, v| {
                let c = StakingConfig::init(data).unwrap();
                match id {
                    108 => c.usage_bps.set(v as u16),
                    _ => c.max_usage_rate.set(v),
                }
            },
            &|id, v| {
                let mut p = UsageParams::default();
                let fits = match id {
                    108 => {
                        p.usage_bps = v as u16;
                        v <= u16::MAX as u64
                    }
                    _ => {
                        p.max_usage_rate = v;
                        true
                    }
                };
                fits && p.valid()
            },
            &|args| {
                let a = crate::interface::set_usage_params::Args::parse(args).unwrap();
                [a.usage_bps as u64, a.max_usage_rate, 0, 0, 0, 0, 0, 0, 0]
            },
        );
        assert!(UsageParams {
            usage_bps: MAX_USAGE_BPS,
            max_usage_rate: MAX_USAGE_RATE
        }
        .valid());
        assert!(!UsageParams {
            usage_bps: MAX_USAGE_BPS + 1,
            max_usage_rate: 0
        }
        .valid());
        assert!(!UsageParams {
            usage_bps: 0,
            max_usage_rate: MAX_USAGE_RATE + 1
        }
        .valid());
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod priority_tests {
    use super::*;

    #[test]
    fn tiers_are_bounded_and_rise_strictly_with_zeros_only_above() {
        for ok in [
            [0, 0, 0],
            [1, 0, 0],
            [1, 2, 0],
            [1, 2, 3],
            [1_000, 10_000, MAX_PRIORITY_IO],
            [MAX_PRIORITY_IO, 0, 0],
        ] {
            assert!(PriorityTiers(ok).valid(), "{ok:?}");
        }
        for bad in [
            [0, 1, 0],
            [0, 0, 1],
            [0, 1, 2],
            [1, 0, 2],
            [2, 1, 0],
            [1, 1, 2],
            [1, 2, 2],
            [3, 2, 1],
            [MAX_PRIORITY_IO + 1, 0, 0],
            [1, 2, MAX_PRIORITY_IO + 1],
            [1, 2, u32::MAX],
        ] {
            assert!(!PriorityTiers(bad).valid(), "{bad:?}");
        }
    }

    #[test]
    fn the_tier_is_the_highest_threshold_met_in_base_units() {
        let t = PriorityTiers([100, 1_000, 10_000]);
        assert_eq!(t.tier(0), 0);
        assert_eq!(t.tier(100 * IO - 1), 0);
        assert_eq!(t.tier(100 * IO), 1);
        assert_eq!(t.tier(1_000 * IO - 1), 1);
        assert_eq!(t.tier(1_000 * IO), 2);
        assert_eq!(t.tier(10_000 * IO), 3);
        assert_eq!(t.tier(u64::MAX), 3);
        assert_eq!(PriorityTiers::default().tier(u64::MAX), 0);
        assert_eq!(PriorityTiers([5, 0, 0]).tier(u64::MAX), 1);
        assert_eq!(
            PriorityTiers([MAX_PRIORITY_IO, 0, 0]).tier(800_000_000 * IO),
            1
        );
        // Against a plain reference over random valid tables and stakes: the tier never falls
        // as stake rises, and is the count of thresholds met.
        let mut rng = io_common::testing::Rng(0x9E10_71E5_0000_0003);
        let mut checked = 0;
        while checked < 20_000 {
            let raw = [
                rng.below(2_000) as u32,
                rng.below(2_000) as u32,
                rng.below(2_000) as u32,
            ];
            let t = PriorityTiers(raw);
            if !t.valid() {
                continue;
            }
            let a = rng.below(3_000 * IO);
            let b = a + rng.below(1_000 * IO);
            let met = |s: u64| {
                raw.iter()
                    .filter(|&&x| x != 0 && s as u128 >= x as u128 * IO as u128)
                    .count() as u8
            };
            assert_eq!(t.tier(a), met(a));
            assert!(t.tier(a) <= t.tier(b));
            checked += 1;
        }
    }
}

#[cfg(test)]
mod admin_offset_tests {
    /// io_governance reads this config's admin by offset (admin target 3) to see whether a
    /// hand-over its proposal accepts is done already.
    #[test]
    fn io_common_knows_where_the_admin_is() {
        let at = core::mem::offset_of!(crate::interface::StakingConfig, admin);
        assert_eq!(io_common::governance::admin_offset(3), Some(at));
    }
}

#[cfg(test)]
mod admin_call_tests {
    /// io_governance calls resolve_slash (admin call 2) with io_common's table: this program,
    /// its discriminator, the config then the participant (the key), the verdict as a bool.
    #[test]
    fn governance_calls_resolve_slash_as_this_program_takes_it() {
        use crate::interface::resolve_slash;
        let c = io_common::governance::admin_call(2).unwrap();
        assert_eq!(c.program, crate::ID);
        assert_eq!(c.discriminator, resolve_slash::DISCRIMINATOR);
        assert_eq!(c.accounts[0], io_common::staking::STAKING_CONFIG);
        assert_eq!((c.count, c.key_slot, c.writable[1]), (2, 1, true));
        assert_eq!((c.prefix, c.value_size, c.min, c.max), (None, 1, 0, 1));
        assert!(resolve_slash::Args::parse(&[1]).unwrap().uphold);
        assert!(!resolve_slash::Args::parse(&[0]).unwrap().uphold);
    }

    /// io_governance binds admin call 2 to a slash's decision deadline, read where io_common says it is.
    #[test]
    fn governance_reads_the_matter_of_call_2_where_this_layout_keeps_it() {
        let mut data = [0u8; crate::interface::Participant::LEN];
        let a = crate::interface::Participant::init(&mut data).unwrap();
        a.slash_deadline.set(0x0102_0304_0506_0708);
        let at = io_common::governance::PARTICIPANT_SLASH_DEADLINE;
        assert_eq!(data[at..at + 8], 0x0102_0304_0506_0708i64.to_le_bytes());
    }
}
