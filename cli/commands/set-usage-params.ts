import { ioPerUsdOfCap, setUsageParamsInstruction, usageRateCap } from "../../sdk/src";
import { Context, report } from "../context";
import { intFlag } from "../flags";
import { readStakingConfig } from "../staking";

/** `io set-usage-params`: the `set_usage_params` instruction, starting from the config's terms. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const admin = ctx.signer();
  const c = await readStakingConfig(ctx.chain);
  const cap = flags.get("max-usage-rate");
  let maxUsageRate = c.maxUsageRate;
  if (cap !== undefined) {
    try {
      maxUsageRate = usageRateCap(cap);
    } catch {
      throw new Error(`--max-usage-rate: not an amount of IO per $1 of usage with at most 11 decimals: ${cap}`);
    }
  }
  const usageBps = intFlag(flags, "usage-bps", c.usageBps);
  const ix = setUsageParamsInstruction({ admin: admin.publicKey, usageBps, maxUsageRate });
  const code = report(ctx, "set_usage_params", await ctx.chain.sendTransaction([ix], [admin]));
  if (code === 0) ctx.out(`usage rewards: ${usageBps} bps of the compute pool, at most ${ioPerUsdOfCap(maxUsageRate)} IO per $1 of usage, from the next epoch close`);
  return code;
}
