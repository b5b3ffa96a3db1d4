import BN from "bn.js";
import { createAirdropInstruction } from "../../sdk/src";
import { readAirdropFile } from "../airdrop-file";
import { Context, report } from "../context";
import { intFlag, required } from "../flags";

/** `io create-airdrop`: the `create_airdrop` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const admin = ctx.signer();
  const file = readAirdropFile(required(flags, "tree"));
  const deadline = (await ctx.chain.unixTime()) + intFlag(flags, "days") * 86_400;
  const ix = createAirdropInstruction({
    admin: admin.publicKey,
    id: intFlag(flags, "id"),
    root: Buffer.from(file.root, "hex"),
    total: new BN(file.total),
    deadline: new BN(deadline),
  });
  return report(ctx, "create_airdrop", await ctx.chain.sendTransaction([ix], [admin]));
}
