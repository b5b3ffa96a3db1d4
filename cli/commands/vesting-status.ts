import { PublicKey } from "@solana/web3.js";
import { BUCKETS, decodeTokenConfig, decodeVestingGrant, configKey, formatAmount, grantKey, IO_DECIMALS, MONTH_HOURS, unlockedAmount } from "../../sdk/src";
import { Context } from "../context";

/** `io vesting-status`: a beneficiary's grants against the schedule at the chain's clock. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const who = flags.has("beneficiary") ? new PublicKey(flags.get("beneficiary")!) : ctx.signer().publicKey;
  const configInfo = await ctx.chain.getAccount(configKey()[0]);
  if (!configInfo) throw new Error("the protocol is not initialised on this chain");
  const genesis = decodeTokenConfig(configInfo).genesisTs.toNumber();
  const months = Math.max(0, Math.floor((await ctx.chain.unixTime()) - genesis) / 3_600 / MONTH_HOURS);
  let found = 0;
  const grants: Record<string, unknown>[] = [];
  for (const bucket of BUCKETS.slice(0, 3)) {
    const info = await ctx.chain.getAccount(grantKey(bucket.index, who)[0]);
    if (!info) continue;
    found++;
    const g = decodeVestingGrant(info);
    const unlocked = unlockedAmount(g.amount, bucket.index, Math.floor(months));
    grants.push({ bucket: bucket.index, label: bucket.label, amount: g.amount, unlocked, claimed: g.claimed, claimable: unlocked.sub(g.claimed) });
    const io = (v: typeof unlocked) => formatAmount(v, IO_DECIMALS);
    ctx.out(`${bucket.label}: granted ${io(g.amount)}, unlocked ${io(unlocked)}, claimed ${io(g.claimed)}, claimable ${io(unlocked.sub(g.claimed))} IO`);
  }
  ctx.output.set("beneficiary", who);
  ctx.output.set("grants", grants);
  if (found === 0) ctx.out(`no grants for ${who.toBase58()}`);
  return 0;
}
