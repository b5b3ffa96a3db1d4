import { IO_DECIMALS, setStakingParamsInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { amountFlag, intFlag } from "../flags";
import { readStakingConfig } from "../staking";

export const usage =
  "set-staking-params [--epoch-length S] [--availability-bps N] [--min-node-stake IO] [--weight-cap IO] [--min-share-bps N] [--max-share-bps N] [--cooldown S]   (admin; unset flags keep their value)";

/** `io set-staking-params`: the `set_staking_params` instruction, starting from the config's values. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const admin = ctx.signer();
  const c = await readStakingConfig(ctx.chain);
  const io = (name: string, current: typeof c.minNodeStake) => (flags.has(name) ? amountFlag(flags, name, IO_DECIMALS) : current);
  const ix = setStakingParamsInstruction({
    admin: admin.publicKey,
    epochLength: intFlag(flags, "epoch-length", c.epochLength),
    availabilityBps: intFlag(flags, "availability-bps", c.availabilityBps),
    minNodeStake: io("min-node-stake", c.minNodeStake),
    weightCap: io("weight-cap", c.weightCap),
    minShareBps: intFlag(flags, "min-share-bps", c.minShareBps),
    maxShareBps: intFlag(flags, "max-share-bps", c.maxShareBps),
    cooldown: intFlag(flags, "cooldown", c.cooldown),
  });
  return report(ctx, "set_staking_params", await ctx.chain.sendTransaction([ix], [admin]));
}
