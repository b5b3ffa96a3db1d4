pub mod accept_admin;
pub mod attest_reputation;
pub mod attest_usage;
pub mod cancel_job;
pub mod claim_earnings;
pub mod claim_referral;
pub mod dispute_job;
pub mod end_job;
pub mod initialize;
pub mod open_job;
pub mod propose_admin;
pub mod prove_reserves;
pub mod refund_unstarted;
pub mod register_node;
pub mod register_referral;
pub mod resolve_dispute;
pub mod retire_node;
pub mod set_discount_tiers;
pub mod set_job_params;
pub mod set_referral_params;
pub mod settle_jobs;
pub mod sweep_io_fees;
pub mod sweep_usdc_fees;
pub mod update_node;

use crate::{
    interface::Error,
    money::with_node_mut,
    state::{Job, JobsConfig, Node, UserProfile},
};
use pinocchio::{
    sysvars::{clock::Clock, Sysvar},
    AccountView,
};

/// Runs `f` on `node` after checking that it is this program's Node and that `owner` owns it.
pub(crate) fn with_owned_node<R>(
    node: &AccountView,
    owner: &AccountView,
    f: impl FnOnce(&mut Node) -> Result<R, Error>,
) -> Result<R, Error> {
    with_node_mut(node, |node| {
        if &node.owner != owner.address() {
            return Err(Error::NotNodeOwner);
        }
        f(node)
    })
}

io_common::account_access!(write pub(crate) with_config_mut: JobsConfig, Error::InvalidConfig);
io_common::account_access!(write pub(crate) with_job_mut: Job, Error::InvalidJob, decode Error::InvalidJob);
io_common::account_access!(read pub(crate) read_profile: UserProfile, Error::InvalidProfile, decode Error::InvalidProfile);
io_common::account_access!(write pub(crate) with_profile_mut: UserProfile, Error::InvalidProfile, decode Error::InvalidProfile);

/// `user`'s profile at `profile` if the user joined before (checked to be its own: else
/// InvalidProfile), or None if it has not: the caller then creates it with [`join`] once its
/// checks pass. Shared by `open_job` and `register_node`: a wallet joins at its first job or
/// node (or `register_referral`), whichever comes first, and its referrer is fixed then.
#[inline(always)]
pub(crate) fn joined_profile(
    user: &AccountView,
    profile: &AccountView,
) -> Result<Option<UserProfile>, Error> {
    if !profile.owned_by(&crate::ID) {
        return Ok(None);
    }
    let p = read_profile(profile)?;
    if &p.user != user.address() {
        return Err(Error::InvalidProfile);
    }
    Ok(Some(p))
}

/// Creates `user`'s profile at `profile` with no referrer (its first job or node).
pub(crate) fn join(
    user: &AccountView,
    profile: &AccountView,
    now: i64,
) -> Result<(), pinocchio::error::ProgramError> {
    create_profile(&NewProfile {
        user,
        profile,
        referrer: pinocchio::Address::default(),
        joined_at: now,
        referral_until: 0,
    })
}

/// The referral that activity pays at `now` to `referrer` (a profile's, or a node's) whose period
/// ends at `until`, at the share `bps`: the three back when there is a referrer, the period runs
/// and `bps` > 0; else none (the default key, 0, 0). The one rule for users' jobs, a node's
/// registration and its jobs.
#[inline(always)]
pub(crate) fn referral_due(
    referrer: pinocchio::Address,
    until: i64,
    bps: u16,
    now: i64,
) -> (pinocchio::Address, i64, u16) {
    if referrer != pinocchio::Address::default() && now < until && bps > 0 {
        (referrer, until, bps)
    } else {
        (pinocchio::Address::default(), 0, 0)
    }
}

/// Creates `user`'s profile at `profile` (its PDA ["user", user], checked here), referred by
/// `referrer` (the default key for none) with its referral period ending at `referral_until`.
/// The caller has checked that no profile exists yet.
/// (A struct: LLVM's BPF backend takes at most 5 call arguments.)
#[derive(Clone, Copy)]
pub(crate) struct NewProfile<'a> {
    pub user: &'a AccountView,
    pub profile: &'a AccountView,
    pub referrer: pinocchio::Address,
    pub joined_at: i64,
    pub referral_until: i64,
}

#[inline(never)]
pub(crate) fn create_profile(new: &NewProfile) -> Result<(), pinocchio::error::ProgramError> {
    let NewProfile {
        user,
        profile,
        referrer,
        joined_at,
        referral_until,
    } = *new;
    use crate::state::{ACCOUNT_VERSION, USER_SEED};
    use pinocchio::cpi::{Seed, Signer};
    let (address, bump) = pinocchio::Address::find_program_address(
        &io_common::seeds![USER_SEED, user.address().as_ref()],
        &crate::ID,
    );
    if profile.address() != &address {
        return Err(Error::InvalidProfile.into());
    }
    let bump_seed = [bump];
    let signer_seeds = [
        Seed::from(USER_SEED),
        Seed::from(user.address().as_ref()),
        Seed::from(&bump_seed),
    ];
    io_common::account::CreatePda {
        payer: user,
        account: profile,
        space: UserProfile::LEN,
        rent_space: UserProfile::LEN,
        owner: &crate::ID,
    }
    .invoke_signed(Signer::from(&signer_seeds))?;
    let mut account = *profile;
    let mut data = account.try_borrow_mut()?;
    let p = UserProfile::init(&mut data)?;
    p.version = ACCOUNT_VERSION;
    p.bump = bump;
    p.user = *user.address();
    p.referrer = referrer;
    p.joined_at.set(joined_at);
    p.referral_until.set(referral_until);
    crate::interface::ReferralRegistered {
        user: *user.address(),
        referrer,
        referral_until,
    }
    .emit();
    Ok(())
}

pub(crate) fn now() -> Result<i64, Error> {
    Clock::get()
        .map(|c| c.unix_timestamp)
        .map_err(|_| Error::ArithmeticOverflow)
}
