/**
 * What the fuzzer knows of the chain: a cache of account bytes kept current by re-reading the
 * accounts of every transaction after it ran (the runtime can change no other account), and
 * decoded views cached until the bytes change. Reading the whole world after every step would
 * cost more than the step itself.
 */
import { AccountInfo, PublicKey } from "@solana/web3.js";
import { EmbeddedChain } from "../../cli/chain";

export interface Raw {
  lamports: number;
  owner: PublicKey;
  data: Buffer;
}

const SYSVAR_PREFIX = "Sysvar";

/** Base58 is slow to compute (~10 µs); most keys the fuzzer sees are the same objects again. */
const ids = new WeakMap<PublicKey, string>();
export function idOf(key: PublicKey): string {
  let id = ids.get(key);
  if (id === undefined) {
    id = key.toBase58();
    ids.set(key, id);
  }
  return id;
}

export class Ledger {
  private readonly raw = new Map<string, Raw | null>();
  /** Decoded views per account and decoder (an account read as a Job is not a Participant). */
  private readonly decoded = new Map<string, Map<unknown, unknown>>();

  constructor(private readonly chain: EmbeddedChain) {}

  /** The cached account, read from the chain the first time. */
  get(key: PublicKey): Raw | null {
    const id = idOf(key);
    if (!this.raw.has(id)) this.raw.set(id, this.load(key));
    return this.raw.get(id) ?? null;
  }

  private load(key: PublicKey): Raw | null {
    const info = this.chain.account(key);
    if (!info || (info.lamports === 0 && info.data.length === 0)) return null;
    return { lamports: info.lamports, owner: info.owner, data: Buffer.from(info.data) };
  }

  /** Re-reads `keys` (after a transaction that named them). */
  refresh(keys: PublicKey[]): void {
    for (const key of keys) {
      const id = idOf(key);
      if (id.startsWith(SYSVAR_PREFIX)) continue;
      const next = this.load(key);
      const prev = this.raw.get(id);
      if (!prev || !next || !prev.data.equals(next.data)) this.decoded.delete(id);
      this.raw.set(id, next);
    }
  }

  /** The account decoded by `decode` (cached while its bytes stay the same), or null if absent or
   * not decodable (another program's account, or closed). */
  view<T>(key: PublicKey, decode: (info: Pick<AccountInfo<Buffer>, "data" | "owner">) => T): T | null {
    const id = idOf(key);
    let views = this.decoded.get(id);
    if (!views) {
      views = new Map();
      this.decoded.set(id, views);
    }
    if (views.has(decode)) return views.get(decode) as T | null;
    const raw = this.get(key);
    let value: T | null = null;
    if (raw) {
      try {
        value = decode(raw);
      } catch {
        value = null;
      }
    }
    views.set(decode, value);
    return value;
  }

  /** A token account's amount (SPL layout, both token programs), 0 when absent. */
  tokenAmount(key: PublicKey): bigint {
    const raw = this.get(key);
    return raw && raw.data.length >= 72 ? raw.data.readBigUInt64LE(64) : 0n;
  }

  /** A token account's mint and owner, when it is one. */
  tokenInfo(key: PublicKey): { mint: PublicKey; owner: PublicKey; amount: bigint } | null {
    const raw = this.get(key);
    if (!raw || raw.data.length < 165 || !isTokenProgram(raw.owner)) return null;
    return { mint: new PublicKey(raw.data.subarray(0, 32)), owner: new PublicKey(raw.data.subarray(32, 64)), amount: raw.data.readBigUInt64LE(64) };
  }

  /** A token account's mint bytes and amount, without building keys (the books' hot path). */
  tokenBalance(key: PublicKey): { mint: Buffer; amount: bigint } | null {
    const raw = this.get(key);
    if (!raw || raw.data.length < 165 || !isTokenProgram(raw.owner)) return null;
    return { mint: raw.data.subarray(0, 32), amount: raw.data.readBigUInt64LE(64) };
  }

  /** A mint's supply (SPL layout: bytes 36..44). */
  supply(mint: PublicKey): bigint {
    const raw = this.get(mint);
    return raw ? raw.data.readBigUInt64LE(36) : 0n;
  }
}

const TOKEN = new PublicKey("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
const TOKEN_2022 = new PublicKey("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");

export function isTokenProgram(owner: PublicKey): boolean {
  return owner.equals(TOKEN) || owner.equals(TOKEN_2022);
}

/** Whether two reads of an account are the same: bytes, lamports and owner. */
export function sameAccount(a: Raw | null, b: Raw | null): boolean {
  if (!a || !b) return a === b;
  return a.lamports === b.lamports && a.owner.equals(b.owner) && a.data.equals(b.data);
}
