import { vetoInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { proposalFlag } from "../gov";

/** `io gov-veto`: the `veto` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const { address: proposal } = await proposalFlag(ctx.chain, flags);
  const signer = ctx.signer();
  return report(ctx, "veto", await ctx.chain.sendTransaction([vetoInstruction({ guardian: signer.publicKey, proposal })], [signer]));
}
