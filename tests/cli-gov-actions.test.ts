/**
 * gov-propose with several `--action` specs on the embedded chain: one proposal accepts io_jobs'
 * admin role, then changes its network fee and governance's own quorum, in that order; the CLI
 * prints each action's diff with its bounds, and refuses an out-of-bound value before sending.
 */
import { expect } from "chai";
import { rmSync, writeFileSync } from "fs";
import { Keypair } from "@solana/web3.js";
import { createAssociatedTokenAccountIdempotentInstruction, createMintToInstruction, getAssociatedTokenAddressSync } from "@solana/spl-token";
import { buybackConfigKey, decodeBuybackConfig, decodeGovernanceConfig, decodeJobsConfig, executorKey, governanceConfigKey, incentivesVaultKey, jobsConfigKey, proposeBuybackAdminInstruction } from "../sdk/src";
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
      // (the CLI's propose-admin does not name io_buyback: its SDK builder, signed by the admin)
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
});
