/**
 * The airdrop's Merkle tree, as the program verifies it (docs/supply.md):
 * leaf = sha256(0x00 || wallet || amount u64 LE), node = sha256(0x01 || lower || higher).
 */
import { sha256 as nobleSha256 } from "@noble/hashes/sha2";
import { Buffer } from "buffer";
import { PublicKey } from "@solana/web3.js";
import BN from "bn.js";

export interface AirdropEntry {
  wallet: PublicKey;
  amount: BN;
}

export interface AirdropTree {
  root: Buffer;
  total: BN;
  /** Proof (sibling hashes, leaf to root) per wallet, base58 key. */
  proofs: Map<string, Buffer[]>;
}

/** sha256 in plain JavaScript (no Node `crypto`), so the SDK bundles for the browser. */
const sha256 = (...parts: Buffer[]): Buffer => Buffer.from(nobleSha256(Buffer.concat(parts)));

export function airdropLeaf(wallet: PublicKey, amount: BN): Buffer {
  return sha256(Buffer.from([0]), wallet.toBuffer(), amount.toArrayLike(Buffer, "le", 8));
}

export function airdropNode(a: Buffer, b: Buffer): Buffer {
  return Buffer.compare(a, b) <= 0 ? sha256(Buffer.from([1]), a, b) : sha256(Buffer.from([1]), b, a);
}

/** Builds the tree; each wallet at most once. An odd node is carried up unchanged. */
export function buildAirdropTree(entries: AirdropEntry[]): AirdropTree {
  if (entries.length === 0) throw new Error("an airdrop needs at least one entry");
  const seen = new Set<string>();
  let total = new BN(0);
  for (const e of entries) {
    const key = e.wallet.toBase58();
    if (seen.has(key)) throw new Error(`wallet ${key} appears twice`);
    if (e.amount.lten(0)) throw new Error(`wallet ${key} has a non-positive amount`);
    seen.add(key);
    total = total.add(e.amount);
  }
  let level = entries.map((e) => airdropLeaf(e.wallet, e.amount));
  // paths[i] = indices into the current level of leaf i's ancestor, and its proof so far.
  const position = entries.map((_, i) => i);
  const proofs = entries.map((): Buffer[] => []);
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? airdropNode(level[i], level[i + 1]) : level[i]);
    entries.forEach((_, leaf) => {
      const p = position[leaf];
      const sibling = p ^ 1;
      if (sibling < level.length) proofs[leaf].push(level[sibling]);
      position[leaf] = p >> 1;
    });
    level = next;
  }
  return { root: level[0], total, proofs: new Map(entries.map((e, i) => [e.wallet.toBase58(), proofs[i]])) };
}

export function verifyAirdropProof(root: Buffer, wallet: PublicKey, amount: BN, proof: Buffer[]): boolean {
  return proof.reduce((acc, sibling) => airdropNode(acc, sibling), airdropLeaf(wallet, amount)).equals(root);
}

/** Parses `wallet,amount` lines (amount in base units; a header line and blank lines are skipped). */
export function parseAirdropCsv(csv: string): AirdropEntry[] {
  return csv
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^wallet\s*,/i.test(l))
    .map((line, i) => {
      const [wallet, amount] = line.split(",").map((s) => s.trim());
      if (!wallet || !amount || !/^\d+$/.test(amount)) throw new Error(`line ${i + 1}: expected wallet,amount (base units)`);
      return { wallet: new PublicKey(wallet), amount: new BN(amount) };
    });
}
