import { unpauseBuybackInstruction } from "../../sdk/src";
import { Context, report } from "../context";

export const usage = "unpause-buyback   (the admin only, never the guardian: buying resumes)";

/** `io unpause-buyback`: the `unpause` instruction. */
export async function run(ctx: Context): Promise<number> {
  const admin = ctx.signer();
  return report(ctx, "unpause", await ctx.chain.sendTransaction([unpauseBuybackInstruction({ admin: admin.publicKey })], [admin]));
}
