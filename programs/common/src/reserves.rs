//! Proofs of reserves: each program that holds tokens proves, permissionlessly, that every vault
//! it owns holds at least what it owes from it (`prove_reserves`). The event is the same in every
//! program, `ReservesProven { vault, balance, obligations, surplus }`, declared in each program's
//! interface; this module holds the arithmetic and the log line naming a short vault.

use solana_address::Address;

/// A vault's balance against its obligations: the surplus, or `None` when the vault is short.
#[inline(always)]
pub fn surplus(balance: u64, obligations: u64) -> Option<u64> {
    balance.checked_sub(obligations)
}

/// Logs "ReservesShort" and the short vault's address (before the program fails with its
/// `ReservesShort` error), so the failure names the vault.
#[inline(never)]
pub fn log_short(vault: &Address) {
    #[cfg(any(target_os = "solana", target_arch = "bpf"))]
    {
        const MSG: &[u8] = b"ReservesShort: vault below its obligations";
        // SAFETY: MSG is a valid byte slice for its whole length, and `vault` points at 32
        // readable bytes (an Address), the only thing `sol_log_pubkey` reads.
        unsafe {
            pinocchio::syscalls::sol_log_(MSG.as_ptr(), MSG.len() as u64);
            pinocchio::syscalls::sol_log_pubkey(vault.as_ref().as_ptr());
        }
    }
    #[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
    let _ = vault;
}

#[cfg(test)]
mod tests {
    use super::surplus;

    #[test]
    fn surplus_is_the_excess_and_short_is_none() {
        assert_eq!(surplus(10, 10), Some(0));
        assert_eq!(surplus(11, 10), Some(1));
        assert_eq!(surplus(9, 10), None);
        assert_eq!(surplus(u64::MAX, 0), Some(u64::MAX));
        assert_eq!(surplus(0, 1), None);
    }
}
