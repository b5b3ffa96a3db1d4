//! A zero-copy Borsh reader for instruction arguments. Every read is bounds-checked and a
//! decoded instruction must consume its data exactly: trailing bytes are an error.

use solana_address::Address;

/// Why instruction data did not decode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecodeError;

pub struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    #[inline(always)]
    pub const fn new(data: &'a [u8]) -> Self {
        Self { data }
    }

    #[inline(always)]
    fn take<const N: usize>(&mut self) -> Result<&'a [u8; N], DecodeError> {
        let (head, tail) = self.data.split_first_chunk::<N>().ok_or(DecodeError)?;
        self.data = tail;
        Ok(head)
    }

    #[inline(always)]
    fn take_slice(&mut self, len: usize) -> Result<&'a [u8], DecodeError> {
        if len > self.data.len() {
            return Err(DecodeError);
        }
        let (head, tail) = self.data.split_at(len);
        self.data = tail;
        Ok(head)
    }

    #[inline(always)]
    pub fn u8(&mut self) -> Result<u8, DecodeError> {
        Ok(self.take::<1>()?[0])
    }
    #[inline(always)]
    pub fn bool(&mut self) -> Result<bool, DecodeError> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(DecodeError),
        }
    }
    #[inline(always)]
    pub fn u16(&mut self) -> Result<u16, DecodeError> {
        Ok(u16::from_le_bytes(*self.take()?))
    }
    #[inline(always)]
    pub fn u32(&mut self) -> Result<u32, DecodeError> {
        Ok(u32::from_le_bytes(*self.take()?))
    }
    #[inline(always)]
    pub fn u64(&mut self) -> Result<u64, DecodeError> {
        Ok(u64::from_le_bytes(*self.take()?))
    }
    #[inline(always)]
    pub fn i64(&mut self) -> Result<i64, DecodeError> {
        Ok(i64::from_le_bytes(*self.take()?))
    }
    #[inline(always)]
    pub fn pubkey(&mut self) -> Result<Address, DecodeError> {
        Ok(Address::new_from_array(*self.take()?))
    }
    /// A Borsh byte vector: u32 length, then the bytes.
    #[inline(always)]
    pub fn bytes(&mut self) -> Result<&'a [u8], DecodeError> {
        let len = self.u32()? as usize;
        self.take_slice(len)
    }
    /// A Borsh string: u32 length, then UTF-8 bytes (validated).
    #[inline(always)]
    pub fn string(&mut self) -> Result<&'a str, DecodeError> {
        core::str::from_utf8(self.bytes()?).map_err(|_| DecodeError)
    }
    /// A Borsh vector of pubkeys (as 32-byte arrays): u32 count, then the keys.
    #[inline(always)]
    pub fn pubkeys(&mut self) -> Result<&'a [[u8; 32]], DecodeError> {
        self.hashes()
    }

    /// A Borsh vector of 32-byte hashes: u32 count, then the hashes.
    #[inline(always)]
    pub fn hashes(&mut self) -> Result<&'a [[u8; 32]], DecodeError> {
        let count = self.u32()? as usize;
        let len = count << 5; // count < 2^32: no overflow in 64 bits
        let (hashes, rest) = self.take_slice(len)?.as_chunks::<32>();
        debug_assert!(rest.is_empty());
        Ok(hashes)
    }

    #[inline(always)]
    pub fn array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        Ok(*self.take::<N>()?)
    }

    /// Succeeds only when every byte was read.
    #[inline(always)]
    pub fn finish(self) -> Result<(), DecodeError> {
        if self.data.is_empty() {
            Ok(())
        } else {
            Err(DecodeError)
        }
    }
}

/// A fixed-size Borsh buffer that starts with an 8-byte discriminator and is filled front to
/// back: event payloads and CPI instruction data. Writes past the end are dropped, never a panic;
/// callers size `N` for their largest input (events: exactly, from the field types).
pub struct Writer<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> Writer<N> {
    #[inline(always)]
    pub const fn new(discriminator: [u8; 8]) -> Self {
        let mut buf = [0u8; N];
        let mut i = 0;
        while i < 8 {
            buf[i] = discriminator[i];
            i = i.wrapping_add(1);
        }
        Self { buf, len: 8 }
    }

    #[inline(always)]
    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        let end = self.len.wrapping_add(bytes.len());
        if let Some(dst) = self.buf.get_mut(self.len..end) {
            dst.copy_from_slice(bytes);
            self.len = end;
        }
        self
    }
    #[inline(always)]
    pub fn u8(&mut self, v: u8) -> &mut Self {
        self.bytes(&[v])
    }
    #[inline(always)]
    pub fn bool(&mut self, v: bool) -> &mut Self {
        self.bytes(&[v as u8])
    }
    #[inline(always)]
    pub fn u16(&mut self, v: u16) -> &mut Self {
        self.bytes(&v.to_le_bytes())
    }
    #[inline(always)]
    pub fn u32(&mut self, v: u32) -> &mut Self {
        self.bytes(&v.to_le_bytes())
    }
    #[inline(always)]
    pub fn u64(&mut self, v: u64) -> &mut Self {
        self.bytes(&v.to_le_bytes())
    }
    #[inline(always)]
    pub fn i64(&mut self, v: i64) -> &mut Self {
        self.bytes(&v.to_le_bytes())
    }
    #[inline(always)]
    pub fn pubkey(&mut self, v: &Address) -> &mut Self {
        self.bytes(v.as_ref())
    }

    /// The bytes written so far (the whole event once every field is in).
    #[inline(always)]
    pub fn as_slice(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&[])
    }

    /// A Borsh string: u32 length, then the bytes.
    #[inline(always)]
    pub fn string(&mut self, v: &str) -> &mut Self {
        self.u32(v.len() as u32).bytes(v.as_bytes())
    }

    /// True when every write fitted.
    #[inline(always)]
    pub fn complete(&self, expected_len: usize) -> bool {
        self.len == expected_len
    }

    /// Logs the buffer as an event, with one `sol_log_data` slice.
    #[inline(always)]
    pub fn emit(&self) {
        crate::event::log_data(self.as_slice());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_borsh_and_rejects_short_or_trailing_data() {
        let data = [7u8, 1, 0, 0, 0, b'x', 1, 2];
        let mut r = Reader::new(&data);
        assert_eq!(r.u8(), Ok(7));
        assert_eq!(r.string(), Ok("x"));
        assert_eq!(r.u8(), Ok(1));
        assert!(Reader::new(&data[..1]).u16().is_err());
        let mut r = Reader::new(&data);
        r.u8().unwrap();
        assert!(r.finish().is_err());
        let bad_len = [255u8, 255, 255, 255, 0];
        assert!(Reader::new(&bad_len).bytes().is_err());
        assert!(Reader::new(&[2u8]).bool().is_err());
        assert!(Reader::new(&[1u8, 0, 0, 0, 0xff]).string().is_err());
    }
}
