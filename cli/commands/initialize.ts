import { Context } from "../context";
import { DEFAULT_METADATA, initializeProtocol } from "../genesis";

/** `io initialize`: the `initialize` instruction, once per cluster. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const outcome = await initializeProtocol(ctx.chain, ctx.signer(), {
    name: flags.get("name") ?? DEFAULT_METADATA.name,
    symbol: flags.get("symbol") ?? DEFAULT_METADATA.symbol,
    uri: flags.get("uri") ?? DEFAULT_METADATA.uri,
  });
  ctx.out(outcome === "initialized" ? "initialize: done" : "initialize: already initialised, nothing sent");
  return 0;
}
