import { PublicKey } from "@solana/web3.js";
import { Context } from "../context";
import { pubkeyFlag } from "../flags";
import { io, positionsOf } from "../staking";

/** `io positions`: the io_staking positions of the signer (or --staker), from the chain's account listing. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const staker: PublicKey = flags.has("staker") ? pubkeyFlag(flags, "staker") : ctx.signer().publicKey;
  const positions = await positionsOf(ctx.chain, staker);
  ctx.output.set("staker", staker);
  ctx.output.set(
    "positions",
    positions.map(({ address, position: p }) => ({ address, participant: p.participant, active: p.active, pending: p.pending, cooling: p.cooling, rewards: p.rewards })),
  );
  ctx.out(`${positions.length} position(s) of ${staker.toBase58()}`);
  for (const { address, position: p } of positions) {
    ctx.out(`  ${p.participant.toBase58()}  active ${io(p.active)}, pending ${io(p.pending)}, cooling ${io(p.cooling)}, rewards ${io(p.rewards)}  (${address.toBase58()})`);
  }
  return 0;
}
