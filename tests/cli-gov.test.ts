/**
 * The governance commands on the embedded chain, as a holder would run them: io_jobs' admin is
 * handed to the executor through a vote, then the network fee changes through another, and the
 * old admin's set-job-params fails (docs/governance.md).
 */
import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { Keypair } from "@solana/web3.js";
import { LiteSVM } from "litesvm";
import { decodeJobsConfig, executorKey, jobsConfigKey } from "../sdk/src";
import { EmbeddedChain } from "../cli/chain";
import { main as io } from "../cli/io";
import { writeKeypair } from "./validator";

describe("io gov-* (embedded chain)", function () {
  this.timeout(120_000);
  let dir: string;
  let state: string;

  async function run(...argv: string[]): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    const code = await io([...argv, "--state", state], (l) => lines.push(l));
    return { code, out: lines.join("\n") };
  }

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "io-cli-gov-"));
    state = join(dir, "chain.bin");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("hands io_jobs to governance and changes the network fee by vote; the old admin is refused", async () => {
    // Given a node owner who staked 15,000 IO of its own before the open epoch (10,000 IO of power proposes)
    const admin = writeKeypair(dir, "admin", Keypair.generate());
    const ownerPath = writeKeypair(dir, "owner", Keypair.generate());
    expect((await run("status", "--keypair", admin)).code).to.equal(0);
    const ownerKey = Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(ownerPath, "utf8")))).publicKey;
    expect((await run("release", "--keypair", admin, "--bucket", "4", "--amount", "15100", "--to", ownerKey.toBase58())).code).to.equal(0);
    const node = /^node (\w+)/m.exec((await run("register-node", "--keypair", ownerPath, "--device", "gov-gpu", "--price", "2", "--usd-share-bps", "8000")).out)![1];
    expect((await run("register-participant", "--keypair", ownerPath, "--node", node, "--share-bps", "200")).code).to.equal(0);
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
    const chain = new EmbeddedChain(LiteSVM.fromBytes(readFileSync(state)));
    const config = decodeJobsConfig(chain.account(jobsConfigKey()[0])!);
    expect(config.networkFeeBps).to.equal(700);
    expect(config.admin.toBase58()).to.equal(executor.toBase58());
    // And the old admin's parameter change is refused
    const old = await run("set-job-params", "--keypair", admin, "--network-fee-bps", "0");
    expect(old.code).to.equal(1);
    expect(old.out).to.contain("Unauthorized");
  });
});
