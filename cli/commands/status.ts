import BN from "bn.js";
import {
  capHour,
  cumulativeEmission,
  decodeEmissionState,
  emissionKey,
  EMISSION_CAP,
  formatAmount,
  IO_DECIMALS,
} from "../../sdk/src";
import { Context } from "../context";

export const usage = "status   (emissions: minted so far, due now, next hour's amount, time to the cap)";

/** `io status`: the emission state against the schedule at the chain's clock. */
export async function run(ctx: Context): Promise<number> {
  const state = await ctx.chain.getAccount(emissionKey()[0]);
  if (!state) throw new Error("emissions are not initialised on this chain");
  const e = decodeEmissionState(state);
  const now = await ctx.chain.unixTime();
  const hour = Math.max(0, Math.floor((now - e.startTs.toNumber()) / 3_600));
  const io = (v: BN) => `${formatAmount(v, IO_DECIMALS)} IO`;
  const cap = capHour();
  ctx.out(`emission start   ${new Date(e.startTs.toNumber() * 1000).toISOString()}`);
  ctx.out(`current hour     ${hour}`);
  ctx.out(`minted           ${io(e.minted)} (last crank at hour ${e.lastHour.toString()})`);
  ctx.out(`due now          ${io(cumulativeEmission(hour).sub(e.minted))}`);
  ctx.out(`next hour        ${io(cumulativeEmission(hour + 1).sub(cumulativeEmission(hour)))}`);
  ctx.out(`cap              ${io(EMISSION_CAP)} at hour ${cap} (${hour >= cap ? "reached" : `${((cap - hour) / 8_760).toFixed(2)} years away`})`);
  ctx.out(`rewards vault    ${e.rewardsVault.toBase58()}`);
  return 0;
}
