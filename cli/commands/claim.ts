import BN from "bn.js";
import { canCompound, claimInstruction, lastEpochOf, parseIoStakingEvents, previewClaim } from "../../sdk/src";
import { Context, report } from "../context";
import { switchFlag } from "../flags";
import { ensureIoAccount } from "../genesis";
import { io, ioAccountOf, outstandingEpoch, participantFlag, readPosition, readStakingConfig } from "../staking";

/** `io claim`: the `claim` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const compound = switchFlag(flags, "compound");
  const { address, participant } = await participantFlag(ctx.chain, flags);
  const staker = ctx.signer();
  const position = await readPosition(ctx.chain, address, staker.publicKey);
  if (!position) throw new Error(`${staker.publicKey.toBase58()} has no position with ${address.toBase58()} (stake first)`);
  const config = await readStakingConfig(ctx.chain);
  const preview = previewClaim(config, participant, position, await outstandingEpoch(ctx.chain, config, participant));
  if (compound && !canCompound(participant, position, preview)) {
    throw new Error(`--compound: ${io(preview.total)} would be this position's only stake, below the 1 IO minimum of a delegation: claim it without --compound`);
  }
  // Its own account, created only when something is paid into it (else the program refuses anyway).
  const to = !compound && !preview.total.isZero() ? await ensureIoAccount(ctx.chain, staker, staker.publicKey) : ioAccountOf(staker.publicKey);
  const ix = claimInstruction({ staker: staker.publicKey, participant: address, lastEpoch: lastEpochOf(participant), to, compound });
  const res = await ctx.chain.sendTransaction([ix], [staker]);
  const code = report(ctx, "claim", res);
  if (res.ok) {
    const claimed = parseIoStakingEvents(res.logs).find((e) => e.name === "claimed");
    const amount = claimed ? (claimed.data.amount as BN) : new BN(0);
    ctx.out(amount.isZero() ? "nothing to pay yet: pending stake activated" : `claimed ${io(amount)}${compound ? ", re-staked" : ` to ${to.toBase58()}`}`);
  }
  return code;
}
