import BN from "bn.js";
import { attestAvailabilityInstruction, availabilityFactor, formatAmount, IO_DECIMALS, lastEpochOf, parseIoStakingEvents } from "../../sdk/src";
import { Context, report } from "../context";
import { intFlag, switchFlag } from "../flags";
import { bpsFlag } from "../jobs";
import { participantFlag, readStakingConfig } from "../staking";

/** `io attest-availability`: the `attest_availability` instruction for the open epoch. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const passed = !switchFlag(flags, "failed");
  const reputationBps = flags.has("reputation-bps") ? bpsFlag(flags, "reputation-bps") : 10_000;
  const hardwareClass = intFlag(flags, "hardware-class", 0);
  if (hardwareClass > 255) throw new Error(`--hardware-class takes 0 to 255: ${hardwareClass}`);
  const { address, participant } = await participantFlag(ctx.chain, flags);
  const { epoch } = await readStakingConfig(ctx.chain);
  const oracle = ctx.signer();
  const ix = attestAvailabilityInstruction({ oracle: oracle.publicKey, participant: address, lastEpoch: lastEpochOf(participant), epoch, passed, reputationBps, hardwareClass });
  const res = await ctx.chain.sendTransaction([ix], [oracle]);
  const code = report(ctx, "attest_availability", res);
  if (res.ok) {
    const registered = parseIoStakingEvents(res.logs).find((e) => e.name === "registered");
    const factor = availabilityFactor(passed, reputationBps, hardwareClass);
    ctx.out(`vote recorded for epoch ${epoch}: factor ${factor} bps`);
    ctx.out(
      registered
        ? `availability weight +${formatAmount(registered.data.weight as BN, IO_DECIMALS)} registered for epoch ${epoch} (the node's figure rose)`
        : "no weight added: the node's figure (the quorum-th highest vote) did not rise above what is registered, or the node holds less than the minimum own stake",
    );
  }
  return code;
}
