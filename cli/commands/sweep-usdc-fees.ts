import BN from "bn.js";
import { Currency, IO_JOBS_PROGRAM_ID, parseIoJobsEvents, sweepUsdcFeesInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { money, usdcMintOf } from "../jobs";

/** `io sweep-usdc-fees`: the `sweep_usdc_fees` instruction. */
export async function run(ctx: Context): Promise<number> {
  const caller = ctx.signer();
  const usdcMint = await usdcMintOf(ctx.chain);
  const res = await ctx.chain.sendTransaction([sweepUsdcFeesInstruction({ caller: caller.publicKey, usdcMint }, IO_JOBS_PROGRAM_ID)], [caller]);
  const code = report(ctx, "sweep_usdc_fees", res);
  if (res.ok) {
    for (const e of parseIoJobsEvents(res.logs).filter((e) => e.name === "usdcFeesSwept")) {
      const d = e.data as { toBuyback: BN; toIncentives: BN; fees: BN; tokenShares: BN };
      ctx.out(`  to the buyback ${money(d.toBuyback, Currency.Usdc)}, to incentives ${money(d.toIncentives, Currency.Usdc)} (fees ${money(d.fees, Currency.Usdc)}, token shares ${money(d.tokenShares, Currency.Usdc)})`);
    }
  }
  return code;
}
