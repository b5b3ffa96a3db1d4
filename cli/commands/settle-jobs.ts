import { PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { Currency, currencyAccounts, CURRENCY_NAMES, JobState, parseIoJobsEvents, SettleJob, settleJobFromState, settleJobsInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { required } from "../flags";
import { ensureTokenAccount } from "../genesis";
import { currencyOf, money, readJob, usdcMintOf } from "../jobs";

/** Nine fixed accounts and five per job (the user's profile is the fifth; six for a job paying a referral share, seven
 * when its node's owner's referrer is paid too), in one legacy transaction of at most 1,232 bytes (no address lookup table):
 * at most this many jobs ... */
export const MAX_SETTLE_JOBS = 4;
/** ... and at most this many job accounts after the fixed ones, all distinct: 20 make 1,154 bytes, each one more 33, and the
 * RPC path adds up to two compute-budget instructions (about 50 bytes). So 4 unreferred jobs, or 3 referred ones, per
 * transaction (4 jobs of distinct referred users, 1,286 bytes, never fitted). */
export const MAX_SETTLE_JOB_ACCOUNTS = 20;

/** The accounts `job` takes in a settlement batch after the fixed ones. */
function jobAccounts(address: PublicKey, job: JobState): number {
  const e = settleJobFromState(address, job, PublicKey.default);
  const nodeReferrer = e.nodeReferrer && !(e.referrer && e.referrer.equals(e.nodeReferrer));
  return 5 + (e.referrer ? 1 : 0) + (nodeReferrer ? 1 : 0);
}

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
 * most MAX_SETTLE_JOBS jobs (and MAX_SETTLE_JOB_ACCOUNTS of their accounts) of one currency (a batch settles one currency); a progress bar on a
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
    let group: { address: PublicKey; job: JobState }[] = [];
    let accounts = 0;
    for (const j of of) {
      const n = jobAccounts(j.address, j.job);
      if (group.length === MAX_SETTLE_JOBS || accounts + n > MAX_SETTLE_JOB_ACCOUNTS) {
        batches.push({ currency, jobs: group });
        [group, accounts] = [[], 0];
      }
      group.push(j);
      accounts += n;
    }
    if (group.length > 0) batches.push({ currency, jobs: group });
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
