import BN from "bn.js";
import { attestUsageInstruction, parseIoJobsEvents } from "../../sdk/src";
import { Context, report } from "../context";
import { pubkeyFlag } from "../flags";
import { hoursFlag } from "../jobs";

/** `io attest-usage`: the `attest_usage` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const oracle = ctx.signer();
  const ix = attestUsageInstruction({ oracle: oracle.publicKey, job: pubkeyFlag(flags, "job"), hours: hoursFlag(flags) });
  const res = await ctx.chain.sendTransaction([ix], [oracle]);
  const code = report(ctx, "attest_usage", res);
  const attested = res.ok ? parseIoJobsEvents(res.logs).find((e) => e.name === "usageAttested") : undefined;
  if (attested) ctx.out(`accepted usage: ${(attested.data as { accepted: number | BN }).accepted.toString()} hours`);
  return code;
}
