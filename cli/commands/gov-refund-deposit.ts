import { PublicKey } from "@solana/web3.js";
import { formatAmount, ioAccountOf, refundDepositInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { pubkeyFlag } from "../flags";
import { proposalFlag } from "../gov";

/** `io gov-refund-deposit`: the `refund_deposit` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const { index, address: proposal, proposal: p } = await proposalFlag(ctx.chain, flags);
  const to: PublicKey = flags.has("to") ? pubkeyFlag(flags, "to") : ioAccountOf(p.proposer);
  ctx.out(`proposal ${index}: deposit ${formatAmount(p.deposit, 8)} IO${p.depositRefunded ? " (refunded already)" : ""} -> ${to.toBase58()}`);
  const signer = ctx.signer();
  return report(ctx, "refund_deposit", await ctx.chain.sendTransaction([refundDepositInstruction({ proposal, proposer: p.proposer, proposerIo: to })], [signer]));
}
