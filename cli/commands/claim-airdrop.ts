import { claimAirdropInstruction } from "../../sdk/src";
import { claimOf, readAirdropFile } from "../airdrop-file";
import { Context, report } from "../context";
import { intFlag, required } from "../flags";
import { ensureIoAccount } from "../genesis";

/** `io claim-airdrop`: the `claim_airdrop` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const claimant = ctx.signer();
  const { amount, proof } = claimOf(readAirdropFile(required(flags, "tree")), claimant.publicKey);
  const destination = await ensureIoAccount(ctx.chain, claimant, claimant.publicKey);
  const ix = claimAirdropInstruction({ claimant: claimant.publicKey, id: intFlag(flags, "id"), amount, proof, destination });
  return report(ctx, "claim_airdrop", await ctx.chain.sendTransaction([ix], [claimant]));
}
