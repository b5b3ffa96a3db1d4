//! Token-2022's token-metadata interface, which pinocchio-token-2022 0.5 does not wrap:
//! the `Initialize` instruction and the size of the metadata TLV entry it writes.

use crate::{
    interface::Error,
    state::{MAX_NAME_LEN, MAX_SYMBOL_LEN, MAX_URI_LEN},
};
use io_common::borsh::Writer;
use pinocchio::{
    cpi::{invoke_signed, Signer},
    error::ProgramError,
    instruction::{InstructionAccount, InstructionView},
    AccountView,
};

/// sha256("spl_token_metadata_interface:initialize_account")[..8].
const INITIALIZE: [u8; 8] =
    io_common::discriminator::discriminator("spl_token_metadata_interface:", "initialize_account");

/// Fixed bytes of the metadata TLV entry: type (2) + length (2) + update authority (32)
/// + mint (32) + three string lengths (12) + an empty additional-metadata vector (4).
const TLV_FIXED: usize = 84;
/// Fixed bytes of the instruction data: discriminator + three string lengths.
const DATA_FIXED: usize = 20;
const MAX_DATA: usize = DATA_FIXED + MAX_NAME_LEN + MAX_SYMBOL_LEN + MAX_URI_LEN;

/// Checks the metadata against its bounds and returns the bytes its TLV entry adds to the mint.
pub fn checked_tlv_len(name: &str, symbol: &str, uri: &str) -> Result<usize, Error> {
    if name.len() > MAX_NAME_LEN || symbol.len() > MAX_SYMBOL_LEN || uri.len() > MAX_URI_LEN {
        return Err(Error::MetadataTooLong);
    }
    // Bounded by the checks above: no overflow.
    Ok(TLV_FIXED
        .wrapping_add(name.len())
        .wrapping_add(symbol.len())
        .wrapping_add(uri.len()))
}

/// Writes name, symbol and URI into the mint itself (its metadata pointer points at it),
/// with `authority` as update authority. Lengths must have passed `checked_tlv_len`.
pub fn initialize(
    mint: &AccountView,
    authority: &AccountView,
    name: &str,
    symbol: &str,
    uri: &str,
    signer: Signer,
) -> Result<(), ProgramError> {
    let mut data = Writer::<MAX_DATA>::new(INITIALIZE);
    data.string(name).string(symbol).string(uri);
    let accounts = [
        InstructionAccount::writable(mint.address()),
        InstructionAccount::readonly(authority.address()),
        InstructionAccount::readonly(mint.address()),
        InstructionAccount::readonly_signer(authority.address()),
    ];
    invoke_signed(
        &InstructionView {
            program_id: &pinocchio_token_2022::ID,
            accounts: &accounts,
            data: data.as_slice(),
        },
        &[mint, authority, mint, authority],
        &[signer],
    )
}
