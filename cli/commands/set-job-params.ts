import { IO_JOBS_PROGRAM_ID, setJobParamsInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { intFlag } from "../flags";
import { readJobsConfig } from "../jobs";

/** `io set-job-params`: the `set_job_params` instruction, starting from the config's values. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const admin = ctx.signer();
  const c = await readJobsConfig(ctx.chain);
  const ix = setJobParamsInstruction(
    {
      admin: admin.publicKey,
      networkFeeBps: intFlag(flags, "network-fee-bps", c.networkFeeBps),
      usdcSupplierFeeBps: intFlag(flags, "usdc-supplier-fee-bps", c.usdcSupplierFeeBps),
      facilitationFeeBps: intFlag(flags, "facilitation-fee-bps", c.facilitationFeeBps),
      challengeWindow: intFlag(flags, "challenge-window", c.challengeWindow),
      startTimeout: intFlag(flags, "start-timeout", c.startTimeout),
      confMultiple: intFlag(flags, "conf-multiple", c.confMultiple),
      maxPriceAge: intFlag(flags, "max-price-age", c.maxPriceAge),
      disputeWindow: intFlag(flags, "dispute-window", c.disputeWindow),
      feeBuybackBps: intFlag(flags, "fee-buyback-bps", c.feeBuybackBps),
    },
    IO_JOBS_PROGRAM_ID,
  );
  return report(ctx, "set_job_params", await ctx.chain.sendTransaction([ix], [admin]));
}
