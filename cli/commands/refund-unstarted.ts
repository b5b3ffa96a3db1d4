import { currencyAccounts, refundUnstartedInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { ensureTokenAccount } from "../genesis";
import { currencyOf, jobFlag, usdcMintOf } from "../jobs";

/** `io refund-unstarted`: the `refund_unstarted` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const { address, job } = await jobFlag(ctx.chain, flags);
  const currency = currencyOf(job);
  const usdcMint = await usdcMintOf(ctx.chain);
  const caller = ctx.signer();
  const { mint, tokenProgram } = currencyAccounts(currency, usdcMint);
  const userToken = await ensureTokenAccount(ctx.chain, caller, job.user, mint, tokenProgram);
  const ix = refundUnstartedInstruction({ caller: caller.publicKey, job: address, node: job.node, user: job.user, userToken, currency, usdcMint });
  return report(ctx, "refund_unstarted", await ctx.chain.sendTransaction([ix], [caller]));
}
