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
