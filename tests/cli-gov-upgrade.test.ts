/**
 * The upgrade and deposit commands on the embedded chain: `write-buffer` puts a program into a
 * loader buffer its signer keeps, `gov-propose --action upgrade:<program>=<buffer>` proposes it
 * and hands it to the executor (printing the buffer's size, sha256 and authority),
 * `gov-reclaim-buffer` gives a cancelled proposal's buffer back to its proposer, once; a proposal
 * sets the deposit (parameter 71), and `gov-refund-deposit` returns a later proposal's deposit
 * once it is out of Voting, once.
 * (The upgrade's execution through the CLI runs over RPC: tests/rpc-gov.test.ts.)
 */
import { expect } from "chai";
import { createHash } from "crypto";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { Keypair, PublicKey } from "@solana/web3.js";
import { decodeBuffer, decodeGovernanceConfig, decodeProposal, depositVaultKey, executorKey, governanceConfigKey, IO_BUYBACK_PROGRAM_ID, ioAccountOf, proposalKey } from "../sdk/src";
import { setUpgradeAuthorityInstruction } from "../cli/handover";
import { DEPLOY_DIR } from "../cli/chain";
import { cliSession, publicKeyOf, registeredNode } from "./cli-session";

describe("io write-buffer, gov-propose --action upgrade, gov-refund-deposit (embedded chain)", function () {
  this.timeout(120_000);
  const cli = cliSession("io-cli-gov-upgrade-");
  const run = cli.run;

  it("writes a buffer, proposes the upgrade (the proposal takes the buffer), reclaims the buffer of the cancelled proposal once; a deposit set by vote is taken and refunded once", async () => {
    // Given a node owner who staked 15,000 IO before the open epoch (100 IO left in its account)
    const admin = cli.keypair("admin");
    const ownerPath = cli.keypair("owner");
    expect((await run("status", "--keypair", admin)).code).to.equal(0);
    const node = await registeredNode(cli, admin, ownerPath, "gov-gpu", "15100");
    expect((await run("stake", "--keypair", ownerPath, "--node", node, "--amount", "15000")).code).to.equal(0);
    expect((await run("close-epoch", "--keypair", admin, "--warp", "24")).code).to.equal(0);

    // And io_buyback's upgrade authority handed to the executor (as `migrations/deploy.ts --handover`
    // does; propose refuses an upgrade the executor could not carry out)
    const adminKeypair = Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(admin, "utf8"))));
    const chain = cli.chain();
    const handed = chain.send([setUpgradeAuthorityInstruction({ program: IO_BUYBACK_PROGRAM_ID, authority: adminKeypair.publicKey, newAuthority: executorKey()[0] })], [adminKeypair]);
    expect(handed.ok, handed.ok ? "" : handed.error).to.equal(true);
    writeFileSync(cli.state, chain.svm.toBytes());

    // When the owner writes the canary into a buffer and proposes io_buyback's upgrade with it
    const so = join(DEPLOY_DIR, "toolchain_canary.so");
    const written = await run("write-buffer", "--keypair", ownerPath, "--so", so);
    expect(written.code, written.out).to.equal(0);
    const buffer = new PublicKey(/^buffer (\w+)/m.exec(written.out)![1]);
    const held = decodeBuffer(cli.chain().account(buffer)!.data);
    expect(held.authority?.toBase58()).to.equal(publicKeyOf(ownerPath).toBase58());
    expect(held.program.equals(readFileSync(so))).to.equal(true);
    const sha = createHash("sha256").update(readFileSync(so)).digest("hex");
    expect(written.out).to.contain(sha);
    const proposed = await run("gov-propose", "--keypair", ownerPath, "--action", `upgrade:io_buyback=${buffer.toBase58()}`, "--action", "param:io_governance.proposalDeposit=100000000");
    expect(proposed.code, proposed.out).to.equal(0);
    // Then the diff names the program, the buffer, its size, sha256 and that the proposal hands it to the executor
    expect(proposed.out).to.contain(`1. upgrade io_buyback with the code in buffer ${buffer.toBase58()}`);
    expect(proposed.out).to.contain(`buffer ${buffer.toBase58()}: ${held.program.length} bytes, sha256 ${sha}, held by you, handed to the executor`);
    expect(decodeBuffer(cli.chain().account(buffer)!.data).authority?.toBase58()).to.equal(executorKey()[0].toBase58());
    expect(proposed.out).to.contain("2. io_governance proposalDeposit: 0 -> 100000000 (bounds 0..100000000000000)");
    expect(decodeProposal(cli.chain().account(proposalKey(0)[0])!).keys[0].toBase58()).to.equal(buffer.toBase58());
    // An unknown program is refused before sending
    const unknown = await run("gov-propose", "--keypair", ownerPath, "--action", `upgrade:io_nothing=${buffer.toBase58()}`);
    expect(unknown.code).to.equal(1);
    expect(unknown.out).to.contain("upgrade:<io_token|io_oracle|io_jobs|io_staking|io_buyback|io_governance>=<buffer>");

    // While it is voted on, its buffer cannot be reclaimed
    const early = await run("gov-reclaim-buffer", "--keypair", admin, "--proposal", "0");
    expect(early.code).to.equal(1);
    expect(early.out).to.contain("ProposalCanStillExecute");
    // Once cancelled, anyone reclaims it: the buffer's lamports go to the owner, once
    expect((await run("gov-cancel", "--keypair", ownerPath, "--proposal", "0")).code).to.equal(0);
    const lamports = (k: PublicKey) => cli.chain().account(k)?.lamports ?? 0;
    const rent = lamports(buffer);
    const ownerBefore = lamports(publicKeyOf(ownerPath));
    const reclaimed = await run("gov-reclaim-buffer", "--keypair", admin, "--proposal", "0");
    expect(reclaimed.code, reclaimed.out).to.equal(0);
    expect(reclaimed.out).to.contain(`proposal 0 action 1: buffer ${buffer.toBase58()} (${rent} lamports) -> proposer ${publicKeyOf(ownerPath).toBase58()}`);
    expect(lamports(publicKeyOf(ownerPath)) - ownerBefore).to.equal(rent);
    expect(lamports(buffer)).to.equal(0);
    const again = await run("gov-reclaim-buffer", "--keypair", admin, "--proposal", "0", "--action", "1");
    expect(again.code).to.equal(1);
    expect(again.out).to.contain("BufferAlreadyReclaimed");

    // When a proposal that only sets the deposit to 1 IO passes and executes
    expect((await run("gov-propose", "--keypair", ownerPath, "--action", "param:io_governance.proposalDeposit=100000000")).code).to.equal(0);
    expect((await run("gov-vote", "--keypair", ownerPath, "--proposal", "1", "--choice", "yes")).code).to.equal(0);
    expect((await run("gov-queue", "--keypair", ownerPath, "--proposal", "1", "--warp", "73")).code).to.equal(0);
    const executed = await run("gov-execute", "--keypair", ownerPath, "--proposal", "1", "--warp", "49");
    expect(executed.code, executed.out).to.equal(0);
    expect(decodeGovernanceConfig(cli.chain().account(governanceConfigKey()[0])!).proposalDeposit.toString()).to.equal("100000000");
    // Then the next proposal takes 1 IO from the owner's IO account into the vault
    const io = ioAccountOf(publicKeyOf(ownerPath));
    const balance = (k: PublicKey) => cli.chain().account(k)?.data.readBigUInt64LE(64) ?? 0n;
    const start = balance(io);
    const next = await run("gov-propose", "--keypair", ownerPath, "--job-param", "networkFeeBps", "--value", "600");
    expect(next.code, next.out).to.equal(0);
    expect(next.out).to.contain("deposit: 1.00000000 IO");
    expect(start - balance(io)).to.equal(100_000_000n);
    expect(balance(depositVaultKey()[0])).to.equal(100_000_000n);
    // ... which anyone cannot refund while it is voted on, can once it is cancelled, and only once
    const locked = await run("gov-refund-deposit", "--keypair", admin, "--proposal", "2");
    expect(locked.code).to.equal(1);
    expect(locked.out).to.contain("DepositLocked");
    expect((await run("gov-cancel", "--keypair", ownerPath, "--proposal", "2")).code).to.equal(0);
    const refunded = await run("gov-refund-deposit", "--keypair", admin, "--proposal", "2");
    expect(refunded.code, refunded.out).to.equal(0);
    expect(balance(io)).to.equal(start);
    expect(balance(depositVaultKey()[0])).to.equal(0n);
    const twice = await run("gov-refund-deposit", "--keypair", admin, "--proposal", "2");
    expect(twice.code).to.equal(1);
    expect(twice.out).to.contain("DepositAlreadyRefunded");
    // A proposal made without a deposit has none
    expect((await run("gov-refund-deposit", "--keypair", admin, "--proposal", "1")).out).to.contain("NoDeposit");
  });
});
