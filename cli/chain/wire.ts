/**
 * Transactions to LiteSVM without the two slow paths of the libraries: @noble's pure-JS ed25519
 * (about 4.7 ms a signature here) and @solana/kit's generic transaction decoder (about 3.8 ms a
 * transaction). Node's native ed25519 signs in about 0.05 ms, and the wire format is simple
 * enough to read directly; the result is the same bytes LiteSVM would have received.
 */
import { address, SignatureBytes, Transaction as KitTransaction, TransactionMessageBytes } from "@solana/kit";
import { Keypair, PublicKey, Transaction, TransactionInstruction, VersionedTransaction } from "@solana/web3.js";
import { createPrivateKey, KeyObject, sign } from "crypto";

/** PKCS#8 prefix of a raw 32-byte ed25519 seed. */
const PKCS8_ED25519 = Buffer.from("302e020100300506032b657004220420", "hex");
const keyObjects = new WeakMap<Keypair, KeyObject>();

function keyObject(signer: Keypair): KeyObject {
  let key = keyObjects.get(signer);
  if (!key) {
    const seed = Buffer.from(signer.secretKey.subarray(0, 32));
    key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: "der", type: "pkcs8" });
    keyObjects.set(signer, key);
  }
  return key;
}

/** `signer`'s ed25519 signature of `message`, by Node's native implementation. */
export function signNative(message: Uint8Array, signer: Keypair): Buffer {
  return sign(null, message, keyObject(signer));
}

/** Signs a legacy transaction (its fee payer and recent blockhash set) with every signer. */
export function signLegacy(tx: Transaction, signers: Keypair[]): void {
  const message = tx.serializeMessage();
  for (const s of signers) tx.addSignature(s.publicKey, signNative(message, s));
}

/** A key's 32 bytes, remembered per key object (web3.js converts from a bignum every time). */
const keyBytes = new WeakMap<PublicKey, Buffer>();
function bytesOf(key: PublicKey): Buffer {
  let b = keyBytes.get(key);
  if (!b) {
    b = key.toBuffer();
    keyBytes.set(key, b);
  }
  return b;
}

const blockhashBytes = new Map<string, Buffer>();
function blockhashOf(blockhash: string): Buffer {
  let b = blockhashBytes.get(blockhash);
  if (!b) {
    if (blockhashBytes.size > 1_000) blockhashBytes.clear();
    b = new PublicKey(blockhash).toBuffer();
    blockhashBytes.set(blockhash, b);
  }
  return b;
}

/**
 * A legacy message, compiled as the runtime reads it: the fee payer first, then signers that
 * write, signers that only read, other writable accounts, other read-only ones (programs among
 * them); each account once, with the strongest flags any instruction gives it. web3.js's
 * `compileMessage` does the same but base58-encodes every key to sort them, and is run again for
 * every signature and for `serialize`.
 */
export function compileLegacy(instructions: TransactionInstruction[], payer: PublicKey, blockhash: string): { message: Buffer; signers: PublicKey[] } {
  const metas = new Map<string, { key: PublicKey; signer: boolean; writable: boolean }>();
  const add = (key: PublicKey, signer: boolean, writable: boolean) => {
    const id = bytesOf(key).toString("latin1");
    const m = metas.get(id);
    if (m) {
      m.signer ||= signer;
      m.writable ||= writable;
    } else metas.set(id, { key, signer, writable });
  };
  add(payer, true, true);
  for (const ix of instructions) {
    for (const k of ix.keys) add(k.pubkey, k.isSigner, k.isWritable);
    add(ix.programId, false, false);
  }
  const all = [...metas.values()];
  const rank = (m: { signer: boolean; writable: boolean }) => (m.signer ? 0 : 2) + (m.writable ? 0 : 1);
  const ordered = [all[0], ...all.slice(1).sort((a, b) => rank(a) - rank(b))];
  const index = new Map(ordered.map((m, i) => [bytesOf(m.key).toString("latin1"), i]));
  const signers = ordered.filter((m) => m.signer);
  const header = Buffer.from([signers.length, signers.filter((m) => !m.writable).length, ordered.filter((m) => !m.signer && !m.writable).length]);
  const parts: Buffer[] = [header, shortvecBytes(ordered.length), ...ordered.map((m) => bytesOf(m.key)), blockhashOf(blockhash), shortvecBytes(instructions.length)];
  for (const ix of instructions) {
    const at = (key: PublicKey) => index.get(bytesOf(key).toString("latin1")) as number;
    parts.push(Buffer.from([at(ix.programId)]), shortvecBytes(ix.keys.length), Buffer.from(ix.keys.map((k) => at(k.pubkey))), shortvecBytes(ix.data.length), ix.data);
  }
  return { message: Buffer.concat(parts), signers: signers.map((m) => m.key) };
}

/**
 * A legacy transaction's wire bytes, signed by `signers` (the first pays the fee): the message
 * compiled once (compileLegacy), then the signatures in the order of its signing keys. Throws
 * if a signer is missing, as web3.js does.
 */
export function signedWire(instructions: TransactionInstruction[], signers: Keypair[], blockhash: string): Buffer {
  const { message, signers: required } = compileLegacy(instructions, signers[0].publicKey, blockhash);
  const signatures = required.map((key) => {
    const signer = signers.find((s) => s.publicKey.equals(key));
    if (!signer) throw new Error(`Signature verification failed: missing signature for ${key.toBase58()}`);
    return signNative(message, signer);
  });
  return Buffer.concat([shortvecBytes(signatures.length), ...signatures, message]);
}

function shortvecBytes(n: number): Buffer {
  const out: number[] = [];
  let v = n;
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if (v === 0) {
      out.push(b);
      return Buffer.from(out);
    }
    out.push(b | 0x80);
  }
}

/** Signs a v0 transaction with every signer. */
export function signVersioned(tx: VersionedTransaction, signers: Keypair[]): void {
  const message = tx.message.serialize();
  for (const s of signers) tx.addSignature(s.publicKey, signNative(message, s));
}

/** A compact-u16 ("shortvec") at `offset`: its value and the offset after it. */
function shortvec(bytes: Uint8Array, offset: number): [number, number] {
  let value = 0;
  for (let i = 0; i < 3; i++) {
    const b = bytes[offset + i];
    value |= (b & 0x7f) << (7 * i);
    if ((b & 0x80) === 0) return [value, offset + i + 1];
  }
  throw new Error("malformed shortvec in transaction");
}

/**
 * Wire bytes (signatures, then the message) as @solana/kit's Transaction: the message bytes and
 * the signatures keyed by the first `num_required_signatures` account keys, in order.
 */
export function kitTransaction(wire: Uint8Array): KitTransaction {
  const [count, sigStart] = shortvec(wire, 0);
  const messageStart = sigStart + 64 * count;
  const message = wire.subarray(messageStart);
  // A versioned message starts with 0x80 | version, then the same header as a legacy one.
  const header = message[0] & 0x80 ? 1 : 0;
  const required = message[header];
  const [, keysStart] = shortvec(message, header + 3);
  const signatures: Record<string, SignatureBytes> = {};
  for (let i = 0; i < required; i++) {
    const key = new PublicKey(message.subarray(keysStart + 32 * i, keysStart + 32 * (i + 1))).toBase58();
    signatures[address(key)] = wire.slice(sigStart + 64 * i, sigStart + 64 * (i + 1)) as SignatureBytes;
  }
  return { messageBytes: message as unknown as TransactionMessageBytes, signatures } as KitTransaction;
}
