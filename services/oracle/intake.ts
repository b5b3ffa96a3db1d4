/**
 * Intake: checks a worker's signed usage report against the chain and the store, records the
 * verdict, and raises the job's wanted figure when accepted. Nothing here sends a transaction.
 *
 * A report is accepted when: its signature is the node's device key (node.deviceId); the job
 * exists, is open or ended but not settled, and runs on that node; hours never exceed the paid
 * hours nor the hours started between the job's opening and the report (or the job's end); it is newer than the job's last accepted
 * report and not lower than it; and it is not from the future.
 */
import { AccountInfo, PublicKey } from "@solana/web3.js";
import { KeyObject } from "crypto";
import { decodeJob, decodeNode, devicePublicKey, DISPUTE_RESOLVED, hoursBegun, JOB_ENDED, JobState, SignedUsageReport, usageReportFromJson, verifyUsageReport } from "../../sdk/src";
import { LruMap } from "./limits";
import { Metrics } from "./metrics";
import { Store } from "./store";

/** What intake reads of the chain. */
export interface ChainReader {
  getAccount(pubkey: PublicKey): Promise<AccountInfo<Buffer> | null>;
  unixTime(): Promise<number>;
}

export type RefusalReason =
  | "malformed"
  | "bad-signature"
  | "unknown-node"
  | "unknown-job"
  | "wrong-node"
  | "over-limit"
  | "implausible"
  | "future"
  | "replayed"
  | "decreasing"
  | "final";

/** The HTTP status of each refusal. */
export const REFUSAL_STATUS: Record<RefusalReason, number> = {
  malformed: 400,
  "bad-signature": 401,
  "unknown-node": 404,
  "unknown-job": 404,
  "wrong-node": 422,
  "over-limit": 422,
  implausible: 422,
  future: 422,
  replayed: 409,
  decreasing: 409,
  final: 409,
};

/**
 * Refusals of reports not shown to come from the node's device key: counted in the metrics but
 * not written to the store, so a flood of junk costs no row (and no fsync).
 */
export const UNAUTHENTICATED: ReadonlySet<RefusalReason> = new Set<RefusalReason>(["malformed", "unknown-node", "bad-signature"]);

export type Verdict =
  | { accepted: true; id: number; job: string; hours: number; /** false when the figure was already wanted */ raised: boolean }
  | { accepted: false; /** null: not recorded (UNAUTHENTICATED) */ id: number | null; reason: RefusalReason; detail: string };

export interface IntakeOptions {
  /** How far in the future (seconds, chain clock) a report's time may be. */
  clockSkewSeconds: number;
  /** How long node and job accounts are cached (ms); 0 reads every time. */
  cacheTtlMs: number;
  /** Most node and most job accounts cached (least recently used evicted); default 10,000 each. */
  cacheSize?: number;
  /**
   * How long an address that is not an io_jobs node is remembered as such (ms), so a flood
   * naming it costs one RPC read; default 10,000 (a node registered meanwhile waits that long).
   */
  negativeCacheMs?: number;
}

export const DEFAULT_CACHE_SIZE = 10_000;
export const DEFAULT_NEGATIVE_CACHE_MS = 10_000;

class Refusal extends Error {
  constructor(readonly reason: RefusalReason, detail: string) {
    super(detail);
  }
}

interface Cached<T> {
  value: T;
  until: number;
}

export class Intake {
  private readonly nodes: LruMap<string, Cached<{ deviceKey: KeyObject } | null>>;
  private readonly jobs: LruMap<string, Cached<JobState | null>>;
  /** Per-job queue, so two reports of one job are judged one after the other. */
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly chain: ChainReader,
    private readonly store: Store,
    private readonly metrics: Metrics,
    private readonly opts: IntakeOptions,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.nodes = new LruMap(opts.cacheSize ?? DEFAULT_CACHE_SIZE);
    this.jobs = new LruMap(opts.cacheSize ?? DEFAULT_CACHE_SIZE);
  }

  /** Entries in the node and job caches (bounded by `cacheSize`). */
  cacheSizes(): { nodes: number; jobs: number } {
    return { nodes: this.nodes.size, jobs: this.jobs.size };
  }

  /** Judges a request body (already parsed JSON). */
  async submit(body: unknown): Promise<Verdict> {
    let report: SignedUsageReport;
    try {
      report = usageReportFromJson(body);
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      return this.refuse({ job: "", node: "", hours: 0, reportedAt: 0, signature: "" }, "malformed", detail);
    }
    const job = report.job.toBase58();
    const previous = this.locks.get(job) ?? Promise.resolve();
    const run = previous.then(() => this.judge(report), () => this.judge(report));
    this.locks.set(job, run);
    try {
      return await run;
    } finally {
      if (this.locks.get(job) === run) this.locks.delete(job);
    }
  }

  private async judge(r: SignedUsageReport): Promise<Verdict> {
    const fields = { job: r.job.toBase58(), node: r.node.toBase58(), hours: r.hours, reportedAt: r.reportedAt, signature: r.signature.toString("base64") };
    try {
      await this.check(r, fields.signature);
    } catch (e) {
      if (e instanceof Refusal) return this.refuse(fields, e.reason, e.message);
      throw e;
    }
    const before = await this.store.getAttestation(fields.job);
    await this.store.want(fields.job, fields.node, r.hours);
    const id = await this.store.recordReport({ ...fields, receivedAt: Math.floor(this.now() / 1000), accepted: true, reason: null });
    this.metrics.reportsAccepted++;
    return { accepted: true, id, job: fields.job, hours: r.hours, raised: before === null || r.hours > before.wanted };
  }

  private async check(r: SignedUsageReport, signature: string): Promise<void> {
    const node = await this.node(r.node);
    if (!node) throw new Refusal("unknown-node", `no io_jobs node at ${r.node.toBase58()}`);
    if (!verifyUsageReport(r, r.signature, node.deviceKey)) throw new Refusal("bad-signature", "the signature is not the node's device key's");
    // Signed by the device: now the figures.
    if (await this.store.seenSignature(r.job.toBase58(), signature)) throw new Refusal("replayed", "this report was already received");
    const job = await this.job(r.job);
    if (!job) throw new Refusal("unknown-job", `no open io_jobs job at ${r.job.toBase58()}`);
    if (!job.node.equals(r.node)) throw new Refusal("wrong-node", `the job runs on ${job.node.toBase58()}, not ${r.node.toBase58()}`);
    if (job.dispute === DISPUTE_RESOLVED) throw new Refusal("final", "the job's usage was settled by dispute resolution");
    if (r.hours > job.hours) throw new Refusal("over-limit", `${r.hours} hours reported, ${job.hours} paid`);
    const chainNow = await this.chain.unixTime();
    if (r.reportedAt > chainNow + this.opts.clockSkewSeconds) throw new Refusal("future", `reported at ${r.reportedAt}, the chain's clock is ${chainNow}`);
    const opened = job.openedAt.toNumber();
    if (r.reportedAt < opened) throw new Refusal("implausible", `reported at ${r.reportedAt}, before the job opened at ${opened}`);
    // Hours are billed as started: at most the hours begun between opening and the report, or
    // the job's end (io_jobs refuses more on chain, UsageExceedsElapsed). A running job's first
    // hour counts as begun from its opening second (the poster waits for the chain's clock to
    // pass it); an ended job's figure can never rise above what began before the end.
    const begun = hoursBegun(job, r.reportedAt);
    const started = job.state === JOB_ENDED ? begun : Math.max(begun, 1);
    if (r.hours > started) {
      const until = job.state === JOB_ENDED ? `the job ended ${job.endedAt.toNumber() - opened} s after it opened` : `${r.reportedAt - opened} s after the job opened`;
      throw new Refusal("implausible", `${r.hours} hours reported, ${started} begun (${until})`);
    }
    const latest = await this.store.latestAccepted(r.job.toBase58());
    if (latest) {
      if (r.hours < latest.hours) throw new Refusal("decreasing", `${r.hours} hours after ${latest.hours} were reported`);
      if (r.reportedAt <= latest.reportedAt) throw new Refusal("replayed", `reported at ${r.reportedAt}, not after the last accepted report (${latest.reportedAt})`);
    }
  }

  private async refuse(fields: { job: string; node: string; hours: number; reportedAt: number; signature: string }, reason: RefusalReason, detail: string): Promise<Verdict> {
    const id = UNAUTHENTICATED.has(reason) ? null : await this.store.recordReport({ ...fields, receivedAt: Math.floor(this.now() / 1000), accepted: false, reason });
    this.metrics.refused(reason);
    return { accepted: false, id, reason, detail };
  }

  private async node(key: PublicKey): Promise<{ deviceKey: KeyObject } | null> {
    const decode = (info: AccountInfo<Buffer>) => {
      const node = decodeNode(info);
      return { deviceKey: devicePublicKey(Uint8Array.from(node.deviceId)) };
    };
    return this.cached(this.nodes, key, decode, this.opts.negativeCacheMs ?? DEFAULT_NEGATIVE_CACHE_MS);
  }

  private async job(key: PublicKey): Promise<JobState | null> {
    return this.cached(this.jobs, key, (info) => decodeJob(info), this.opts.cacheTtlMs);
  }

  /** A cached read: found accounts kept `cacheTtlMs`, absent ones `absentTtlMs`. */
  private async cached<T>(cache: LruMap<string, Cached<T | null>>, key: PublicKey, decode: (info: AccountInfo<Buffer>) => T, absentTtlMs: number): Promise<T | null> {
    const k = key.toBase58();
    const hit = cache.get(k);
    const now = this.now();
    if (hit && hit.until > now) return hit.value;
    const info = await this.chain.getAccount(key);
    let value: T | null = null;
    if (info) {
      try {
        value = decode(info);
      } catch {
        value = null; // not an account of that kind
      }
    }
    const ttl = value === null ? absentTtlMs : this.opts.cacheTtlMs;
    if (ttl > 0) cache.set(k, { value, until: now + ttl });
    else cache.delete(k);
    return value;
  }
}
