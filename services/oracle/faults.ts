/**
 * TEST-ONLY fault injection: crash points for the chaos suite (tests/service-chaos.test.ts).
 *
 *   IO_ORACLE_CRASH_AT=<point>[:<n>]
 *
 * makes the process SIGKILL itself (no cleanup, no flush: what a power cut or the OOM killer
 * does) the n-th time (default: the first) it reaches <point>. The variable is read once at
 * start (main.ts); when it is unset the service holds no crash point and every call site is a
 * single null check. An operator never sets it.
 *
 * A point is `<where>` (any batch kind) or `<kind>-<where>` (attest, settle, price, crank):
 *
 * - `before-send`: the signed transaction is written to the store, nothing was sent.
 * - `after-send`: it was submitted once, its outcome not looked up yet.
 * - `after-confirm`: the chain confirmed it, the store has not recorded the outcome.
 * - `mid-record`: the outcome is recorded, the first of the batch's jobs marked (posted or
 *   settled) and the rest not (only for batches of two or more jobs).
 */
import { writeSync } from "fs";
import { BatchKind } from "./store";

export const CRASH_WHERE = ["before-send", "after-send", "after-confirm", "mid-record"] as const;
export type CrashWhere = (typeof CRASH_WHERE)[number];
const KINDS: BatchKind[] = ["attest", "settle", "price", "crank"];

export interface CrashSpec {
  kind: BatchKind | null;
  where: CrashWhere;
  /** Crash on the n-th time the point is reached (1-based). */
  n: number;
}

/** Parses IO_ORACLE_CRASH_AT; undefined or empty is no crash point. Throws on anything else unknown. */
export function parseCrashAt(value: string | undefined): CrashSpec | null {
  if (value === undefined || value === "") return null;
  const m = /^(?:(attest|settle|price|crank)-)?([a-z-]+)(?::(\d+))?$/.exec(value);
  const where = m?.[2] as CrashWhere | undefined;
  if (!m || !where || !CRASH_WHERE.includes(where) || (m[3] !== undefined && Number(m[3]) < 1)) {
    throw new Error(`IO_ORACLE_CRASH_AT (test-only): [<kind>-]<point>[:<n>] with kind ${KINDS.join(", ")} and point ${CRASH_WHERE.join(", ")}, not ${JSON.stringify(value)}`);
  }
  return { kind: (m[1] as BatchKind | undefined) ?? null, where, n: m[3] === undefined ? 1 : Number(m[3]) };
}

/** A crash point armed from a spec: `reached` counts and, on the n-th match, kills the process. */
export class CrashPoint {
  private seen = 0;

  constructor(
    readonly spec: CrashSpec,
    /** What "crash" does (tests replace it; the service SIGKILLs itself). */
    private readonly kill: (what: string) => void = (what) => {
      // Synchronously (stdout to a pipe is asynchronous in Node and would die with the process).
      writeSync(1, JSON.stringify({ ts: new Date().toISOString(), level: "warn", msg: "crash point", point: what }) + "\n");
      process.kill(process.pid, "SIGKILL");
    },
  ) {}

  reached(kind: BatchKind, where: CrashWhere): void {
    if (where !== this.spec.where || (this.spec.kind !== null && this.spec.kind !== kind)) return;
    if (++this.seen === this.spec.n) this.kill(`${kind}-${where}:${this.spec.n}`);
  }
}
