/**
 * The hand-over to governance (`migrations/deploy.ts --handover`): every program's admin role and
 * upgrade authority move to io_governance's executor PDA, after which the old admin key can do
 * nothing. For each of io_token, io_oracle, io_jobs, io_staking and io_buyback: the admin proposes
 * the executor (its own propose_admin) and io_governance's permissionless accept_admin completes
 * it, in one transaction; io_buyback's guardian, when it is still the admin key, becomes
 * io_governance's guardian first (set_guardian is admin-only). Then the BPF upgradeable loader's
 * SetAuthority moves every program's upgrade authority (io_governance's included) to the
 * executor. Idempotent: what is already done is reported and not sent again.
 */
import { AccountInfo, Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import {
  acceptGovernanceAdminInstruction,
  ADMIN_TARGETS,
  BPF_LOADER_UPGRADEABLE_ID,
  decodeBuybackConfig,
  decodeGovernanceConfig,
  decodeJobsConfig,
  decodeOracleConfig,
  decodeStakingConfig,
  decodeTokenConfig,
  executorKey,
  governanceConfigKey,
  IO_BUYBACK_PROGRAM_ID,
  IO_GOVERNANCE_PROGRAM_ID,
  IO_JOBS_PROGRAM_ID,
  IO_ORACLE_PROGRAM_ID,
  IO_STAKING_PROGRAM_ID,
  IO_TOKEN_PROGRAM_ID,
  programDataKey,
  proposeAdminInstruction,
  proposeBuybackAdminInstruction,
  proposeJobsAdminInstruction,
  proposeOracleAdminInstruction,
  proposeStakingAdminInstruction,
  setGuardianInstruction,
} from "../sdk/src";
import { Chain } from "./chain";

/** The programs whose upgrade authority moves, in order. */
export const UPGRADEABLE_PROGRAMS: readonly { name: string; program: PublicKey }[] = [
  { name: "io_token", program: IO_TOKEN_PROGRAM_ID },
  { name: "io_oracle", program: IO_ORACLE_PROGRAM_ID },
  { name: "io_jobs", program: IO_JOBS_PROGRAM_ID },
  { name: "io_staking", program: IO_STAKING_PROGRAM_ID },
  { name: "io_buyback", program: IO_BUYBACK_PROGRAM_ID },
  { name: "io_governance", program: IO_GOVERNANCE_PROGRAM_ID },
];

type Info = Pick<AccountInfo<Buffer>, "data" | "owner">;

/** Each admin target's admin and pending admin, and its propose_admin by `admin`. */
export const ADMIN_ROLES: readonly {
  roles: (info: Info) => { admin: PublicKey; pendingAdmin: PublicKey };
  propose: (admin: PublicKey, newAdmin: PublicKey) => TransactionInstruction;
}[] = [
  { roles: (i) => decodeTokenConfig(i), propose: (admin, newAdmin) => proposeAdminInstruction({ admin, newAdmin }) },
  { roles: (i) => decodeOracleConfig(i), propose: (admin, newAdmin) => proposeOracleAdminInstruction({ admin, newAdmin }) },
  { roles: (i) => decodeJobsConfig(i), propose: (admin, newAdmin) => proposeJobsAdminInstruction({ admin, newAdmin }) },
  { roles: (i) => decodeStakingConfig(i), propose: (admin, newAdmin) => proposeStakingAdminInstruction({ admin, newAdmin }) },
  { roles: (i) => decodeBuybackConfig(i), propose: (admin, newAdmin) => proposeBuybackAdminInstruction({ admin, newAdmin }) },
];

/** The upgrade authority a ProgramData account names (null: immutable). */
export function upgradeAuthorityOf(programData: Buffer): PublicKey | null {
  if (programData.length < 45 || programData.readUInt32LE(0) !== 3) throw new Error("not a ProgramData account");
  return programData[12] === 1 ? new PublicKey(programData.subarray(13, 45)) : null;
}

/** The BPF upgradeable loader's SetAuthority (no signature of the new authority: a PDA cannot sign). */
export function setUpgradeAuthorityInstruction(args: { program: PublicKey; authority: PublicKey; newAuthority: PublicKey }): TransactionInstruction {
  const data = Buffer.alloc(4);
  data.writeUInt32LE(4, 0); // UpgradeableLoaderInstruction::SetAuthority
  return new TransactionInstruction({
    programId: BPF_LOADER_UPGRADEABLE_ID,
    keys: [
      { pubkey: programDataKey(args.program)[0], isSigner: false, isWritable: true },
      { pubkey: args.authority, isSigner: true, isWritable: false },
      { pubkey: args.newAuthority, isSigner: false, isWritable: false },
    ],
    data,
  });
}

export type HandoverStep = "handed-over" | "already";

export interface HandoverReport {
  /** Per program name: the admin role. */
  admin: Record<string, HandoverStep>;
  /** Per program name: the upgrade authority. */
  upgradeAuthority: Record<string, HandoverStep>;
  /** io_buyback's guardian, set to io_governance's guardian, or already not the admin key. */
  buybackGuardian: "set" | "already";
}

async function send(chain: Chain, what: string, ixs: TransactionInstruction[], signers: Keypair[]): Promise<void> {
  const res = await chain.sendTransaction(ixs, signers);
  if (!res.ok) throw new Error(`${what} failed: ${res.programError?.name ?? res.error}`);
}

/**
 * Hands every program over to io_governance's executor; `admin` is the current admin and upgrade
 * authority. Throws (before sending anything for that program) if a role is held by a third key.
 */
export async function handOver(chain: Chain, admin: Keypair, log: (line: string) => void = () => {}): Promise<HandoverReport> {
  const [executor] = executorKey();
  const govInfo = await chain.getAccount(governanceConfigKey()[0]);
  if (!govInfo) throw new Error("io_governance is not initialised: nothing to hand over to");
  const governance = decodeGovernanceConfig(govInfo);
  const report: HandoverReport = { admin: {}, upgradeAuthority: {}, buybackGuardian: "already" };

  // io_buyback's guardian may pause it; while it is the admin key, the old key could still pause.
  const buybackInfo = await chain.getAccount(ADMIN_TARGETS[4].config);
  if (!buybackInfo) throw new Error("io_buyback is not initialised");
  const buyback = decodeBuybackConfig(buybackInfo);
  if (buyback.guardian.equals(admin.publicKey) && buyback.admin.equals(admin.publicKey)) {
    await send(chain, "io_buyback set_guardian", [setGuardianInstruction({ admin: admin.publicKey, guardian: governance.guardian })], [admin]);
    report.buybackGuardian = "set";
    log(`io_buyback: guardian set to io_governance's guardian ${governance.guardian.toBase58()}`);
  } else {
    log(`io_buyback: guardian is ${buyback.guardian.toBase58()}, not the admin key: unchanged`);
  }
  if (governance.guardian.equals(admin.publicKey)) {
    log(`warning: io_governance's guardian is the admin key ${admin.publicKey.toBase58()}: it can still veto queued proposals and pause io_buyback`);
  }

  for (let target = 0; target < ADMIN_TARGETS.length; target++) {
    const t = ADMIN_TARGETS[target];
    const info = await chain.getAccount(t.config);
    if (!info) throw new Error(`${t.name} is not initialised`);
    const { admin: current, pendingAdmin } = ADMIN_ROLES[target].roles(info);
    if (current.equals(executor)) {
      report.admin[t.name] = "already";
      log(`${t.name}: admin is already the executor ${executor.toBase58()}`);
      continue;
    }
    if (!current.equals(admin.publicKey)) throw new Error(`${t.name}: the admin is ${current.toBase58()}, not the keypair ${admin.publicKey.toBase58()}`);
    const ixs: TransactionInstruction[] = [];
    if (!pendingAdmin.equals(executor)) ixs.push(ADMIN_ROLES[target].propose(admin.publicKey, executor));
    ixs.push(acceptGovernanceAdminInstruction({ target }));
    await send(chain, `${t.name} hand-over`, ixs, [admin]);
    report.admin[t.name] = "handed-over";
    log(`${t.name}: admin ${admin.publicKey.toBase58()} -> executor ${executor.toBase58()} (propose_admin, io_governance accept_admin)`);
  }

  for (const { name, program } of UPGRADEABLE_PROGRAMS) {
    const data = await chain.getAccount(programDataKey(program)[0]);
    if (!data) throw new Error(`${name}: no ProgramData account (not deployed with the upgradeable loader)`);
    const authority = upgradeAuthorityOf(data.data);
    if (authority?.equals(executor)) {
      report.upgradeAuthority[name] = "already";
      log(`${name}: upgrade authority is already the executor`);
      continue;
    }
    if (!authority?.equals(admin.publicKey)) throw new Error(`${name}: the upgrade authority is ${authority?.toBase58() ?? "none (immutable)"}, not the keypair`);
    await send(chain, `${name} SetAuthority`, [setUpgradeAuthorityInstruction({ program, authority: admin.publicKey, newAuthority: executor })], [admin]);
    report.upgradeAuthority[name] = "handed-over";
    log(`${name}: upgrade authority ${admin.publicKey.toBase58()} -> executor ${executor.toBase58()}`);
  }
  const all = [...Object.values(report.admin), ...Object.values(report.upgradeAuthority)];
  log(all.every((s) => s === "already") && report.buybackGuardian === "already" ? "hand-over: already done, nothing sent" : "hand-over: done");
  return report;
}
