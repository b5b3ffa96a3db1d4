/**
 * io_oracle: constants, PDAs, instruction builders (they return instructions, never send),
 * account decoders and event parsing; the builders are thin wrappers over the generated ones
 * (./generated.ts, from the IDL), which resolve the PDAs.
 */
import { Buffer } from "buffer";
import { AccountInfo, PublicKey, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import { decodeOwned, ProgramEvent } from "../anchor";
import { IO_ORACLE_ADDRESS } from "../idl/io_oracle";
import { programDataKey } from "../io-token/pdas";
import { findPda } from "../pda";
import * as gen from "./generated";

export const IO_ORACLE_PROGRAM_ID = /* @__PURE__ */ new PublicKey(IO_ORACLE_ADDRESS);
export const ORACLE_CONFIG_SEED = Buffer.from("config");
export const PRICE_FEED_SEED = Buffer.from("price_feed");
/** Prices are USD per IO with 8 decimals. */
export const PRICE_DECIMALS = 8;
export const MAX_ORACLES = 10;

export function oracleConfigKey(programId: PublicKey = IO_ORACLE_PROGRAM_ID): [PublicKey, number] {
  return findPda([ORACLE_CONFIG_SEED], programId);
}

export function priceFeedKey(programId: PublicKey = IO_ORACLE_PROGRAM_ID): [PublicKey, number] {
  return findPda([PRICE_FEED_SEED], programId);
}

export interface PriceParams {
  /** Seconds a submission and an accepted price stay fresh. */
  staleness: number;
  /** Largest accepted move from the last price, basis points. */
  maxMoveBps: number;
  /** Largest accepted confidence relative to the price, basis points. */
  maxConfBps: number;
  /**
   * How far apart, in basis points of the lowest, a quorum of submissions may be and still agree
   * on a price (docs/oracle.md, "The price").
   */
  agreementBps: number;
}

/** The defaults of a new cluster (governed afterwards): 10 minutes, a 20% move, a 2% confidence, a 1% agreement band. */
export const DEFAULT_PRICE_PARAMS: PriceParams = { staleness: 600, maxMoveBps: 2_000, maxConfBps: 200, agreementBps: 100 };

const priceParams = (p: PriceParams) => ({
  staleness: p.staleness,
  maxMoveBps: p.maxMoveBps,
  maxConfBps: p.maxConfBps,
  agreementBps: p.agreementBps,
});

/** `initialize`: the oracle config and the price feed; signed by the upgrade authority. */
export function initializeOracleInstruction(args: { payer: PublicKey } & PriceParams, programId = IO_ORACLE_PROGRAM_ID): TransactionInstruction {
  return gen.initialize(
    { payer: args.payer, programData: programDataKey(programId)[0], config: oracleConfigKey(programId)[0], priceFeed: priceFeedKey(programId)[0] },
    priceParams(args),
    programId,
  );
}

/** `propose_admin` / `accept_admin`: the two-step admin hand-over of io_oracle. */
export function proposeOracleAdminInstruction(args: { admin: PublicKey; newAdmin: PublicKey }, programId = IO_ORACLE_PROGRAM_ID): TransactionInstruction {
  return gen.proposeAdmin({ admin: args.admin, config: oracleConfigKey(programId)[0] }, { newAdmin: args.newAdmin }, programId);
}

export function acceptOracleAdminInstruction(args: { newAdmin: PublicKey }, programId = IO_ORACLE_PROGRAM_ID): TransactionInstruction {
  return gen.acceptAdmin({ newAdmin: args.newAdmin, config: oracleConfigKey(programId)[0] }, {}, programId);
}

/** `set_oracle_set`: new members and quorum; bumps the set version. Admin only. */
export function setOracleSetInstruction(args: { admin: PublicKey; quorum: number; members: PublicKey[] }, programId = IO_ORACLE_PROGRAM_ID): TransactionInstruction {
  return gen.setOracleSet(
    { admin: args.admin, config: oracleConfigKey(programId)[0], priceFeed: priceFeedKey(programId)[0] },
    { quorum: args.quorum, members: args.members },
    programId,
  );
}

/** `set_price_params`: staleness, bounds and the agreement band. Admin only. */
export function setPriceParamsInstruction(args: { admin: PublicKey } & PriceParams, programId = IO_ORACLE_PROGRAM_ID): TransactionInstruction {
  return gen.setPriceParams({ admin: args.admin, config: oracleConfigKey(programId)[0] }, priceParams(args), programId);
}

export interface SubmitPriceArgs {
  oracle: PublicKey;
  /** The set version the oracle signs against (OracleConfig.setVersion). */
  setVersion: number;
  /** USD per IO, 8 decimals. */
  price: BN;
  confidence: BN;
  /** Unix seconds of the observation. */
  timestamp: BN;
}

/** `submit_price`: an oracle's observation of IO/USD. */
export function submitPriceInstruction(args: SubmitPriceArgs, programId = IO_ORACLE_PROGRAM_ID): TransactionInstruction {
  const { setVersion, price, confidence, timestamp } = args;
  return gen.submitPrice(
    { oracle: args.oracle, config: oracleConfigKey(programId)[0], priceFeed: priceFeedKey(programId)[0] },
    { setVersion, price, confidence, timestamp },
    programId,
  );
}

export interface OracleConfig {
  admin: PublicKey;
  pendingAdmin: PublicKey;
  setVersion: number;
  quorum: number;
  memberCount: number;
  members: PublicKey[];
  staleness: number;
  maxMoveBps: number;
  maxConfBps: number;
  agreementBps: number;
}

export interface PriceFeed {
  healthy: boolean;
  price: BN;
  confidence: BN;
  publishTs: BN;
}


export function decodeOracleConfig(info: Pick<AccountInfo<Buffer>, "data" | "owner">, programId = IO_ORACLE_PROGRAM_ID): OracleConfig {
  const raw = decodeOwned(info, programId, "OracleConfig", gen.decodeOracleConfig);
  return { ...raw, members: raw.members.slice(0, raw.memberCount) };
}

export function decodePriceFeed(info: Pick<AccountInfo<Buffer>, "data" | "owner">, programId = IO_ORACLE_PROGRAM_ID): PriceFeed {
  return decodeOwned(info, programId, "PriceFeed", gen.decodePriceFeed);
}

/** Every io_oracle event in a transaction's logs, in order, attributed as Anchor's EventParser attributes them. */
export function parseIoOracleEvents(logs: string[], programId = IO_ORACLE_PROGRAM_ID): ProgramEvent[] {
  return gen.parseIoOracleEvents(logs, programId);
}
