//! `set_rewards_vault`: emissions go to another IO token account from the next crank on.

use crate::{
    checks::{check_admin, read_config, token_balance},
    interface::{set_rewards_vault, Error},
    state::EmissionState,
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = set_rewards_vault::Accounts::parse(accounts)?;
    set_rewards_vault::Args::parse(data)?;
    let config = read_config(program_id, &a.config)?;
    check_admin(&config, &a.admin)?;
    token_balance(&a.rewards_vault, &config.io_mint).map_err(|_| Error::InvalidRewardsVault)?;
    if !a.emission.owned_by(program_id) {
        return Err(Error::InvalidEmission.into());
    }
    let mut account = a.emission;
    let mut data = account.try_borrow_mut()?;
    EmissionState::from_bytes_mut(&mut data)?.rewards_vault = *a.rewards_vault.address();
    Ok(())
}
