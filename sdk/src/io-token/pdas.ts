import { PublicKey } from "@solana/web3.js";
import {
  AUTHORITY_SEED,
  BPF_LOADER_UPGRADEABLE_ID,
  CONFIG_SEED,
  IO_MINT_SEED,
  IO_TOKEN_PROGRAM_ID,
  VAULT_SEED,
} from "./constants";

export function configKey(programId: PublicKey = IO_TOKEN_PROGRAM_ID): [PublicKey, number] {
  return PublicKey.findProgramAddressSync([CONFIG_SEED], programId);
}

/** Mint authority of IO and owner of the genesis vaults. */
export function authorityKey(programId: PublicKey = IO_TOKEN_PROGRAM_ID): [PublicKey, number] {
  return PublicKey.findProgramAddressSync([AUTHORITY_SEED], programId);
}

export function ioMintKey(programId: PublicKey = IO_TOKEN_PROGRAM_ID): [PublicKey, number] {
  return PublicKey.findProgramAddressSync([IO_MINT_SEED], programId);
}

/** The genesis vault of bucket `index` (0 seed .. 4 community). */
export function vaultKey(index: number, programId: PublicKey = IO_TOKEN_PROGRAM_ID): [PublicKey, number] {
  return PublicKey.findProgramAddressSync([VAULT_SEED, Buffer.from([index])], programId);
}

/** The ProgramData account of an upgradeable program. */
export function programDataKey(programId: PublicKey = IO_TOKEN_PROGRAM_ID): [PublicKey, number] {
  return PublicKey.findProgramAddressSync([programId.toBuffer()], BPF_LOADER_UPGRADEABLE_ID);
}
