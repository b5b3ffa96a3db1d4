//! The upgradeable loader's ProgramData account: who may initialise a program.

use pinocchio::{AccountView, Address};

/// The upgradeable BPF loader (loader v3), owner of every ProgramData account.
pub const LOADER_V3: Address =
    Address::from_str_const("BPFLoaderUpgradeab1e11111111111111111111111");

/// Why the upgrade-authority check failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpgradeAuthorityError {
    /// The account is not this program's ProgramData.
    NotProgramData,
    /// The signer is not the upgrade authority (or the program is immutable).
    NotUpgradeAuthority,
}

/// The signer must be the upgrade authority named in `program_id`'s ProgramData account
/// (bincode `UpgradeableLoaderState::ProgramData { slot: u64, upgrade_authority: Option<Pubkey> }`).
pub fn check_upgrade_authority(
    program_id: &Address,
    program_data: &AccountView,
    signer: &Address,
) -> Result<(), UpgradeAuthorityError> {
    let (expected, _) = Address::find_program_address(&[program_id.as_ref()], &LOADER_V3);
    if program_data.address() != &expected || !program_data.owned_by(&LOADER_V3) {
        return Err(UpgradeAuthorityError::NotProgramData);
    }
    let data = program_data
        .try_borrow()
        .map_err(|_| UpgradeAuthorityError::NotProgramData)?;
    let Some(header) = data.get(..45) else {
        return Err(UpgradeAuthorityError::NotProgramData);
    };
    if header[..4] != [3, 0, 0, 0] {
        return Err(UpgradeAuthorityError::NotProgramData);
    }
    if header[12] != 1 || &header[13..45] != signer.as_ref() {
        return Err(UpgradeAuthorityError::NotUpgradeAuthority);
    }
    Ok(())
}
