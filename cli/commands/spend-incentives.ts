import { Currency, spendIncentivesInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { amountFlag, pubkeyFlag } from "../flags";
import { currencyAccountOf, money } from "../jobs";
import { readBuybackConfig } from "../buyback";

/** `io spend-incentives`: the `spend_incentives` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const admin = ctx.signer();
  const c = await readBuybackConfig(ctx.chain);
  const amount = amountFlag(flags, "amount", 6);
  const destination = currencyAccountOf(pubkeyFlag(flags, "to"), Currency.Usdc, c.usdcMint);
  if (!(await ctx.chain.getAccount(destination))) throw new Error(`${destination.toBase58()} (the wallet's USDC account) does not exist`);
  const ix = spendIncentivesInstruction({ admin: admin.publicKey, usdcMint: c.usdcMint, destination, amount });
  const code = report(ctx, "spend_incentives", await ctx.chain.sendTransaction([ix], [admin]));
  if (code === 0) ctx.out(`paid ${money(amount, Currency.Usdc)} to ${destination.toBase58()}`);
  return code;
}
