import { decodeOracleConfig, oracleConfigKey, setPriceParamsInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { intFlag } from "../flags";

/** `io set-price-params`: io_oracle's `set_price_params` instruction, starting from the config's values. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const admin = ctx.signer();
  const info = await ctx.chain.getAccount(oracleConfigKey()[0]);
  if (!info) throw new Error("io_oracle is not initialised on this chain");
  const c = decodeOracleConfig(info);
  const ix = setPriceParamsInstruction({
    admin: admin.publicKey,
    staleness: intFlag(flags, "staleness", c.staleness),
    maxMoveBps: intFlag(flags, "max-move-bps", c.maxMoveBps),
    maxConfBps: intFlag(flags, "max-conf-bps", c.maxConfBps),
    agreementBps: intFlag(flags, "agreement-bps", c.agreementBps),
  });
  return report(ctx, "set_price_params", await ctx.chain.sendTransaction([ix], [admin]));
}
