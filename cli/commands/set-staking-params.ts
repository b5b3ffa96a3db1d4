import { computeRateCap, epochEndsAt, IO_DECIMALS, ioPerUsdOfCap, setStakingParamsInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { amountFlag, intFlag } from "../flags";
import { isoTime } from "../jobs";
import { readStakingConfig } from "../staking";

/** `io set-staking-params`: the `set_staking_params` instruction, starting from the config's values. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const admin = ctx.signer();
  const c = await readStakingConfig(ctx.chain);
  const io = (name: string, current: typeof c.minNodeStake) => (flags.has(name) ? amountFlag(flags, name, IO_DECIMALS) : current);
  const cap = flags.get("max-compute-rate");
  let maxComputeRate = c.maxComputeRate;
  if (cap !== undefined) {
    try {
      maxComputeRate = computeRateCap(cap);
    } catch {
      throw new Error(`--max-compute-rate: not an amount of IO per $1 of computing points with at most 11 decimals: ${cap}`);
    }
  }
  const ix = setStakingParamsInstruction({
    admin: admin.publicKey,
    epochLength: intFlag(flags, "epoch-length", c.epochLength),
    availabilityBps: intFlag(flags, "availability-bps", c.availabilityBps),
    minNodeStake: io("min-node-stake", c.minNodeStake),
    weightCap: io("weight-cap", c.weightCap),
    minShareBps: intFlag(flags, "min-share-bps", c.minShareBps),
    maxShareBps: intFlag(flags, "max-share-bps", c.maxShareBps),
    cooldown: intFlag(flags, "cooldown", c.cooldown),
    maxComputeRate,
  });
  const code = report(ctx, "set_staking_params", await ctx.chain.sendTransaction([ix], [admin]));
  if (code === 0) {
    ctx.out(`compute rate at most ${ioPerUsdOfCap(maxComputeRate)} IO per $1 of computing points (max_compute_rate ${maxComputeRate.toString()})`);
    const length = intFlag(flags, "epoch-length", c.epochLength);
    if (length !== c.openEpochLength) ctx.out(`epoch length ${length} s from epoch ${c.epoch + 1}; the open epoch ${c.epoch} keeps its ${c.openEpochLength} s (ends ${isoTime(epochEndsAt(c))})`);
  }
  return code;
}
