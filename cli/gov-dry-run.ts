/**
 * `gov-propose --dry-run`: what the proposal's execution would do, simulated now, before anyone
 * votes; nothing is sent.
 *
 * What is simulated, and its limit: io_governance's `execute` needs a queued proposal past its
 * timelock, so it cannot run before the vote. Instead the dry-run simulates the instruction the
 * executor's CPI would make, on the chain as it is now:
 * - an io_jobs or io_token parameter: its setter with every parameter as it is now and the
 *   proposed one changed (what `execute` builds), the executor PDA as its admin;
 * - an oracle set: io_oracle's `set_oracle_set` with the executor as its admin;
 * - a spend: io_buyback's `spend_incentives` to the key; io_buyback's guardian: `set_guardian`;
 *   a hand-over away: that program's `propose_admin` of the key; io_governance's own guardian is
 *   written by `execute` itself (nothing to simulate);
 * - an admin call: the callee's instruction (`release`, `resolve_slash`, `resolve_dispute`,
 *   `unpause`) with the action's value and key;
 * - accept admin: io_governance's own `accept_admin` (the very CPI `execute` makes, signed by the
 *   executor inside the program: this one is faithful).
 * For all but accept admin the executor cannot sign a transaction, so they are simulated with signature
 * verification off (RPC `simulateTransaction` with `sigVerify: false` and
 * `replaceRecentBlockhash`; LiteSVM with sigverify off for that one simulation): the program sees
 * the executor as a signer, as it will under `invoke_signed`. What this does not show: changes
 * made between now and the execution (another proposal, the admin) and io_governance's own checks
 * at execution (state, timelock, grace period). A target whose admin is not yet the executor
 * fails with `Unauthorized`: hand it over first.
 */
import { PublicKey, Transaction, TransactionInstruction, VersionedTransaction } from "@solana/web3.js";
import BN from "bn.js";
import {
  acceptGovernanceAdminInstruction,
  ADMIN_CALLS,
  decodeBuybackConfig,
  decodeJob,
  decodeParticipant,
  decodeEmissionState,
  decodeIosdState,
  decodeJobsConfig,
  emissionKey,
  executorKey,
  GovAction,
  govParam,
  GuardianTarget,
  buybackConfigKey,
  iosdStateKey,
  IosdParams,
  JOB_PARAMS,
  JobsParams,
  jobsConfigKey,
  lockGenesisInstruction,
  setIosdSpenderInstruction,
  setRewardsVaultInstruction,
  programErrorFromLogs,
  proposeAdminInstruction,
  proposeBuybackAdminInstruction,
  proposeJobsAdminInstruction,
  proposeOracleAdminInstruction,
  proposeStakingAdminInstruction,
  releaseInstruction,
  resolveDisputeInstruction,
  resolveSlashInstruction,
  setGuardianInstruction,
  setIosdParamsInstruction,
  setJobParamsInstruction,
  setOracleSetInstruction,
  setRemintCapInstruction,
  spendIncentivesInstruction,
  unpauseBuybackInstruction,
} from "../sdk/src";
import type { Chain, TxResult } from "./chain";
import { isEmbedded, isRpc } from "./chain/kind";
import { describeOne } from "./gov";

export interface DryRunAction {
  action: GovAction;
  target: number;
  value: BN;
  /** The key of a spend, guardian, propose-admin or admin-call action. */
  key?: PublicKey;
  members: PublicKey[];
}

/** What the dry run simulates for one action: the executor's CPI (null: io_governance writes its own config, no CPI to simulate). */
interface Simulated {
  ix: TransactionInstruction | null;
  what: string;
  faithful: boolean;
  oldValue: BN;
}

const SIGNED = "signed by the executor (signature verification off)";

/** The executor proposing a new admin, per ADMIN_TARGETS index. */
const PROPOSE_ADMIN = [proposeAdminInstruction, proposeOracleAdminInstruction, proposeJobsAdminInstruction, proposeStakingAdminInstruction, proposeBuybackAdminInstruction];

async function account(chain: Chain, key: PublicKey, what: string) {
  const info = await chain.getAccount(key);
  if (!info) throw new Error(`${what} is not initialised on this chain`);
  return info;
}

function keyOf(a: DryRunAction): PublicKey {
  if (!a.key) throw new Error(`--dry-run: action ${a.action}:${a.target} needs its key`);
  return a.key;
}

/** A governed parameter: its setter with every other parameter as it is now (io_jobs', io_token's). */
async function paramInstruction(chain: Chain, a: DryRunAction, executor: PublicKey): Promise<Simulated> {
  const param = govParam(a.target);
  if (param?.setter === "set_job_params") {
    const config = decodeJobsConfig(await account(chain, jobsConfigKey()[0], "io_jobs"));
    const names = JOB_PARAMS.map((p) => p.name) as (keyof JobsParams)[];
    const params = Object.fromEntries(names.map((n) => [n, n === param.name ? a.value.toNumber() : config[n]])) as unknown as JobsParams;
    const ix = setJobParamsInstruction({ admin: executor, ...params });
    return { ix, what: `io_jobs set_job_params ${SIGNED}`, faithful: false, oldValue: new BN(config[param.name as keyof JobsParams]) };
  }
  if (param?.setter === "set_remint_cap") {
    const emission = decodeEmissionState(await account(chain, emissionKey()[0], "io_token's emission"));
    return { ix: setRemintCapInstruction({ admin: executor, capPerHour: a.value }), what: `io_token set_remint_cap ${SIGNED}`, faithful: false, oldValue: emission.remintCapPerHour };
  }
  if (param?.setter === "set_iosd_params") {
    const state = decodeIosdState(await account(chain, iosdStateKey()[0], "IOSD"));
    const now: IosdParams = { confMultiple: state.confMultiple, maxPriceAge: state.maxPriceAge, rateLimit: state.rateLimit, rateWindow: state.rateWindow };
    const name = param.name as keyof IosdParams;
    const params: IosdParams = { ...now, [name]: name === "rateLimit" ? a.value : a.value.toNumber() };
    return { ix: setIosdParamsInstruction({ admin: executor, ...params }), what: `io_token set_iosd_params ${SIGNED}`, faithful: false, oldValue: new BN(now[name].toString()) };
  }
  throw new Error(`--dry-run: parameter ${a.target} (${param ? `${param.program}.${param.name}` : "unknown"}) is not simulated; io_jobs' set_job_params parameters and io_token's are`);
}

/** The matter an admin call decides, as propose fixes it (io_common::governance::call_instance): the participant's slash deadline, the job's dispute deadline, the buyback's pause start; 0 for the other calls. */
async function callMatter(chain: Chain, a: DryRunAction, instruction: string): Promise<BN> {
  // An account that is not (yet) the right kind has no matter: the simulation says why the call fails.
  const read = async (key: PublicKey, decode: (info: NonNullable<Awaited<ReturnType<Chain["getAccount"]>>>) => BN): Promise<BN> => {
    const info = await chain.getAccount(key);
    try {
      return info ? decode(info) : new BN(0);
    } catch {
      return new BN(0);
    }
  };
  if (instruction === "resolve_slash") return read(keyOf(a), (i) => decodeParticipant(i).slashDeadline);
  if (instruction === "resolve_dispute") return read(keyOf(a), (i) => decodeJob(i).disputeDeadline);
  if (instruction === "unpause") return read(buybackConfigKey()[0], (i) => decodeBuybackConfig(i).pausedAt);
  return new BN(0);
}

/** An admin call: the callee's own instruction (ADMIN_CALLS), the executor as its admin. */
async function callInstruction(chain: Chain, a: DryRunAction, executor: PublicKey): Promise<Simulated> {
  const c = ADMIN_CALLS[a.target];
  if (!c) throw new Error(`--dry-run: no admin call ${a.target}`);
  const what = `${c.program} ${c.instruction} ${SIGNED}`;
  const oldValue = await callMatter(chain, a, c.instruction);
  if (c.instruction === "release") {
    const bucket = a.target === 0 ? 3 : 4;
    return { ix: releaseInstruction({ admin: executor, bucket, amount: a.value, destination: keyOf(a) }), what, faithful: false, oldValue };
  }
  if (c.instruction === "resolve_slash") return { ix: resolveSlashInstruction({ caller: executor, participant: keyOf(a), uphold: a.value.eqn(1) }), what, faithful: false, oldValue };
  if (c.instruction === "resolve_dispute") return { ix: resolveDisputeInstruction({ admin: executor, job: keyOf(a), hours: a.value.toNumber() }), what, faithful: false, oldValue };
  if (c.instruction === "set_rewards_vault") return { ix: setRewardsVaultInstruction({ admin: executor, rewardsVault: keyOf(a) }), what, faithful: false, oldValue };
  if (c.instruction === "lock_genesis") return { ix: lockGenesisInstruction({ admin: executor }), what, faithful: false, oldValue };
  if (c.instruction === "set_iosd_spender") return { ix: setIosdSpenderInstruction({ admin: executor, spender: keyOf(a) }), what, faithful: false, oldValue };
  return { ix: unpauseBuybackInstruction({ admin: executor }), what, faithful: false, oldValue };
}

/** The instruction the executor's CPI would make for `a`, with what the simulation stands for. */
export async function executedInstruction(chain: Chain, a: DryRunAction): Promise<Simulated> {
  const [executor] = executorKey();
  switch (a.action) {
    case GovAction.JobParam:
      return paramInstruction(chain, a, executor);
    case GovAction.OracleSet:
      return { ix: setOracleSetInstruction({ admin: executor, quorum: a.value.toNumber(), members: a.members }), what: `io_oracle set_oracle_set ${SIGNED}`, faithful: false, oldValue: new BN(0) };
    case GovAction.AcceptAdmin:
      return { ix: acceptGovernanceAdminInstruction({ target: a.target }), what: "io_governance accept_admin (the same CPI execute makes)", faithful: true, oldValue: new BN(0) };
    case GovAction.Spend: {
      const buyback = decodeBuybackConfig(await account(chain, buybackConfigKey()[0], "io_buyback"));
      const ix = spendIncentivesInstruction({ admin: executor, usdcMint: buyback.usdcMint, destination: keyOf(a), amount: a.value });
      return { ix, what: `io_buyback spend_incentives ${SIGNED}`, faithful: false, oldValue: new BN(0) };
    }
    case GovAction.Guardian:
      if (a.target === GuardianTarget.Governance) return { ix: null, what: "io_governance's own guardian, written by execute itself (no CPI)", faithful: true, oldValue: new BN(0) };
      return { ix: setGuardianInstruction({ admin: executor, guardian: keyOf(a) }), what: `io_buyback set_guardian ${SIGNED}`, faithful: false, oldValue: new BN(0) };
    case GovAction.ProposeAdmin: {
      const build = PROPOSE_ADMIN[a.target];
      if (!build) throw new Error(`--dry-run: no admin target ${a.target}`);
      return { ix: build({ admin: executor, newAdmin: keyOf(a) }), what: `propose_admin ${SIGNED}`, faithful: false, oldValue: new BN(0) };
    }
    case GovAction.AdminCall:
      return callInstruction(chain, a, executor);
    default:
      throw new Error(`--dry-run: unknown action kind ${a.action}`);
  }
}

/** Simulates `ix` with `feePayer` paying, without signatures; commits nothing. */
export async function simulateUnsigned(chain: Chain, ix: TransactionInstruction, feePayer: PublicKey): Promise<TxResult> {
  if (isRpc(chain)) {
    const { blockhash } = await chain.connection.getLatestBlockhash("confirmed");
    const tx = new Transaction({ feePayer, recentBlockhash: blockhash }).add(ix);
    const versioned = new VersionedTransaction(tx.compileMessage());
    const sim = await chain.connection.simulateTransaction(versioned, { sigVerify: false, replaceRecentBlockhash: true, commitment: "confirmed" });
    const logs = sim.value.logs ?? [];
    const computeUnits = sim.value.unitsConsumed ?? 0;
    if (sim.value.err) return { ok: false, logs, computeUnits, error: JSON.stringify(sim.value.err), programError: programErrorFromLogs(logs) };
    return { ok: true, signature: "", logs, computeUnits };
  }
  if (isEmbedded(chain)) {
    const tx = new Transaction({ feePayer, recentBlockhash: chain.svm.latestBlockhash() }).add(ix);
    const wire = tx.serialize({ requireAllSignatures: false, verifySignatures: false });
    chain.svm.withSigverify(false);
    try {
      return chain.simulateWire(wire);
    } finally {
      chain.svm.withSigverify(true);
    }
  }
  throw new Error(`--dry-run: cannot simulate on ${chain.description}`);
}

/** Prints what the execution would do now; returns 0 if it would succeed, 1 if not. */
export async function dryRunProposal(chain: Chain, a: DryRunAction, feePayer: PublicKey, out: (line: string) => void): Promise<number> {
  const { ix, what, faithful, oldValue } = await executedInstruction(chain, a);
  out(`action: ${describeOne({ ...a, oldValue }, a.members)}`);
  if (!ix) {
    out(`dry run (nothing sent): ${what}; nothing to simulate`);
    return 0;
  }
  const res = await simulateUnsigned(chain, ix, feePayer);
  out(`dry run (nothing sent): simulated ${what}`);
  if (res.ok) out(`execution would succeed now (${res.computeUnits.toLocaleString("en-US")} CU)`);
  else out(`execution would fail now: ${res.programError?.name ?? res.error}`);
  if (!faithful) out("limit: the target's setter simulated directly, not through execute; the chain may change before execution");
  return res.ok ? 0 : 1;
}
