import { BorshCoder, EventParser, Idl } from "@coral-xyz/anchor";
import { PublicKey } from "@solana/web3.js";
import { IO_TOKEN_IDL } from "../idl/io_token";
import { IO_TOKEN_PROGRAM_ID } from "./constants";

const coder = new BorshCoder(IO_TOKEN_IDL as Idl);

/** An event io_token wrote, decoded with Anchor's EventParser. */
export interface IoTokenEvent {
  name: string;
  data: Record<string, unknown>;
}

/** Every io_token event in a transaction's logs, in order. */
export function parseIoTokenEvents(logs: string[], programId: PublicKey = IO_TOKEN_PROGRAM_ID): IoTokenEvent[] {
  const parser = new EventParser(programId, coder);
  return Array.from(parser.parseLogs(logs)).map((e) => ({ name: e.name, data: e.data as Record<string, unknown> }));
}
