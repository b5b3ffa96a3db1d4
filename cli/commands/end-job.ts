import { endJobInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { jobFlag } from "../jobs";

/** `io end-job`: the `end_job` instruction, signed by the job's user or its node's owner. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const { address, job } = await jobFlag(ctx.chain, flags);
  const caller = ctx.signer();
  const ix = endJobInstruction({ caller: caller.publicKey, job: address, node: job.node });
  return report(ctx, "end_job", await ctx.chain.sendTransaction([ix], [caller]));
}
