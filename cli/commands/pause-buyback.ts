import { pauseBuybackInstruction } from "../../sdk/src";
import { Context, report } from "../context";

/** `io pause-buyback`: the `pause` instruction. */
export async function run(ctx: Context): Promise<number> {
  const caller = ctx.signer();
  return report(ctx, "pause", await ctx.chain.sendTransaction([pauseBuybackInstruction({ caller: caller.publicKey })], [caller]));
}
