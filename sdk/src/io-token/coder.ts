import { BorshCoder, Program } from "@coral-xyz/anchor";
import { Connection } from "@solana/web3.js";
import { IO_TOKEN_IDL, IoToken } from "../idl/io_token";

/**
 * io_token's Anchor coder with camelCase names, as `Program` builds it (Anchor's raw
 * BorshCoder keeps the IDL's snake_case and silently encodes a camelCase field as zero).
 * The connection is never used: this Program only encodes and decodes.
 */
export const ioTokenCoder: BorshCoder = new Program<IoToken>(IO_TOKEN_IDL, {
  connection: new Connection("http://127.0.0.1:8899"),
}).coder as BorshCoder;
