//! Creating a Token-2022 mint at a PDA with its metadata on itself (metadata pointer + token
//! metadata), the program authority as mint and metadata-update authority, no freeze
//! authority, and optionally non-transferable (IOSD).

use crate::{interface::Error, token_metadata};
use io_common::account::CreatePda;
use pinocchio::{cpi::Signer, error::ProgramError, AccountView, ProgramResult};
use pinocchio_token_2022::instructions::{
    metadata_pointer, InitializeMint2, InitializeNonTransferableMint,
};

/// Mint (82) + padding to the account size (83) + account type (1) + metadata-pointer TLV (68).
const MINT_WITH_POINTER_LEN: usize = 234;
/// The non-transferable extension's TLV: type (2) + length (2), no data.
const NON_TRANSFERABLE_TLV_LEN: usize = 4;

pub struct MetadataMint<'a> {
    pub payer: &'a AccountView,
    pub mint: &'a AccountView,
    pub authority: &'a AccountView,
    pub decimals: u8,
    pub non_transferable: bool,
    pub name: &'a str,
    pub symbol: &'a str,
    pub uri: &'a str,
}

impl MetadataMint<'_> {
    /// Checks the metadata bounds (before anything is written, so callers can call it first).
    pub fn check(&self) -> Result<usize, Error> {
        token_metadata::checked_tlv_len(self.name, self.symbol, self.uri)
    }

    /// `mint_signer`: the mint's PDA seeds; `authority_signer`: the authority's.
    pub fn create(&self, mint_signer: Signer, authority_signer: Signer) -> ProgramResult {
        let metadata_len = self.check()?;
        let space = if self.non_transferable {
            MINT_WITH_POINTER_LEN.wrapping_add(NON_TRANSFERABLE_TLV_LEN)
        } else {
            MINT_WITH_POINTER_LEN
        };
        let rent_space = space
            .checked_add(metadata_len)
            .ok_or(ProgramError::ArithmeticOverflow)?;
        CreatePda {
            payer: self.payer,
            account: self.mint,
            space,
            rent_space,
            owner: &pinocchio_token_2022::ID,
        }
        .invoke_signed(mint_signer)?;
        if self.non_transferable {
            InitializeNonTransferableMint {
                mint: self.mint,
                token_program: &pinocchio_token_2022::ID,
            }
            .invoke()?;
        }
        metadata_pointer::Initialize {
            mint: self.mint,
            authority: Some(self.authority.address()),
            metadata_address: Some(self.mint.address()),
            token_program: &pinocchio_token_2022::ID,
        }
        .invoke()?;
        InitializeMint2::new(self.mint, self.decimals, self.authority.address(), None).invoke()?;
        token_metadata::initialize(
            self.mint,
            self.authority,
            self.name,
            self.symbol,
            self.uri,
            authority_signer,
        )
    }
}
