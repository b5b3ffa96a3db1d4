/**
 * The holders' governance scripts on the embedded chain: `gov-accept-admin` (io_governance's
 * accept_admin: anyone completes a hand-over the admin started, no vote), `gov-list` (every
 * proposal with its derived status, tallies, end and execution time) and `gov-vote` finding the
 * holder's positions itself and saying which cannot vote and why; `gov-propose --dry-run`
 * simulating the execution before anyone votes (cli/gov-dry-run.ts) and sending nothing.
 */
import { expect } from "chai";
import { decodeJobsConfig, executorKey, jobsConfigKey } from "../sdk/src";
import { cliSession, registeredNode } from "./cli-session";

describe("io gov-accept-admin, gov-list, gov-vote, gov-propose --dry-run (embedded chain)", function () {
  this.timeout(120_000);
  const cli = cliSession("io-cli-gov-holders-");
  const run = cli.run;

  it("hands io_jobs over without a vote, lists proposals with their status, and votes with every position that can", async () => {
    // Given a node owner with 15,000 IO staked before the open epoch, and a second node
    const admin = cli.keypair("admin");
    const ownerPath = cli.keypair("owner");
    const otherPath = cli.keypair("other");
    expect((await run("status", "--keypair", admin)).code).to.equal(0);
    const node = await registeredNode(cli, admin, ownerPath, "gov-gpu", "15100");
    const node2 = await registeredNode(cli, admin, otherPath, "gov-gpu-2", "100");
    expect((await run("stake", "--keypair", ownerPath, "--node", node, "--amount", "15000")).code).to.equal(0);
    expect((await run("close-epoch", "--keypair", admin, "--warp", "24")).code).to.equal(0);

    // gov-propose --dry-run before the hand-over: the execution would fail (io_jobs' admin is not
    // the executor), and nothing is sent.
    const before = await run("gov-propose", "--keypair", ownerPath, "--job-param", "networkFeeBps", "--value", "700", "--dry-run");
    expect(before.code, before.out).to.equal(1);
    expect(before.out).to.contain("action: io_jobs networkFeeBps: 500 -> 700 (bounds 0..10000)");
    expect(before.out).to.contain("execution would fail now: Unauthorized");
    expect(before.out).to.contain("limit: the target's setter simulated directly");
    expect((await run("gov-list")).out).to.contain("0 proposal(s)");
    const adminDry = await run("gov-propose", "--keypair", ownerPath, "--accept-admin", "io_jobs", "--dry-run");
    expect(adminDry.code).to.equal(1);
    expect(adminDry.out).to.contain("execution would fail now: NoPendingAdmin");

    // gov-accept-admin: refused until the admin proposes the executor, then anyone completes it, once.
    const early = await run("gov-accept-admin", "--keypair", ownerPath, "--program", "io_jobs");
    expect(early.code).to.equal(1);
    expect(early.out).to.contain("NoPendingAdmin");
    const [executor] = executorKey();
    expect((await run("propose-admin", "--keypair", admin, "--program", "io_jobs", "--new-admin", executor.toBase58())).code).to.equal(0);
    const accepted = await run("gov-accept-admin", "--keypair", ownerPath, "--program", "io_jobs");
    expect(accepted.code, accepted.out).to.equal(0);
    expect((await run("gov-accept-admin", "--keypair", ownerPath, "--program", "io_jobs")).out).to.contain("NoPendingAdmin");
    const chainAfter = cli.chain();
    expect(decodeJobsConfig(chainAfter.account(jobsConfigKey()[0])!).admin.toBase58()).to.equal(executor.toBase58());

    // The dry run after the hand-over: the execution would succeed, and nothing changed.
    const dry = await run("gov-propose", "--keypair", ownerPath, "--job-param", "networkFeeBps", "--value", "700", "--dry-run");
    expect(dry.code, dry.out).to.equal(0);
    expect(dry.out).to.match(/execution would succeed now \([\d,]+ CU\)/);
    const unchanged = cli.chain();
    expect(decodeJobsConfig(unchanged.account(jobsConfigKey()[0])!).networkFeeBps).to.equal(500);
    expect((await run("gov-propose", "--keypair", ownerPath, "--job-param", "networkFeeBps", "--value", "10001", "--dry-run")).out).to.contain("outside networkFeeBps's bounds 0..10000");

    // When the owner proposes a fee change and then delegates 10 IO to the second node (a new
    // position, after the snapshot)
    expect((await run("gov-list")).out).to.contain("0 proposal(s)");
    const fee = await run("gov-propose", "--keypair", ownerPath, "--job-param", "networkFeeBps", "--value", "700");
    expect(fee.code, fee.out).to.equal(0);
    expect((await run("stake", "--keypair", ownerPath, "--node", node2, "--amount", "10")).code).to.equal(0);
    const listed = await run("gov-list");
    expect(listed.out).to.contain("1 proposal(s)");
    expect(listed.out).to.contain("0: Voting: io_jobs networkFeeBps: 500 -> 700 (bounds 0..10000)");
    expect(listed.out).to.match(/yes 0\.00000000 IO, no 0\.00000000 IO, abstain 0\.00000000 IO of 15,000\.00000000 IO eligible; voting ends /);

    // Then gov-vote votes with the position that held stake and says why the other cannot
    const voted = await run("gov-vote", "--keypair", ownerPath, "--proposal", "0", "--choice", "yes");
    expect(voted.code, voted.out).to.equal(0);
    expect(voted.out).to.contain("voted yes with 15,000.00000000 IO");
    expect(voted.out).to.match(/position \w+ cannot vote: no voting stake at the start of epoch 1 \(NoVotingPower\)/);
    const again = await run("gov-vote", "--keypair", ownerPath, "--proposal", "0", "--choice", "no");
    expect(again.code).to.equal(1);
    expect(again.out).to.contain("already voted on this proposal (AlreadyVoted)");

    // And gov-list follows the proposal: Succeeded after the vote, Queued with its execution window
    // (a read-only command's --warp shows the state then and keeps nothing: gov-queue warps again)
    expect((await run("gov-list", "--warp", "73")).out).to.contain("0: Succeeded:");
    expect((await run("gov-queue", "--keypair", ownerPath, "--proposal", "0", "--warp", "73")).code).to.equal(0);
    expect((await run("gov-list")).out).to.match(/0: Queued:[\s\S]*executable from \S+ until /);
    expect((await run("gov-execute", "--keypair", ownerPath, "--proposal", "0", "--warp", "49")).code).to.equal(0);
    expect((await run("gov-list")).out).to.contain("0: Executed:");
  });
});
