import BN from "bn.js";
import { auctionRate, boundRate, buybackUsdcVaultKey, Currency, decodeJobsConfig, incentivesVaultKey, IO_DECIMALS, formatAmount, jobsConfigKey } from "../../sdk/src";
import { Context } from "../context";
import { isoTime, money } from "../jobs";
import { rate, readBuybackConfig, readPrice, usdcBalance } from "../buyback";

/** `io buyback-status`: reads io_buyback's config, vaults and io_oracle's price; sends nothing. */
export async function run(ctx: Context): Promise<number> {
  const c = await readBuybackConfig(ctx.chain);
  const now = await ctx.chain.unixTime();
  const usdc = (b: BN) => money(b, Currency.Usdc);
  const vault = await usdcBalance(ctx.chain, buybackUsdcVaultKey()[0]);
  const incentives = await usdcBalance(ctx.chain, incentivesVaultKey()[0]);
  ctx.out(`io_buyback${c.paused ? " (PAUSED: start_lot and buy refused until the admin unpauses)" : ""}`);
  ctx.out(`  admin ${c.admin.toBase58()}, guardian ${c.guardian.toBase58()}`);
  ctx.out(`  USDC vault ${usdc(vault)}; incentives vault ${usdc(incentives)}`);
  const jobsInfo = await ctx.chain.getAccount(jobsConfigKey()[0]);
  if (jobsInfo) {
    // What io_jobs swept in, against what left (prove_reserves checks the same on chain)
    const j = decodeJobsConfig(jobsInfo);
    const unswept = j.fees[Currency.Usdc].add(j.buyback[Currency.Usdc]).sub(j.sweptFees[Currency.Usdc]).sub(j.sweptBuyback[Currency.Usdc]);
    ctx.out(`  swept in by io_jobs: ${usdc(j.toBuyback)} to the vault (held + sold ${usdc(vault.add(c.usdcSold))}), ${usdc(j.toIncentives)} to incentives (held + spent ${usdc(incentives.add(c.incentivesSpent))})`);
    ctx.out(`  not swept yet: ${usdc(unswept)} in io_jobs' USDC fee vault${unswept.isZero() ? "" : " (anyone: io sweep-usdc-fees)"}`);
  }
  if (c.lotId.isZero()) {
    ctx.out("  no lot yet: anyone may start one (start-lot) once the vault holds USDC");
  } else {
    const live = !c.lotRemaining.isZero();
    ctx.out(`  lot ${c.lotId.toString()}: ${usdc(c.lotRemaining)} left of ${usdc(c.lotSize)}${live ? "" : " (sold)"}`);
    ctx.out(`    started ${isoTime(c.lotStartedAt)} at ${rate(c.startRate)}, floor ${rate(c.floorRate)} from ${isoTime(c.lotEndsAt)}`);
    const price = await readPrice(ctx.chain);
    const auction = auctionRate(c, now);
    const bound = price ? boundRate(price.price, price.confidence, c.confMultiple, c.premiumBps) : null;
    ctx.out(`    now: auction ${rate(auction)}; oracle bound ${bound ? rate(bound) : "none (no conservative price)"}`);
    if (price) {
      const age = now - price.publishTs.toNumber();
      const fresh = age <= c.maxPriceAge;
      ctx.out(`    price $${formatAmount(price.price, 8)} ± ${formatAmount(price.confidence, 8)}, ${age} s old${fresh ? "" : ` (stale: buy refused beyond ${c.maxPriceAge} s)`}`);
      if (bound) ctx.out(`    a buy now pays ${rate(BN.max(auction, bound))}`);
    }
    if (live && now < c.lotEndsAt.toNumber()) ctx.out(`    the next lot may start once this one is sold or at ${isoTime(c.lotEndsAt)}`);
  }
  ctx.out(`  parameters: lots of ${c.lotPeriod} s, next start x${c.multiplierBps / 10_000}, floor x${c.floorBps / 10_000}, min start ${rate(c.minRate)}`);
  ctx.out(`    at most ${usdc(c.maxLot)} per lot and ${usdc(c.maxDaily)} per day (${usdc(c.daySold)} sold in the day from ${isoTime(c.dayStart)})`);
  ctx.out(`    oracle bound: price - ${c.confMultiple} x confidence, + ${c.premiumBps / 100}%; prices at most ${c.maxPriceAge} s old`);
  ctx.out(`  totals: ${usdc(c.usdcSold)} sold for ${formatAmount(c.ioBurned, IO_DECIMALS)} IO burned in ${c.lotsSold.toString()} sold-out lots; incentives spent ${usdc(c.incentivesSpent)}`);
  return 0;
}
