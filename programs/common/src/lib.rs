//! Shared helpers of the IO programs.
//!
//! - [`math`]: the wide-integer helpers LLVM 22's BPF backend needs (no u128 multiply there).
//! - [`pod`]: alignment-1 integers for zero-copy account layouts.
//! - [`borsh`]: a zero-copy reader for instruction arguments.
//! - [`discriminator`]: Anchor's sha256 discriminators, computed at compile time.
//! - [`oracle`]: io_oracle's price feed and oracle set, read by other programs.
//! - [`quorum`]: the one rule that turns oracle votes into a figure.
//! - [`token`]: io_token's addresses other programs check (the IO and IOSD mints, IOSD's state).
//! - [`reserves`]: the arithmetic and the log line of the programs' `prove_reserves`.
//! - [`staking`]: voting power (io_staking's per-position checkpoint) and io_staking's layouts.
//! - [`governance`]: io_governance's id, executor PDA and a proposal's lock end.
//! - [`buyback`]: io_buyback's vaults io_jobs sweeps into, and where io_buyback reads the sweeps.
//! - [`interface!`]: one declaration per program that yields the discriminators, the account
//!   parsers, the argument decoders, the error enum, the events, the account layouts and (with
//!   the `idl-build` feature, on the host) the Anchor IDL, so the program and its IDL cannot drift.
#![no_std]

#[cfg(feature = "idl-build")]
extern crate std;

pub mod account;
pub mod admin;
pub mod borsh;
pub mod buyback;
pub mod discriminator;
pub mod event;
pub mod governance;
pub mod hash;
#[cfg(feature = "idl-build")]
pub mod idl;
mod interface;
pub mod loader;
pub mod math;
pub mod oracle;
pub mod pda;
pub mod pod;
pub mod quorum;
pub mod reserves;
pub mod staking;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod token;

pub use {pinocchio, solana_address};

/// A panic handler that logs a fixed message and aborts. pinocchio's `nostd_panic_handler!`
/// reads the panic location, whose pointer sbpf-linker 0.1.9 leaves unrelocated (TOOLCHAIN.md),
/// so it faults at address 0 instead of saying what happened.
#[macro_export]
macro_rules! panic_handler {
    () => {
        #[cfg(any(target_os = "solana", target_arch = "bpf"))]
        #[panic_handler]
        fn panic(_info: &core::panic::PanicInfo<'_>) -> ! {
            const MSG: &[u8] = b"program panicked";
            // SAFETY: MSG is a valid byte slice for its whole length; abort never returns.
            unsafe {
                $crate::pinocchio::syscalls::sol_log_(MSG.as_ptr(), MSG.len() as u64);
                $crate::pinocchio::syscalls::abort()
            }
        }
    };
}
