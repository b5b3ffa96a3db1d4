/**
 * `gov-propose --dry-run`: what the proposal's execution would do, simulated now, before anyone
 * votes; nothing is sent.
 *
 * What is simulated, and its limit: io_governance's `execute` needs a queued proposal past its
 * timelock, so it cannot run before the vote. Instead the dry-run simulates the instruction the
 * executor's CPI would make, on the chain as it is now:
 * - an io_jobs parameter: io_jobs' `set_job_params` with every parameter as it is now and the
 *   proposed one changed (what `execute` builds), the executor PDA as its admin;
 * - an oracle set: io_oracle's `set_oracle_set` with the executor as its admin;
 * - accept admin: io_governance's own `accept_admin` (the very CPI `execute` makes, signed by the
 *   executor inside the program: this one is faithful).
 * For the first two the executor cannot sign a transaction, so they are simulated with signature
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
  decodeJobsConfig,
  executorKey,
  GovAction,
  JOB_PARAMS,
  JobsParams,
  jobsConfigKey,
  programErrorFromLogs,
  setJobParamsInstruction,
  setOracleSetInstruction,
} from "../sdk/src";
import type { Chain, TxResult } from "./chain";
import { isEmbedded, isRpc } from "./chain/kind";
import { describeOne } from "./gov";

export interface DryRunAction {
  action: GovAction;
  target: number;
  value: BN;
  members: PublicKey[];
}

/** The instruction the executor's CPI would make for `a`, with what the simulation stands for. */
export async function executedInstruction(chain: Chain, a: DryRunAction): Promise<{ ix: TransactionInstruction; what: string; faithful: boolean; oldValue: BN }> {
  const [executor] = executorKey();
  if (a.action === GovAction.JobParam) {
    const info = await chain.getAccount(jobsConfigKey()[0]);
    if (!info) throw new Error("io_jobs is not initialised on this chain");
    const config = decodeJobsConfig(info);
    const param = JOB_PARAMS[a.target];
    if (!param) throw new Error(`--dry-run: parameter ${a.target} is not io_jobs'; only io_jobs' parameters are simulated`);
    const names = JOB_PARAMS.map((p) => p.name) as (keyof JobsParams)[];
    const params = Object.fromEntries(names.map((n) => [n, n === param.name ? a.value.toNumber() : config[n]])) as unknown as JobsParams;
    const ix = setJobParamsInstruction({ admin: executor, ...params });
    return { ix, what: "io_jobs set_job_params signed by the executor (signature verification off)", faithful: false, oldValue: new BN(config[param.name as keyof JobsParams]) };
  }
  if (a.action === GovAction.OracleSet) {
    return {
      ix: setOracleSetInstruction({ admin: executor, quorum: a.value.toNumber(), members: a.members }),
      what: "io_oracle set_oracle_set signed by the executor (signature verification off)",
      faithful: false,
      oldValue: new BN(0),
    };
  }
  if (a.action !== GovAction.AcceptAdmin) throw new Error("--dry-run simulates io_jobs parameters, oracle sets and accept-admin actions only");
  return { ix: acceptGovernanceAdminInstruction({ target: a.target }), what: "io_governance accept_admin (the same CPI execute makes)", faithful: true, oldValue: new BN(0) };
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
  const res = await simulateUnsigned(chain, ix, feePayer);
  out(`action: ${describeOne({ ...a, oldValue }, a.members)}`);
  out(`dry run (nothing sent): simulated ${what}`);
  if (res.ok) out(`execution would succeed now (${res.computeUnits.toLocaleString("en-US")} CU)`);
  else out(`execution would fail now: ${res.programError?.name ?? res.error}`);
  if (!faithful) out("limit: the target's setter simulated directly, not through execute; the chain may change before execution");
  return res.ok ? 0 : 1;
}
