import { Context } from "../context";
import { formatGenesis, readGenesis } from "../genesis";

/** `io genesis`: what `initialize` created, read back from the chain. */
export async function run(ctx: Context): Promise<number> {
  ctx.out(formatGenesis(await readGenesis(ctx.chain)));
  return 0;
}
