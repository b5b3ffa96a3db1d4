import { DISPUTE_OPEN, DISPUTE_RESOLVED, JOB_ENDED, USD_DECIMALS, formatAmount } from "../../sdk/src";
import { Context } from "../context";
import { currencyOf, isoTime, jobFlag, money, usd } from "../jobs";

/** `io show-job`: a job read back from the chain. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const { address, job } = await jobFlag(ctx.chain, flags);
  const currency = currencyOf(job);
  ctx.output.set("job", { address, ...job });
  const now = await ctx.chain.unixTime();
  const settleAfter = job.settleAfter.toNumber();
  const deadline = job.disputeDeadline.toNumber();
  const votes = (mask: number, figures: number[]) => figures.filter((_, i) => (mask & (1 << i)) !== 0);
  const round = votes(job.disputeMask, job.disputeHours);
  const lapse =
    deadline > now
      ? `until ${isoTime(job.disputeDeadline)} (${deadline - now} s), then it settles on the accepted usage, now ${job.attestedHours} hours`
      : `lapsed ${isoTime(job.disputeDeadline)}: it settles on ${job.attestedHours} hours`;
  const dispute =
    job.dispute === DISPUTE_OPEN
      ? `open (${lapse}; dispute round: ${round.length} vote(s) ${round.join(", ") || "-"})`
      : job.dispute === DISPUTE_RESOLVED
        ? "resolved (usage final)"
        : "none";
  const ended = job.state === JOB_ENDED ? `ended ${isoTime(job.endedAt)}` : "open";
  const attested = votes(job.attestMask, job.attestHours);
  ctx.out(`job            ${address.toBase58()}`);
  ctx.out(`state          ${ended}`);
  ctx.out(`user           ${job.user.toBase58()} (nonce ${job.nonce.toString()})`);
  ctx.out(`node           ${job.node.toBase58()}`);
  ctx.out(`terms          ${job.hours} hours at ${usd(job.pricePerHour)} per GPU-hour, ${formatAmount(job.amountUsd, USD_DECIMALS)} USD; USD share ${job.usdShareBps / 100}%`);
  const fee = job.facilitationFee.isZero() ? "" : `, facilitation fee ${money(job.facilitationFee, currency)}`;
  ctx.out(`paid           ${money(job.payment, currency)} held${fee}`);
  const supplierFee = job.supplierFeeBps ? `, supplier fee ${job.supplierFeeBps / 100}%` : "";
  ctx.out(`fees           network fee ${job.networkFeeBps / 100}%${supplierFee}; start timeout ${job.startTimeout} s, dispute window ${job.disputeWindow} s (fixed at opening)`);
  ctx.out(`opened         ${isoTime(job.openedAt)}`);
  ctx.out(`usage          ${job.attestedHours} of ${job.hours} hours accepted (round ${job.attestVersion}: ${attested.length} attestation(s) ${attested.join(", ") || "-"})`);
  ctx.out(`dispute        ${dispute}`);
  const window = settleAfter > now ? `challenge window until ${isoTime(job.settleAfter)} (${settleAfter - now} s)` : settleAfter > 0 ? "challenge window passed" : "no usage accepted yet";
  ctx.out(`settlement     ${window}`);
  return 0;
}
