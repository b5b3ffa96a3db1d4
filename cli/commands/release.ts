import { IO_DECIMALS, releaseInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { amountFlag, intFlag, pubkeyFlag } from "../flags";
import { ensureIoAccount } from "../genesis";

/** `io release`: the `release` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  if (flags.has("destination") === flags.has("to")) throw new Error("give where the IO goes: --destination <IO token account> or --to <wallet>");
  const admin = ctx.signer();
  const bucket = intFlag(flags, "bucket");
  const amount = amountFlag(flags, "amount", IO_DECIMALS);
  const destination = flags.has("to") ? await ensureIoAccount(ctx.chain, admin, pubkeyFlag(flags, "to")) : pubkeyFlag(flags, "destination");
  const ix = releaseInstruction({ admin: admin.publicKey, bucket, amount, destination });
  return report(ctx, "release", await ctx.chain.sendTransaction([ix], [admin]));
}
