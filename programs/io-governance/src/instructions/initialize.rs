//! `initialize`: the governance config, by the upgrade authority, once.

use crate::{
    interface::{initialize, Error},
    state::{GovernanceConfig, Params, ACCOUNT_VERSION, CONFIG_SEED, EXECUTOR_SEED},
};
use io_common::{
    account::CreatePda,
    loader::{check_upgrade_authority, UpgradeAuthorityError},
    seeds,
};
use pinocchio::{
    cpi::{Seed, Signer},
    AccountView, Address, ProgramResult,
};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = initialize::Accounts::parse(accounts)?;
    let args = initialize::Args::parse(data)?;
    let params = Params {
        voting_period: args.voting_period,
        quorum_bps: args.quorum_bps,
        threshold_bps: args.threshold_bps,
        timelock: args.timelock,
        grace_period: args.grace_period,
        late_quorum_extension: args.late_quorum_extension,
        proposal_threshold: args.proposal_threshold,
        proposal_deposit: 0,
    };
    params.check()?;
    check_upgrade_authority(program_id, &a.program_data, a.payer.address()).map_err(
        |e| match e {
            UpgradeAuthorityError::NotProgramData => Error::InvalidProgramData,
            UpgradeAuthorityError::NotUpgradeAuthority => Error::Unauthorized,
        },
    )?;
    if a.config.owned_by(program_id) {
        return Err(Error::AlreadyInitialized.into());
    }
    let (address, bump) = Address::find_program_address(&seeds![CONFIG_SEED], program_id);
    if a.config.address() != &address {
        return Err(Error::InvalidConfig.into());
    }
    let (_, executor_bump) = Address::find_program_address(&seeds![EXECUTOR_SEED], program_id);
    let bump_seed = [bump];
    let signer_seeds = [Seed::from(CONFIG_SEED), Seed::from(&bump_seed)];
    CreatePda {
        payer: &a.payer,
        account: &a.config,
        space: GovernanceConfig::LEN,
        rent_space: GovernanceConfig::LEN,
        owner: program_id,
    }
    .invoke_signed(Signer::from(&signer_seeds))?;
    let mut account = a.config;
    let mut data = account.try_borrow_mut()?;
    let config = GovernanceConfig::init(&mut data)?;
    config.version = ACCOUNT_VERSION;
    config.bump = bump;
    config.executor_bump = executor_bump;
    config.guardian = args.guardian;
    params.write(config);
    Ok(())
}
