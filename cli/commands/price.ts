import { decodeOracleConfig, decodePriceFeed, formatAmount, oracleConfigKey, PRICE_DECIMALS, priceFeedKey } from "../../sdk/src";
import { Context } from "../context";

/** `io price`: io_oracle's feed and set. */
export async function run(ctx: Context): Promise<number> {
  const [configInfo, feedInfo] = await Promise.all([ctx.chain.getAccount(oracleConfigKey()[0]), ctx.chain.getAccount(priceFeedKey()[0])]);
  if (!configInfo || !feedInfo) throw new Error("io_oracle is not initialised on this chain");
  const config = decodeOracleConfig(configInfo);
  const feed = decodePriceFeed(feedInfo);
  const age = (await ctx.chain.unixTime()) - feed.publishTs.toNumber();
  ctx.output.set("feed", { ...feed, ageSeconds: age });
  ctx.output.set("oracleConfig", config);
  const fresh = feed.price.gtn(0) && age <= config.staleness;
  ctx.out(`IO/USD        ${feed.price.gtn(0) ? "$" + formatAmount(feed.price, PRICE_DECIMALS) : "none accepted yet"}`);
  ctx.out(`confidence    $${formatAmount(feed.confidence, PRICE_DECIMALS)}`);
  ctx.out(`published     ${feed.price.gtn(0) ? `${age} s ago (${fresh ? "fresh" : "stale"}, bound ${config.staleness} s)` : "-"}`);
  const health = feed.healthy ? "yes" : feed.price.gtn(0) ? "no (the last agreed price was refused)" : "no (no price yet)";
  ctx.out(`healthy       ${health}`);
  const pct = (bps: number) => `${(bps / 100).toFixed(2)}%`;
  ctx.out(`bounds        a quorum agrees within ${pct(config.agreementBps)}; moves up to ${pct(config.maxMoveBps)}, confidence up to ${pct(config.maxConfBps)}`);
  ctx.out(`oracle set    version ${config.setVersion}, quorum ${config.quorum} of ${config.memberCount}`);
  for (const m of config.members) ctx.out(`  ${m.toBase58()}`);
  return 0;
}
