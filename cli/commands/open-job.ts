import BN from "bn.js";
import { Currency, CURRENCY_DECIMALS, CURRENCY_NAMES, jobKey, openJobInstruction, parseIoJobsEvents } from "../../sdk/src";
import { isEmbedded } from "../chain/kind";
import { Context, report } from "../context";
import { amountFlag, pubkeyFlag } from "../flags";
import { currencyAccountOf, currencyFlag, hoursFlag, money, quotePayment, readNode, usd, usdcMintOf } from "../jobs";

/** `--nonce`, or the first free nonce from the chain's unix time up. */
async function nonceOf(ctx: Context, flags: Map<string, string>): Promise<BN> {
  const user = ctx.signer().publicKey;
  const given = flags.get("nonce");
  if (given !== undefined) {
    if (!/^\d+$/.test(given) || new BN(given).bitLength() > 64) throw new Error(`--nonce takes an unsigned 64-bit integer: ${given}`);
    return new BN(given);
  }
  let nonce = new BN(await ctx.chain.unixTime());
  while (await ctx.chain.getAccount(jobKey(user, nonce)[0])) nonce = nonce.addn(1);
  return nonce;
}

/** `io open-job`: the `open_job` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const node = pubkeyFlag(flags, "node");
  const currency = currencyFlag(flags);
  const hours = hoursFlag(flags);
  await readNode(ctx.chain, node);
  const usdcMint = await usdcMintOf(ctx.chain);
  const user = ctx.signer();
  const userToken = currencyAccountOf(user.publicKey, currency, usdcMint);
  if (!(await ctx.chain.getAccount(userToken))) {
    const hint = currency === Currency.Usdc && isEmbedded(ctx.chain) ? " (on the embedded chain: io faucet-usdc)" : "";
    throw new Error(`${user.publicKey.toBase58()} has no ${CURRENCY_NAMES[currency]} account ${userToken.toBase58()} to pay from${hint}`);
  }
  const nonce = await nonceOf(ctx, flags);
  const maxPayment = flags.has("max-payment") ? amountFlag(flags, "max-payment", CURRENCY_DECIMALS[currency]) : await quotePayment(ctx.chain, node, currency, hours);
  ctx.out(`paying at most ${money(maxPayment, currency)}`);
  const ix = openJobInstruction({ user: user.publicKey, node, nonce, hours, currency, usdcMint, userToken, maxPayment });
  const res = await ctx.chain.sendTransaction([ix], [user]);
  const code = report(ctx, "open_job", res);
  if (res.ok) {
    ctx.out(`job ${jobKey(user.publicKey, nonce)[0].toBase58()} (nonce ${nonce.toString()})`);
    const opened = parseIoJobsEvents(res.logs).find((e) => e.name === "jobOpened");
    if (opened) {
      const d = opened.data as { amountUsd: BN; payment: BN; facilitationFee: BN };
      const fee = d.facilitationFee.isZero() ? "" : `, facilitation fee ${money(d.facilitationFee, currency)}`;
      ctx.out(`paid ${money(d.payment.add(d.facilitationFee), currency)}: ${usd(d.amountUsd)} of compute${fee}`);
    }
  }
  return code;
}
