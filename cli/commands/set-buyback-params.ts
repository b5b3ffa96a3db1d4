import { setBuybackParamsInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { paramsFromFlags, readBuybackConfig } from "../buyback";

export const usage =
  "set-buyback-params [--lot-period S] [--multiplier-bps N] [--floor-bps N] [--min-rate IO_BASE_PER_USDC] [--max-lot USDC_BASE] [--max-daily USDC_BASE] [--premium-bps N] [--conf-multiple N] [--max-price-age S]   (admin; unset flags keep their value; bounds in docs/buyback.md: lot period 60 s to 7 days, multiplier 11,000-30,000, floor x multiplier < 1, premium at most 1,000, at most 10 confidence intervals, price age 1 s to 1 h, max lot <= max daily; the live lot keeps its rates and end)";

/** `io set-buyback-params`: the `set_buyback_params` instruction, starting from the config's values. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const admin = ctx.signer();
  const params = paramsFromFlags(flags, await readBuybackConfig(ctx.chain));
  return report(ctx, "set_buyback_params", await ctx.chain.sendTransaction([setBuybackParamsInstruction({ admin: admin.publicKey, ...params })], [admin]));
}
