import { queueInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { proposalFlag } from "../gov";

/** `io gov-queue`: the `queue` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const { address: proposal } = await proposalFlag(ctx.chain, flags);
  const signer = ctx.signer();
  return report(ctx, "queue", await ctx.chain.sendTransaction([queueInstruction({ caller: signer.publicKey, proposal })], [signer]));
}
