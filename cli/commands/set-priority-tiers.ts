import { setPriorityTiersInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { intFlag } from "../flags";
import { readStakingConfig } from "../staking";

/** `io set-priority-tiers`: the `set_priority_tiers` instruction, starting from the config's thresholds. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const admin = ctx.signer();
  const c = await readStakingConfig(ctx.chain);
  const tiersIo = [0, 1, 2].map((i) => intFlag(flags, `tier${i + 1}-io`, c.priorityIo[i]));
  const ix = setPriorityTiersInstruction({ admin: admin.publicKey, tiersIo });
  return report(ctx, "set_priority_tiers", await ctx.chain.sendTransaction([ix], [admin]));
}
