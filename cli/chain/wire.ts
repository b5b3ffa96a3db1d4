/**
 * Transactions to LiteSVM without the two slow paths of the libraries: @noble's pure-JS ed25519
 * (about 4.7 ms a signature here) and @solana/kit's generic transaction decoder (about 3.8 ms a
 * transaction). Node's native ed25519 signs in about 0.05 ms, and the wire format is simple
 * enough to read directly; the result is the same bytes LiteSVM would have received.
 */
import { address, SignatureBytes, Transaction as KitTransaction, TransactionMessageBytes } from "@solana/kit";
import { Keypair, PublicKey, Transaction, VersionedTransaction } from "@solana/web3.js";
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
