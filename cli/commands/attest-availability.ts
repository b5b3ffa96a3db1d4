import BN from "bn.js";
import { attestAvailabilityInstruction, formatAmount, IO_DECIMALS, lastEpochOf, parseIoStakingEvents } from "../../sdk/src";
import { Context, report } from "../context";
import { switchFlag } from "../flags";
import { bpsFlag } from "../jobs";
import { participantFlag, readStakingConfig } from "../staking";

export const usage =
  "attest-availability (--participant <address> | --node <io_jobs node>) [--reputation-bps <0..10000>] [--failed]   (an oracle of io_oracle's set: the node passed (or failed) the open epoch's test jobs; default reputation 10000)";

/** `io attest-availability`: the `attest_availability` instruction for the open epoch. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const passed = !switchFlag(flags, "failed");
  const reputationBps = flags.has("reputation-bps") ? bpsFlag(flags, "reputation-bps") : 10_000;
  const { address, participant } = await participantFlag(ctx.chain, flags);
  const { epoch } = await readStakingConfig(ctx.chain);
  const oracle = ctx.signer();
  const ix = attestAvailabilityInstruction({ oracle: oracle.publicKey, participant: address, lastEpoch: lastEpochOf(participant), epoch, passed, reputationBps });
  const res = await ctx.chain.sendTransaction([ix], [oracle]);
  const code = report(ctx, "attest_availability", res);
  if (res.ok) {
    const registered = parseIoStakingEvents(res.logs).find((e) => e.name === "registered");
    ctx.out(
      registered
        ? `availability weight ${formatAmount(registered.data.weight as BN, IO_DECIMALS)} registered for epoch ${epoch}`
        : `vote recorded for epoch ${epoch}: the weight registers once a quorum of the set passes the node (with at least the minimum own stake)`,
    );
  }
  return code;
}
