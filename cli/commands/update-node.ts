import { updateNodeInstruction, USD_DECIMALS } from "../../sdk/src";
import { Context, report } from "../context";
import { amountFlag, intFlag, pubkeyFlag } from "../flags";
import { bpsFlag, readNode } from "../jobs";

/** `io update-node`: the `update_node` instruction; new jobs take the new terms. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  if (!["price", "usd-share-bps", "hardware-class"].some((f) => flags.has(f))) {
    throw new Error("nothing to change: give --price, --usd-share-bps or --hardware-class");
  }
  const node = pubkeyFlag(flags, "node");
  const current = await readNode(ctx.chain, node);
  const hardwareClass = intFlag(flags, "hardware-class", current.hardwareClass);
  if (hardwareClass > 255) throw new Error(`--hardware-class takes 0 to 255: ${hardwareClass}`);
  const owner = ctx.signer();
  const ix = updateNodeInstruction({
    owner: owner.publicKey,
    node,
    hardwareClass,
    pricePerHour: flags.has("price") ? amountFlag(flags, "price", USD_DECIMALS) : current.pricePerHour,
    usdShareBps: flags.has("usd-share-bps") ? bpsFlag(flags, "usd-share-bps") : current.usdShareBps,
  });
  return report(ctx, "update_node", await ctx.chain.sendTransaction([ix], [owner]));
}
