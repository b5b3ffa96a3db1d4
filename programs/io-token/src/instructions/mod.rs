pub mod accept_admin;
pub mod initialize;
pub mod propose_admin;

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
