/** io_buyback instruction builders: each returns one instruction, accounts in the program's order. */
import { TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { AccountMeta, PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import { accountMeta as meta } from "../anchor";
import { jobsConfigKey } from "../io-jobs/pdas";
import { priceFeedKey } from "../io-oracle";
import { ioMintKey, programDataKey } from "../io-token/pdas";
import { BuybackParams, ioBuybackCoder } from "./accounts";
import { buybackAuthorityKey, buybackConfigKey, buybackUsdcVaultKey, incentivesVaultKey, IO_BUYBACK_PROGRAM_ID } from "./pdas";

function ix(name: string, keys: AccountMeta[], args: object, programId: PublicKey): TransactionInstruction {
  return new TransactionInstruction({ programId, keys, data: ioBuybackCoder.instruction.encode(name, args) });
}

const USDC = new BN(1_000_000);

/**
 * The protocol's defaults (docs/buyback.md): hourly lots, the next one starting at 1.5x the last
 * clearing rate and falling to half of that, at least 0.01 IO per USDC at the start, $100,000 per
 * lot and $1,000,000 per day at most, a 1% premium over the price less twice its confidence, and
 * prices at most 10 minutes old.
 */
export const DEFAULT_BUYBACK_PARAMS: BuybackParams = {
  lotPeriod: 3_600,
  multiplierBps: 15_000,
  floorBps: 5_000,
  minRate: new BN(1_000_000),
  maxLot: new BN(100_000).mul(USDC),
  maxDaily: new BN(1_000_000).mul(USDC),
  premiumBps: 100,
  confMultiple: 2,
  maxPriceAge: 600,
};

function paramsOf(p: BuybackParams): BuybackParams {
  const { lotPeriod, multiplierBps, floorBps, minRate, maxLot, maxDaily, premiumBps, confMultiple, maxPriceAge } = p;
  return { lotPeriod, multiplierBps, floorBps, minRate, maxLot, maxDaily, premiumBps, confMultiple, maxPriceAge };
}

/** `initialize`: the config and both USDC vaults of io_jobs' USDC mint (`usdcMint` must be it); signed by the upgrade authority. */
export function initializeBuybackInstruction(args: { payer: PublicKey; usdcMint: PublicKey } & BuybackParams, programId = IO_BUYBACK_PROGRAM_ID): TransactionInstruction {
  const keys = [
    meta(args.payer, true, true),
    meta(programDataKey(programId)[0], false),
    meta(buybackConfigKey(programId)[0], true),
    meta(buybackAuthorityKey(programId)[0], false),
    meta(args.usdcMint, false),
    meta(jobsConfigKey()[0], false),
    meta(buybackUsdcVaultKey(programId)[0], true),
    meta(incentivesVaultKey(programId)[0], true),
    meta(TOKEN_PROGRAM_ID, false),
    meta(SystemProgram.programId, false),
  ];
  return ix("initialize", keys, paramsOf(args), programId);
}

/** `set_buyback_params`: admin only. */
export function setBuybackParamsInstruction(args: { admin: PublicKey } & BuybackParams, programId = IO_BUYBACK_PROGRAM_ID): TransactionInstruction {
  const keys = [meta(args.admin, false, true), meta(buybackConfigKey(programId)[0], true)];
  return ix("setBuybackParams", keys, paramsOf(args), programId);
}

/** `set_guardian`: admin only. */
export function setGuardianInstruction(args: { admin: PublicKey; guardian: PublicKey }, programId = IO_BUYBACK_PROGRAM_ID): TransactionInstruction {
  const keys = [meta(args.admin, false, true), meta(buybackConfigKey(programId)[0], true)];
  return ix("setGuardian", keys, { guardian: args.guardian }, programId);
}

/** `pause`: the guardian or the admin. */
export function pauseBuybackInstruction(args: { caller: PublicKey }, programId = IO_BUYBACK_PROGRAM_ID): TransactionInstruction {
  const keys = [meta(args.caller, false, true), meta(buybackConfigKey(programId)[0], true)];
  return ix("pause", keys, {}, programId);
}

/** `unpause`: the admin only. */
export function unpauseBuybackInstruction(args: { admin: PublicKey }, programId = IO_BUYBACK_PROGRAM_ID): TransactionInstruction {
  const keys = [meta(args.admin, false, true), meta(buybackConfigKey(programId)[0], true)];
  return ix("unpause", keys, {}, programId);
}

/** `start_lot`: anyone, once the live lot is sold or past its period. */
export function startLotInstruction(args: { priceFeed?: PublicKey } = {}, programId = IO_BUYBACK_PROGRAM_ID): TransactionInstruction {
  const keys = [
    meta(buybackConfigKey(programId)[0], true),
    meta(buybackUsdcVaultKey(programId)[0], false),
    meta(args.priceFeed ?? priceFeedKey()[0], false),
  ];
  return ix("startLot", keys, {}, programId);
}

export interface BuyArgs {
  buyer: PublicKey;
  /** The buyer's IO account (burned from, on the buyer's signature). */
  buyerIo: PublicKey;
  /** Where the USDC goes. */
  buyerUsdc: PublicKey;
  usdcMint: PublicKey;
  lotId: BN;
  /** USDC base units asked for (the fill may be less: what is left of the lot or the day). */
  usdc: BN;
  /** The most IO base units the buyer burns. */
  maxIo: BN;
  /** Unix time after which the buy is refused. */
  deadline: BN;
  priceFeed?: PublicKey;
  ioMint?: PublicKey;
}

/** `buy`: burns the buyer's IO for USDC of the live lot. */
export function buyInstruction(args: BuyArgs, programId = IO_BUYBACK_PROGRAM_ID): TransactionInstruction {
  const keys = [
    meta(args.buyer, false, true),
    meta(buybackConfigKey(programId)[0], true),
    meta(args.priceFeed ?? priceFeedKey()[0], false),
    meta(args.buyerIo, true),
    meta(args.ioMint ?? ioMintKey()[0], true),
    meta(args.buyerUsdc, true),
    meta(buybackUsdcVaultKey(programId)[0], true),
    meta(args.usdcMint, false),
    meta(buybackAuthorityKey(programId)[0], false),
    meta(TOKEN_2022_PROGRAM_ID, false),
    meta(TOKEN_PROGRAM_ID, false),
  ];
  return ix("buy", keys, { lotId: args.lotId, usdc: args.usdc, maxIo: args.maxIo, deadline: args.deadline }, programId);
}

/** `spend_incentives`: admin only. */
export function spendIncentivesInstruction(args: { admin: PublicKey; usdcMint: PublicKey; destination: PublicKey; amount: BN }, programId = IO_BUYBACK_PROGRAM_ID): TransactionInstruction {
  const keys = [
    meta(args.admin, false, true),
    meta(buybackConfigKey(programId)[0], true),
    meta(incentivesVaultKey(programId)[0], true),
    meta(args.usdcMint, false),
    meta(args.destination, true),
    meta(buybackAuthorityKey(programId)[0], false),
    meta(TOKEN_PROGRAM_ID, false),
  ];
  return ix("spendIncentives", keys, { amount: args.amount }, programId);
}

/** `prove_reserves`: anyone. */
export function proveBuybackReservesInstruction(programId = IO_BUYBACK_PROGRAM_ID): TransactionInstruction {
  const keys = [
    meta(buybackConfigKey(programId)[0], false),
    meta(buybackUsdcVaultKey(programId)[0], false),
    meta(incentivesVaultKey(programId)[0], false),
    meta(jobsConfigKey()[0], false),
  ];
  return ix("proveReserves", keys, {}, programId);
}

/** `propose_admin`: the admin names a successor. */
export function proposeBuybackAdminInstruction(args: { admin: PublicKey; newAdmin: PublicKey }, programId = IO_BUYBACK_PROGRAM_ID): TransactionInstruction {
  const keys = [meta(args.admin, false, true), meta(buybackConfigKey(programId)[0], true)];
  return ix("proposeAdmin", keys, { newAdmin: args.newAdmin }, programId);
}

/** `accept_admin`: the proposed admin accepts. */
export function acceptBuybackAdminInstruction(args: { newAdmin: PublicKey }, programId = IO_BUYBACK_PROGRAM_ID): TransactionInstruction {
  const keys = [meta(args.newAdmin, false, true), meta(buybackConfigKey(programId)[0], true)];
  return ix("acceptAdmin", keys, {}, programId);
}
