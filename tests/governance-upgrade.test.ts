/**
 * io_governance's program upgrades (action 9) and proposal deposits (parameter 71 and
 * refund_deposit) on the real .so files in LiteSVM. Upgrades go through the real BPF upgradeable
 * loader: the buffer is written by the SDK's loader instructions, the target program is a loader
 * v3 program whose upgrade authority is the executor, and the upgraded program then runs the new
 * code (the toolchain canary's answers at io_buyback's address).
 */
import { expect } from "chai";
import { createHash } from "crypto";
import { readFileSync } from "fs";
import { join } from "path";
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import {
  cancelInstruction,
  decodeBuffer,
  depositVaultKey,
  executeInstruction,
  executorKey,
  GovAction,
  governanceConfigKey,
  IO_BUYBACK_PROGRAM_ID,
  IO_ORACLE_PROGRAM_ID,
  IO_TOKEN_PROGRAM_ID,
  IO_JOBS_PROGRAM_ID,
  programDataKey,
  IO_GOVERNANCE_PROGRAM_ID,
  proposalKey,
  parseIoGovernanceEvents,
  proposeInstruction,
  reclaimBufferInstruction,
  refundDepositInstruction,
  upgradeAction,
  vetoInstruction,
  writeBufferPlan,
  bufferSize,
} from "../sdk/src";
import { DEPLOY_DIR } from "../cli/chain";
import { expectError, expectOk, TestChain } from "./harness";
import { IO } from "./jobs-world";
import { GovWorld, GOV_PARAMS, Voter } from "./governance-world";

const [EXECUTOR] = executorKey();
const [VAULT] = depositVaultKey();
const DEPOSIT = 71;
const BUYBACK = 4;
const ORACLE = 1;
const CANARY = readFileSync(join(DEPLOY_DIR, "toolchain_canary.so"));
const sha256 = (...parts: Buffer[]) => createHash("sha256").update(Buffer.concat(parts)).digest();

/** Given nodeA's owner (1,000 IO own) and a delegator (600 IO, 10 IO left in its account) staked in epoch 0, epoch 1 open. */
function world(): { w: GovWorld; owner: Voter; delegator: Voter } {
  const w = new GovWorld();
  const owner = w.ownerVoter();
  const delegator = w.delegator(IO.muln(600));
  expectOk(w.staking.closeEpoch());
  return { w, owner, delegator };
}

/** Both vote yes, the voting ends, the proposal is queued and its timelock passes. */
function passAndWait(w: GovWorld, proposal: PublicKey, voters: Voter[]): void {
  for (const v of voters) expectOk(w.vote(v, proposal, 1));
  w.chain.warp(GOV_PARAMS.votingPeriod);
  expectOk(w.queue(proposal));
  w.chain.warp(GOV_PARAMS.timelock);
}

/** Writes `so` into a new buffer with `writer` as authority through the real loader (the writer keeps it: its proposal hands it to the executor); with `handTo`, then hands the buffer to that key. */
function writeBuffer(chain: TestChain, writer: Keypair, so: Buffer, handTo?: PublicKey, buffer = Keypair.generate()): PublicKey {
  const lamports = Number(chain.svm.minimumBalanceForRentExemption(BigInt(bufferSize(so.length))));
  const plan = writeBufferPlan({ payer: writer.publicKey, buffer: buffer.publicKey, authority: writer.publicKey, so, lamports, newAuthority: handTo });
  expectOk(chain.send(plan.create, [writer, buffer]));
  for (const ix of plan.writes) expectOk(chain.send([ix], [writer]));
  if (plan.handOver) expectOk(chain.send([plan.handOver], [writer]));
  return buffer.publicKey;
}

/** Calls the program at `programId` with the canary's "read TABLE[1]" instruction ([2, 1]: Custom(6122) from the canary). */
function canaryCall(chain: TestChain, programId: PublicKey) {
  return chain.send([new TransactionInstruction({ programId, keys: [], data: Buffer.from([2, 1]) })], [chain.payer]);
}

describe("io_governance upgrades and deposits", function () {
  this.timeout(300_000);

  describe("program upgrade (action 9)", () => {
    /** io_buyback deployed through the loader with the executor as upgrade authority; a buffer of the canary written by the owner, who keeps it. */
    function upgradeWorld() {
      const { w, owner, delegator } = world();
      w.chain.deployUpgradeable(IO_BUYBACK_PROGRAM_ID, "io_buyback", EXECUTOR);
      const buffer = writeBuffer(w.chain, owner.wallet, CANARY);
      return { w, owner, delegator, buffer };
    }

    it("upgrades io_buyback to the buffer's code through the loader; the buffer's lamports go to the proposer; a second execution is refused", () => {
      const { w, owner, delegator, buffer } = upgradeWorld();
      // Given the buffer written through the loader, its authority still the owner.
      expect(decodeBuffer(w.chain.account(buffer)!.data).authority!.toBase58()).to.equal(owner.wallet.publicKey.toBase58());
      expect(decodeBuffer(w.chain.account(buffer)!.data).program.equals(CANARY)).to.equal(true);
      // And io_buyback does not answer the canary's instruction.
      const before = canaryCall(w.chain, IO_BUYBACK_PROGRAM_ID);
      expect(before.ok ? "" : before.error).not.to.contain("Custom(6122)");
      // When the owner proposes the upgrade.
      const { res, proposal } = w.proposeAll(owner, [upgradeAction(BUYBACK, buffer)]);
      console.log(`      propose (upgrade, ${CANARY.length}-byte buffer, handed over): ${expectOk(res).computeUnits} CU`);
      // Then the proposal took the buffer: the executor is its authority now.
      expect(decodeBuffer(w.chain.account(buffer)!.data).authority!.toBase58()).to.equal(EXECUTOR.toBase58());
      // And the proposal fixes the buffer's content: sha256(zero || sha256(program bytes)).
      const p = w.proposal(proposal);
      expect(Buffer.from(p.upgradeDigest).toString("hex")).to.equal(sha256(Buffer.alloc(32), sha256(CANARY)).toString("hex"));
      expect(p.keys[0].toBase58()).to.equal(buffer.toBase58());
      passAndWait(w, proposal, [owner, delegator]);
      const bufferLamports = w.chain.account(buffer)!.lamports;
      const ownerLamports = w.chain.account(owner.wallet.publicKey)!.lamports;
      // When anyone executes it.
      const exec = expectOk(w.execute(proposal));
      console.log(`      execute (upgrade): ${exec.computeUnits} CU`);
      w.chain.warp(1);
      // Then io_buyback runs the canary's code; the buffer is emptied to the proposer (spill).
      const after = canaryCall(w.chain, IO_BUYBACK_PROGRAM_ID);
      expect(after.ok ? "" : after.error).to.contain("Custom(6122)");
      const gone = w.chain.account(buffer);
      expect(gone === null || gone.lamports === 0).to.equal(true);
      expect(w.chain.account(owner.wallet.publicKey)!.lamports - ownerLamports).to.be.at.least(bufferLamports);
      const programData = w.chain.account(programDataKey(IO_BUYBACK_PROGRAM_ID)[0])!.data;
      expect(programData.subarray(45, 45 + CANARY.length).equals(CANARY)).to.equal(true);
      // And executing it again is refused.
      expectError(w.execute(proposal), "NotQueued");
    });

    it("refuses at proposal time: a buffer whose authority is someone else, one the executor holds already, an account that is not a buffer, a buffer not the key, not writable, without the executor and loader, an unknown program, a value", () => {
      const { w, owner, delegator, buffer: good } = upgradeWorld();
      // A buffer held by the delegator, and one handed to the executor by the owner beforehand.
      const others = writeBuffer(w.chain, delegator.wallet, CANARY);
      const held = writeBuffer(w.chain, owner.wallet, CANARY, EXECUTOR);
      const watched = () => w.chain.snapshot([governanceConfigKey()[0], proposalKey(w.config().proposalCount)[0], good, others, held]);
      const before = watched();
      // When the owner names the delegator's buffer: refused (only a buffer's holder puts it to a vote).
      expectError(w.proposeAll(owner, [upgradeAction(BUYBACK, others)]).res, "BufferNotProposers");
      // A buffer the executor holds already: nobody can prove it was theirs.
      expectError(w.proposeAll(owner, [upgradeAction(BUYBACK, held)]).res, "BufferNotProposers");
      // A wallet, and io_buyback's ProgramData (owned by the loader, not a Buffer).
      expectError(w.proposeAll(owner, [upgradeAction(BUYBACK, owner.wallet.publicKey)]).res, "InvalidBuffer");
      expectError(w.proposeAll(owner, [upgradeAction(BUYBACK, programDataKey(IO_BUYBACK_PROGRAM_ID)[0])]).res, "InvalidBuffer");
      // The right buffer named in the key, another buffer of the owner given as the account.
      const ix = () => proposeInstruction({ proposer: owner.wallet.publicKey, position: owner.position, index: w.config().proposalCount, actions: [upgradeAction(BUYBACK, good)], proposerIo: owner.io });
      const swapped = ix();
      // (The buffer is the last target config, before io_buyback's ProgramData, the executor and the loader.)
      const at = swapped.keys.length - 4;
      expect(swapped.keys[at].pubkey.toBase58()).to.equal(good.toBase58());
      const second = writeBuffer(w.chain, owner.wallet, CANARY);
      swapped.keys[at] = { ...swapped.keys[at], pubkey: second };
      expectError(w.chain.send([swapped], [owner.wallet]), "InvalidBuffer");
      // The buffer read-only: it could not be handed over.
      const readOnly = ix();
      readOnly.keys[at] = { ...readOnly.keys[at], isWritable: false };
      expectError(w.chain.send([readOnly], [owner.wallet]), "AccountNotWritable");
      // Another account in place of the executor; the loader left out.
      const notExecutor = ix();
      notExecutor.keys[at + 2] = { ...notExecutor.keys[at + 2], pubkey: owner.wallet.publicKey };
      expectError(w.chain.send([notExecutor], [owner.wallet]), "InvalidTarget");
      const short = ix();
      short.keys.pop();
      expectError(w.chain.send([short], [owner.wallet]), "NotEnoughAccounts");
      // Program 6 does not exist; an upgrade carries no value.
      expectError(w.proposeAll(owner, [upgradeAction(6, good)]).res, "InvalidAction");
      expectError(w.proposeAll(owner, [{ ...upgradeAction(BUYBACK, good), value: new BN(1) }]).res, "InvalidAction");
      // Then nothing changed: no proposal, every buffer with its holder.
      expect(watched()).to.equal(before);
      expect(decodeBuffer(w.chain.account(good)!.data).authority!.toBase58()).to.equal(owner.wallet.publicKey.toBase58());
      expect(decodeBuffer(w.chain.account(others)!.data).authority!.toBase58()).to.equal(delegator.wallet.publicKey.toBase58());
      // And the owner's own buffer is proposable.
      expectOk(w.proposeAll(owner, [upgradeAction(BUYBACK, good)]).res);
    });

    it("refuses at execution: another buffer, another program's accounts, a spill account not the proposer's, a missing account; the proposal stays queued", () => {
      const { w, owner, delegator, buffer } = upgradeWorld();
      w.chain.deployUpgradeable(IO_ORACLE_PROGRAM_ID, "io_oracle", EXECUTOR);
      const other = writeBuffer(w.chain, owner.wallet, CANARY, EXECUTOR);
      const { res, proposal } = w.proposeAll(owner, [upgradeAction(BUYBACK, buffer)]);
      expectOk(res);
      passAndWait(w, proposal, [owner, delegator]);
      const watched = [proposal, buffer, other, programDataKey(IO_BUYBACK_PROGRAM_ID)[0], programDataKey(IO_ORACLE_PROGRAM_ID)[0]];
      const before = w.chain.snapshot(watched);
      const caller = w.chain.payer;
      const build = (key: PublicKey, target = BUYBACK, spill = owner.wallet.publicKey) =>
        executeInstruction({ caller: caller.publicKey, proposal, actions: [{ action: GovAction.Upgrade, target, key }], spill });
      const send = (ix: TransactionInstruction) => w.chain.send([ix], [caller], { computeUnits: 1_400_000 });
      // Another executor-held buffer with the same code, in place of the voted one.
      expectError(send(build(other)), "InvalidBuffer");
      // The voted buffer applied to another program (io_oracle's program and ProgramData).
      expectError(send(build(buffer, ORACLE)), "InvalidTarget");
      // io_buyback's program with io_oracle's ProgramData.
      const mixed = build(buffer);
      mixed.keys[5] = { ...mixed.keys[5], pubkey: programDataKey(IO_ORACLE_PROGRAM_ID)[0] };
      expectError(send(mixed), "InvalidTarget");
      // The buffer's lamports to the caller instead of the proposer.
      expectError(send(build(buffer, BUYBACK, caller.publicKey)), "WrongDestination");
      // The loader left out.
      const short = build(buffer);
      short.keys.pop();
      expectError(send(short), "NotEnoughAccounts");
      expect(w.chain.snapshot(watched)).to.equal(before);
      expect(w.proposal(proposal).state).to.equal(1);
      // Then the voted accounts execute it.
      expectOk(w.execute(proposal));
    });

    it("each buffer the executor holds belongs to one proposal: a second proposal naming it is refused, and one re-created at the same address after the upgrade cannot be named either", () => {
      const { w, owner, delegator } = upgradeWorld();
      const keypair = Keypair.generate();
      const buffer = writeBuffer(w.chain, owner.wallet, CANARY, undefined, keypair);
      // Given a proposal naming the owner's buffer (handed to the executor by it).
      const first = w.proposeAll(owner, [upgradeAction(BUYBACK, buffer)]);
      expectOk(first.res);
      // When another proposal names the same buffer, by anyone: refused (the executor holds it).
      const watched = () => w.chain.snapshot([governanceConfigKey()[0], proposalKey(w.config().proposalCount)[0], buffer]);
      let before = watched();
      expectError(w.proposeAll(owner, [upgradeAction(BUYBACK, buffer)]).res, "BufferNotProposers");
      expectError(w.proposeAll(delegator, [upgradeAction(BUYBACK, buffer)]).res, "BufferNotProposers");
      expect(watched()).to.equal(before);
      // When the first executes (the loader closes the buffer) and the buffer's keypair holder
      // re-creates a buffer at that address with other code, handed to the executor.
      passAndWait(w, first.proposal, [owner, delegator]);
      expectOk(w.execute(first.proposal));
      const evil = Buffer.from(CANARY);
      evil[evil.length - 1] ^= 0xff;
      writeBuffer(w.chain, owner.wallet, evil, EXECUTOR, keypair);
      w.chain.warp(1);
      expect(decodeBuffer(w.chain.account(buffer)!.data).authority!.toBase58()).to.equal(EXECUTOR.toBase58());
      // Then no proposal can name it (the digest check at execute, BufferChanged, stays as a second line).
      before = watched();
      expectError(w.proposeAll(owner, [upgradeAction(BUYBACK, buffer)]).res, "BufferNotProposers");
      expect(watched()).to.equal(before);
    });

    describe("reclaim_buffer: the buffer of a proposal that can never execute goes back to its proposer", () => {
      const reclaim = (w: GovWorld, proposal: PublicKey, buffer: PublicKey, proposer: PublicKey, position = 0) =>
        w.chain.send([reclaimBufferInstruction({ proposal, position, buffer, proposer })], [w.chain.payer]);

      it("after a defeat, anyone closes the buffer and its rent goes to the proposer, exactly once; refused while voting, to another recipient, for another action", () => {
        const { w, owner, delegator, buffer } = upgradeWorld();
        // Given the owner's upgrade proposal with a parameter action first (the upgrade is action 1).
        const { res, proposal } = w.proposeAll(owner, [{ action: GovAction.Param, target: 65, value: new BN(2_000) }, upgradeAction(BUYBACK, buffer)]);
        expectOk(res);
        const rent = w.chain.account(buffer)!.lamports;
        const watched = [proposal, buffer, owner.wallet.publicKey, delegator.wallet.publicKey];
        let before = w.chain.snapshot(watched);
        // While it is being voted on: refused, nothing changes.
        expectError(reclaim(w, proposal, buffer, owner.wallet.publicKey, 1), "ProposalCanStillExecute");
        // When the delegator votes no and the voting ends: defeated.
        expectOk(w.vote(delegator, proposal, 0));
        w.chain.warp(GOV_PARAMS.votingPeriod);
        expectError(w.queue(proposal), "ProposalDefeated");
        const other = writeBuffer(w.chain, owner.wallet, CANARY, EXECUTOR);
        before = w.chain.snapshot(watched);
        // Then the lamports to someone else (the caller, the delegator) are refused.
        expectError(reclaim(w, proposal, buffer, delegator.wallet.publicKey, 1), "WrongDestination");
        expectError(reclaim(w, proposal, buffer, w.chain.payer.publicKey, 1), "WrongDestination");
        // Action 0 is a parameter, action 2 does not exist; another buffer in place of the action's.
        expectError(reclaim(w, proposal, buffer, owner.wallet.publicKey, 0), "InvalidAction");
        expectError(reclaim(w, proposal, buffer, owner.wallet.publicKey, 2), "InvalidAction");
        expectError(reclaim(w, proposal, other, owner.wallet.publicKey, 1), "InvalidBuffer");
        expect(w.chain.snapshot(watched)).to.equal(before);
        // When anyone (the payer) reclaims it for the proposer.
        const ownerBefore = w.chain.account(owner.wallet.publicKey)!.lamports;
        const ok = expectOk(reclaim(w, proposal, buffer, owner.wallet.publicKey, 1));
        console.log(`      reclaim_buffer: ${ok.computeUnits} CU`);
        // Then the proposer has exactly the buffer's rent more, the buffer is gone, the event says so.
        expect(w.chain.account(owner.wallet.publicKey)!.lamports - ownerBefore).to.equal(rent);
        const gone = w.chain.account(buffer);
        expect(gone === null || gone.lamports === 0).to.equal(true);
        expect(w.proposal(proposal).buffersReclaimed).to.equal(0b10);
        const event = parseIoGovernanceEvents(ok.logs).find((e) => e.name === "bufferReclaimed");
        const data = event!.data as { position: number; buffer: PublicKey; proposer: PublicKey; lamports: BN };
        expect([data.position, data.buffer.toBase58(), data.proposer.toBase58(), data.lamports.toNumber()]).to.deep.equal([1, buffer.toBase58(), owner.wallet.publicKey.toBase58(), rent]);
        // And never twice: refused, nothing moves.
        w.chain.warp(1);
        const after = w.chain.snapshot(watched);
        expectError(reclaim(w, proposal, buffer, owner.wallet.publicKey, 1), "BufferAlreadyReclaimed");
        expect(w.chain.snapshot(watched)).to.equal(after);
      });

      it("refused while the proposal can still execute (passed and not queued, queued within its grace period) and after it executed; allowed once expired, cancelled or vetoed", () => {
        const { w, owner, delegator } = upgradeWorld();
        const propose = () => {
          const buffer = writeBuffer(w.chain, owner.wallet, CANARY);
          const { res, proposal } = w.proposeAll(owner, [upgradeAction(BUYBACK, buffer)]);
          expectOk(res);
          return { buffer, proposal };
        };
        const owed = owner.wallet.publicKey;
        // Passed, queued, vetoed, cancelled, and one executed, all from one vote.
        const queued = propose();
        const vetoed = propose();
        const cancelled = propose();
        const passed = propose();
        expectOk(w.chain.send([cancelInstruction({ proposer: owed, proposal: cancelled.proposal })], [owner.wallet]));
        expectOk(reclaim(w, cancelled.proposal, cancelled.buffer, owed));
        for (const p of [queued, vetoed, passed]) for (const v of [owner, delegator]) expectOk(w.vote(v, p.proposal, 1));
        w.chain.warp(GOV_PARAMS.votingPeriod);
        // Passed, not yet queued: it can still be queued and executed.
        const watched = [queued.proposal, queued.buffer, passed.proposal, passed.buffer, owed];
        let before = w.chain.snapshot(watched);
        expectError(reclaim(w, passed.proposal, passed.buffer, owed), "ProposalCanStillExecute");
        expectOk(w.queue(queued.proposal));
        expectOk(w.queue(vetoed.proposal));
        expectOk(w.chain.send([vetoInstruction({ guardian: w.guardian.publicKey, proposal: vetoed.proposal })], [w.guardian]));
        expectOk(reclaim(w, vetoed.proposal, vetoed.buffer, owed));
        // Queued, in its timelock and then within its grace period: refused.
        before = w.chain.snapshot(watched);
        expectError(reclaim(w, queued.proposal, queued.buffer, owed), "ProposalCanStillExecute");
        w.chain.warp(GOV_PARAMS.timelock);
        expectError(reclaim(w, queued.proposal, queued.buffer, owed), "ProposalCanStillExecute");
        expect(w.chain.snapshot(watched)).to.equal(before);
        // The passed one was never queued: past its grace period it has expired, and is reclaimed.
        w.chain.warp(GOV_PARAMS.gracePeriod - GOV_PARAMS.timelock);
        expectError(w.queue(passed.proposal), "ProposalExpired");
        expectOk(reclaim(w, passed.proposal, passed.buffer, owed));
        // The queued one past its grace period too.
        w.chain.warp(GOV_PARAMS.timelock);
        expectError(w.execute(queued.proposal), "ProposalExpired");
        expectOk(reclaim(w, queued.proposal, queued.buffer, owed));
        // An executed proposal: its upgrade consumed the buffer; refused (WrongState).
        const done = propose();
        passAndWait(w, done.proposal, [owner, delegator]);
        expectOk(w.execute(done.proposal));
        expectError(reclaim(w, done.proposal, done.buffer, owed), "WrongState");
      });
    });

    it("a proposal of four large upgrades needs more than the default 200,000 CU: refused at the default, proposed through the CLI's send path (EmbeddedChain.sendTransaction)", async () => {
      const { w, owner } = world();
      const so = readFileSync(join(DEPLOY_DIR, "io_governance.so"));
      // io_token, io_oracle, io_jobs and io_governance, upgradeable by the executor, each proposed
      // with a 130 kB buffer (io_governance's code), hashed at propose
      const programs: [number, PublicKey, string][] = [[0, IO_TOKEN_PROGRAM_ID, "io_token"], [1, IO_ORACLE_PROGRAM_ID, "io_oracle"], [2, IO_JOBS_PROGRAM_ID, "io_jobs"], [5, IO_GOVERNANCE_PROGRAM_ID, "io_governance"]];
      for (const [, id, name] of programs) w.chain.deployUpgradeable(id, name, EXECUTOR);
      const buffers = programs.map(([target]) => ({ target, buffer: writeBuffer(w.chain, owner.wallet, so) }));
      const index = w.config().proposalCount;
      const ix = proposeInstruction({ proposer: owner.wallet.publicKey, position: owner.position, index, actions: buffers.map((b) => upgradeAction(b.target, b.buffer)), members: [], proposerIo: owner.io });
      // At the default limit the four buffers' hashing runs out of compute, and nothing changes
      const refused = w.chain.send([ix], [owner.wallet]);
      expect(refused.ok).to.equal(false);
      expect(refused.logs.join("\n")).to.contain("Computational budget exceeded");
      expect(w.config().proposalCount.toString()).to.equal(index.toString());
      // The CLI's path sets the largest limit, as RpcChain sends with the limit its simulation measured
      const res = expectOk(await w.chain.sendTransaction([ix], [owner.wallet]));
      expect(res.computeUnits).to.be.greaterThan(200_000);
      expect(w.config().proposalCount.toString()).to.equal(index.addn(1).toString());
    });

    it("io_governance upgrades itself (target 5) with a buffer of its own code", () => {
      const { w, owner, delegator } = world();
      // Given io_governance's upgrade authority handed to the executor.
      const [gov] = programDataKey(IO_GOVERNANCE_PROGRAM_ID);
      w.chain.deployUpgradeable(IO_GOVERNANCE_PROGRAM_ID, "io_governance", EXECUTOR);
      const so = readFileSync(join(DEPLOY_DIR, "io_governance.so"));
      const buffer = writeBuffer(w.chain, owner.wallet, so);
      const { res, proposal } = w.proposeAll(owner, [upgradeAction(5, buffer)]);
      console.log(`      propose (upgrade, ${so.length}-byte buffer): ${expectOk(res).computeUnits} CU`);
      passAndWait(w, proposal, [owner, delegator]);
      const slotBefore = w.chain.account(gov)!.data.readBigUInt64LE(4);
      // When executed.
      const exec = expectOk(w.execute(proposal));
      console.log(`      execute (self-upgrade, ${so.length} bytes): ${exec.computeUnits} CU`);
      w.chain.warp(1);
      // Then its ProgramData was redeployed (a new deployment slot) and it still works.
      expect(w.chain.account(gov)!.data.readBigUInt64LE(4) > slotBefore).to.equal(true);
      expect(w.proposal(proposal).state).to.equal(2);
      expectOk(w.proposeAll(owner, [{ action: GovAction.Param, target: 65, value: new BN(2_000) }]).res);
    });
  });

  describe("proposal deposit (parameter 71, refund_deposit)", () => {
    const D = IO.muln(5);
    /** The deposit set to 5 IO by a proposal of the owner (itself made without a deposit). */
    function depositWorld() {
      const { w, owner, delegator } = world();
      const set = w.proposeAll(owner, [{ action: GovAction.Param, target: DEPOSIT, value: D }]);
      expectOk(set.res);
      expect(w.proposal(set.proposal).deposit.toString()).to.equal("0");
      passAndWait(w, set.proposal, [owner, delegator]);
      expectOk(w.execute(set.proposal));
      expect(w.config().proposalDeposit.toString()).to.equal(D.toString());
      return { w, owner, delegator, free: set.proposal };
    }
    const balance = (w: GovWorld, account: PublicKey) => w.staking.jobs.balance(account);
    const refund = (w: GovWorld, proposal: PublicKey, proposer: Voter, to = proposer.io) =>
      w.chain.send([refundDepositInstruction({ proposal, proposer: proposer.wallet.publicKey, proposerIo: to })], [w.chain.payer]);

    it("propose takes the deposit into the vault; refund_deposit returns it to the proposer once the voting is over, once; refused while voting", () => {
      const { w, owner, delegator, free } = depositWorld();
      const held = balance(w, delegator.io);
      // When the delegator proposes.
      const { res, proposal } = w.proposeAll(delegator, [{ action: GovAction.Param, target: 65, value: new BN(2_000) }]);
      console.log(`      propose (one action, deposit, vault created): ${expectOk(res).computeUnits} CU`);
      // Then 5 IO moved from its account into the vault, recorded on the proposal.
      expect(held.sub(balance(w, delegator.io)).toString()).to.equal(D.toString());
      expect(balance(w, VAULT).toString()).to.equal(D.toString());
      expect(w.proposal(proposal).deposit.toString()).to.equal(D.toString());
      // While voting: refused, nothing changes.
      const watched = [proposal, VAULT, delegator.io, owner.io];
      const before = w.chain.snapshot(watched);
      expectError(refund(w, proposal, delegator), "DepositLocked");
      // A proposal made without a deposit has none to refund.
      expectError(refund(w, free, owner), "NoDeposit");
      expect(w.chain.snapshot(watched)).to.equal(before);
      // When the voting ends (no votes: defeated): to an IO account of someone else, refused;
      // to the proposer's, anyone refunds it.
      w.chain.warp(GOV_PARAMS.votingPeriod);
      expectError(refund(w, proposal, delegator, owner.io), "InvalidDepositAccount");
      expect(w.chain.snapshot(watched)).to.equal(before);
      const r = expectOk(refund(w, proposal, delegator));
      console.log(`      refund_deposit: ${r.computeUnits} CU`);
      expect(balance(w, delegator.io).toString()).to.equal(held.toString());
      expect(balance(w, VAULT).toString()).to.equal("0");
      expect(w.proposal(proposal).depositRefunded).to.equal(1);
      // Never twice.
      const after = w.chain.snapshot(watched);
      expectError(refund(w, proposal, delegator), "DepositAlreadyRefunded");
      expect(w.chain.snapshot(watched)).to.equal(after);
    });

    it("a cancelled proposal is refunded at once, a vetoed and an executed one after their voting; the vault holds the sum of unrefunded deposits", () => {
      const { w, owner, delegator } = depositWorld();
      // Cancelled: out of Voting at once.
      const cancelled = w.proposeAll(delegator, [{ action: GovAction.Param, target: 65, value: new BN(2_000) }]);
      expectOk(cancelled.res);
      expectOk(w.chain.send([cancelInstruction({ proposer: delegator.wallet.publicKey, proposal: cancelled.proposal })], [delegator.wallet]));
      // Two more by the owner, given 10 IO to deposit.
      const ownerIo = w.staking.wallet(IO.muln(10), owner.wallet);
      const ownerVoter = { ...owner, io: ownerIo.io };
      const vetoed = w.proposeAll(ownerVoter, [{ action: GovAction.Param, target: 65, value: new BN(3_000) }]);
      expectOk(vetoed.res);
      const executed = w.proposeAll(ownerVoter, [{ action: GovAction.Param, target: 66, value: new BN(6_000) }]);
      expectOk(executed.res);
      expect(balance(w, VAULT).toString()).to.equal(D.muln(3).toString());
      expectOk(refund(w, cancelled.proposal, delegator));
      expect(balance(w, VAULT).toString()).to.equal(D.muln(2).toString());
      for (const p of [vetoed.proposal, executed.proposal]) for (const v of [owner, delegator]) expectOk(w.vote(v, p, 1));
      // Not refundable while voting, even once passed by everyone.
      expectError(refund(w, vetoed.proposal, ownerVoter), "DepositLocked");
      w.chain.warp(GOV_PARAMS.votingPeriod);
      expectOk(w.queue(vetoed.proposal));
      expectOk(w.queue(executed.proposal));
      expectOk(w.chain.send([vetoInstruction({ guardian: w.guardian.publicKey, proposal: vetoed.proposal })], [w.guardian]));
      w.chain.warp(GOV_PARAMS.timelock);
      expectOk(w.execute(executed.proposal));
      const before = balance(w, ownerVoter.io);
      expectOk(refund(w, vetoed.proposal, ownerVoter));
      expectOk(refund(w, executed.proposal, ownerVoter));
      expect(balance(w, ownerVoter.io).sub(before).toString()).to.equal(D.muln(2).toString());
      expect(balance(w, VAULT).toString()).to.equal("0");
    });

    it("a proposer without the deposit cannot propose; an out-of-bound deposit is refused at proposal time; nothing changes", () => {
      const { w, owner, delegator } = depositWorld();
      // The delegator moves its last 10 IO away.
      expectOk(w.chain.send([w.tokenTransfer(delegator, owner.io, IO.muln(10))], [delegator.wallet]));
      const watched = () => w.chain.snapshot([governanceConfigKey()[0], proposalKey(w.config().proposalCount)[0], VAULT, delegator.io]);
      const before = watched();
      const res = w.proposeAll(delegator, [{ action: GovAction.Param, target: 65, value: new BN(2_000) }]).res;
      expect(res.ok).to.equal(false);
      expect(res.ok ? "" : res.logs.join("\n")).to.contain("insufficient funds");
      // 1,000,000 IO is the largest deposit; one base unit more is out of bounds.
      expectError(w.proposeAll(owner, [{ action: GovAction.Param, target: DEPOSIT, value: new BN("100000000000001") }]).res, "ParamOutOfBounds");
      expect(watched()).to.equal(before);
      // A vault account that is not the PDA is refused.
      const ix = proposeInstruction({ proposer: owner.wallet.publicKey, position: owner.position, index: w.config().proposalCount, actions: [{ action: GovAction.Param, target: 65, value: new BN(2_000) }], proposerIo: owner.io });
      ix.keys[7] = { ...ix.keys[7], pubkey: owner.io };
      expectError(w.chain.send([ix], [owner.wallet]), "InvalidDepositAccount");
      expect(watched()).to.equal(before);
    });
  });
});

