import { crankInstruction, decodeEmissionState, emissionKey } from "../../sdk/src";
import { Context, report } from "../context";

/** `io crank`: the `crank` instruction. */
export async function run(ctx: Context): Promise<number> {
  const state = await ctx.chain.getAccount(emissionKey()[0]);
  if (!state) throw new Error("emissions are not initialised on this chain");
  const { rewardsVault } = decodeEmissionState(state);
  const payer = ctx.signer();
  return report(ctx, "crank", await ctx.chain.sendTransaction([crankInstruction({ rewardsVault })], [payer]));
}
