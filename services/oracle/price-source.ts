/**
 * Where the oracle service gets IO/USD. A source returns a quote in the program's units
 * (USD per IO with 8 decimals, as BN) with its confidence and observation time.
 */
import { readFile } from "fs/promises";
import BN from "bn.js";

export interface PriceQuote {
  /** USD per IO, 8 decimals. */
  price: BN;
  /** Confidence interval half-width, same units. */
  confidence: BN;
  /** Unix seconds of the observation. */
  timestamp: number;
}

export interface PriceSource {
  readonly name: string;
  /** A quote as of `now` (unix seconds). */
  quote(now: number): Promise<PriceQuote>;
}

/** "2.1345" (USD, up to 8 decimals) -> 213450000. */
export function usdToUnits(value: string | number): BN {
  const text = typeof value === "number" ? value.toFixed(8) : value.trim();
  const m = /^(\d+)(?:\.(\d{1,8}))?$/.exec(text);
  if (!m) throw new Error(`not a USD amount with at most 8 decimals: ${text}`);
  return new BN(m[1] + (m[2] ?? "").padEnd(8, "0"));
}

interface JsonQuote {
  price: string | number;
  confidence: string | number;
  timestamp?: number;
}

/**
 * A JSON document `{ "price": "2.1345", "confidence": "0.002", "timestamp": 1800000000 }`
 * read from a local file or an http(s) URL (an exchange adapter or aggregator the operator runs).
 * The timestamp (unix seconds, the source's own observation time) is required: a source that
 * stopped updating must look old, never be stamped "now". The pricer posts nothing older than
 * its maximum age (`priceMaxAgeSeconds`).
 */
export class JsonPriceSource implements PriceSource {
  readonly name: string;
  constructor(private readonly location: string) {
    this.name = `json:${location}`;
  }

  async quote(now: number): Promise<PriceQuote> {
    const text = /^https?:\/\//.test(this.location)
      ? await (async () => {
          const res = await fetch(this.location);
          if (!res.ok) throw new Error(`${this.location}: HTTP ${res.status}`);
          return res.text();
        })()
      : await readFile(this.location, "utf8");
    const doc = JSON.parse(text) as JsonQuote;
    if (doc.price === undefined || doc.confidence === undefined || doc.timestamp === undefined) {
      throw new Error(`${this.location}: expected {"price", "confidence", "timestamp"} (timestamp: the observation's unix seconds)`);
    }
    if (typeof doc.timestamp !== "number" || !Number.isSafeInteger(doc.timestamp) || doc.timestamp <= 0 || doc.timestamp > now + 86_400 * 365) {
      throw new Error(`${this.location}: timestamp must be the observation's unix time in seconds, not ${JSON.stringify(doc.timestamp)}`);
    }
    return { price: usdToUnits(doc.price), confidence: usdToUnits(doc.confidence), timestamp: doc.timestamp };
  }
}

/**
 * A deterministic simulated feed for the embedded main job and tests: a random walk of at most
 * `stepBps` per minute from `start`, a pure function of (seed, minute), so every run and every
 * oracle instance with the same seed sees the same market.
 */
export class SimulatedPriceSource implements PriceSource {
  readonly name = "simulated";
  constructor(
    private readonly seed: number,
    private readonly start = 2.0,
    private readonly stepBps = 5,
    private readonly origin = 1_800_000_000,
  ) {}

  /** xorshift32 of the seed and minute: the step in [-stepBps, +stepBps]. */
  private step(minute: number): number {
    let x = (this.seed ^ Math.imul(minute + 1, 0x9e3779b1)) >>> 0 || 1;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return ((x % (2 * this.stepBps + 1)) - this.stepBps) / 10_000;
  }

  async quote(now: number): Promise<PriceQuote> {
    const minutes = Math.max(0, Math.floor((now - this.origin) / 60));
    let price = this.start;
    for (let m = 0; m < Math.min(minutes, 100_000); m++) price *= 1 + this.step(m);
    const units = new BN(Math.round(price * 1e8));
    return { price: units, confidence: units.divn(1_000), timestamp: now };
  }
}
