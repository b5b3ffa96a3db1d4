/**
 * Settles the jobs this oracle attested once they may settle (ended, ran out or expired, past
 * the challenge window, not disputed or past the dispute's deadline; sdk `jobSettleable`): settle_jobs per currency with as many jobs as fit one
 * transaction. Any instance may settle a job; a job already settled by another is closed, so it
 * is dropped (it cannot be settled twice).
 */
import { getAssociatedTokenAddressSync } from "@solana/spl-token";
import { PublicKey, TransactionInstruction } from "@solana/web3.js";
import {
  currencyAccounts,
  decodeJob,
  decodeJobsConfig,
  JobState,
  jobSettleable,
  jobsConfigKey,
  SettleJob,
  settleJobsInstruction,
} from "../../sdk/src";
import { ChainReader } from "./intake";
import { Logger } from "./log";
import { Metrics } from "./metrics";
import { Runner, unitLimit } from "./runner";
import { PACKET_DATA_SIZE, transactionSize } from "./sender";
import { Store } from "./store";


interface Candidate {
  key: string;
  job: JobState;
}

export class Settler {
  constructor(
    private readonly chain: ChainReader,
    private readonly store: Store,
    private readonly runner: Runner,
    private readonly metrics: Metrics,
    private readonly log: Logger,
  ) {
    runner.on("settle", async (batch, outcome) => {
      if (outcome.status !== "confirmed") return;
      for (const item of batch.items) await this.store.markSettled(item.job);
      this.metrics.settlementsPosted += batch.items.length;
      this.metrics.settleTransactions++;
    });
  }

  /** One round; returns the jobs it settled. */
  async tick(): Promise<number> {
    const configInfo = await this.runner.retrying("jobs config", () => this.chain.getAccount(jobsConfigKey()[0]));
    if (!configInfo) return 0;
    const config = decodeJobsConfig(configInfo);
    const now = await this.runner.retrying("clock", () => this.chain.unixTime());
    const byCurrency = new Map<number, Candidate[]>();
    for (const a of await this.store.unsettled(500)) {
      const info = await this.runner.retrying("job", () => this.chain.getAccount(new PublicKey(a.job)));
      if (!info) {
        await this.store.markSettled(a.job); // closed: settled (by us or another instance)
        continue;
      }
      const job = decodeJob(info);
      if (!jobSettleable(job, now)) continue;
      byCurrency.set(job.currency, [...(byCurrency.get(job.currency) ?? []), { key: a.job, job }]);
    }
    let settled = 0;
    const usdcMint = config.mints[0];
    for (const [currency, candidates] of byCurrency) {
      let rest = candidates;
      while (rest.length > 0) {
        const batch = this.pack(rest, currency, usdcMint);
        rest = rest.slice(batch.length);
        settled += await this.send(batch, currency, usdcMint);
      }
    }
    return settled;
  }

  private entry(c: Candidate, currency: number, usdcMint: PublicKey): SettleJob {
    const { mint, tokenProgram } = currencyAccounts(currency, usdcMint);
    return { job: new PublicKey(c.key), node: c.job.node, user: c.job.user, userToken: getAssociatedTokenAddressSync(mint, c.job.user, true, tokenProgram) };
  }

  private instruction(batch: Candidate[], currency: number, usdcMint: PublicKey): TransactionInstruction {
    return settleJobsInstruction({ caller: this.runner.signer.publicKey, currency, usdcMint, jobs: batch.map((c) => this.entry(c, currency, usdcMint)) });
  }

  private pack(candidates: Candidate[], currency: number, usdcMint: PublicKey): Candidate[] {
    let n = 1;
    while (n < candidates.length && transactionSize([this.instruction(candidates.slice(0, n + 1), currency, usdcMint)], this.runner.signer.publicKey) <= PACKET_DATA_SIZE) n++;
    return candidates.slice(0, n);
  }

  /** Simulates, then sends; a refused batch is split until the refused job is alone (and skipped). */
  private async send(batch: Candidate[], currency: number, usdcMint: PublicKey): Promise<number> {
    const ix = this.instruction(batch, currency, usdcMint);
    const sim = await this.runner.simulate([ix]);
    if (!sim.ok) {
      if (batch.length === 1) {
        this.log.log("warn", "settlement refused in simulation; retried later", { job: batch[0].key, error: sim.programError?.name ?? sim.error });
        return 0;
      }
      const half = Math.ceil(batch.length / 2);
      return (await this.send(batch.slice(0, half), currency, usdcMint)) + (await this.send(batch.slice(half), currency, usdcMint));
    }
    const outcome = await this.runner.run("settle", batch.map((c) => ({ job: c.key, hours: c.job.attestedHours })), [ix], unitLimit(sim.units));
    return outcome?.status === "confirmed" ? batch.length : 0;
  }
}
