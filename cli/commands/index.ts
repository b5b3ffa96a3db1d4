import { Finality } from "@solana/web3.js";
import { isRpc } from "../chain/kind";
import { Context } from "../context";
import { intFlag } from "../flags";
import { openDb } from "../../services/indexer/db";
import { RpcIndexer } from "../../services/indexer/rpc-indexer";
import { IndexStore } from "../../services/indexer/store";

/** The `--commitment` flag (finalized by default: nothing indexed can be rolled back). */
export function commitmentFlag(flags: Map<string, string>): Finality {
  const c = flags.get("commitment") ?? "finalized";
  if (c !== "finalized" && c !== "confirmed") throw new Error("--commitment: finalized or confirmed");
  return c;
}

/** The RPC index's default file. */
export const DEFAULT_RPC_DB = ".io/rpc-index.sqlite";

/** `io index`: over --url, follows the six programs from their cursors into --db, once or every --follow seconds. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  if (ctx.index) {
    const n = await ctx.index.counts();
    ctx.out(`embedded chain: indexed in-process: ${n.transactions} transactions, ${n.events} events`);
    return 0;
  }
  if (!(isRpc(ctx.chain))) throw new Error("io index needs --url or the embedded chain");
  const store = new IndexStore(await openDb(flags.get("db") ?? DEFAULT_RPC_DB));
  const indexer = new RpcIndexer(ctx.chain.connection, store, { commitment: commitmentFlag(flags), throttleMs: intFlag(flags, "throttle-ms", 0) });
  const follow = flags.has("follow") ? intFlag(flags, "follow") : 0;
  let stop = false;
  const onSignal = () => (stop = true);
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    do {
      const started = Date.now();
      const r = await indexer.run();
      const n = await store.counts();
      ctx.out(`indexed ${r.stored} new transactions (${r.events} events, ${r.seen} seen) in ${Date.now() - started} ms; the index holds ${n.transactions} transactions, ${n.events} events`);
      for (let waited = 0; follow > 0 && !stop && waited < follow * 1_000; waited += 100) await new Promise((res) => setTimeout(res, 100));
    } while (follow > 0 && !stop);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await store.db.close();
  }
  return 0;
}
