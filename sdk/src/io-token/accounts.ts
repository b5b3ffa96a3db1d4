import { BorshAccountsCoder, Idl } from "@coral-xyz/anchor";
import { AccountInfo, Connection, PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { IO_TOKEN_IDL } from "../idl/io_token";
import { IO_TOKEN_PROGRAM_ID } from "./constants";
import { configKey } from "./pdas";

const coder = new BorshAccountsCoder(IO_TOKEN_IDL as Idl);

/** The protocol config of io_token, decoded. */
export interface TokenConfig {
  version: number;
  bump: number;
  authorityBump: number;
  ioMintBump: number;
  vaultBumps: number[];
  admin: PublicKey;
  pendingAdmin: PublicKey;
  ioMint: PublicKey;
  genesisTs: BN;
}

/** Decodes a TokenConfig account; throws when the owner or discriminator is not io_token's. */
export function decodeTokenConfig(
  info: Pick<AccountInfo<Buffer>, "data" | "owner">,
  programId: PublicKey = IO_TOKEN_PROGRAM_ID,
): TokenConfig {
  if (!info.owner.equals(programId)) {
    throw new Error(`TokenConfig: account owned by ${info.owner.toBase58()}, not ${programId.toBase58()}`);
  }
  const raw = coder.decode<TokenConfig & { reserved: number[] }>("TokenConfig", info.data);
  return {
    version: raw.version,
    bump: raw.bump,
    authorityBump: raw.authorityBump,
    ioMintBump: raw.ioMintBump,
    vaultBumps: Array.from(raw.vaultBumps),
    admin: raw.admin,
    pendingAdmin: raw.pendingAdmin,
    ioMint: raw.ioMint,
    genesisTs: raw.genesisTs,
  };
}

/** Fetches and decodes the config, or returns null before `initialize`. */
export async function fetchTokenConfig(
  connection: Connection,
  programId: PublicKey = IO_TOKEN_PROGRAM_ID,
): Promise<TokenConfig | null> {
  const info = await connection.getAccountInfo(configKey(programId)[0]);
  return info ? decodeTokenConfig(info, programId) : null;
}
