import { PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { currencyAccounts, CURRENCY_NAMES, parseIoJobsEvents, SettleJob, settleJobFromState, settleJobsInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { required } from "../flags";
import { ensureTokenAccount } from "../genesis";
import { currencyOf, money, readJob, usdcMintOf } from "../jobs";

/** Nine fixed accounts and four per job (five for a job paying a referral share): six jobs no longer fit one legacy transaction (1,232
 * bytes); larger batches need an address lookup table, which this command does not build. */
export const MAX_SETTLE_JOBS = 5;

export const usage = `settle-jobs --jobs <pubkey,pubkey,...>   (anyone: one settle_jobs for up to ${MAX_SETTLE_JOBS} jobs of one currency, each ended or run out and past its challenge window)`;

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
  if (jobs.length > MAX_SETTLE_JOBS) {
    throw new Error(`--jobs: at most ${MAX_SETTLE_JOBS} jobs per settle-jobs (one transaction without a lookup table); settle the rest in another call`);
  }
  if (new Set(list).size !== list.length) throw new Error("--jobs: a job is listed twice");
  return jobs;
}

/** `io settle-jobs`: the `settle_jobs` instruction over a batch of jobs. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const addresses = jobList(flags);
  const usdcMint = await usdcMintOf(ctx.chain);
  const caller = ctx.signer();
  const jobs = await Promise.all(addresses.map(async (address) => ({ address, job: await readJob(ctx.chain, address) })));
  const currency = currencyOf(jobs[0].job);
  for (const { address, job } of jobs) {
    if (currencyOf(job) !== currency) {
      throw new Error(`one settle-jobs settles one currency: ${jobs[0].address.toBase58()} is paid in ${CURRENCY_NAMES[currency]}, ${address.toBase58()} in ${CURRENCY_NAMES[currencyOf(job)]}`);
    }
  }
  const { mint, tokenProgram } = currencyAccounts(currency, usdcMint);
  const batch: SettleJob[] = [];
  for (const { address, job } of jobs) {
    // Refunds go to the user's own account: its associated one, created if it was closed.
    const userToken = await ensureTokenAccount(ctx.chain, caller, job.user, mint, tokenProgram);
    batch.push(settleJobFromState(address, job, userToken));
  }
  const ix = settleJobsInstruction({ caller: caller.publicKey, jobs: batch, currency, usdcMint });
  const res = await ctx.chain.sendTransaction([ix], [caller]);
  const code = report(ctx, "settle_jobs", res);
  if (res.ok) {
    for (const e of parseIoJobsEvents(res.logs).filter((e) => e.name === "jobSettled")) {
      const d = e.data as { job: PublicKey; servedHours: number; supplier: BN; refund: BN; fees: BN; buyback: BN };
      const parts = [`supplier ${money(d.supplier, currency)}`, `refund ${money(d.refund, currency)}`, `fees ${money(d.fees, currency)}`, `token share ${money(d.buyback, currency)}`];
      ctx.out(`  ${d.job.toBase58()}: ${d.servedHours} hours served; ${parts.join(", ")}`);
    }
  }
  return code;
}
