import BN from "bn.js";
import { decodeProposal, proposalKey, proposalStatus } from "../../sdk/src";
import { Context } from "../context";
import { describeAction, readGovConfig } from "../gov";
import { io } from "../staking";

/** `io gov-list`: every proposal made so far, read back one by one from its PDA. */
export async function run(ctx: Context): Promise<number> {
  const config = await readGovConfig(ctx.chain);
  const now = await ctx.chain.unixTime();
  const time = (t: BN) => new Date(t.toNumber() * 1000).toISOString();
  const count = config.proposalCount.toNumber();
  ctx.out(`${count} proposal(s)`);
  const proposals: Record<string, unknown>[] = [];
  for (let index = 0; index < count; index++) {
    const info = await ctx.chain.getAccount(proposalKey(index)[0]);
    if (!info) {
      ctx.out(`${index}: missing`);
      continue;
    }
    const p = decodeProposal(info);
    proposals.push({ ...p, address: proposalKey(index)[0], status: proposalStatus(p, now) });
    const eta = p.eta.isZero() ? "" : `, executable from ${time(p.eta)} until ${time(p.eta.addn(p.gracePeriod))}`;
    ctx.out(`${index}: ${proposalStatus(p, now)}: ${describeAction(p)}`);
    ctx.out(`   yes ${io(p.yes)}, no ${io(p.no)}, abstain ${io(p.abstain)} of ${io(p.eligible)} eligible; voting ends ${time(p.end)}${eta}`);
  }
  ctx.output.set("proposals", proposals);
  return 0;
}
