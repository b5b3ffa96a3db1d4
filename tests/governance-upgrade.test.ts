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
  programDataKey,
  IO_GOVERNANCE_PROGRAM_ID,
  proposalKey,
  proposeInstruction,
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

/** Writes `so` into a new buffer with `writer` as authority through the real loader, then (unless `handOver` is false) hands the buffer to the executor. */
function writeBuffer(chain: TestChain, writer: Keypair, so: Buffer, handOver = true, buffer = Keypair.generate()): PublicKey {
  const lamports = Number(chain.svm.minimumBalanceForRentExemption(BigInt(bufferSize(so.length))));
  const plan = writeBufferPlan({ payer: writer.publicKey, buffer: buffer.publicKey, authority: writer.publicKey, so, lamports });
  expectOk(chain.send(plan.create, [writer, buffer]));
  for (const ix of plan.writes) expectOk(chain.send([ix], [writer]));
  if (handOver) expectOk(chain.send([plan.handOver], [writer]));
  return buffer.publicKey;
}

/** Calls the program at `programId` with the canary's "read TABLE[1]" instruction ([2, 1]: Custom(6122) from the canary). */
function canaryCall(chain: TestChain, programId: PublicKey) {
  return chain.send([new TransactionInstruction({ programId, keys: [], data: Buffer.from([2, 1]) })], [chain.payer]);
}

describe("io_governance upgrades and deposits", function () {
  this.timeout(300_000);

  describe("program upgrade (action 9)", () => {
    /** io_buyback deployed through the loader with the executor as upgrade authority; a buffer of the canary written by the owner and handed to the executor. */
    function upgradeWorld() {
      const { w, owner, delegator } = world();
      w.chain.deployUpgradeable(IO_BUYBACK_PROGRAM_ID, "io_buyback", EXECUTOR);
      const buffer = writeBuffer(w.chain, owner.wallet, CANARY);
      return { w, owner, delegator, buffer };
    }

    it("upgrades io_buyback to the buffer's code through the loader; the buffer's lamports go to the proposer; a second execution is refused", () => {
      const { w, owner, delegator, buffer } = upgradeWorld();
      // Given the buffer written through the loader, its authority now the executor.
      expect(decodeBuffer(w.chain.account(buffer)!.data).authority!.toBase58()).to.equal(EXECUTOR.toBase58());
      expect(decodeBuffer(w.chain.account(buffer)!.data).program.equals(CANARY)).to.equal(true);
      // And io_buyback does not answer the canary's instruction.
      const before = canaryCall(w.chain, IO_BUYBACK_PROGRAM_ID);
      expect(before.ok ? "" : before.error).not.to.contain("Custom(6122)");
      // When the owner proposes the upgrade.
      const { res, proposal } = w.proposeAll(owner, [upgradeAction(BUYBACK, buffer)]);
      console.log(`      propose (upgrade, ${CANARY.length}-byte buffer): ${expectOk(res).computeUnits} CU`);
      // Then the proposal fixes the buffer's content: sha256(zero || sha256(program bytes)).
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

    it("refuses at proposal time: a buffer whose authority is not the executor, an account that is not a buffer, a buffer not the key, an unknown program, a value", () => {
      const { w, owner } = upgradeWorld();
      const watched = () => w.chain.snapshot([governanceConfigKey()[0], proposalKey(w.config().proposalCount)[0]]);
      const before = watched();
      // A buffer still in its writer's hands (it could rewrite it after the vote).
      const own = writeBuffer(w.chain, owner.wallet, CANARY, false);
      expectError(w.proposeAll(owner, [upgradeAction(BUYBACK, own)]).res, "InvalidBuffer");
      // A wallet, and io_buyback's ProgramData (owned by the loader, not a Buffer).
      expectError(w.proposeAll(owner, [upgradeAction(BUYBACK, owner.wallet.publicKey)]).res, "InvalidBuffer");
      expectError(w.proposeAll(owner, [upgradeAction(BUYBACK, programDataKey(IO_BUYBACK_PROGRAM_ID)[0])]).res, "InvalidBuffer");
      // The right buffer named in the key, another executor-held buffer given as the account.
      const good = writeBuffer(w.chain, owner.wallet, CANARY);
      const swapped = proposeInstruction({ proposer: owner.wallet.publicKey, position: owner.position, index: w.config().proposalCount, actions: [upgradeAction(BUYBACK, good)], proposerIo: owner.io });
      // (The buffer is the last target config, before io_buyback's ProgramData.)
      const at = swapped.keys.length - 2;
      swapped.keys[at] = { ...swapped.keys[at], pubkey: writeBuffer(w.chain, owner.wallet, CANARY) };
      expectError(w.chain.send([swapped], [owner.wallet]), "InvalidBuffer");
      // Program 6 does not exist; an upgrade carries no value.
      expectError(w.proposeAll(owner, [upgradeAction(6, good)]).res, "InvalidAction");
      expectError(w.proposeAll(owner, [{ ...upgradeAction(BUYBACK, good), value: new BN(1) }]).res, "InvalidAction");
      expect(watched()).to.equal(before);
    });

    it("refuses at execution: another buffer, another program's accounts, a spill account not the proposer's, a missing account; the proposal stays queued", () => {
      const { w, owner, delegator, buffer } = upgradeWorld();
      w.chain.deployUpgradeable(IO_ORACLE_PROGRAM_ID, "io_oracle", EXECUTOR);
      const other = writeBuffer(w.chain, owner.wallet, CANARY);
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

    it("a buffer closed by one upgrade and re-created at the same address with other code cannot be used by a second proposal (BufferChanged)", () => {
      const { w, owner, delegator } = upgradeWorld();
      const keypair = Keypair.generate();
      const buffer = writeBuffer(w.chain, owner.wallet, CANARY, true, keypair);
      // Given two proposals naming the same buffer, both passed.
      const first = w.proposeAll(owner, [upgradeAction(BUYBACK, buffer)]);
      expectOk(first.res);
      const second = w.proposeAll(delegator, [upgradeAction(BUYBACK, buffer)]);
      expectOk(second.res);
      for (const v of [owner, delegator]) expectOk(w.vote(v, second.proposal, 1));
      passAndWait(w, first.proposal, [owner, delegator]);
      expectOk(w.queue(second.proposal));
      w.chain.warp(GOV_PARAMS.timelock);
      // When the first executes (the loader closes the buffer) and the buffer's keypair holder
      // re-creates a buffer at that address with other code, handed to the executor.
      expectOk(w.execute(first.proposal));
      const evil = Buffer.from(CANARY);
      evil[evil.length - 1] ^= 0xff;
      writeBuffer(w.chain, owner.wallet, evil, true, keypair);
      w.chain.warp(1);
      expect(decodeBuffer(w.chain.account(buffer)!.data).authority!.toBase58()).to.equal(EXECUTOR.toBase58());
      const before = w.chain.snapshot([second.proposal, buffer, programDataKey(IO_BUYBACK_PROGRAM_ID)[0]]);
      // Then the second proposal's execution fails: the content is not what was voted.
      expectError(w.execute(second.proposal), "BufferChanged");
      expect(w.chain.snapshot([second.proposal, buffer, programDataKey(IO_BUYBACK_PROGRAM_ID)[0]])).to.equal(before);
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

