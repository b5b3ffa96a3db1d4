/**
 * Issue 15's program upgrades through governance (action 9) and refundable proposal deposit
 * (parameter 71, refund_deposit), reviewed as an attacker (third review): each finding is a test
 * on the real .so files that failed before its fix (see the commit history of this file).
 * Given / When / Then in each test; refusals assert the error and that state did not change.
 */
import { expect } from "chai";
import { readFileSync } from "fs";
import { join } from "path";
import { Keypair, PublicKey } from "@solana/web3.js";
import {
  bufferSize,
  executorKey,
  governanceConfigKey,
  IO_BUYBACK_PROGRAM_ID,
  IO_ORACLE_PROGRAM_ID,
  programDataKey,
  proposalKey,
  proposeInstruction,
  upgradeAction,
  writeBufferPlan,
} from "../sdk/src";
import { DEPLOY_DIR } from "../cli/chain";
import { expectError, expectOk, TestChain } from "./harness";
import { IO } from "./jobs-world";
import { GovWorld, GOV_PARAMS, Voter } from "./governance-world";

const [EXECUTOR] = executorKey();
const ORACLE = 1;
const BUYBACK = 4;
const CANARY = readFileSync(join(DEPLOY_DIR, "toolchain_canary.so"));

/** Given nodeA's owner (1,000 IO own) and a delegator (600 IO) staked in epoch 0, epoch 1 open; io_buyback and io_oracle deployed through the loader with the executor as upgrade authority. */
function world(): { w: GovWorld; owner: Voter; delegator: Voter } {
  const w = new GovWorld();
  const owner = w.ownerVoter();
  const delegator = w.delegator(IO.muln(600));
  expectOk(w.staking.closeEpoch());
  w.chain.deployUpgradeable(IO_BUYBACK_PROGRAM_ID, "io_buyback", EXECUTOR);
  w.chain.deployUpgradeable(IO_ORACLE_PROGRAM_ID, "io_oracle", EXECUTOR);
  return { w, owner, delegator };
}

/** Writes `so` into a new buffer with `writer` as authority through the real loader, as `io write-buffer` does (the writer keeps it; its proposal hands it to the executor); with `handTo`, then hands it to that key in its own transaction (what `io write-buffer` did before the fix). */
function writeBuffer(chain: TestChain, writer: Keypair, so: Buffer, handTo?: PublicKey): PublicKey {
  const buffer = Keypair.generate();
  const lamports = Number(chain.svm.minimumBalanceForRentExemption(BigInt(bufferSize(so.length))));
  const plan = writeBufferPlan({ payer: writer.publicKey, buffer: buffer.publicKey, authority: writer.publicKey, so, lamports, newAuthority: handTo });
  expectOk(chain.send(plan.create, [writer, buffer]));
  for (const ix of plan.writes) expectOk(chain.send([ix], [writer]));
  if (plan.handOver) expectOk(chain.send([plan.handOver], [writer]));
  return buffer.publicKey;
}

/** Both vote yes, the voting ends, the proposal is queued and its timelock passes. */
function passAndWait(w: GovWorld, proposal: PublicKey, voters: Voter[]): void {
  for (const v of voters) expectOk(w.vote(v, proposal, 1));
  w.chain.warp(GOV_PARAMS.votingPeriod);
  expectOk(w.queue(proposal));
  w.chain.warp(GOV_PARAMS.timelock);
}

describe("review of issue 15 (third): program upgrades and proposal deposits, as an attacker", function () {
  this.timeout(300_000);

  it("finding: two upgrade actions (two programs) naming one buffer pass the vote but can never execute (the first upgrade empties the buffer); refused at proposal time", () => {
    const { w, owner } = world();
    const buffer = writeBuffer(w.chain, owner.wallet, CANARY);
    const watched = () => w.chain.snapshot([governanceConfigKey()[0], proposalKey(w.config().proposalCount)[0], buffer]);
    const before = watched();
    // When a proposal names the same buffer for io_buyback and for io_oracle.
    // Then it is refused (the loader empties a buffer it deploys, so the second action could
    // only ever fail and the proposal would sit Queued until its grace period ends), nothing changes.
    expectError(w.proposeAll(owner, [upgradeAction(BUYBACK, buffer), upgradeAction(ORACLE, buffer)]).res, "InvalidBuffer");
    // (Twice for io_buyback was already refused before this finding's fix: one action per kind and target.)
    expectError(w.proposeAll(owner, [upgradeAction(BUYBACK, buffer), upgradeAction(BUYBACK, buffer)]).res, "DuplicateAction");
    expect(watched()).to.equal(before);
    // And the buffer alone is still proposable.
    expectOk(w.proposeAll(owner, [upgradeAction(BUYBACK, buffer)]).res);
  });

  for (const flow of ["handed to the executor by its writer (the flow before the fix)", "kept by its writer (io write-buffer now)"]) it(`finding: a staker front-runs the buffer's writer with a proposal naming the writer's buffer and takes the buffer's rent as spill (buffer ${flow})`, () => {
    const { w, owner, delegator } = world();
    // Given the owner's buffer, written (`io write-buffer`), not yet proposed.
    const buffer = writeBuffer(w.chain, owner.wallet, CANARY, flow.startsWith("handed") ? EXECUTOR : undefined);
    const rent = w.chain.account(buffer)!.lamports;
    const attacker = delegator.wallet.publicKey;
    // When the delegator proposes the very same upgrade first (same program, same buffer), the
    // holders pass it (it is the upgrade they wanted) and anyone executes it.
    const { res, proposal } = w.proposeAll(delegator, [upgradeAction(BUYBACK, buffer)]);
    let gained = 0;
    if (res.ok) {
      passAndWait(w, proposal, [owner, delegator]);
      const before = w.chain.account(attacker)!.lamports;
      expectOk(w.execute(proposal));
      gained = w.chain.account(attacker)!.lamports - before;
    }
    // Then the buffer's rent (paid by the owner) has not gone to the delegator: either the
    // delegator could not propose a buffer it does not control, or the rent went to its payer.
    expect(gained, `the delegator gained ${gained} lamports, the rent of a buffer it never paid for (${rent})`).to.be.lessThan(rent);
    // (How: propose takes a buffer only from its authority, the proposer.)
    expectError(res, "BufferNotProposers");
  });
  it("finding: an upgrade of a program whose upgrade authority is not the executor is accepted, voted and can never execute; refused at proposal time", () => {
    const { w, owner, delegator } = world();
    // Given io_buyback redeployed with another upgrade authority (a hand-over not done, or an
    // immutable program), and a buffer held by the executor.
    const other = Keypair.generate();
    w.chain.deployUpgradeable(IO_BUYBACK_PROGRAM_ID, "io_buyback", other.publicKey);
    const buffer = writeBuffer(w.chain, owner.wallet, CANARY);
    const watched = () => w.chain.snapshot([governanceConfigKey()[0], proposalKey(w.config().proposalCount)[0], buffer]);
    const before = watched();
    // When the owner proposes the upgrade of io_buyback.
    const { res, proposal } = w.proposeAll(owner, [upgradeAction(BUYBACK, buffer)]);
    let executed = "not proposed";
    if (res.ok) {
      passAndWait(w, proposal, [owner, delegator]);
      const exec = w.execute(proposal);
      executed = exec.ok ? "executed" : exec.error;
    }
    // Then it is refused before anyone votes (the loader refuses the executor as io_buyback's
    // upgrade authority, so a passed proposal would only sit Queued until its grace period ends).
    expect(res.ok, `proposed, passed and then: ${executed}`).to.equal(false);
    expectError(res, "InvalidTarget");
    // And with io_buyback handed to the executor, another program's ProgramData (io_oracle's,
    // also the executor's) in place of io_buyback's is refused too.
    w.chain.deployUpgradeable(IO_BUYBACK_PROGRAM_ID, "io_buyback", EXECUTOR);
    const ix = proposeInstruction({ proposer: owner.wallet.publicKey, position: owner.position, index: w.config().proposalCount, actions: [upgradeAction(BUYBACK, buffer)], proposerIo: owner.io });
    // (io_buyback's ProgramData, then the executor and the loader, last.)
    const last = ix.keys.length - 3;
    expect(ix.keys[last].pubkey.toBase58()).to.equal(programDataKey(IO_BUYBACK_PROGRAM_ID)[0].toBase58());
    ix.keys[last] = { ...ix.keys[last], pubkey: programDataKey(IO_ORACLE_PROGRAM_ID)[0] };
    expectError(w.chain.send([ix], [owner.wallet]), "InvalidTarget");
    expect(watched()).to.equal(before);
    // Then the SDK's accounts propose it.
    expectOk(w.proposeAll(owner, [upgradeAction(BUYBACK, buffer)]).res);
  });
});
