/** Typed reads of command flags, with errors that name the flag. */
import { PublicKey } from "@solana/web3.js";
import BN from "bn.js";

export function required(flags: Map<string, string>, name: string): string {
  const v = flags.get(name);
  if (v === undefined || v === "true") throw new Error(`--${name} <value> is required`);
  return v;
}

export function pubkeyFlag(flags: Map<string, string>, name: string): PublicKey {
  const v = required(flags, name);
  try {
    return new PublicKey(v);
  } catch {
    throw new Error(`--${name}: not a public key: ${v}`);
  }
}

export function intFlag(flags: Map<string, string>, name: string, fallback?: number): number {
  const v = flags.get(name);
  if (v === undefined && fallback !== undefined) return fallback;
  if (v === undefined || !/^\d+$/.test(v)) throw new Error(`--${name} <non-negative integer> is required`);
  return Number(v);
}

/** An IO amount: "12.5" (IO, up to 8 decimals) or "1250000000" with --base-units. */
export function amountFlag(flags: Map<string, string>, name: string, decimals: number): BN {
  const v = required(flags, name);
  const m = /^(\d+)(?:\.(\d+))?$/.exec(v);
  if (!m || (m[2] ?? "").length > decimals) throw new Error(`--${name}: not an amount with at most ${decimals} decimals: ${v}`);
  return new BN(m[1] + (m[2] ?? "").padEnd(decimals, "0"));
}

/** A switch: `--name` alone is on, absent is off; a value is refused. */
export function switchFlag(flags: Map<string, string>, name: string): boolean {
  const v = flags.get(name);
  if (v === undefined) return false;
  if (v !== "true") throw new Error(`--${name} is a switch and takes no value: ${v}`);
  return true;
}
