import { setSlashingInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { intFlag } from "../flags";
import { readStakingConfig } from "../staking";

/** `io set-slashing`: the `set_slashing` instruction, starting from the config's values. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const admin = ctx.signer();
  const c = await readStakingConfig(ctx.chain);
  const ix = setSlashingInstruction({
    admin: admin.publicKey,
    slashBps: intFlag(flags, "slash-bps", c.slashBps),
    slashWindow: intFlag(flags, "slash-window", c.slashWindow),
    slashVoteTtl: intFlag(flags, "slash-vote-ttl", c.slashVoteTtl),
  });
  return report(ctx, "set_slashing", await ctx.chain.sendTransaction([ix], [admin]));
}
