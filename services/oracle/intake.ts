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
import { utils } from "@coral-xyz/anchor";
import { KeyObject } from "crypto";
import { decodeJob, decodeNode, DISPUTE_RESOLVED, hoursBegun, JOB_ENDED, JobState, USAGE_REPORT_DOMAIN, USAGE_REPORT_LENGTH, UsageReportDeployment } from "../../sdk/src";
import { LruMap } from "./limits";
import { Metrics } from "./metrics";
import { Store } from "./store";
import { ed25519Key, InlineVerifier, SignatureVerifier } from "./verifier";

/** Accounts read at one slot. */
export interface AccountsAt {
  /** The slot the accounts were read at (0 when the reader cannot tell: the embedded chain is always current). */
  slot: number;
  accounts: (AccountInfo<Buffer> | null)[];
}

/** What the service reads of the chain. */
export interface ChainReader {
  getAccount(pubkey: PublicKey): Promise<AccountInfo<Buffer> | null>;
  /**
   * The chain's clock (unix seconds) at a slot of at least `minContextSlot` (RPC: refused, and
   * retried, by a node behind it; an answer from below it is an error): read at the slot of the
   * accounts it is compared with, it is never older than they are. The embedded chain is always current.
   */
  unixTime(minContextSlot?: number): Promise<number>;
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
  /**
   * How long the chain's clock read for the `future` check is reused (ms); default 0 (read for
   * every report: the embedded chain's clock is moved by its owner). Over RPC the service reuses
   * it for a second, so a report costs no clock read; a reused clock is at most that much behind,
   * which only makes `future` (a transient refusal) stricter by as much.
   */
  clockCacheMs?: number;
  /** Where signatures are checked (default inline, on the event loop; see verifier.ts). */
  verifier?: SignatureVerifier;
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

/** A report as parsed on the intake's hot path: the keys as sent (base58, canonical) and as bytes. */
export interface ParsedReport extends Fields {
  jobBytes: Buffer;
  nodeBytes: Buffer;
  signatureBytes: Buffer;
}

const MAX_U32 = 0xffff_ffff;
/**
 * 64 bytes in canonical base64 (as Buffer.toString("base64") writes them): the character before
 * "==" carries 4 unused bits, which must be zero. Otherwise 16 spellings decode to one signature,
 * and since the store keys replays by the string, a re-spelling posted first would be accepted as
 * a report of its own and turn the worker's genuine report into "replayed".
 */
const SIGNATURE_B64 = /^[A-Za-z0-9+/]{85}[AQgw]==$/;

/**
 * Parses what a worker sent, as sdk `usageReportFromJson` does (the same rules and messages)
 * without building PublicKeys: a base58 string that decodes to exactly 32 bytes is the canonical
 * encoding of those bytes, so the string itself keys the caches and the store.
 */
export function parseReport(value: unknown, keys?: LruMap<string, Buffer>): ParsedReport {
  if (typeof value !== "object" || value === null) throw new Error("a report is a JSON object");
  const v = value as Record<string, unknown>;
  const key = (name: string): [string, Buffer] => {
    const s = v[name];
    if (typeof s !== "string") throw new Error(`${name}: expected a base58 public key`);
    let raw: Buffer | null = keys?.get(s) ?? null;
    if (raw === null) {
      try {
        raw = s.length <= 44 ? Buffer.from(utils.bytes.bs58.decode(s)) : null;
      } catch {
        raw = null;
      }
      if (raw !== null && raw.length === 32) keys?.set(s, raw);
    }
    if (raw === null || raw.length !== 32) throw new Error(`${name}: not a public key: ${s}`);
    return [s, raw];
  };
  const int = (name: string, max: number): number => {
    const n = v[name];
    if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0 || n > max) throw new Error(`${name}: expected an integer in [0, ${max}]`);
    return n;
  };
  const [job, jobBytes] = key("job");
  const [node, nodeBytes] = key("node");
  const hours = int("hours", MAX_U32);
  const reportedAt = int("reportedAt", Number.MAX_SAFE_INTEGER);
  const sig = v.signature;
  if (typeof sig !== "string" || !SIGNATURE_B64.test(sig)) throw new Error("signature: expected 64 bytes in base64");
  return { job, node, hours, reportedAt, signature: sig, jobBytes, nodeBytes, signatureBytes: Buffer.from(sig, "base64") };
}

/** The canonical signed bytes of a parsed report (sdk `usageReportBytes`), from the deployment's precomputed prefix. */
function signedBytes(prefix: Buffer, r: ParsedReport): Buffer {
  const out = Buffer.allocUnsafe(USAGE_REPORT_LENGTH);
  let o = prefix.copy(out, 0);
  o += r.jobBytes.copy(out, o);
  o += r.nodeBytes.copy(out, o);
  o = out.writeUInt32LE(r.hours, o);
  out.writeBigInt64LE(BigInt(r.reportedAt), o);
  return out;
}

/** "io-usage-v2" || genesis hash || program id: the first 75 bytes of every report of `deployment`. */
function deploymentPrefix(d: UsageReportDeployment): Buffer {
  const genesis = Buffer.from(utils.bytes.bs58.decode(d.genesisHash));
  if (genesis.length !== 32) throw new Error(`a genesis hash is 32 bytes in base58, not ${d.genesisHash}`);
  return Buffer.concat([USAGE_REPORT_DOMAIN, genesis, d.programId.toBuffer()]);
}

/** A verdict and whether the store was read or written to reach it (then it waits for durability). */
type Judged = { verdict: Verdict; stored: boolean; count: () => void };

export class Intake {
  private readonly nodes: LruMap<string, Cached<{ deviceId: Buffer; deviceKey: KeyObject } | null>>;
  private readonly jobs: LruMap<string, Cached<JobState | null>>;
  /** The deployment's signed prefix, once learnt (when `opts.deployment` is a function). */
  private prefix: Buffer | null = null;
  /** Per-job queue, so two reports of one job are judged one after the other. */
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly verifier: SignatureVerifier;
  private clock: { value: number; until: number } | null = null;
  /** Decoded keys (base58 decoding costs more than the rest of parsing; workers repeat their node and job). */
  private readonly keys: LruMap<string, Buffer>;

  constructor(
    private readonly chain: ChainReader,
    private readonly store: Store,
    private readonly metrics: Metrics,
    private readonly opts: IntakeOptions,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.nodes = new LruMap(opts.cacheSize ?? DEFAULT_CACHE_SIZE);
    this.jobs = new LruMap(opts.cacheSize ?? DEFAULT_CACHE_SIZE);
    this.verifier = opts.verifier ?? new InlineVerifier();
    this.keys = new LruMap(2 * (opts.cacheSize ?? DEFAULT_CACHE_SIZE));
    if (typeof opts.deployment !== "function") this.prefix = deploymentPrefix(opts.deployment);
  }

  /** The signed prefix of this deployment's reports, learnt once. */
  private async deployment(): Promise<Buffer> {
    if (this.prefix) return this.prefix;
    if (typeof this.opts.deployment !== "function") throw new Error("unreachable");
    this.prefix = deploymentPrefix(await this.opts.deployment());
    return this.prefix;
  }

  /** Entries in the node and job caches (bounded by `cacheSize`). */
  cacheSizes(): { nodes: number; jobs: number; keys: number } {
    return { nodes: this.nodes.size, jobs: this.jobs.size, keys: this.keys.size };
  }

  /**
   * Judges a request body (already parsed JSON). A verdict that read or wrote the store is
   * returned only once what it rests on is durable (group commit: `Store.durable`); if the store
   * could not commit or sync it, this throws (the HTTP layer answers 500, never 202).
   */
  async submit(body: unknown): Promise<Verdict> {
    let report: ParsedReport;
    try {
      report = parseReport(body, this.keys);
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      this.metrics.refused("malformed");
      return { accepted: false, id: null, reason: "malformed", detail };
    }
    // Taken before any read of the store: a failed commit since then fails this report too.
    const mark = this.store.mark?.() ?? 0;
    const job = report.job;
    const previous = this.locks.get(job) ?? Promise.resolve();
    // The lock covers judging and writing, not the wait for the disk: the job's next report is
    // judged against this one (in the same group) while its fsync runs.
    const run = previous.then(
      () => this.judge(report),
      () => this.judge(report),
    );
    this.locks.set(job, run);
    let judged: Judged;
    try {
      judged = await run;
    } finally {
      if (this.locks.get(job) === run) this.locks.delete(job);
    }
    if (judged.stored) await this.store.durable?.(mark);
    judged.count();
    return judged.verdict;
  }

  private async judge(r: ParsedReport): Promise<Judged> {
    const fields: Fields = { job: r.job, node: r.node, hours: r.hours, reportedAt: r.reportedAt, signature: r.signature };
    let openedAt = 0;
    try {
      const node = await this.node(r.node, r.nodeBytes);
      if (!node) throw new Refusal("unknown-node", `no io_jobs node at ${fields.node}`);
      const message = signedBytes(await this.deployment(), r);
      if (!(await this.verifier.verify(message, r.signatureBytes, node.deviceId, node.deviceKey))) {
        throw new Refusal("bad-signature", "the signature is not the node's device key's over this report for this cluster and program");
      }
      // Signed by the device. An exact copy of an accepted report gets its answer again.
      const seen = await this.store.acceptedReport(fields.job, fields.signature, r.reportedAt);
      if (seen && seen.node === fields.node && seen.hours === r.hours && seen.reportedAt === r.reportedAt) {
        return {
          verdict: { accepted: true, id: seen.id, job: fields.job, hours: seen.hours, raised: seen.raised },
          stored: true,
          count: () => this.metrics.reportsDuplicate++,
        };
      }
      // The figures, against the job: cached, unless the report would raise the job's figure.
      let job = await this.job(r.job, r.jobBytes, false);
      openedAt = job.value?.openedAt.toNumber() ?? 0;
      let latest = await this.check(r, job.value);
      if (job.cached && (latest === null || r.hours > latest.hours)) {
        job = await this.job(r.job, r.jobBytes, true);
        openedAt = job.value?.openedAt.toNumber() ?? 0;
        latest = await this.check(r, job.value);
      }
      const { id, raised } = await this.store.accept({ ...fields, openedAt, receivedAt: Math.floor(this.now() / 1000) }, job.slot);
      return { verdict: { accepted: true, id, job: fields.job, hours: r.hours, raised }, stored: true, count: () => this.metrics.reportsAccepted++ };
    } catch (e) {
      if (e instanceof Refusal) return this.refuse(fields, openedAt, e.reason, e.message);
      throw e;
    }
  }

  /** The chain's clock (reused `clockCacheMs`). */
  private async chainNow(): Promise<number> {
    const ttl = this.opts.clockCacheMs ?? 0;
    const at = this.now();
    if (ttl > 0 && this.clock && this.clock.until > at) return this.clock.value;
    const value = await this.chain.unixTime();
    if (ttl > 0) this.clock = { value, until: at + ttl };
    return value;
  }

  /** Throws the refusal the report earns against `job`; otherwise returns the job's latest accepted report. */
  private async check(r: ParsedReport, job: JobState | null): Promise<{ hours: number; reportedAt: number } | null> {
    if (!job) throw new Refusal("unknown-job", `no open io_jobs job at ${r.job}`);
    if (!job.node.toBuffer().equals(r.nodeBytes)) throw new Refusal("wrong-node", `the job runs on ${job.node.toBase58()}, not ${r.node}`);
    if (job.dispute === DISPUTE_RESOLVED) throw new Refusal("final", "the job's usage was settled by dispute resolution");
    if (r.hours > job.hours) throw new Refusal("over-limit", `${r.hours} hours reported, ${job.hours} paid`);
    const chainNow = await this.chainNow();
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
    const latest = await this.store.latestAccepted({ job: r.job, openedAt: opened });
    if (latest) {
      if (r.hours < latest.hours) throw new Refusal("decreasing", `${r.hours} hours after ${latest.hours} were reported`);
      if (r.reportedAt <= latest.reportedAt) throw new Refusal("replayed", `reported at ${r.reportedAt}, not after the last accepted report (${latest.reportedAt})`);
    }
    return latest;
  }

  private async refuse(fields: Fields, openedAt: number, reason: RefusalReason, detail: string): Promise<Judged> {
    const stored = !UNAUTHENTICATED.has(reason);
    const id = stored ? await this.store.recordReport({ ...fields, openedAt, receivedAt: Math.floor(this.now() / 1000), accepted: false, reason, raised: false }) : null;
    return { verdict: { accepted: false, id, reason, detail }, stored, count: () => this.metrics.refused(reason) };
  }

  private async node(key: string, raw: Buffer): Promise<{ deviceId: Buffer; deviceKey: KeyObject } | null> {
    const decode = (info: AccountInfo<Buffer>) => {
      const deviceId = Buffer.from(decodeNode(info).deviceId);
      return { deviceId, deviceKey: ed25519Key(deviceId) };
    };
    const { value } = await this.cached(this.nodes, key, raw, false, decode, this.opts.negativeCacheMs ?? DEFAULT_NEGATIVE_CACHE_MS);
    return value;
  }

  private async job(key: string, raw: Buffer, fresh: boolean): Promise<{ value: JobState | null; slot: number; cached: boolean }> {
    return this.cached(this.jobs, key, raw, fresh, (info) => decodeJob(info), this.opts.cacheTtlMs);
  }

  /** A cached read: found accounts kept `cacheTtlMs`, absent ones `absentTtlMs`; `fresh` reads past the cache. */
  private async cached<T>(
    cache: LruMap<string, Cached<T | null>>,
    k: string,
    raw: Buffer,
    fresh: boolean,
    decode: (info: AccountInfo<Buffer>) => T,
    absentTtlMs: number,
  ): Promise<{ value: T | null; slot: number; cached: boolean }> {
    const hit = cache.get(k);
    const now = this.now();
    if (!fresh && hit && hit.until > now) return { value: hit.value, slot: hit.slot, cached: true };
    const key = new PublicKey(raw);
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
