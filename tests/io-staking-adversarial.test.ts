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
  canCompound,
  claimEarningsInstruction,
  claimInstruction,
  closeEpochInstruction,
  computeRateCap,
  contestSlashInstruction,
  crankInstruction,
  Currency,
  decodeEpoch,
  epochEndsAt,
  epochKey,
  executeSlashInstruction,
  jobKey,
  ParticipantKind,
  participantKey,
  parseIoStakingEvents,
  pendingRewards,
  positionKey,
  previewClaim,
  registerNodeInstruction,
  registerParticipantInstruction,
  resolveSlashInstruction,
  retireNodeInstruction,
  rewardsVaultKey,
  setOracleSetInstruction,
  setSlashingInstruction,
  setStakingParamsInstruction,
  settleJobsInstruction,
  settlementOf,
  stakeInstruction,
  stakeVaultKey,
  stakingConfigKey,
  StakingParams,
  syncPointsInstruction,
  unstakeInstruction,
  updateNodeInstruction,
  voteSlashInstruction,
  withdrawInstruction,
} from "../sdk/src";
import { createMintToInstruction } from "@solana/spl-token";
import { expectError, expectOk, TxResult } from "./harness";
import { IO, NODE_TERMS, USD } from "./jobs-world";
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

  const attestIx = (n: StakeNode, [i, passed, reputationBps, hardwareClass]: Vote, epoch = w.config().epoch, lastEpoch = w.lastEpoch(n.participant)): TransactionInstruction =>
    attestAvailabilityInstruction({ oracle: w.jobs.oracles[i].publicKey, participant: n.participant, lastEpoch, epoch, passed, reputationBps, hardwareClass });
  const attest = (n: StakeNode, votes: Vote[]) => {
    for (const v of votes) expectOk(w.chain.send([attestIx(n, v)], [w.jobs.oracles[v[0]]]));
  };
  const claim = (staker: Keypair, participant: PublicKey, to: PublicKey, compound = false) =>
    w.chain.send([claimInstruction({ staker: staker.publicKey, participant, lastEpoch: w.lastEpoch(participant), to, compound })], [staker]);
  const unstake = (staker: Keypair, participant: PublicKey, amount: BN) =>
    w.chain.send([unstakeInstruction({ staker: staker.publicKey, participant, lastEpoch: w.lastEpoch(participant), amount })], [staker]);
  const withdraw = (staker: Keypair, participant: PublicKey, stakerIo: PublicKey) =>
    w.chain.send([withdrawInstruction({ staker: staker.publicKey, participant, stakerIo })], [staker]);
  const voteSlash = (i: number, participant: PublicKey) =>
    w.chain.send([voteSlashInstruction({ oracle: w.jobs.oracles[i].publicKey, participant, reason: 1 })], [w.jobs.oracles[i]]);
  const executeSlash = (n: StakeNode) => w.chain.send([executeSlashInstruction({ participant: n.participant, operator: n.owner.publicKey })], [w.chain.payer]);
  const sync = (n: StakeNode) =>
    w.chain.send([syncPointsInstruction({ participant: n.participant, node: n.node, lastEpoch: w.lastEpoch(n.participant) })], [w.chain.payer]);
  const slashing = (slashVoteTtl: number, admin = w.jobs.admin) =>
    w.chain.send([setSlashingInstruction({ admin: admin.publicKey, slashBps: 5_000, slashWindow: DAY, slashVoteTtl })], [admin]);
  /** A 3-hour USDC job on the node, attested and settled: computing points in io_jobs. */
  const computeJob = (n: StakeNode) => {
    w.jobs.postPrice(); // the user's IOSD is minted at a fresh price
    const user = w.jobs.user();
    const nonce = new BN(Math.floor(Math.random() * 1e9));
    expectOk(w.chain.send([w.jobs.openJobInstruction(user, nonce, 3, Currency.Usdc, { node: n.node })], [user.wallet]));
    const [job] = jobKey(user.wallet.publicKey, nonce);
    w.chain.warp(3 * 3_600); // usage is at most the hours begun since opening
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
      // Then its claim pays exactly what it earned (as the SDK predicts), and it can leave with its principal
      const lastEpoch = decodeEpoch(w.chain.account(epochKey(p.regEpoch)[0])!);
      expect(big(pendingRewards(p, w.position(a.participant, s.wallet.publicKey), w.config(), lastEpoch))).to.equal(earned);
      const before = big(w.jobs.balance(s.io));
      expectOk(claim(s.wallet, a.participant, s.io));
      expect(big(w.jobs.balance(s.io)) - before).to.equal(earned);
      expectOk(unstake(s.wallet, a.participant, amount));
      expect(big(w.participant(a.participant).stakersOwed)).to.equal(0n);
      // and the operator's claim pays what the SDK predicts (its rewards less the rounded-up stakers' part)
      const predicted = big(pendingRewards(w.participant(a.participant), w.position(a.participant, a.owner.publicKey), w.config(), null));
      const held = big(w.jobs.balance(a.ownerIo));
      expectOk(claim(a.owner, a.participant, a.ownerIo));
      expect(big(w.jobs.balance(a.ownerIo)) - held).to.equal(predicted);
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
      // (a day later, so the 2-day cooldowns end before the contest's decision deadline, 2 days after the quorum)
      w.chain.warp(DAY);
      expectOk(voteSlash(0, a.participant));
      expectOk(voteSlash(2, a.participant));
      expectOk(w.chain.send([contestSlashInstruction({ authority: a.owner.publicKey, participant: a.participant })], [a.owner]));
      w.chain.warp(DAY + 1);
      expectError(withdraw(a.owner, a.participant, a.ownerIo), "SlashPending");
      expectOk(withdraw(s.wallet, a.participant, s.io));
      expectOk(w.chain.send([resolveSlashInstruction({ caller: w.jobs.admin.publicKey, participant: a.participant, uphold: true })], [w.jobs.admin]));
      expectError(withdraw(a.owner, a.participant, a.ownerIo), "SlashPending");
      expectOk(executeSlash(a));
      expectOk(withdraw(a.owner, a.participant, a.ownerIo));
      expect(big(w.position(a.participant, a.owner.publicKey).cooling)).to.equal(0n);
    });

    it("a contested slash the admin never decides: after one more slash window anyone dismisses it (never upholds), and the stake leaves", () => {
      // Given a slash voted by a quorum, contested inside its window (one day) by an operator that unstaked
      const a = w.node("node-a", 200, IO.muln(1_000));
      expectOk(unstake(a.owner, a.participant, IO.muln(1_000)));
      expectOk(voteSlash(0, a.participant));
      expectOk(voteSlash(1, a.participant));
      expectOk(w.chain.send([contestSlashInstruction({ authority: a.owner.publicKey, participant: a.participant })], [a.owner]));
      const stranger = w.jobs.funded(Keypair.generate());
      const resolve = (uphold: boolean) => w.chain.send([resolveSlashInstruction({ caller: stranger.publicKey, participant: a.participant, uphold })], [stranger]);
      const watched = [a.participant];
      // When the admin stays silent: before the contest window plus one more window, a stranger cannot decide
      w.chain.warp(2 * DAY - 10);
      const before = w.chain.snapshot(watched);
      expectError(resolve(false), "Unauthorized");
      expect(w.chain.snapshot(watched)).to.equal(before);
      // Then after it, a stranger still cannot uphold (nobody can: the decision has lapsed), but can dismiss
      w.chain.warp(20);
      expectError(resolve(true), "DecisionLapsed");
      expect(w.chain.snapshot(watched)).to.equal(before);
      expectOk(resolve(false));
      expect(w.participant(a.participant).slashState).to.equal(0);
      // And the operator's stake, past its cooldown, leaves whole
      expectOk(withdraw(a.owner, a.participant, a.ownerIo));
      expect(big(w.position(a.participant, a.owner.publicKey).cooling)).to.equal(0n);
      expectError(executeSlash(a), "NoSlash");
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

  describe("the second review's findings", () => {
    /** One-hour USDC jobs on each node at its price, attested by two honest oracles and settled (computing points in io_jobs). */
    const oneHourJobs = (nodes: StakeNode[], extraUsdc = new BN(0)) => {
      w.jobs.postPrice();
      const user = w.jobs.user();
      if (!extraUsdc.isZero()) w.jobs.send([createMintToInstruction(w.jobs.usdcMint, user.token[Currency.Usdc], w.chain.payer.publicKey, BigInt(extraUsdc.toString()))], [w.chain.payer]);
      const settle = nodes.map((n, i) => {
        expectOk(w.chain.send([w.jobs.openJobInstruction(user, new BN(i), 1, Currency.Usdc, { node: n.node })], [user.wallet]));
        return { job: jobKey(user.wallet.publicKey, new BN(i))[0], node: n.node, user: user.wallet.publicKey, userToken: user.token[Currency.Usdc] };
      });
      w.chain.warp(3_600);
      for (const j of settle) for (const o of w.jobs.oracles.slice(0, 2)) expectOk(w.chain.send([attestUsageInstruction({ oracle: o.publicKey, job: j.job, hours: 1 })], [o]));
      w.chain.warp(3_600);
      expectOk(w.chain.send([settleJobsInstruction({ caller: w.chain.payer.publicKey, jobs: settle, ...w.jobs.money(Currency.Usdc) })], [w.chain.payer]));
    };
    const price = (n: StakeNode, pricePerHour: BN, usdShareBps = NODE_TERMS.usdShareBps) =>
      expectOk(w.chain.send([updateNodeInstruction({ owner: n.owner.publicKey, node: n.node, ...NODE_TERMS, pricePerHour, usdShareBps })], [n.owner]));
    /** Node a (3% share, 1,000 IO own) whose delegator b (1 IO, active) earned a few base units in a
     * thin epoch: a's only registration was one computing point, among c's $10,000 of jobs. */
    const dustEarned = () => {
      const a = w.node("node-a", 300, IO.muln(1_000));
      const c = w.node("node-c", 300, IO.muln(1_000));
      const b = w.wallet(IO);
      expectOk(w.stake(b.wallet, b.io, a.participant, IO));
      expectOk(w.closeEpoch());
      expectOk(claim(b.wallet, a.participant, b.io)); // activates b's 1 IO
      price(a, new BN(2));
      price(c, USD.muln(10_000));
      oneHourJobs([a, c], USD.muln(20_000));
      expectOk(sync(a));
      expectOk(sync(c));
      expect(w.participant(a.participant).regPoints.toNumber()).to.equal(1);
      expectOk(w.closeEpoch());
      return { a, b, c };
    };

    it("S1. a compounded reward below 1 IO cannot become a node's only delegation: refused (MinimumStake), the staker claims it instead, and the node's stake stays free", () => {
      // Given node a whose only delegator b holds 1 IO and earned a few base units in a thin epoch
      const { a, b } = dustEarned();
      // When b unstakes its 1 IO and re-stakes what it earned with compound
      expectOk(unstake(b.wallet, a.participant, IO));
      const earned = w.position(a.participant, b.wallet.publicKey).rewards;
      expect(earned.gtn(0) && earned.lt(IO), `b's rewards: ${earned.toString()} base units`).to.equal(true);
      const watched = [stakingConfigKey()[0], a.participant, positionKey(a.participant, b.wallet.publicKey)[0], stakeVaultKey()[0], rewardsVaultKey()[0], b.io];
      const before = w.chain.snapshot(watched);
      // Then the compound is refused and nothing changed: the dust never becomes a's delegated stake
      // (the SDK says so beforehand: the CLI's claim --compound stops, claim-all --compound pays it out)
      const bPosition = w.position(a.participant, b.wallet.publicKey);
      expect(canCompound(w.participant(a.participant), bPosition, previewClaim(w.config(), w.participant(a.participant), bPosition, null))).to.equal(false);
      expectError(claim(b.wallet, a.participant, b.io, true), "MinimumStake");
      expect(w.chain.snapshot(watched)).to.equal(before);
      // and b claims its reward without compounding, to the base unit the SDK predicts
      const predicted = pendingRewards(w.participant(a.participant), w.position(a.participant, b.wallet.publicKey), w.config(), null);
      const held = w.jobs.balance(b.io);
      expectOk(claim(b.wallet, a.participant, b.io));
      expect(w.jobs.balance(b.io).sub(held).toString()).to.equal(earned.toString());
      expect(predicted.toString()).to.equal(earned.toString());
      expect(w.participant(a.participant).delegated.isZero()).to.equal(true);
      // A delegator v stakes 100 IO to a, activates it, and a earns availability rewards for 30 epochs:
      // each settlement adds at most 10 x the stakers' cut to the accumulator, which never overflows
      const v = w.wallet(IO.muln(100));
      expectOk(w.stake(v.wallet, v.io, a.participant, IO.muln(100)));
      expectOk(w.closeEpoch());
      expectOk(claim(v.wallet, a.participant, v.io)); // activates
      let cuts = 0n;
      for (let epoch = 0; epoch < 30; epoch++) {
        attest(a, [[0, true, 10_000, 0]]);
        const res = expectOk(w.chain.send([attestIx(a, [1, true, 10_000, 0])], [w.jobs.oracles[1]])); // settles a's previous epoch
        for (const e of parseIoStakingEvents(res.logs)) if (e.name === "settled") cuts += (big(e.data.reward as BN) * 300n) / BPS;
        expectOk(w.closeEpoch());
      }
      expect(big(w.participant(a.participant).accPerStake) <= cuts * 10n).to.equal(true);
      // Then every instruction that settles a still works: the operator unstakes its own stake, v claims and leaves
      expectOk(unstake(a.owner, a.participant, IO.muln(1_000)));
      const vPredicted = pendingRewards(w.participant(a.participant), w.position(a.participant, v.wallet.publicKey), w.config(), null);
      const vHeld = w.jobs.balance(v.io);
      expectOk(claim(v.wallet, a.participant, v.io));
      expect(w.jobs.balance(v.io).sub(vHeld).toString()).to.equal(vPredicted.toString());
      expectOk(unstake(v.wallet, a.participant, IO.muln(100)));
      conserved();
    });

    it("S1. a small reward compounds onto an active 1 IO; the active stake then cannot leave without it until it activates", () => {
      // Given b's 1 IO active with a and a few base units earned
      const { a, b } = dustEarned();
      expectOk(unstake(a.owner, a.participant, IO)); // settles a's epoch (b's reward into the accumulator)
      const earned = pendingRewards(w.participant(a.participant), w.position(a.participant, b.wallet.publicKey), w.config(), null);
      expect(earned.gtn(0) && earned.lt(IO)).to.equal(true);
      // When b compounds onto its active 1 IO: allowed, the position holds 1 IO and more
      const bPosition = w.position(a.participant, b.wallet.publicKey);
      expect(canCompound(w.participant(a.participant), bPosition, previewClaim(w.config(), w.participant(a.participant), bPosition, null))).to.equal(true);
      expectOk(claim(b.wallet, a.participant, b.io, true));
      const pos = w.position(a.participant, b.wallet.publicKey);
      expect([pos.active.toString(), pos.pending.toString()]).to.deep.equal([IO.toString(), earned.toString()]);
      // Then unstaking the whole active 1 IO (leaving the dust pending) or part of it is refused, nothing changed
      const watched = [stakingConfigKey()[0], a.participant, positionKey(a.participant, b.wallet.publicKey)[0]];
      const before = w.chain.snapshot(watched);
      expectError(unstake(b.wallet, a.participant, IO), "MinimumStake");
      expectError(unstake(b.wallet, a.participant, new BN(1)), "MinimumStake");
      expect(w.chain.snapshot(watched)).to.equal(before);
      // and in the next epoch the dust activates with the 1 IO, and everything leaves at once
      expectOk(w.closeEpoch());
      expectOk(unstake(b.wallet, a.participant, IO.add(earned)));
      const left = w.position(a.participant, b.wallet.publicKey);
      expect([left.active.toString(), left.pending.toString(), left.cooling.toString()]).to.deep.equal(["0", "0", IO.add(earned).toString()]);
      expect(w.participant(a.participant).delegated.isZero()).to.equal(true);
      conserved();
    });

    it("S1. a compounded reward of 1 IO or more needs no active stake; the operator's own compound has no minimum", () => {
      // Given a node earning a whole epoch's availability pool, with one delegator of 1,000 IO at 3%
      const a = w.node("node-a", 300, IO.muln(1_000));
      const s = w.wallet(IO.muln(1_000));
      expectOk(w.stake(s.wallet, s.io, a.participant, IO.muln(1_000)));
      expectOk(w.closeEpoch());
      expectOk(claim(s.wallet, a.participant, s.io));
      attest(a, [[0, true, 10_000, 0], [1, true, 10_000, 0]]);
      expectOk(w.closeEpoch());
      // When the delegator unstakes everything, then compounds its reward (well above 1 IO)
      expectOk(unstake(s.wallet, a.participant, IO.muln(1_000)));
      const reward = w.position(a.participant, s.wallet.publicKey).rewards;
      expect(reward.gte(IO)).to.equal(true);
      expectOk(claim(s.wallet, a.participant, s.io, true));
      // Then it is pending stake of its own (at least 1 IO), and the operator compounds whatever it has
      expect(w.position(a.participant, s.wallet.publicKey).pending.toString()).to.equal(reward.toString());
      const own = w.participant(a.participant).ownStake;
      expectOk(claim(a.owner, a.participant, a.ownerIo, true));
      expect(w.participant(a.participant).ownStake.gt(own)).to.equal(true);
      conserved();
    });

    const setSlashing = (slashBps: number, slashWindow: number, slashVoteTtl: number) =>
      expectOk(w.chain.send([setSlashingInstruction({ admin: w.jobs.admin.publicKey, slashBps, slashWindow, slashVoteTtl })], [w.jobs.admin]));
    /** Executes the node's slash and returns what it burned from the stake vault (and checks the event says so). */
    const burned = (n: StakeNode): bigint => {
      const vault = big(w.jobs.balance(stakeVaultKey()[0]));
      const res = expectOk(executeSlash(n));
      const out = vault - big(w.jobs.balance(stakeVaultKey()[0]));
      const event = parseIoStakingEvents(res.logs).find((e) => e.name === "slashUpdate")!;
      expect(big(event.data.amount as BN)).to.equal(out);
      return out;
    };

    it("S2. a slash executes at the fraction in force when its quorum was reached: the admin can neither raise nor lower it afterwards", () => {
      // Given slashing at 50%: node a's slash reaches its quorum, node b has one vote
      const a = w.node("node-a", 200, IO.muln(1_000));
      const b = w.node("node-b", 200, IO.muln(1_000));
      expectOk(voteSlash(0, a.participant));
      expectOk(voteSlash(1, a.participant));
      expectOk(voteSlash(0, b.participant));
      expect(w.participant(a.participant).slashState).to.equal(1);
      // When the admin raises the fraction to 100%: b's quorum is reached under it
      setSlashing(10_000, DAY, DAY);
      expectOk(voteSlash(1, b.participant));
      // and then lowers it to 0% before either executes
      setSlashing(0, DAY, DAY);
      w.chain.warp(DAY + 1);
      // Then a's slash burns the 50% it was voted at (the review's attack: 100%), b's the 100% of its quorum
      expect(burned(a)).to.equal(io(500));
      expect(burned(b)).to.equal(io(1_000));
      expect(big(w.participant(a.participant).ownStake)).to.equal(io(500));
      expect(big(w.participant(b.participant).ownStake)).to.equal(0n);
      // (each participant holds the fraction its quorum fixed)
      expect([w.participant(a.participant).slashBps, w.participant(b.participant).slashBps]).to.deep.equal([5_000, 10_000]);
    });

    it("S2. raising the slash vote ttl does not revive a vote that had expired", () => {
      // Given oracle 0's slash vote, expired after the one-day ttl
      const a = w.node("node-a", 200, IO.muln(1_000));
      expectOk(voteSlash(0, a.participant));
      w.chain.warp(DAY + 1);
      // When the admin raises the ttl to a week and oracle 1 votes
      setSlashing(5_000, DAY, 7 * DAY);
      expectOk(voteSlash(1, a.participant));
      // Then oracle 0's old vote does not count: no quorum (before the fix: a slash from votes a day apart)
      expect(w.participant(a.participant).slashState).to.equal(0);
      // and oracle 1's vote counts for the new week; oracle 0 votes again and the quorum stands
      expect(big(w.participant(a.participant).slashExpiresAt[1])).to.equal(w.chain.now() + BigInt(7 * DAY));
      expectOk(voteSlash(0, a.participant));
      expect(w.participant(a.participant).slashState).to.equal(1);
    });

    it("S2. lowering the slash vote ttl does not expire a vote cast under the longer one", () => {
      // Given oracle 0's vote with a one-day ttl
      const a = w.node("node-a", 200, IO.muln(1_000));
      expectOk(voteSlash(0, a.participant));
      const expires = w.chain.now() + BigInt(DAY);
      // When the admin lowers the ttl to an hour and oracle 1 votes two hours later
      setSlashing(5_000, DAY, 3_600);
      w.chain.warp(2 * 3_600);
      expectOk(voteSlash(1, a.participant));
      // Then oracle 0's vote still counts (until its own expiry): the quorum stands
      const p = w.participant(a.participant);
      expect(p.slashState).to.equal(1);
      expect([big(p.slashExpiresAt[0]), big(p.slashExpiresAt[1])]).to.deep.equal([expires, w.chain.now() + 3_600n]);
    });

    it("S2. a vote counts until the second before its expiry; at its expiry its member may vote again, and it then expires a ttl later", () => {
      const a = w.node("node-a", 200, IO.muln(1_000));
      expectOk(voteSlash(0, a.participant));
      const expires = w.chain.now() + BigInt(DAY);
      expect(big(w.participant(a.participant).slashExpiresAt[0])).to.equal(expires);
      // One second before: still live, a second vote by the same member is refused, nothing changed
      w.chain.warp(Number(expires - w.chain.now()) - 1);
      const watched = [a.participant];
      const before = w.chain.snapshot(watched);
      expectError(voteSlash(0, a.participant), "AlreadyAttested");
      expect(w.chain.snapshot(watched)).to.equal(before);
      // At the expiry: it no longer counts (another member's vote opens nothing), and the member votes again
      w.chain.warp(1);
      expectOk(voteSlash(1, a.participant));
      expect(w.participant(a.participant).slashState).to.equal(0);
      expectOk(voteSlash(0, a.participant));
      const p = w.participant(a.participant);
      expect(p.slashState).to.equal(1);
      expect(big(p.slashExpiresAt[0])).to.equal(expires + BigInt(DAY));
    });

    it("S2. the decision deadline of a contested slash is fixed at the quorum: set_slashing can neither bring it forward nor push it away", () => {
      // Given two contested slashes voted with a one-day window: anyone may dismiss them two days after the quorum
      const [a, b] = [w.node("node-a", 200, IO.muln(1_000)), w.node("node-b", 200, IO.muln(1_000))];
      for (const n of [a, b]) {
        expectOk(voteSlash(0, n.participant));
        expectOk(voteSlash(1, n.participant));
        expectOk(w.chain.send([contestSlashInstruction({ authority: n.owner.publicKey, participant: n.participant })], [n.owner]));
      }
      const deadline = w.chain.now() + BigInt(2 * DAY);
      const stranger = w.jobs.funded(Keypair.generate());
      const dismiss = (n: StakeNode) => w.chain.send([resolveSlashInstruction({ caller: stranger.publicKey, participant: n.participant, uphold: false })], [stranger]);
      // When the admin shortens the window to one second: a stranger still cannot dismiss early
      setSlashing(5_000, 1, DAY);
      w.chain.warp(10);
      const watched = [a.participant, b.participant];
      const before = w.chain.snapshot(watched);
      expectError(dismiss(a), "Unauthorized");
      expect(w.chain.snapshot(watched)).to.equal(before);
      // When the admin lengthens it to 136 years to withhold its decision for ever
      setSlashing(5_000, 4_294_967_295, DAY);
      w.chain.warp(Number(deadline - w.chain.now()) - 1);
      expectError(dismiss(a), "Unauthorized");
      w.chain.warp(1);
      // Then at the deadline fixed at the quorum anyone dismisses both, and the operators' stake is free
      expectOk(dismiss(a));
      expectOk(dismiss(b));
      expect([w.participant(a.participant).slashState, w.participant(b.participant).slashState]).to.deep.equal([0, 0]);
      expectOk(unstake(a.owner, a.participant, IO.muln(1_000)));
      expect(big(w.participant(b.participant).slashDeadline)).to.equal(deadline);
    });

    /** Closes the epoch and returns its EpochClosed event and the new emissions it saw. */
    const closed = () => {
      const emitted = big(w.config().emitted);
      const res = expectOk(w.closeEpoch());
      const d = parseIoStakingEvents(res.logs).find((e) => e.name === "epochClosed")!.data as { rewards: BN; compute: BN; carried: BN; points: BN };
      return { rewards: big(d.rewards), compute: big(d.compute), carried: big(d.carried), points: big(d.points), fresh: big(w.config().emitted) - emitted };
    };
    /** What `to` received from the staker's claim, checked against the SDK's prediction to the base unit. */
    const claimed = (staker: Keypair, n: StakeNode, to: PublicKey): bigint => {
      const p = w.participant(n.participant);
      const account = w.chain.account(epochKey(p.regEpoch)[0]);
      const predicted = big(pendingRewards(p, w.position(n.participant, staker.publicKey), w.config(), account ? decodeEpoch(account) : null));
      const held = big(w.jobs.balance(to));
      expectOk(claim(staker, n.participant, to));
      expect(big(w.jobs.balance(to)) - held).to.equal(predicted);
      return predicted;
    };
    const cap = () => big(w.config().maxComputeRate);
    const attestBoth = (n: StakeNode) => attest(n, [[0, true, 10_000, 0], [1, true, 10_000, 0]]);

    it("S3 (design). a thousand computing points ($0.001 of token share) earn at most the capped rate, not an epoch's whole compute pool; the rest carries forward", () => {
      // Given an honest node h earning availability each epoch, and nobody else syncing points: the compute pool is all there is
      expect(cap()).to.equal(1_000_000_000_000n); // the default: 10 IO per $1 of points
      const h = w.node("node-h", 200, IO.muln(1_000));
      attestBoth(h);
      closed();
      attestBoth(h);
      // When an attacker registers node x (1 base unit of own stake, to hold a position), prices it
      // at $0.0011 an hour, all as token share, buys one hour of it and syncs the 1,045 points
      const x = w.node("node-x", 100, new BN(1));
      price(x, new BN(1_100), 0);
      oneHourJobs([x]);
      expectOk(sync(x));
      expect(w.participant(x.participant).regPoints.toNumber()).to.equal(1_045);
      const e = closed();
      // Then the epoch's compute rate is the cap: 1,045 points earn 1,045 x 1,000 base units (0.01045 IO;
      // before the cap: 65,022 IO, the whole pool)
      expect(big(decodeEpoch(w.chain.account(epochKey(1)[0])!).computeRate)).to.equal(cap());
      expect(e.compute).to.equal(1_045_000n);
      const reward = claimed(x.owner, x, x.ownerIo);
      expect(reward).to.equal(1_045_000n);
      expect(reward <= big(IO), `x's compute reward: ${reward} base units for $0.0011 paid`).to.equal(true);
      // and what the cap left of the compute pool is carried forward: the next epoch's rewards are its
      // new emissions plus all of it, never lost
      expect(e.carried > 40_000n * big(IO)).to.equal(true);
      attestBoth(h);
      const next = closed();
      expect(next.rewards).to.equal(next.fresh + e.carried);
      claimed(h.owner, h, h.ownerIo);
      conserved();
    });

    it("S3. splitting the points over many nodes earns no more: the cap is per point, whoever holds them", () => {
      // Given three attacker nodes, each with a $0.0011 token-share job in the same thin epoch
      const nodes = ["x1", "x2", "x3"].map((name) => w.node(name, 100, new BN(1)));
      for (const n of nodes) price(n, new BN(1_100), 0);
      oneHourJobs(nodes);
      for (const n of nodes) expectOk(sync(n));
      const e = closed();
      // Then together they earn exactly the cap times their points
      expect(e.points).to.equal(3n * 1_045n);
      const rewards = nodes.map((n) => claimed(n.owner, n, n.ownerIo));
      expect(rewards).to.deep.equal([1_045_000n, 1_045_000n, 1_045_000n]);
      conserved();
    });

    it("S3. with real volume the pool's own rate is below the cap: a micro-job in the same epoch earns the same rate per point, pro rata", () => {
      // Given an honest node c paid $10,000 for an hour, all of it as token share (about 9.5e9 points), and the attacker's x
      const c = w.node("node-c", 200, IO.muln(1_000));
      const x = w.node("node-x", 100, new BN(1));
      price(c, USD.muln(10_000), 0);
      price(x, new BN(1_100), 0);
      oneHourJobs([c, x], USD.muln(20_000));
      expectOk(sync(c));
      expectOk(sync(x));
      const e = closed();
      // Then the compute rate is the pool over all points (below the cap), and the pool is paid out but for rounding
      const epoch = decodeEpoch(w.chain.account(epochKey(0)[0])!);
      const pool = e.rewards - (e.rewards * BigInt(STAKING_PARAMS.availabilityBps)) / BPS;
      expect(big(epoch.computeRate)).to.equal((pool * SCALE) / e.points);
      expect(big(epoch.computeRate) < cap()).to.equal(true);
      expect(pool - e.compute < e.points / 1_000_000n + 2n).to.equal(true);
      // and x's reward is its points' share of the pool at that rate
      const reward = claimed(x.owner, x, x.ownerIo);
      expect(reward).to.equal((1_045n * big(epoch.computeRate)) / SCALE);
      claimed(c.owner, c, c.ownerIo);
      conserved();
    });

    it("S3. a clock jump (a month of emissions in one epoch) does not raise what a point earns: the cap holds, the rest carries", () => {
      // Given the attacker's 1,045 points in an epoch nobody closes for 30 days
      const x = w.node("node-x", 100, new BN(1));
      price(x, new BN(1_100), 0);
      oneHourJobs([x]);
      expectOk(sync(x));
      w.chain.warp(29 * DAY);
      const e = closed(); // a day more, the crank mints 30 days' emissions, the close
      // Then x earns the cap per point, and the month's compute pool but that is carried
      expect(e.compute).to.equal(1_045_000n);
      expect(e.carried).to.equal(e.rewards - e.compute);
      expect(claimed(x.owner, x, x.ownerIo)).to.equal(1_045_000n);
      conserved();
    });

    it("S3. only the admin sets the cap, above 0; it applies when the open epoch closes, and raising it pays the pool's rate again", () => {
      const x = w.node("node-x", 100, new BN(1));
      price(x, new BN(1_100), 0);
      oneHourJobs([x]);
      expectOk(sync(x));
      // A stranger's set_staking_params, and a cap of 0, are refused, nothing changed
      const stranger = w.jobs.funded(Keypair.generate());
      const params = (admin: Keypair, maxComputeRate: BN) =>
        w.chain.send([setStakingParamsInstruction({ admin: admin.publicKey, ...STAKING_PARAMS, maxComputeRate })], [admin]);
      const watched = [stakingConfigKey()[0]];
      const before = w.chain.snapshot(watched);
      expectError(params(stranger, new BN(1)), "Unauthorized");
      expectError(params(w.jobs.admin, new BN(0)), "InvalidParams");
      expect(w.chain.snapshot(watched)).to.equal(before);
      // When the admin lifts the cap (u64's top) while the epoch is open, it applies to that epoch's close:
      // x takes the whole compute pool again (governance's choice)
      expectOk(params(w.jobs.admin, new BN("18446744073709551615")));
      const e = closed();
      const pool = e.rewards - (e.rewards * BigInt(STAKING_PARAMS.availabilityBps)) / BPS;
      expect(big(decodeEpoch(w.chain.account(epochKey(0)[0])!).computeRate)).to.equal((pool * SCALE) / 1_045n);
      expect(claimed(x.owner, x, x.ownerIo)).to.equal(e.compute);
      // and setting it to 0.5 IO per $1 caps the next one at 50 base units a point
      expectOk(params(w.jobs.admin, computeRateCap("0.5")));
      oneHourJobs([x]);
      expectOk(sync(x));
      const capped = closed();
      expect(capped.compute).to.equal(1_045n * 50n);
      expect(claimed(x.owner, x, x.ownerIo)).to.equal(1_045n * 50n);
      conserved();
    });
  });

  describe("the third review's findings: an admin cannot take or freeze committed stake", () => {
    const U32_MAX = 4_294_967_295;
    const outcome = (res: TxResult) => (res.ok ? "ok" : `${res.programError?.name ?? res.error}`);
    const params = (changes: Partial<StakingParams>, admin = w.jobs.admin) =>
      w.chain.send([setStakingParamsInstruction({ admin: admin.publicKey, ...STAKING_PARAMS, ...changes })], [admin]);
    const closeIx = () => closeEpochInstruction({ payer: w.chain.payer.publicKey, epoch: w.config().epoch });
    const crank = () => expectOk(w.jobs.chain.send([crankInstruction({ rewardsVault: rewardsVaultKey()[0] })], [w.chain.payer]));

    it("R2-S1 (freeze, admin): raising the cooldown after IO was staked does not lock that stake for 136 years", () => {
      // Given a node, its operator's 1,000 IO own stake, and a delegator's 50 IO, active, all
      // committed under the governed 2-day cooldown
      const a = w.node("node-a", 200, IO.muln(1_000));
      const d = w.wallet(IO.muln(50));
      expectOk(w.stake(d.wallet, d.io, a.participant, IO.muln(50)));
      expectOk(w.closeEpoch());
      expectOk(claim(d.wallet, a.participant, d.io)); // activates the delegation
      // When the admin sets the cooldown to u32::MAX seconds (136 years): set_staking_params has no
      // upper bound on it and every later unstake takes the cooldown in force at the unstake
      const set = params({ cooldown: U32_MAX });
      // and both stakers leave
      expectOk(unstake(d.wallet, a.participant, IO.muln(50)));
      expectOk(unstake(a.owner, a.participant, IO.muln(1_000)));
      // Then after the cooldown they staked under (plus a day) they have their IO back
      w.chain.warp(3 * DAY);
      const delegator = withdraw(d.wallet, a.participant, d.io);
      const operator = withdraw(a.owner, a.participant, a.ownerIo);
      expect(
        [outcome(delegator), outcome(operator)],
        `set_staking_params(cooldown = u32::MAX): ${outcome(set)}; cooldown_end now ${w.position(a.participant, d.wallet.publicKey).cooldownEnd.toString()}`,
      ).to.deep.equal(["ok", "ok"]);
      expect(w.jobs.balance(d.io).toString()).to.equal(IO.muln(50).toString());
    });

    it("R2-S1. a cooldown raised within its bound (30 days) after IO was staked does not apply to it: it leaves after the 2 days it was committed under", () => {
      // Given an operator's own stake and a delegator's active stake, both committed under the 2-day cooldown
      const a = w.node("node-a", 200, IO.muln(1_000));
      const d = w.wallet(IO.muln(50));
      expectOk(w.stake(d.wallet, d.io, a.participant, IO.muln(50)));
      expectOk(w.closeEpoch());
      expectOk(claim(d.wallet, a.participant, d.io));
      // When the admin raises the cooldown to its most, 30 days, and both unstake
      expectOk(params({ cooldown: 30 * DAY }));
      expect(w.config().cooldown).to.equal(30 * DAY);
      const left = [expectOk(unstake(d.wallet, a.participant, IO.muln(50))), expectOk(unstake(a.owner, a.participant, IO.muln(1_000)))];
      // Then their cooldowns end 2 days from now (the event says so too)
      const end = w.chain.now() + BigInt(2 * DAY);
      for (const res of left) {
        const e = parseIoStakingEvents(res.logs).find((x) => x.name === "unstaked")!.data as { cooldownEnd: BN };
        expect(big(e.cooldownEnd)).to.equal(end);
      }
      expect(big(w.position(a.participant, d.wallet.publicKey).cooldownEnd)).to.equal(end);
      // and a withdrawal the second before is refused, nothing changed; at the end both leave whole
      w.chain.warp(2 * DAY - 1);
      const watched = [positionKey(a.participant, d.wallet.publicKey)[0], positionKey(a.participant, a.owner.publicKey)[0], d.io, a.ownerIo, stakeVaultKey()[0]];
      const before = w.chain.snapshot(watched);
      expectError(withdraw(d.wallet, a.participant, d.io), "CooldownActive");
      expectError(withdraw(a.owner, a.participant, a.ownerIo), "CooldownActive");
      expect(w.chain.snapshot(watched)).to.equal(before);
      w.chain.warp(1);
      expectOk(withdraw(d.wallet, a.participant, d.io));
      expectOk(withdraw(a.owner, a.participant, a.ownerIo));
      expect(big(w.jobs.balance(d.io))).to.equal(io(50));
    });

    it("R2-S1. the cooldown's bound: above 30 days, or 0, is refused and nothing changes; 30 days is accepted", () => {
      const watched = [stakingConfigKey()[0]];
      const before = w.chain.snapshot(watched);
      for (const cooldown of [30 * DAY + 1, U32_MAX, 0]) expectError(params({ cooldown }), "InvalidParams");
      expect(w.chain.snapshot(watched)).to.equal(before);
      expectOk(params({ cooldown: 30 * DAY }));
      expectOk(params({ cooldown: 1 }));
      expect(w.config().cooldown).to.equal(1);
    });

    it("R2-S1. lowering the cooldown applies at once to stake already committed", () => {
      // Given a delegator's active stake committed under the 2-day cooldown
      const a = w.node("node-a", 200, IO.muln(1_000));
      const d = w.wallet(IO.muln(50));
      expectOk(w.stake(d.wallet, d.io, a.participant, IO.muln(50)));
      expectOk(w.closeEpoch());
      expectOk(claim(d.wallet, a.participant, d.io));
      // When the admin lowers the cooldown to an hour and the delegator unstakes
      expectOk(params({ cooldown: 3_600 }));
      expectOk(unstake(d.wallet, a.participant, IO.muln(50)));
      // Then it withdraws an hour later (not the second before)
      expect(big(w.position(a.participant, d.wallet.publicKey).cooldownEnd)).to.equal(w.chain.now() + 3_600n);
      w.chain.warp(3_599);
      expectError(withdraw(d.wallet, a.participant, d.io), "CooldownActive");
      w.chain.warp(1);
      expectOk(withdraw(d.wallet, a.participant, d.io));
    });

    it("R2-S1. staking more after a raise commits the position to the raised cooldown; an emptied position staked again takes the one in force then", () => {
      // Given an operator's own stake and a delegator's active stake, both committed under the 2-day cooldown
      const a = w.node("node-a", 200, IO.muln(1_000));
      const d = w.wallet(IO.muln(100));
      expectOk(w.stake(d.wallet, d.io, a.participant, IO.muln(50)));
      expectOk(w.closeEpoch());
      expectOk(claim(d.wallet, a.participant, d.io));
      const committed = (k: Keypair) => w.position(a.participant, k.publicKey).cooldown;
      expect([committed(d.wallet), committed(a.owner)]).to.deep.equal([2 * DAY, 2 * DAY]);
      // When the admin raises the cooldown to 10 days: nothing committed changes
      expectOk(params({ cooldown: 10 * DAY }));
      expect([committed(d.wallet), committed(a.owner)]).to.deep.equal([2 * DAY, 2 * DAY]);
      // and both stake more: they accept the current terms for the whole position
      expectOk(w.stake(d.wallet, d.io, a.participant, IO.muln(10)));
      expectOk(w.stake(a.owner, a.ownerIo, a.participant, IO.muln(5)));
      expect([committed(d.wallet), committed(a.owner)]).to.deep.equal([10 * DAY, 10 * DAY]);
      // Then their unstakes wait 10 days
      expectOk(w.closeEpoch());
      expectOk(unstake(d.wallet, a.participant, IO.muln(60)));
      expectOk(unstake(a.owner, a.participant, IO.muln(1_005)));
      const end = w.chain.now() + BigInt(10 * DAY);
      expect([big(w.position(a.participant, d.wallet.publicKey).cooldownEnd), big(w.position(a.participant, a.owner.publicKey).cooldownEnd)]).to.deep.equal([end, end]);
      w.chain.warp(10 * DAY - 1);
      expectError(withdraw(d.wallet, a.participant, d.io), "CooldownActive");
      w.chain.warp(1);
      expectOk(withdraw(d.wallet, a.participant, d.io));
      // When the emptied position stakes again under a 1-day cooldown, and the admin then raises it to 10 days
      expectOk(params({ cooldown: DAY }));
      expectOk(w.stake(d.wallet, d.io, a.participant, IO.muln(5)));
      expect(committed(d.wallet)).to.equal(DAY);
      expectOk(params({ cooldown: 10 * DAY }));
      // Then the new stake waits the day it was staked under, not the 10 days of the earlier stake
      expectOk(w.closeEpoch());
      expectOk(unstake(d.wallet, a.participant, IO.muln(5)));
      expect(big(w.position(a.participant, d.wallet.publicKey).cooldownEnd)).to.equal(w.chain.now() + BigInt(DAY));
    });

    it("R2-S1. a compounding claim is not a new commitment: the position keeps its cooldown", () => {
      // Given an operator whose node earned availability rewards, staked under the 2-day cooldown
      const a = w.node("node-a", 200, IO.muln(1_000));
      attest(a, [[0, true, 10_000, 0], [1, true, 10_000, 0]]);
      expectOk(w.closeEpoch());
      // When the admin raises the cooldown to 30 days and the operator re-stakes its rewards
      expectOk(params({ cooldown: 30 * DAY }));
      const own = big(w.participant(a.participant).ownStake);
      expectOk(claim(a.owner, a.participant, a.ownerIo, true));
      const grown = big(w.participant(a.participant).ownStake);
      expect(grown > own).to.equal(true);
      // Then the position still waits 2 days, for all of it
      expect(w.position(a.participant, a.owner.publicKey).cooldown).to.equal(2 * DAY);
      expectOk(unstake(a.owner, a.participant, new BN(grown.toString())));
      expect(big(w.position(a.participant, a.owner.publicKey).cooldownEnd)).to.equal(w.chain.now() + BigInt(2 * DAY));
    });

    it("R2-S2 (freeze, admin): raising the epoch length does not strand a delegation staked in the open epoch", () => {
      // Given a node and a delegator who stakes 50 IO: pending until the next epoch, and pending stake
      // can neither be unstaked nor withdrawn before it activates
      const a = w.node("node-a", 200, IO.muln(1_000));
      const d = w.wallet(IO.muln(50));
      expectOk(w.stake(d.wallet, d.io, a.participant, IO.muln(50)));
      expect(w.position(a.participant, d.wallet.publicKey).pending.toString()).to.equal(IO.muln(50).toString());
      // When the admin sets the epoch length to u32::MAX seconds: close_epoch reads the length in
      // force at the close, so the open epoch cannot close for 136 years
      const set = params({ epochLength: U32_MAX });
      // Then, once the epoch length the stake was committed under has passed, anyone closes the
      // epoch, and the delegator activates, unstakes and, after the cooldown, withdraws its IO
      w.chain.warp(DAY);
      crank();
      const close = w.chain.send([closeIx()], [w.chain.payer]);
      claim(d.wallet, a.participant, d.io); // activates (if the epoch closed)
      const leave = unstake(d.wallet, a.participant, IO.muln(50));
      w.chain.warp(STAKING_PARAMS.cooldown);
      const out = withdraw(d.wallet, a.participant, d.io);
      expect(
        [outcome(close), outcome(leave), outcome(out)],
        `set_staking_params(epoch_length = u32::MAX): ${outcome(set)}; the delegator's 50 IO stays pending for 136 years`,
      ).to.deep.equal(["ok", "ok", "ok"]);
      expect(w.jobs.balance(d.io).toString()).to.equal(IO.muln(50).toString());
    });

    it("R2-S2. the epoch length's bound: above 30 days, or 0, is refused and nothing changes; 30 days is accepted", () => {
      const watched = [stakingConfigKey()[0]];
      const before = w.chain.snapshot(watched);
      for (const epochLength of [30 * DAY + 1, U32_MAX, 0]) expectError(params({ epochLength }), "InvalidParams");
      expect(w.chain.snapshot(watched)).to.equal(before);
      expectOk(params({ epochLength: 30 * DAY }));
      expect(w.config().epochLength).to.equal(30 * DAY);
    });

    it("R2-S2. an epoch keeps the length it opened with: a change, longer or shorter, applies from the next epoch; the SDK's epochEndsAt says when", () => {
      /** Closing the open epoch the second before its end (refused, nothing changed) and at it. */
      const closeAtItsEnd = (length: number) => {
        const config = w.config();
        expect(config.openEpochLength).to.equal(length);
        const ends = big(epochEndsAt(config));
        expect(ends).to.equal(big(config.epochStart) + BigInt(length));
        w.chain.warp(Number(ends - w.chain.now()) - 1);
        crank();
        const watched = [stakingConfigKey()[0], epochKey(config.epoch)[0], rewardsVaultKey()[0]];
        const before = w.chain.snapshot(watched);
        expectError(w.chain.send([closeIx()], [w.chain.payer]), "EpochNotOver");
        expect(w.chain.snapshot(watched)).to.equal(before);
        w.chain.warp(1);
        expectOk(w.chain.send([closeIx()], [w.chain.payer]));
        expect(big(w.config().epochStart)).to.equal(w.chain.now());
      };
      // Given the open epoch, opened with one-day length
      expect(w.config().openEpochLength).to.equal(DAY);
      // When the admin sets 3 days: the open epoch still closes after one day; the next after 3
      expectOk(params({ epochLength: 3 * DAY }));
      expect([w.config().epochLength, w.config().openEpochLength]).to.deep.equal([3 * DAY, DAY]);
      closeAtItsEnd(DAY);
      // When the admin sets an hour during the 3-day epoch: it still takes 3 days; the next an hour
      expectOk(params({ epochLength: 3_600 }));
      closeAtItsEnd(3 * DAY);
      closeAtItsEnd(3_600);
      closeAtItsEnd(3_600);
    });

    it("R2-S3 (minor, admin): the decision deadline binds the admin too: a contested slash cannot be upheld after it", () => {
      // Given node a's slash, voted by a quorum and contested by its operator in the window
      const a = w.node("node-a", 200, IO.muln(1_000));
      expectOk(voteSlash(0, a.participant));
      expectOk(voteSlash(1, a.participant));
      expectOk(w.chain.send([contestSlashInstruction({ authority: a.owner.publicKey, participant: a.participant })], [a.owner]));
      const deadline = BigInt(w.participant(a.participant).slashDeadline.toString());
      // When the decision deadline (contest window + one slash_window) passes without a decision,
      // the operator is owed a dismissal (anyone may send it); the admin upholds a week later instead
      w.chain.warp(Number(deadline - w.chain.now()) + 7 * DAY);
      const admin = w.jobs.admin;
      const before = w.chain.snapshot([a.participant]);
      const late = w.chain.send([resolveSlashInstruction({ caller: admin.publicKey, participant: a.participant, uphold: true })], [admin]);
      // Then the late uphold is refused (resolve_slash checks the deadline only for callers other
      // than the admin), and the slash can only be dismissed
      expect(outcome(late), "a week after the deadline the admin upheld the slash (state 3 = upheld, executable at once)").to.not.equal("ok");
      expect(w.participant(a.participant).slashState).to.equal(2);
      expectError(late, "DecisionLapsed");
      expect(w.chain.snapshot([a.participant])).to.equal(before);
      expectOk(w.chain.send([resolveSlashInstruction({ caller: admin.publicKey, participant: a.participant, uphold: false })], [admin]));
      expect(w.participant(a.participant).slashState).to.equal(0);
      expectOk(unstake(a.owner, a.participant, IO.muln(1_000)));
    });

    it("R2-S3. the deadline's edges: the second before it only the admin decides (and may uphold); at it nobody upholds and anyone dismisses", () => {
      // Given three nodes' slashes voted and contested together: one decision deadline
      const nodes = ["node-a", "node-b", "node-c"].map((name) => w.node(name, 200, IO.muln(1_000)));
      for (const n of nodes) {
        expectOk(voteSlash(0, n.participant));
        expectOk(voteSlash(1, n.participant));
        expectOk(w.chain.send([contestSlashInstruction({ authority: n.owner.publicKey, participant: n.participant })], [n.owner]));
      }
      const [a, b, c] = nodes;
      const deadline = big(w.participant(a.participant).slashDeadline);
      expect(big(w.participant(c.participant).slashDeadline)).to.equal(deadline);
      const admin = w.jobs.admin;
      const stranger = w.jobs.funded(Keypair.generate());
      const resolve = (n: StakeNode, uphold: boolean, caller = admin) =>
        w.chain.send([resolveSlashInstruction({ caller: caller.publicKey, participant: n.participant, uphold })], [caller]);
      const watched = nodes.map((n) => n.participant);
      // When it is the second before the deadline
      w.chain.warp(Number(deadline - w.chain.now()) - 1);
      // Then a stranger can neither dismiss nor uphold, nothing changed
      let before = w.chain.snapshot(watched);
      expectError(resolve(b, false, stranger), "Unauthorized");
      expectError(resolve(b, true, stranger), "Unauthorized");
      expect(w.chain.snapshot(watched)).to.equal(before);
      // and the admin upholds a's slash (it is then executed)
      expectOk(resolve(a, true));
      expect(w.participant(a.participant).slashState).to.equal(3);
      expectOk(executeSlash(a));
      // When the deadline comes
      w.chain.warp(1);
      // Then nobody upholds, the admin included: DecisionLapsed, nothing changed
      before = w.chain.snapshot(watched);
      expectError(resolve(b, true), "DecisionLapsed");
      expectError(resolve(b, true, stranger), "DecisionLapsed");
      expect(w.chain.snapshot(watched)).to.equal(before);
      // and anyone dismisses: the admin b's, a stranger c's; their operators' stake is free
      expectOk(resolve(b, false));
      expectOk(resolve(c, false, stranger));
      expect([b, c].map((n) => w.participant(n.participant).slashState)).to.deep.equal([0, 0]);
      expectError(resolve(b, false), "NoSlash");
      for (const n of [b, c]) expectOk(unstake(n.owner, n.participant, IO.muln(1_000)));
    });
  });

  describe("other attacks, each refused with its error and nothing changed", () => {
    /** A node with an outstanding registration in closed epoch 1 (and one settled in 0), a staker, and a second node. */
    const twoEpochs = () => {
      const a = w.node("node-a", 200, IO.muln(1_000));
      const b = w.node("node-b", 200, IO.muln(500));
      const s = w.wallet(IO.muln(100));
      expectOk(w.stake(s.wallet, s.io, a.participant, IO.muln(50)));
      attest(a, [[0, true, 10_000, 0], [1, true, 10_000, 0]]);
      expectOk(w.closeEpoch());
      expectOk(claim(s.wallet, a.participant, s.io)); // settles epoch 0, activates
      attest(a, [[0, true, 9_000, 0], [1, true, 9_000, 0]]);
      expectOk(w.closeEpoch());
      expect(w.participant(a.participant).regEpoch).to.equal(1);
      return { a, b, s };
    };
    const staking = (n: StakeNode, ...more: PublicKey[]) => [stakingConfigKey()[0], n.participant, epochKey(0)[0], epochKey(1)[0], ...more];

    it("another staker's position, or a position with another participant: InvalidPosition", () => {
      const { a, b, s } = twoEpochs();
      const thief = w.wallet(IO.muln(10));
      const victim = positionKey(a.participant, s.wallet.publicKey)[0];
      const watched = staking(a, victim, b.participant, s.io, thief.io);
      const before = w.chain.snapshot(watched);
      // The thief signs, naming the victim's position (the builders derive the signer's own)
      const withPosition = (ix: TransactionInstruction, at: number, position: PublicKey) => {
        ix.keys[at] = { ...ix.keys[at], pubkey: position };
        return ix;
      };
      const steal = claimInstruction({ staker: thief.wallet.publicKey, participant: a.participant, lastEpoch: w.lastEpoch(a.participant), to: thief.io });
      expectError(w.chain.send([withPosition(steal, 3, victim)], [thief.wallet]), "InvalidPosition");
      const move = unstakeInstruction({ staker: thief.wallet.publicKey, participant: a.participant, lastEpoch: w.lastEpoch(a.participant), amount: IO.muln(50) });
      expectError(w.chain.send([withPosition(move, 3, victim)], [thief.wallet]), "InvalidPosition");
      const take = withdrawInstruction({ staker: thief.wallet.publicKey, participant: a.participant, stakerIo: thief.io });
      expectError(w.chain.send([withPosition(take, 3, victim)], [thief.wallet]), "InvalidPosition");
      // The staker's own position named with another participant
      const elsewhere = claimInstruction({ staker: s.wallet.publicKey, participant: b.participant, lastEpoch: w.lastEpoch(b.participant), to: s.io });
      expectError(w.chain.send([withPosition(elsewhere, 3, victim)], [s.wallet]), "InvalidPosition");
      expect(w.chain.snapshot(watched)).to.equal(before);
      // execute_slash naming a staker as the operator (its position by the PDA the builder derives)
      expectOk(voteSlash(0, a.participant));
      expectOk(voteSlash(1, a.participant));
      w.chain.warp(DAY);
      const voted = w.chain.snapshot(watched);
      expectError(w.chain.send([executeSlashInstruction({ participant: a.participant, operator: s.wallet.publicKey })], [w.chain.payer]), "Unauthorized");
      expect(w.chain.snapshot(watched)).to.equal(voted);
    });

    it("a last_epoch of another epoch, or another program's account: WrongEpoch in every settling instruction", () => {
      const { a, s } = twoEpochs();
      const watched = staking(a, positionKey(a.participant, s.wallet.publicKey)[0], s.io);
      const before = w.chain.snapshot(watched);
      for (const wrong of [epochKey(0)[0], a.node, stakingConfigKey()[0], a.participant]) {
        expectError(w.chain.send([claimInstruction({ staker: s.wallet.publicKey, participant: a.participant, lastEpoch: wrong, to: s.io })], [s.wallet]), "WrongEpoch");
        expectError(w.chain.send([unstakeInstruction({ staker: s.wallet.publicKey, participant: a.participant, lastEpoch: wrong, amount: IO.muln(50) })], [s.wallet]), "WrongEpoch");
        const stake = stakeInstruction({ staker: s.wallet.publicKey, participant: a.participant, lastEpoch: wrong, stakerIo: s.io, amount: IO.muln(5) });
        expectError(w.chain.send([stake], [s.wallet]), "WrongEpoch");
        expectError(w.chain.send([syncPointsInstruction({ participant: a.participant, node: a.node, lastEpoch: wrong })], [w.chain.payer]), "WrongEpoch");
      }
      expect(w.chain.snapshot(watched)).to.equal(before);
      // An attestation settles only when it registers: the first vote is recorded, the
      // registering one with a wrong epoch is refused (and its vote not recorded)
      attest(a, [[0, true, 10_000, 0]]);
      const voted = w.chain.snapshot(watched);
      expectError(w.chain.send([attestIx(a, [1, true, 10_000, 0], w.config().epoch, epochKey(0)[0])], [w.jobs.oracles[1]]), "WrongEpoch");
      expect(w.chain.snapshot(watched)).to.equal(voted);
      attest(a, [[1, true, 10_000, 0]]);
      expect(w.participant(a.participant).regEpoch).to.equal(2);
    });

    it("a user participant where a node is needed, and other programs' or other types' accounts as participant or node", () => {
      const a = w.node("node-a", 200, IO.muln(1_000));
      const user = w.wallet(IO.muln(10));
      expectOk(w.chain.send([registerParticipantInstruction({ authority: user.wallet.publicKey, key: user.wallet.publicKey, kind: ParticipantKind.User, shareBps: 200 })], [user.wallet]));
      const [userParticipant] = participantKey(user.wallet.publicKey);
      const asNode: StakeNode = { owner: user.wallet, node: a.node, participant: userParticipant, ownerIo: user.io };
      const watched = [stakingConfigKey()[0], userParticipant, a.participant];
      const before = w.chain.snapshot(watched);
      expectError(w.chain.send([attestIx(asNode, [0, true, 10_000, 8])], [w.jobs.oracles[0]]), "NotANode");
      expectError(voteSlash(0, userParticipant), "NotANode");
      expectError(w.chain.send([syncPointsInstruction({ participant: userParticipant, node: a.node, lastEpoch: stakingConfigKey()[0] })], [w.chain.payer]), "NotANode");
      expectError(executeSlash(asNode), "NoSlash");
      // The io_jobs node itself, or a position, as the participant
      const fake: StakeNode = { ...a, participant: a.node };
      const epoch = w.config().epoch;
      expectError(w.chain.send([attestIx(fake, [0, true, 10_000, 0], epoch, stakingConfigKey()[0])], [w.jobs.oracles[0]]), "InvalidParticipant");
      const position: StakeNode = { ...a, participant: positionKey(a.participant, a.owner.publicKey)[0] };
      expectError(w.chain.send([attestIx(position, [0, true, 10_000, 0], epoch, stakingConfigKey()[0])], [w.jobs.oracles[0]]), "InvalidParticipant");
      expectError(voteSlash(0, a.node), "InvalidParticipant");
      // Another node (the jobs world's), a staking account, or a wallet as the participant's node
      for (const node of [w.jobs.node, a.participant, user.wallet.publicKey]) {
        expectError(w.chain.send([syncPointsInstruction({ participant: a.participant, node, lastEpoch: stakingConfigKey()[0] })], [w.chain.payer]), "InvalidNode");
      }
      // A user participant for someone else's key, a node participant for someone else's node
      const other = w.wallet(IO.muln(1));
      expectError(w.chain.send([registerParticipantInstruction({ authority: user.wallet.publicKey, key: other.wallet.publicKey, kind: ParticipantKind.User, shareBps: 200 })], [user.wallet]), "Unauthorized");
      expectError(w.chain.send([registerParticipantInstruction({ authority: user.wallet.publicKey, key: w.jobs.node, kind: ParticipantKind.Node, shareBps: 200 })], [user.wallet]), "NotNodeOwner");
      expect(w.chain.snapshot(watched)).to.equal(before);
    });

    it("a colluding minority of oracles: cannot register, raise or cut a figure, cannot slash, and a removed member cannot vote", () => {
      const a = w.node("node-a", 200, IO.muln(1_000));
      const watched = [stakingConfigKey()[0], a.participant];
      // Alone, the colluder (oracle 0) registers nothing however high it votes
      attest(a, [[0, true, 10_000, 8]]);
      expect(big(w.config().openWeight)).to.equal(0n);
      // With two honest votes of 50% and 60% (class 0), the figure is the honest 50%..60%: 60%
      attest(a, [[1, true, 5_000, 0], [2, true, 6_000, 0]]);
      expect(w.participant(a.participant).availFigure).to.equal(6_000);
      expect(big(w.participant(a.participant).regWeight)).to.equal(io(600));
      // Out-of-range reputations, double votes and votes for another epoch are refused
      const before = w.chain.snapshot(watched);
      expectError(w.chain.send([attestIx(a, [0, true, 10_001, 0])], [w.jobs.oracles[0]]), "InvalidParams");
      expectError(w.chain.send([attestIx(a, [0, true, 10_000, 0])], [w.jobs.oracles[0]]), "AlreadyAttested");
      expectError(w.chain.send([attestIx(a, [0, true, 10_000, 0], 1)], [w.jobs.oracles[0]]), "WrongEpoch");
      // A stranger is no oracle
      const stranger = w.jobs.funded(Keypair.generate());
      expectError(w.chain.send([voteSlashInstruction({ oracle: stranger.publicKey, participant: a.participant, reason: 1 })], [stranger]), "NotOracle");
      expect(w.chain.snapshot(watched)).to.equal(before);
      // A colluder failing a node two honest members pass does not lower the figure
      const b = w.node("node-b", 200, IO.muln(1_000));
      attest(b, [[0, false, 0, 0], [1, true, 7_000, 0], [2, true, 8_000, 0]]);
      expect(w.participant(b.participant).availFigure).to.equal(7_000);
      // The colluder's slash vote alone opens nothing, and it expires: its renewal a day later
      // plus one honest vote the day after are not two live votes... until the honest one renews
      expectOk(voteSlash(0, a.participant));
      expect(w.participant(a.participant).slashState).to.equal(0);
      w.chain.warp(DAY + 1);
      expectOk(voteSlash(0, a.participant));
      w.chain.warp(DAY + 1);
      expectOk(voteSlash(1, a.participant));
      expect(w.participant(a.participant).slashState).to.equal(0);
      // The admin removes oracle 2: it can no longer vote on anything
      const admin = w.jobs.admin;
      expectOk(w.chain.send([setOracleSetInstruction({ admin: admin.publicKey, quorum: 2, members: w.jobs.oracles.slice(0, 2).map((o) => o.publicKey) })], [admin]));
      const removed = w.chain.snapshot(watched);
      expectError(voteSlash(2, a.participant), "NotOracle");
      expectError(w.chain.send([attestIx(a, [2, true, 10_000, 0])], [w.jobs.oracles[2]]), "NotOracle");
      expect(w.chain.snapshot(watched)).to.equal(removed);
      // The new set's votes start afresh: one vote opens nothing
      expectOk(voteSlash(1, a.participant));
      expect(w.participant(a.participant).slashState).to.equal(0);
    });

    it("a delegation front-running close_epoch earns nothing of the closing epoch; an unstake before the close forgoes it", () => {
      const a = w.node("node-a", 300, IO.muln(1_000));
      const [early, late, leaver] = [w.wallet(IO.muln(200)), w.wallet(IO.muln(200)), w.wallet(IO.muln(200))];
      expectOk(w.stake(early.wallet, early.io, a.participant, IO.muln(200)));
      expectOk(w.stake(leaver.wallet, leaver.io, a.participant, IO.muln(200)));
      expectOk(w.closeEpoch());
      expectOk(claim(early.wallet, a.participant, early.io)); // activates
      expectOk(claim(leaver.wallet, a.participant, leaver.io)); // activates
      attest(a, [[0, true, 10_000, 0], [1, true, 10_000, 0]]);
      // Right before the close: one delegator stakes, another leaves
      expectOk(w.stake(late.wallet, late.io, a.participant, IO.muln(200)));
      expectOk(unstake(leaver.wallet, a.participant, IO.muln(200)));
      expectOk(w.closeEpoch());
      // After it, the late staker touches first: the epoch settles before its stake activates
      const p = w.participant(a.participant);
      const settlement = settlementOf(w.config(), p, decodeEpoch(w.chain.account(epochKey(p.regEpoch)[0])!))!;
      expectOk(claim(late.wallet, a.participant, late.io)); // activates, pays nothing
      expect(big(w.position(a.participant, late.wallet.publicKey).rewards)).to.equal(0n);
      expectError(claim(late.wallet, a.participant, late.io), "NothingToClaim");
      expectError(claim(leaver.wallet, a.participant, leaver.io), "NothingToClaim");
      // The early staker, alone in delegated stake at the settlement, gets the whole stakers' part
      const held = big(w.jobs.balance(early.io));
      expectOk(claim(early.wallet, a.participant, early.io));
      expect(big(w.jobs.balance(early.io)) - held).to.equal((io(200) * big(settlement.perStake)) / SCALE);
      conserved();
    });

    it("a clock jump: one close per call, the next epoch starts at the close; slash votes from before the jump have expired", () => {
      const a = w.node("node-a", 200, IO.muln(1_000));
      expectOk(voteSlash(0, a.participant));
      w.chain.warp(30 * DAY);
      const epoch = w.config().epoch;
      expectOk(w.chain.send([closeEpochInstruction({ payer: w.chain.payer.publicKey, epoch })], [w.chain.payer]));
      const closeAgain = w.chain.send([closeEpochInstruction({ payer: w.chain.payer.publicKey, epoch: epoch + 1 })], [w.chain.payer]);
      expectError(closeAgain, "EpochNotOver");
      expect(big(w.config().epochStart)).to.equal(w.chain.now());
      expectOk(voteSlash(1, a.participant));
      expect(w.participant(a.participant).slashState).to.equal(0);
      // Votes of the closed epoch do not carry over: one vote in the new epoch registers nothing
      attest(a, [[0, true, 10_000, 0]]);
      expect(big(w.config().openWeight)).to.equal(0n);
    });

    it("set_slashing: only the admin, and a vote ttl above 0", () => {
      const stranger = w.jobs.funded(Keypair.generate());
      const before = w.chain.snapshot([stakingConfigKey()[0]]);
      expectError(slashing(DAY, stranger), "Unauthorized");
      expectError(slashing(0), "InvalidParams");
      expect(w.chain.snapshot([stakingConfigKey()[0]])).to.equal(before);
      expectOk(slashing(3_600));
      expect(w.config().slashVoteTtl).to.equal(3_600);
    });

    it("claims racing the close: a claim just before or just after close_epoch changes no epoch's pool and nobody's amount", () => {
      /** The staker claims once before (or after) epoch 2 closes, then everyone claims; returns the epoch's rate and each claimer's total. */
      const run = (claimFirst: boolean): bigint[] => {
        w = new StakingWorld();
        const a = w.node("race", 300, IO.muln(1_000));
        const s = w.wallet(IO.muln(300));
        expectOk(w.stake(s.wallet, s.io, a.participant, IO.muln(300)));
        expectOk(w.closeEpoch());
        expectOk(claim(s.wallet, a.participant, s.io));
        attest(a, [[0, true, 10_000, 0], [1, true, 10_000, 0]]);
        expectOk(w.closeEpoch());
        attest(a, [[0, true, 8_000, 0], [1, true, 8_000, 0]]); // settles epoch 1
        const total = new Map<string, bigint>();
        const take = (k: Keypair, to: PublicKey) => {
          const held = big(w.jobs.balance(to));
          const res = claim(k, a.participant, to);
          if (!res.ok) expectError(res, "NothingToClaim");
          total.set(k.publicKey.toBase58(), (total.get(k.publicKey.toBase58()) ?? 0n) + big(w.jobs.balance(to)) - held);
        };
        if (claimFirst) take(s.wallet, s.io);
        expectOk(w.closeEpoch());
        if (!claimFirst) take(s.wallet, s.io);
        take(a.owner, a.ownerIo);
        take(s.wallet, s.io);
        conserved();
        const e = decodeEpoch(w.chain.account(epochKey(2)[0])!);
        return [big(e.availabilityRate), total.get(s.wallet.publicKey.toBase58())!, total.get(a.owner.publicKey.toBase58())!];
      };
      expect(run(true)).to.deep.equal(run(false));
    });
  });
});
