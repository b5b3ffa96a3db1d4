/** io_buyback: the config decoder, events, and the auction's arithmetic as the program does it. */
import { Buffer } from "buffer";
import { AccountInfo, Connection, PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { decodeOwned, ProgramEvent } from "../anchor";
import * as gen from "./generated";
import { buybackConfigKey, IO_BUYBACK_PROGRAM_ID } from "./pdas";

/** The governed parameters (bounds in docs/buyback.md and state.rs). */
export interface BuybackParams {
  /** Seconds a lot's rate falls from its start to its floor (60 s to 7 days). */
  lotPeriod: number;
  /** The next lot starts at the reference rate times this (11,000 to 30,000 bps). */
  multiplierBps: number;
  /** A lot's floor is its start times this; floor x multiplier < 1. */
  floorBps: number;
  /** The lowest start rate, IO base units per USDC. */
  minRate: BN;
  /** USDC base units per lot at most (not above `maxDaily`). */
  maxLot: BN;
  /** USDC base units sold per day at most. */
  maxDaily: BN;
  /** What the protocol may pay for IO above the conservative oracle price (at most 1,000 bps). */
  premiumBps: number;
  /** Confidence intervals taken off the price (at most 10). */
  confMultiple: number;
  /** Seconds a price stays usable (1 s to an hour). */
  maxPriceAge: number;
}

export interface BuybackConfigState extends BuybackParams {
  paused: boolean;
  admin: PublicKey;
  pendingAdmin: PublicKey;
  guardian: PublicKey;
  usdcMint: PublicKey;
  lotId: BN;
  lotSize: BN;
  lotRemaining: BN;
  lotStartedAt: BN;
  lotEndsAt: BN;
  startRate: BN;
  floorRate: BN;
  referenceRate: BN;
  dayStart: BN;
  daySold: BN;
  usdcSold: BN;
  ioBurned: BN;
  lotsSold: BN;
  incentivesSpent: BN;
  /** When the pause in force (or the last one) began; io_governance binds an unpause to it. */
  pausedAt: BN;
}

export const decodeBuybackConfig = (info: Pick<AccountInfo<Buffer>, "data" | "owner">, programId = IO_BUYBACK_PROGRAM_ID): BuybackConfigState =>
  decodeOwned(info, programId, "BuybackConfig", gen.decodeBuybackConfig);

/** Fetches and decodes the config, or returns null before `initialize`. */
export async function fetchBuybackConfig(connection: Connection, programId = IO_BUYBACK_PROGRAM_ID): Promise<BuybackConfigState | null> {
  const info = await connection.getAccountInfo(buybackConfigKey(programId)[0]);
  return info ? decodeBuybackConfig(info, programId) : null;
}

/** Every io_buyback event in a transaction's logs, in order, attributed as Anchor's EventParser attributes them. */
export function parseIoBuybackEvents(logs: string[], programId = IO_BUYBACK_PROGRAM_ID): ProgramEvent[] {
  return gen.parseIoBuybackEvents(logs, programId);
}

const BPS = new BN(10_000);
const RATE_AT_PRICE = new BN("10000000000000000");
const USDC = new BN(1_000_000);
const DAY = 86_400;

const ceilDiv = (a: BN, b: BN): BN => {
  const { div, mod } = a.divmod(b);
  return mod.isZero() ? div : div.addn(1);
};

/** The lot's rate at `now` (auction.rs `auction_rate`): falls linearly from start to floor. */
export function auctionRate(config: Pick<BuybackConfigState, "startRate" | "floorRate" | "lotStartedAt" | "lotEndsAt">, now: BN | number): BN {
  const t = new BN(now);
  const { startRate: start, floorRate: floor, lotStartedAt: started, lotEndsAt: ends } = config;
  if (t.gte(ends)) return floor;
  if (t.lte(started) || start.lte(floor)) return start;
  const drop = start.sub(floor).mul(t.sub(started)).div(ends.sub(started));
  return BN.max(start.sub(drop), floor);
}

/** The oracle bound (auction.rs `bound_rate`): the IO base units $1 must buy at least; null without a conservative price. */
export function boundRate(price: BN, confidence: BN, confMultiple: number, premiumBps: number): BN | null {
  const conservative = price.sub(confidence.muln(confMultiple));
  if (conservative.lten(0)) return null;
  return ceilDiv(ceilDiv(RATE_AT_PRICE.mul(BPS), conservative), BPS.addn(premiumBps));
}

/** IO base units for `usdc` base units at `rate`, rounded up (auction.rs `io_for`). */
export function ioFor(usdc: BN, rate: BN): BN {
  return ceilDiv(usdc.mul(rate), USDC);
}

/** What a `buy` of `usdc` at `now` would fill and cost, as the program decides it (`buy.rs`). */
export interface BuyQuote {
  usdc: BN;
  io: BN;
  rate: BN;
  auctionRate: BN;
  boundRate: BN;
}

export function quoteBuy(config: BuybackConfigState, price: { price: BN; confidence: BN }, usdc: BN, now: number): BuyQuote | null {
  const bound = boundRate(price.price, price.confidence, config.confMultiple, config.premiumBps);
  if (!bound) return null;
  const newDay = now >= config.dayStart.toNumber() + DAY;
  const daySold = newDay ? new BN(0) : config.daySold;
  const room = BN.max(config.maxDaily.sub(daySold), new BN(0));
  const fill = BN.min(BN.min(usdc, config.lotRemaining), room);
  const auction = auctionRate(config, now);
  const rate = BN.max(auction, bound);
  return { usdc: fill, io: ioFor(fill, rate), rate, auctionRate: auction, boundRate: bound };
}
