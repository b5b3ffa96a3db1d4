import { attestReputationInstruction, parseIoJobsEvents } from "../../sdk/src";
import { Context, report } from "../context";
import { intFlag, pubkeyFlag } from "../flags";

/** `io attest-reputation`: the `attest_reputation` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const oracle = ctx.signer();
  const penaltyBps = intFlag(flags, "penalty-bps");
  if (penaltyBps < 0 || penaltyBps > 10_000) throw new Error(`--penalty-bps must be 0..10000, not ${penaltyBps}`);
  const ix = attestReputationInstruction({ oracle: oracle.publicKey, user: pubkeyFlag(flags, "user"), penaltyBps });
  const res = await ctx.chain.sendTransaction([ix], [oracle]);
  const code = report(ctx, "attest_reputation", res);
  const attested = res.ok ? parseIoJobsEvents(res.logs).find((e) => e.name === "reputationAttested") : undefined;
  if (attested) {
    const accepted = (attested.data as { acceptedBps: number }).acceptedBps;
    ctx.output.set("acceptedBps", accepted);
    ctx.out(`accepted conduct penalty: ${accepted / 100}% of the score`);
  }
  return code;
}
