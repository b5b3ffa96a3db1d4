import { acceptAdminInstruction } from "../../sdk/src";
import { Context, report } from "../context";

/** `io accept-admin`: the `accept_admin` instruction. */
export async function run(ctx: Context): Promise<number> {
  const newAdmin = ctx.signer();
  const res = await ctx.chain.sendTransaction([acceptAdminInstruction({ newAdmin: newAdmin.publicKey })], [newAdmin]);
  return report(ctx, "accept_admin", res);
}
