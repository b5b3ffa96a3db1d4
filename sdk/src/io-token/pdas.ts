import { Buffer } from "buffer";
import { PublicKey } from "@solana/web3.js";
import {
  AIRDROP_SEED,
  AIRDROP_VAULT_SEED,
  AUTHORITY_SEED,
  EMISSION_SEED,
  GRANT_SEED,
  RECEIPT_SEED,
  BPF_LOADER_UPGRADEABLE_ID,
  CONFIG_SEED,
  IO_MINT_SEED,
  IO_TOKEN_PROGRAM_ID,
  VAULT_SEED,
} from "./constants";
import { findPda } from "../pda";

export function configKey(programId: PublicKey = IO_TOKEN_PROGRAM_ID): [PublicKey, number] {
  return findPda([CONFIG_SEED], programId);
}

/** Mint authority of IO and owner of the genesis vaults. */
export function authorityKey(programId: PublicKey = IO_TOKEN_PROGRAM_ID): [PublicKey, number] {
  return findPda([AUTHORITY_SEED], programId);
}

export function ioMintKey(programId: PublicKey = IO_TOKEN_PROGRAM_ID): [PublicKey, number] {
  return findPda([IO_MINT_SEED], programId);
}

/** The genesis vault of bucket `index` (0 seed .. 4 community). */
export function vaultKey(index: number, programId: PublicKey = IO_TOKEN_PROGRAM_ID): [PublicKey, number] {
  return findPda([VAULT_SEED, Buffer.from([index])], programId);
}

/** The ProgramData account of an upgradeable program. */
export function programDataKey(programId: PublicKey = IO_TOKEN_PROGRAM_ID): [PublicKey, number] {
  return findPda([programId.toBuffer()], BPF_LOADER_UPGRADEABLE_ID);
}

export function emissionKey(programId: PublicKey = IO_TOKEN_PROGRAM_ID): [PublicKey, number] {
  return findPda([EMISSION_SEED], programId);
}

/** A beneficiary's grant in vesting bucket `bucket` (0 seed, 1 series A, 2 core contributors). */
export function grantKey(bucket: number, beneficiary: PublicKey, programId: PublicKey = IO_TOKEN_PROGRAM_ID): [PublicKey, number] {
  return findPda([GRANT_SEED, Buffer.from([bucket]), beneficiary.toBuffer()], programId);
}

function u16(id: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(id);
  return b;
}

export function airdropKey(id: number, programId: PublicKey = IO_TOKEN_PROGRAM_ID): [PublicKey, number] {
  return findPda([AIRDROP_SEED, u16(id)], programId);
}

export function airdropVaultKey(id: number, programId: PublicKey = IO_TOKEN_PROGRAM_ID): [PublicKey, number] {
  return findPda([AIRDROP_VAULT_SEED, u16(id)], programId);
}

/** The receipt that marks `claimant`'s claim of an airdrop. */
export function receiptKey(airdrop: PublicKey, claimant: PublicKey, programId: PublicKey = IO_TOKEN_PROGRAM_ID): [PublicKey, number] {
  return findPda([RECEIPT_SEED, airdrop.toBuffer(), claimant.toBuffer()], programId);
}

export const IOSD_SEED = Buffer.from("iosd");
export const IOSD_MINT_SEED = Buffer.from("iosd_mint");
export const IOSD_DECIMALS = 6;

export function iosdStateKey(programId: PublicKey = IO_TOKEN_PROGRAM_ID): [PublicKey, number] {
  return findPda([IOSD_SEED], programId);
}

export function iosdMintKey(programId: PublicKey = IO_TOKEN_PROGRAM_ID): [PublicKey, number] {
  return findPda([IOSD_MINT_SEED], programId);
}
