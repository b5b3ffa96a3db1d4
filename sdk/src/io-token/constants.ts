import { Buffer } from "buffer";
import { PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { IO_TOKEN_ADDRESS } from "../idl/io_token";

/** The io_token program (keys/io_token-keypair.json). */
export const IO_TOKEN_PROGRAM_ID = /* @__PURE__ */ new PublicKey(IO_TOKEN_ADDRESS);

/** The upgradeable BPF loader, owner of every ProgramData account. */
export const BPF_LOADER_UPGRADEABLE_ID = new PublicKey("BPFLoaderUpgradeab1e11111111111111111111111");

export const CONFIG_SEED = Buffer.from("config");
export const AUTHORITY_SEED = Buffer.from("authority");
export const IO_MINT_SEED = Buffer.from("io_mint");
export const VAULT_SEED = Buffer.from("vault");

export const IO_DECIMALS = 8;
/** One IO in base units. */
export const IO = new BN(100_000_000);
/** 500,000,000 IO minted at genesis, in base units. */
export const GENESIS_SUPPLY = new BN(500_000_000).mul(IO);

/** Token metadata bounds enforced by `initialize` (bytes). */
export const MAX_NAME_LEN = 32;
export const MAX_SYMBOL_LEN = 10;
export const MAX_URI_LEN = 200;

/** The genesis allocation buckets in vault-index order, with their shares (PROTOCOL.md). */
export const BUCKETS = [
  { index: 0, name: "seed", label: "Seed investors", bps: 1_250 },
  { index: 1, name: "series_a", label: "Series A", bps: 1_020 },
  { index: 2, name: "core_contributors", label: "Core contributors", bps: 1_130 },
  { index: 3, name: "ecosystem", label: "Research & ecosystem", bps: 1_600 },
  { index: 4, name: "community", label: "Community", bps: 5_000 },
] as const;

export type Bucket = (typeof BUCKETS)[number];

/** The genesis amount of a bucket in base units. */
export function bucketAmount(bucket: Bucket): BN {
  return GENESIS_SUPPLY.muln(bucket.bps).divn(10_000);
}

export const EMISSION_SEED = Buffer.from("emission");
export const GRANT_SEED = Buffer.from("grant");
export const AIRDROP_SEED = Buffer.from("airdrop");
export const AIRDROP_VAULT_SEED = Buffer.from("airdrop_vault");
export const RECEIPT_SEED = Buffer.from("claim");

/** Hours in an emission (and vesting) month. */
export const MONTH_HOURS = 730;
/** Emission stops at exactly 300,000,000 IO, in base units. */
export const EMISSION_CAP = new BN(300_000_000).mul(IO);
