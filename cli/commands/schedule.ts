// Narrow imports (not the SDK's index, which loads Anchor and SPL Token): an offline command starts fast.
import { formatAmount } from "../../sdk/src/format";
import { EMISSION_CAP, IO_DECIMALS, MONTH_HOURS } from "../../sdk/src/io-token/constants";
import { capHour, cumulativeEmission } from "../../sdk/src/io-token/schedule";
import { intFlag } from "../flags";
import { Output } from "../output";

/** `io schedule`: the emission schedule at an hour, from the SDK's exact computation. */
export async function offline(flags: Map<string, string>, out: (line: string) => void, output: Output): Promise<number> {
  const hour = intFlag(flags, "hour");
  const total = cumulativeEmission(hour);
  output.set("hour", hour);
  output.set("cumulativeEmission", total);
  output.set("cap", EMISSION_CAP);
  output.set("capHour", capHour());
  out(`hour ${hour} (month ${Math.floor(hour / MONTH_HOURS)}, hour ${hour % MONTH_HOURS} of 730)`);
  out(`cumulative emission  ${formatAmount(total, IO_DECIMALS)} IO`);
  out(`base units           ${total.toString()}`);
  out(`cap                  ${formatAmount(EMISSION_CAP, IO_DECIMALS)} IO, reached at hour ${capHour()}`);
  return 0;
}
