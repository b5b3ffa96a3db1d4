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

/// `find_program_address` at about 300 CU per bump tried instead of 1,500: each candidate is
/// hashed with `sol_sha256` and tested with `sol_curve_validate_point` (the same test the runtime
/// makes: does the hash decompress to an Edwards point?). The first bump from 255 down whose
/// address is off the curve is the canonical one, exactly as `find_program_address` returns.
/// On the host it is `find_program_address`.
pub fn find_pda<const N: usize>(
    seeds: &[&[u8]; N],
    program_id: &pinocchio::Address,
) -> (pinocchio::Address, u8) {
    #[cfg(any(target_os = "solana", target_arch = "bpf"))]
    {
        let mut bump = u8::MAX;
        loop {
            let address = pinocchio::Address::derive_address(seeds, Some(bump), program_id);
            let mut ignored = [0u8; 32];
            // SAFETY: the point is 32 readable bytes and the result 32 writable ones; curve id
            // 0 is curve25519's Edwards form. It returns 0 when the bytes are a point.
            let on_curve = unsafe {
                pinocchio::syscalls::sol_curve_validate_point(
                    0,
                    address.as_ref().as_ptr(),
                    ignored.as_mut_ptr(),
                )
            } == 0;
            if !on_curve || bump == 0 {
                return (address, bump);
            }
            bump = bump.wrapping_sub(1);
        }
    }
    #[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
    {
        pinocchio::Address::find_program_address(seeds, program_id)
    }
}
