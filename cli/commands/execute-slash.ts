import BN from "bn.js";
import { executeSlashInstruction, parseIoStakingEvents } from "../../sdk/src";
import { Context, report } from "../context";
import { io, participantFlag } from "../staking";

/** `io execute-slash`: the `execute_slash` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const { address, participant } = await participantFlag(ctx.chain, flags);
  const payer = ctx.signer();
  const res = await ctx.chain.sendTransaction([executeSlashInstruction({ participant: address, operator: participant.authority })], [payer]);
  const code = report(ctx, "execute_slash", res);
  const update = res.ok ? parseIoStakingEvents(res.logs).find((e) => e.name === "slashUpdate") : undefined;
  if (update) ctx.out(`burned ${io(update.data.amount as BN)} of the operator's own stake`);
  return code;
}
