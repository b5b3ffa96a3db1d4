import { disputeJobInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { pubkeyFlag } from "../flags";

export const usage = "dispute-job --job <pubkey>   (the job's user, inside the challenge window of accepted usage; once per job)";

/** `io dispute-job`: the `dispute_job` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const user = ctx.signer();
  const ix = disputeJobInstruction({ user: user.publicKey, job: pubkeyFlag(flags, "job") });
  return report(ctx, "dispute_job", await ctx.chain.sendTransaction([ix], [user]));
}
