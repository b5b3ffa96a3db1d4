/**
 * Runs one batch to a final outcome, restart-safe: the signed transaction is written to the
 * store before it is sent, then (re)broadcast until its signature is confirmed, fails, or its
 * blockhash expires (block height past its last valid one, after which it can never land).
 * After a crash, `recover` finishes every batch left in flight the same way, so nothing is
 * rebuilt (and double-posted) while an earlier copy could still land.
 */
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import { CrashPoint, CrashWhere } from "./faults";
import { errorText, Logger } from "./log";
import { Metrics } from "./metrics";
import { PreflightFailure, Simulation, TxSender } from "./sender";
import { BatchItem, BatchKind, BatchRecord, Store } from "./store";

export type BatchOutcome = { status: "confirmed"; signature: string } | { status: "failed"; error: string } | { status: "expired" };

/** Called when a batch reaches its outcome (also for batches recovered after a restart). */
export type OnOutcome = (batch: Pick<BatchRecord, "kind" | "items" | "signature">, outcome: BatchOutcome) => Promise<void>;

export interface RunnerOptions {
  /** Poll interval while waiting for confirmation (ms). */
  pollMs: number;
  /** Base of the exponential backoff after RPC errors (ms). */
  backoffMs: number;
  /** Test-only (faults.ts, IO_ORACLE_CRASH_AT): where the process kills itself; absent in service. */
  crashAt?: CrashPoint | null;
  /** The priority fee: a fixed compute-unit price, or estimated from recent fees (default: fixed 0). */
  priorityFee?: PriorityFee;
}

/**
 * The compute-unit price (micro-lamports per unit) of every transaction: `fixed`, or `auto`:
 * the given percentile of the fees recently paid by transactions writing the same accounts
 * (RPC getRecentPrioritizationFees), at least `min` and at most `max`.
 */
export type PriorityFee = { kind: "fixed"; microLamports: number } | { kind: "auto"; percentile: number; min: number; max: number };

/** The `percentile` (0-100) of `fees`, 0 when there are none. */
export function percentileFee(fees: number[], percentile: number): number {
  if (fees.length === 0) return 0;
  const sorted = [...fees].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((percentile / 100) * sorted.length) - 1));
  return sorted[i];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Runner {
  private readonly handlers = new Map<BatchKind, OnOutcome>();

  constructor(
    readonly sender: TxSender,
    readonly signer: Keypair,
    private readonly store: Store,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly opts: RunnerOptions,
  ) {}

  /** A crash point (faults.ts): nothing unless IO_ORACLE_CRASH_AT armed one. */
  reached(kind: BatchKind, where: CrashWhere): void {
    if (this.opts.crashAt) this.opts.crashAt.reached(kind, where);
  }

  on(kind: BatchKind, handler: OnOutcome): void {
    this.handlers.set(kind, handler);
  }

  /** Retries `fn` on thrown (RPC/transport) errors with exponential backoff. */
  async retrying<T>(what: string, fn: () => Promise<T>, attempts = 5): Promise<T> {
    for (let i = 0; ; i++) {
      try {
        return await fn();
      } catch (e) {
        this.metrics.rpcErrors++;
        if (i + 1 >= attempts) throw e;
        const wait = this.opts.backoffMs * 2 ** i;
        this.log.log("warn", "rpc error, retrying", { what, attempt: i + 1, waitMs: wait, error: errorText(e) });
        await sleep(wait);
      }
    }
  }

  simulate(instructions: TransactionInstruction[]): Promise<Simulation> {
    return this.retrying("simulate", () => this.sender.simulate(instructions, this.signer));
  }

  /**
   * Signs `instructions` with `units` compute units, records the batch, sends it and waits for
   * its outcome. Returns null when the transaction would exceed the packet size.
   */
  async run(kind: BatchKind, items: BatchItem[], instructions: TransactionInstruction[], units: number): Promise<BatchOutcome | null> {
    const price = await this.priorityFee(instructions);
    this.metrics.priorityFee = price;
    const signed = await this.retrying("sign", () => this.sender.sign(instructions, this.signer, units, price));
    if (!signed) return null;
    const id = await this.store.beginBatch({
      kind,
      signature: signed.signature,
      wire: signed.wire.toString("base64"),
      lastValidBlockHeight: signed.lastValidBlockHeight,
      items,
      createdAt: Math.floor(Date.now() / 1000),
    });
    return this.drive({ id, kind, items, signature: signed.signature, wire: signed.wire.toString("base64"), lastValidBlockHeight: signed.lastValidBlockHeight });
  }

  /** The compute-unit price for a transaction of `instructions`. */
  async priorityFee(instructions: TransactionInstruction[]): Promise<number> {
    const fee = this.opts.priorityFee ?? { kind: "fixed", microLamports: 0 };
    if (fee.kind === "fixed") return fee.microLamports;
    const writable = new Map<string, PublicKey>();
    for (const ix of instructions) for (const k of ix.keys) if (k.isWritable) writable.set(k.pubkey.toBase58(), k.pubkey);
    const recent = await this.retrying("priority fees", () => this.sender.recentPriorityFees([...writable.values()]));
    return Math.min(fee.max, Math.max(fee.min, percentileFee(recent, fee.percentile)));
  }

  /** Reads the fee payer's balance into the metrics; returns it. */
  async readBalance(): Promise<number> {
    const lamports = await this.retrying("balance", () => this.sender.balance(this.signer.publicKey));
    this.metrics.feePayerLamports = lamports;
    return lamports;
  }

  /** Finishes every batch a previous run left in flight. */
  async recover(): Promise<number> {
    const open = await this.store.batchesInFlight();
    for (const b of open) {
      this.log.log("info", "recovering batch", { batch: b.id, kind: b.kind, signature: b.signature, items: b.items.length });
      await this.drive(b);
    }
    return open.length;
  }

  private async drive(b: Pick<BatchRecord, "id" | "kind" | "items" | "signature" | "wire" | "lastValidBlockHeight">): Promise<BatchOutcome> {
    const wire = Buffer.from(b.wire, "base64");
    let lastSubmit = 0;
    let errors = 0;
    this.reached(b.kind, "before-send");
    for (;;) {
      try {
        const status = await this.sender.status(b.signature);
        if (status.state === "confirmed") return this.finish(b, { status: "confirmed", signature: b.signature });
        if (status.state === "failed") return this.finish(b, { status: "failed", error: status.error });
        // Not seen yet: (re)broadcast the same bytes (one signature lands at most once) until expiry.
        if (Date.now() - lastSubmit > 2_000) {
          if ((await this.sender.blockHeight()) > b.lastValidBlockHeight) {
            // One last look: it may have landed just before expiring.
            const last = await this.sender.status(b.signature);
            if (last.state === "confirmed") return this.finish(b, { status: "confirmed", signature: b.signature });
            if (last.state === "failed") return this.finish(b, { status: "failed", error: last.error });
            return this.finish(b, { status: "expired" });
          }
          await this.sender.submit({ signature: b.signature, wire, lastValidBlockHeight: b.lastValidBlockHeight });
          if (lastSubmit === 0) {
            this.log.log("info", "batch submitted", { batch: b.id, kind: b.kind, signature: b.signature, items: b.items.length });
            this.reached(b.kind, "after-send");
          }
          lastSubmit = Date.now();
        }
        errors = 0;
      } catch (e) {
        if (e instanceof PreflightFailure) {
          // A rebroadcast of a copy that already landed also fails preflight: look once more.
          const seen = await this.sender.status(b.signature).catch(() => ({ state: "unknown" as const }));
          if (seen.state === "confirmed") return this.finish(b, { status: "confirmed", signature: b.signature });
          return this.finish(b, { status: "failed", error: e.message });
        }
        this.metrics.rpcErrors++;
        errors++;
        this.log.log("warn", "rpc error while confirming", { batch: b.id, error: errorText(e) });
        await sleep(Math.min(this.opts.backoffMs * 2 ** errors, 10_000));
        continue;
      }
      await sleep(this.opts.pollMs);
    }
  }

  private async finish(b: Pick<BatchRecord, "id" | "kind" | "items" | "signature">, outcome: BatchOutcome): Promise<BatchOutcome> {
    if (outcome.status === "confirmed") this.reached(b.kind, "after-confirm");
    await this.store.finishBatch(b.id, outcome.status, outcome.status === "failed" ? outcome.error : undefined);
    this.metrics.batchOutcome(b.kind, outcome.status);
    this.log.log(outcome.status === "confirmed" ? "info" : "warn", `batch ${outcome.status}`, {
      batch: b.id,
      kind: b.kind,
      signature: b.signature,
      items: b.items.length,
      error: outcome.status === "failed" ? outcome.error : undefined,
    });
    const handler = this.handlers.get(b.kind);
    if (handler) await handler(b, outcome);
    return outcome;
  }
}

/** The compute-unit limit for a simulated cost: 10% headroom and a fixed margin. */
export function unitLimit(simulated: number): number {
  return Math.min(1_400_000, Math.ceil(simulated * 1.1) + 5_000);
}
