import { PublicKey } from "@solana/web3.js";
import { parseEvents, ProgramEvent } from "../anchor";
import { ioTokenCoder } from "./coder";
import { IO_TOKEN_PROGRAM_ID } from "./constants";

/** An event io_token wrote, decoded with Anchor's EventParser (camelCase, as `Program` gives them). */
export type IoTokenEvent = ProgramEvent;

/** Every io_token event in a transaction's logs, in order. */
export function parseIoTokenEvents(logs: string[], programId: PublicKey = IO_TOKEN_PROGRAM_ID): IoTokenEvent[] {
  return parseEvents(logs, programId, ioTokenCoder);
}
