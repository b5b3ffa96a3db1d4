import { capHour, cumulativeEmission, EMISSION_CAP, formatAmount, IO_DECIMALS, MONTH_HOURS } from "../../sdk/src";
import { intFlag } from "../flags";

export const usage = "schedule --hour <n>   (offline: cumulative emission after n whole hours)";

/** `io schedule`: the emission schedule at an hour, from the SDK's exact computation. */
export async function offline(flags: Map<string, string>, out: (line: string) => void): Promise<number> {
  const hour = intFlag(flags, "hour");
  const total = cumulativeEmission(hour);
  out(`hour ${hour} (month ${Math.floor(hour / MONTH_HOURS)}, hour ${hour % MONTH_HOURS} of 730)`);
  out(`cumulative emission  ${formatAmount(total, IO_DECIMALS)} IO`);
  out(`base units           ${total.toString()}`);
  out(`cap                  ${formatAmount(EMISSION_CAP, IO_DECIMALS)} IO, reached at hour ${capHour()}`);
  return 0;
}
