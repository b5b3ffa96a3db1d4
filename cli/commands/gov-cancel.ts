import { cancelInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { proposalFlag } from "../gov";

/** `io gov-cancel`: the `cancel` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const { address: proposal } = await proposalFlag(ctx.chain, flags);
  const signer = ctx.signer();
  return report(ctx, "cancel", await ctx.chain.sendTransaction([cancelInstruction({ proposer: signer.publicKey, proposal })], [signer]));
}
