//! Events as Anchor's `emit!` writes them: ONE `sol_log_data` slice holding the 8-byte event
//! discriminator followed by the Borsh fields. (Two slices print two base64 words and Anchor's
//! `EventParser` then misreads the event.)

#[inline(always)]
pub fn log_data(data: &[u8]) {
    #[cfg(any(target_os = "solana", target_arch = "bpf"))]
    {
        let slices = [data];
        // SAFETY: `slices` is an array of one valid fat slice pointer, the layout
        // `sol_log_data` reads (pointer, length pairs), alive for the call.
        unsafe {
            pinocchio::syscalls::sol_log_data(slices.as_ptr() as *const u8, slices.len() as u64)
        };
    }
    #[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
    let _ = data;
}
