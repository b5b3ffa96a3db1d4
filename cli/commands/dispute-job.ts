import BN from "bn.js";
import { disputeJobInstruction, parseIoJobsEvents } from "../../sdk/src";
import { Context, report } from "../context";
import { pubkeyFlag } from "../flags";
import { isoTime } from "../jobs";

export const usage =
  "dispute-job --job <pubkey>   (the job's user, inside the challenge window of accepted usage; once per job; ends the job if it is open; unless the oracles agree or the admin resolves it by the deadline, it settles on the accepted usage then, which votes during the dispute may raise)";

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
