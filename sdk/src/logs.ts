/**
 * The log walker the generated event parsers (`parse<Program>Events` in `<program>/generated.ts`)
 * share: a port of Anchor 0.32's `EventParser.parseLogs`, line for line, so an event is attributed
 * to the program Anchor attributes it to. Plain JavaScript (no Anchor), so a bundle that parses
 * events leaves Anchor's coder and the IDL out.
 *
 * Anchor's rules, kept as they are (tests/sdk-generated.test.ts compares both on real logs):
 * - only lines starting with "Program " count; the first must be a depth-1 invoke;
 * - while `programId` is on top of the stack, its "Program data: " and "Program log: " lines are
 *   base64-decoded and offered to `decode` (a line no event's discriminator matches is skipped);
 * - any other "invoke [n]" line with n > 1 pushes a marker that is not a program id, so what a
 *   program writes when called by CPI is not attributed to it; "Program <id> success" pops; a
 *   failed program does not pop; after a pop, a following depth-1 invoke starts the next instruction.
 */
import { Buffer } from "buffer";
import { PublicKey } from "@solana/web3.js";

const INVOKE_RE = /^Program ([1-9A-HJ-NP-Za-km-z]+) invoke \[(\d+)\]$/;
const SUCCESS_RE = /^Program ([1-9A-HJ-NP-Za-km-z]+) success$/;
const PROGRAM_LOG = "Program log: ";
const PROGRAM_DATA = "Program data: ";
/** What Anchor pushes for a CPI it does not follow. */
const CPI = "cpi";

/** Whether `data` starts with `discriminator`. */
export function hasDiscriminator(data: Uint8Array, discriminator: readonly number[]): boolean {
  return data.length >= discriminator.length && discriminator.every((b, i) => data[i] === b);
}

/** Every event `programId` wrote in `logs`, in order, as `decode` reads each data line it executed. */
export function parseLogs<E>(logs: readonly string[], programId: PublicKey, decode: (data: Uint8Array) => E | null): E[] {
  const id = programId.toBase58();
  const lines = logs.filter((l) => l.startsWith("Program "));
  const events: E[] = [];
  if (lines.length === 0) return events;
  const first = INVOKE_RE.exec(lines[0]);
  if (!first || first[2] !== "1") throw new Error(`Unexpected first log line: ${lines[0]}`);
  const stack: string[] = [first[1]];
  for (let i = 1; i < lines.length; i++) {
    const log = lines[i];
    const ours = stack.length > 0 && stack[stack.length - 1] === id;
    if (ours && (log.startsWith(PROGRAM_LOG) || log.startsWith(PROGRAM_DATA))) {
      const text = log.slice(log.startsWith(PROGRAM_LOG) ? PROGRAM_LOG.length : PROGRAM_DATA.length);
      const event = decode(Buffer.from(text, "base64"));
      if (event !== null) events.push(event);
    } else if (log.startsWith(`Program ${id} log:`)) {
      stack.push(id);
    } else if (log.includes("invoke") && !log.endsWith("[1]")) {
      stack.push(CPI);
    } else if (SUCCESS_RE.test(log)) {
      if (stack.length === 0) throw new Error("Expected the stack to have elements");
      stack.pop();
      const next = lines[i + 1];
      if (next !== undefined && next.endsWith("invoke [1]")) {
        const m = INVOKE_RE.exec(next);
        if (m) stack.push(m[1]);
      }
    }
  }
  return events;
}
