/**
 * The embedded store: one SQLite file through better-sqlite3 (WAL, synchronous=FULL, so a
 * record written before a send survives a crash right after it).
 */
import Database from "better-sqlite3";
import { AttestationRecord, BatchKind, BatchRecord, BatchStatus, LatestReport, ReportRecord, Store } from "./store";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS reports (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  job TEXT NOT NULL, node TEXT NOT NULL, hours INTEGER NOT NULL, reported_at INTEGER NOT NULL,
  signature TEXT NOT NULL, received_at INTEGER NOT NULL, accepted INTEGER NOT NULL, reason TEXT
);
CREATE INDEX IF NOT EXISTS reports_job ON reports (job, accepted, reported_at);
CREATE INDEX IF NOT EXISTS reports_sig ON reports (job, signature);
CREATE TABLE IF NOT EXISTS attestations (
  job TEXT PRIMARY KEY, node TEXT NOT NULL, wanted INTEGER NOT NULL, posted INTEGER NOT NULL DEFAULT -1,
  batch_id INTEGER, failed TEXT, settled INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS batches (
  id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, signature TEXT NOT NULL UNIQUE, wire TEXT NOT NULL,
  last_valid_block_height INTEGER NOT NULL, items TEXT NOT NULL, status TEXT NOT NULL,
  created_at INTEGER NOT NULL, error TEXT
);
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

interface AttestationRow {
  job: string;
  node: string;
  wanted: number;
  posted: number;
  batch_id: number | null;
  failed: string | null;
  settled: number;
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

const attestation = (r: AttestationRow): AttestationRecord => ({
  job: r.job,
  node: r.node,
  wanted: r.wanted,
  posted: r.posted,
  batchId: r.batch_id,
  failed: r.failed,
  settled: r.settled !== 0,
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

export class SqliteStore implements Store {
  private readonly db: Database.Database;

  /** `path`: a file, or ":memory:" for tests. */
  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL");
    this.db.exec(SCHEMA);
  }

  async recordReport(r: ReportRecord): Promise<number> {
    const res = this.db
      .prepare("INSERT INTO reports (job, node, hours, reported_at, signature, received_at, accepted, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .run(r.job, r.node, r.hours, r.reportedAt, r.signature, r.receivedAt, r.accepted ? 1 : 0, r.reason);
    return Number(res.lastInsertRowid);
  }

  async latestAccepted(job: string): Promise<LatestReport | null> {
    const row = this.db
      .prepare("SELECT hours, reported_at AS reportedAt, signature FROM reports WHERE job = ? AND accepted = 1 ORDER BY reported_at DESC, id DESC LIMIT 1")
      .get(job) as LatestReport | undefined;
    return row ?? null;
  }

  async seenSignature(job: string, signature: string): Promise<boolean> {
    return this.db.prepare("SELECT 1 FROM reports WHERE job = ? AND signature = ? LIMIT 1").get(job, signature) !== undefined;
  }

  async countReports(accepted: boolean): Promise<number> {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM reports WHERE accepted = ?").get(accepted ? 1 : 0) as { n: number }).n;
  }

  async refusalsByReason(): Promise<Record<string, number>> {
    const rows = this.db.prepare("SELECT reason, COUNT(*) AS n FROM reports WHERE accepted = 0 GROUP BY reason").all() as { reason: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.reason, r.n]));
  }

  async want(job: string, node: string, hours: number): Promise<void> {
    this.db
      .prepare("INSERT INTO attestations (job, node, wanted) VALUES (?, ?, ?) ON CONFLICT (job) DO UPDATE SET wanted = MAX(wanted, excluded.wanted)")
      .run(job, node, hours);
  }

  async pendingAttestations(limit: number): Promise<AttestationRecord[]> {
    const rows = this.db
      .prepare("SELECT * FROM attestations WHERE wanted > posted AND failed IS NULL AND batch_id IS NULL ORDER BY rowid LIMIT ?")
      .all(limit) as AttestationRow[];
    return rows.map(attestation);
  }

  async getAttestation(job: string): Promise<AttestationRecord | null> {
    const row = this.db.prepare("SELECT * FROM attestations WHERE job = ?").get(job) as AttestationRow | undefined;
    return row ? attestation(row) : null;
  }

  async markPosted(job: string, hours: number): Promise<void> {
    this.db.prepare("UPDATE attestations SET posted = MAX(posted, ?), batch_id = NULL WHERE job = ?").run(hours, job);
  }

  async markFailed(job: string, reason: string): Promise<void> {
    this.db.prepare("UPDATE attestations SET failed = ?, batch_id = NULL WHERE job = ?").run(reason, job);
  }

  async unsettled(limit: number): Promise<AttestationRecord[]> {
    const rows = this.db.prepare("SELECT * FROM attestations WHERE posted >= 0 AND settled = 0 ORDER BY rowid LIMIT ?").all(limit) as AttestationRow[];
    return rows.map(attestation);
  }

  async markSettled(job: string): Promise<void> {
    this.db.prepare("UPDATE attestations SET settled = 1 WHERE job = ?").run(job);
  }

  async countPending(): Promise<number> {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM attestations WHERE wanted > posted AND failed IS NULL").get() as { n: number }).n;
  }

  async beginBatch(b: Omit<BatchRecord, "id" | "status" | "error">): Promise<number> {
    const tx = this.db.transaction(() => {
      const res = this.db
        .prepare("INSERT INTO batches (kind, signature, wire, last_valid_block_height, items, status, created_at) VALUES (?, ?, ?, ?, ?, 'sent', ?)")
        .run(b.kind, b.signature, b.wire, b.lastValidBlockHeight, JSON.stringify(b.items), b.createdAt);
      const id = Number(res.lastInsertRowid);
      if (b.kind === "attest") {
        const tie = this.db.prepare("UPDATE attestations SET batch_id = ? WHERE job = ?");
        for (const item of b.items) tie.run(id, item.job);
      }
      return id;
    });
    return tx();
  }

  async finishBatch(id: number, status: Exclude<BatchStatus, "sent">, error?: string): Promise<void> {
    const tx = this.db.transaction(() => {
      this.db.prepare("UPDATE batches SET status = ?, error = ? WHERE id = ?").run(status, error ?? null, id);
      // Whatever the outcome, its jobs are free to be batched again (posted ones drop out by figure).
      this.db.prepare("UPDATE attestations SET batch_id = NULL WHERE batch_id = ?").run(id);
    });
    tx();
  }

  async batchesInFlight(): Promise<BatchRecord[]> {
    return (this.db.prepare("SELECT * FROM batches WHERE status = 'sent' ORDER BY id").all() as BatchRow[]).map(batch);
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
    this.db.prepare("INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(key, value);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
