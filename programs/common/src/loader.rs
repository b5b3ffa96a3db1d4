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

/// A loader v3 Buffer account's header: `UpgradeableLoaderState::Buffer { authority_address:
/// Option<Pubkey> }` in bincode (u32 tag 1, an option byte, 32 bytes); the program bytes follow.
pub const BUFFER_HEADER: usize = 37;

/// The authority and the program bytes of a loader v3 Buffer account's data; None if the data
/// is not a Buffer (wrong tag, too short) or the buffer has no authority (it then cannot be
/// used by `Upgrade`).
pub fn buffer_parts(data: &[u8]) -> Option<(Address, &[u8])> {
    let (header, program) = data.split_at_checked(BUFFER_HEADER)?;
    let (tag, rest) = header.split_first_chunk::<4>()?;
    let (some, authority) = rest.split_first()?;
    if *tag != [1, 0, 0, 0] || *some != 1 {
        return None;
    }
    let authority: [u8; 32] = authority.try_into().ok()?;
    Some((Address::new_from_array(authority), program))
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::vec::Vec;

    #[test]
    fn a_buffer_header_gives_its_authority_and_program_bytes() {
        let key = Address::new_from_array([7; 32]);
        let mut data = Vec::from([1u8, 0, 0, 0, 1]);
        data.extend_from_slice(key.as_ref());
        data.extend_from_slice(b"elf");
        let (authority, program) = buffer_parts(&data).unwrap();
        assert_eq!((authority, program), (key, &b"elf"[..]));
        // No authority, another state (ProgramData is 3), or too short: not a usable buffer.
        let mut none = data.clone();
        none[4] = 0;
        assert!(buffer_parts(&none).is_none());
        let mut other = data.clone();
        other[0] = 3;
        assert!(buffer_parts(&other).is_none());
        assert!(buffer_parts(&data[..36]).is_none());
    }
}
