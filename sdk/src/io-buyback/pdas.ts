/** io_buyback: program id, seeds and PDAs (io_common::buyback fixes the same addresses). */
import { Buffer } from "buffer";
import { PublicKey } from "@solana/web3.js";
import { IO_BUYBACK_ADDRESS } from "../idl/io_buyback";
import { findPda } from "../pda";

export const IO_BUYBACK_PROGRAM_ID = /* @__PURE__ */ new PublicKey(IO_BUYBACK_ADDRESS);
export const BUYBACK_CONFIG_SEED = Buffer.from("config");
export const BUYBACK_AUTHORITY_SEED = Buffer.from("authority");
export const BUYBACK_USDC_VAULT_SEED = Buffer.from("usdc_vault");
export const INCENTIVES_VAULT_SEED = Buffer.from("incentives");

/** Rates are IO base units asked per USDC, i.e. per 10^6 USDC base units. */
export const USDC_UNIT = 1_000_000n;

const pda = (seeds: Buffer[], programId: PublicKey) => findPda(seeds, programId);

export function buybackConfigKey(programId = IO_BUYBACK_PROGRAM_ID): [PublicKey, number] {
  return pda([BUYBACK_CONFIG_SEED], programId);
}

/** Owner of the two USDC vaults; signs what leaves them. */
export function buybackAuthorityKey(programId = IO_BUYBACK_PROGRAM_ID): [PublicKey, number] {
  return pda([BUYBACK_AUTHORITY_SEED], programId);
}

/** The USDC the auction sells (io_jobs' sweep puts the buyback's share here). */
export function buybackUsdcVaultKey(programId = IO_BUYBACK_PROGRAM_ID): [PublicKey, number] {
  return pda([BUYBACK_USDC_VAULT_SEED], programId);
}

/** The USD-incentives vault only the admin (governance later) spends. */
export function incentivesVaultKey(programId = IO_BUYBACK_PROGRAM_ID): [PublicKey, number] {
  return pda([INCENTIVES_VAULT_SEED], programId);
}
