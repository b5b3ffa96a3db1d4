/** io_jobs: program id, seeds, PDAs and the per-currency accounts. */
import { Buffer } from "buffer";
import { PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { IO_JOBS_ADDRESS } from "../idl/io_jobs";
import { authorityKey as ioTokenAuthorityKey, iosdMintKey, iosdStateKey, ioMintKey } from "../io-token/pdas";
import { findPda } from "../pda";
import { TOKEN_2022_PROGRAM as TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM as TOKEN_PROGRAM_ID } from "../token-programs";

export const IO_JOBS_PROGRAM_ID = /* @__PURE__ */ new PublicKey(IO_JOBS_ADDRESS);
export const NODE_SEED = Buffer.from("node");
export const JOBS_CONFIG_SEED = Buffer.from("config");
export const JOBS_AUTHORITY_SEED = Buffer.from("authority");
export const ESCROW_SEED = Buffer.from("escrow");
export const FEE_VAULT_SEED = Buffer.from("fee_vault");
export const JOB_SEED = Buffer.from("job");
export const USER_SEED = Buffer.from("user");
/** Node prices and job amounts are USD with 6 decimals. */
export const USD_DECIMALS = 6;

/** How a job is paid; the numbers are the program's. */
export enum Currency {
  Usdc = 0,
  Io = 1,
  Iosd = 2,
}

export const CURRENCY_NAMES: Record<Currency, string> = { [Currency.Usdc]: "USDC", [Currency.Io]: "IO", [Currency.Iosd]: "IOSD" };
export const CURRENCY_DECIMALS: Record<Currency, number> = { [Currency.Usdc]: 6, [Currency.Io]: 8, [Currency.Iosd]: 6 };

/** A node's PDA: its owner and a 32-byte device id (e.g. the sha256 of the worker's device key). */
export function nodeKey(owner: PublicKey, deviceId: Buffer, programId: PublicKey = IO_JOBS_PROGRAM_ID): [PublicKey, number] {
  if (deviceId.length !== 32) throw new Error("a device id is 32 bytes");
  return findPda([NODE_SEED, owner.toBuffer(), deviceId], programId);
}

export function jobsConfigKey(programId: PublicKey = IO_JOBS_PROGRAM_ID): [PublicKey, number] {
  return findPda([JOBS_CONFIG_SEED], programId);
}

export function jobsAuthorityKey(programId: PublicKey = IO_JOBS_PROGRAM_ID): [PublicKey, number] {
  return findPda([JOBS_AUTHORITY_SEED], programId);
}

export function escrowKey(mint: PublicKey, programId: PublicKey = IO_JOBS_PROGRAM_ID): [PublicKey, number] {
  return findPda([ESCROW_SEED, mint.toBuffer()], programId);
}

export function feeVaultKey(mint: PublicKey, programId: PublicKey = IO_JOBS_PROGRAM_ID): [PublicKey, number] {
  return findPda([FEE_VAULT_SEED, mint.toBuffer()], programId);
}

export function jobKey(user: PublicKey, nonce: BN, programId: PublicKey = IO_JOBS_PROGRAM_ID): [PublicKey, number] {
  return findPda([JOB_SEED, user.toBuffer(), nonce.toArrayLike(Buffer, "le", 8)], programId);
}

/** A user's profile (["user", user]): created at its first job or by `register_referral`; it records its referrer and, as a referrer, its referral income. */
export function userProfileKey(user: PublicKey, programId: PublicKey = IO_JOBS_PROGRAM_ID): [PublicKey, number] {
  return findPda([USER_SEED, user.toBuffer()], programId);
}

/** The accounts that name a currency in io_jobs' money-moving instructions. */
export interface CurrencyAccounts {
  mint: PublicKey;
  /** The escrow; for IOSD, io_token's IosdState (which counts the IOSD held). */
  vault: PublicKey;
  /** The fee vault; for IOSD, io_token's IosdState too (IOSD fees are retired). */
  feeVault: PublicKey;
  tokenProgram: PublicKey;
}

/** The accounts of `currency`; only USDC's mint is not a PDA of ours. */
export function currencyAccounts(currency: Currency, usdcMint: PublicKey, programId: PublicKey = IO_JOBS_PROGRAM_ID): CurrencyAccounts {
  switch (currency) {
    case Currency.Usdc:
      return { mint: usdcMint, vault: escrowKey(usdcMint, programId)[0], feeVault: feeVaultKey(usdcMint, programId)[0], tokenProgram: TOKEN_PROGRAM_ID };
    case Currency.Io: {
      const [mint] = ioMintKey();
      return { mint, vault: escrowKey(mint, programId)[0], feeVault: feeVaultKey(mint, programId)[0], tokenProgram: TOKEN_2022_PROGRAM_ID };
    }
    case Currency.Iosd:
      return { mint: iosdMintKey()[0], vault: iosdStateKey()[0], feeVault: iosdStateKey()[0], tokenProgram: TOKEN_2022_PROGRAM_ID };
  }
}

/** io_token's mint authority, which mints IOSD released from jobs. */
export function ioTokenAuthority(): PublicKey {
  return ioTokenAuthorityKey()[0];
}
