import { endJobInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { pubkeyFlag } from "../flags";

export const usage = "end-job --job <pubkey>   (the job's user ends it early; it settles once the challenge window has passed)";

/** `io end-job`: the `end_job` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const user = ctx.signer();
  const ix = endJobInstruction({ user: user.publicKey, job: pubkeyFlag(flags, "job") });
  return report(ctx, "end_job", await ctx.chain.sendTransaction([ix], [user]));
}
