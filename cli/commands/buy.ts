import BN from "bn.js";
import { buyInstruction, Currency, formatAmount, IO_DECIMALS, parseIoBuybackEvents, quoteBuy } from "../../sdk/src";
import { Context, report } from "../context";
import { amountFlag, intFlag } from "../flags";
import { currencyAccountOf, money } from "../jobs";
import { ioAccountOf } from "../staking";
import { rate, readBuybackConfig, readPrice } from "../buyback";

/** `io buy`: the `buy` instruction for the live lot, bounded by the quote now (or --max-io). */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const buyer = ctx.signer();
  const c = await readBuybackConfig(ctx.chain);
  if (c.lotId.isZero()) throw new Error("no lot has started yet: io start-lot");
  const price = await readPrice(ctx.chain);
  if (!price) throw new Error("io_oracle has no price feed");
  const usdc = amountFlag(flags, "usdc", 6);
  const now = await ctx.chain.unixTime();
  const quote = quoteBuy(c, price, usdc, now);
  if (!quote) throw new Error("the oracle price leaves no conservative price: buy is refused until it does");
  const slippage = intFlag(flags, "slippage-bps", 0);
  const maxIo = flags.has("max-io") ? amountFlag(flags, "max-io", IO_DECIMALS) : quote.io.muln(10_000 + slippage).divn(10_000);
  ctx.out(`quote: ${money(quote.usdc, Currency.Usdc)} for ${formatAmount(quote.io, IO_DECIMALS)} IO at ${rate(quote.rate)} (auction ${rate(quote.auctionRate)}, bound ${rate(quote.boundRate)}); max ${formatAmount(maxIo, IO_DECIMALS)} IO`);
  const ix = buyInstruction({
    buyer: buyer.publicKey,
    buyerIo: ioAccountOf(buyer.publicKey),
    buyerUsdc: currencyAccountOf(buyer.publicKey, Currency.Usdc, c.usdcMint),
    usdcMint: c.usdcMint,
    lotId: c.lotId,
    usdc,
    maxIo,
    deadline: new BN(now + intFlag(flags, "deadline-s", 60)),
  });
  const res = await ctx.chain.sendTransaction([ix], [buyer]);
  const code = report(ctx, "buy", res);
  const ev = res.ok ? parseIoBuybackEvents(res.logs).find((e) => e.name === "lotBought") : undefined;
  if (ev) {
    const d = ev.data as { usdc: BN; ioBurned: BN; rate: BN; supplyAfter: BN };
    ctx.out(`bought ${money(d.usdc, Currency.Usdc)} for ${formatAmount(d.ioBurned, IO_DECIMALS)} IO burned at ${rate(d.rate)}; IO supply now ${formatAmount(d.supplyAfter, IO_DECIMALS)}`);
  }
  return code;
}
