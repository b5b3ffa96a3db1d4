import { closeAirdropInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { intFlag } from "../flags";

/** `io close-airdrop`: the `close_airdrop` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const payer = ctx.signer();
  return report(ctx, "close_airdrop", await ctx.chain.sendTransaction([closeAirdropInstruction({ id: intFlag(flags, "id") })], [payer]));
}
