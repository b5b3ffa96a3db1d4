import { Context } from "../context";
import { formatGenesis, readGenesis } from "../genesis";

export const usage = "genesis   (read only: the IO mint, its metadata, the admin and the five genesis vaults)";

/** `io genesis`: what `initialize` created, read back from the chain. */
export async function run(ctx: Context): Promise<number> {
  ctx.out(formatGenesis(await readGenesis(ctx.chain)));
  return 0;
}
