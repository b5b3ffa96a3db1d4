/**
 * The governance commands on the embedded chain, as a holder would run them: io_jobs' admin is
 * handed to the executor through a vote, then the network fee changes through another, and the
 * old admin's set-job-params fails (docs/governance.md).
 */
import { expect } from "chai";
import { decodeJobsConfig, executorKey, jobsConfigKey } from "../sdk/src";
import { cliSession, registeredNode } from "./cli-session";

describe("io gov-* (embedded chain)", function () {
  this.timeout(120_000);
  const cli = cliSession("io-cli-gov-");
  const run = cli.run;

  it("hands io_jobs to governance and changes the network fee by vote; the old admin is refused", async () => {
    // Given a node owner who staked 15,000 IO of its own before the open epoch (10,000 IO of power proposes)
    const admin = cli.keypair("admin");
    const ownerPath = cli.keypair("owner");
    expect((await run("status", "--keypair", admin)).code).to.equal(0);
    const node = await registeredNode(cli, admin, ownerPath, "gov-gpu", "15100");
    expect((await run("stake", "--keypair", ownerPath, "--node", node, "--amount", "15000")).code).to.equal(0);
    expect((await run("close-epoch", "--keypair", admin, "--warp", "24")).code).to.equal(0);
    // And the admin's half of the hand-over
    const [executor] = executorKey();
    const handed = await run("propose-admin", "--keypair", admin, "--program", "io_jobs", "--new-admin", executor.toBase58());
    expect(handed.code, handed.out).to.equal(0);

    // When the owner proposes accepting it, votes, and anyone queues and executes it after the vote and the timelock
    const accept = await run("gov-propose", "--keypair", ownerPath, "--accept-admin", "io_jobs");
    expect(accept.code, accept.out).to.equal(0);
    expect(accept.out).to.contain("proposal 0: accept the admin role of io_jobs");
    const voted = await run("gov-vote", "--keypair", ownerPath, "--proposal", "0", "--choice", "yes");
    expect(voted.code, voted.out).to.equal(0);
    expect(voted.out).to.contain("voted yes with 15,000.00000000 IO");
    expect((await run("gov-show", "--keypair", ownerPath, "--proposal", "0")).out).to.match(/: Voting[\s\S]*quorum 4% \([\d,.]+ IO\): reached/);
    expect((await run("gov-vote", "--keypair", ownerPath, "--proposal", "0", "--choice", "no")).out).to.contain("AlreadyVoted");
    // (the embedded chain's guardian is the admin, which may only veto)
    expect((await run("gov-queue", "--keypair", admin, "--proposal", "0")).out).to.contain("GuardianOnlyVetoes");
    expect((await run("gov-queue", "--keypair", ownerPath, "--proposal", "0")).out).to.contain("VotingOpen");
    expect((await run("gov-queue", "--keypair", ownerPath, "--proposal", "0", "--warp", "73")).code).to.equal(0);
    expect((await run("gov-execute", "--keypair", ownerPath, "--proposal", "0")).out).to.contain("TimelockActive");
    const executed = await run("gov-execute", "--keypair", ownerPath, "--proposal", "0", "--warp", "49");
    expect(executed.code, executed.out).to.equal(0);

    // Then a fee change shows its diff with bounds, passes the same way, and only it changes
    const fee = await run("gov-propose", "--keypair", ownerPath, "--job-param", "networkFeeBps", "--value", "700");
    expect(fee.code, fee.out).to.equal(0);
    expect(fee.out).to.contain("proposal 1: io_jobs networkFeeBps: 500 -> 700 (bounds 0..10000)");
    expect((await run("gov-propose", "--keypair", ownerPath, "--job-param", "networkFeeBps", "--value", "10001")).out).to.contain("outside networkFeeBps's bounds 0..10000");
    expect((await run("gov-vote", "--keypair", ownerPath, "--proposal", "1", "--choice", "yes")).code).to.equal(0);
    expect((await run("gov-queue", "--keypair", ownerPath, "--proposal", "1", "--warp", "73")).code).to.equal(0);
    expect((await run("gov-execute", "--keypair", ownerPath, "--proposal", "1", "--warp", "49")).code).to.equal(0);
    expect((await run("gov-show", "--keypair", admin, "--proposal", "1")).out).to.contain(": Executed");
    const chain = cli.chain();
    const config = decodeJobsConfig(chain.account(jobsConfigKey()[0])!);
    expect(config.networkFeeBps).to.equal(700);
    expect(config.admin.toBase58()).to.equal(executor.toBase58());
    // And the old admin's parameter change is refused
    const old = await run("set-job-params", "--keypair", admin, "--network-fee-bps", "0");
    expect(old.code).to.equal(1);
    expect(old.out).to.contain("Unauthorized");
  });
});
