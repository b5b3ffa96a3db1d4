import BN from "bn.js";
import { decodeOracleConfig, oracleConfigKey, submitPriceInstruction } from "../../sdk/src";
import { JsonPriceSource, PriceQuote, SimulatedPriceSource, usdToUnits } from "../../services/oracle/price-source";
import { Context, report } from "../context";

async function quote(flags: Map<string, string>, now: number): Promise<PriceQuote> {
  if (flags.has("source")) return new JsonPriceSource(flags.get("source")!).quote(now);
  if (flags.has("simulated")) return new SimulatedPriceSource(Number(flags.get("simulated"))).quote(now);
  const price = flags.get("price");
  if (!price) throw new Error("give --price <USD> [--confidence <USD>], --source <file|url> or --simulated <seed>");
  const units = usdToUnits(price);
  return { price: units, confidence: flags.has("confidence") ? usdToUnits(flags.get("confidence")!) : units.divn(1_000), timestamp: now };
}

/** `io submit-price`: the `submit_price` instruction against the current set version. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const info = await ctx.chain.getAccount(oracleConfigKey()[0]);
  if (!info) throw new Error("io_oracle is not initialised on this chain");
  const { setVersion } = decodeOracleConfig(info);
  const q = await quote(flags, await ctx.chain.unixTime());
  const oracle = ctx.signer();
  const ix = submitPriceInstruction({
    oracle: oracle.publicKey,
    setVersion,
    price: q.price,
    confidence: q.confidence,
    timestamp: new BN(q.timestamp),
  });
  return report(ctx, "submit_price", await ctx.chain.sendTransaction([ix], [oracle]));
}
