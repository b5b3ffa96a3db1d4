/**
 * Every event the six programs write in a transaction's logs, decoded with Anchor's EventParser
 * and the IDLs in sdk/src/idl, as plain JSON values (u64 as decimal strings, pubkeys base58,
 * byte arrays hex) so a row reads the same from SQLite and PostgreSQL.
 */
import { BorshCoder, EventParser, Idl } from "@coral-xyz/anchor";
import { PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import {
  IO_BUYBACK_IDL,
  IO_GOVERNANCE_IDL,
  IO_JOBS_IDL,
  IO_ORACLE_IDL,
  IO_STAKING_IDL,
  IO_TOKEN_IDL,
  offlineCoder,
} from "../../sdk/src";

/** A value of a decoded event field, as stored. */
export type EventValue = string | number | boolean | null | EventValue[] | { [k: string]: EventValue };

/** One followed program: its name (the IDL's), address and event parser. */
export interface FollowedProgram {
  name: string;
  programId: PublicKey;
  parser: EventParser;
}

function followed(name: string, idl: Idl): FollowedProgram {
  const programId = new PublicKey(idl.address);
  const coder: BorshCoder = offlineCoder(idl);
  return { name, programId, parser: new EventParser(programId, coder) };
}

/** io_token, io_oracle, io_jobs, io_staking, io_buyback and io_governance, in that order. */
export const PROGRAMS: readonly FollowedProgram[] = [
  followed("io_token", IO_TOKEN_IDL as unknown as Idl),
  followed("io_oracle", IO_ORACLE_IDL as unknown as Idl),
  followed("io_jobs", IO_JOBS_IDL as unknown as Idl),
  followed("io_staking", IO_STAKING_IDL as unknown as Idl),
  followed("io_buyback", IO_BUYBACK_IDL as unknown as Idl),
  followed("io_governance", IO_GOVERNANCE_IDL as unknown as Idl),
];

/** An event of one transaction: `index` counts the events of `program` in that transaction from 0. */
export interface DecodedEvent {
  program: string;
  index: number;
  name: string;
  data: Record<string, EventValue>;
}

/** A decoded field as JSON: BN as a decimal string, PublicKey as base58, byte arrays as hex. */
export function toJson(value: unknown): EventValue {
  if (value === null || value === undefined) return null;
  if (BN.isBN(value)) return (value as BN).toString(10);
  if (value instanceof PublicKey) return value.toBase58();
  if (typeof value === "bigint") return value.toString(10);
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString("hex");
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((v) => typeof v === "number" && Number.isInteger(v) && v >= 0 && v < 256)) return Buffer.from(value as number[]).toString("hex");
    return value.map(toJson);
  }
  if (typeof value === "object") {
    const out: Record<string, EventValue> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toJson(v);
    return out;
  }
  return String(value);
}

/**
 * Every followed program's events in `logs` (a successful transaction's log messages). A failed
 * transaction's logs are never passed here: what it logged did not happen.
 */
export function decodeEvents(logs: readonly string[], programs: readonly FollowedProgram[] = PROGRAMS): DecodedEvent[] {
  const out: DecodedEvent[] = [];
  for (const p of programs) {
    // Cheap pre-check: EventParser walks every line; most transactions touch one or two programs.
    const id = p.programId.toBase58();
    if (!logs.some((l) => l.includes(id))) continue;
    let index = 0;
    for (const e of p.parser.parseLogs([...logs])) {
      out.push({ program: p.name, index: index++, name: e.name, data: toJson(e.data) as Record<string, EventValue> });
    }
  }
  return out;
}

/** Whether `logs` show a followed program invoked (its transactions are indexed even without events). */
export function involvesFollowed(logs: readonly string[], programs: readonly FollowedProgram[] = PROGRAMS): boolean {
  const invoked = programs.map((p) => `Program ${p.programId.toBase58()} invoke`);
  return logs.some((l) => invoked.some((prefix) => l.startsWith(prefix)));
}
