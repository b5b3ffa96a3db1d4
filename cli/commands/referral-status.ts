import { PublicKey } from "@solana/web3.js";
import { Currency, CURRENCY_NAMES, decodeUserProfile, userProfileKey } from "../../sdk/src";
import { Context } from "../context";
import { pubkeyFlag } from "../flags";
import { money, readJobsConfig, usd } from "../jobs";

/** `io referral-status`: reads a user's profile (the signer's without --user). */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const user = flags.has("user") ? pubkeyFlag(flags, "user") : ctx.signer().publicKey;
  const [address] = userProfileKey(user);
  const info = await ctx.chain.getAccount(address);
  ctx.output.set("user", user);
  if (!info) {
    ctx.out(`${user.toBase58()} has not joined (no profile at ${address.toBase58()}): it may still name a referrer (io referral register)`);
    return 0;
  }
  const p = decodeUserProfile(info);
  const c = await readJobsConfig(ctx.chain);
  ctx.output.set("profile", { address, user, referrer: p.referrer, joinedAt: p.joinedAt, referralUntil: p.referralUntil, referees: p.referees, referralUsd: p.referralUsd, referralOwed: p.referralOwed, referralClaimed: p.referralClaimed, supplierReferralUsd: p.supplierReferralUsd });
  const time = (t: number) => new Date(t * 1000).toISOString();
  ctx.out(`profile ${address.toBase58()} of ${user.toBase58()}: joined ${time(p.joinedAt.toNumber())}`);
  ctx.out(
    p.referrer.equals(PublicKey.default)
      ? "referrer: none"
      : `referrer: ${p.referrer.toBase58()}; jobs opened until ${time(p.referralUntil.toNumber())} pay it ${c.referralBps / 100}% of their network fee, and of the supplier fee when on a node registered before then`,
  );
  ctx.out(`as a referrer: ${p.referees} referred; credited ${usd(p.referralUsd)} of the ${usd(c.referralCapUsd)} cap (${usd(p.supplierReferralUsd)} from referred suppliers' jobs)`);
  for (const currency of [Currency.Usdc, Currency.Io, Currency.Iosd]) {
    ctx.out(`  ${CURRENCY_NAMES[currency]}: owed ${money(p.referralOwed[currency], currency)}, claimed ${money(p.referralClaimed[currency], currency)}`);
  }
  return 0;
}
