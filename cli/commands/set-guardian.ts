import { setGuardianInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { pubkeyFlag } from "../flags";

/** `io set-guardian`: the `set_guardian` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const admin = ctx.signer();
  const guardian = pubkeyFlag(flags, "guardian");
  return report(ctx, "set_guardian", await ctx.chain.sendTransaction([setGuardianInstruction({ admin: admin.publicKey, guardian })], [admin]));
}
