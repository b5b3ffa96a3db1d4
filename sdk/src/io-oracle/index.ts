/**
 * io_oracle: constants, PDAs, instruction builders (they return instructions, never send),
 * account decoders and event parsing.
 */
import { Buffer } from "buffer";
import { BorshCoder } from "@coral-xyz/anchor";
import { AccountInfo, PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import { accountMeta, decodeAccount, offlineCoder, parseEvents, ProgramEvent } from "../anchor";
import { IO_ORACLE_ADDRESS, IO_ORACLE_IDL } from "../idl/io_oracle";
import { programDataKey } from "../io-token/pdas";
import { findPda } from "../pda";

export const IO_ORACLE_PROGRAM_ID = /* @__PURE__ */ new PublicKey(IO_ORACLE_ADDRESS);
export const ORACLE_CONFIG_SEED = Buffer.from("config");
export const PRICE_FEED_SEED = Buffer.from("price_feed");
/** Prices are USD per IO with 8 decimals. */
export const PRICE_DECIMALS = 8;
export const MAX_ORACLES = 10;

/** io_oracle's Anchor coder with camelCase names, as `Program` builds it. */
export const ioOracleCoder: BorshCoder = /* @__PURE__ */ offlineCoder(IO_ORACLE_IDL);

export function oracleConfigKey(programId: PublicKey = IO_ORACLE_PROGRAM_ID): [PublicKey, number] {
  return findPda([ORACLE_CONFIG_SEED], programId);
}

export function priceFeedKey(programId: PublicKey = IO_ORACLE_PROGRAM_ID): [PublicKey, number] {
  return findPda([PRICE_FEED_SEED], programId);
}

const meta = accountMeta;
const encode = (name: string, args: Record<string, unknown>) => ioOracleCoder.instruction.encode(name, args);

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
  return new TransactionInstruction({
    programId,
    keys: [
      meta(args.payer, true, true),
      meta(programDataKey(programId)[0], false),
      meta(oracleConfigKey(programId)[0], true),
      meta(priceFeedKey(programId)[0], true),
      meta(SystemProgram.programId, false),
    ],
    data: encode("initialize", priceParams(args)),
  });
}

/** `propose_admin` / `accept_admin`: the two-step admin hand-over of io_oracle. */
export function proposeOracleAdminInstruction(args: { admin: PublicKey; newAdmin: PublicKey }, programId = IO_ORACLE_PROGRAM_ID): TransactionInstruction {
  return new TransactionInstruction({
    programId,
    keys: [meta(args.admin, false, true), meta(oracleConfigKey(programId)[0], true)],
    data: encode("proposeAdmin", { newAdmin: args.newAdmin }),
  });
}

export function acceptOracleAdminInstruction(args: { newAdmin: PublicKey }, programId = IO_ORACLE_PROGRAM_ID): TransactionInstruction {
  return new TransactionInstruction({
    programId,
    keys: [meta(args.newAdmin, false, true), meta(oracleConfigKey(programId)[0], true)],
    data: encode("acceptAdmin", {}),
  });
}

/** `set_oracle_set`: new members and quorum; bumps the set version. Admin only. */
export function setOracleSetInstruction(args: { admin: PublicKey; quorum: number; members: PublicKey[] }, programId = IO_ORACLE_PROGRAM_ID): TransactionInstruction {
  return new TransactionInstruction({
    programId,
    keys: [meta(args.admin, false, true), meta(oracleConfigKey(programId)[0], true), meta(priceFeedKey(programId)[0], true)],
    data: encode("setOracleSet", { quorum: args.quorum, members: args.members }),
  });
}

/** `set_price_params`: staleness, bounds and the agreement band. Admin only. */
export function setPriceParamsInstruction(args: { admin: PublicKey } & PriceParams, programId = IO_ORACLE_PROGRAM_ID): TransactionInstruction {
  return new TransactionInstruction({
    programId,
    keys: [meta(args.admin, false, true), meta(oracleConfigKey(programId)[0], true)],
    data: encode("setPriceParams", priceParams(args)),
  });
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
  return new TransactionInstruction({
    programId,
    keys: [meta(args.oracle, false, true), meta(oracleConfigKey(programId)[0], false), meta(priceFeedKey(programId)[0], true)],
    data: encode("submitPrice", {
      setVersion: args.setVersion,
      price: args.price,
      confidence: args.confidence,
      timestamp: args.timestamp,
    }),
  });
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
  const raw = decodeAccount<OracleConfig>(ioOracleCoder, "oracleConfig", info, programId);
  return { ...raw, members: raw.members.slice(0, raw.memberCount) };
}

export function decodePriceFeed(info: Pick<AccountInfo<Buffer>, "data" | "owner">, programId = IO_ORACLE_PROGRAM_ID): PriceFeed {
  return decodeAccount<PriceFeed>(ioOracleCoder, "priceFeed", info, programId);
}

/** Every io_oracle event in a transaction's logs (camelCase names, as `Program` gives them). */
export function parseIoOracleEvents(logs: string[], programId = IO_ORACLE_PROGRAM_ID): ProgramEvent[] {
  return parseEvents(logs, programId, ioOracleCoder);
}
