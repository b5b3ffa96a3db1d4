import BN from "bn.js";
import { setReferralParamsInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { amountFlag, intFlag } from "../flags";
import { readJobsConfig } from "../jobs";

/** `io set-referral-params`: the `set_referral_params` instruction, starting from the config's values. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const admin = ctx.signer();
  const c = await readJobsConfig(ctx.chain);
  const cap: BN = flags.has("referral-cap-usd") ? amountFlag(flags, "referral-cap-usd", 6) : c.referralCapUsd;
  const ix = setReferralParamsInstruction({
    admin: admin.publicKey,
    referralBps: intFlag(flags, "referral-bps", c.referralBps),
    referralPeriod: intFlag(flags, "referral-period", c.referralPeriod),
    referralCapUsd: cap,
  });
  return report(ctx, "set_referral_params", await ctx.chain.sendTransaction([ix], [admin]));
}
