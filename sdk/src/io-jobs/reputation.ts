/**
 * Demand-side reputation, read by anyone: a user's profile counters, its score (USD of network
 * fees paid in settled jobs less the config's `strikeUsd` per dispute lost or job abandoned) and
 * the discount the config's table grants it at its next `open_job`. The program computes the same
 * figures (programs/io-jobs/src/reputation.rs); a job keeps the discount it opened with.
 */
import { Connection, PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { decodeUserProfile, JobsConfigState, UserProfileState } from "./accounts";
import { IO_JOBS_PROGRAM_ID, userProfileKey } from "./pdas";
import { fetchJobsConfig } from "./wallet";

export interface Reputation {
  user: PublicKey;
  /** False when the user never joined (no profile): no history, score 0. */
  joined: boolean;
  jobsSettled: number;
  hoursPaid: BN;
  paidUsd: BN;
  feesUsd: BN;
  disputesLost: number;
  abandoned: number;
  /** The conduct penalty the oracles agreed on (bps off the score; `attest_reputation`). */
  conductPenaltyBps: number;
  /** USD (6 decimals). */
  score: BN;
  /** The tier reached (1..3; 0 for none) and its discount off the network fee (bps). */
  tier: number;
  discountBps: number;
  /** The network fee (bps) a job opened now would keep. */
  networkFeeBps: number;
}

/** fees_usd - strike_usd x (disputes lost + abandoned), never below 0, less the oracle-attested conduct penalty (bps of it, rounded against the user). */
export function reputationScore(profile: Pick<UserProfileState, "feesUsd" | "disputesLost" | "abandoned" | "conductPenaltyBps">, strikeUsd: BN): BN {
  // BN's muln takes factors below 2^26 only; strikes reach 2 x (2^32 - 1). The program's product
  // is a checked u64: past 2^64 - 1 its score is 0, as it is here (the fees are below it).
  const strikes = strikeUsd.mul(new BN(profile.disputesLost).add(new BN(profile.abandoned)));
  const score = profile.feesUsd.gt(strikes) ? profile.feesUsd.sub(strikes) : new BN(0);
  return score.muln(10_000 - profile.conductPenaltyBps).divn(10_000);
}

/** The highest tier `score` reaches, and its discount. */
export function discountFor(score: BN, config: Pick<JobsConfigState, "discountUsd" | "discountBps">): { tier: number; discountBps: number } {
  let best = { tier: 0, discountBps: 0 };
  config.discountBps.forEach((bps, i) => {
    if (score.gte(config.discountUsd[i]) && bps > best.discountBps) best = { tier: i + 1, discountBps: bps };
  });
  return best;
}

/** The network fee net of a discount (the discount rounded down, as the program does). */
export function discountedFeeBps(networkFeeBps: number, discountBps: number): number {
  return networkFeeBps - Math.floor((networkFeeBps * discountBps) / 10_000);
}

/** A user's reputation from its profile and the config in force. */
export function reputationOf(user: PublicKey, profile: UserProfileState | null, config: JobsConfigState): Reputation {
  const zero = new BN(0);
  const p = profile ?? { jobsSettled: 0, hoursPaid: zero, paidUsd: zero, feesUsd: zero, disputesLost: 0, abandoned: 0, conductPenaltyBps: 0 };
  const score = reputationScore(p, config.strikeUsd);
  // A user's first job (no profile yet) opens without a discount.
  const { tier, discountBps } = profile ? discountFor(score, config) : { tier: 0, discountBps: 0 };
  return {
    user,
    joined: profile !== null,
    jobsSettled: p.jobsSettled,
    hoursPaid: p.hoursPaid,
    paidUsd: p.paidUsd,
    feesUsd: p.feesUsd,
    disputesLost: p.disputesLost,
    abandoned: p.abandoned,
    conductPenaltyBps: p.conductPenaltyBps,
    score,
    tier,
    discountBps,
    networkFeeBps: discountedFeeBps(config.networkFeeBps, discountBps),
  };
}

/** Anyone reads `user`'s reputation from the chain. */
export async function fetchReputation(connection: Connection, user: PublicKey, programId = IO_JOBS_PROGRAM_ID): Promise<Reputation> {
  const [config, info] = await Promise.all([fetchJobsConfig(connection, programId), connection.getAccountInfo(userProfileKey(user, programId)[0])]);
  return reputationOf(user, info ? decodeUserProfile(info, programId) : null, config);
}
