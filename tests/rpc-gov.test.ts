/**
 * Governance over RPC against a real solana-test-validator (the six programs deployed
 * upgradeable, the admin their upgrade authority), with the CLI scripts and seconds-long periods:
 * migrations/deploy.ts initialises everything (a 4 s vote, 2 s timelock, 3 s staking epochs) and
 * the admin releases IO to a holder; `--handover` then moves every admin role, io_buyback's
 * guardian and every upgrade authority to io_governance's executor (a second run sends nothing),
 * after which the old key's propose_admin on the five programs and the loader's SetAuthority on
 * the six are refused. Then the lifecycle: the holder stakes, the epoch closes, `gov-propose`
 * a network-fee change (after a `--dry-run`), `gov-vote`, wait, `gov-queue`, wait, `gov-execute`;
 * the fee changed and the old admin's `set-job-params` is refused. (Every admin instruction is
 * tried with the old key on the .so in LiteSVM: tests/handover.test.ts.) Last, a program upgrade
 * through governance with `write-buffer`, and a proposal deposit taken and refunded with the CLI.
 */
import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { Keypair, LAMPORTS_PER_SOL, PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import {
  ADMIN_TARGETS,
  decodeBuffer,
  decodeBuybackConfig,
  decodeGovernanceConfig,
  depositVaultKey,
  ioAccountOf,
  decodeJobsConfig,
  decodeProposal,
  jobsConfigKey,
  proposalKey,
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
import { DEPLOY_DIR, RpcChain } from "../cli/chain";
import { ADMIN_ROLES, setUpgradeAuthorityInstruction, upgradeAuthorityOf, UPGRADEABLE_PROGRAMS } from "../cli/handover";
import { main as io } from "../cli/io";
import { deploy } from "../migrations/deploy";
import { createUsdcMint, jobsPrograms, LocalValidator, writeKeypair } from "./validator";

const RPC_PORT = 49899;
const SHORT_GOVERNANCE = { votingPeriod: 4, timelock: 2, gracePeriod: 600, lateQuorumExtension: 1, proposalThreshold: new BN(100).mul(new BN(100_000_000)) };
const EPOCH_LENGTH = 3;
/** Agave's feature disable_sbpf_v0_v1_v2_deployment (agave-feature-set 4.2). */
const DISABLE_SBPF_V0_DEPLOYMENT = "B8JJXCy5amZyWG9r7EnUYLwzXSXTxG7GZ1qZ1qggo83g";

describe("governance over RPC with the CLI (solana-test-validator)", function () {
  this.timeout(240_000);
  const admin = Keypair.generate();
  const guardian = Keypair.generate();
  const usdcMint = Keypair.generate();
  const holder = Keypair.generate();
  let holderPath: string;
  let validator: LocalValidator;
  let chain: RpcChain;
  let dir: string;
  let adminPath: string;
  const [executor] = executorKey();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "io-rpc-gov-"));
    adminPath = writeKeypair(dir, "admin", admin);
    holderPath = writeKeypair(dir, "holder", holder);
    const programs = [
      ...jobsPrograms(admin.publicKey),
      { programId: IO_STAKING_PROGRAM_ID, soName: "io_staking", upgradeAuthority: admin.publicKey },
      { programId: IO_BUYBACK_PROGRAM_ID, soName: "io_buyback", upgradeAuthority: admin.publicKey },
      { programId: IO_GOVERNANCE_PROGRAM_ID, soName: "io_governance", upgradeAuthority: admin.publicKey },
    ];
    // The loader refuses to deploy SBPF v0-v2 code (what this toolchain builds) where the feature
    // disable_sbpf_v0_v1_v2_deployment is active, as solana-test-validator 4.2 activates every
    // feature; it is deactivated here, as on mainnet today (LiteSVM's mainnet features), so the
    // upgrade below can redeploy a program.
    validator = await LocalValidator.start({ programs, mint: admin.publicKey, rpcPort: RPC_PORT, extraArgs: ["--deactivate-feature", DISABLE_SBPF_V0_DEPLOYMENT] });
    chain = new RpcChain(validator.url);
    await createUsdcMint(validator.connection, admin, usdcMint);
  });

  async function run(...argv: string[]): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    const code = await io([...argv, "--url", validator.url], (l) => lines.push(l));
    return { code, out: lines.join("\n") };
  }

  /** Waits until the chain's clock reaches `t` (unix seconds). */
  async function until(t: number): Promise<void> {
    while ((await chain.unixTime()) < t) await new Promise((r) => setTimeout(r, 250));
  }

  after(async () => {
    await validator?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("deploy.ts --handover initialises with short periods and hands every role and upgrade authority to the executor; a second run sends nothing", async () => {
    // Given a cluster with the six programs deployed and initialised with short periods, and IO
    // the admin released to a holder (an admin power: before the hand-over)
    const init: string[] = [];
    await deploy({ url: validator.url, keypair: adminPath, usdcMint: usdcMint.publicKey, governance: SHORT_GOVERNANCE, guardian: guardian.publicKey, epochLength: EPOCH_LENGTH }, (l) => init.push(l));
    expect(init.join("\n")).to.contain("io_governance: initialised (voting 4 s");
    const funded = await chain.sendTransaction([SystemProgram.transfer({ fromPubkey: admin.publicKey, toPubkey: holder.publicKey, lamports: 5 * LAMPORTS_PER_SOL })], [admin]);
    expect(funded.ok).to.equal(true);
    const released = await run("release", "--keypair", adminPath, "--bucket", "4", "--amount", "1100", "--to", holder.publicKey.toBase58());
    expect(released.code, released.out).to.equal(0);
    // When deploy.ts runs again with --handover.
    const lines: string[] = [];
    await deploy({ url: validator.url, keypair: adminPath, usdcMint: usdcMint.publicKey, handover: true }, (l) => lines.push(l));
    const out = lines.join("\n");
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
  it("runs the lifecycle with the CLI: stake, propose a network-fee change (dry run first), vote, queue, execute; the old admin is refused", async () => {
    // Given the holder stakes 1,000 IO on its own node in the open epoch, which then closes
    const node = /^node (\w+)/m.exec((await run("register-node", "--keypair", holderPath, "--device", "rpc-gov-gpu", "--price", "2", "--usd-share-bps", "8000")).out)?.[1];
    expect(node, "register-node").to.be.a("string");
    const participant = await run("register-participant", "--keypair", holderPath, "--node", node!, "--share-bps", "200");
    expect(participant.code, participant.out).to.equal(0);
    const staked = await run("stake", "--keypair", holderPath, "--node", node!, "--amount", "1000");
    expect(staked.code, staked.out).to.equal(0);
    // (its position, listed over RPC by getProgramAccounts)
    const positions = JSON.parse((await run("positions", "--keypair", holderPath, "--output", "json")).out) as { positions: { active: string; pending: string }[] };
    expect(positions.positions).to.have.length(1);
    expect(Number(positions.positions[0].active) + Number(positions.positions[0].pending)).to.equal(1000 * 10 ** 8);
    await until((await chain.unixTime()) + EPOCH_LENGTH + 1);
    const closed = await run("close-epoch", "--keypair", holderPath);
    expect(closed.code, closed.out).to.equal(0);

    // When the holder dry-runs, then proposes 5% -> 7%
    const dry = await run("gov-propose", "--keypair", holderPath, "--job-param", "networkFeeBps", "--value", "700", "--dry-run");
    expect(dry.code, dry.out).to.equal(0);
    expect(dry.out).to.match(/execution would succeed now/);
    const proposed = await run("gov-propose", "--keypair", holderPath, "--job-param", "networkFeeBps", "--value", "700");
    expect(proposed.code, proposed.out).to.equal(0);
    expect(proposed.out).to.contain("proposal 0: io_jobs networkFeeBps: 500 -> 700 (bounds 0..10000)");
    // ... votes yes with every position it has, one command
    const voted = await run("gov-vote", "--keypair", holderPath, "--proposal", "0", "--choice", "yes");
    expect(voted.code, voted.out).to.equal(0);
    expect(voted.out).to.contain("voted yes with 1,000.00000000 IO");
    expect((await run("gov-list")).out).to.contain("0: Voting: io_jobs networkFeeBps: 500 -> 700");
    // ... queues after the vote and executes after the timelock
    const [address] = proposalKey(0);
    const p = decodeProposal((await chain.getAccount(address))!);
    expect((await run("gov-queue", "--keypair", holderPath, "--proposal", "0")).out).to.contain("VotingOpen");
    await until(p.end.toNumber());
    const queued = await run("gov-queue", "--keypair", holderPath, "--proposal", "0");
    expect(queued.code, queued.out).to.equal(0);
    const eta = decodeProposal((await chain.getAccount(address))!).eta.toNumber();
    await until(eta);
    const executed = await run("gov-execute", "--keypair", holderPath, "--proposal", "0");
    expect(executed.code, executed.out).to.equal(0);

    // Then the fee is 7%, the proposal Executed, and the old admin's set-job-params is refused
    const config = decodeJobsConfig((await chain.getAccount(jobsConfigKey()[0]))!);
    expect(config.networkFeeBps).to.equal(700);
    expect((await run("gov-list")).out).to.contain("0: Executed:");
    const old = await run("set-job-params", "--keypair", adminPath, "--network-fee-bps", "0");
    expect(old.code).to.equal(1);
    expect(old.out).to.contain("Unauthorized");
    expect(decodeJobsConfig((await chain.getAccount(jobsConfigKey()[0]))!).networkFeeBps).to.equal(700);
  });

  it("upgrades io_buyback through the loader with the CLI (write-buffer, an upgrade proposal with the deposit set, vote, queue, execute); then a proposal's deposit is taken and refunded", async () => {
    // Given the holder writes the toolchain canary into a buffer (it keeps the buffer's authority)
    const canary = readFileSync(join(DEPLOY_DIR, "toolchain_canary.so"));
    const written = await run("write-buffer", "--keypair", holderPath, "--so", join(DEPLOY_DIR, "toolchain_canary.so"));
    expect(written.code, written.out).to.equal(0);
    const buffer = new PublicKey(/^buffer (\w+)/m.exec(written.out)![1]);
    const held = decodeBuffer((await chain.getAccount(buffer))!.data);
    expect(held.authority?.toBase58()).to.equal(holder.publicKey.toBase58());
    expect(held.program.equals(canary)).to.equal(true);
    // ... and io_buyback (the executor its upgrade authority since the hand-over) does not answer the canary's [2, 1]
    const canaryCall = () => chain.sendTransaction([new TransactionInstruction({ programId: IO_BUYBACK_PROGRAM_ID, keys: [], data: Buffer.from([2, 1]) })], [holder]);
    const before = await canaryCall();
    expect(before.ok ? "" : before.error).not.to.contain("6122");
    // When it proposes the upgrade, and a 1 IO proposal deposit, in one proposal
    const proposed = await run("gov-propose", "--keypair", holderPath, "--action", `upgrade:io_buyback=${buffer.toBase58()}`, "--action", "param:io_governance.proposalDeposit=100000000");
    expect(proposed.code, proposed.out).to.equal(0);
    expect(proposed.out).to.contain(`upgrade io_buyback with the code in buffer ${buffer.toBase58()}`);
    expect(proposed.out).to.contain(`${canary.length} bytes, sha256`);
    // (the proposal took the buffer from the holder: the executor holds it now)
    expect(proposed.out).to.contain("held by you, handed to the executor");
    expect(decodeBuffer((await chain.getAccount(buffer))!.data).authority?.toBase58()).to.equal(executor.toBase58());
    const voted = await run("gov-vote", "--keypair", holderPath, "--proposal", "1", "--choice", "yes");
    expect(voted.code, voted.out).to.equal(0);
    const [address] = proposalKey(1);
    await until(decodeProposal((await chain.getAccount(address))!).end.toNumber());
    expect((await run("gov-queue", "--keypair", holderPath, "--proposal", "1")).code).to.equal(0);
    await until(decodeProposal((await chain.getAccount(address))!).eta.toNumber());
    const lamports = (await chain.getAccount(holder.publicKey))!.lamports;
    const executed = await run("gov-execute", "--keypair", holderPath, "--proposal", "1");
    expect(executed.code, executed.out).to.equal(0);
    // Then io_buyback runs the canary's code (from the next slot), the buffer is gone to the
    // proposer (its rent less the fee), and the deposit is 1 IO
    let after = await canaryCall();
    for (let i = 0; i < 20 && !(after.ok ? "" : after.error).includes("6122"); i++) {
      await new Promise((r) => setTimeout(r, 250));
      after = await canaryCall();
    }
    expect(after.ok ? "" : after.error).to.contain("6122");
    expect(await chain.getAccount(buffer)).to.equal(null);
    expect((await chain.getAccount(holder.publicKey))!.lamports).to.be.greaterThan(lamports);
    expect(decodeGovernanceConfig((await chain.getAccount(governanceConfigKey()[0]))!).proposalDeposit.toString()).to.equal("100000000");

    // When the holder proposes again: 1 IO moves into the deposit vault; it cancels; anyone refunds
    const io = ioAccountOf(holder.publicKey);
    const balance = async (k: PublicKey) => (await chain.getAccount(k))?.data.readBigUInt64LE(64) ?? 0n;
    const start = await balance(io);
    const again = await run("gov-propose", "--keypair", holderPath, "--job-param", "networkFeeBps", "--value", "600");
    expect(again.code, again.out).to.equal(0);
    expect(again.out).to.contain("deposit: 1.00000000 IO");
    expect(start - (await balance(io))).to.equal(100_000_000n);
    expect(await balance(depositVaultKey()[0])).to.equal(100_000_000n);
    const locked = await run("gov-refund-deposit", "--keypair", adminPath, "--proposal", "2");
    expect(locked.code).to.equal(1);
    expect(locked.out).to.contain("DepositLocked");
    expect((await run("gov-cancel", "--keypair", holderPath, "--proposal", "2")).code).to.equal(0);
    const refunded = await run("gov-refund-deposit", "--keypair", adminPath, "--proposal", "2");
    expect(refunded.code, refunded.out).to.equal(0);
    expect(await balance(io)).to.equal(start);
    expect(await balance(depositVaultKey()[0])).to.equal(0n);
    const twice = await run("gov-refund-deposit", "--keypair", adminPath, "--proposal", "2");
    expect(twice.out).to.contain("DepositAlreadyRefunded");
  });
});
