/** io_jobs' time and exit rules, as the program applies them, for clients that want to know before sending. */
import { DISPUTE_OPEN, JOB_ENDED, JobState } from "./accounts";

const SECONDS_PER_HOUR = 3_600;

/**
 * The most hours attest_usage (and resolve_dispute) accept for `job` at unix time `now`: the
 * hours begun between its opening and now, or its end if it ended (ceil of seconds / 3600),
 * and never more than it paid for (attest.rs `hours_begun`).
 */
export function hoursBegun(job: Pick<JobState, "state" | "openedAt" | "endedAt" | "hours">, now: number): number {
  const until = job.state === JOB_ENDED ? Math.min(job.endedAt.toNumber(), now) : now;
  const begun = Math.ceil(Math.max(0, until - job.openedAt.toNumber()) / SECONDS_PER_HOUR);
  return Math.min(begun, job.hours);
}

/**
 * Whether settle_jobs accepts `job` at `now` (settle_jobs.rs `settleable`): ended, run out or
 * expired by its own start timeout, past its challenge window, and not under a dispute whose
 * deadline is still ahead (a lapsed dispute settles on the usage round's accepted figure).
 */
export function jobSettleable(job: JobState, now: number): boolean {
  if (job.dispute === DISPUTE_OPEN && now < job.disputeDeadline.toNumber()) return false;
  const expires = job.openedAt.toNumber() + job.startTimeout + job.hours * SECONDS_PER_HOUR;
  const over = job.state === JOB_ENDED || job.attestedHours >= job.hours || now >= expires;
  return over && now >= job.settleAfter.toNumber();
}

/**
 * Whether cancel_job (and, after the start timeout, refund_unstarted) accepts `job`
 * (exit.rs `unstarted`): no usage ever accepted and no oracle ever attested more than 0 hours
 * for it. Otherwise the way out is end_job and settlement on the quorum's figure.
 */
export function jobUnstarted(job: Pick<JobState, "attestedHours" | "highestVote">): boolean {
  return job.attestedHours === 0 && job.highestVote === 0;
}
