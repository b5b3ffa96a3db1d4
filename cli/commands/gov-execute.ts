import { executeInstruction, GovAction, proposalActions } from "../../sdk/src";
import { readBuybackConfig } from "../buyback";
import { Context, report } from "../context";
import { proposalFlag } from "../gov";

/** `io gov-execute`: the `execute` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const { address: proposal, proposal: p } = await proposalFlag(ctx.chain, flags);
  const signer = ctx.signer();
  const actions = proposalActions(p);
  // A spend passes the USDC mint (io_buyback's config's).
  const usdcMint = actions.some((a) => a.action === GovAction.Spend) ? (await readBuybackConfig(ctx.chain)).usdcMint : undefined;
  // An upgrade's spill account is the proposer (the buffer's lamports go back to it).
  return report(ctx, "execute", await ctx.chain.sendTransaction([executeInstruction({ caller: signer.publicKey, proposal, actions, usdcMint, spill: p.proposer })], [signer]));
}
