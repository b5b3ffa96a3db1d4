import { executeInstruction, proposalActions } from "../../sdk/src";
import { Context, report } from "../context";
import { proposalFlag } from "../gov";

export const usage = "gov-execute --proposal <index>   (anyone but the guardian, after the timelock and within the grace period: each action in order by CPI, the executor signing)";

/** `io gov-execute`: the `execute` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const { address: proposal, proposal: p } = await proposalFlag(ctx.chain, flags);
  const signer = ctx.signer();
  return report(ctx, "execute", await ctx.chain.sendTransaction([executeInstruction({ caller: signer.publicKey, proposal, actions: proposalActions(p) })], [signer]));
}
