import BN from "bn.js";
// Narrow imports (not the SDK's index, which loads SPL Token, nor Anchor: the generated decoder
// reads the account): a read-only command starts fast.
import { expectOwner } from "../../sdk/src/borsh";
import { formatAmount } from "../../sdk/src/format";
import { decodeEmissionState } from "../../sdk/src/io-token/generated";
import { EMISSION_CAP, IO_DECIMALS, IO_TOKEN_PROGRAM_ID } from "../../sdk/src/io-token/constants";
import { emissionKey } from "../../sdk/src/io-token/pdas";
import { capHour, cumulativeEmission } from "../../sdk/src/io-token/schedule";
import { Context } from "../context";

/** `io status`: the emission state against the schedule at the chain's clock. */
export async function run(ctx: Context): Promise<number> {
  const state = await ctx.chain.getAccount(emissionKey()[0]);
  if (!state) throw new Error("emissions are not initialised on this chain");
  expectOwner(state, IO_TOKEN_PROGRAM_ID, "EmissionState");
  const e = decodeEmissionState(state.data);
  const now = await ctx.chain.unixTime();
  const hour = Math.max(0, Math.floor((now - e.startTs.toNumber()) / 3_600));
  const io = (v: BN) => `${formatAmount(v, IO_DECIMALS)} IO`;
  const cap = capHour();
  ctx.output.set("emissionStart", e.startTs);
  ctx.output.set("hour", hour);
  ctx.output.set("minted", e.minted);
  ctx.output.set("lastCrankHour", e.lastHour);
  ctx.output.set("dueNow", cumulativeEmission(hour).sub(e.minted));
  ctx.output.set("cap", EMISSION_CAP);
  ctx.output.set("capHour", cap);
  ctx.output.set("rewardsVault", e.rewardsVault);
  ctx.out(`emission start   ${new Date(e.startTs.toNumber() * 1000).toISOString()}`);
  ctx.out(`current hour     ${hour}`);
  ctx.out(`minted           ${io(e.minted)} (last crank at hour ${e.lastHour.toString()})`);
  ctx.out(`due now          ${io(cumulativeEmission(hour).sub(e.minted))}`);
  ctx.out(`next hour        ${io(cumulativeEmission(hour + 1).sub(cumulativeEmission(hour)))}`);
  ctx.out(`cap              ${io(EMISSION_CAP)} at hour ${cap} (${hour >= cap ? "reached" : `${((cap - hour) / 8_760).toFixed(2)} years away`})`);
  ctx.out(`rewards vault    ${e.rewardsVault.toBase58()}`);
  return 0;
}
