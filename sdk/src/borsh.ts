/**
 * The Borsh writer the generated instruction builders (`<program>/generated.ts`) encode with:
 * little-endian integers, u32-length-prefixed vectors, strings and bytes, 0/1-tagged options,
 * as Anchor's coder does. Plain JavaScript (no Anchor, no Node built-in), so a bundle that
 * only builds instructions leaves Anchor's coder out.
 */
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
