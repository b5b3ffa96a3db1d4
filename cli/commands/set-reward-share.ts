import { parseIoStakingEvents, setRewardShareInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { bpsFlag } from "../jobs";
import { participantFlag } from "../staking";

/** `io set-reward-share`: the `set_reward_share` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const shareBps = bpsFlag(flags, "share-bps");
  const { address } = await participantFlag(ctx.chain, flags);
  const authority = ctx.signer();
  const res = await ctx.chain.sendTransaction([setRewardShareInstruction({ authority: authority.publicKey, participant: address, shareBps })], [authority]);
  const code = report(ctx, "set_reward_share", res);
  const set = res.ok ? parseIoStakingEvents(res.logs).find((e) => e.name === "rewardShareSet") : undefined;
  if (set) ctx.out(`stakers' share ${shareBps / 100}% from epoch ${String(set.data.effectiveEpoch)}`);
  return code;
}
