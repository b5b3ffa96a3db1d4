import { executorKey, decodeBuffer, GovAction, proposalActions, reclaimBufferInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { intFlag } from "../flags";
import { proposalFlag } from "../gov";

/** `io gov-reclaim-buffer`: the `reclaim_buffer` instruction for each upgrade buffer of the proposal the executor still holds (or action `--action n`'s, from 1). */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const { index, address: proposal, proposal: p } = await proposalFlag(ctx.chain, flags);
  const actions = proposalActions(p);
  const only = flags.has("action") ? intFlag(flags, "action") - 1 : null;
  if (only !== null && (only < 0 || only >= actions.length)) throw new Error(`--action: 1..${actions.length}`);
  const [executor] = executorKey();
  const positions: number[] = [];
  for (const [i, a] of actions.entries()) {
    if (a.action !== GovAction.Upgrade || (only !== null && i !== only)) continue;
    const info = await ctx.chain.getAccount(a.key);
    const held = info && info.lamports > 0 && info.data.length >= 37 && decodeBuffer(info.data).authority?.equals(executor);
    // With --action the program's answer is wanted even for a buffer already gone.
    if (!held && only === null) {
      ctx.out(`action ${i + 1}: buffer ${a.key.toBase58()} is not held by the executor (closed or reclaimed already)`);
      continue;
    }
    positions.push(i);
  }
  if (positions.length === 0) {
    ctx.out(`proposal ${index}: no upgrade buffer to reclaim`);
    return only === null ? 0 : 1;
  }
  const signer = ctx.signer();
  let code = 0;
  for (const i of positions) {
    const buffer = actions[i].key;
    const lamports = (await ctx.chain.getAccount(buffer))?.lamports ?? 0;
    ctx.out(`proposal ${index} action ${i + 1}: buffer ${buffer.toBase58()} (${lamports} lamports) -> proposer ${p.proposer.toBase58()}`);
    const ix = reclaimBufferInstruction({ proposal, position: i, buffer, proposer: p.proposer });
    code = Math.max(code, report(ctx, "reclaim_buffer", await ctx.chain.sendTransaction([ix], [signer])));
  }
  return code;
}
