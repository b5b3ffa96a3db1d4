import { cancelJobInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { currencyAccountOf, currencyOf, jobFlag, usdcMintOf } from "../jobs";

/** `io cancel-job`: the `cancel_job` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const { address, job } = await jobFlag(ctx.chain, flags);
  const currency = currencyOf(job);
  const usdcMint = await usdcMintOf(ctx.chain);
  const user = ctx.signer();
  const ix = cancelJobInstruction({
    job: address,
    node: job.node,
    user: user.publicKey,
    userToken: currencyAccountOf(user.publicKey, currency, usdcMint),
    currency,
    usdcMint,
  });
  return report(ctx, "cancel_job", await ctx.chain.sendTransaction([ix], [user]));
}
