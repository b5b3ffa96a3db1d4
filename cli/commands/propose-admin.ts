import { PublicKey, TransactionInstruction } from "@solana/web3.js";
import { proposeAdminInstruction, proposeJobsAdminInstruction, proposeOracleAdminInstruction, proposeStakingAdminInstruction } from "../../sdk/src";
import { Context, report } from "../context";

const BUILDERS: Record<string, (args: { admin: PublicKey; newAdmin: PublicKey }) => TransactionInstruction> = {
  io_token: proposeAdminInstruction,
  io_oracle: proposeOracleAdminInstruction,
  io_jobs: proposeJobsAdminInstruction,
  io_staking: proposeStakingAdminInstruction,
};

/** `io propose-admin`: the `propose_admin` instruction of io_token (default) or another program. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const newAdmin = flags.get("new-admin");
  if (!newAdmin) throw new Error("--new-admin <pubkey> is required");
  const program = flags.get("program") ?? "io_token";
  const build = BUILDERS[program];
  if (!build) throw new Error(`--program: one of ${Object.keys(BUILDERS).join(", ")}`);
  const admin = ctx.signer();
  const res = await ctx.chain.sendTransaction([build({ admin: admin.publicKey, newAdmin: new PublicKey(newAdmin) })], [admin]);
  return report(ctx, "propose_admin", res);
}
