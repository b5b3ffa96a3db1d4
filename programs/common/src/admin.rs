//! The two-step admin hand-over every program's config carries.

use pinocchio::Address;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdminError {
    /// The signer is not the admin (propose) or not the proposed admin (accept).
    Unauthorized,
    /// Accept with nothing proposed.
    NoPendingAdmin,
}

/// Step one: the admin proposes `new_admin` (the default address cancels).
pub fn propose(
    admin: &Address,
    pending: &mut Address,
    signer: &Address,
    new_admin: Address,
) -> Result<(), AdminError> {
    if admin != signer {
        return Err(AdminError::Unauthorized);
    }
    *pending = new_admin;
    Ok(())
}

/// Step two: the proposed admin accepts; returns the previous admin.
pub fn accept(
    admin: &mut Address,
    pending: &mut Address,
    signer: &Address,
) -> Result<Address, AdminError> {
    if *pending == Address::default() {
        return Err(AdminError::NoPendingAdmin);
    }
    if pending != signer {
        return Err(AdminError::Unauthorized);
    }
    let previous = *admin;
    *admin = *pending;
    *pending = Address::default();
    Ok(previous)
}

/// A program's `propose_admin` handler (`pub fn process`), over its generated
/// `crate::interface` and its config accessor: `$call` runs `$f` (the proposal) on the config
/// account `$view`, e.g. `|view, f| super::with_config_mut(view, f)`.
#[macro_export]
#[allow(clippy::crate_in_macro_def)] // `crate::interface` is the calling program's, on purpose
macro_rules! propose_admin_handler {
    ($config:ty, |$view:ident, $f:ident| $call:expr) => {
        pub fn process(
            accounts: &[$crate::pinocchio::AccountView],
            data: &[u8],
        ) -> $crate::pinocchio::ProgramResult {
            use crate::interface::{propose_admin, AdminProposed, Error};
            let (propose_admin::Accounts { admin, mut config }, _) =
                propose_admin::Accounts::parse(accounts)?;
            let args = propose_admin::Args::parse(data)?;
            let $view = &mut config;
            let $f = |c: &mut $config| {
                $crate::admin::propose(
                    &c.admin,
                    &mut c.pending_admin,
                    admin.address(),
                    args.new_admin,
                )
                .map_err(Error::from)
            };
            $call?;
            AdminProposed {
                admin: *admin.address(),
                pending_admin: args.new_admin,
            }
            .emit();
            Ok(())
        }
    };
}

/// A program's `accept_admin` handler, as `propose_admin_handler!`.
#[macro_export]
#[allow(clippy::crate_in_macro_def)] // `crate::interface` is the calling program's, on purpose
macro_rules! accept_admin_handler {
    ($config:ty, |$view:ident, $f:ident| $call:expr) => {
        pub fn process(
            accounts: &[$crate::pinocchio::AccountView],
            data: &[u8],
        ) -> $crate::pinocchio::ProgramResult {
            use crate::interface::{accept_admin, AdminAccepted, Error};
            let (
                accept_admin::Accounts {
                    new_admin,
                    mut config,
                },
                _,
            ) = accept_admin::Accounts::parse(accounts)?;
            accept_admin::Args::parse(data)?;
            let $view = &mut config;
            let $f = |c: &mut $config| {
                $crate::admin::accept(&mut c.admin, &mut c.pending_admin, new_admin.address())
                    .map_err(Error::from)
            };
            let previous_admin = $call?;
            AdminAccepted {
                previous_admin,
                admin: *new_admin.address(),
            }
            .emit();
            Ok(())
        }
    };
}
