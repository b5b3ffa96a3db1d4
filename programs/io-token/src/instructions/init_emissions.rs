//! `init_emissions`: the emission state, counting whole hours from genesis.

use crate::{
    checks::{check_admin, read_config, token_balance},
    interface::{init_emissions, Error},
    state::{EmissionState, ACCOUNT_VERSION, EMISSION_SEED},
};
use io_common::{account::CreatePda, seeds};
use pinocchio::{
    cpi::{Seed, Signer},
    AccountView, Address, ProgramResult,
};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = init_emissions::Accounts::parse(accounts)?;
    init_emissions::Args::parse(data)?;
    let config = read_config(program_id, &a.config)?;
    check_admin(&config, &a.admin)?;
    token_balance(&a.rewards_vault, &config.io_mint).map_err(|_| Error::InvalidRewardsVault)?;
    if a.emission.owned_by(program_id) {
        return Err(Error::AlreadyExists.into());
    }
    let (address, bump) = Address::find_program_address(&seeds![EMISSION_SEED], program_id);
    if a.emission.address() != &address {
        return Err(Error::InvalidEmission.into());
    }

    let bump_seed = [bump];
    let signer_seeds = [Seed::from(EMISSION_SEED), Seed::from(&bump_seed)];
    CreatePda {
        payer: &a.admin,
        account: &a.emission,
        space: EmissionState::LEN,
        rent_space: EmissionState::LEN,
        owner: program_id,
    }
    .invoke_signed(Signer::from(&signer_seeds))?;

    let mut account = a.emission;
    let mut data = account.try_borrow_mut()?;
    let emission = EmissionState::init(&mut data)?;
    emission.version = ACCOUNT_VERSION;
    emission.bump = bump;
    emission.authority_bump = config.authority_bump;
    emission.start_ts = config.genesis_ts;
    emission.io_mint = config.io_mint;
    emission.rewards_vault = *a.rewards_vault.address();
    Ok(())
}
