/**
 * The Borsh writer the generated instruction builders (`<program>/generated.ts`) encode with:
 * little-endian integers, u32-length-prefixed vectors, strings and bytes, 0/1-tagged options,
 * as Anchor's coder does. Plain JavaScript (no Anchor, no Node built-in), so a bundle that
 * only builds instructions leaves Anchor's coder out.
 */
import { Buffer } from "buffer";
import BN from "bn.js";
import { PublicKey } from "@solana/web3.js";

export class BorshWriter {
  private readonly out: number[];

  constructor(prefix: readonly number[] = []) {
    this.out = Array.from(prefix);
  }

  /** Everything written. */
  finish(): Uint8Array {
    return Uint8Array.from(this.out);
  }

  private int(value: number | BN, bytes: number, signed: boolean, type: string): void {
    const n = BN.isBN(value) ? value : new BN(value);
    const bits = bytes * 8;
    const min = signed ? new BN(1).shln(bits - 1).neg() : new BN(0);
    const max = signed ? new BN(1).shln(bits - 1).subn(1) : new BN(1).shln(bits).subn(1);
    if (n.lt(min) || n.gt(max)) throw new RangeError(`${type}: ${n.toString()} is out of range`);
    this.out.push(...(signed ? n.toTwos(bits) : n).toArray("le", bytes));
  }

  private small(value: number, bytes: number, signed: boolean, type: string): void {
    if (!Number.isInteger(value)) throw new RangeError(`${type}: ${value} is not an integer`);
    this.int(value, bytes, signed, type);
  }

  bool(v: boolean): void {
    this.out.push(v ? 1 : 0);
  }
  u8(v: number): void {
    this.small(v, 1, false, "u8");
  }
  i8(v: number): void {
    this.small(v, 1, true, "i8");
  }
  u16(v: number): void {
    this.small(v, 2, false, "u16");
  }
  i16(v: number): void {
    this.small(v, 2, true, "i16");
  }
  u32(v: number): void {
    this.small(v, 4, false, "u32");
  }
  i32(v: number): void {
    this.small(v, 4, true, "i32");
  }
  u64(v: BN): void {
    this.int(v, 8, false, "u64");
  }
  i64(v: BN): void {
    this.int(v, 8, true, "i64");
  }
  u128(v: BN): void {
    this.int(v, 16, false, "u128");
  }
  i128(v: BN): void {
    this.int(v, 16, true, "i128");
  }
  pubkey(v: PublicKey): void {
    this.out.push(...v.toBytes());
  }
  /** A fixed-length byte array (`[u8; len]`): exactly `len` bytes, no prefix. */
  fixed(v: Uint8Array | readonly number[], len: number): void {
    this.length(v.length, len);
    for (const b of v) this.small(b, 1, false, "u8");
  }
  /** A fixed-length array's length check. */
  length(actual: number, len: number): void {
    if (actual !== len) throw new RangeError(`array of ${len} expected, got ${actual}`);
  }
  /** `bytes`: a u32 length, then the bytes. */
  bytes(v: Uint8Array): void {
    this.u32(v.length);
    this.out.push(...v);
  }
  string(v: string): void {
    this.bytes(new TextEncoder().encode(v));
  }
}

/** Thrown when account data is not the account the decoder expects (short, or another discriminator). */
export class AccountDecodeError extends Error {
  constructor(account: string, reason: string) {
    super(`${account}: ${reason}`);
    this.name = "AccountDecodeError";
  }
}

/** The Borsh reader the generated account decoders read with (values as Anchor's coder gives them). */
export class BorshReader {
  private offset = 8;
  private readonly view: DataView;

  constructor(
    private readonly data: Uint8Array,
    discriminator: readonly number[],
    private readonly account: string,
  ) {
    if (data.length < 8) throw new AccountDecodeError(account, `${data.length} bytes, no discriminator`);
    if (discriminator.some((b, i) => data[i] !== b)) throw new AccountDecodeError(account, "wrong discriminator (another account type)");
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  private take(n: number): number {
    const at = this.offset;
    if (at + n > this.data.length) throw new AccountDecodeError(this.account, `${this.data.length} bytes, too short for its fields`);
    this.offset = at + n;
    return at;
  }

  private int(bytes: number, signed: boolean): BN {
    const at = this.take(bytes);
    const n = new BN(this.data.subarray(at, at + bytes), "le");
    return signed ? n.fromTwos(bytes * 8) : n;
  }

  bool(): boolean {
    const b = this.data[this.take(1)];
    if (b > 1) throw new AccountDecodeError(this.account, `invalid bool ${b}`);
    return b === 1;
  }
  u8(): number {
    return this.data[this.take(1)];
  }
  i8(): number {
    return this.view.getInt8(this.take(1));
  }
  u16(): number {
    return this.view.getUint16(this.take(2), true);
  }
  i16(): number {
    return this.view.getInt16(this.take(2), true);
  }
  u32(): number {
    return this.view.getUint32(this.take(4), true);
  }
  i32(): number {
    return this.view.getInt32(this.take(4), true);
  }
  u64(): BN {
    return this.int(8, false);
  }
  i64(): BN {
    return this.int(8, true);
  }
  u128(): BN {
    return this.int(16, false);
  }
  i128(): BN {
    return this.int(16, true);
  }
  pubkey(): PublicKey {
    const at = this.take(32);
    return new PublicKey(this.data.subarray(at, at + 32));
  }
  bytes(): Buffer {
    const len = this.u32();
    const at = this.take(len);
    return Buffer.from(this.data.subarray(at, at + len));
  }
  string(): string {
    return new TextDecoder().decode(this.bytes());
  }
  array<T>(len: number, item: () => T): T[] {
    return Array.from({ length: len }, item);
  }
}

/** Refuses an account `programId` does not own (before decoding it with a generated decoder). */
export function expectOwner(info: { owner: PublicKey }, programId: PublicKey, account: string): void {
  if (!info.owner.equals(programId)) throw new AccountDecodeError(account, `account owned by ${info.owner.toBase58()}, not ${programId.toBase58()}`);
}
