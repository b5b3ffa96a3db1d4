/**
 * Every event the six programs write in a transaction's logs, at any CPI depth, decoded with
 * Anchor's event coder and the IDLs in sdk/src/idl, as plain JSON values (u64 as decimal strings,
 * pubkeys base58, byte arrays hex) so a row reads the same from SQLite and PostgreSQL.
 */
import { BorshCoder, Idl, Program } from "@coral-xyz/anchor";
import { Connection, PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import {
  IO_BUYBACK_IDL,
  IO_GOVERNANCE_IDL,
  IO_JOBS_IDL,
  IO_ORACLE_IDL,
  IO_STAKING_IDL,
  IO_TOKEN_IDL,
} from "../../sdk/src";

/** A value of a decoded event field, as stored. */
export type EventValue = string | number | boolean | null | EventValue[] | { [k: string]: EventValue };

/** One followed program: its name (the IDL's), address and Anchor coder (for its events). */
export interface FollowedProgram {
  name: string;
  programId: PublicKey;
  coder: BorshCoder;
}

/** A program's Anchor coder with camelCase names, as `Program` builds it (the connection is never used). */
function offlineCoder(idl: Idl): BorshCoder {
  return new Program(idl, { connection: new Connection("http://127.0.0.1:8899") }).coder as BorshCoder;
}

function followed(name: string, idl: Idl): FollowedProgram {
  const programId = new PublicKey(idl.address);
  return { name, programId, coder: offlineCoder(idl) };
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

/** A runtime line: `Program <id> invoke [<depth>]` (no program can write it: its own lines start "Program log:" / "Program data:"). */
const INVOKE = /^Program ([1-9A-HJ-NP-Za-km-z]{32,44}) invoke \[(\d+)\]$/;
/** A runtime line: `Program <id> success` or `Program <id> failed: …`. */
const DONE = /^Program ([1-9A-HJ-NP-Za-km-z]{32,44}) (?:success$|failed: )/;
const DATA = "Program data: ";

/**
 * Every followed program's events in `logs` (a successful transaction's log messages). A failed
 * transaction's logs are never passed here: what it logged did not happen.
 *
 * Each "Program data:" line is attributed to the program executing when it was written, from the
 * runtime's own invoke / success lines at every CPI depth, and decoded with that program's Anchor
 * event coder. Not Anchor's EventParser: it pushes a placeholder for every inner invoke, so a
 * followed program run by CPI (io_governance's `execute`, or anyone's program wrapping ours) had
 * its events dropped, an omission anyone could cause (tests/explorer-review.test.ts). "Program
 * log:" lines are never decoded (the programs emit with sol_log_data only; a msg! line is text).
 */
export function decodeEvents(logs: readonly string[], programs: readonly FollowedProgram[] = PROGRAMS): DecodedEvent[] {
  const byId = new Map(programs.map((p, i) => [p.programId.toBase58(), { p, order: i }]));
  const stack: string[] = [];
  const found: { order: number; event: DecodedEvent }[] = [];
  const counts = new Map<string, number>();
  for (const line of logs) {
    const invoke = INVOKE.exec(line);
    if (invoke) {
      // The runtime's depth is authoritative (1 = a top-level instruction).
      stack.length = Math.max(0, Math.min(stack.length, Number(invoke[2]) - 1));
      stack.push(invoke[1]);
      continue;
    }
    const done = DONE.exec(line);
    if (done) {
      if (stack[stack.length - 1] === done[1]) stack.pop();
      continue;
    }
    if (!line.startsWith(DATA) || stack.length === 0) continue;
    const followedProgram = byId.get(stack[stack.length - 1]);
    if (!followedProgram) continue;
    const e = followedProgram.p.coder.events.decode(line.slice(DATA.length));
    if (!e) continue;
    const index = counts.get(followedProgram.p.name) ?? 0;
    counts.set(followedProgram.p.name, index + 1);
    found.push({ order: followedProgram.order, event: { program: followedProgram.p.name, index, name: e.name, data: toJson(e.data) as Record<string, EventValue> } });
  }
  // Grouped by program (the order of `programs`), each in log order, as the store keys them.
  return found.sort((a, b) => a.order - b.order).map((f) => f.event);
}

/** Whether `logs` show a followed program invoked (its transactions are indexed even without events). */
export function involvesFollowed(logs: readonly string[], programs: readonly FollowedProgram[] = PROGRAMS): boolean {
  const invoked = programs.map((p) => `Program ${p.programId.toBase58()} invoke`);
  return logs.some((l) => invoked.some((prefix) => l.startsWith(prefix)));
}
