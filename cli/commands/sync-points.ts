import BN from "bn.js";
import { formatAmount, lastEpochOf, parseIoStakingEvents, ParticipantKind, syncPointsInstruction, USD_DECIMALS } from "../../sdk/src";
import { Context, report } from "../context";
import { participantFlag } from "../staking";

/** `io sync-points`: the `sync_points` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const { address, participant } = await participantFlag(ctx.chain, flags);
  if (participant.kind !== ParticipantKind.Node) throw new Error(`${address.toBase58()} is a user participant: only nodes have computing points`);
  const payer = ctx.signer();
  const ix = syncPointsInstruction({ participant: address, node: participant.key, lastEpoch: lastEpochOf(participant) });
  const res = await ctx.chain.sendTransaction([ix], [payer]);
  const code = report(ctx, "sync_points", res);
  if (res.ok) {
    const registered = parseIoStakingEvents(res.logs).find((e) => e.name === "registered");
    const d = registered?.data as { epoch: number; points: BN } | undefined;
    ctx.out(d ? `registered ${formatAmount(d.points, USD_DECIMALS)} computing points in epoch ${d.epoch}` : "no new computing points since the last sync");
  }
  return code;
}
