//! Host-test helpers shared by the programs' property tests (the `testing` feature, enabled for
//! their tests through dev-dependencies; never in a program build).

/// xorshift64*: deterministic, no dependency; the same seed gives the same cases everywhere.
pub struct Rng(pub u64);

#[allow(clippy::arithmetic_side_effects)]
impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A value in [0, n) (0 when n is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// True one time in `one_in`.
    pub fn chance(&mut self, one_in: u64) -> bool {
        self.below(one_in) == 0
    }

    /// A value in [lo, hi].
    pub fn range_i64(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// A value of a random bit length, so small, medium and huge all appear.
    pub fn value(&mut self) -> u64 {
        let bits = self.next_u64() % 65;
        if bits == 0 {
            0
        } else {
            self.next_u64() >> (64 - bits)
        }
    }
}

/// Checks io_common::governance's table for setter `index` against its program: for each of the
/// setter's parameters, `write(data, id, v)` (the program's own parameter struct written into a
/// fresh account of `len` bytes) puts `v` where the table reads it; `check(id, v)` (the program's
/// own check, the other parameters at a baseline) accepts the bounds and refuses one past each;
/// and `parse(args)` (the program's own setter `Args::parse`, fields in the setter's order)
/// reads back distinct values written in the table's order and sizes.
#[allow(clippy::arithmetic_side_effects)]
pub fn check_setter(
    index: u8,
    len: usize,
    write: &dyn Fn(&mut [u8], u8, u64),
    check: &dyn Fn(u8, u64) -> bool,
    parse: &dyn Fn(&[u8]) -> [u64; 9],
) {
    use crate::governance::{param, read_param, setter};
    let s = setter(index).expect("setter");
    let mut args = [0u8; 8 * 9];
    let mut at = 0;
    let mut expected = [0u64; 9];
    for (k, id) in (s.first..s.first + s.count).enumerate() {
        let (of, p) = param(id).expect("param");
        assert_eq!(of, index, "{id}");
        // The layout: a value within the bounds, read back at the table's offset.
        let v = p.min + (p.max - p.min).min(0xA5 + k as u64);
        let mut data = [0u8; 1024];
        write(&mut data[..len], id, v);
        assert_eq!(read_param(&data[..len], &p), Some(v), "layout of {id}");
        // The bounds.
        assert!(
            check(id, p.min) && check(id, p.max),
            "bounds of {id} accepted"
        );
        if p.min > 0 {
            assert!(!check(id, p.min - 1), "{id} below");
        }
        if p.size < 8 && p.max < (1u64 << (8 * p.size)) - 1 || p.size == 8 && p.max < u64::MAX {
            assert!(!check(id, p.max + 1), "{id} above");
        }
        // The argument order.
        args[at..at + p.size].copy_from_slice(&v.to_le_bytes()[..p.size]);
        at += p.size;
        expected[k] = v;
    }
    assert!(param(s.first + s.count).is_none_or(|(of, _)| of != index));
    assert_eq!(
        parse(&args[..at]),
        expected,
        "argument order of setter {index}"
    );
}
