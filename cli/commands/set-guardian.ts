import { setGuardianInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { pubkeyFlag } from "../flags";

export const usage = "set-guardian --guardian <pubkey>   (admin: who may pause io_buyback's buying at once; 11111111111111111111111111111111 for nobody but the admin)";

/** `io set-guardian`: the `set_guardian` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const admin = ctx.signer();
  const guardian = pubkeyFlag(flags, "guardian");
  return report(ctx, "set_guardian", await ctx.chain.sendTransaction([setGuardianInstruction({ admin: admin.publicKey, guardian })], [admin]));
}
