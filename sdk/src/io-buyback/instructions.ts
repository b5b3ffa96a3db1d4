/**
 * io_buyback instruction builders: each returns one instruction. They are thin wrappers over the
 * generated builders (./generated.ts, from the IDL: accounts, flags and data encoding), which
 * resolve the PDAs the caller does not name.
 */
import { PublicKey, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import { jobsConfigKey } from "../io-jobs/pdas";
import { priceFeedKey } from "../io-oracle";
import { ioMintKey, programDataKey } from "../io-token/pdas";
import type { BuybackParams } from "./accounts";
import * as gen from "./generated";
import { buybackAuthorityKey, buybackConfigKey, buybackUsdcVaultKey, incentivesVaultKey, IO_BUYBACK_PROGRAM_ID } from "./pdas";

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
  return gen.initialize(
    {
      payer: args.payer,
      programData: programDataKey(programId)[0],
      config: buybackConfigKey(programId)[0],
      authority: buybackAuthorityKey(programId)[0],
      usdcMint: args.usdcMint,
      jobsConfig: jobsConfigKey()[0],
      usdcVault: buybackUsdcVaultKey(programId)[0],
      incentivesVault: incentivesVaultKey(programId)[0],
    },
    paramsOf(args),
    programId,
  );
}

/** `set_buyback_params`: admin only. */
export function setBuybackParamsInstruction(args: { admin: PublicKey } & BuybackParams, programId = IO_BUYBACK_PROGRAM_ID): TransactionInstruction {
  return gen.setBuybackParams({ admin: args.admin, config: buybackConfigKey(programId)[0] }, paramsOf(args), programId);
}

/** `set_guardian`: admin only. */
export function setGuardianInstruction(args: { admin: PublicKey; guardian: PublicKey }, programId = IO_BUYBACK_PROGRAM_ID): TransactionInstruction {
  return gen.setGuardian({ admin: args.admin, config: buybackConfigKey(programId)[0] }, { guardian: args.guardian }, programId);
}

/** `pause`: the guardian or the admin. */
export function pauseBuybackInstruction(args: { caller: PublicKey }, programId = IO_BUYBACK_PROGRAM_ID): TransactionInstruction {
  return gen.pause({ caller: args.caller, config: buybackConfigKey(programId)[0] }, {}, programId);
}

/** `unpause`: the admin only. */
export function unpauseBuybackInstruction(args: { admin: PublicKey }, programId = IO_BUYBACK_PROGRAM_ID): TransactionInstruction {
  return gen.unpause({ admin: args.admin, config: buybackConfigKey(programId)[0] }, {}, programId);
}

/** `start_lot`: anyone, once the live lot is sold or past its period. */
export function startLotInstruction(args: { priceFeed?: PublicKey } = {}, programId = IO_BUYBACK_PROGRAM_ID): TransactionInstruction {
  return gen.startLot({ config: buybackConfigKey(programId)[0], usdcVault: buybackUsdcVaultKey(programId)[0], priceFeed: args.priceFeed ?? priceFeedKey()[0] }, {}, programId);
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
  return gen.buy(
    {
      buyer: args.buyer,
      config: buybackConfigKey(programId)[0],
      priceFeed: args.priceFeed ?? priceFeedKey()[0],
      buyerIo: args.buyerIo,
      ioMint: args.ioMint ?? ioMintKey()[0],
      buyerUsdc: args.buyerUsdc,
      usdcVault: buybackUsdcVaultKey(programId)[0],
      usdcMint: args.usdcMint,
      authority: buybackAuthorityKey(programId)[0],
    },
    { lotId: args.lotId, usdc: args.usdc, maxIo: args.maxIo, deadline: args.deadline },
    programId,
  );
}

/** `spend_incentives`: admin only. */
export function spendIncentivesInstruction(args: { admin: PublicKey; usdcMint: PublicKey; destination: PublicKey; amount: BN }, programId = IO_BUYBACK_PROGRAM_ID): TransactionInstruction {
  return gen.spendIncentives(
    {
      admin: args.admin,
      config: buybackConfigKey(programId)[0],
      incentivesVault: incentivesVaultKey(programId)[0],
      usdcMint: args.usdcMint,
      destination: args.destination,
      authority: buybackAuthorityKey(programId)[0],
    },
    { amount: args.amount },
    programId,
  );
}

/** `prove_reserves`: anyone. */
export function proveBuybackReservesInstruction(programId = IO_BUYBACK_PROGRAM_ID): TransactionInstruction {
  return gen.proveReserves(
    { config: buybackConfigKey(programId)[0], usdcVault: buybackUsdcVaultKey(programId)[0], incentivesVault: incentivesVaultKey(programId)[0], jobsConfig: jobsConfigKey()[0] },
    {},
    programId,
  );
}

/** `propose_admin`: the admin names a successor. */
export function proposeBuybackAdminInstruction(args: { admin: PublicKey; newAdmin: PublicKey }, programId = IO_BUYBACK_PROGRAM_ID): TransactionInstruction {
  return gen.proposeAdmin({ admin: args.admin, config: buybackConfigKey(programId)[0] }, { newAdmin: args.newAdmin }, programId);
}

/** `accept_admin`: the proposed admin accepts. */
export function acceptBuybackAdminInstruction(args: { newAdmin: PublicKey }, programId = IO_BUYBACK_PROGRAM_ID): TransactionInstruction {
  return gen.acceptAdmin({ newAdmin: args.newAdmin, config: buybackConfigKey(programId)[0] }, {}, programId);
}
