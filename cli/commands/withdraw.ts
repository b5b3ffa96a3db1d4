import BN from "bn.js";
import { parseIoStakingEvents, withdrawInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { ensureIoAccount } from "../genesis";
import { io, participantFlag } from "../staking";

/** `io withdraw`: the `withdraw` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const { address } = await participantFlag(ctx.chain, flags);
  const staker = ctx.signer();
  const stakerIo = await ensureIoAccount(ctx.chain, staker, staker.publicKey);
  const res = await ctx.chain.sendTransaction([withdrawInstruction({ staker: staker.publicKey, participant: address, stakerIo })], [staker]);
  const code = report(ctx, "withdraw", res);
  const withdrawn = res.ok ? parseIoStakingEvents(res.logs).find((e) => e.name === "withdrawn") : undefined;
  if (withdrawn) ctx.out(`withdrew ${io(withdrawn.data.amount as BN)}`);
  return code;
}
