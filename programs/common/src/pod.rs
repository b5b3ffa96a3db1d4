//! Alignment-1 little-endian integers for zero-copy account layouts (`#[repr(C)]` structs whose
//! every field has alignment 1, so any byte offset in account data is a valid place to cast).
//! Their bytes are exactly Borsh's, so Anchor's coder decodes the accounts they make up.

macro_rules! pod_int {
    ($name:ident, $int:ty, $len:literal) => {
        #[repr(transparent)]
        #[derive(Clone, Copy, Default, PartialEq, Eq)]
        pub struct $name([u8; $len]);

        impl $name {
            #[inline(always)]
            pub const fn new(value: $int) -> Self {
                Self(value.to_le_bytes())
            }
            #[inline(always)]
            pub const fn get(&self) -> $int {
                <$int>::from_le_bytes(self.0)
            }
            #[inline(always)]
            pub fn set(&mut self, value: $int) {
                self.0 = value.to_le_bytes();
            }
        }
    };
}

pod_int!(PodU16, u16, 2);
pod_int!(PodU32, u32, 4);
pod_int!(PodU64, u64, 8);
pod_int!(PodI64, i64, 8);

/// A Borsh `bool`: one byte, 0 or 1.
#[repr(transparent)]
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct PodBool(u8);

impl PodBool {
    #[inline(always)]
    pub const fn new(value: bool) -> Self {
        Self(value as u8)
    }
    #[inline(always)]
    pub const fn get(&self) -> bool {
        self.0 != 0
    }
    #[inline(always)]
    pub fn set(&mut self, value: bool) {
        self.0 = value as u8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_little_endian() {
        let mut v = PodU64::new(0x0102_0304_0506_0708);
        assert_eq!(v.0, [8, 7, 6, 5, 4, 3, 2, 1]);
        v.set(u64::MAX);
        assert_eq!(v.get(), u64::MAX);
        assert_eq!(PodI64::new(-2).get(), -2);
        assert_eq!(core::mem::align_of::<PodU64>(), 1);
        assert!(PodBool::new(true).get());
    }
}
