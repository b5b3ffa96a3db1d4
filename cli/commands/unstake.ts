import BN from "bn.js";
import { IO_DECIMALS, lastEpochOf, parseIoStakingEvents, unstakeInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { amountFlag } from "../flags";
import { isoTime } from "../jobs";
import { io, participantFlag } from "../staking";

/** `io unstake`: the `unstake` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const amount = amountFlag(flags, "amount", IO_DECIMALS);
  if (amount.isZero()) throw new Error("--amount must be above zero");
  const { address, participant } = await participantFlag(ctx.chain, flags);
  const staker = ctx.signer();
  const ix = unstakeInstruction({ staker: staker.publicKey, participant: address, lastEpoch: lastEpochOf(participant), amount });
  const res = await ctx.chain.sendTransaction([ix], [staker]);
  const code = report(ctx, "unstake", res);
  const unstaked = res.ok ? parseIoStakingEvents(res.logs).find((e) => e.name === "unstaked") : undefined;
  if (unstaked) ctx.out(`${io(amount)} cooling down: withdraw from ${isoTime(unstaked.data.cooldownEnd as BN)}`);
  return code;
}
