/**
 * Anchor's own coder for io_token, for tests that encode instructions the SDK has no wrapper for
 * (hold_iosd and release_iosd are io_jobs' CPIs) and want them as Anchor would send them. The SDK
 * itself decodes and encodes with the generated code (tools/idl-gen), not with Anchor's coder.
 */
import { BorshCoder, Idl, Program } from "@coral-xyz/anchor";
import { Connection } from "@solana/web3.js";
import { IO_TOKEN_IDL } from "../sdk/src/idl/io_token";

/** A program's coder with camelCase names, as `Program` builds it; the connection is never used. */
export function offlineCoder(idl: Idl): BorshCoder {
  return new Program(idl, { connection: new Connection("http://127.0.0.1:8899") }).coder as BorshCoder;
}

export const ioTokenCoder: BorshCoder = offlineCoder(IO_TOKEN_IDL as unknown as Idl);
