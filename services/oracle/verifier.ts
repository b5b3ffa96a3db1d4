/**
 * ed25519 verification of usage reports, inline or on worker threads.
 *
 * Node verifies about 9,400 ed25519 signatures a second per core; on the event loop that is
 * ~106 µs of every report, the largest single cost of the intake. `WorkerVerifier` moves it to
 * `threads` worker_threads: the event loop packs the verifications asked for in one turn into
 * buffers of at most VERIFY_CHUNK (message || signature || public key, fixed size), transfers
 * each to the least busy worker, and the worker answers one byte per report chunk by chunk, so a
 * report costs the loop a few µs of copying instead, and the loop judges one chunk's reports
 * while the worker verifies the next.
 * Both verifiers answer exactly the same: `crypto.verify` over the same bytes with the same key.
 */
import { createPublicKey, KeyObject, verify } from "crypto";
import { Worker } from "worker_threads";

export interface SignatureVerifier {
  /** Whether `signature` (64 bytes) is the ed25519 signature of `message` by `publicKey` (32 raw bytes, also given as a KeyObject). */
  verify(message: Buffer, signature: Buffer, publicKey: Buffer, key: KeyObject): Promise<boolean>;
  close(): Promise<void>;
}

const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

/** Most signatures in one message to a worker (~3.4 ms of verifying on a free core). */
export const VERIFY_CHUNK = 32;

/** On the event loop. */
export class InlineVerifier implements SignatureVerifier {
  async verify(message: Buffer, signature: Buffer, _publicKey: Buffer, key: KeyObject): Promise<boolean> {
    return signature.length === 64 && verify(null, message, key, signature);
  }

  async close(): Promise<void> {}
}

// The worker: plain JavaScript (evaluated, so it runs the same under ts-node and compiled).
const WORKER_SOURCE = `
const { parentPort } = require("worker_threads");
const { createPublicKey, verify } = require("crypto");
// The worker's OS thread id (Linux), for per-thread CPU accounting (bench/service.ts); null elsewhere.
let tid = null;
try { tid = Number(require("fs").readlinkSync("/proc/thread-self").split("/").pop()); } catch {}
parentPort.postMessage({ tid });
const SPKI = Buffer.from("${SPKI_PREFIX.toString("hex")}", "hex");
const keys = new Map();
function keyOf(raw) {
  const k = raw.toString("latin1");
  let key = keys.get(k);
  if (key === undefined) {
    try { key = createPublicKey({ key: Buffer.concat([SPKI, raw]), format: "der", type: "spki" }); } catch { key = null; }
    if (keys.size >= 10000) keys.clear();
    keys.set(k, key);
  }
  return key;
}
parentPort.on("message", ({ seq, data, lengths }) => {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(lengths.length);
  let o = 0;
  for (let i = 0; i < lengths.length; i++) {
    const n = lengths[i];
    const message = buf.subarray(o, o + n);
    const signature = buf.subarray(o + n, o + n + 64);
    const key = keyOf(buf.subarray(o + n + 64, o + n + 96));
    o += n + 96;
    let ok = false;
    try { ok = key !== null && verify(null, message, key, signature); } catch { ok = false; }
    out[i] = ok ? 1 : 0;
  }
  parentPort.postMessage({ seq, out }, [out.buffer]);
});
`;

interface Job {
  message: Buffer;
  signature: Buffer;
  publicKey: Buffer;
  resolve: (ok: boolean) => void;
  reject: (e: Error) => void;
}

class VerifyWorker {
  readonly worker: Worker;
  /** Batches sent and not answered, by sequence number. */
  readonly inFlight = new Map<number, Job[]>();
  pending = 0;
  /** The worker's OS thread id once it has said it (Linux), null before or elsewhere. */
  tid: number | null = null;

  constructor(onExit: (w: VerifyWorker, e: Error) => void) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true });
    this.worker.unref();
    this.worker.on("message", (m: { seq: number; out: Uint8Array } | { tid: number | null }) => {
      if ("tid" in m) {
        this.tid = m.tid;
        return;
      }
      const { seq, out } = m;
      const jobs = this.inFlight.get(seq);
      if (!jobs) return;
      this.inFlight.delete(seq);
      this.pending -= jobs.length;
      // Idle, the worker does not keep the process alive; busy, it does (a report awaits it).
      if (this.pending === 0) this.worker.unref();
      for (const [i, j] of jobs.entries()) j.resolve(out[i] === 1);
    });
    this.worker.on("error", (e) => onExit(this, e));
    this.worker.on("exit", (code) => onExit(this, new Error(`signature worker exited (${code})`)));
  }

  fail(e: Error): void {
    for (const jobs of this.inFlight.values()) for (const j of jobs) j.reject(e);
    this.inFlight.clear();
    this.pending = 0;
  }
}

/** On `threads` worker threads (a worker that dies fails its reports, which get 500, and is replaced). */
export class WorkerVerifier implements SignatureVerifier {
  private workers: VerifyWorker[];
  private queue: Job[] = [];
  private scheduled = false;
  private seq = 0;
  private closing = false;
  /** Messages sent to the workers (each at most VERIFY_CHUNK signatures), for tests and the bench. */
  messages = 0;

  constructor(readonly threads: number) {
    if (!Number.isInteger(threads) || threads < 1) throw new Error(`verify threads: a positive integer, not ${threads}`);
    this.workers = Array.from({ length: threads }, () => this.spawn());
  }

  private spawn(): VerifyWorker {
    return new VerifyWorker((w, e) => {
      w.fail(e);
      const i = this.workers.indexOf(w);
      if (i >= 0 && !this.closing) this.workers[i] = this.spawn();
    });
  }

  verify(message: Buffer, signature: Buffer, publicKey: Buffer): Promise<boolean> {
    if (signature.length !== 64 || publicKey.length !== 32) return Promise.resolve(false);
    return new Promise((resolve, reject) => {
      this.queue.push({ message, signature, publicKey, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /**
   * Sends what this turn asked for in chunks of at most VERIFY_CHUNK, each to the worker with the
   * least pending. A worker answers chunk by chunk, so the event loop judges the first reports
   * while the worker verifies the next ones: one message for a whole turn (up to 512 reports,
   * ~54 ms of verifying) left the loop idle until all of it was done, and the worker idle while
   * the loop then judged them (the two alternated instead of overlapping).
   */
  private flush(): void {
    this.scheduled = false;
    const queue = this.queue;
    this.queue = [];
    if (this.closing) {
      for (const j of queue) j.reject(new Error("the verifier is closed"));
      return;
    }
    for (let i = 0; i < queue.length; i += VERIFY_CHUNK) {
      const jobs = queue.slice(i, i + VERIFY_CHUNK);
      const size = jobs.reduce((n, j) => n + j.message.length + 96, 0);
      const data = new Uint8Array(size);
      const lengths = new Uint32Array(jobs.length);
      let o = 0;
      for (const [k, j] of jobs.entries()) {
        data.set(j.message, o);
        data.set(j.signature, o + j.message.length);
        data.set(j.publicKey, o + j.message.length + 64);
        o += j.message.length + 96;
        lengths[k] = j.message.length;
      }
      let worker = this.workers[0];
      for (const w of this.workers) if (w.pending < worker.pending) worker = w;
      const seq = this.seq++;
      worker.inFlight.set(seq, jobs);
      if (worker.pending === 0) worker.worker.ref();
      worker.pending += jobs.length;
      this.messages++;
      worker.worker.postMessage({ seq, data, lengths }, [data.buffer]);
    }
  }

  /** The OS thread ids of the workers that have said theirs (for per-thread CPU accounting). */
  threadIds(): number[] {
    return this.workers.map((w) => w.tid).filter((t): t is number => t !== null);
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}

/** `threads` 0: inline; otherwise that many worker threads. */
export function createVerifier(threads: number): SignatureVerifier {
  return threads === 0 ? new InlineVerifier() : new WorkerVerifier(threads);
}

/** The KeyObject of a raw 32-byte ed25519 public key. */
export function ed25519Key(raw: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: "der", type: "spki" });
}
