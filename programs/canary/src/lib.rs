//! Toolchain canary (test-only, never deployed): guards TOOLCHAIN.md's trap 1.
//!
//! sbpf-linker 0.1.9 mislinks calls into `.text.unlikely`, where LLVM puts `#[cold]` functions
//! and core's panic paths, unless the build passes `-profile-guided-section-prefix=false`.
//! tests/canary.test.ts asserts that the cold path returns its error and that an out-of-bounds
//! index fails the transaction through the panic handler; without the flag the first fails with
//! `unsupported BPF instruction` and the second was seen to jump into other code and succeed.
//!
//! Instruction data: `[0]` succeeds; `[1]` returns custom error 6001 from a `#[cold]` helper;
//! `[2, i]` reads `TABLE[i]` (panics for i >= 4) and returns custom error 6100 + value.
#![no_std]

use pinocchio::{error::ProgramError, AccountView, Address, ProgramResult};

pinocchio::program_entrypoint!(process_instruction);
pinocchio::no_allocator!();
io_common::panic_handler!();

/// Error of the cold path.
pub const COLD_ERROR: u32 = 6001;
/// Base of the value-carrying error of the indexing path.
pub const INDEX_ERROR_BASE: u32 = 6100;

#[cold]
#[inline(never)]
fn cold_error() -> ProgramError {
    ProgramError::Custom(COLD_ERROR)
}

#[inline(never)]
fn read_table(index: usize) -> u8 {
    let table: [u8; 4] = [11, 22, 33, 44];
    // Deliberately unchecked: an index >= 4 must panic and abort the transaction.
    table[index]
}

pub fn process_instruction(
    _program_id: &Address,
    _accounts: &mut [AccountView],
    data: &[u8],
) -> ProgramResult {
    match data {
        [0] => Ok(()),
        [1] => Err(cold_error()),
        [2, index] => Err(ProgramError::Custom(
            INDEX_ERROR_BASE.wrapping_add(read_table(*index as usize) as u32),
        )),
        _ => Err(ProgramError::InvalidInstructionData),
    }
}
