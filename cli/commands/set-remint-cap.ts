import { IO_DECIMALS, setRemintCapInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { amountFlag } from "../flags";

/** `io set-remint-cap`: the `set_remint_cap` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const admin = ctx.signer();
  const ix = setRemintCapInstruction({ admin: admin.publicKey, capPerHour: amountFlag(flags, "io-per-hour", IO_DECIMALS) });
  return report(ctx, "set_remint_cap", await ctx.chain.sendTransaction([ix], [admin]));
}
