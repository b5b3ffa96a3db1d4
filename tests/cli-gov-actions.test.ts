/**
 * gov-propose with several `--action` specs on the embedded chain: one proposal accepts io_jobs'
 * admin role, then changes its network fee and governance's own quorum, in that order; the CLI
 * prints each action's diff with its bounds, and refuses an out-of-bound value before sending.
 */
import { expect } from "chai";
import { decodeGovernanceConfig, decodeJobsConfig, executorKey, governanceConfigKey, jobsConfigKey } from "../sdk/src";
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
});
