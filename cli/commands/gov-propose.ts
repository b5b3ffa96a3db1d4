import BN from "bn.js";
import { PublicKey } from "@solana/web3.js";
import { ADMIN_TARGETS, GovAction, JOB_PARAMS, parseIoGovernanceEvents, proposeInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { required } from "../flags";
import { describeAction, openEpoch, readGovConfig, votingPositions } from "../gov";
import { dryRunProposal } from "../gov-dry-run";
import { io } from "../staking";

export const usage =
  "gov-propose (--job-param <name> --value <n> | --oracle-set <key,key,...> --quorum <n> | --accept-admin <io_token|io_oracle|io_jobs|io_staking>)   (a staker with enough voting power: prints the diff, current -> new, with bounds; --dry-run: simulates the execution now and sends nothing)";

/** `io gov-propose`: the `propose` instruction, from the signer's position with the most power. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const proposer = ctx.signer();
  let action: GovAction;
  let target = 0;
  let value = new BN(0);
  let members: PublicKey[] = [];
  if (flags.has("job-param")) {
    action = GovAction.JobParam;
    const name = required(flags, "job-param");
    target = JOB_PARAMS.findIndex((p) => p.name === name || p.name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) === name);
    if (target < 0) throw new Error(`--job-param: one of ${JOB_PARAMS.map((p) => p.name).join(", ")}`);
    value = new BN(required(flags, "value"));
    const { min, max } = JOB_PARAMS[target];
    if (value.lt(min) || value.gt(max)) throw new Error(`--value ${value} is outside ${JOB_PARAMS[target].name}'s bounds ${min}..${max}`);
  } else if (flags.has("oracle-set")) {
    action = GovAction.OracleSet;
    members = required(flags, "oracle-set").split(",").map((k) => new PublicKey(k.trim()));
    value = new BN(required(flags, "quorum"));
  } else {
    action = GovAction.AcceptAdmin;
    target = ADMIN_TARGETS.findIndex((t) => t.name === required(flags, "accept-admin"));
    if (target < 0) throw new Error(`--accept-admin: one of ${ADMIN_TARGETS.map((t) => t.name).join(", ")}`);
  }
  if (flags.has("dry-run")) return dryRunProposal(ctx.chain, { action, target, value, members }, proposer.publicKey, ctx.out);
  const config = await readGovConfig(ctx.chain);
  const epoch = await openEpoch(ctx.chain);
  const best = (await votingPositions(ctx.chain, proposer.publicKey, epoch)).filter((p) => p.power !== null).sort((a, b) => b.power!.cmp(a.power!))[0];
  if (!best) throw new Error(`${proposer.publicKey.toBase58()} has no io_staking position`);
  const index = config.proposalCount;
  const ix = proposeInstruction({ proposer: proposer.publicKey, position: best.address, index, action, target, value, members });
  const res = await ctx.chain.sendTransaction([ix], [proposer]);
  const code = report(ctx, "propose", res);
  const proposed = res.ok ? parseIoGovernanceEvents(res.logs).find((e) => e.name === "proposed") : undefined;
  if (proposed) {
    const d = proposed.data as { oldValue: BN; value: BN; eligible: BN; end: BN };
    ctx.out(`proposal ${index.toString()}: ${describeAction({ action, target, oldValue: d.oldValue, value: d.value, members, memberCount: members.length })}`);
    ctx.out(`snapshot: the start of epoch ${epoch}; eligible ${io(d.eligible)}; proposer's power ${io(best.power!)}; voting ends ${new Date(d.end.toNumber() * 1000).toISOString()}`);
  }
  return code;
}
