import BN from "bn.js";
import { Currency, parseIoBuybackEvents, startLotInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { isoTime, money } from "../jobs";
import { rate } from "../buyback";

/** `io start-lot`: the `start_lot` instruction. */
export async function run(ctx: Context): Promise<number> {
  const payer = ctx.signer();
  const res = await ctx.chain.sendTransaction([startLotInstruction()], [payer]);
  const code = report(ctx, "start_lot", res);
  const ev = res.ok ? parseIoBuybackEvents(res.logs).find((e) => e.name === "lotStarted") : undefined;
  if (ev) {
    const d = ev.data as { lotId: BN; lotSize: BN; startRate: BN; floorRate: BN; endsAt: BN };
    ctx.out(`lot ${d.lotId.toString()}: ${money(d.lotSize, Currency.Usdc)} from ${rate(d.startRate)} down to ${rate(d.floorRate)} at ${isoTime(d.endsAt)}`);
  }
  return code;
}
