//! `set_reward_share`: the participant's authority changes its stakers' share, within the
//! governed bounds, from the next epoch on (never under stakers' feet mid-epoch).

use crate::{
    accounts::{read_config, with_participant_mut},
    interface::{set_reward_share, Error, RewardShareSet},
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = set_reward_share::Accounts::parse(accounts)?;
    let args = set_reward_share::Args::parse(data)?;
    let config = read_config(&a.config)?;
    if args.share_bps < config.min_share_bps.get() || args.share_bps > config.max_share_bps.get() {
        return Err(Error::ShareOutOfBounds.into());
    }
    let effective = config
        .epoch
        .get()
        .checked_add(1)
        .ok_or(Error::ArithmeticOverflow)?;
    with_participant_mut(&a.participant, |p| {
        if &p.authority != a.authority.address() {
            return Err(Error::Unauthorized);
        }
        // A change still waiting for its epoch is replaced. A due one applies first, which is
        // exact only once registrations of closed epochs (which may predate it) are settled.
        let open = config.epoch.get();
        let unsettled =
            (p.reg_weight.get() != 0 || p.reg_points.get() != 0) && p.reg_epoch.get() < open;
        if unsettled {
            return Err(Error::SettleFirst);
        }
        let due = p.next_share_epoch.get();
        if due != 0 && due <= open {
            p.share_bps.set(p.next_share_bps.get());
        }
        p.next_share_bps.set(args.share_bps);
        p.next_share_epoch.set(effective);
        Ok(())
    })?;
    RewardShareSet {
        participant: *a.participant.address(),
        share_bps: args.share_bps,
        effective_epoch: effective,
    }
    .emit();
    Ok(())
}
