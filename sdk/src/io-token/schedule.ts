/**
 * The IO supply policy in TypeScript, by the rules of docs/supply.md, computed with exact
 * integers (BigInt) from the formula, not from the program's table.
 */
import BN from "bn.js";
import { MONTH_HOURS } from "./constants";

const CAP = 300_000_000n * 100_000_000n;

/** Cumulative emission at the start of month `m`: floor(E0 (1 - r^m) / (1 - r)) base units. */
export function monthStartEmission(m: number): bigint {
  const a = 5000n ** BigInt(m);
  const b = 4949n ** BigInt(m);
  return (10n ** 19n * (a - b)) / (306n * a);
}

/** Cumulative emission in base units after `hour` whole hours since genesis. */
export function cumulativeEmission(hour: number | bigint): BN {
  const h = BigInt(hour);
  const m = Number(h / BigInt(MONTH_HOURS));
  if (m >= 244) return new BN(CAP.toString());
  const start = monthStartEmission(m);
  const amount = monthStartEmission(m + 1) - start;
  const value = start + (amount * (h % BigInt(MONTH_HOURS))) / BigInt(MONTH_HOURS);
  return new BN((value < CAP ? value : CAP).toString());
}

/** The first whole hour at which cumulative emission equals the cap. */
export function capHour(): number {
  let lo = 0;
  let hi = 244 * MONTH_HOURS;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (cumulativeEmission(mid).eq(new BN(CAP.toString()))) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Vesting: parts unlock at month ends from `firstMonth`; None for released buckets. */
export const VESTING: Record<number, { firstMonth: number; parts: number } | undefined> = {
  0: { firstMonth: 13, parts: 24 },
  1: { firstMonth: 13, parts: 24 },
  2: { firstMonth: 13, parts: 36 },
};

/** IO of a grant unlocked after `months` whole 730-hour months (dust in the last part). */
export function unlockedAmount(amount: BN, bucket: number, months: number): BN {
  const schedule = VESTING[bucket];
  if (!schedule) return new BN(0);
  const parts = Math.min(Math.max(months + 1 - schedule.firstMonth, 0), schedule.parts);
  return parts === schedule.parts ? amount : amount.muln(parts).divn(schedule.parts);
}
