import { PublicKey } from "@solana/web3.js";
import { Context } from "../context";
import { initEmissions } from "../genesis";

/** `io init-emissions`: the `init_emissions` instruction (once). */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const vault = flags.get("rewards-vault");
  const used = await initEmissions(ctx.chain, ctx.signer(), vault ? new PublicKey(vault) : undefined);
  ctx.out(`emissions go to ${used.toBase58()}`);
  return 0;
}
