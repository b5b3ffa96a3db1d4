//! `claim_referral`: a referrer withdraws its referral income in one currency (named by the
//! mint) to an account of its choice, from the escrow where settlement kept it.

use super::{with_config_mut, with_profile_mut};
use crate::{
    interface::{claim_referral, Error, ReferralClaimed},
    money::{currency_of, money_accounts, read_config},
    reserves,
};
use io_common::account::token_account_owner;
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = claim_referral::Accounts::parse(accounts)?;
    claim_referral::Args::parse(data)?;
    let config = read_config(&a.config)?;
    let currency = currency_of(&config, &a.mint)?;
    let money = money_accounts!(a).check(&config, currency)?;
    // Not into an account of this program's authority: the tokens would be stranded there.
    if token_account_owner(&a.to).as_ref() == Some(a.authority.address()) {
        return Err(Error::InvalidDestination.into());
    }
    let c = currency as usize;
    let amount = with_profile_mut(&a.profile, |p| {
        if &p.user != a.referrer.address() {
            return Err(Error::InvalidProfile);
        }
        let amount = p.referral_owed[c].get();
        if amount == 0 {
            return Err(Error::NothingToClaimReferral);
        }
        let claimed = p.referral_claimed[c].get().checked_add(amount);
        p.referral_claimed[c].set(claimed.ok_or(Error::ArithmeticOverflow)?);
        p.referral_owed[c].set(0);
        Ok(amount)
    })?;
    money.pay(&a.to, amount)?;
    with_config_mut(&a.config, |config| {
        reserves::referral_claimed(config, currency, amount)
    })?;
    ReferralClaimed {
        referrer: *a.referrer.address(),
        currency,
        amount,
    }
    .emit();
    Ok(())
}
