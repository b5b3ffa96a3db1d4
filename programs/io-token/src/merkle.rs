//! The airdrop's Merkle tree (docs/airdrop.md): leaf = sha256(0x00 || wallet || amount as u64 LE),
//! node = sha256(0x01 || lower || higher) with the two children in byte order, so a proof is the
//! list of sibling hashes and needs no left/right flags. The prefixes keep a leaf from passing for
//! a node.

use io_common::hash::sha256;

pub fn leaf(wallet: &[u8; 32], amount: u64) -> [u8; 32] {
    sha256(&[&[0u8], wallet, &amount.to_le_bytes()])
}

pub fn node(a: &[u8; 32], b: &[u8; 32]) -> [u8; 32] {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    sha256(&[&[1u8], lo, hi])
}

/// True when `proof` leads from `leaf` to `root`.
pub fn verify(root: &[u8; 32], leaf: [u8; 32], proof: &[[u8; 32]]) -> bool {
    proof.iter().fold(leaf, |acc, sibling| node(&acc, sibling)) == *root
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verifies_a_four_leaf_tree_and_refuses_a_wrong_amount() {
        let wallets = [[1u8; 32], [2u8; 32], [3u8; 32], [4u8; 32]];
        let leaves: [[u8; 32]; 4] = core::array::from_fn(|i| leaf(&wallets[i], i as u64 + 10));
        let (n01, n23) = (node(&leaves[0], &leaves[1]), node(&leaves[2], &leaves[3]));
        let root = node(&n01, &n23);
        assert!(verify(&root, leaves[2], &[leaves[3], n01]));
        assert!(!verify(&root, leaf(&wallets[2], 13), &[leaves[3], n01]));
        assert!(!verify(&root, leaves[2], &[leaves[3]]));
    }
}
