import BN from "bn.js";
import { proposalStatus, quorumReached, thresholdReached } from "../../sdk/src";
import { Context } from "../context";
import { describeAction, proposalFlag } from "../gov";
import { io } from "../staking";

/** `io gov-show`: reads a proposal. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const { index, address, proposal: p } = await proposalFlag(ctx.chain, flags);
  const now = await ctx.chain.unixTime();
  const time = (t: BN) => new Date(t.toNumber() * 1000).toISOString();
  const needed = p.eligible.muln(p.quorumBps).divn(10_000);
  ctx.output.set("proposal", { ...p, address, status: proposalStatus(p, now) });
  ctx.out(`proposal ${index} (${address.toBase58()}): ${proposalStatus(p, now)}`);
  ctx.out(`action: ${describeAction(p)}`);
  ctx.out(`proposer ${p.proposer.toBase58()}; snapshot: the start of io_staking epoch ${p.snapshotEpoch}; eligible ${io(p.eligible)}`);
  ctx.out(`yes ${io(p.yes)}, no ${io(p.no)}, abstain ${io(p.abstain)}`);
  ctx.out(`quorum ${p.quorumBps / 100}% (${io(needed)}): ${quorumReached(p) ? "reached" : "not reached"}; threshold above ${p.thresholdBps / 100}% of yes + no: ${thresholdReached(p) ? "reached" : "not reached"}`);
  ctx.out(`voting ends ${time(p.end)} (positions locked until ${time(p.lockEnd)}); timelock ${p.timelock} s, grace ${p.gracePeriod} s${p.eta.isZero() ? "" : `; executable from ${time(p.eta)}`}`);
  return 0;
}
