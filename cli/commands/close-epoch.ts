import { PublicKey, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import { closeEpochInstruction, crankInstruction, cumulativeEmission, decodeEmissionState, emissionKey, epochEndsAt, ioPerUsdOfCap, parseIoStakingEvents } from "../../sdk/src";
import { Context, report } from "../context";
import { intFlag } from "../flags";
import { isoTime } from "../jobs";
import { io, readEpoch, readStakingConfig } from "../staking";

/** The crank, when emissions go to io_staking's rewards vault and scheduled emissions are due. */
async function crankIfDue(ctx: Context, rewardsVault: PublicKey): Promise<TransactionInstruction[]> {
  const info = await ctx.chain.getAccount(emissionKey()[0]);
  if (!info) return [];
  const emission = decodeEmissionState(info);
  if (!emission.rewardsVault.equals(rewardsVault)) {
    ctx.out(`note: emissions go to ${emission.rewardsVault.toBase58()}, not io_staking's rewards vault: this epoch gets only what is in the vault`);
    return [];
  }
  const hour = Math.max(0, Math.floor(((await ctx.chain.unixTime()) - emission.startTs.toNumber()) / 3_600));
  return cumulativeEmission(hour).gt(emission.minted) ? [crankInstruction({ rewardsVault })] : [];
}

/** `io close-epoch`: `crank` (when due) and the `close_epoch` instruction in one transaction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const config = await readStakingConfig(ctx.chain);
  const epoch = intFlag(flags, "epoch", config.epoch);
  if (epoch !== config.epoch) throw new Error(`epoch ${epoch} is not the open epoch ${config.epoch}: only the open epoch closes`);
  // The open epoch's own length, fixed when it opened (a later epoch_length applies from the next one).
  const ends = epochEndsAt(config).toNumber();
  const now = await ctx.chain.unixTime();
  if (now < ends) throw new Error(`epoch ${epoch} has not ended: it ends at ${isoTime(new BN(ends))} (${ends - now} s from now)`);
  const payer = ctx.signer();
  const crank = await crankIfDue(ctx, config.rewardsVault);
  const res = await ctx.chain.sendTransaction([...crank, closeEpochInstruction({ payer: payer.publicKey, epoch })], [payer]);
  const code = report(ctx, crank.length ? "crank + close_epoch" : "close_epoch", res);
  const closed = res.ok ? parseIoStakingEvents(res.logs).find((e) => e.name === "epochClosed") : undefined;
  if (closed) {
    const d = closed.data as { rewards: BN; availability: BN; compute: BN; carried: BN };
    ctx.out(`epoch ${epoch} closed: ${io(d.rewards)} to assign; availability ${io(d.availability)}, compute ${io(d.compute)}, carried forward ${io(d.carried)}`);
    const closedEpoch = await readEpoch(ctx.chain, epoch);
    if (closedEpoch && !closedEpoch.points.isZero() && closedEpoch.computeRate.eq(config.maxComputeRate)) {
      ctx.out(`the compute rate is at its cap, ${ioPerUsdOfCap(config.maxComputeRate)} IO per $1 of computing points: the rest of the compute pool carries forward`);
    }
  }
  return code;
}
