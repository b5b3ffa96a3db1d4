/**
 * Posts this oracle's attestations: every job whose accepted figure is above the one confirmed
 * on chain, as many attest_usage instructions per transaction as fit the packet.
 *
 * Idempotency: before batching, each job's on-chain figure for this oracle is read and jobs
 * already there are marked posted (a restart after a confirmed send, or a batch whose outcome
 * was recorded late); a batch is only rebuilt after the runner saw the earlier one fail or
 * expire; and if an instruction still fails in simulation with AttestationReused, the figure
 * is on chain and the job is done.
 *
 * io_jobs refuses more hours than have begun since the job opened (until its end): a figure
 * above that waits for the clock (intake takes reports up to its clock skew ahead of the chain),
 * unless the job ended, when it can never be posted and fails.
 */
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import { attestUsageInstruction, decodeJob, decodeOracleConfig, hoursBegun, JOB_ENDED, JobState, oracleConfigKey } from "../../sdk/src";
import { ChainReader } from "./intake";
import { Logger } from "./log";
import { Metrics } from "./metrics";
import { BatchOutcome, Runner, unitLimit } from "./runner";
import { PACKET_DATA_SIZE, transactionSize } from "./sender";
import { AttestationRecord, Store } from "./store";

export interface PosterOptions {
  /** Most attestations in one transaction (the packet size usually binds first). */
  maxBatch: number;
}

/** This oracle's figure on chain for a job, or null when it has none in the current set. */
export function onChainFigure(job: JobState, index: number, setVersion: number): number | null {
  if (job.attestVersion !== setVersion) return null;
  return (job.attestMask & (1 << index)) !== 0 ? job.attestHours[index] : null;
}

/** attest_usage errors meaning this oracle's figure (or a higher one) is already on chain. */
const ALREADY_POSTED = new Set(["AttestationReused", "UsageDecreased"]);
/** attest_usage errors meaning "not yet": the hours have not all begun on the chain's clock. */
const NOT_YET = new Set(["UsageExceedsElapsed"]);

export class Poster {
  constructor(
    private readonly chain: ChainReader,
    private readonly store: Store,
    private readonly runner: Runner,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly opts: PosterOptions,
  ) {
    runner.on("attest", async (batch, outcome) => this.settled(batch.items, outcome));
  }

  private get oracle(): Keypair {
    return this.runner.signer;
  }

  private async settled(items: { job: string; hours: number }[], outcome: BatchOutcome): Promise<void> {
    if (outcome.status !== "confirmed") return; // the jobs are batched again after a fresh look at the chain
    for (const item of items) await this.store.markPosted(item.job, item.hours);
    this.metrics.attestationsPosted += items.length;
    this.metrics.attestTransactions++;
  }

  /** This oracle's index and the set version, or null when it is not a member. */
  private async membership(): Promise<{ index: number; setVersion: number } | null> {
    const info = await this.runner.retrying("oracle config", () => this.chain.getAccount(oracleConfigKey()[0]));
    if (!info) throw new Error("io_oracle is not initialised on this chain");
    const config = decodeOracleConfig(info);
    const index = config.members.findIndex((m) => m.equals(this.oracle.publicKey));
    return index < 0 ? null : { index, setVersion: config.setVersion };
  }

  /** One round: reconcile with the chain, then send batches until nothing is pending. Returns attestations confirmed. */
  async tick(): Promise<number> {
    let confirmed = 0;
    const member = await this.membership();
    if (!member) {
      this.log.log("error", "this key is not in io_oracle's oracle set; not attesting", { oracle: this.oracle.publicKey.toBase58() });
      return 0;
    }
    for (let round = 0; round < 100; round++) {
      const pending = await this.store.pendingAttestations(this.opts.maxBatch * 4);
      if (pending.length === 0) break;
      const { ready, waiting } = await this.reconcile(pending, member);
      if (ready.length === 0) {
        if (waiting === pending.length) break; // nothing changed: look again next tick
        continue;
      }
      const batch = this.pack(ready);
      const instructions = batch.map((a) => attestUsageInstruction({ oracle: this.oracle.publicKey, job: new PublicKey(a.job), hours: a.wanted }));
      const sim = await this.runner.simulate(instructions);
      if (!sim.ok) {
        const i = sim.failedInstruction;
        const name = sim.programError?.name ?? sim.error;
        if (i === null || i >= batch.length) {
          this.log.log("error", "attest batch refused in simulation", { error: name, jobs: batch.length });
          break;
        }
        if (NOT_YET.has(name)) {
          this.log.log("info", "attestation waits for the chain's clock", { job: batch[i].job, hours: batch[i].wanted });
          break;
        }
        await this.refused(batch[i], name);
        continue;
      }
      const outcome = await this.runner.run("attest", batch.map((a) => ({ job: a.job, hours: a.wanted })), instructions, unitLimit(sim.units));
      if (outcome === null) throw new Error("an attest batch packed to fit exceeded the packet size");
      if (outcome.status === "confirmed") confirmed += batch.length;
      else break; // look again next tick
    }
    this.metrics.pending = await this.store.countPending();
    return confirmed;
  }

  /** Marks jobs whose figure is already on chain (or that can no longer be attested); returns
   * the rest that can be posted now, and how many wait for the chain's clock. */
  private async reconcile(pending: AttestationRecord[], member: { index: number; setVersion: number }): Promise<{ ready: AttestationRecord[]; waiting: number }> {
    const ready: AttestationRecord[] = [];
    let waiting = 0;
    const now = await this.runner.retrying("clock", () => this.chain.unixTime());
    for (const a of pending) {
      const info = await this.runner.retrying("job", () => this.chain.getAccount(new PublicKey(a.job)));
      if (!info) {
        await this.store.markFailed(a.job, "job closed");
        continue;
      }
      const job = decodeJob(info);
      const figure = onChainFigure(job, member.index, member.setVersion);
      if (figure !== null && figure >= a.wanted) {
        await this.store.markPosted(a.job, figure);
        continue;
      }
      if (a.wanted > job.hours) {
        await this.store.markFailed(a.job, "UsageExceedsJob");
        continue;
      }
      if (a.wanted > hoursBegun(job, now)) {
        // An ended job's cap never rises; a running job's does as the clock moves.
        if (job.state === JOB_ENDED) await this.store.markFailed(a.job, "UsageExceedsElapsed");
        else waiting++;
        continue;
      }
      ready.push(a);
    }
    return { ready, waiting };
  }

  /** The longest prefix of `ready` whose attestations fit one transaction. */
  private pack(ready: AttestationRecord[]): AttestationRecord[] {
    const out: AttestationRecord[] = [];
    const instructions: TransactionInstruction[] = [];
    for (const a of ready.slice(0, this.opts.maxBatch)) {
      const ix = attestUsageInstruction({ oracle: this.oracle.publicKey, job: new PublicKey(a.job), hours: a.wanted });
      if (transactionSize([...instructions, ix], this.oracle.publicKey) > PACKET_DATA_SIZE) break;
      instructions.push(ix);
      out.push(a);
    }
    return out;
  }

  /** A job whose instruction failed in simulation: done when the chain already holds the figure
   * (or a higher one of ours), otherwise failed for good (over the paid hours, final, closed). */
  private async refused(a: AttestationRecord, name: string): Promise<void> {
    if (ALREADY_POSTED.has(name)) await this.store.markPosted(a.job, a.wanted);
    else await this.store.markFailed(a.job, name);
    this.log.log("warn", "attestation refused in simulation", { job: a.job, hours: a.wanted, error: name });
  }
}
