import { parseIoStakingEvents, voteSlashInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { intFlag } from "../flags";
import { isoTime } from "../jobs";
import { participantFlag, readParticipant, readStakingConfig } from "../staking";

/** `io vote-slash`: the `vote_slash` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const reason = intFlag(flags, "reason");
  if (reason > 255) throw new Error(`--reason takes 0 to 255: ${reason}`);
  const { address } = await participantFlag(ctx.chain, flags);
  const oracle = ctx.signer();
  const res = await ctx.chain.sendTransaction([voteSlashInstruction({ oracle: oracle.publicKey, participant: address, reason })], [oracle]);
  const code = report(ctx, "vote_slash", res);
  if (res.ok) {
    const opened = parseIoStakingEvents(res.logs).some((e) => e.name === "slashUpdate");
    const ttl = (await readStakingConfig(ctx.chain)).slashVoteTtl;
    ctx.out(opened ? `slash pending: contest window until ${isoTime((await readParticipant(ctx.chain, address)).slashAt)}` : `vote recorded (counts for ${ttl} s): a quorum of live votes of the set opens the slash`);
  }
  return code;
}
