//! Anchor's discriminators: the first 8 bytes of sha256("<namespace>:<name>"), at compile time.

use sha2_const_stable::Sha256;

/// First 8 bytes of sha256(`namespace` `name`), e.g. `discriminator("global:", "initialize")`.
pub const fn discriminator(namespace: &str, name: &str) -> [u8; 8] {
    let hash = Sha256::new()
        .update(namespace.as_bytes())
        .update(name.as_bytes())
        .finalize();
    let mut out = [0u8; 8];
    let mut i = 0;
    while i < 8 {
        out[i] = hash[i];
        // Bounded by 8: cannot overflow.
        i = i.wrapping_add(1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_anchor_known_values() {
        // Anchor's `initialize` discriminator, as printed by every Anchor IDL.
        assert_eq!(
            discriminator("global:", "initialize"),
            [175, 175, 109, 31, 13, 152, 155, 237]
        );
    }
}
