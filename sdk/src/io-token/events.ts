import { EventParser } from "@coral-xyz/anchor";
import { PublicKey } from "@solana/web3.js";
import { ioTokenCoder } from "./coder";
import { IO_TOKEN_PROGRAM_ID } from "./constants";

/** An event io_token wrote, decoded with Anchor's EventParser (names and fields camelCase, as `Program` gives them). */
export interface IoTokenEvent {
  name: string;
  data: Record<string, unknown>;
}

/** Every io_token event in a transaction's logs, in order. */
export function parseIoTokenEvents(logs: string[], programId: PublicKey = IO_TOKEN_PROGRAM_ID): IoTokenEvent[] {
  const parser = new EventParser(programId, ioTokenCoder);
  return Array.from(parser.parseLogs(logs)).map((e) => ({ name: e.name, data: e.data as Record<string, unknown> }));
}
