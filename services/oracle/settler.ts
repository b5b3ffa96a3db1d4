/**
 * Watches the jobs this oracle attested until they settle, and settles them (settle_jobs per
 * currency, as many jobs as fit one transaction) once they may (ended, ran out or expired, past
 * the challenge window, not disputed or past the dispute's deadline; sdk `jobSettleable`).
 *
 * Each tick reads only the jobs whose next check is due, 100 per getMultipleAccountsInfo, at
 * least at the slot each was last seen (minContextSlot), so a lagging RPC node cannot make a
 * live job look closed. A job that cannot settle yet is next read when it can (its challenge
 * window or dispute deadline) or after `watchMs`, whichever is sooner; one whose settlement is
 * refused in simulation backs off. When the chain no longer holds this oracle's figure (a new
 * oracle set, or a dispute round opened), the job goes back to the poster.
 *
 * Any instance may settle a job; a job already settled by another is closed, so it is dropped
 * (it cannot be settled twice). A closed job, or its address reused by a later job, is done.
 */
import { getAssociatedTokenAddressSync } from "@solana/spl-token";
import { PublicKey, TransactionInstruction } from "@solana/web3.js";
import { currencyAccounts, decodeJob, decodeJobsConfig, DISPUTE_OPEN, JOB_ENDED, JobState, jobSettleable, jobsConfigKey, SettleJob, settleJobFromState, settleJobsInstruction } from "../../sdk/src";
import { ChainReader, readAccounts } from "./intake";
import { Logger } from "./log";
import { Metrics } from "./metrics";
import { Pipeline } from "./pipeline";
import { chainHolds, figureFor, Membership, Poster, usageClosed } from "./poster";
import { Runner, unitLimit } from "./runner";
import { PACKET_DATA_SIZE, transactionSize } from "./sender";
import { AttestationRecord, Store } from "./store";

export interface SettlerOptions {
  /** Send settle_jobs (false: only watch, for reposting). */
  settle: boolean;
  /** The longest a live job goes unread (ms): how soon a dispute or a new set is noticed. */
  watchMs?: number;
  /** Base and cap of the backoff after a refused settlement (ms). */
  retryMs?: number;
  maxRetryMs?: number;
  /** Most jobs read per tick. */
  perTick?: number;
  /** Checked between batches: true stops the round (SIGTERM); the batches in flight reach their outcome. */
  stopping?: () => boolean;
  /** Most settle transactions in flight at once (default 1); each job is in at most one. */
  inFlight?: number;
}

interface Candidate {
  a: AttestationRecord;
  job: JobState;
  slot: number;
}

const SECONDS_PER_HOUR = 3_600;

/** The earliest time (chain seconds) `job` may settle as it stands: a running job may end sooner. */
export function settleableAt(job: JobState): number {
  const expires = job.openedAt.toNumber() + job.startTimeout + job.hours * SECONDS_PER_HOUR;
  const over = job.state === JOB_ENDED || job.attestedHours >= job.hours;
  let at = Math.max(job.settleAfter.toNumber(), over ? 0 : expires);
  if (job.dispute === DISPUTE_OPEN) at = Math.max(at, job.disputeDeadline.toNumber());
  return at;
}

export class Settler {
  private readonly opts: Required<Omit<SettlerOptions, "stopping">> & Pick<SettlerOptions, "stopping">;

  constructor(
    private readonly chain: ChainReader,
    private readonly store: Store,
    private readonly runner: Runner,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    opts: SettlerOptions = { settle: true },
    private readonly poster: Pick<Poster, "membership"> | null = null,
  ) {
    this.opts = { watchMs: 30_000, retryMs: 2_000, maxRetryMs: 300_000, perTick: 1_000, inFlight: 1, ...opts };
    runner.on("settle", async (batch, outcome) => {
      if (outcome.status !== "confirmed") return;
      for (const [i, item] of batch.items.entries()) {
        if (i === 1) this.runner.reached("settle", "mid-record");
        await this.store.markDone({ job: item.job, openedAt: item.openedAt ?? 0 }, "settled");
      }
      this.metrics.settlementsPosted += batch.items.length;
      this.metrics.settleTransactions++;
    });
  }

  /** One round; returns the jobs it settled. */
  async tick(): Promise<number> {
    const due = await this.store.watchList(this.opts.perTick, Date.now());
    if (due.length === 0) return 0;
    const configInfo = await this.runner.retrying("jobs config", () => this.chain.getAccount(jobsConfigKey()[0]));
    if (!configInfo) return 0;
    const config = decodeJobsConfig(configInfo);
    const member: Membership | null = this.poster ? await this.poster.membership() : null;
    const minSlot = Math.max(0, ...due.map((a) => a.seenSlot));
    const read = await this.runner.retrying("jobs", () => readAccounts(this.chain, due.map((a) => new PublicKey(a.job)), minSlot));
    // The clock at least at the jobs' slot (as the poster reads it), never older than they are.
    const now = await this.runner.retrying("clock", () => this.chain.unixTime(read.slot));
    const byCurrency = new Map<number, Candidate[]>();
    for (const [k, a] of due.entries()) {
      const info = read.accounts[k];
      let job: JobState | null = null;
      try {
        job = info ? decodeJob(info) : null;
      } catch {
        job = null;
      }
      if (!job || job.openedAt.toNumber() !== a.openedAt) {
        // Closed at or after the slot it was last seen at: settled (by us or another instance);
        // a reused address is a later job.
        await this.store.markDone({ job: a.job, openedAt: a.openedAt }, "settled");
        continue;
      }
      if (member && a.posted > 0 && !usageClosed(job, now) && !chainHolds(job, member, figureFor(job, a.posted, now))) {
        this.log.log("info", "the chain no longer holds this oracle's figure; posting it again", { job: a.job, hours: a.posted, setVersion: member.setVersion, disputed: job.dispute === DISPUTE_OPEN });
        await this.store.repost({ job: a.job, openedAt: a.openedAt });
      }
      if (this.opts.settle && jobSettleable(job, now)) {
        byCurrency.set(job.currency, [...(byCurrency.get(job.currency) ?? []), { a, job, slot: read.slot }]);
        continue;
      }
      await this.store.deferCheck({ job: a.job, openedAt: a.openedAt }, Date.now() + this.nextCheckMs(job, now), read.slot, false);
    }
    let settled = 0;
    const usdcMint = config.mints[0];
    // Pipelined: the next batch is simulated and sent while earlier ones await confirmation.
    const pipeline = new Pipeline(this.opts.inFlight);
    let error: { e: unknown } | null = null;
    try {
      for (const [currency, candidates] of byCurrency) {
        let rest = candidates;
        while (rest.length > 0 && !this.opts.stopping?.() && !pipeline.failed) {
          const batch = this.pack(rest, currency, usdcMint);
          rest = rest.slice(batch.length);
          const started = await pipeline.add(async () => {
            // Not `settled += await ...`: that reads `settled` before the wait, losing the other batches' counts.
            const n = await this.send(batch, currency, usdcMint);
            settled += n;
          }, () => this.opts.stopping?.() ?? false);
          if (!started) break; // stopped while waiting for a slot: nothing of this batch was sent
        }
      }
    } catch (e) {
      error = { e };
    }
    try {
      await pipeline.drain();
    } catch (e) {
      error ??= { e };
    }
    if (error) throw error.e;
    return settled;
  }

  /** How long until `job` is worth reading again. */
  private nextCheckMs(job: JobState, now: number): number {
    return Math.min(this.opts.watchMs, Math.max(1_000, (settleableAt(job) - now) * 1_000));
  }

  private entry(c: Candidate, currency: number, usdcMint: PublicKey): SettleJob {
    const { mint, tokenProgram } = currencyAccounts(currency, usdcMint);
    // A job opened with a referral share settles with its referrer's profile after its accounts.
    return settleJobFromState(new PublicKey(c.a.job), c.job, getAssociatedTokenAddressSync(mint, c.job.user, true, tokenProgram));
  }

  private instruction(batch: Candidate[], currency: number, usdcMint: PublicKey): TransactionInstruction {
    return settleJobsInstruction({ caller: this.runner.signer.publicKey, currency, usdcMint, jobs: batch.map((c) => this.entry(c, currency, usdcMint)) });
  }

  private pack(candidates: Candidate[], currency: number, usdcMint: PublicKey): Candidate[] {
    let n = 1;
    while (n < candidates.length && transactionSize([this.instruction(candidates.slice(0, n + 1), currency, usdcMint)], this.runner.signer.publicKey) <= PACKET_DATA_SIZE) n++;
    return candidates.slice(0, n);
  }

  /** Simulates, then sends; a refused batch is split until the refused job is alone, which backs off. */
  private async send(batch: Candidate[], currency: number, usdcMint: PublicKey): Promise<number> {
    const ix = this.instruction(batch, currency, usdcMint);
    const sim = await this.runner.simulate([ix]);
    if (!sim.ok) {
      if (batch.length === 1) {
        const { a, slot } = batch[0];
        const wait = Math.min(this.opts.maxRetryMs, this.opts.retryMs * 2 ** Math.min(a.checkTries, 20));
        this.log.log("warn", "settlement refused in simulation; retried later", { job: a.job, error: sim.programError?.name ?? sim.error, retryMs: wait });
        await this.store.deferCheck({ job: a.job, openedAt: a.openedAt }, Date.now() + wait, slot, true);
        return 0;
      }
      const half = Math.ceil(batch.length / 2);
      return (await this.send(batch.slice(0, half), currency, usdcMint)) + (await this.send(batch.slice(half), currency, usdcMint));
    }
    const items = batch.map((c) => ({ job: c.a.job, hours: c.job.attestedHours, openedAt: c.a.openedAt }));
    const outcome = await this.runner.run("settle", items, [ix], unitLimit(sim.units));
    if (outcome?.status === "confirmed") return batch.length;
    // Failed or expired: look again soon (a failed one is likely settled by another instance).
    for (const c of batch) await this.store.deferCheck({ job: c.a.job, openedAt: c.a.openedAt }, Date.now() + this.opts.retryMs, c.slot, true);
    return 0;
  }
}
