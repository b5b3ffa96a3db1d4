import BN from "bn.js";
import { formatAmount, lastEpochOf, parseIoStakingEvents, ParticipantKind, participantKey, syncUsageInstruction, USD_DECIMALS } from "../../sdk/src";
import { Context, report } from "../context";
import { pubkeyFlag } from "../flags";
import { readParticipant } from "../staking";

/** `io sync-usage [<user>]`: the `sync_usage` instruction for a user participant (the signer's without a user); anyone may send it. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const payer = ctx.signer();
  const user = flags.has("user") ? pubkeyFlag(flags, "user") : payer.publicKey;
  const address = participantKey(user)[0];
  const participant = await readParticipant(ctx.chain, address);
  if (participant.kind !== ParticipantKind.User) throw new Error(`${address.toBase58()} is a node participant: only user participants have usage`);
  const ix = syncUsageInstruction({ user, lastEpoch: lastEpochOf(participant) });
  const res = await ctx.chain.sendTransaction([ix], [payer]);
  const code = report(ctx, "sync_usage", res);
  if (res.ok) {
    const registered = parseIoStakingEvents(res.logs).find((e) => e.name === "registered");
    const d = registered?.data as { epoch: number; points: BN } | undefined;
    ctx.out(d ? `registered $${formatAmount(d.points, USD_DECIMALS)} of usage in epoch ${d.epoch}` : "no new usage since the last sync");
  }
  return code;
}
