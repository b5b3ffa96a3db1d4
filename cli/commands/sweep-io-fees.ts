import BN from "bn.js";
import { Currency, IO_JOBS_PROGRAM_ID, parseIoJobsEvents, sweepIoFeesInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { money } from "../jobs";

/** `io sweep-io-fees`: the `sweep_io_fees` instruction. */
export async function run(ctx: Context): Promise<number> {
  const caller = ctx.signer();
  const res = await ctx.chain.sendTransaction([sweepIoFeesInstruction({ caller: caller.publicKey }, IO_JOBS_PROGRAM_ID)], [caller]);
  const code = report(ctx, "sweep_io_fees", res);
  if (res.ok) {
    for (const e of parseIoJobsEvents(res.logs).filter((e) => e.name === "ioFeesBurned")) {
      const d = e.data as { amount: BN; fees: BN; tokenShares: BN; supply: BN };
      ctx.out(`  burned ${money(d.amount, Currency.Io)} (fees ${money(d.fees, Currency.Io)}, token shares ${money(d.tokenShares, Currency.Io)}); IO supply now ${money(d.supply, Currency.Io)}`);
    }
  }
  return code;
}
