import { decodeUserProfile, reputationOf, userProfileKey } from "../../sdk/src";
import { Context } from "../context";
import { pubkeyFlag } from "../flags";
import { readJobsConfig, usd } from "../jobs";

/** `io reputation <user>`: anyone reads a user's demand-side reputation (the signer's without a user). */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const user = flags.has("user") ? pubkeyFlag(flags, "user") : ctx.signer().publicKey;
  const info = await ctx.chain.getAccount(userProfileKey(user)[0]);
  const r = reputationOf(user, info ? decodeUserProfile(info) : null, await readJobsConfig(ctx.chain));
  ctx.output.set("reputation", r);
  if (!r.joined) ctx.out(`${user.toBase58()} has not joined (no profile): no history, score 0; its first job opens without a discount`);
  else {
    ctx.out(`reputation of ${user.toBase58()}: ${r.jobsSettled} jobs settled, ${r.hoursPaid.toString()} hours served worth ${usd(r.paidUsd)}`);
    ctx.out(`network fees paid ${usd(r.feesUsd)}; disputes lost ${r.disputesLost}, jobs abandoned ${r.abandoned}; conduct penalty agreed by the oracles ${r.conductPenaltyBps / 100}%`);
  }
  ctx.out(`score ${usd(r.score)}: ${r.tier === 0 ? "no tier" : `tier ${r.tier}`}, ${r.discountBps / 100}% off the network fee (a job opened now keeps ${r.networkFeeBps} bps)`);
  return 0;
}
