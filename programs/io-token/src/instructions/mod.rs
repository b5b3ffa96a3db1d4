pub mod accept_admin;
pub mod add_beneficiary;
pub mod claim_airdrop;
pub mod claim_vested;
pub mod close_airdrop;
pub mod crank;
pub mod create_airdrop;
pub mod hold_iosd;
pub mod init_emissions;
pub mod init_iosd;
pub mod initialize;
pub mod lock_genesis;
pub mod mint_iosd;
pub mod propose_admin;
pub mod prove_reserves;
pub mod release;
pub mod release_iosd;
pub mod set_iosd_params;
pub mod set_iosd_spender;
pub mod set_remint_cap;
pub mod set_rewards_vault;

use crate::{interface::Error, state::TokenConfig};
use pinocchio::{AccountView, Address};

/// Checks that `config` is this program's TokenConfig and runs `f` on it mutably.
/// (Only `initialize` creates a TokenConfig, at its PDA, so owner + discriminator identify it.)
pub(crate) fn with_config_mut<R>(
    program_id: &Address,
    config: &mut AccountView,
    f: impl FnOnce(&mut TokenConfig) -> Result<R, Error>,
) -> Result<R, Error> {
    if !config.owned_by(program_id) {
        return Err(Error::InvalidConfig);
    }
    let mut data = config.try_borrow_mut().map_err(|_| Error::InvalidConfig)?;
    f(TokenConfig::from_bytes_mut(&mut data)?)
}
