import { PublicKey } from "@solana/web3.js";
import { proposeAdminInstruction } from "../../sdk/src";
import { Context, report } from "../context";

export const usage = "propose-admin --new-admin <pubkey>   (signer: the admin; the default address cancels)";

/** `io propose-admin`: the `propose_admin` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const newAdmin = flags.get("new-admin");
  if (!newAdmin) throw new Error("--new-admin <pubkey> is required");
  const admin = ctx.signer();
  const res = await ctx.chain.sendTransaction(
    [proposeAdminInstruction({ admin: admin.publicKey, newAdmin: new PublicKey(newAdmin) })],
    [admin],
  );
  return report(ctx, "propose_admin", res);
}
