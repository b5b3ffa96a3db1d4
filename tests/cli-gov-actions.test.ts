/**
 * gov-propose with several `--action` specs on the embedded chain: one proposal accepts io_jobs'
 * admin role, then changes its network fee and governance's own quorum, in that order; the CLI
 * prints each action's diff with its bounds, and refuses an out-of-bound value before sending.
 */
import { expect } from "chai";
import { rmSync, writeFileSync } from "fs";
import { Keypair } from "@solana/web3.js";
import { createAssociatedTokenAccountIdempotentInstruction, createMintToInstruction, getAssociatedTokenAddressSync, TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import {
  buybackConfigKey,
  decodeBuybackConfig,
  decodeEmissionState,
  decodeGovernanceConfig,
  decodeJobsConfig,
  emissionKey,
  executorKey,
  governanceConfigKey,
  incentivesVaultKey,
  ioMintKey,
  jobsConfigKey,
  proposeBuybackAdminInstruction,
} from "../sdk/src";
import { loadKeypair } from "../cli/chain";
import { embeddedUsdcKeypair } from "../cli/genesis";
import { cliSession, registeredNode } from "./cli-session";

describe("io gov-propose --action (embedded chain)", function () {
  this.timeout(120_000);
  const cli = cliSession("io-cli-gov-actions-");
  const run = cli.run;

  it("proposes three actions in one transaction, prints each diff with bounds, and executes them in order", async () => {
    // Given a node owner who staked 15,000 IO before the open epoch, and the admin's half of io_jobs' hand-over
    const admin = cli.keypair("admin");
    const ownerPath = cli.keypair("owner");
    expect((await run("status", "--keypair", admin)).code).to.equal(0);
    const node = await registeredNode(cli, admin, ownerPath, "gov-gpu", "15100");
    expect((await run("stake", "--keypair", ownerPath, "--node", node, "--amount", "15000")).code).to.equal(0);
    expect((await run("close-epoch", "--keypair", admin, "--warp", "24")).code).to.equal(0);
    const [executor] = executorKey();
    expect((await run("propose-admin", "--keypair", admin, "--program", "io_jobs", "--new-admin", executor.toBase58())).code).to.equal(0);
    // When an out-of-bound value is named, the CLI refuses before sending
    const bad = await run("gov-propose", "--keypair", ownerPath, "--action", "accept-admin:io_jobs", "--action", "param:io_governance.quorumBps=10001");
    expect(bad.code).to.equal(1);
    expect(bad.out).to.contain("outside quorumBps's bounds 1..10000");
    // When the owner proposes three actions
    const proposed = await run(
      "gov-propose",
      "--keypair",
      ownerPath,
      "--action",
      "accept-admin:io_jobs",
      "--action",
      "job:networkFeeBps=700",
      "--action",
      "param:io_governance.quorum_bps=500",
    );
    expect(proposed.code, proposed.out).to.equal(0);
    // Then each diff is printed, numbered in execution order, with its bounds
    expect(proposed.out).to.contain("proposal 0: 3 actions, executed in order");
    expect(proposed.out).to.contain("1. accept the admin role of io_jobs");
    expect(proposed.out).to.contain("2. io_jobs networkFeeBps: 500 -> 700 (bounds 0..10000)");
    expect(proposed.out).to.contain("3. io_governance quorumBps: 400 -> 500 (bounds 1..10000)");
    expect((await run("gov-show", "--keypair", ownerPath, "--proposal", "0")).out).to.contain("3. io_governance quorumBps: 400 -> 500");
    // When it passes and is executed
    expect((await run("gov-vote", "--keypair", ownerPath, "--proposal", "0", "--choice", "yes")).code).to.equal(0);
    expect((await run("gov-queue", "--keypair", ownerPath, "--proposal", "0", "--warp", "73")).code).to.equal(0);
    const executed = await run("gov-execute", "--keypair", ownerPath, "--proposal", "0", "--warp", "49");
    expect(executed.code, executed.out).to.equal(0);
    // Then the three changes hold
    const chain = cli.chain();
    const jobs = decodeJobsConfig(chain.account(jobsConfigKey()[0])!);
    expect([jobs.admin.toBase58(), jobs.networkFeeBps]).to.deep.equal([executor.toBase58(), 700]);
    expect(decodeGovernanceConfig(chain.account(governanceConfigKey()[0])!).quorumBps).to.equal(500);
  });

  it("proposes a spend, a guardian and a hand-over away with --action specs, prints their diffs, and executes them", async () => {
    // Given a fresh chain: a staker with 15,000 IO staked before the open epoch, io_buyback's admin half of its hand-over,
    // 50 USDC in the incentives vault and a grantee's USDC account.
    rmSync(cli.state, { force: true });
    const admin = cli.keypair("admin2");
    const ownerPath = cli.keypair("owner2");
    expect((await run("status", "--keypair", admin)).code).to.equal(0);
    const node = await registeredNode(cli, admin, ownerPath, "gov-gpu-2", "15100");
    expect((await run("stake", "--keypair", ownerPath, "--node", node, "--amount", "15000")).code).to.equal(0);
    expect((await run("close-epoch", "--keypair", admin, "--warp", "24")).code).to.equal(0);
    const [executor] = executorKey();
    const usdc = embeddedUsdcKeypair().publicKey;
    const grantee = Keypair.generate().publicKey;
    const dest = getAssociatedTokenAddressSync(usdc, grantee);
    {
      const chain = cli.chain();
      const signer = loadKeypair(admin);
      // (io_buyback's half of the hand-over by its SDK builder, signed by the admin, with the vault's funding)
      const res = chain.send(
        [
          proposeBuybackAdminInstruction({ admin: signer.publicKey, newAdmin: executor }),
          createAssociatedTokenAccountIdempotentInstruction(signer.publicKey, dest, grantee, usdc),
          createMintToInstruction(usdc, incentivesVaultKey()[0], signer.publicKey, 50_000_000n),
        ],
        [signer],
      );
      if (!res.ok) throw new Error(res.error);
      writeFileSync(cli.state, chain.svm.toBytes());
    }
    const guardian = Keypair.generate().publicKey;
    const successor = Keypair.generate().publicKey;
    // A malformed spec is refused before sending.
    const bad = await run("gov-propose", "--keypair", ownerPath, "--action", "spend:12");
    expect(bad.code).to.equal(1);
    expect(bad.out).to.contain("spend:<usdc>:<token account>");
    // When the staker proposes four actions.
    const proposed = await run(
      "gov-propose",
      "--keypair",
      ownerPath,
      "--action",
      "accept-admin:io_buyback",
      "--action",
      `spend:12.5:${dest.toBase58()}`,
      "--action",
      `guardian:io_buyback:${guardian.toBase58()}`,
      "--action",
      `admin:io_buyback:${successor.toBase58()}`,
    );
    expect(proposed.code, proposed.out).to.equal(0);
    // Then each diff is printed: the spend with the vault's balance, the guardian now and next.
    expect(proposed.out).to.contain(`2. spend 12.500000 USDC from io_buyback's incentives vault to ${dest.toBase58()}`);
    expect(proposed.out).to.contain(`3. io_buyback guardian -> ${guardian.toBase58()}`);
    expect(proposed.out).to.contain(`4. propose ${successor.toBase58()} as the admin of io_buyback`);
    expect(proposed.out).to.contain("incentives vault now 50.000000 USDC -> 37.500000");
    expect(proposed.out).to.match(new RegExp(`guardian: \\w+ -> ${guardian.toBase58()}`));
    // When it passes and is executed.
    expect((await run("gov-vote", "--keypair", ownerPath, "--proposal", "0", "--choice", "yes")).code).to.equal(0);
    expect((await run("gov-queue", "--keypair", ownerPath, "--proposal", "0", "--warp", "73")).code).to.equal(0);
    const executed = await run("gov-execute", "--keypair", ownerPath, "--proposal", "0", "--warp", "49");
    expect(executed.code, executed.out).to.equal(0);
    // Then the grantee holds 12.5 USDC, io_buyback's guardian is the new key and its pending admin the successor.
    const chain = cli.chain();
    expect(chain.account(dest)!.data.readBigUInt64LE(64)).to.equal(12_500_000n);
    const b = decodeBuybackConfig(chain.account(buybackConfigKey()[0])!);
    expect([b.admin, b.guardian, b.pendingAdmin].map((k) => k.toBase58())).to.deep.equal([executor, guardian, successor].map((k) => k.toBase58()));
  });

  it("dry-runs spend, guardian, hand-over-away and admin-call actions, then proposes and executes a release, an unpause and io_token's re-mint cap after the hand-over", async () => {
    // Given a fresh chain: a staker with 15,000 IO staked before the open epoch, and io_token and
    // io_buyback handed to governance with the CLI (propose-admin now names io_buyback).
    rmSync(cli.state, { force: true });
    const admin = cli.keypair("admin3");
    const ownerPath = cli.keypair("owner3");
    expect((await run("status", "--keypair", admin)).code).to.equal(0);
    const node = await registeredNode(cli, admin, ownerPath, "gov-gpu-3", "15100");
    expect((await run("stake", "--keypair", ownerPath, "--node", node, "--amount", "15000")).code).to.equal(0);
    expect((await run("close-epoch", "--keypair", admin, "--warp", "24")).code).to.equal(0);
    const [executor] = executorKey();
    // The admin is still io_buyback's guardian here (initialize's default): it pauses the buyback.
    expect((await run("pause-buyback", "--keypair", admin)).code).to.equal(0);
    for (const program of ["io_token", "io_buyback"]) {
      const proposed = await run("propose-admin", "--keypair", admin, "--program", program, "--new-admin", executor.toBase58());
      expect(proposed.code, proposed.out).to.equal(0);
      const accepted = await run("gov-accept-admin", "--keypair", admin, "--program", program);
      expect(accepted.code, accepted.out).to.equal(0);
    }
    const owner = loadKeypair(ownerPath);
    const ownerIo = getAssociatedTokenAddressSync(ioMintKey()[0], owner.publicKey, false, TOKEN_2022_PROGRAM_ID);
    const ioBefore = cli.chain().account(ownerIo)!.data.readBigUInt64LE(64);
    const other = Keypair.generate().publicKey;
    // When each kind is dry-run: nothing is sent, each says what it simulated and whether it would succeed.
    const dry = await run(
      "gov-propose",
      "--keypair",
      ownerPath,
      "--dry-run",
      "--action",
      `call:release-community:3:${ownerIo.toBase58()}`,
      "--action",
      "call:unpause",
      "--action",
      "param:io_token.remintCapPerHour=2500000000",
      "--action",
      `guardian:io_buyback:${other.toBase58()}`,
    );
    expect(dry.code, dry.out).to.equal(0);
    expect(dry.out).to.contain(`action: io_token release 3.00000000 IO from the community bucket to ${ownerIo.toBase58()}`);
    expect(dry.out).to.contain("simulated io_token release signed by the executor");
    expect(dry.out).to.contain("simulated io_buyback unpause signed by the executor");
    expect(dry.out).to.contain("simulated io_token set_remint_cap signed by the executor");
    expect(dry.out).to.contain("simulated io_buyback set_guardian signed by the executor");
    expect(dry.out.match(/execution would succeed now/g)?.length).to.equal(4);
    // A spend from an empty incentives vault and a hand-over away of a program not handed over: the dry run says they would fail.
    const failing = await run("gov-propose", "--keypair", ownerPath, "--dry-run", "--action", `spend:1:${ownerIo.toBase58()}`, "--action", `admin:io_jobs:${other.toBase58()}`);
    expect(failing.code).to.equal(1);
    expect(failing.out).to.contain("simulated io_buyback spend_incentives signed by the executor");
    expect(failing.out).to.contain("simulated propose_admin signed by the executor");
    expect(failing.out).to.contain("execution would fail now: Unauthorized");
    expect(cli.chain().account(ownerIo)!.data.readBigUInt64LE(64)).to.equal(ioBefore);
    // A malformed call is refused before sending.
    const bad = await run("gov-propose", "--keypair", ownerPath, "--action", `call:resolve-slash:maybe:${other.toBase58()}`);
    expect(bad.code).to.equal(1);
    expect(bad.out).to.contain("resolve-slash takes uphold or dismiss");
    // When the staker proposes the release, the unpause and the re-mint cap, and they pass and execute.
    const proposed = await run(
      "gov-propose",
      "--keypair",
      ownerPath,
      "--action",
      `call:release-community:3:${ownerIo.toBase58()}`,
      "--action",
      "call:unpause",
      "--action",
      "param:io_token.remint_cap_per_hour=2500000000",
    );
    expect(proposed.code, proposed.out).to.equal(0);
    expect(proposed.out).to.contain(`1. io_token release 3.00000000 IO from the community bucket to ${ownerIo.toBase58()}`);
    expect(proposed.out).to.contain("2. io_buyback unpause (buying resumes; the pause begun ");
    expect(proposed.out).to.match(/3\. io_token remintCapPerHour: \d+ -> 2500000000/);
    expect(proposed.out).to.match(/community vault now [\d.,]+ IO -> [\d.,]+ \(refused at execution if short\)/);
    expect((await run("gov-vote", "--keypair", ownerPath, "--proposal", "0", "--choice", "yes")).code).to.equal(0);
    expect((await run("gov-queue", "--keypair", ownerPath, "--proposal", "0", "--warp", "73")).code).to.equal(0);
    const executed = await run("gov-execute", "--keypair", ownerPath, "--proposal", "0", "--warp", "49");
    expect(executed.code, executed.out).to.equal(0);
    // Then the owner holds 3 IO more, the buyback runs, the cap is 25 IO an hour.
    const chain = cli.chain();
    expect(chain.account(ownerIo)!.data.readBigUInt64LE(64) - ioBefore).to.equal(300_000_000n);
    expect(decodeBuybackConfig(chain.account(buybackConfigKey()[0])!).paused).to.equal(false);
    expect(decodeEmissionState(chain.account(emissionKey()[0])!).remintCapPerHour.toString()).to.equal("2500000000");
  });
});
