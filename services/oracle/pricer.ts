/**
 * Posts IO/USD from the price source: one submit_price per interval, signed against the current
 * oracle set version. A quote no newer than the last one posted is not sent again, nor one whose
 * own time is more than `maxAgeSeconds` behind the chain's clock (a dead source). That clock is
 * read at least at the slot of the oracle config read with it, and never before the highest slot
 * (nor below the latest time) the pricer has read, so a node behind cannot make a quote look fresh.
 */
import BN from "bn.js";
import { decodeOracleConfig, oracleConfigKey, submitPriceInstruction } from "../../sdk/src";
import { ChainReader, readAccounts } from "./intake";
import { Logger } from "./log";
import { Metrics } from "./metrics";
import { PriceSource } from "./price-source";
import { Runner, unitLimit } from "./runner";
import { Store } from "./store";

const LAST_PRICE = "price.lastTimestamp";

export class Pricer {
  /** The highest slot this pricer has read at: no later read may answer from before it. */
  private slot = 0;
  /** The latest chain time it has read: a quote's age is never measured from an earlier one. */
  private clock = 0;

  constructor(
    private readonly chain: ChainReader,
    private readonly store: Store,
    private readonly runner: Runner,
    private readonly source: PriceSource,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly maxAgeSeconds = 120,
  ) {
    runner.on("price", async (batch, outcome) => {
      if (outcome.status !== "confirmed") return;
      await this.store.setValue(LAST_PRICE, String(batch.items[0].hours));
      this.metrics.pricesPosted++;
    });
  }

  /** Posts one quote if it is newer than the last posted; returns whether one was confirmed. */
  async tick(): Promise<boolean> {
    // The oracle config, then the clock at least at its slot (and at the highest slot read before):
    // a clock from a node behind, read without a minimum slot, made a quote older than the
    // maximum age look fresh (up to as much as the node lagged).
    const read = await this.runner.retrying("oracle config", () => readAccounts(this.chain, [oracleConfigKey()[0]], this.slot));
    this.slot = Math.max(this.slot, read.slot);
    const info = read.accounts[0];
    this.clock = Math.max(this.clock, await this.runner.retrying("clock", () => this.chain.unixTime(this.slot)));
    const now = this.clock;
    const quote = await this.source.quote(now);
    const last = Number((await this.store.getValue(LAST_PRICE)) ?? "0");
    if (quote.timestamp <= last) return false;
    if (now - quote.timestamp > this.maxAgeSeconds) {
      this.metrics.staleQuotes++;
      this.log.log("error", "price quote too old; not posted", { source: this.source.name, quoteTime: quote.timestamp, chainTime: now, maxAgeSeconds: this.maxAgeSeconds });
      return false;
    }
    if (!info) return false;
    const { setVersion } = decodeOracleConfig(info);
    const ix = submitPriceInstruction({ oracle: this.runner.signer.publicKey, setVersion, price: quote.price, confidence: quote.confidence, timestamp: new BN(quote.timestamp) });
    const sim = await this.runner.simulate([ix]);
    if (!sim.ok) {
      this.log.log("warn", "price refused in simulation", { source: this.source.name, error: sim.programError?.name ?? sim.error });
      return false;
    }
    // The item records the quote's time, so a restart knows it was posted.
    const outcome = await this.runner.run("price", [{ job: "price", hours: quote.timestamp }], [ix], unitLimit(sim.units));
    return outcome?.status === "confirmed";
  }
}
