import { pubkeyFlag } from "../flags";
import { Context } from "../context";
import { isoTime } from "../jobs";
import { io, outstandingEpoch, participantFlag, readPosition, readStakingConfig } from "../staking";
import { previewClaim, unstakeCooldown } from "../../sdk/src";

/** `io show-position`: a staker's position read back, with the claim it would make now. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const { address, participant } = await participantFlag(ctx.chain, flags);
  const staker = flags.has("staker") ? pubkeyFlag(flags, "staker") : ctx.signer().publicKey;
  const pos = await readPosition(ctx.chain, address, staker);
  if (!pos) throw new Error(`${staker.toBase58()} has no position with ${address.toBase58()}`);
  const config = await readStakingConfig(ctx.chain);
  const preview = previewClaim(config, participant, pos, await outstandingEpoch(ctx.chain, config, participant));
  ctx.output.set("position", pos);
  ctx.output.set("claimNow", preview);
  const own = staker.equals(participant.authority);
  const now = await ctx.chain.unixTime();
  ctx.out(`position       ${staker.toBase58()} with ${address.toBase58()}${own ? " (the participant's own stake)" : ""}`);
  ctx.out(`active         ${io(pos.active)}`);
  const activation = pos.pending.isZero() ? "" : config.epoch >= pos.pendingEpoch ? " (its epoch has come: activates at the next stake, unstake or claim)" : ` (earns from epoch ${pos.pendingEpoch})`;
  ctx.out(`pending        ${io(pos.pending)}${activation}`);
  const held = own && participant.slashState !== 0 ? " (held: a slash of this node is open)" : "";
  const cooldown = pos.cooling.isZero() ? "" : held || (pos.cooldownEnd.toNumber() <= now ? " (withdrawable now)" : ` (withdrawable from ${isoTime(pos.cooldownEnd)})`);
  ctx.out(`cooling        ${io(pos.cooling)}${cooldown}`);
  const shortened = unstakeCooldown(config, pos) < pos.cooldown ? `, shortened by governance from the ${pos.cooldown} s it was staked under` : " (committed when staked)";
  ctx.out(`cooldown       ${unstakeCooldown(config, pos)} s for an unstake now${shortened}`);
  ctx.out(`rewards        ${io(pos.rewards)} (accrued at the last touch)`);
  const parts = own ? ` (position ${io(preview.position)} + participant ${io(preview.participant)})` : "";
  ctx.out(`claim now      ${io(preview.total)}${parts}`);
  return 0;
}
