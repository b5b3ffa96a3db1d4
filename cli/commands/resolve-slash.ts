import { resolveSlashInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { switchFlag } from "../flags";
import { participantFlag } from "../staking";

/** `io resolve-slash`: the `resolve_slash` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const uphold = switchFlag(flags, "uphold");
  if (uphold === switchFlag(flags, "dismiss")) throw new Error("decide the slash: --uphold or --dismiss");
  const { address } = await participantFlag(ctx.chain, flags);
  const caller = ctx.signer();
  return report(ctx, `resolve_slash (${uphold ? "upheld" : "dismissed"})`, await ctx.chain.sendTransaction([resolveSlashInstruction({ caller: caller.publicKey, participant: address, uphold })], [caller]));
}
