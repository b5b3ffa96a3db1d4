import { PublicKey } from "@solana/web3.js";
import { registerReferralInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { pubkeyFlag } from "../flags";

/** `io register-referral`: the `register_referral` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const user = ctx.signer();
  const referrer = flags.has("referrer") ? pubkeyFlag(flags, "referrer") : PublicKey.default;
  const ix = registerReferralInstruction({ user: user.publicKey, referrer });
  return report(ctx, "register_referral", await ctx.chain.sendTransaction([ix], [user]));
}
