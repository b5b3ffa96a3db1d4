import BN from "bn.js";
import { PublicKey } from "@solana/web3.js";
import {
  ActionSpec,
  ADMIN_CALLS,
  adminCallAction,
  ADMIN_TARGETS,
  CURRENCY_DECIMALS,
  Currency,
  formatAmount,
  GOV_PARAMS,
  GovAction,
  GuardianTarget,
  guardianAction,
  incentivesVaultKey,
  JOB_PARAMS,
  MAX_ACTIONS,
  parseIoGovernanceEvents,
  proposeAdminAction,
  proposeInstruction,
  spendAction,
  decodeBuffer,
  executorKey,
  UPGRADE_TARGETS,
  upgradeAction,
} from "../../sdk/src";
import { createHash } from "crypto";
import { Chain } from "../chain";
import { readBuybackConfig, usdcBalance } from "../buyback";
import { Context, report } from "../context";
import { amountFlag, required } from "../flags";
import { describeOne, openEpoch, readGovConfig, votingPositions } from "../gov";
import { dryRunProposal } from "../gov-dry-run";
import { io } from "../staking";

/** io_jobs' parameter index by its name (camelCase or snake_case). */
function jobParam(name: string): number {
  const target = JOB_PARAMS.findIndex((p) => p.name === name || p.name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) === name);
  if (target < 0) throw new Error(`io_jobs parameter: one of ${JOB_PARAMS.map((p) => p.name).join(", ")}`);
  return target;
}

/** Any program's governed parameter by `<program>.<name>` (camelCase or snake_case). */
function govParamId(spec: string): number {
  const [program, name] = spec.split(".");
  const q = GOV_PARAMS.find((p) => p.program === program && (p.name === name || p.name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) === name));
  if (!q) throw new Error(`parameter ${spec}: one of ${GOV_PARAMS.map((p) => `${p.program}.${p.name}`).join(", ")}`);
  return q.id;
}

function jobAction(target: number, raw: string): ActionSpec {
  const value = new BN(raw);
  const { name, min, max } = GOV_PARAMS.find((p) => p.id === target)!;
  if (value.lt(min) || value.gt(max)) throw new Error(`--value ${value} is outside ${name}'s bounds ${min}..${max}`);
  return { action: GovAction.JobParam, target, value };
}

function adminTarget(name: string): number {
  const target = ADMIN_TARGETS.findIndex((t) => t.name === name);
  if (target < 0) throw new Error(`program: one of ${ADMIN_TARGETS.map((t) => t.name).join(", ")}`);
  return target;
}

function adminAction(name: string): ActionSpec {
  return { action: GovAction.AcceptAdmin, target: adminTarget(name), value: new BN(0) };
}

/** `<a>:<b>` of a spec's body, both present. */
function pair(spec: string, body: string, shape: string): [string, string] {
  const i = body.lastIndexOf(":");
  if (i <= 0 || i === body.length - 1) throw new Error(`--action ${spec}: ${shape}`);
  return [body.slice(0, i), body.slice(i + 1)];
}

/** One `--action` spec; an oracle set also returns its members. */
function parseSpec(spec: string): { action: ActionSpec; members?: PublicKey[] } {
  const [kind, ...rest] = spec.split(":");
  const body = rest.join(":");
  if (kind === "job") {
    const [name, value] = body.split("=");
    if (value === undefined) throw new Error(`--action ${spec}: job:<param>=<value>`);
    return { action: jobAction(jobParam(name), value) };
  }
  if (kind === "param") {
    const [name, value] = body.split("=");
    if (value === undefined) throw new Error(`--action ${spec}: param:<program>.<param>=<value>`);
    return { action: jobAction(govParamId(name), value) };
  }
  if (kind === "oracle-set") {
    const [quorum, keys] = body.split(":");
    if (keys === undefined) throw new Error(`--action ${spec}: oracle-set:<quorum>:<key,key,...>`);
    return { action: { action: GovAction.OracleSet, target: 0, value: new BN(quorum) }, members: keys.split(",").map((k) => new PublicKey(k.trim())) };
  }
  if (kind === "accept-admin") return { action: adminAction(body) };
  if (kind === "spend") {
    const [amount, dest] = pair(spec, body, "spend:<usdc>:<token account>");
    const usdc = amountFlag(new Map([["spend", amount]]), "spend", CURRENCY_DECIMALS[Currency.Usdc]);
    if (usdc.isZero()) throw new Error(`--action ${spec}: the amount must be positive`);
    return { action: spendAction(usdc, new PublicKey(dest)) };
  }
  if (kind === "guardian") {
    const [program, key] = pair(spec, body, "guardian:<io_buyback|io_governance>:<key>");
    const target = program === "io_buyback" ? GuardianTarget.Buyback : program === "io_governance" ? GuardianTarget.Governance : undefined;
    if (target === undefined) throw new Error(`--action ${spec}: guardian of io_buyback or io_governance`);
    return { action: guardianAction(target, new PublicKey(key)) };
  }
  if (kind === "admin") {
    const [program, key] = pair(spec, body, "admin:<program>:<key>");
    return { action: proposeAdminAction(adminTarget(program), new PublicKey(key)) };
  }
  if (kind === "call") return { action: callSpec(spec, rest) };
  if (kind === "upgrade") {
    const [program, buffer] = body.split("=");
    const target = UPGRADE_TARGETS.findIndex((t) => t.name === program);
    if (target < 0 || buffer === undefined) throw new Error(`--action ${spec}: upgrade:<${UPGRADE_TARGETS.map((t) => t.name).join("|")}>=<buffer>`);
    return { action: upgradeAction(target, new PublicKey(buffer)) };
  }
  throw new Error(`--action ${spec}: job:<param>=<value> | param:<program>.<param>=<value> | oracle-set:<quorum>:<keys> | accept-admin:<program> | spend:<usdc>:<account> | guardian:<program>:<key> | admin:<program>:<key> | call:<name>[:<value>:<key>] | upgrade:<program>=<buffer>`);
}

/** `call:<name>[:<value>:<key>]`: an admin call (ADMIN_CALLS) with its value and key, checked against its bounds. */
function callSpec(spec: string, parts: string[]): ActionSpec {
  const [name, raw, key] = parts;
  const c = ADMIN_CALLS.find((x) => x.name === name);
  if (!c) throw new Error(`--action ${spec}: call:<${ADMIN_CALLS.map((x) => x.name).join("|")}>`);
  if (c.key === undefined) {
    if (parts.length !== 1) throw new Error(`--action ${spec}: call:${c.name} takes no value or key`);
    return adminCallAction(c.target, new BN(0));
  }
  if (c.max.isZero()) {
    // A call whose only operand is its key: call:<name>:<key>.
    if (parts.length !== 2) throw new Error(`--action ${spec}: call:${c.name}:<${c.key}>`);
    return adminCallAction(c.target, new BN(0), new PublicKey(parts[1]));
  }
  if (raw === undefined || key === undefined || parts.length !== 3) throw new Error(`--action ${spec}: call:${c.name}:<${c.value}>:<${c.key}>`);
  let value: BN;
  if (c.instruction === "release") value = amountFlag(new Map([["release", raw]]), "release", CURRENCY_DECIMALS[Currency.Io]);
  else if (c.instruction === "resolve_slash") {
    if (raw !== "uphold" && raw !== "dismiss") throw new Error(`--action ${spec}: resolve-slash takes uphold or dismiss`);
    value = new BN(raw === "uphold" ? 1 : 0);
  } else {
    if (!/^\d+$/.test(raw)) throw new Error(`--action ${spec}: ${c.value} must be a whole number`);
    value = new BN(raw);
  }
  if (value.lt(c.min) || value.gt(c.max)) throw new Error(`--action ${spec}: ${value.toString()} is outside ${c.name}'s bounds ${c.min}..${c.max}`);
  return adminCallAction(c.target, value, new PublicKey(key));
}

/** The actions the flags name, in order, and the oracle set (at most one). */
function actionsOf(flags: Map<string, string>): { actions: ActionSpec[]; members: PublicKey[] } {
  if (flags.has("action")) {
    const parsed = required(flags, "action").split("\n").map(parseSpec);
    if (parsed.length > MAX_ACTIONS) throw new Error(`at most ${MAX_ACTIONS} actions per proposal`);
    const sets = parsed.filter((p) => p.members);
    if (sets.length > 1) throw new Error("at most one oracle-set action per proposal");
    return { actions: parsed.map((p) => p.action), members: sets[0]?.members ?? [] };
  }
  if (flags.has("job-param")) return { actions: [jobAction(jobParam(required(flags, "job-param")), required(flags, "value"))], members: [] };
  if (flags.has("oracle-set")) {
    const members = required(flags, "oracle-set").split(",").map((k) => new PublicKey(k.trim()));
    return { actions: [{ action: GovAction.OracleSet, target: 0, value: new BN(required(flags, "quorum")) }], members };
  }
  return { actions: [adminAction(required(flags, "accept-admin"))], members: [] };
}

/** What a key action changes, as the chain holds it now: the incentives vault's or a release's bucket's balance, the guardian in force, an upgrade's buffer (which `proposer` must hold). */
async function keyDiff(chain: Chain, a: ActionSpec, proposer: PublicKey): Promise<string | null> {
  if (a.action === GovAction.Spend) {
    const usdc = CURRENCY_DECIMALS[Currency.Usdc];
    return `    incentives vault now ${formatAmount(await usdcBalance(chain, incentivesVaultKey()[0]), usdc)} USDC -> ${formatAmount((await usdcBalance(chain, incentivesVaultKey()[0])).sub(a.value), usdc)} (refused at execution if short)`;
  }
  if (a.action === GovAction.AdminCall && ADMIN_CALLS[a.target]?.instruction === "release") {
    const vault = ADMIN_CALLS[a.target].accounts[3] as PublicKey;
    const info = await chain.getAccount(vault);
    if (!info) return null;
    const now = new BN(info.data.subarray(64, 72), "le");
    const decimals = CURRENCY_DECIMALS[Currency.Io];
    return `    ${a.target === 0 ? "research & ecosystem" : "community"} vault now ${formatAmount(now, decimals)} IO -> ${formatAmount(now.sub(a.value), decimals)} (refused at execution if short)`;
  }
  if (a.action === GovAction.Upgrade) {
    const info = a.key ? await chain.getAccount(a.key) : null;
    if (!info) return `    buffer ${a.key?.toBase58()}: no such account (refused)`;
    const b = decodeBuffer(info.data);
    const held = b.authority?.equals(proposer)
      ? `held by you, handed to the executor ${executorKey()[0].toBase58()} by this proposal`
      : `authority ${b.authority?.toBase58() ?? "none"}: NOT yours (refused: BufferNotProposers)`;
    return `    buffer ${a.key?.toBase58()}: ${b.program.length} bytes, sha256 ${createHash("sha256").update(b.program).digest("hex")}, ${held}`;
  }
  if (a.action === GovAction.Guardian) {
    const now = a.target === GuardianTarget.Governance ? (await readGovConfig(chain)).guardian : (await readBuybackConfig(chain)).guardian;
    return `    guardian: ${now.toBase58()} -> ${a.key?.toBase58()}`;
  }
  return null;
}

/** `io gov-propose`: the `propose` instruction, from the signer's position with the most power. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const proposer = ctx.signer();
  const { actions, members } = actionsOf(flags);
  if (flags.has("dry-run")) {
    // Each action simulated on the chain as it is now (not on the state an earlier action leaves).
    let code = 0;
    for (const a of actions) code = Math.max(code, await dryRunProposal(ctx.chain, { ...a, members }, proposer.publicKey, ctx.out));
    return code;
  }
  const config = await readGovConfig(ctx.chain);
  const epoch = await openEpoch(ctx.chain);
  const best = (await votingPositions(ctx.chain, proposer.publicKey, epoch)).filter((p) => p.power !== null).sort((a, b) => b.power!.cmp(a.power!))[0];
  if (!best) throw new Error(`${proposer.publicKey.toBase58()} has no io_staking position`);
  const index = config.proposalCount;
  // What each key action changes, read before sending (the chain as it is now).
  const now = await Promise.all(actions.map((a) => keyDiff(ctx.chain, a, proposer.publicKey)));
  const ix = proposeInstruction({ proposer: proposer.publicKey, position: best.address, index, actions, members });
  if (!config.proposalDeposit.isZero()) ctx.out(`deposit: ${formatAmount(config.proposalDeposit, 8)} IO from your IO account, refunded by gov-refund-deposit once the voting is over`);
  const res = await ctx.chain.sendTransaction([ix], [proposer]);
  const code = report(ctx, "propose", res);
  const events = res.ok ? parseIoGovernanceEvents(res.logs) : [];
  const proposed = events.find((e) => e.name === "proposed");
  if (proposed) {
    const d = proposed.data as { eligible: BN; end: BN };
    const diffs = events
      .filter((e) => e.name === "actionProposed")
      .map((e) => e.data as { position: number; kind: number; target: number; oldValue: BN; value: BN; key: PublicKey })
      .map((a) => describeOne({ action: a.kind, target: a.target, oldValue: a.oldValue, value: a.value, key: a.key }, members));
    if (diffs.length === 1) ctx.out(`proposal ${index.toString()}: ${diffs[0]}`);
    else {
      ctx.out(`proposal ${index.toString()}: ${diffs.length} actions, executed in order`);
      diffs.forEach((diff, i) => ctx.out(`  ${i + 1}. ${diff}`));
    }
    now.forEach((line) => line && ctx.out(line));
    ctx.out(`snapshot: the start of epoch ${epoch}; eligible ${io(d.eligible)}; proposer's power ${io(best.power!)}; voting ends ${new Date(d.end.toNumber() * 1000).toISOString()}`);
  }
  return code;
}
