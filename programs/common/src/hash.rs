//! sha256 over several slices: the `sol_sha256` syscall on chain, a Rust implementation on the
//! host (tests and tools), with the same results.

/// sha256 of the concatenation of `parts`.
#[inline(always)]
pub fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    #[cfg(any(target_os = "solana", target_arch = "bpf"))]
    {
        let mut out = [0u8; 32];
        // SAFETY: `parts` is a slice of fat slice pointers (the layout `sol_sha256` reads) alive
        // for the call, and `out` has room for the 32-byte digest the syscall writes.
        unsafe {
            pinocchio::syscalls::sol_sha256(
                parts.as_ptr() as *const u8,
                parts.len() as u64,
                out.as_mut_ptr(),
            );
        }
        out
    }
    #[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
    {
        let mut hasher = sha2_const_stable::Sha256::new();
        for part in parts {
            hasher = hasher.update(part);
        }
        hasher.finalize()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn matches_the_known_digest_of_abc() {
        let d = super::sha256(&[b"a", b"bc"]);
        assert_eq!(d[..4], [0xba, 0x78, 0x16, 0xbf]);
    }
}
