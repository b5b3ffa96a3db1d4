import { pauseBuybackInstruction } from "../../sdk/src";
import { Context, report } from "../context";

export const usage = "pause-buyback   (the guardian or the admin: start_lot and buy are refused at once; the USDC keeps accruing)";

/** `io pause-buyback`: the `pause` instruction. */
export async function run(ctx: Context): Promise<number> {
  const caller = ctx.signer();
  return report(ctx, "pause", await ctx.chain.sendTransaction([pauseBuybackInstruction({ caller: caller.publicKey })], [caller]));
}
