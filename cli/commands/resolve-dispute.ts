import { resolveDisputeInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { pubkeyFlag } from "../flags";
import { hoursFlag } from "../jobs";

/** `io resolve-dispute`: the `resolve_dispute` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const admin = ctx.signer();
  const ix = resolveDisputeInstruction({ admin: admin.publicKey, job: pubkeyFlag(flags, "job"), hours: hoursFlag(flags) });
  return report(ctx, "resolve_dispute", await ctx.chain.sendTransaction([ix], [admin]));
}
