//! `claim_vested`: the beneficiary takes what has unlocked and was not claimed.

use super::with_config_mut;
use crate::{
    checks::{check_destination, check_vault_accounts, now, read_config, whole_hours},
    emission::MONTH_HOURS,
    interface::{claim_vested, Error, VestedClaimed},
    state::{vesting_schedule, VestingGrant},
    token::AuthorityTransfer,
};
use io_common::math::mul_div;
use pinocchio::{AccountView, ProgramResult};

/// IO of `amount` unlocked after `months` whole 730-hour months: `floor(amount * parts / N)`,
/// the last part taking the rounding dust.
pub fn unlocked(amount: u64, bucket: u8, months: u64) -> u64 {
    let Some(schedule) = vesting_schedule(bucket) else {
        return 0;
    };
    // Parts unlocked: one at the end of `first_month`, one more at each month end after it.
    let parts = months
        .saturating_add(1)
        .saturating_sub(schedule.first_month)
        .min(schedule.parts);
    if parts == schedule.parts {
        amount
    } else {
        mul_div(amount, parts, schedule.parts).unwrap_or(0)
    }
}

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = claim_vested::Accounts::parse(accounts)?;
    claim_vested::Args::parse(data)?;
    let config = read_config(program_id, &a.config)?;
    if !a.grant.owned_by(program_id) {
        return Err(Error::InvalidGrant.into());
    }
    let mut account = a.grant;
    let mut data = account.try_borrow_mut()?;
    let grant = VestingGrant::from_bytes_mut(&mut data)?;
    if &grant.beneficiary != a.beneficiary.address() {
        return Err(Error::Unauthorized.into());
    }
    check_vault_accounts(
        program_id,
        &config,
        &a.io_mint,
        &a.authority,
        (&a.vault, grant.bucket),
    )?;
    check_destination(&a.destination, a.authority.address(), &config.io_mint)?;

    let months = whole_hours(config.genesis_ts.get(), now()?) / MONTH_HOURS;
    let claimable =
        unlocked(grant.amount.get(), grant.bucket, months).saturating_sub(grant.claimed.get());
    if claimable == 0 {
        return Err(Error::NothingToClaim.into());
    }
    let total_claimed = grant
        .claimed
        .get()
        .checked_add(claimable)
        .ok_or(Error::ArithmeticOverflow)?;
    let bucket = grant.bucket;
    let mut config_account = a.config;
    with_config_mut(program_id, &mut config_account, |config| {
        let claimed = match bucket {
            0 => &mut config.claimed_seed,
            1 => &mut config.claimed_series_a,
            2 => &mut config.claimed_core_contributors,
            _ => return Err(Error::InvalidBucket),
        };
        let bucket_claimed = claimed.get().checked_add(claimable);
        claimed.set(bucket_claimed.ok_or(Error::ArithmeticOverflow)?);
        Ok(())
    })?;
    grant.claimed.set(total_claimed);
    drop(data);

    AuthorityTransfer {
        from: &a.vault,
        to: &a.destination,
        mint: &a.io_mint,
        authority: &a.authority,
        authority_bump: config.authority_bump,
    }
    .invoke(claimable)?;
    VestedClaimed {
        beneficiary: *a.beneficiary.address(),
        bucket,
        amount: claimable,
        total_claimed,
    }
    .emit();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::unlocked;

    #[test]
    fn investors_unlock_24_parts_from_month_13_to_36_with_dust_last() {
        let amount = 1_000_000_007;
        assert_eq!(unlocked(amount, 0, 12), 0);
        assert_eq!(unlocked(amount, 0, 13), amount / 24);
        assert_eq!(unlocked(amount, 1, 35), amount * 23 / 24);
        assert_eq!(unlocked(amount, 1, 36), amount);
        assert_eq!(unlocked(amount, 1, 1_000), amount);
    }

    #[test]
    fn core_contributors_unlock_36_parts_to_month_48() {
        let amount = 36_000_001;
        assert_eq!(unlocked(amount, 2, 12), 0);
        assert_eq!(unlocked(amount, 2, 13), 1_000_000);
        assert_eq!(unlocked(amount, 2, 47), 35_000_000);
        assert_eq!(unlocked(amount, 2, 48), amount);
    }

    #[test]
    fn released_buckets_never_vest() {
        assert_eq!(unlocked(5, 3, 1_000), 0);
        assert_eq!(unlocked(5, 4, 1_000), 0);
    }
}
