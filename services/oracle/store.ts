/**
 * What the oracle service keeps between runs, behind an interface so a server database can
 * replace the embedded SQLite one (sqlite-store.ts). Methods are async for that reason; the
 * service runs one store per instance (instances never share state or keys).
 */

/** A report as received, with its verdict. Keys are base58, the signature base64. */
export interface ReportRecord {
  job: string;
  node: string;
  hours: number;
  reportedAt: number;
  signature: string;
  receivedAt: number;
  accepted: boolean;
  /** Why it was refused (a stable code such as "bad-signature"), null when accepted. */
  reason: string | null;
}

/** The newest accepted report of a job. */
export interface LatestReport {
  hours: number;
  reportedAt: number;
  signature: string;
}

/** A job this oracle attests: the figure it wants on chain and the one confirmed there. */
export interface AttestationRecord {
  job: string;
  node: string;
  /** Highest accepted cumulative hours. */
  wanted: number;
  /** Highest figure confirmed on chain for this oracle (-1: none yet). */
  posted: number;
  /** The batch in flight carrying this job, if any. */
  batchId: number | null;
  /** Terminal failure (e.g. the job was settled or closed before the figure landed). */
  failed: string | null;
  settled: boolean;
}

export type BatchKind = "attest" | "settle" | "price" | "crank";
export type BatchStatus = "sent" | "confirmed" | "failed" | "expired";

/** One item of a batch: a job and (for attestations) the figure. */
export interface BatchItem {
  job: string;
  hours: number;
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

export interface Store {
  /** Records a report and its verdict; returns its row id. */
  recordReport(r: ReportRecord): Promise<number>;
  latestAccepted(job: string): Promise<LatestReport | null>;
  /** Whether this exact signature was already received for the job (any verdict). */
  seenSignature(job: string, signature: string): Promise<boolean>;
  countReports(accepted: boolean): Promise<number>;
  refusalsByReason(): Promise<Record<string, number>>;

  /** Raises the wanted figure of a job (never lowers it); creates the row on first use. */
  want(job: string, node: string, hours: number): Promise<void>;
  /** Jobs whose wanted figure is above the posted one, not failed, not in flight. */
  pendingAttestations(limit: number): Promise<AttestationRecord[]>;
  getAttestation(job: string): Promise<AttestationRecord | null>;
  /** Marks a job's figure as confirmed on chain (never lowers `posted`) and clears its batch. */
  markPosted(job: string, hours: number): Promise<void>;
  markFailed(job: string, reason: string): Promise<void>;
  /** Jobs with a posted figure and not yet seen settled. */
  unsettled(limit: number): Promise<AttestationRecord[]>;
  markSettled(job: string): Promise<void>;
  countPending(): Promise<number>;

  /** Writes the batch ahead of sending, and ties attest items to it. Returns the id. */
  beginBatch(b: Omit<BatchRecord, "id" | "status" | "error">): Promise<number>;
  finishBatch(id: number, status: Exclude<BatchStatus, "sent">, error?: string): Promise<void>;
  batchesInFlight(): Promise<BatchRecord[]>;
  batches(kind?: BatchKind): Promise<BatchRecord[]>;

  getValue(key: string): Promise<string | null>;
  setValue(key: string, value: string): Promise<void>;
  close(): Promise<void>;
}
