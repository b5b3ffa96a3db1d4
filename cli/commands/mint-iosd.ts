import { IO_DECIMALS, iosdMintKey, mintIosdInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { amountFlag } from "../flags";
import { ensureIoAccount, ensureTokenAccount } from "../genesis";

/** `io mint-iosd`: the `mint_iosd` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const user = ctx.signer();
  const userIo = await ensureIoAccount(ctx.chain, user, user.publicKey);
  const userIosd = await ensureTokenAccount(ctx.chain, user, user.publicKey, iosdMintKey()[0]);
  const ix = mintIosdInstruction({ user: user.publicKey, userIo, userIosd, ioAmount: amountFlag(flags, "io", IO_DECIMALS) });
  return report(ctx, "mint_iosd", await ctx.chain.sendTransaction([ix], [user]));
}
