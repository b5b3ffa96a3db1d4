import { PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { Currency, currencyAccounts, CURRENCY_NAMES, JobState, parseIoJobsEvents, SettleJob, settleJobFromState, settleJobsInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { required } from "../flags";
import { ensureTokenAccount } from "../genesis";
import { currencyOf, money, readJob, usdcMintOf } from "../jobs";

/** Nine fixed accounts and four per job (five for a job paying a referral share): six jobs no longer fit one legacy transaction (1,232
 * bytes), so the jobs go in transactions of at most this many (no address lookup table). */
export const MAX_SETTLE_JOBS = 5;

function jobList(flags: Map<string, string>): PublicKey[] {
  const list = required(flags, "jobs").split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  const jobs = list.map((s) => {
    try {
      return new PublicKey(s);
    } catch {
      throw new Error(`--jobs: not a public key: ${s}`);
    }
  });
  if (jobs.length === 0) throw new Error("--jobs <pubkey,pubkey,...> is required");
  if (new Set(list).size !== list.length) throw new Error("--jobs: a job is listed twice");
  return jobs;
}

/**
 * `io settle-jobs`: the `settle_jobs` instruction over the jobs, one transaction per batch of at
 * most MAX_SETTLE_JOBS jobs of one currency (a batch settles one currency); a progress bar on a
 * terminal when there are several batches.
 */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const addresses = jobList(flags);
  const usdcMint = await usdcMintOf(ctx.chain);
  const caller = ctx.signer();
  const reading = ctx.progress("reading jobs", addresses.length);
  const jobs: { address: PublicKey; job: JobState }[] = [];
  for (const address of addresses) {
    jobs.push({ address, job: await readJob(ctx.chain, address) });
    reading.tick();
  }
  reading.done();
  const batches: { currency: Currency; jobs: { address: PublicKey; job: JobState }[] }[] = [];
  for (const currency of [Currency.Usdc, Currency.Io, Currency.Iosd]) {
    const of = jobs.filter(({ job }) => currencyOf(job) === currency);
    for (let i = 0; i < of.length; i += MAX_SETTLE_JOBS) batches.push({ currency, jobs: of.slice(i, i + MAX_SETTLE_JOBS) });
  }
  const bar = ctx.progress("settling", jobs.length);
  let code = 0;
  for (const [i, { currency, jobs: group }] of batches.entries()) {
    const { mint, tokenProgram } = currencyAccounts(currency, usdcMint);
    const batch: SettleJob[] = [];
    for (const { address, job } of group) {
      // Refunds go to the user's own account: its associated one, created if it was closed.
      const userToken = await ensureTokenAccount(ctx.chain, caller, job.user, mint, tokenProgram);
      // A job paying a referral share settles with its referrer's profile after its accounts.
      batch.push(settleJobFromState(address, job, userToken));
    }
    const ix = settleJobsInstruction({ caller: caller.publicKey, jobs: batch, currency, usdcMint });
    const res = await ctx.chain.sendTransaction([ix], [caller]);
    const what = batches.length === 1 ? "settle_jobs" : `settle_jobs x${group.length} ${CURRENCY_NAMES[currency]} (transaction ${i + 1} of ${batches.length})`;
    code = Math.max(code, report(ctx, what, res));
    if (res.ok) {
      for (const e of parseIoJobsEvents(res.logs).filter((e) => e.name === "jobSettled")) {
        const d = e.data as { job: PublicKey; servedHours: number; supplier: BN; refund: BN; fees: BN; buyback: BN };
        const parts = [`supplier ${money(d.supplier, currency)}`, `refund ${money(d.refund, currency)}`, `fees ${money(d.fees, currency)}`, `token share ${money(d.buyback, currency)}`];
        ctx.out(`  ${d.job.toBase58()}: ${d.servedHours} hours served; ${parts.join(", ")}`);
      }
    }
    bar.tick(group.length);
  }
  bar.done();
  return code;
}
