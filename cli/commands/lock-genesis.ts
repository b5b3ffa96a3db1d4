import { lockGenesisInstruction } from "../../sdk/src";
import { Context, report } from "../context";

/** `io lock-genesis`: the `lock_genesis` instruction. */
export async function run(ctx: Context): Promise<number> {
  const admin = ctx.signer();
  return report(ctx, "lock_genesis", await ctx.chain.sendTransaction([lockGenesisInstruction({ admin: admin.publicKey })], [admin]));
}
