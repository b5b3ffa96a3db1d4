/**
 * The embedded store: one SQLite file through better-sqlite3 in WAL mode.
 *
 * Group commit: the intake's writes (`accept`, `recordReport`) go into one open transaction,
 * the group, which is committed as soon as no fsync is running; the WAL file is then fsynced
 * off the event loop (libuv's thread pool) and `durable` resolves for every report of every group
 * that fsync covered. While one fsync runs the next group fills, so the reports per fsync grow
 * with the load (many reports, one fsync) and the event loop never waits for the disk. SQLite runs
 * with synchronous=NORMAL (its commits write the WAL without syncing it) and the store syncs the
 * WAL itself, so a report whose `durable` resolved survives a crash of the process or the machine,
 * exactly as synchronous=FULL would make it. A group whose COMMIT or fsync fails is rolled back
 * (or not trusted) and every `durable` waiting on it rejects: the intake answers 500, never 202.
 *
 * Every other method first commits an open group (their writes never join the intake's
 * transaction, so a failed group cannot take them with it); `beginBatch`, the write-ahead record
 * of a transaction about to be sent, returns only once it is synced, and the poster's and
 * watcher's reads of jobs wait until the intake's figures they may act on are synced.
 *
 * Every query the service runs on a hot path has an index that matches it (partial indexes on
 * the rows it can return), and finished work is pruned (`prune`), so a long-running instance
 * neither slows down nor grows without bound.
 */
import Database from "better-sqlite3";
import { closeSync, fstatSync, fsync, openSync, statSync } from "fs";
import { performance } from "perf_hooks";
import { Worker } from "worker_threads";
import { AcceptedReport, AttestationRecord, BatchKind, BatchRecord, BatchStatus, JobDone, JobId, LatestReport, PruneResult, ReportRecord, Store } from "./store";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS reports (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  job TEXT NOT NULL, opened_at INTEGER NOT NULL, node TEXT NOT NULL, hours INTEGER NOT NULL, reported_at INTEGER NOT NULL,
  signature TEXT NOT NULL, received_at INTEGER NOT NULL, accepted INTEGER NOT NULL, reason TEXT, raised INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS reports_accepted ON reports (job, reported_at, opened_at) WHERE accepted = 1;
CREATE INDEX IF NOT EXISTS reports_received ON reports (received_at);
CREATE TABLE IF NOT EXISTS jobs (
  job TEXT NOT NULL, opened_at INTEGER NOT NULL, node TEXT NOT NULL,
  wanted INTEGER NOT NULL, posted INTEGER NOT NULL DEFAULT -1, attested INTEGER NOT NULL DEFAULT 0,
  batch_id INTEGER, failed TEXT, done TEXT, seen_slot INTEGER NOT NULL DEFAULT 0,
  post_tries INTEGER NOT NULL DEFAULT 0, next_post INTEGER NOT NULL DEFAULT 0,
  check_tries INTEGER NOT NULL DEFAULT 0, next_check INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (job, opened_at)
);
CREATE INDEX IF NOT EXISTS jobs_unposted ON jobs (next_post) WHERE wanted > posted AND failed IS NULL AND done IS NULL;
CREATE INDEX IF NOT EXISTS jobs_watch ON jobs (next_check) WHERE attested = 1 AND done IS NULL;
CREATE INDEX IF NOT EXISTS jobs_done ON jobs (updated_at) WHERE done IS NOT NULL;
CREATE INDEX IF NOT EXISTS jobs_batch ON jobs (batch_id) WHERE batch_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS batches (
  id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, signature TEXT NOT NULL UNIQUE, wire TEXT NOT NULL,
  last_valid_block_height INTEGER NOT NULL, items TEXT NOT NULL, status TEXT NOT NULL,
  created_at INTEGER NOT NULL, error TEXT
);
CREATE INDEX IF NOT EXISTS batches_sent ON batches (id) WHERE status = 'sent';
CREATE INDEX IF NOT EXISTS batches_kind ON batches (kind, id);
CREATE INDEX IF NOT EXISTS batches_finished ON batches (created_at) WHERE status <> 'sent';
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/**
 * SQLite's page cache (KiB; its default is 2 MiB). The intake touches, per report, the leaf page
 * of its job in reports_accepted and its job's row: with thousands of live jobs those pages
 * outgrow 2 MiB and every report would read them back from the OS. Bounded: at most this much.
 */
const PAGE_CACHE_KIB = 64 * 1024;

interface JobRow {
  job: string;
  opened_at: number;
  node: string;
  wanted: number;
  posted: number;
  attested: number;
  batch_id: number | null;
  failed: string | null;
  done: JobDone | null;
  seen_slot: number;
  post_tries: number;
  next_post: number;
  check_tries: number;
  next_check: number;
}

interface BatchRow {
  id: number;
  kind: BatchKind;
  signature: string;
  wire: string;
  last_valid_block_height: number;
  items: string;
  status: BatchStatus;
  created_at: number;
  error: string | null;
}

const attestation = (r: JobRow): AttestationRecord => ({
  job: r.job,
  openedAt: r.opened_at,
  node: r.node,
  wanted: r.wanted,
  posted: r.posted,
  attested: r.attested !== 0,
  batchId: r.batch_id,
  failed: r.failed,
  done: r.done,
  seenSlot: r.seen_slot,
  postTries: r.post_tries,
  nextPost: r.next_post,
  checkTries: r.check_tries,
  nextCheck: r.next_check,
});

const batch = (r: BatchRow): BatchRecord => ({
  id: r.id,
  kind: r.kind,
  signature: r.signature,
  wire: r.wire,
  lastValidBlockHeight: r.last_valid_block_height,
  items: JSON.parse(r.items) as BatchRecord["items"],
  status: r.status,
  createdAt: r.created_at,
  error: r.error,
});

const nowSeconds = () => Math.floor(Date.now() / 1000);

export interface SqliteStoreOptions {
  /**
   * Test hook (fault injection): called before each group's COMMIT; if it throws, the group is
   * rolled back and every report in it is answered 500.
   */
  beforeGroupCommit?: () => void;
  /** How the WAL file is synced (default `fs.fsync`, on libuv's thread pool); a hook for tests. */
  sync?: (fd: number, done: (err: Error | null) => void) => void;
}

/**
 * The checkpointer: a second connection on a worker thread that copies the WAL into the database
 * (PRAGMA wal_checkpoint(PASSIVE), which never blocks the writer) every `CHECKPOINT_MS`. SQLite's
 * own automatic checkpoint would run inside a COMMIT on the event loop, with two fsyncs.
 */
const CHECKPOINT_MS = 500;
const CHECKPOINTER = `
const { parentPort, workerData } = require("worker_threads");
const Database = require(workerData.module);
const db = new Database(workerData.path);
db.pragma("busy_timeout = 5000");
// Its OS thread id (Linux), for per-thread CPU accounting (bench/service.ts).
try { parentPort.postMessage({ tid: Number(require("fs").readlinkSync("/proc/thread-self").split("/").pop()) }); } catch {}
const timer = setInterval(() => {
  try { db.pragma("wal_checkpoint(PASSIVE)"); } catch (e) { parentPort.postMessage({ error: String(e) }); }
}, workerData.everyMs);
parentPort.on("message", () => {
  clearInterval(timer);
  try { db.close(); } finally { parentPort.close(); }
});
`;

interface SyncWaiter {
  /** The commit this waiter needs synced. */
  seq: number;
  resolve: () => void;
}

/** A commit or fsync failed since the caller's mark: what it read or wrote may not be on disk. */
export class StoreNotDurable extends Error {}

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly stmt: Record<string, Database.Statement>;
  /** The WAL file (null: no file, ":memory:"), fsynced by the store itself. */
  private readonly walPath: string | null;
  private walFd: number | null = null;
  /** An open intake transaction (BEGIN issued, not yet committed). */
  private grouping = false;
  /** Intake writes in the open group. */
  private groupWrites = 0;
  /** Commits made (groups and other writes, failed groups included) and commits covered by a finished fsync. */
  private committed = 0;
  private synced = 0;
  private syncing = false;
  private cycleScheduled = false;
  /** Groups or fsyncs that failed: the epoch `mark` hands out. */
  private failures = 0;
  private waiters: SyncWaiter[] = [];
  private closed = false;
  private checkpointer: Worker | null = null;
  /** The checkpointer's OS thread id once it has said it (Linux; for per-thread CPU accounting). */
  checkpointerTid: number | null = null;
  /** Groups committed, the intake writes in them and the largest, fsyncs, and the time spent in COMMIT and in fsync (for the bench and tests). */
  readonly groupStats = { groups: 0, writes: 0, largest: 0, fsyncs: 0, commitMs: 0, syncMs: 0 };

  /** `path`: a file, or ":memory:" for tests. */
  constructor(
    path: string,
    private readonly opts: SqliteStoreOptions = {},
  ) {
    this.db = new Database(path);
    const mode = String(this.db.pragma("journal_mode = WAL", { simple: true }));
    // WAL commits are written (surviving a process crash) without a sync; the store syncs the WAL
    // before anything counts as durable. Without a WAL file (":memory:") there is nothing to sync.
    this.walPath = mode === "wal" ? `${this.db.name}-wal` : null;
    this.db.pragma(this.walPath ? "synchronous = NORMAL" : "synchronous = FULL");
    const old = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attestations'").get();
    if (old !== undefined) {
      this.db.close();
      throw new Error(`${path}: a store of an older oracle service (jobs keyed by address alone); let it finish its jobs or move it aside and start with a new file`);
    }
    this.db.exec(SCHEMA);
    // A store of the previous version kept two indexes of accepted reports (by job identity and
    // time, by job and signature), each insert dirtying a page of both; reports_accepted serves both lookups.
    this.db.exec("DROP INDEX IF EXISTS reports_latest; DROP INDEX IF EXISTS reports_accepted_sig;");
    this.db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    if (this.walPath) {
      // Checkpoints off the event loop (a WAL left over from a crash was recovered on open).
      this.db.pragma("wal_autocheckpoint = 0");
      this.db.pragma("journal_size_limit = 67108864");
      this.checkpointer = new Worker(CHECKPOINTER, { eval: true, workerData: { module: require.resolve("better-sqlite3"), path: this.db.name, everyMs: CHECKPOINT_MS } });
      this.checkpointer.unref();
      this.checkpointer.on("message", (m: { tid?: number; error?: string }) => {
        if (typeof m.tid === "number") this.checkpointerTid = m.tid;
      });
      this.checkpointer.on("error", () => {
        // Without the worker, SQLite checkpoints on the event loop again.
        this.checkpointer = null;
        if (!this.closed) this.db.pragma("wal_autocheckpoint = 1000");
      });
    }
    const p = (sql: string) => this.db.prepare(sql);
    this.stmt = {
      insertReport: p("INSERT INTO reports (job, opened_at, node, hours, reported_at, signature, received_at, accepted, reason, raised) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
      wantedOf: p("SELECT wanted FROM jobs WHERE job = ? AND opened_at = ?"),
      want: p(
        `INSERT INTO jobs (job, opened_at, node, wanted, seen_slot, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (job, opened_at) DO UPDATE SET
           failed = CASE WHEN excluded.wanted > wanted THEN NULL ELSE failed END,
           post_tries = CASE WHEN excluded.wanted > wanted THEN 0 ELSE post_tries END,
           next_post = CASE WHEN excluded.wanted > wanted THEN 0 ELSE next_post END,
           wanted = MAX(wanted, excluded.wanted), seen_slot = MAX(seen_slot, excluded.seen_slot), updated_at = excluded.updated_at`,
      ),
      acceptedBySig: p("SELECT id, job, opened_at AS openedAt, node, hours, reported_at AS reportedAt, raised FROM reports WHERE job = ? AND reported_at = ? AND accepted = 1 AND signature = ? LIMIT 1"),
      latest: p("SELECT hours, reported_at AS reportedAt, signature FROM reports WHERE job = ? AND reported_at >= ? AND accepted = 1 AND opened_at = ? ORDER BY reported_at DESC LIMIT 1"),
      pending: p("SELECT * FROM jobs WHERE wanted > posted AND failed IS NULL AND batch_id IS NULL AND done IS NULL AND next_post <= ? ORDER BY next_post LIMIT ?"),
      get: p("SELECT * FROM jobs WHERE job = ? AND opened_at = ?"),
      posted: p("UPDATE jobs SET posted = MAX(posted, ?), attested = 1, batch_id = NULL, post_tries = 0, next_post = 0, seen_slot = MAX(seen_slot, ?), updated_at = ? WHERE job = ? AND opened_at = ?"),
      failed: p("UPDATE jobs SET failed = ?, batch_id = NULL, updated_at = ? WHERE job = ? AND opened_at = ?"),
      deferPost: p("UPDATE jobs SET post_tries = post_tries + 1, next_post = ?, updated_at = ? WHERE job = ? AND opened_at = ?"),
      repost: p("UPDATE jobs SET posted = -1, post_tries = 0, next_post = 0, failed = NULL, updated_at = ? WHERE job = ? AND opened_at = ?"),
      watch: p("SELECT * FROM jobs WHERE attested = 1 AND done IS NULL AND next_check <= ? ORDER BY next_check LIMIT ?"),
      deferCheck: p("UPDATE jobs SET check_tries = CASE WHEN ? THEN check_tries + 1 ELSE 0 END, next_check = ?, seen_slot = MAX(seen_slot, ?) WHERE job = ? AND opened_at = ?"),
      done: p("UPDATE jobs SET done = ?, batch_id = NULL, updated_at = ? WHERE job = ? AND opened_at = ?"),
      countPending: p("SELECT COUNT(*) AS n FROM jobs WHERE wanted > posted AND failed IS NULL AND done IS NULL"),
      inFlight: p("SELECT * FROM batches WHERE status = 'sent' ORDER BY id"),
    };
  }

  /** SQLite's plan for each query the service runs on a hot path (EXPLAIN QUERY PLAN), for tests and diagnosis. */
  queryPlans(): Record<string, string> {
    const hot = ["acceptedBySig", "latest", "pending", "get", "watch", "countPending", "inFlight", "wantedOf"];
    return Object.fromEntries(
      hot.map((name) => {
        const rows = this.db.prepare(`EXPLAIN QUERY PLAN ${this.stmt[name].source}`).all(...Array.from({ length: (this.stmt[name].source.match(/\?/g) ?? []).length }, () => 0)) as { detail: string }[];
        return [name, rows.map((r) => r.detail).join("; ")];
      }),
    );
  }

  // ---- group commit ------------------------------------------------------------------------

  mark(): number {
    return this.failures;
  }

  durable(mark: number): Promise<void> {
    // Everything written so far is in the open group (committed by the next cycle) or committed.
    const seq = this.grouping ? this.committed + 1 : this.committed;
    const check = () => {
      if (this.failures !== mark) throw new StoreNotDurable("the store could not commit or sync this report's group; nothing was promised, retry it");
    };
    if (seq <= this.synced) {
      try {
        check();
        return Promise.resolve();
      } catch (e) {
        return Promise.reject(e);
      }
    }
    this.kick();
    return new Promise<void>((resolve) => this.waiters.push({ seq, resolve })).then(check);
  }

  /** Opens the intake's group if none is open. */
  private group(): void {
    if (this.closed) throw new Error("the store is closed");
    if (!this.grouping) {
      this.db.exec("BEGIN");
      this.grouping = true;
      this.groupWrites = 0;
    }
    this.groupWrites++;
    this.kick();
  }

  /** Commits the open group (its reports become durable with the next fsync). */
  private commitGroup(): void {
    if (!this.grouping) return;
    this.grouping = false;
    this.committed++;
    try {
      this.opts.beforeGroupCommit?.();
      const t = performance.now();
      this.db.exec("COMMIT");
      this.groupStats.commitMs += performance.now() - t;
      this.groupStats.groups++;
      this.groupStats.writes += this.groupWrites;
      this.groupStats.largest = Math.max(this.groupStats.largest, this.groupWrites);
    } catch {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
      this.failures++;
    }
  }

  /** A write in the open group failed: the group is rolled back, and every report judged since its start fails (500). */
  private failGroup(): void {
    if (!this.grouping) return;
    this.grouping = false;
    this.committed++;
    if (this.db.inTransaction) this.db.exec("ROLLBACK");
    this.failures++;
    this.kick();
  }

  /** A write outside the intake's group: the group is committed first, so it never joins it. */
  private outside(): void {
    if (this.closed) throw new Error("the store is closed");
    this.commitGroup();
  }

  /** After a write outside the group: it is covered by the next fsync. */
  private wrote(): void {
    this.committed++;
    this.kick();
  }

  private kick(): void {
    if (this.cycleScheduled || this.syncing) return;
    this.cycleScheduled = true;
    setImmediate(() => {
      this.cycleScheduled = false;
      this.cycle();
    });
  }

  /** Commits the open group (unless an fsync is running: the group keeps filling) and syncs what is committed. */
  private cycle(): void {
    if (this.syncing || this.closed) return;
    this.commitGroup();
    if (this.committed <= this.synced) return;
    const target = this.committed;
    const done = (failed: boolean) => {
      this.syncing = false;
      if (failed) this.failures++;
      this.synced = target;
      const ready = this.waiters.filter((w) => w.seq <= target);
      this.waiters = this.waiters.filter((w) => w.seq > target);
      for (const w of ready) w.resolve();
      if (this.grouping || this.committed > this.synced || this.waiters.length > 0) this.kick();
    };
    const fd = this.wal();
    if (fd === null) return done(false);
    this.syncing = true;
    this.groupStats.fsyncs++;
    const t = performance.now();
    (this.opts.sync ?? fsync)(fd, (err) => {
      this.groupStats.syncMs += performance.now() - t;
      done(err !== null);
    });
  }

  /** The WAL file's descriptor, reopened when SQLite replaced the file. */
  private wal(): number | null {
    if (this.walPath === null) return null;
    try {
      if (this.walFd !== null && fstatSync(this.walFd).ino === statSync(this.walPath).ino) return this.walFd;
      if (this.walFd !== null) closeSync(this.walFd);
      this.walFd = openSync(this.walPath, "r");
      return this.walFd;
    } catch {
      // No WAL file yet (nothing written since it was checkpointed away): nothing to sync.
      return null;
    }
  }

  /** Commits the open group and waits until everything committed is synced (for readers that act on intake figures). */
  private async settled(): Promise<void> {
    this.outside();
    if (this.committed > this.synced) await this.durable(this.failures).catch(() => undefined);
  }

  // ---- reports ---------------------------------------------------------------------------------

  async recordReport(r: ReportRecord): Promise<number> {
    this.group();
    try {
      const res = this.stmt.insertReport.run(r.job, r.openedAt, r.node, r.hours, r.reportedAt, r.signature, r.receivedAt, r.accepted ? 1 : 0, r.reason, r.raised ? 1 : 0);
      return Number(res.lastInsertRowid);
    } catch (e) {
      this.failGroup();
      throw e;
    }
  }

  async accept(r: Omit<ReportRecord, "accepted" | "reason" | "raised">, seenSlot: number): Promise<{ id: number; raised: boolean }> {
    this.group();
    // No savepoint of its own (two statements more per report): the report and its job's figure
    // are in the group's transaction, and a statement that fails fails the whole group (every
    // report judged since is answered 500), so neither is ever kept without the other.
    try {
      const before = this.stmt.wantedOf.get(r.job, r.openedAt) as { wanted: number } | undefined;
      const raised = before === undefined || r.hours > before.wanted;
      // A report that does not raise the figure leaves the job's row as it is (one write less).
      if (raised) this.stmt.want.run(r.job, r.openedAt, r.node, r.hours, seenSlot, nowSeconds());
      const res = this.stmt.insertReport.run(r.job, r.openedAt, r.node, r.hours, r.reportedAt, r.signature, r.receivedAt, 1, null, raised ? 1 : 0);
      return { id: Number(res.lastInsertRowid), raised };
    } catch (e) {
      this.failGroup();
      throw e;
    }
  }

  async acceptedReport(job: string, signature: string, reportedAt: number): Promise<AcceptedReport | null> {
    const row = this.stmt.acceptedBySig.get(job, reportedAt, signature) as (Omit<AcceptedReport, "raised"> & { raised: number }) | undefined;
    return row ? { ...row, raised: row.raised !== 0 } : null;
  }

  async latestAccepted(id: JobId): Promise<LatestReport | null> {
    return (this.stmt.latest.get(id.job, id.openedAt, id.openedAt) as LatestReport | undefined) ?? null;
  }

  async countReports(accepted: boolean): Promise<number> {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM reports WHERE accepted = ?").get(accepted ? 1 : 0) as { n: number }).n;
  }

  async refusalsByReason(): Promise<Record<string, number>> {
    const rows = this.db.prepare("SELECT reason, COUNT(*) AS n FROM reports WHERE accepted = 0 GROUP BY reason").all() as { reason: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.reason, r.n]));
  }

  async want(id: JobId, node: string, hours: number, seenSlot = 0): Promise<void> {
    this.outside();
    this.stmt.want.run(id.job, id.openedAt, node, hours, seenSlot, nowSeconds());
    this.wrote();
  }

  async pendingAttestations(limit: number, nowMs = Date.now()): Promise<AttestationRecord[]> {
    await this.settled();
    return (this.stmt.pending.all(nowMs, limit) as JobRow[]).map(attestation);
  }

  async getAttestation(id: JobId): Promise<AttestationRecord | null> {
    await this.settled();
    const row = this.stmt.get.get(id.job, id.openedAt) as JobRow | undefined;
    return row ? attestation(row) : null;
  }

  async markPosted(id: JobId, hours: number, seenSlot = 0): Promise<void> {
    this.outside();
    this.stmt.posted.run(hours, seenSlot, nowSeconds(), id.job, id.openedAt);
    this.wrote();
  }

  async markFailed(id: JobId, reason: string): Promise<void> {
    this.outside();
    this.stmt.failed.run(reason, nowSeconds(), id.job, id.openedAt);
    this.wrote();
  }

  async deferPost(id: JobId, untilMs: number): Promise<void> {
    this.outside();
    this.stmt.deferPost.run(untilMs, nowSeconds(), id.job, id.openedAt);
    this.wrote();
  }

  async repost(id: JobId): Promise<void> {
    this.outside();
    this.stmt.repost.run(nowSeconds(), id.job, id.openedAt);
    this.wrote();
  }

  async watchList(limit: number, nowMs: number): Promise<AttestationRecord[]> {
    await this.settled();
    return (this.stmt.watch.all(nowMs, limit) as JobRow[]).map(attestation);
  }

  async deferCheck(id: JobId, untilMs: number, seenSlot: number, backoff: boolean): Promise<void> {
    this.outside();
    this.stmt.deferCheck.run(backoff ? 1 : 0, untilMs, seenSlot, id.job, id.openedAt);
    this.wrote();
  }

  async markDone(id: JobId, done: JobDone): Promise<void> {
    this.outside();
    this.stmt.done.run(done, nowSeconds(), id.job, id.openedAt);
    this.wrote();
  }

  async countPending(): Promise<number> {
    return (this.stmt.countPending.get() as { n: number }).n;
  }

  async prune(beforeSeconds: number): Promise<PruneResult> {
    this.outside();
    const tx = this.db.transaction(() => {
      // Reports older than the cutoff, unless their job is still live (its latest accepted report orders the next).
      const reports = this.db
        .prepare("DELETE FROM reports WHERE received_at < ? AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.job = reports.job AND j.opened_at = reports.opened_at AND j.done IS NULL)")
        .run(beforeSeconds).changes;
      const jobs = this.db.prepare("DELETE FROM jobs WHERE done IS NOT NULL AND updated_at < ?").run(beforeSeconds).changes;
      const batches = this.db.prepare("DELETE FROM batches WHERE status <> 'sent' AND created_at < ?").run(beforeSeconds).changes;
      return { reports, jobs, batches };
    });
    const result = tx();
    this.wrote();
    return result;
  }

  async beginBatch(b: Omit<BatchRecord, "id" | "status" | "error">): Promise<number> {
    this.outside();
    const mark = this.failures;
    const tx = this.db.transaction(() => {
      const res = this.db
        .prepare("INSERT INTO batches (kind, signature, wire, last_valid_block_height, items, status, created_at) VALUES (?, ?, ?, ?, ?, 'sent', ?)")
        .run(b.kind, b.signature, b.wire, b.lastValidBlockHeight, JSON.stringify(b.items), b.createdAt);
      const id = Number(res.lastInsertRowid);
      if (b.kind === "attest") {
        const tie = this.db.prepare("UPDATE jobs SET batch_id = ? WHERE job = ? AND opened_at = ?");
        for (const item of b.items) tie.run(id, item.job, item.openedAt ?? 0);
      }
      return id;
    });
    const id = tx();
    this.wrote();
    // Write-ahead: the record must be on disk before the transaction is sent.
    await this.durable(mark);
    return id;
  }

  async finishBatch(id: number, status: Exclude<BatchStatus, "sent">, error?: string): Promise<void> {
    this.outside();
    const tx = this.db.transaction(() => {
      this.db.prepare("UPDATE batches SET status = ?, error = ? WHERE id = ?").run(status, error ?? null, id);
      // Whatever the outcome, its jobs are free to be batched again (posted ones drop out by figure).
      this.db.prepare("UPDATE jobs SET batch_id = NULL WHERE batch_id = ?").run(id);
    });
    tx();
    this.wrote();
  }

  async batchesInFlight(): Promise<BatchRecord[]> {
    return (this.stmt.inFlight.all() as BatchRow[]).map(batch);
  }

  async batches(kind?: BatchKind): Promise<BatchRecord[]> {
    const rows = kind
      ? (this.db.prepare("SELECT * FROM batches WHERE kind = ? ORDER BY id").all(kind) as BatchRow[])
      : (this.db.prepare("SELECT * FROM batches ORDER BY id").all() as BatchRow[]);
    return rows.map(batch);
  }

  async getValue(key: string): Promise<string | null> {
    const row = this.db.prepare("SELECT value FROM kv WHERE key = ?").get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  async setValue(key: string, value: string): Promise<void> {
    this.outside();
    this.db.prepare("INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(key, value);
    this.wrote();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.settled();
    this.closed = true;
    const checkpointer = this.checkpointer;
    if (checkpointer) {
      this.checkpointer = null;
      await new Promise<void>((resolve) => {
        checkpointer.ref(); // keeps the process alive until the worker has closed its connection
        checkpointer.once("exit", () => resolve());
        checkpointer.postMessage("close");
      });
    }
    if (this.walFd !== null) closeSync(this.walFd);
    this.db.close();
  }
}
