import { decodeParticipant, participantKey, priorityTierOf } from "../../sdk/src";
import { Context } from "../context";
import { pubkeyFlag } from "../flags";
import { io, readStakingConfig } from "../staking";

/** `io priority-tier [<user>]`: anyone reads a user's priority tier from its stake (the signer's without a user). */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const user = flags.has("user") ? pubkeyFlag(flags, "user") : ctx.signer().publicKey;
  const info = await ctx.chain.getAccount(participantKey(user)[0]);
  const r = priorityTierOf(user, info ? decodeParticipant(info) : null, await readStakingConfig(ctx.chain));
  ctx.output.set("priorityTier", r);
  const tiers = r.tiersIo.map((t, i) => (t === 0 ? `tier ${i + 1} off` : `tier ${i + 1} from ${t.toLocaleString("en-US")} IO`)).join(", ");
  if (!r.registered) ctx.out(`${user.toBase58()} is not a participant (io register-participant --user): no stake, no tier`);
  else ctx.out(`counted stake of ${user.toBase58()}: ${io(r.stake)} (own stake + its stakers' active stake; cooling and pending stake do not count)`);
  ctx.out(`priority ${r.tier === 0 ? "no tier" : `tier ${r.tier}`}${r.nextTierStake ? `; the next tier from ${io(r.nextTierStake)}` : ""} (${tiers})`);
  return 0;
}
