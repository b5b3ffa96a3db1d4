/** What io_buyback's commands share: reading its config and price, showing rates and amounts. */
import { TOKEN_PROGRAM_ID, unpackAccount } from "@solana/spl-token";
import { PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { buybackConfigKey, BuybackConfigState, BuybackParams, decodeBuybackConfig, decodePriceFeed, formatAmount, IO_DECIMALS, priceFeedKey } from "../sdk/src";
import { Chain } from "./chain";
import { intFlag } from "./flags";

export async function readBuybackConfig(chain: Chain): Promise<BuybackConfigState> {
  const info = await chain.getAccount(buybackConfigKey()[0]);
  if (!info) throw new Error(`io_buyback is not initialised on ${chain.description}`);
  return decodeBuybackConfig(info);
}

/** io_oracle's accepted price and confidence (1e-8 USD per IO) and its publish time. */
export async function readPrice(chain: Chain): Promise<{ price: BN; confidence: BN; publishTs: BN } | null> {
  const info = await chain.getAccount(priceFeedKey()[0]);
  if (!info) return null;
  const feed = decodePriceFeed(info);
  return { price: feed.price, confidence: feed.confidence, publishTs: feed.publishTs };
}

/** A USDC token account's balance (0 if it does not exist). */
export async function usdcBalance(chain: Chain, account: PublicKey): Promise<BN> {
  const info = await chain.getAccount(account);
  return info ? new BN(unpackAccount(account, info, TOKEN_PROGRAM_ID).amount.toString()) : new BN(0);
}

/** A rate (IO base units per USDC) as IO per $1 and the IO price it implies: "0.75000000 IO per $1 (IO at $1.3333)". */
export function rate(r: BN): string {
  if (r.isZero()) return "none";
  const price = new BN(10).pow(new BN(12)).div(r); // $ x 10^4 per IO
  return `${formatAmount(r, IO_DECIMALS)} IO per $1 (IO at $${formatAmount(price, 4)})`;
}

/** The parameters from flags, each defaulting to the config's current value. */
export function paramsFromFlags(flags: Map<string, string>, c: BuybackParams): BuybackParams {
  const big = (name: string, current: BN) => {
    const v = flags.get(name);
    if (v === undefined) return current;
    if (!/^\d+$/.test(v)) throw new Error(`--${name} <base units> is required`);
    return new BN(v);
  };
  return {
    lotPeriod: intFlag(flags, "lot-period", c.lotPeriod),
    multiplierBps: intFlag(flags, "multiplier-bps", c.multiplierBps),
    floorBps: intFlag(flags, "floor-bps", c.floorBps),
    minRate: big("min-rate", c.minRate),
    maxLot: big("max-lot", c.maxLot),
    maxDaily: big("max-daily", c.maxDaily),
    premiumBps: intFlag(flags, "premium-bps", c.premiumBps),
    confMultiple: intFlag(flags, "conf-multiple", c.confMultiple),
    maxPriceAge: intFlag(flags, "max-price-age", c.maxPriceAge),
  };
}
