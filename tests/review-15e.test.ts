/**
 * Issue 15's buffer hand-over at `propose` and `reclaim_buffer` (branch govbuf), reviewed as an
 * attacker: each finding is a test on the real .so files that failed before its fix (see the
 * commit history of this file). Given / When / Then in each test; refusals assert the error and
 * that state did not change.
 */
import { expect } from "chai";
import { readFileSync } from "fs";
import { join } from "path";
import { Keypair, PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import {
  bufferSize,
  UPGRADE_TARGETS,
  cancelInstruction,
  executorKey,
  governanceConfigKey,
  IO_BUYBACK_PROGRAM_ID,
  IO_ORACLE_PROGRAM_ID,
  proposalKey,
  proposeInstruction,
  reclaimBufferInstruction,
  upgradeAction,
  writeBufferInstruction,
  writeBufferPlan,
} from "../sdk/src";
import { BPF_LOADER_UPGRADEABLE_ID } from "../sdk/src/io-token/constants";
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

/** Writes `so` into the buffer `keypair` with `writer` as authority through the real loader (`io write-buffer`). */
function writeBuffer(chain: TestChain, writer: Keypair, so: Buffer, keypair = Keypair.generate()): PublicKey {
  const lamports = Number(chain.svm.minimumBalanceForRentExemption(BigInt(bufferSize(so.length))));
  const plan = writeBufferPlan({ payer: writer.publicKey, buffer: keypair.publicKey, authority: writer.publicKey, so, lamports });
  expectOk(chain.send(plan.create, [writer, keypair]));
  for (const ix of plan.writes) expectOk(chain.send([ix], [writer]));
  return keypair.publicKey;
}

/** The loader's Close (tag 5) of `buffer` by its `authority`, lamports to `recipient`. */
function loaderClose(buffer: PublicKey, recipient: PublicKey, authority: PublicKey): TransactionInstruction {
  const data = Buffer.alloc(4);
  data.writeUInt32LE(5, 0);
  return new TransactionInstruction({
    programId: BPF_LOADER_UPGRADEABLE_ID,
    keys: [
      { pubkey: buffer, isSigner: false, isWritable: true },
      { pubkey: recipient, isSigner: false, isWritable: true },
      { pubkey: authority, isSigner: true, isWritable: false },
    ],
    data,
  });
}

/** The loader's InitializeBuffer (tag 0) of `buffer` naming `authority` (which does not sign). */
function loaderInitializeBuffer(buffer: PublicKey, authority: PublicKey): TransactionInstruction {
  return new TransactionInstruction({
    programId: BPF_LOADER_UPGRADEABLE_ID,
    keys: [
      { pubkey: buffer, isSigner: false, isWritable: true },
      { pubkey: authority, isSigner: false, isWritable: false },
    ],
    data: Buffer.alloc(4),
  });
}

const reclaim = (w: GovWorld, proposal: PublicKey, buffer: PublicKey, proposer: PublicKey, position = 0) =>
  w.chain.send([reclaimBufferInstruction({ proposal, position, buffer, proposer })], [w.chain.payer]);

describe("review of issue 15 (fifth): the buffer hand-over and reclaim_buffer, as an attacker", function () {
  this.timeout(300_000);

  it("finding: a buffer created without lamports in propose's own transaction is accepted; it vanishes at the transaction's end, so a second proposal can name the same address and reclaiming the first one's (dead) buffer stalls the second, voted one", () => {
    const { w, owner, delegator } = world();
    const me = owner.wallet.publicKey;
    const keypair = Keypair.generate();
    const buffer = keypair.publicKey;
    const index = w.config().proposalCount;
    const first = proposalKey(index)[0];
    const watched = () => w.chain.snapshot([governanceConfigKey()[0], first, buffer]);
    const before = watched();
    // When, in one transaction, the owner creates a loader account of 0 lamports (the system
    // program takes it; the runtime drops a 0-lamport account when the transaction ends),
    // initialises it as its buffer, writes a few bytes and proposes the upgrade with it.
    const bytes = CANARY.subarray(0, 64);
    const create = SystemProgram.createAccount({ fromPubkey: me, newAccountPubkey: buffer, lamports: 0, space: bufferSize(bytes.length), programId: BPF_LOADER_UPGRADEABLE_ID });
    const write = writeBufferInstruction({ buffer, authority: me, offset: 0, bytes });
    const propose = proposeInstruction({ proposer: me, position: owner.position, index, actions: [upgradeAction(BUYBACK, buffer)], proposerIo: owner.io });
    const res = w.chain.send([create, loaderInitializeBuffer(buffer, me), write, propose], [owner.wallet, keypair]);
    const vanished = res.ok && w.chain.account(buffer) === null;
    if (res.ok) {
      // What it allows: the proposal stands on a buffer that no longer exists; the owner writes
      // a buffer at the same address again (the real code) and proposes a second time, naming
      // it. Both proposals now name one executor-held buffer.
      writeBuffer(w.chain, owner.wallet, CANARY, keypair);
      const second = w.proposeAll(owner, [upgradeAction(BUYBACK, buffer)]);
      expectOk(second.res);
      // The second passes and is queued; the first is defeated (nobody voted for it).
      for (const v of [owner, delegator]) expectOk(w.vote(v, second.proposal, 1));
      w.chain.warp(GOV_PARAMS.votingPeriod);
      expectOk(w.queue(second.proposal));
      w.chain.warp(GOV_PARAMS.timelock);
      // Anyone reclaims the first (dead) proposal's buffer: the loader closes the second's.
      const stalled = reclaim(w, first, buffer, me);
      const exec = w.execute(second.proposal);
      expect(exec.ok, `reclaim of the dead proposal: ${stalled.ok ? "closed the voted proposal's buffer" : stalled.error}; the voted upgrade then: ${exec.ok ? "executed" : exec.error}`).to.equal(true);
    }
    // Then propose refuses a buffer without lamports (it cannot outlive the transaction), and
    // nothing changes.
    expect(vanished, "the proposal names a buffer that vanished at the end of its own transaction").to.equal(false);
    expectError(res, "InvalidBuffer");
    expect(watched()).to.equal(before);
  });

  it("sound: a buffer closed and re-initialised in propose's own transaction: the loader's Close truncates the account, InitializeBuffer then refuses it", () => {
    const { w, owner } = world();
    const keypair = Keypair.generate();
    const buffer = writeBuffer(w.chain, owner.wallet, CANARY, keypair);
    const me = owner.wallet.publicKey;
    const index = w.config().proposalCount;
    const watched = () => w.chain.snapshot([governanceConfigKey()[0], proposalKey(index)[0], buffer]);
    const before = watched();
    // When the owner closes its buffer, re-initialises the account and proposes it, in one transaction.
    const propose = proposeInstruction({ proposer: me, position: owner.position, index, actions: [upgradeAction(BUYBACK, buffer)], proposerIo: owner.io });
    const res = w.chain.send([loaderClose(buffer, me, me), loaderInitializeBuffer(buffer, me), propose], [owner.wallet]);
    // Then the loader refuses the re-initialisation (instruction 1), nothing changes.
    expect(res.ok).to.equal(false);
    expect(res.ok ? "" : res.error).to.contain("InstructionError(1, AccountDataTooSmall)");
    expect(watched()).to.equal(before);
  });

  it("finding: reclaim_buffer trusts every upgrade action of a dead proposal, including one made before the hand-over rule (any executor-held buffer, another's) : it closes another live proposal's buffer and pays the old proposer", () => {
    const { w, owner, delegator } = world();
    // Given the owner's live upgrade proposal (its buffer handed to the executor at propose).
    const ownerBuffer = writeBuffer(w.chain, owner.wallet, CANARY);
    const live = w.proposeAll(owner, [upgradeAction(BUYBACK, ownerBuffer)]);
    expectOk(live.res);
    const rent = w.chain.account(ownerBuffer)!.lamports;
    // And the delegator's proposal as the previous version of io_governance left it: an upgrade
    // naming the owner's executor-held buffer (before this change `propose` took any buffer the
    // executor held, review-15c's front-run finding). Made here with the delegator's own
    // buffer, then its key rewritten to the owner's buffer: the bytes the old rule would have
    // stored.
    const attackerBuffer = writeBuffer(w.chain, delegator.wallet, CANARY);
    const legacy = w.proposeAll(delegator, [upgradeAction(ORACLE, attackerBuffer)]);
    expectOk(legacy.res);
    const info = w.chain.account(legacy.proposal)!;
    const data = Buffer.from(info.data);
    const at = data.indexOf(attackerBuffer.toBuffer());
    expect(at).to.be.greaterThan(0);
    ownerBuffer.toBuffer().copy(data, at);
    // (After the upgrade digest: buffers_reclaimed, then the byte the fix names buffers_held,
    // both zero on a proposal of the previous version: formerly reserved.)
    const digestAt = data.indexOf(Buffer.from(w.proposal(legacy.proposal).upgradeDigest));
    expect(digestAt).to.be.greaterThan(at);
    data.fill(0, digestAt + 32, digestAt + 34);
    w.chain.setAccount(legacy.proposal, { data, owner: info.owner, lamports: BigInt(info.lamports) });
    // When the delegator cancels its proposal (it can never execute) and anyone reclaims its
    // upgrade's buffer for it.
    expectOk(w.chain.send([cancelInstruction({ proposer: delegator.wallet.publicKey, proposal: legacy.proposal })], [delegator.wallet]));
    const watched = () => w.chain.snapshot([legacy.proposal, ownerBuffer, delegator.wallet.publicKey, owner.wallet.publicKey]);
    const before = watched();
    const attackerBefore = w.chain.account(delegator.wallet.publicKey)!.lamports;
    const res = reclaim(w, legacy.proposal, ownerBuffer, delegator.wallet.publicKey);
    const gained = w.chain.account(delegator.wallet.publicKey)!.lamports - attackerBefore;
    // Then the owner's buffer (its rent, and the upgrade the holders are voting on) is untouched:
    // reclaim_buffer closes only a buffer `propose` took from the proposal's own proposer.
    expect(gained, `the delegator gained ${gained} lamports of the owner's buffer rent (${rent})`).to.equal(0);
    expectError(res, "BufferNotHandedOver");
    expect(watched()).to.equal(before);
    // And the owner's proposal still passes and executes with its buffer.
    for (const v of [owner, delegator]) expectOk(w.vote(v, live.proposal, 1));
    w.chain.warp(GOV_PARAMS.votingPeriod);
    expectOk(w.queue(live.proposal));
    w.chain.warp(GOV_PARAMS.timelock);
    expectOk(w.execute(live.proposal));
  });
  it("measured: one proposal upgrading four large programs (io_jobs, io_token, io_staking, io_buyback with their own code) proposes and executes within 1,400,000 CU and one legacy transaction each", () => {
    const { w, owner, delegator } = world();
    // Given the four programs deployed through the loader with the executor as upgrade
    // authority, and a buffer of each one's own .so written and kept by the owner.
    const targets = [2, 0, 3, 4];
    w.chain.airdrop(owner.wallet.publicKey, 20);
    const actions = targets.map((t) => {
      const name = UPGRADE_TARGETS[t].name;
      w.chain.deployUpgradeable(UPGRADE_TARGETS[t].program, name, EXECUTOR);
      return upgradeAction(t, writeBuffer(w.chain, owner.wallet, readFileSync(join(DEPLOY_DIR, `${name}.so`))));
    });
    const bytes = targets.reduce((n, t) => n + readFileSync(join(DEPLOY_DIR, `${UPGRADE_TARGETS[t].name}.so`)).length, 0);
    // When the owner proposes them in one proposal (the maximum compute-unit limit), the holders
    // pass it and anyone executes it.
    const index = w.config().proposalCount;
    const ix = proposeInstruction({ proposer: owner.wallet.publicKey, position: owner.position, index, actions, proposerIo: owner.io });
    const proposed = expectOk(w.chain.send([ix], [owner.wallet], { computeUnits: 1_400_000 }));
    const proposal = proposalKey(index)[0];
    for (const v of [owner, delegator]) expectOk(w.vote(v, proposal, 1));
    w.chain.warp(GOV_PARAMS.votingPeriod);
    expectOk(w.queue(proposal));
    w.chain.warp(GOV_PARAMS.timelock);
    const executed = expectOk(w.execute(proposal));
    console.log(`      ${bytes} bytes in 4 buffers: propose ${proposed.computeUnits} CU, execute ${executed.computeUnits} CU`);
    // Then all four buffers were consumed (the loader closed them) and the proposal executed.
    for (const a of actions) expect(w.chain.account(a.key!)?.lamports ?? 0).to.equal(0);
    expect(w.proposal(proposal).state).to.equal(2);
  });
  it("sound: a proposer whose wallet was emptied (the account gone) is paid by reclaim_buffer all the same, and the credit leaves it rent-exempt", () => {
    const { w, owner } = world();
    const me = owner.wallet.publicKey;
    const buffer = writeBuffer(w.chain, owner.wallet, CANARY);
    const rent = w.chain.account(buffer)!.lamports;
    const { res, proposal } = w.proposeAll(owner, [upgradeAction(BUYBACK, buffer)]);
    expectOk(res);
    expectOk(w.chain.send([cancelInstruction({ proposer: me, proposal })], [owner.wallet]));
    // Given the owner's wallet emptied into the payer's (the payer pays the fee): the runtime drops it.
    const all = w.chain.account(me)!.lamports;
    expectOk(w.chain.send([SystemProgram.transfer({ fromPubkey: me, toPubkey: w.chain.payer.publicKey, lamports: all })], [w.chain.payer, owner.wallet]));
    expect(w.chain.account(me)).to.equal(null);
    // When anyone reclaims the cancelled proposal's buffer.
    expectOk(reclaim(w, proposal, buffer, me));
    // Then the owner's account holds exactly the buffer's rent (more than a 0-byte account's minimum).
    expect(w.chain.account(me)!.lamports).to.equal(rent);
    expect(rent).to.be.greaterThan(Number(w.chain.svm.minimumBalanceForRentExemption(0n)));
    expect(w.chain.account(buffer)?.lamports ?? 0).to.equal(0);
  });
});
