import { acceptGovernanceAdminInstruction, ADMIN_TARGETS } from "../../sdk/src";
import { Context, report } from "../context";
import { required } from "../flags";

/** `io gov-accept-admin`: io_governance's `accept_admin` for one program. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const name = required(flags, "program");
  const target = ADMIN_TARGETS.findIndex((t) => t.name === name);
  if (target < 0) throw new Error(`--program: one of ${ADMIN_TARGETS.map((t) => t.name).join(", ")}`);
  const signer = ctx.signer();
  return report(ctx, "accept_admin", await ctx.chain.sendTransaction([acceptGovernanceAdminInstruction({ target })], [signer]));
}
