import { retireNodeInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { pubkeyFlag } from "../flags";

/** `io retire-node`: the `retire_node` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const owner = ctx.signer();
  const ix = retireNodeInstruction({ owner: owner.publicKey, node: pubkeyFlag(flags, "node") });
  return report(ctx, "retire_node", await ctx.chain.sendTransaction([ix], [owner]));
}
