/**
 * Intake: checks a worker's signed usage report against the chain and the store, records the
 * verdict, and raises the job's wanted figure when accepted. Nothing here sends a transaction.
 *
 * A report is accepted when: its signature is the node's device key (node.deviceId) over the
 * report bound to this deployment (cluster genesis hash and io_jobs program id); the job exists,
 * is open or ended but not settled, and runs on that node; hours never exceed the paid hours nor
 * the hours begun between the job's opening and min(report time, the job's end); it is newer than
 * the job's last accepted report and not lower than it; and it is not from the future.
 *
 * Only accepted reports are remembered as seen: a copy of a worker's report that was refused
 * (posted first with another node, or judged while the chain's clock or the RPC lagged) never
 * blocks the genuine one, and an exact copy of an accepted report gets that report's answer.
 * State is keyed by the job's identity (address and opening time), since io_jobs reuses a
 * settled job's address. Refusals of reports not shown to come from the node's device key
 * (UNAUTHENTICATED) are counted but not stored; node and job accounts are cached in bounded LRU
 * maps, an address that is not a node for `negativeCacheMs`.
 */
import { AccountInfo, PublicKey } from "@solana/web3.js";
import { KeyObject } from "crypto";
import {
  decodeJob,
  decodeNode,
  devicePublicKey,
  DISPUTE_RESOLVED,
  hoursBegun,
  JOB_ENDED,
  JobState,
  SignedUsageReport,
  UsageReportDeployment,
  usageReportFromJson,
  verifyUsageReport,
} from "../../sdk/src";
import { LruMap } from "./limits";
import { Metrics } from "./metrics";
import { Store } from "./store";

/** Accounts read at one slot. */
export interface AccountsAt {
  /** The slot the accounts were read at (0 when the reader cannot tell: the embedded chain is always current). */
  slot: number;
  accounts: (AccountInfo<Buffer> | null)[];
}

/** What the service reads of the chain. */
export interface ChainReader {
  getAccount(pubkey: PublicKey): Promise<AccountInfo<Buffer> | null>;
  unixTime(): Promise<number>;
  /**
   * Several accounts in one call at one slot of at least `minContextSlot` (RPC:
   * getMultipleAccountsInfo with minContextSlot, which a lagging node refuses instead of answering
   * from the past). Readers without it are read one account at a time (the embedded chain).
   */
  getAccounts?(keys: PublicKey[], minContextSlot?: number): Promise<AccountsAt>;
  /** The cluster's genesis hash (base58); readers without one are the embedded chain. */
  genesisHash?(): Promise<string>;
}

/** The most accounts one getMultipleAccountsInfo call takes. */
export const MAX_MULTIPLE_ACCOUNTS = 100;

/** `keys` read in calls of at most 100, each at a slot of at least `minContextSlot`; the slot returned is the lowest of the calls. */
export async function readAccounts(chain: ChainReader, keys: PublicKey[], minContextSlot = 0): Promise<AccountsAt> {
  if (!chain.getAccounts) return { slot: 0, accounts: await Promise.all(keys.map((k) => chain.getAccount(k))) };
  const accounts: (AccountInfo<Buffer> | null)[] = [];
  let slot = Number.MAX_SAFE_INTEGER;
  for (let i = 0; i < keys.length; i += MAX_MULTIPLE_ACCOUNTS) {
    const part = await chain.getAccounts(keys.slice(i, i + MAX_MULTIPLE_ACCOUNTS), minContextSlot);
    accounts.push(...part.accounts);
    slot = Math.min(slot, part.slot);
  }
  return { slot: keys.length === 0 ? 0 : slot, accounts };
}

export type RefusalReason =
  | "malformed"
  | "bad-signature"
  | "unknown-node"
  | "unknown-job"
  | "wrong-node"
  | "over-limit"
  | "implausible"
  | "ended"
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
  ended: 409,
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
  /** How long node and job accounts are cached (ms); 0 reads every time. A report that would raise a job's figure always reads the job afresh. */
  cacheTtlMs: number;
  /**
   * The deployment reports must be signed for, or how to learn it (over RPC: once the cluster's
   * genesis hash can be read; until then a report gets 500 and is not recorded, like any report
   * judged while the RPC is down).
   */
  deployment: UsageReportDeployment | (() => Promise<UsageReportDeployment>);
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
  constructor(
    readonly reason: RefusalReason,
    detail: string,
  ) {
    super(detail);
  }
}

interface Cached<T> {
  value: T;
  slot: number;
  until: number;
}

type Fields = { job: string; node: string; hours: number; reportedAt: number; signature: string };

export class Intake {
  private readonly nodes: LruMap<string, Cached<{ deviceKey: KeyObject } | null>>;
  private readonly jobs: LruMap<string, Cached<JobState | null>>;
  /** The deployment, once learnt (when `opts.deployment` is a function). */
  private known: UsageReportDeployment | null = null;
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

  /** The deployment reports are signed for, learnt once. */
  private async deployment(): Promise<UsageReportDeployment> {
    if (typeof this.opts.deployment !== "function") return this.opts.deployment;
    this.known ??= await this.opts.deployment();
    return this.known;
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
      return this.refuse({ job: "", node: "", hours: 0, reportedAt: 0, signature: "" }, 0, "malformed", detail);
    }
    const job = report.job.toBase58();
    const previous = this.locks.get(job) ?? Promise.resolve();
    const run = previous.then(
      () => this.judge(report),
      () => this.judge(report),
    );
    this.locks.set(job, run);
    try {
      return await run;
    } finally {
      if (this.locks.get(job) === run) this.locks.delete(job);
    }
  }

  private async judge(r: SignedUsageReport): Promise<Verdict> {
    const fields: Fields = { job: r.job.toBase58(), node: r.node.toBase58(), hours: r.hours, reportedAt: r.reportedAt, signature: r.signature.toString("base64") };
    let openedAt = 0;
    try {
      const node = await this.node(r.node);
      if (!node) throw new Refusal("unknown-node", `no io_jobs node at ${fields.node}`);
      if (!verifyUsageReport(r, r.signature, node.deviceKey, await this.deployment())) throw new Refusal("bad-signature", "the signature is not the node's device key's over this report for this cluster and program");
      // Signed by the device. An exact copy of an accepted report gets its answer again.
      const seen = await this.store.acceptedReport(fields.job, fields.signature);
      if (seen && seen.node === fields.node && seen.hours === r.hours && seen.reportedAt === r.reportedAt) {
        this.metrics.reportsDuplicate++;
        return { accepted: true, id: seen.id, job: fields.job, hours: seen.hours, raised: seen.raised };
      }
      // The figures, against the job: cached, unless the report would raise the job's figure.
      let job = await this.job(r.job, false);
      openedAt = job.value?.openedAt.toNumber() ?? 0;
      await this.check(r, job.value);
      if (job.cached && (await this.raises(r, job.value!))) {
        job = await this.job(r.job, true);
        openedAt = job.value?.openedAt.toNumber() ?? 0;
        await this.check(r, job.value);
      }
      const { id, raised } = await this.store.accept({ ...fields, openedAt, receivedAt: Math.floor(this.now() / 1000) }, job.slot);
      this.metrics.reportsAccepted++;
      return { accepted: true, id, job: fields.job, hours: r.hours, raised };
    } catch (e) {
      if (e instanceof Refusal) return this.refuse(fields, openedAt, e.reason, e.message);
      throw e;
    }
  }

  private async raises(r: SignedUsageReport, job: JobState): Promise<boolean> {
    const latest = await this.store.latestAccepted({ job: r.job.toBase58(), openedAt: job.openedAt.toNumber() });
    return latest === null || r.hours > latest.hours;
  }

  private async check(r: SignedUsageReport, job: JobState | null): Promise<void> {
    if (!job) throw new Refusal("unknown-job", `no open io_jobs job at ${r.job.toBase58()}`);
    if (!job.node.equals(r.node)) throw new Refusal("wrong-node", `the job runs on ${job.node.toBase58()}, not ${r.node.toBase58()}`);
    if (job.dispute === DISPUTE_RESOLVED) throw new Refusal("final", "the job's usage was settled by dispute resolution");
    if (r.hours > job.hours) throw new Refusal("over-limit", `${r.hours} hours reported, ${job.hours} paid`);
    const chainNow = await this.chain.unixTime();
    if (r.reportedAt > chainNow + this.opts.clockSkewSeconds) throw new Refusal("future", `reported at ${r.reportedAt}, the chain's clock is ${chainNow}`);
    const opened = job.openedAt.toNumber();
    if (r.reportedAt < opened) throw new Refusal("implausible", `reported at ${r.reportedAt}, before the job opened at ${opened}`);
    // Hours are billed as started: at most the hours begun between opening and min(report, end)
    // (io_jobs refuses more on chain, UsageExceedsElapsed). A running job's first hour counts as
    // begun from its opening second (the poster waits for the chain's clock to pass it).
    const ended = job.state === JOB_ENDED ? job.endedAt.toNumber() : null;
    const at = ended === null ? r.reportedAt : Math.min(r.reportedAt, ended);
    const begun = hoursBegun(job, at);
    const started = ended === null ? Math.max(begun, 1) : begun;
    if (r.hours > started) {
      if (ended !== null && r.reportedAt > ended) throw new Refusal("ended", `${r.hours} hours reported ${r.reportedAt - ended} s after the job ended, when ${started} had begun`);
      throw new Refusal("implausible", `${r.hours} hours reported, ${started} begun (${r.reportedAt - opened} s after the job opened)`);
    }
    const latest = await this.store.latestAccepted({ job: r.job.toBase58(), openedAt: opened });
    if (latest) {
      if (r.hours < latest.hours) throw new Refusal("decreasing", `${r.hours} hours after ${latest.hours} were reported`);
      if (r.reportedAt <= latest.reportedAt) throw new Refusal("replayed", `reported at ${r.reportedAt}, not after the last accepted report (${latest.reportedAt})`);
    }
  }

  private async refuse(fields: Fields, openedAt: number, reason: RefusalReason, detail: string): Promise<Verdict> {
    const id = UNAUTHENTICATED.has(reason) ? null : await this.store.recordReport({ ...fields, openedAt, receivedAt: Math.floor(this.now() / 1000), accepted: false, reason, raised: false });
    this.metrics.refused(reason);
    return { accepted: false, id, reason, detail };
  }

  private async node(key: PublicKey): Promise<{ deviceKey: KeyObject } | null> {
    const decode = (info: AccountInfo<Buffer>) => {
      const node = decodeNode(info);
      return { deviceKey: devicePublicKey(Uint8Array.from(node.deviceId)) };
    };
    const { value } = await this.cached(this.nodes, key, false, decode, this.opts.negativeCacheMs ?? DEFAULT_NEGATIVE_CACHE_MS);
    return value;
  }

  private async job(key: PublicKey, fresh: boolean): Promise<{ value: JobState | null; slot: number; cached: boolean }> {
    return this.cached(this.jobs, key, fresh, (info) => decodeJob(info), this.opts.cacheTtlMs);
  }

  /** A cached read: found accounts kept `cacheTtlMs`, absent ones `absentTtlMs`; `fresh` reads past the cache. */
  private async cached<T>(
    cache: LruMap<string, Cached<T | null>>,
    key: PublicKey,
    fresh: boolean,
    decode: (info: AccountInfo<Buffer>) => T,
    absentTtlMs: number,
  ): Promise<{ value: T | null; slot: number; cached: boolean }> {
    const k = key.toBase58();
    const hit = cache.get(k);
    const now = this.now();
    if (!fresh && hit && hit.until > now) return { value: hit.value, slot: hit.slot, cached: true };
    // At least the slot this account was last read at: a lagging RPC node cannot answer from before it.
    const read = await readAccounts(this.chain, [key], hit?.slot ?? 0);
    const info = read.accounts[0];
    let value: T | null = null;
    if (info) {
      try {
        value = decode(info);
      } catch {
        value = null; // not an account of that kind
      }
    }
    const ttl = value === null ? absentTtlMs : this.opts.cacheTtlMs;
    if (ttl > 0) cache.set(k, { value, slot: read.slot, until: now + ttl });
    else cache.delete(k);
    return { value, slot: read.slot, cached: false };
  }
}
