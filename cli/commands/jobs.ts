import { PublicKey } from "@solana/web3.js";
import { decodeJob, DISPUTE_OPEN, IO_JOBS_IDL, IO_JOBS_PROGRAM_ID, JOB_ENDED } from "../../sdk/src";
import { Context } from "../context";
import { pubkeyFlag } from "../flags";
import { currencyOf, isoTime, money } from "../jobs";

/** A Job account's `user` field: after the 8-byte discriminator, version, bump, state, currency and dispute. */
const JOB_USER_OFFSET = 8 + 5;

function jobDiscriminator(): Buffer {
  const found = IO_JOBS_IDL.accounts.find((a) => a.name === "job");
  if (!found) throw new Error("io_jobs' IDL has no Job account");
  return Buffer.from(found.discriminator);
}

/** `io jobs`: the open (not yet settled) jobs of the signer (or --user), from the chain's account listing. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const user: PublicKey = flags.has("user") ? pubkeyFlag(flags, "user") : ctx.signer().publicKey;
  const listed = await ctx.chain.getProgramAccounts(IO_JOBS_PROGRAM_ID, [
    { offset: 0, bytes: jobDiscriminator() },
    { offset: JOB_USER_OFFSET, bytes: user.toBuffer() },
  ]);
  const jobs = listed
    .map(({ pubkey, account }) => ({ address: pubkey, job: decodeJob(account) }))
    .sort((a, b) => a.job.openedAt.cmp(b.job.openedAt));
  ctx.output.set("user", user);
  ctx.output.set(
    "jobs",
    jobs.map(({ address, job }) => ({
      address,
      node: job.node,
      nonce: job.nonce,
      currency: currencyOf(job),
      state: job.state === JOB_ENDED ? "ended" : "open",
      disputed: job.dispute === DISPUTE_OPEN,
      hours: job.hours,
      attestedHours: job.attestedHours,
      payment: job.payment,
      openedAt: job.openedAt,
    })),
  );
  ctx.out(`${jobs.length} job(s) of ${user.toBase58()} (settled jobs are closed and not listed)`);
  for (const { address, job } of jobs) {
    const state = job.state === JOB_ENDED ? "ended" : "open";
    const dispute = job.dispute === DISPUTE_OPEN ? ", disputed" : "";
    ctx.out(`  ${address.toBase58()}  ${state}${dispute}  ${job.attestedHours}/${job.hours} h  ${money(job.payment, currencyOf(job))}  node ${job.node.toBase58()}  opened ${isoTime(job.openedAt)}`);
  }
  return 0;
}
