//! `register_referral`: a user joins naming who referred them. The profile it creates exists
//! from the wallet's first job, first node or registration on (`open_job` and `register_node`
//! create it if this did not), so a referrer can be named only before the wallet's first job or
//! node, once, and never changed (one referrer for both sides). The
//! referrer must be another wallet whose profile already exists: every referral points to an
//! earlier profile, so the referral graph has no cycle.

use super::{create_profile, now, with_profile_mut, NewProfile};
use crate::{
    interface::{register_referral, Error},
    money::read_config,
};
use pinocchio::{AccountView, Address, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = register_referral::Accounts::parse(accounts)?;
    let args = register_referral::Args::parse(data)?;
    let config = read_config(&a.config)?;
    if a.profile.owned_by(&crate::ID) {
        return Err(Error::ProfileExists.into());
    }
    let none = Address::default();
    if &args.referrer == a.user.address() {
        return Err(Error::SelfReferral.into());
    }
    let now = now()?;
    let referral_until = if args.referrer == none {
        0
    } else {
        now.saturating_add(config.referral_period.get() as i64)
    };
    // The referrer joined before: its profile exists (and so is not the one created here).
    if args.referrer != none {
        with_profile_mut(&a.referrer_profile, |p| {
            if p.user != args.referrer {
                return Err(Error::ReferrerNotJoined);
            }
            p.referees.set(p.referees.get().saturating_add(1));
            Ok(())
        })
        .map_err(|_| Error::ReferrerNotJoined)?;
    }
    create_profile(&NewProfile {
        user: &a.user,
        profile: &a.profile,
        referrer: args.referrer,
        joined_at: now,
        referral_until,
    })?;
    Ok(())
}
