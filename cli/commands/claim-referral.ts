import { claimReferralInstruction, currencyAccounts } from "../../sdk/src";
import { Context, report } from "../context";
import { ensureTokenAccount } from "../genesis";
import { currencyFlag, usdcMintOf } from "../jobs";

/** `io claim-referral`: the `claim_referral` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const currency = currencyFlag(flags);
  const usdcMint = await usdcMintOf(ctx.chain);
  const referrer = ctx.signer();
  const { mint, tokenProgram } = currencyAccounts(currency, usdcMint);
  const to = await ensureTokenAccount(ctx.chain, referrer, referrer.publicKey, mint, tokenProgram);
  const ix = claimReferralInstruction({ referrer: referrer.publicKey, to, currency, usdcMint });
  return report(ctx, "claim_referral", await ctx.chain.sendTransaction([ix], [referrer]));
}
