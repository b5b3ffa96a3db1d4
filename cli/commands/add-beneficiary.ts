import { addBeneficiaryInstruction, IO_DECIMALS } from "../../sdk/src";
import { Context, report } from "../context";
import { amountFlag, intFlag, pubkeyFlag } from "../flags";

/** `io add-beneficiary`: the `add_beneficiary` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const admin = ctx.signer();
  const ix = addBeneficiaryInstruction({
    admin: admin.publicKey,
    bucket: intFlag(flags, "bucket"),
    beneficiary: pubkeyFlag(flags, "beneficiary"),
    amount: amountFlag(flags, "amount", IO_DECIMALS),
  });
  return report(ctx, "add_beneficiary", await ctx.chain.sendTransaction([ix], [admin]));
}
