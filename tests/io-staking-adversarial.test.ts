/**
 * io_staking against attackers, on the real .so files: each finding of the attacker review as a
 * regression test (its failure on the build before the fix is in the commit history and the
 * report), then the other attacks tried on every instruction: other people's accounts, wrong
 * epochs, user participants where a node is needed, other programs' accounts, orderings around
 * epoch boundaries and clock jumps, and a colluding minority of oracles. Refusals assert the
 * error and that the watched accounts did not change (`snapshot`).
 */
import { expect } from "chai";
import BN from "bn.js";
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import {
  attestAvailabilityInstruction,
  attestUsageInstruction,
  claimEarningsInstruction,
  claimInstruction,
  contestSlashInstruction,
  Currency,
  decodeEpoch,
  epochKey,
  executeSlashInstruction,
  jobKey,
  openJobInstruction,
  ParticipantKind,
  participantKey,
  pendingRewards,
  positionKey,
  registerNodeInstruction,
  registerParticipantInstruction,
  resolveSlashInstruction,
  retireNodeInstruction,
  setOracleSetInstruction,
  setSlashingInstruction,
  setStakingParamsInstruction,
  settleJobsInstruction,
  settlementOf,
  stakeVaultKey,
  stakingConfigKey,
  syncPointsInstruction,
  unstakeInstruction,
  updateNodeInstruction,
  voteSlashInstruction,
  withdrawInstruction,
} from "../sdk/src";
import { expectError, expectOk, TxResult } from "./harness";
import { IO, NODE_TERMS } from "./jobs-world";
import { DAY, StakeNode, StakingWorld, STAKING_PARAMS } from "./staking-world";
import { createHash } from "crypto";

const SCALE = 1_000_000_000n;
const BPS = 10_000n;
const big = (b: BN) => BigInt(b.toString());
const io = (n: number) => BigInt(n) * 100_000_000n;

/** [oracle index, passed, reputation (bps), hardware class the oracle measured]. */
type Vote = [number, boolean, number, number];

describe("io_staking against attackers", () => {
  let w: StakingWorld;

  beforeEach(() => {
    w = new StakingWorld();
  });

  const attestIx = (n: StakeNode, [i, passed, reputationBps, hardwareClass]: Vote, epoch = w.config().epoch): TransactionInstruction => {
    const args = { oracle: w.jobs.oracles[i].publicKey, participant: n.participant, lastEpoch: w.lastEpoch(n.participant), epoch, passed, reputationBps, hardwareClass };
    return attestAvailabilityInstruction(args);
  };
  const attest = (n: StakeNode, votes: Vote[]) => {
    for (const v of votes) expectOk(w.chain.send([attestIx(n, v)], [w.jobs.oracles[v[0]]]));
  };
  const claim = (staker: Keypair, participant: PublicKey, to: PublicKey) =>
    w.chain.send([claimInstruction({ staker: staker.publicKey, participant, lastEpoch: w.lastEpoch(participant), to })], [staker]);
  const unstake = (staker: Keypair, participant: PublicKey, amount: BN) =>
    w.chain.send([unstakeInstruction({ staker: staker.publicKey, participant, lastEpoch: w.lastEpoch(participant), amount })], [staker]);
  const withdraw = (staker: Keypair, participant: PublicKey, stakerIo: PublicKey) =>
    w.chain.send([withdrawInstruction({ staker: staker.publicKey, participant, stakerIo })], [staker]);
  const voteSlash = (i: number, participant: PublicKey) =>
    w.chain.send([voteSlashInstruction({ oracle: w.jobs.oracles[i].publicKey, participant, reason: 1 })], [w.jobs.oracles[i]]);
  const executeSlash = (n: StakeNode) => w.chain.send([executeSlashInstruction({ participant: n.participant, operator: n.owner.publicKey })], [w.chain.payer]);
  const sync = (n: StakeNode) =>
    w.chain.send([syncPointsInstruction({ participant: n.participant, node: n.node, lastEpoch: w.lastEpoch(n.participant) })], [w.chain.payer]);
  const slashing = (slashVoteTtl: number) => {
    const args = { admin: w.jobs.admin.publicKey, slashBps: 5_000, slashWindow: DAY, slashVoteTtl };
    return w.chain.send([setSlashingInstruction(args)], [w.jobs.admin]);
  };
  /** A 3-hour USDC job on the node, attested and settled: computing points in io_jobs. */
  const computeJob = (n: StakeNode) => {
    w.jobs.postPrice(); // the user's IOSD is minted at a fresh price
    const user = w.jobs.user();
    const nonce = new BN(Math.floor(Math.random() * 1e9));
    const args = { user: user.wallet.publicKey, node: n.node, nonce, hours: 3, userToken: user.token[Currency.Usdc], ...w.jobs.money(Currency.Usdc) };
    expectOk(w.chain.send([openJobInstruction(args)], [user.wallet]));
    const [job] = jobKey(user.wallet.publicKey, nonce);
    for (const o of w.jobs.oracles.slice(0, 2)) expectOk(w.chain.send([attestUsageInstruction({ oracle: o.publicKey, job, hours: 3 })], [o]));
    w.chain.warp(3_600);
    const jobs = [{ job, node: n.node, user: user.wallet.publicKey, userToken: user.token[Currency.Usdc] }];
    expectOk(w.chain.send([settleJobsInstruction({ caller: w.chain.payer.publicKey, jobs, ...w.jobs.money(Currency.Usdc) })], [w.chain.payer]));
  };
  const conserved = () => {
    const cfg = w.config();
    expect(big(cfg.emitted)).to.equal(big(cfg.paid) + big(cfg.liabilities) + big(cfg.carried));
  };

  describe("the review's findings", () => {
    it("1. a lone delegator who claims only after several epochs is paid in full: stakers_owed rounds up", () => {
      // Given a node (3% share) and one delegator of an awkward amount, activated in epoch 1
      const a = w.node("node-a", 300, IO.muln(1_000));
      const amount = new BN("12345678901");
      const s = w.wallet(amount);
      expectOk(w.stake(s.wallet, s.io, a.participant, amount));
      expectOk(w.closeEpoch());
      expectOk(claim(s.wallet, a.participant, s.io)); // activates
      const debt = big(w.position(a.participant, s.wallet.publicKey).debt);
      // When the node registers for six epochs, each settling at the next attestation, and the
      // delegator touches nothing until the end
      const perStake: bigint[] = [];
      let acc = big(w.participant(a.participant).accPerStake);
      for (let epoch = 1; epoch <= 6; epoch++) {
        attest(a, [[0, true, 10_000, 0], [1, true, 10_000, 0]]);
        const now = big(w.participant(a.participant).accPerStake);
        if (now !== acc) perStake.push(now - acc);
        acc = now;
        expectOk(w.closeEpoch());
      }
      const p = w.participant(a.participant);
      const last = settlementOf(w.config(), p, decodeEpoch(w.chain.account(epochKey(p.regEpoch)[0])!))!;
      perStake.push(big(last.perStake));
      acc += big(last.perStake);
      // (the amounts make the per-settlement floors fall behind the position's floor)
      const active = big(amount);
      const sumOfFloors = perStake.reduce((sum, ps) => sum + (active * ps) / SCALE, 0n);
      const earned = (active * (acc - debt)) / SCALE;
      expect(perStake.length).to.equal(6);
      expect(earned > sumOfFloors, `earned ${earned}, floors ${sumOfFloors}`).to.equal(true);
      // Then its claim pays exactly what it earned, and it can leave with its principal
      const before = big(w.jobs.balance(s.io));
      expectOk(claim(s.wallet, a.participant, s.io));
      expect(big(w.jobs.balance(s.io)) - before).to.equal(earned);
      expectOk(unstake(s.wallet, a.participant, amount));
      expect(big(w.participant(a.participant).stakersOwed)).to.equal(0n);
      conserved();
    });

    it("2. an operator cannot withdraw its own stake while its slash is pending; execute_slash then takes it from cooling", () => {
      // Given a node whose operator unstakes all its own stake as soon as it misbehaves
      const a = w.node("node-a", 200, IO.muln(1_000));
      expectOk(unstake(a.owner, a.participant, IO.muln(1_000)));
      // When a quorum votes the slash and the operator waits out the cooldown (and the window)
      expectOk(voteSlash(0, a.participant));
      expectOk(voteSlash(1, a.participant));
      w.chain.warp(2 * DAY + 1);
      // Then its withdrawal is refused, changing nothing
      const watched = [a.participant, positionKey(a.participant, a.owner.publicKey)[0], stakeVaultKey()[0], a.ownerIo];
      const before = w.chain.snapshot(watched);
      expectError(withdraw(a.owner, a.participant, a.ownerIo), "SlashPending");
      expect(w.chain.snapshot(watched)).to.equal(before);
      // and the slash burns half of the cooling stake; the rest can leave
      expectOk(executeSlash(a));
      expect(big(w.position(a.participant, a.owner.publicKey).cooling)).to.equal(io(500));
      const held = big(w.jobs.balance(a.ownerIo));
      expectOk(withdraw(a.owner, a.participant, a.ownerIo));
      expect(big(w.jobs.balance(a.ownerIo)) - held).to.equal(io(500));
    });

    it("2. ...nor while it is contested or upheld; a delegator's withdrawal is never blocked by the operator's slash", () => {
      const a = w.node("node-a", 200, IO.muln(1_000));
      const s = w.wallet(IO.muln(100));
      expectOk(w.stake(s.wallet, s.io, a.participant, IO.muln(100)));
      expectOk(w.closeEpoch());
      expectOk(unstake(s.wallet, a.participant, IO.muln(100)));
      expectOk(unstake(a.owner, a.participant, IO.muln(1_000)));
      expectOk(voteSlash(0, a.participant));
      expectOk(voteSlash(2, a.participant));
      expectOk(w.chain.send([contestSlashInstruction({ authority: a.owner.publicKey, participant: a.participant })], [a.owner]));
      w.chain.warp(2 * DAY + 1);
      expectError(withdraw(a.owner, a.participant, a.ownerIo), "SlashPending");
      expectOk(withdraw(s.wallet, a.participant, s.io));
      expectOk(w.chain.send([resolveSlashInstruction({ admin: w.jobs.admin.publicKey, participant: a.participant, uphold: true })], [w.jobs.admin]));
      expectError(withdraw(a.owner, a.participant, a.ownerIo), "SlashPending");
      expectOk(executeSlash(a));
      expectOk(withdraw(a.owner, a.participant, a.ownerIo));
      expect(big(w.position(a.participant, a.owner.publicKey).cooling)).to.equal(0n);
    });

    it("3. after an epoch close with a registration outstanding, a staker can unstake and a new staker can stake", () => {
      const a = w.node("node-a", 200, IO.muln(200));
      const s1 = w.wallet(IO.muln(5));
      expectOk(w.stake(s1.wallet, s1.io, a.participant, IO.muln(5)));
      attest(a, [[0, true, 10_000, 0], [1, true, 10_000, 0]]);
      expectOk(w.closeEpoch());
      // The participant's epoch-0 registration settles inside the unstake: last_epoch is written
      expectOk(unstake(s1.wallet, a.participant, IO.muln(5)));
      attest(a, [[0, true, 10_000, 0], [1, true, 10_000, 0]]);
      expectOk(w.closeEpoch());
      const s2 = w.wallet(IO.muln(5));
      expectOk(w.stake(s2.wallet, s2.io, a.participant, IO.muln(5)));
      expect(w.participant(a.participant).regWeight.isZero()).to.equal(true);
    });

    it("4. the availability multiple is the hardware class the oracles measured, not the one the owner declares", () => {
      // The owner declares class 8 (at registration and again with update_node)
      const a = w.node("node-a", 200, IO.muln(1_000), 8);
      expectOk(w.chain.send([updateNodeInstruction({ owner: a.owner.publicKey, node: a.node, ...NODE_TERMS, hardwareClass: 8 })], [a.owner]));
      // The oracles measured class 0: multiple 1
      attest(a, [[0, true, 10_000, 0], [1, true, 10_000, 0]]);
      expect(big(w.participant(a.participant).regWeight)).to.equal(io(1_000));
      // Another node the oracles measured at class 4: multiple 2
      const b = w.node("node-b", 200, IO.muln(1_000), 0);
      attest(b, [[1, true, 10_000, 4], [2, true, 10_000, 4]]);
      expect(big(w.participant(b.participant).regWeight)).to.equal(io(2_000));
    });

    it("5. a colluder voting reputation 1 first does not cut the node's figure: it ends the epoch at the honest quorum's", () => {
      const a = w.node("node-a", 200, IO.muln(1_000));
      attest(a, [[0, true, 1, 0]]); // the colluder
      attest(a, [[1, true, 9_000, 0]]); // provisional: the 2nd highest of {1, 9,000}
      attest(a, [[2, true, 8_000, 0]]);
      const weight = io(1_000) * 8_000n / BPS;
      expect(big(w.participant(a.participant).regWeight)).to.equal(weight);
      expect(big(w.config().openWeight)).to.equal(weight);
      expectOk(w.closeEpoch());
      expect(big(decodeEpoch(w.chain.account(epochKey(0)[0])!).weight)).to.equal(weight);
    });

    it("6. a change of oracle-set version mid-epoch resets the votes but not what is registered: no double weight", () => {
      const a = w.node("node-a", 200, IO.muln(1_000));
      attest(a, [[0, true, 8_000, 0], [1, true, 8_000, 0]]);
      const first = io(1_000) * 8_000n / BPS;
      expect(big(w.participant(a.participant).regWeight)).to.equal(first);
      // The admin sets the same members again: a new version
      const admin = w.jobs.admin;
      expectOk(w.chain.send([setOracleSetInstruction({ admin: admin.publicKey, quorum: 2, members: w.jobs.oracles.map((o) => o.publicKey) })], [admin]));
      // The same votes again register nothing more
      attest(a, [[0, true, 8_000, 0], [1, true, 8_000, 0]]);
      expect(big(w.participant(a.participant).regWeight)).to.equal(first);
      // A higher figure in the new round raises the registration to it, not by it
      attest(a, [[2, true, 10_000, 0]]);
      expect(big(w.participant(a.participant).regWeight)).to.equal(first);
      const admin2 = setOracleSetInstruction({ admin: admin.publicKey, quorum: 2, members: w.jobs.oracles.map((o) => o.publicKey) });
      expectOk(w.chain.send([admin2], [admin]));
      attest(a, [[0, true, 10_000, 0], [1, true, 10_000, 0]]);
      expect(big(w.participant(a.participant).regWeight)).to.equal(io(1_000));
      expect(big(w.config().openWeight)).to.equal(io(1_000));
    });

    it("7. slash votes expire: two votes a ttl apart open nothing, two within it do", () => {
      const a = w.node("node-a", 200, IO.muln(1_000));
      expectOk(slashing(DAY));
      expectOk(voteSlash(0, a.participant));
      w.chain.warp(DAY + 1);
      expectOk(voteSlash(1, a.participant));
      expect(w.participant(a.participant).slashState).to.equal(0);
      // Oracle 1's vote is live; oracle 0's expired, so it may vote again: now two live votes
      expectError(voteSlash(1, a.participant), "AlreadyAttested");
      expectOk(voteSlash(0, a.participant));
      expect(w.participant(a.participant).slashState).to.equal(1);
    });

    it("8. a node retired and re-registered under the same device id syncs its new points from 0", () => {
      const a = w.node("node-a", 200, IO.muln(200));
      computeJob(a);
      expectOk(sync(a));
      const synced = big(w.participant(a.participant).regPoints);
      expect(synced > 0n).to.equal(true);
      // The owner claims its earnings, retires the node and registers the same device again
      const usdc = w.jobs.tokenAccount(a.owner.publicKey, Currency.Usdc);
      expectOk(w.chain.send([claimEarningsInstruction({ owner: a.owner.publicKey, node: a.node, to: usdc, ...w.jobs.money(Currency.Usdc) })], [a.owner]));
      expectOk(w.chain.send([retireNodeInstruction({ owner: a.owner.publicKey, node: a.node })], [a.owner]));
      w.chain.warp(60);
      const deviceId = createHash("sha256").update("node-a").digest();
      expectOk(w.chain.send([registerNodeInstruction({ owner: a.owner.publicKey, deviceId, ...NODE_TERMS })], [a.owner]));
      // Nothing new yet: the sync succeeds and registers nothing
      expectOk(sync(a));
      expect(big(w.participant(a.participant).regPoints)).to.equal(synced);
      // Its first job's points all count
      computeJob(a);
      expectOk(sync(a));
      expect(big(w.participant(a.participant).regPoints)).to.equal(2n * synced);
    });

    it("9. a registration of zero weight and zero points is not counted: the epoch's last settlement releases its dust", () => {
      // Given a minimum node stake of one base unit, a node holding just that, attested at reputation 1
      expectOk(w.chain.send([setStakingParamsInstruction({ admin: w.jobs.admin.publicKey, ...STAKING_PARAMS, minNodeStake: new BN(1) })], [w.jobs.admin]));
      const tiny = w.node("tiny", 200, new BN(1));
      const b = w.node("node-b", 200, IO.muln(300));
      attest(tiny, [[0, true, 1, 0], [1, true, 1, 0]]);
      attest(b, [[0, true, 7_777, 0], [1, true, 7_777, 0]]);
      // Then only b's registration is counted
      expect(w.config().openRegistrations).to.equal(1);
      expectOk(w.closeEpoch());
      expectOk(claim(b.owner, b.participant, b.ownerIo));
      const e = decodeEpoch(w.chain.account(epochKey(0)[0])!);
      expect(e.outstanding).to.equal(0);
      expect(e.remaining.isZero()).to.equal(true);
      conserved();
    });

    it("10. delegated stake counts in the weight only up to the operator's own stake", () => {
      // The operator keeps the minimum as own stake and delegates 100x that from a second wallet
      const a = w.node("node-a", 200, IO.muln(100));
      const second = w.wallet(IO.muln(10_000));
      expectOk(w.stake(second.wallet, second.io, a.participant, IO.muln(10_000)));
      // A delegation below the own stake counts in full
      const b = w.node("node-b", 200, IO.muln(1_000));
      const s = w.wallet(IO.muln(300));
      expectOk(w.stake(s.wallet, s.io, b.participant, IO.muln(300)));
      expectOk(w.closeEpoch());
      expectOk(claim(second.wallet, a.participant, second.io));
      expectOk(claim(s.wallet, b.participant, s.io));
      attest(a, [[0, true, 10_000, 0], [1, true, 10_000, 0]]);
      attest(b, [[0, true, 10_000, 0], [1, true, 10_000, 0]]);
      expect(big(w.participant(a.participant).regWeight)).to.equal(io(200));
      expect(big(w.participant(b.participant).regWeight)).to.equal(io(1_300));
    });
  });
});
