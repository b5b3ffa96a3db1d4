/**
 * The hand-over to governance over RPC against a real solana-test-validator (the six programs
 * deployed upgradeable, the admin their upgrade authority): migrations/deploy.ts initialises
 * everything with short governance periods and `--handover` moves every admin role, io_buyback's
 * guardian and every upgrade authority to io_governance's executor; a second run sends nothing;
 * afterwards the old admin key's propose_admin on each of the five programs and the loader's
 * SetAuthority on each of the six programs are refused. (Every admin instruction is tried with the
 * old key on the .so in LiteSVM: tests/handover.test.ts.)
 */
import { expect } from "chai";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import {
  ADMIN_TARGETS,
  decodeBuybackConfig,
  decodeGovernanceConfig,
  executorKey,
  governanceConfigKey,
  IO_BUYBACK_PROGRAM_ID,
  IO_GOVERNANCE_PROGRAM_ID,
  IO_STAKING_PROGRAM_ID,
  programDataKey,
  proposeAdminInstruction,
  proposeBuybackAdminInstruction,
  proposeJobsAdminInstruction,
  proposeOracleAdminInstruction,
  proposeStakingAdminInstruction,
} from "../sdk/src";
import { RpcChain } from "../cli/chain";
import { ADMIN_ROLES, setUpgradeAuthorityInstruction, upgradeAuthorityOf, UPGRADEABLE_PROGRAMS } from "../cli/handover";
import { deploy } from "../migrations/deploy";
import { createUsdcMint, jobsPrograms, LocalValidator, writeKeypair } from "./validator";

const RPC_PORT = 49899;
const SHORT_GOVERNANCE = { votingPeriod: 4, timelock: 2, gracePeriod: 600, lateQuorumExtension: 1 };

describe("governance hand-over over RPC (solana-test-validator)", function () {
  this.timeout(240_000);
  const admin = Keypair.generate();
  const guardian = Keypair.generate();
  const usdcMint = Keypair.generate();
  let validator: LocalValidator;
  let chain: RpcChain;
  let dir: string;
  let adminPath: string;
  const [executor] = executorKey();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "io-rpc-gov-"));
    adminPath = writeKeypair(dir, "admin", admin);
    const programs = [
      ...jobsPrograms(admin.publicKey),
      { programId: IO_STAKING_PROGRAM_ID, soName: "io_staking", upgradeAuthority: admin.publicKey },
      { programId: IO_BUYBACK_PROGRAM_ID, soName: "io_buyback", upgradeAuthority: admin.publicKey },
      { programId: IO_GOVERNANCE_PROGRAM_ID, soName: "io_governance", upgradeAuthority: admin.publicKey },
    ];
    validator = await LocalValidator.start({ programs, mint: admin.publicKey, rpcPort: RPC_PORT });
    chain = new RpcChain(validator.url);
    await createUsdcMint(validator.connection, admin, usdcMint);
  });

  after(async () => {
    await validator?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("deploy.ts --handover initialises with short periods and hands every role and upgrade authority to the executor; a second run sends nothing", async () => {
    // Given a cluster with the six programs deployed, When deploy.ts runs with --handover.
    const lines: string[] = [];
    await deploy({ url: validator.url, keypair: adminPath, usdcMint: usdcMint.publicKey, governance: SHORT_GOVERNANCE, guardian: guardian.publicKey, handover: true }, (l) => lines.push(l));
    const out = lines.join("\n");
    expect(out).to.contain("io_governance: initialised (voting 4 s");
    for (const { name } of ADMIN_TARGETS) expect(out).to.contain(`${name}: admin ${admin.publicKey.toBase58()} -> executor ${executor.toBase58()}`);
    for (const { name } of UPGRADEABLE_PROGRAMS) expect(out).to.contain(`${name}: upgrade authority ${admin.publicKey.toBase58()} -> executor`);
    expect(out).to.contain("hand-over: done");
    // Then the chain says so: rules, admins, io_buyback's guardian, upgrade authorities.
    const gov = decodeGovernanceConfig((await chain.getAccount(governanceConfigKey()[0]))!);
    expect([gov.votingPeriod, gov.timelock, gov.gracePeriod]).to.deep.equal([4, 2, 600]);
    for (let i = 0; i < ADMIN_TARGETS.length; i++) {
      const roles = ADMIN_ROLES[i].roles((await chain.getAccount(ADMIN_TARGETS[i].config))!);
      expect(roles.admin.toBase58(), ADMIN_TARGETS[i].name).to.equal(executor.toBase58());
    }
    expect(decodeBuybackConfig((await chain.getAccount(ADMIN_TARGETS[4].config))!).guardian.toBase58()).to.equal(guardian.publicKey.toBase58());
    for (const { name, program } of UPGRADEABLE_PROGRAMS) {
      expect(upgradeAuthorityOf((await chain.getAccount(programDataKey(program)[0]))!.data)?.toBase58(), name).to.equal(executor.toBase58());
    }
    // A second run finds it all done.
    const again: string[] = [];
    await deploy({ url: validator.url, keypair: adminPath, usdcMint: usdcMint.publicKey, handover: true }, (l) => again.push(l));
    expect(again.join("\n")).to.contain("hand-over: already done, nothing sent");
  });

  it("the old admin key can no longer propose an admin of any program nor move any upgrade authority", async () => {
    const stranger = Keypair.generate().publicKey;
    const proposals: [string, TransactionInstruction][] = [
      ["io_token", proposeAdminInstruction({ admin: admin.publicKey, newAdmin: stranger })],
      ["io_oracle", proposeOracleAdminInstruction({ admin: admin.publicKey, newAdmin: stranger })],
      ["io_jobs", proposeJobsAdminInstruction({ admin: admin.publicKey, newAdmin: stranger })],
      ["io_staking", proposeStakingAdminInstruction({ admin: admin.publicKey, newAdmin: stranger })],
      ["io_buyback", proposeBuybackAdminInstruction({ admin: admin.publicKey, newAdmin: stranger })],
    ];
    for (const [name, ix] of proposals) {
      const res = await chain.sendTransaction([ix], [admin]);
      expect(res.ok, name).to.equal(false);
      expect(res.ok ? "" : res.programError?.name, name).to.equal("Unauthorized");
    }
    for (const { name, program } of UPGRADEABLE_PROGRAMS) {
      const res = await chain.sendTransaction([setUpgradeAuthorityInstruction({ program, authority: admin.publicKey, newAuthority: admin.publicKey })], [admin]);
      expect(res.ok, name).to.equal(false);
      expect(res.ok ? "" : `${res.error} ${res.logs.join(" ")}`, name).to.match(/Incorrect(Authority| authority)/);
      expect(upgradeAuthorityOf((await chain.getAccount(programDataKey(program)[0]))!.data)?.toBase58(), name).to.equal(executor.toBase58());
    }
    const unchanged: PublicKey[] = ADMIN_TARGETS.map((t) => t.config);
    for (let i = 0; i < unchanged.length; i++) {
      const roles = ADMIN_ROLES[i].roles((await chain.getAccount(unchanged[i]))!);
      expect(roles.pendingAdmin.toBase58(), ADMIN_TARGETS[i].name).to.equal(PublicKey.default.toBase58());
    }
  });
});
