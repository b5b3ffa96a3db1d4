//! Program-derived addresses without the read-only-data trap.
//!
//! sbpf-linker 0.1.9 does not relocate pointers stored in data sections. A seed list whose every
//! element is a constant (`&[CONFIG_SEED]`) is promoted by rustc/LLVM to a constant in read-only
//! data holding a pointer, which then points nowhere on chain (seen: `Unaligned pointer` in
//! `sol_try_find_program_address`). `seeds!` passes each seed through `black_box`, so the list
//! is built on the stack at run time. scripts/build.sh also fails the build if any program's
//! final IR keeps a pointer inside a constant.

/// A seed list built at run time: `seeds![CONFIG_SEED]`, `seeds![VAULT_SEED, &[index]]`.
#[macro_export]
macro_rules! seeds {
    ($($seed:expr),+ $(,)?) => {
        [$(core::hint::black_box::<&[u8]>($seed)),+]
    };
}
