import { Buffer } from "buffer";
import {
  ExtensionType,
  getExtensionData,
  getMetadataPointerState,
  TOKEN_2022_PROGRAM_ID,
  unpackMint,
} from "@solana/spl-token";
import { unpack as unpackTokenMetadata } from "@solana/spl-token-metadata";
import { AccountInfo, Connection, PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { decodeOwned } from "../anchor";
import * as gen from "./generated";
import { IO_TOKEN_PROGRAM_ID } from "./constants";
import { configKey } from "./pdas";

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
  /** Granted and claimed IO of the seed, series A and core-contributor buckets (a vesting vault owes granted - claimed). */
  grantedSeed: BN;
  grantedSeriesA: BN;
  grantedCoreContributors: BN;
  claimedSeed: BN;
  claimedSeriesA: BN;
  claimedCoreContributors: BN;
}

/** Decodes a TokenConfig account; throws when the owner or discriminator is not io_token's. */
export function decodeTokenConfig(
  info: Pick<AccountInfo<Buffer>, "data" | "owner">,
  programId: PublicKey = IO_TOKEN_PROGRAM_ID,
): TokenConfig {
  const raw = decodeOwned(info, programId, "TokenConfig", gen.decodeTokenConfig);
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
    grantedSeed: raw.grantedSeed,
    grantedSeriesA: raw.grantedSeriesA,
    grantedCoreContributors: raw.grantedCoreContributors,
    claimedSeed: raw.claimedSeed,
    claimedSeriesA: raw.claimedSeriesA,
    claimedCoreContributors: raw.claimedCoreContributors,
  };
}

/** The emission state, decoded. */
export interface EmissionState {
  startTs: BN;
  minted: BN;
  lastHour: BN;
  ioMint: PublicKey;
  rewardsVault: PublicKey;
  /** Burned IO re-minted so far (net emissions). */
  reminted: BN;
  remintCapPerHour: BN;
  remintHour: BN;
}

/** A vesting grant, decoded. */
export interface VestingGrant {
  bucket: number;
  beneficiary: PublicKey;
  amount: BN;
  claimed: BN;
}

/** An airdrop, decoded. */
export interface AirdropState {
  id: number;
  closed: boolean;
  root: number[];
  total: BN;
  claimed: BN;
  deadline: BN;
}


export function decodeEmissionState(info: Pick<AccountInfo<Buffer>, "data" | "owner">, programId = IO_TOKEN_PROGRAM_ID): EmissionState {
  return decodeOwned(info, programId, "EmissionState", gen.decodeEmissionState);
}

export function decodeVestingGrant(info: Pick<AccountInfo<Buffer>, "data" | "owner">, programId = IO_TOKEN_PROGRAM_ID): VestingGrant {
  return decodeOwned(info, programId, "VestingGrant", gen.decodeVestingGrant);
}

export function decodeAirdrop(info: Pick<AccountInfo<Buffer>, "data" | "owner">, programId = IO_TOKEN_PROGRAM_ID): AirdropState {
  return decodeOwned(info, programId, "Airdrop", gen.decodeAirdrop);
}

/** Fetches and decodes the config, or returns null before `initialize`. */
export async function fetchTokenConfig(
  connection: Connection,
  programId: PublicKey = IO_TOKEN_PROGRAM_ID,
): Promise<TokenConfig | null> {
  const info = await connection.getAccountInfo(configKey(programId)[0]);
  return info ? decodeTokenConfig(info, programId) : null;
}

/** The IO mint as wallets and explorers see it: Token-2022 state plus its own metadata. */
export interface IoMintInfo {
  decimals: number;
  supply: BN;
  mintAuthority: PublicKey | null;
  freezeAuthority: PublicKey | null;
  /** Where the metadata pointer points (the mint itself). */
  metadataAddress: PublicKey | null;
  name: string;
  symbol: string;
  uri: string;
  updateAuthority: PublicKey | null;
}

/** Decodes the IO mint (a Token-2022 mint with metadata-pointer and token-metadata extensions). */
export function decodeIoMint(mint: PublicKey, info: AccountInfo<Buffer>): IoMintInfo {
  const state = unpackMint(mint, info, TOKEN_2022_PROGRAM_ID);
  const metadata = getExtensionData(ExtensionType.TokenMetadata, state.tlvData);
  if (!metadata) throw new Error(`mint ${mint.toBase58()} has no token metadata`);
  const md = unpackTokenMetadata(metadata);
  return {
    decimals: state.decimals,
    supply: new BN(state.supply.toString()),
    mintAuthority: state.mintAuthority,
    freezeAuthority: state.freezeAuthority,
    metadataAddress: getMetadataPointerState(state)?.metadataAddress ?? null,
    name: md.name,
    symbol: md.symbol,
    uri: md.uri,
    updateAuthority: md.updateAuthority ?? null,
  };
}
