import { isRpc } from "../chain/kind";
import { Context } from "../context";
import { intFlag } from "../flags";
import { openDb } from "../../services/indexer/db";
import { RpcIndexer } from "../../services/indexer/rpc-indexer";
import { IndexStore } from "../../services/indexer/store";
import { ExplorerServer } from "../../services/explorer/server";
import { commitmentFlag, DEFAULT_RPC_DB } from "./index";

/** `io explorer`: serves the page and API; over --url it indexes (catching up at most every 5 s). */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  let store = ctx.index;
  let refresh: (() => Promise<void>) | undefined;
  let own = false;
  if (!store) {
    if (!(isRpc(ctx.chain))) throw new Error("io explorer needs --url or the embedded chain");
    store = new IndexStore(await openDb(flags.get("db") ?? DEFAULT_RPC_DB));
    own = true;
    const indexer = new RpcIndexer(ctx.chain.connection, store, { commitment: commitmentFlag(flags) });
    let last = 0;
    let running: Promise<void> | null = null;
    refresh = async () => {
      if (Date.now() - last < 5_000) return running ?? undefined;
      last = Date.now();
      running = indexer.run().then(() => undefined);
      try {
        await running;
      } finally {
        running = null;
      }
    };
    await refresh();
  }
  const server = new ExplorerServer({ store, chain: ctx.chain, port: intFlag(flags, "port", 8787), host: flags.get("host") ?? "127.0.0.1", linkTemplate: flags.get("link"), refresh });
  const port = await server.start();
  ctx.out(`explorer: http://${flags.get("host") ?? "127.0.0.1"}:${port}/ (${ctx.chain.description}; Ctrl-C stops)`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  await server.stop();
  if (own) await store.db.close();
  return 0;
}
