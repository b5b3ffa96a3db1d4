/**
 * What the oracle service keeps between runs, behind an interface so a server database can
 * replace the embedded SQLite one (sqlite-store.ts). Methods are async for that reason; the
 * service runs one store per instance (instances never share state or keys).
 *
 * A job is identified by its address *and its opening time*: io_jobs frees a job's address
 * (user + nonce) when it settles, so a later job may reuse it; its reports and figures are its
 * own, never the earlier job's.
 */

/** A job's identity: its address (base58) and its `opened_at` (unix seconds). */
export interface JobId {
  job: string;
  openedAt: number;
}

/** A report as received, with its verdict. Keys are base58, the signature base64. */
export interface ReportRecord {
  job: string;
  /** The opening time of the job the report was judged against (0 when no job was read). */
  openedAt: number;
  node: string;
  hours: number;
  reportedAt: number;
  signature: string;
  receivedAt: number;
  accepted: boolean;
  /** Why it was refused (a stable code such as "bad-signature"), null when accepted. */
  reason: string | null;
  /** Accepted and it raised the job's wanted figure. */
  raised: boolean;
}

/** The newest accepted report of a job. */
export interface LatestReport {
  hours: number;
  reportedAt: number;
  signature: string;
}

/** An accepted report, as first answered (an exact duplicate gets the same answer). */
export interface AcceptedReport {
  id: number;
  job: string;
  openedAt: number;
  node: string;
  hours: number;
  reportedAt: number;
  raised: boolean;
}

/** What became of a job this oracle tracks: settled (its account closed), or gone otherwise. */
export type JobDone = "settled" | "closed";

/** A job this oracle attests: the figure it wants on chain and the one confirmed there. */
export interface AttestationRecord extends JobId {
  node: string;
  /** Highest accepted cumulative hours. */
  wanted: number;
  /** Highest figure confirmed on chain for this oracle in the chain's current rounds (-1: none, or the chain no longer holds it). */
  posted: number;
  /** Some figure of ours was confirmed once: the job is watched until it settles. */
  attested: boolean;
  /** The batch in flight carrying this job, if any. */
  batchId: number | null;
  /** Permanent failure (the program can never take the wanted figure); cleared by a higher accepted figure. */
  failed: string | null;
  /** Settled or otherwise gone from the chain; null while live. */
  done: JobDone | null;
  /** The slot the job was last seen at (reads ask for at least that slot: minContextSlot). */
  seenSlot: number;
  /** Posting attempts deferred (backoff) and when the next may run (ms, wall clock). */
  postTries: number;
  nextPost: number;
  /** Watch reads since the last change and when the next is due (ms, wall clock). */
  checkTries: number;
  nextCheck: number;
}

export type BatchKind = "attest" | "settle" | "price" | "crank";
export type BatchStatus = "sent" | "confirmed" | "failed" | "expired";

/** One item of a batch: a job and (for attestations) the figure. Price and crank items carry a time in `hours`. */
export interface BatchItem {
  job: string;
  hours: number;
  /** The job's opening time (attest and settle items). */
  openedAt?: number;
}

/**
 * A write-ahead record of a signed transaction, stored before it is sent: after a crash the
 * signature and its last valid block height tell whether it landed or can never land.
 */
export interface BatchRecord {
  id: number;
  kind: BatchKind;
  signature: string;
  /** The signed transaction (base64), rebroadcast after a restart until it lands or expires. */
  wire: string;
  lastValidBlockHeight: number;
  items: BatchItem[];
  status: BatchStatus;
  createdAt: number;
  error: string | null;
}

export interface PruneResult {
  reports: number;
  jobs: number;
  batches: number;
}

export interface Store {
  /**
   * Group commit. The intake's writes (`accept`, `recordReport`) may return before they are on
   * disk; `durable(mark)` resolves once everything written before the call is on disk, and
   * rejects if any commit or sync failed since `mark()` was taken (what the caller read or wrote
   * since may be lost, so it must answer an error, never a promise). A store whose writes are
   * durable when they return (no group commit) omits both.
   */
  mark?(): number;
  durable?(mark: number): Promise<void>;
  /** Records a refused report; returns its row id. */
  recordReport(r: ReportRecord): Promise<number>;
  /**
   * Records an accepted report and raises its job's wanted figure (never lowers it; creates the
   * job on first use; a raise clears a permanent failure and any posting backoff), in one commit.
   * Returns the report's id and whether it raised the figure.
   */
  accept(r: Omit<ReportRecord, "accepted" | "reason" | "raised">, seenSlot: number): Promise<{ id: number; raised: boolean }>;
  /**
   * The accepted report of `job` with this signature and time, if any (refused ones never count;
   * a signature binds the report's time, so no accepted report has the same signature and
   * another time).
   */
  acceptedReport(job: string, signature: string, reportedAt: number): Promise<AcceptedReport | null>;
  /** The newest accepted report of a job identity (accepted reports are never before their job's opening). */
  latestAccepted(id: JobId): Promise<LatestReport | null>;
  countReports(accepted: boolean): Promise<number>;
  refusalsByReason(): Promise<Record<string, number>>;

  /** Raises the wanted figure of a job (never lowers it); creates the row on first use. */
  want(id: JobId, node: string, hours: number, seenSlot?: number): Promise<void>;
  /** Live jobs whose wanted figure is above the posted one, not failed, not in flight, due by `nowMs`. */
  pendingAttestations(limit: number, nowMs?: number): Promise<AttestationRecord[]>;
  getAttestation(id: JobId): Promise<AttestationRecord | null>;
  /** Marks a job's figure as confirmed on chain (never lowers `posted`) and clears its batch and backoff. */
  markPosted(id: JobId, hours: number, seenSlot?: number): Promise<void>;
  markFailed(id: JobId, reason: string): Promise<void>;
  /** Defers posting a job until `untilMs` (a transient refusal, or hours not begun yet). */
  deferPost(id: JobId, untilMs: number): Promise<void>;
  /** The chain no longer holds this oracle's figure (a dispute round, a new oracle set): post it again. */
  repost(id: JobId): Promise<void>;
  /** Attested, live jobs whose next watch read is due by `nowMs`, the most overdue first. */
  watchList(limit: number, nowMs: number): Promise<AttestationRecord[]>;
  /** Schedules the next watch read; `backoff` counts it as an unchanged look (tries + 1). */
  deferCheck(id: JobId, untilMs: number, seenSlot: number, backoff: boolean): Promise<void>;
  markDone(id: JobId, done: JobDone): Promise<void>;
  countPending(): Promise<number>;
  /** Deletes finished work older than `beforeSeconds` (unix): finished jobs and their reports, refused reports, finished batches. */
  prune(beforeSeconds: number): Promise<PruneResult>;

  /** Writes the batch ahead of sending, and ties attest items to it. Returns the id. */
  beginBatch(b: Omit<BatchRecord, "id" | "status" | "error">): Promise<number>;
  finishBatch(id: number, status: Exclude<BatchStatus, "sent">, error?: string): Promise<void>;
  batchesInFlight(): Promise<BatchRecord[]>;
  batches(kind?: BatchKind): Promise<BatchRecord[]>;

  getValue(key: string): Promise<string | null>;
  setValue(key: string, value: string): Promise<void>;
  close(): Promise<void>;
}
