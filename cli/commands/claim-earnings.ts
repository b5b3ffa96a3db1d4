import { claimEarningsInstruction, currencyAccounts } from "../../sdk/src";
import { Context, report } from "../context";
import { pubkeyFlag } from "../flags";
import { ensureTokenAccount } from "../genesis";
import { currencyAccountOf, currencyFlag, readNode, usdcMintOf } from "../jobs";

/** `io claim-earnings`: the `claim_earnings` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const node = pubkeyFlag(flags, "node");
  const currency = currencyFlag(flags);
  const usdcMint = await usdcMintOf(ctx.chain);
  const owner = ctx.signer();
  const { mint, tokenProgram } = currencyAccounts(currency, usdcMint);
  // Its own account, created only when there is something to claim (else the program refuses).
  const to = (await readNode(ctx.chain, node)).earnings[currency].isZero()
    ? currencyAccountOf(owner.publicKey, currency, usdcMint)
    : await ensureTokenAccount(ctx.chain, owner, owner.publicKey, mint, tokenProgram);
  const ix = claimEarningsInstruction({ owner: owner.publicKey, node, to, currency, usdcMint });
  return report(ctx, "claim_earnings", await ctx.chain.sendTransaction([ix], [owner]));
}
