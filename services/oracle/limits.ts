/**
 * Bounded memory under a flood: an LRU map with a size, and per-key token buckets kept in one
 * (so a flood of distinct keys evicts the oldest buckets instead of growing without bound).
 */

/** A Map that keeps at most `capacity` entries, evicting the least recently used. */
export class LruMap<K, V> {
  private readonly map = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`LruMap capacity must be a positive integer, not ${capacity}`);
  }

  get size(): number {
    return this.map.size;
  }

  /** The value, marked most recently used. */
  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, v);
    return v;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.capacity) {
      // A Map iterates in insertion order: the first key is the least recently used.
      this.map.delete(this.map.keys().next().value as K);
    }
  }

  delete(key: K): void {
    this.map.delete(key);
  }
}

export interface BucketOptions {
  /** Tokens added per second. */
  ratePerSecond: number;
  /** Most tokens held (the burst). */
  burst: number;
  /** Most keys tracked; the least recently seen are forgotten (a forgotten key starts full). */
  keys: number;
  /**
   * Most tokens a key may owe (default 1): what it spent beyond its tokens, repaid at the rate
   * before it is admitted again. A key whose one admission can spend many (a batch) owes all of it.
   */
  maxDebt?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets per key. `retryAfterMs` is checked before work is done and `take` charges after
 * it (so only the outcomes that should count spend tokens); concurrent requests of one key may
 * overshoot by at most the requests in flight, which the connection cap bounds.
 */
export class TokenBuckets {
  private readonly buckets: LruMap<string, Bucket>;

  constructor(
    private readonly opts: BucketOptions,
    private readonly now: () => number = () => Date.now(),
  ) {
    if (!(opts.ratePerSecond > 0) || !(opts.burst >= 1)) throw new Error("a token bucket needs a positive rate and a burst of at least 1");
    this.buckets = new LruMap(opts.keys);
  }

  get size(): number {
    return this.buckets.size;
  }

  private refill(key: string): Bucket {
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.opts.burst, at: now };
    b.tokens = Math.min(this.opts.burst, b.tokens + ((now - b.at) / 1000) * this.opts.ratePerSecond);
    b.at = now;
    return b;
  }

  /** 0 when `key` has `needed` tokens (default 1); otherwise the milliseconds until it has. Stores nothing for a full bucket. */
  retryAfterMs(key: string, needed = 1): number {
    const b = this.buckets.get(key);
    if (!b) return needed <= this.opts.burst ? 0 : Math.ceil(((needed - this.opts.burst) / this.opts.ratePerSecond) * 1000);
    const r = this.refill(key);
    this.buckets.set(key, r);
    return r.tokens >= needed ? 0 : Math.ceil(((needed - r.tokens) / this.opts.ratePerSecond) * 1000);
  }

  /** Spends one token of `key` (down to at most `maxDebt` tokens of debt). */
  take(key: string): void {
    const b = this.refill(key);
    b.tokens = Math.max(-(this.opts.maxDebt ?? 1), b.tokens - 1);
    this.buckets.set(key, b);
  }
}
