import { IO_DECIMALS, releaseInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { amountFlag, intFlag, pubkeyFlag } from "../flags";

export const usage = "release --bucket <3|4> --amount <IO> --destination <IO token account>   (admin)";

/** `io release`: the `release` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const admin = ctx.signer();
  const ix = releaseInstruction({
    admin: admin.publicKey,
    bucket: intFlag(flags, "bucket"),
    amount: amountFlag(flags, "amount", IO_DECIMALS),
    destination: pubkeyFlag(flags, "destination"),
  });
  return report(ctx, "release", await ctx.chain.sendTransaction([ix], [admin]));
}
