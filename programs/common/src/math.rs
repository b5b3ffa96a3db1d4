//! Wide-integer helpers for LLVM 22's BPF backend, which rejects 128-bit multiply and divide and
//! u64 `checked_mul` (they lower to `__multi3`, which the target lacks; TOOLCHAIN.md). Everything
//! here uses u64 `wrapping_mul`, `/`, `%`, shifts and compares only, and is tested against u128
//! on the host.

const LO32: u64 = 0xffff_ffff;

/// `a / b` for a divisor the caller knows is not zero (0 if it were).
#[inline(always)]
const fn div(a: u64, b: u64) -> u64 {
    match a.checked_div(b) {
        Some(q) => q,
        None => 0,
    }
}

/// `a % b` for a divisor the caller knows is not zero (0 if it were).
#[inline(always)]
const fn rem(a: u64, b: u64) -> u64 {
    match a.checked_rem(b) {
        Some(r) => r,
        None => 0,
    }
}

/// The full 128-bit product of `a` and `b` as `(high, low)` 64-bit limbs.
#[inline]
pub const fn mul_wide(a: u64, b: u64) -> (u64, u64) {
    let (a1, a0) = (a >> 32, a & LO32);
    let (b1, b0) = (b >> 32, b & LO32);
    // Each partial product of two 32-bit halves is below 2^64: the wrapping multiplies are exact.
    let p00 = a0.wrapping_mul(b0);
    let p01 = a0.wrapping_mul(b1);
    let p10 = a1.wrapping_mul(b0);
    let p11 = a1.wrapping_mul(b1);
    // middle < 3 * 2^32 < 2^64.
    let middle = (p00 >> 32)
        .wrapping_add(p01 & LO32)
        .wrapping_add(p10 & LO32);
    let low = (middle << 32) | (p00 & LO32);
    // The true high limb is below 2^64, so these adds cannot wrap.
    let high = p11
        .wrapping_add(p01 >> 32)
        .wrapping_add(p10 >> 32)
        .wrapping_add(middle >> 32);
    (high, low)
}

/// `a * b`, or `None` when the product does not fit in a u64.
#[inline]
pub const fn checked_mul(a: u64, b: u64) -> Option<u64> {
    let (high, low) = mul_wide(a, b);
    if high == 0 {
        Some(low)
    } else {
        None
    }
}

/// Divides the 128-bit number `(high, low)` by `divisor`, returning `(quotient, remainder)`.
/// Requires `high < divisor` (so the quotient fits in 64 bits); callers check it.
/// Knuth's algorithm D on 32-bit digits (the two-digit case of Hacker's Delight's `divlu`).
const fn div_wide(high: u64, low: u64, divisor: u64) -> (u64, u64) {
    const B: u64 = 1 << 32;
    // Normalise: shift the divisor so its top bit is set.
    let s = divisor.leading_zeros();
    let v = divisor << s;
    let (vn1, vn0) = (v >> 32, v & LO32);
    let un32 = if s == 0 {
        high
    } else {
        (high << s) | (low >> 64u32.wrapping_sub(s))
    };
    let un10 = low << s;
    let (un1, un0) = (un10 >> 32, un10 & LO32);

    // First quotient digit. q1 < 2^33; the product q1 * vn0 is formed only once q1 < B.
    let mut q1 = div(un32, vn1);
    let mut rhat = un32.wrapping_sub(q1.wrapping_mul(vn1));
    while q1 >= B || q1.wrapping_mul(vn0) > (rhat << 32).wrapping_add(un1) {
        q1 = q1.wrapping_sub(1);
        rhat = rhat.wrapping_add(vn1);
        if rhat >= B {
            break;
        }
    }
    // Modular arithmetic: the true value is below v < 2^64.
    let un21 = (un32 << 32)
        .wrapping_add(un1)
        .wrapping_sub(q1.wrapping_mul(v));

    // Second quotient digit.
    let mut q0 = div(un21, vn1);
    rhat = un21.wrapping_sub(q0.wrapping_mul(vn1));
    while q0 >= B || q0.wrapping_mul(vn0) > (rhat << 32).wrapping_add(un0) {
        q0 = q0.wrapping_sub(1);
        rhat = rhat.wrapping_add(vn1);
        if rhat >= B {
            break;
        }
    }
    let remainder = (un21 << 32)
        .wrapping_add(un0)
        .wrapping_sub(q0.wrapping_mul(v))
        >> s;
    ((q1 << 32) | q0, remainder)
}

/// `a * b / c` rounded down, with a 128-bit intermediate; `None` when `c == 0` or the quotient
/// does not fit in a u64.
#[inline]
pub const fn mul_div(a: u64, b: u64, c: u64) -> Option<u64> {
    if c == 0 {
        return None;
    }
    let (high, low) = mul_wide(a, b);
    if high == 0 {
        return Some(div(low, c));
    }
    if high >= c {
        return None;
    }
    Some(div_wide(high, low, c).0)
}

/// `a * b / c` rounded up; `None` when `c == 0` or the quotient does not fit in a u64.
#[inline]
pub const fn mul_div_ceil(a: u64, b: u64, c: u64) -> Option<u64> {
    if c == 0 {
        return None;
    }
    let (high, low) = mul_wide(a, b);
    let (quotient, remainder) = if high == 0 {
        (div(low, c), rem(low, c))
    } else if high >= c {
        return None;
    } else {
        div_wide(high, low, c)
    };
    if remainder == 0 {
        Some(quotient)
    } else {
        quotient.checked_add(1)
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::testing::Rng;

    fn reference(a: u64, b: u64, c: u64) -> Option<u64> {
        if c == 0 {
            return None;
        }
        u64::try_from(a as u128 * b as u128 / c as u128).ok()
    }

    fn reference_ceil(a: u64, b: u64, c: u64) -> Option<u64> {
        if c == 0 {
            return None;
        }
        u64::try_from((a as u128 * b as u128).div_ceil(c as u128)).ok()
    }

    const EDGES: [u64; 14] = [
        0,
        1,
        2,
        3,
        0xffff_ffff,
        0x1_0000_0000,
        0x1_0000_0001,
        0x8000_0000_0000_0000,
        0x7fff_ffff_ffff_ffff,
        u64::MAX - 1,
        u64::MAX,
        100_000_000,
        50_000_000_000_000_000,
        80_000_000_000_000_000,
    ];

    fn check(a: u64, b: u64, c: u64) {
        let wide = a as u128 * b as u128;
        assert_eq!(
            mul_wide(a, b),
            ((wide >> 64) as u64, wide as u64),
            "mul_wide {a} {b}"
        );
        assert_eq!(checked_mul(a, b), a.checked_mul(b), "checked_mul {a} {b}");
        assert_eq!(mul_div(a, b, c), reference(a, b, c), "mul_div {a} {b} {c}");
        assert_eq!(
            mul_div_ceil(a, b, c),
            reference_ceil(a, b, c),
            "mul_div_ceil {a} {b} {c}"
        );
    }

    #[test]
    fn edge_cases_match_u128() {
        for &a in &EDGES {
            for &b in &EDGES {
                for &c in &EDGES {
                    check(a, b, c);
                }
            }
        }
    }

    #[test]
    fn random_inputs_match_u128() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..2_000_000 {
            let (a, b, c) = (rng.value(), rng.value(), rng.value());
            check(a, b, c);
        }
    }

    #[test]
    fn quotients_near_the_limit() {
        // a * b / c just below, at and above u64::MAX.
        let mut rng = Rng(42);
        for _ in 0..200_000 {
            let c = rng.next_u64() | 1;
            let q = u64::MAX - (rng.next_u64() % 3);
            let wide = q as u128 * c as u128 + (rng.next_u64() % c) as u128;
            // Split wide into a * b with a = c, b = q when possible; else use the identity.
            check(c, q, c);
            let a = (wide >> 64) as u64 | 1;
            check(a, q, c);
        }
    }

    #[test]
    fn divisor_normalisation_shifts() {
        // Every normalisation shift 0..63 with a quotient that needs both digits.
        for s in 0..64u32 {
            let c = (1u64 << 63) >> s | 1;
            check(u64::MAX, c - 1, c);
            check(u64::MAX / 3, c, c - (c > 1) as u64);
        }
    }
}
