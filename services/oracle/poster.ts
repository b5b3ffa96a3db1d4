/**
 * Posts this oracle's attestations: every job whose accepted figure the chain does not hold for
 * this oracle, as many attest_usage instructions per transaction as fit the packet.
 *
 * Pipelined: up to `inFlight` batches are in flight at once (each written ahead, sent and driven
 * to its outcome by the runner), while the round reconciles, packs and simulates the next; a job
 * is in at most one batch per round, and a job in a batch in flight is not batched again.
 *
 * Idempotency: before batching, the jobs are read (getMultipleAccountsInfo, at least at the slot
 * each was last seen) and jobs whose figure the chain already holds are marked posted; a batch
 * is only rebuilt after the runner saw the earlier one fail or expire; and an instruction that
 * fails in simulation with AttestationReused or UsageDecreased means the figure is there.
 *
 * "Holds" follows io_jobs' rounds (attest.rs): this oracle's figure in the usage round of the
 * current oracle set version, and while a dispute is open, its vote in the dispute round too. A
 * new set or a dispute clears a round; the watcher (settler.ts) then re-queues the job here.
 *
 * An ended job's figure is capped at the hours begun by its end (`figureFor`). Only permanent
 * program errors fail a job (more than paid, nothing begun before the end);
 * anything else (NotOracle during a set rotation, an RPC error, hours not begun yet) is retried
 * with a per-job backoff, and a higher accepted figure clears a failure.
 */
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import { attestUsageInstruction, decodeJob, decodeOracleConfig, DISPUTE_OPEN, DISPUTE_RESOLVED, hoursBegun, JOB_ENDED, JobState, oracleConfigKey } from "../../sdk/src";
import { ChainReader, readAccounts } from "./intake";
import { Logger } from "./log";
import { Metrics } from "./metrics";
import { Pipeline } from "./pipeline";
import { BatchOutcome, Runner, unitLimit } from "./runner";
import { PACKET_DATA_SIZE, transactionSize } from "./sender";
import { AttestationRecord, BatchItem, JobId, Store } from "./store";

export interface PosterOptions {
  /** Most attestations in one transaction (the packet size usually binds first). */
  maxBatch: number;
  /** Checked between batches: true stops the round (SIGTERM); the batches in flight reach their outcome. */
  stopping?: () => boolean;
  /** Most attest transactions in flight at once (default 1): the round builds the next batch while earlier ones await confirmation. */
  inFlight?: number;
  /** Base and cap of a job's backoff after a transient refusal (ms). */
  retryMs?: number;
  maxRetryMs?: number;
}

/** This oracle's membership: its index in the set, the set's version. */
export interface Membership {
  index: number;
  setVersion: number;
}

/** This oracle's figure in the job's usage round, or null when it has none in the current set. */
export function onChainFigure(job: JobState, index: number, setVersion: number): number | null {
  if (job.attestVersion !== setVersion) return null;
  return (job.attestMask & (1 << index)) !== 0 ? job.attestHours[index] : null;
}

/** This oracle's vote in the job's open dispute round, or null when it has none. */
export function disputeVote(job: JobState, index: number, setVersion: number): number | null {
  if (job.dispute !== DISPUTE_OPEN || job.attestVersion !== setVersion) return null;
  return (job.disputeMask & (1 << index)) !== 0 ? job.disputeHours[index] : null;
}

/** Whether the job takes no more votes: its dispute was resolved, or lapsed at its deadline. */
export function usageClosed(job: JobState, now: number): boolean {
  return job.dispute === DISPUTE_RESOLVED || (job.dispute === DISPUTE_OPEN && now >= job.disputeDeadline.toNumber());
}

/**
 * The figure to put on chain for `wanted` accepted hours: the hours begun by an ended job's end
 * cap it (billing is measured until min(report, end); a report stamped within the intake's clock
 * skew may claim an hour that began after an end that came first). A running job's figure is
 * the wanted one (it waits for the clock if need be).
 */
export function figureFor(job: JobState, wanted: number, now: number): number {
  return job.state === JOB_ENDED ? Math.min(wanted, hoursBegun(job, now)) : wanted;
}

/**
 * Whether the chain needs no vote of this oracle for `hours`: while a dispute is open, its vote
 * in the dispute round (and its figure in the usage round, which the vote raises too); otherwise
 * its figure in the usage round of the current set, or the job's accepted usage already at
 * `hours`. A new set clears the rounds but not the accepted usage, and a vote at or below it
 * changes nothing (the quorum-th highest vote cannot rise above it with it; the challenge window
 * restarts only when the accepted usage rises): posting it again would only put a second
 * UsageAttested of the same figure on chain.
 */
export function chainHolds(job: JobState, member: Membership, hours: number): boolean {
  const usage = onChainFigure(job, member.index, member.setVersion);
  if (job.dispute === DISPUTE_OPEN) return usage !== null && usage >= hours && disputeVote(job, member.index, member.setVersion) !== null;
  return (usage !== null && usage >= hours) || job.attestedHours >= hours;
}

/** attest_usage errors meaning this oracle's figure (or a higher one) is already on chain. */
const ALREADY_POSTED = new Set(["AttestationReused", "UsageDecreased"]);
/** attest_usage errors meaning the job takes no more votes: nothing to post, it only settles. */
const NO_MORE_VOTES = new Set(["UsageFinal", "DisputeExpired"]);
/** attest_usage errors that are permanent for this figure (a higher accepted figure clears them). */
const PERMANENT = new Set(["UsageExceedsJob"]);

const id = (a: JobId): JobId => ({ job: a.job, openedAt: a.openedAt });

/** A job ready to post, with the figure to post for it. */
type Ready = AttestationRecord & { figure: number };

export class Poster {
  private readonly retryMs: number;
  private readonly maxRetryMs: number;

  constructor(
    private readonly chain: ChainReader,
    private readonly store: Store,
    private readonly runner: Runner,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly opts: PosterOptions,
  ) {
    this.retryMs = opts.retryMs ?? 1_000;
    this.maxRetryMs = opts.maxRetryMs ?? 60_000;
    runner.on("attest", async (batch, outcome) => this.settled(batch.items, outcome));
  }

  private get oracle(): Keypair {
    return this.runner.signer;
  }

  private async settled(items: BatchItem[], outcome: BatchOutcome): Promise<void> {
    if (outcome.status !== "confirmed") return; // the jobs are batched again after a fresh look at the chain
    for (const [i, item] of items.entries()) {
      if (i === 1) this.runner.reached("attest", "mid-record");
      await this.store.markPosted({ job: item.job, openedAt: item.openedAt ?? 0 }, item.hours);
    }
    this.metrics.attestationsPosted += items.length;
    this.metrics.attestTransactions++;
  }

  /** This oracle's index and the set version, or null when it is not a member. */
  async membership(): Promise<Membership | null> {
    const info = await this.runner.retrying("oracle config", () => this.chain.getAccount(oracleConfigKey()[0]));
    if (!info) throw new Error("io_oracle is not initialised on this chain");
    const config = decodeOracleConfig(info);
    const index = config.members.findIndex((m) => m.equals(this.oracle.publicKey));
    return index < 0 ? null : { index, setVersion: config.setVersion };
  }

  private backoff(a: AttestationRecord): number {
    return Date.now() + Math.min(this.maxRetryMs, this.retryMs * 2 ** Math.min(a.postTries, 20));
  }

  /** One round: reconcile with the chain, then send batches until nothing is due. Returns attestations confirmed. */
  async tick(): Promise<number> {
    let confirmed = 0;
    const member = await this.membership();
    if (!member) {
      this.log.log("error", "this key is not in io_oracle's oracle set; not attesting", { oracle: this.oracle.publicKey.toBase58() });
      this.metrics.pending = await this.store.countPending();
      return 0;
    }
    // Each job is looked at once per tick (a deferred or refused one waits for a later tick).
    const seen = new Set<string>();
    const pipeline = new Pipeline(this.opts.inFlight ?? 1);
    let error: { e: unknown } | null = null;
    try {
      for (let round = 0; round < 100 && !this.opts.stopping?.() && !pipeline.failed; round++) {
        const due = await this.store.pendingAttestations(this.opts.maxBatch * 4 + seen.size, Date.now());
        const pending = due.filter((a) => !seen.has(`${a.job}/${a.openedAt}`)).slice(0, this.opts.maxBatch * 4);
        if (pending.length === 0) break;
        const ready = await this.reconcile(pending, member);
        const batch = this.pack(ready);
        // Looked at this tick: all but the ready jobs that did not fit this batch (so a job in a
        // batch in flight is never read as pending again before the runner ties it to the batch).
        const later = new Set(ready.slice(batch.length).map((a) => `${a.job}/${a.openedAt}`));
        for (const a of pending) if (!later.has(`${a.job}/${a.openedAt}`)) seen.add(`${a.job}/${a.openedAt}`);
        if (batch.length === 0) continue; // every job was marked or deferred
        const instructions = batch.map((a) => attestUsageInstruction({ oracle: this.oracle.publicKey, job: new PublicKey(a.job), hours: a.figure }));
        const sim = await this.runner.simulate(instructions);
        if (!sim.ok) {
          const i = sim.failedInstruction;
          const name = sim.programError?.name ?? sim.error;
          if (i === null || i >= batch.length) {
            // Not one job's fault (fees, the blockhash, the node): every job in it waits.
            this.log.log("warn", "attest batch refused in simulation; retried later", { error: name, jobs: batch.length });
            for (const a of batch) await this.store.deferPost(id(a), this.backoff(a));
            continue;
          }
          await this.refused(batch[i], name);
          continue;
        }
        // Confirmed, the job is done at its wanted figure (a capped figure is all the chain can take).
        const items = batch.map((a) => ({ job: a.job, hours: a.wanted, openedAt: a.openedAt }));
        const started = await pipeline.add(async () => {
          const outcome = await this.runner.run("attest", items, instructions, unitLimit(sim.units));
          if (outcome === null) throw new Error("an attest batch packed to fit exceeded the packet size");
          if (outcome.status === "confirmed") confirmed += batch.length;
          else {
            for (const a of batch) await this.store.deferPost(id(a), this.backoff(a));
          }
        }, () => this.opts.stopping?.() ?? false);
        // Stopped (or a batch failed) while waiting for a slot: this batch was never signed nor sent.
        if (!started) break;
      }
    } catch (e) {
      error = { e };
    }
    // Every batch in flight reaches its outcome before the round ends (and before SIGTERM exits).
    try {
      await pipeline.drain();
    } catch (e) {
      error ??= { e };
    }
    if (error) throw error.e;
    this.metrics.pending = await this.store.countPending();
    return confirmed;
  }

  /** Marks jobs whose figure the chain holds (or that can take no more votes, or are gone) and
   * defers those that must wait; returns the rest, which can be posted now. */
  private async reconcile(pending: AttestationRecord[], member: Membership): Promise<Ready[]> {
    const ready: Ready[] = [];
    const minSlot = Math.max(0, ...pending.map((a) => a.seenSlot));
    const read = await this.runner.retrying("jobs", () => readAccounts(this.chain, pending.map((a) => new PublicKey(a.job)), minSlot));
    // The clock at least at the jobs' slot: one from a lagging node or a stale cache (read without
    // a minimum) may predate a job's opening, and its first hour would wait (up to maxRetryMs)
    // for a time already past, or an ended job's figure be capped below what began by its end.
    const now = await this.runner.retrying("clock", () => this.chain.unixTime(read.slot));
    for (const [k, a] of pending.entries()) {
      const info = read.accounts[k];
      let job: JobState | null = null;
      try {
        job = info ? decodeJob(info) : null;
      } catch {
        job = null;
      }
      // Read at or after the slot it was last seen at: gone for good (settled), or reused by a
      // later job (which has an identity of its own).
      if (!job || job.openedAt.toNumber() !== a.openedAt) {
        await this.store.markDone(id(a), "closed");
        continue;
      }
      const figure = figureFor(job, a.wanted, now);
      if (figure === 0) {
        // Nothing began before the end: nothing to attest.
        await this.store.markFailed(id(a), "UsageExceedsElapsed");
        continue;
      }
      if (chainHolds(job, member, figure)) {
        await this.store.markPosted(id(a), a.wanted, read.slot);
        continue;
      }
      if (usageClosed(job, now)) {
        // Final (or lapsed): no vote is taken; the job is watched until it settles.
        await this.store.markPosted(id(a), a.wanted, read.slot);
        continue;
      }
      if (figure > job.hours) {
        await this.store.markFailed(id(a), "UsageExceedsJob");
        continue;
      }
      if (figure > hoursBegun(job, now)) {
        // A running job's cap rises as the clock moves (an ended job's figure is capped above).
        const begins = job.openedAt.toNumber() + (figure - 1) * 3_600 + 1;
        const waitMs = Math.min(this.maxRetryMs, Math.max(1, begins - now) * 1_000);
        this.log.log("info", "attestation waits for its hour to begin", { job: a.job, hours: figure, chainTime: now, begins, waitMs });
        await this.store.deferPost(id(a), Date.now() + waitMs);
        continue;
      }
      ready.push({ ...a, figure });
    }
    return ready;
  }

  /** The longest prefix of `ready` whose attestations fit one transaction. */
  private pack(ready: Ready[]): Ready[] {
    const out: Ready[] = [];
    const instructions: TransactionInstruction[] = [];
    for (const a of ready.slice(0, this.opts.maxBatch)) {
      const ix = attestUsageInstruction({ oracle: this.oracle.publicKey, job: new PublicKey(a.job), hours: a.figure });
      if (transactionSize([...instructions, ix], this.oracle.publicKey) > PACKET_DATA_SIZE) break;
      instructions.push(ix);
      out.push(a);
    }
    return out;
  }

  /** A job whose instruction failed in simulation: done when the chain already holds the figure
   * (or a higher one of ours) or takes no more votes, failed for good on a permanent error,
   * otherwise (a set rotation, a simulation on a node that has not seen the job yet) retried with
   * backoff: whether a job is gone is only decided by a read at or after the slot it was seen at. */
  private async refused(a: Ready, name: string): Promise<void> {
    if (ALREADY_POSTED.has(name) || NO_MORE_VOTES.has(name)) await this.store.markPosted(id(a), a.wanted);
    else if (PERMANENT.has(name)) await this.store.markFailed(id(a), name);
    else await this.store.deferPost(id(a), this.backoff(a));
    this.log.log("warn", "attestation refused in simulation", { job: a.job, hours: a.figure, error: name });
  }
}
