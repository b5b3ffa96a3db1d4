import { contestSlashInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { participantFlag } from "../staking";

/** `io contest-slash`: the `contest_slash` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const { address } = await participantFlag(ctx.chain, flags);
  const authority = ctx.signer();
  return report(ctx, "contest_slash", await ctx.chain.sendTransaction([contestSlashInstruction({ authority: authority.publicKey, participant: address })], [authority]));
}
