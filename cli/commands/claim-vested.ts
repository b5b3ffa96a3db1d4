import { claimVestedInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { intFlag } from "../flags";
import { ensureIoAccount } from "../genesis";

/** `io claim-vested`: the `claim_vested` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const beneficiary = ctx.signer();
  const destination = await ensureIoAccount(ctx.chain, beneficiary, beneficiary.publicKey);
  const ix = claimVestedInstruction({ beneficiary: beneficiary.publicKey, bucket: intFlag(flags, "bucket"), destination });
  return report(ctx, "claim_vested", await ctx.chain.sendTransaction([ix], [beneficiary]));
}
