import { setDiscountTiersInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { amountFlag, intFlag } from "../flags";
import { readJobsConfig } from "../jobs";

/** `io set-discount-tiers`: the `set_discount_tiers` instruction, starting from the config's table. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const admin = ctx.signer();
  const c = await readJobsConfig(ctx.chain);
  const tiers = [0, 1, 2].map((i) => ({
    scoreUsd: flags.has(`tier${i + 1}-usd`) ? amountFlag(flags, `tier${i + 1}-usd`, 6) : c.discountUsd[i],
    discountBps: intFlag(flags, `tier${i + 1}-bps`, c.discountBps[i]),
  }));
  const strikeUsd = flags.has("strike-usd") ? amountFlag(flags, "strike-usd", 6) : c.strikeUsd;
  const ix = setDiscountTiersInstruction({ admin: admin.publicKey, tiers, strikeUsd });
  return report(ctx, "set_discount_tiers", await ctx.chain.sendTransaction([ix], [admin]));
}
