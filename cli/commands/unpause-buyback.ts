import { unpauseBuybackInstruction } from "../../sdk/src";
import { Context, report } from "../context";

/** `io unpause-buyback`: the `unpause` instruction. */
export async function run(ctx: Context): Promise<number> {
  const admin = ctx.signer();
  return report(ctx, "unpause", await ctx.chain.sendTransaction([unpauseBuybackInstruction({ admin: admin.publicKey })], [admin]));
}
