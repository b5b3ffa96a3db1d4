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
