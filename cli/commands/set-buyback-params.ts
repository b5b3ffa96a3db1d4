import { setBuybackParamsInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { paramsFromFlags, readBuybackConfig } from "../buyback";

/** `io set-buyback-params`: the `set_buyback_params` instruction, starting from the config's values. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const admin = ctx.signer();
  const params = paramsFromFlags(flags, await readBuybackConfig(ctx.chain));
  return report(ctx, "set_buyback_params", await ctx.chain.sendTransaction([setBuybackParamsInstruction({ admin: admin.publicKey, ...params })], [admin]));
}
