/** What every program's SDK module shares: account metas, an offline Anchor coder, event parsing. */
import { Buffer } from "buffer";
import { BorshCoder, EventParser, Idl, Program } from "@coral-xyz/anchor";
import { AccountInfo, AccountMeta, Connection, PublicKey } from "@solana/web3.js";

export function accountMeta(pubkey: PublicKey, isWritable: boolean, isSigner = false): AccountMeta {
  return { pubkey, isWritable, isSigner };
}

/**
 * A program's Anchor coder with camelCase names, as `Program` builds it (Anchor's raw
 * BorshCoder keeps the IDL's snake_case and silently encodes a camelCase field as zero).
 * The connection is never used: this Program only encodes and decodes.
 */
export function offlineCoder<I extends Idl>(idl: I): BorshCoder {
  return new Program<I>(idl, { connection: new Connection("http://127.0.0.1:8899") }).coder as BorshCoder;
}

/**
 * Decodes account `name` (the IDL's camelCase account name) with `coder` after checking that
 * `programId` owns it; the discriminator is checked by the coder.
 */
export function decodeAccount<T>(coder: BorshCoder, name: string, info: Pick<AccountInfo<Buffer>, "data" | "owner">, programId: PublicKey): T {
  if (!info.owner.equals(programId)) {
    const type = name.charAt(0).toUpperCase() + name.slice(1);
    throw new Error(`${type}: account owned by ${info.owner.toBase58()}, not ${programId.toBase58()}`);
  }
  return coder.accounts.decode<T>(name, info.data);
}

/** A program event decoded with Anchor's EventParser (names and fields camelCase). */
export interface ProgramEvent {
  name: string;
  data: Record<string, unknown>;
}

/** Every event `programId` wrote in a transaction's logs, in order. */
export function parseEvents(logs: string[], programId: PublicKey, coder: BorshCoder): ProgramEvent[] {
  return Array.from(new EventParser(programId, coder).parseLogs(logs)).map((e) => ({
    name: e.name,
    data: e.data as Record<string, unknown>,
  }));
}
