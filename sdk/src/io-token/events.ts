import { PublicKey } from "@solana/web3.js";
import { ProgramEvent } from "../anchor";
import { IO_TOKEN_PROGRAM_ID } from "./constants";
import * as gen from "./generated";

/** An event io_token wrote (camelCase, as Anchor's EventParser gives it). */
export type IoTokenEvent = ProgramEvent;

/** Every io_token event in a transaction's logs, in order, attributed as Anchor's EventParser attributes them. */
export function parseIoTokenEvents(logs: string[], programId: PublicKey = IO_TOKEN_PROGRAM_ID): IoTokenEvent[] {
  return gen.parseIoTokenEvents(logs, programId);
}
