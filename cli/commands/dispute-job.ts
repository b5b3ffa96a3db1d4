import BN from "bn.js";
import { disputeJobInstruction, parseIoJobsEvents } from "../../sdk/src";
import { Context, report } from "../context";
import { pubkeyFlag } from "../flags";
import { isoTime } from "../jobs";

/** `io dispute-job`: the `dispute_job` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const user = ctx.signer();
  const ix = disputeJobInstruction({ user: user.publicKey, job: pubkeyFlag(flags, "job") });
  const res = await ctx.chain.sendTransaction([ix], [user]);
  const code = report(ctx, "dispute_job", res);
  const disputed = res.ok ? parseIoJobsEvents(res.logs).find((e) => e.name === "jobDisputed") : undefined;
  if (disputed) {
    const d = disputed.data as { hours: number; deadline: BN };
    ctx.out(`disputed ${d.hours} hours; the job has ended; deadline ${isoTime(d.deadline)}, then it settles on ${d.hours} hours`);
  }
  return code;
}
