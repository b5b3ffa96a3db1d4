/**
 * io_staking on the real .so files: emissions into epochs, availability by oracle quorum,
 * compute by io_jobs' computing points, stakers' shares, cooldowns, slashing; every base unit
 * of the emissions accounted for.
 */
import { expect } from "chai";
import BN from "bn.js";
import { Keypair, PublicKey } from "@solana/web3.js";
import {
  attestAvailabilityInstruction,
  attestUsageInstruction,
  claimInstruction,
  closeEpochInstruction,
  contestSlashInstruction,
  Currency,
  decodeEpoch,
  epochKey,
  executeSlashInstruction,
  jobKey,
  parseIoStakingEvents,
  pendingRewards,
  ParticipantKind,
  registerParticipantInstruction,
  resolveSlashInstruction,
  setRewardShareInstruction,
  settleJobsInstruction,
  syncPointsInstruction,
  unstakeInstruction,
  voteSlashInstruction,
  withdrawInstruction,
} from "../sdk/src";
import { expectError, expectOk } from "./harness";
import { IO } from "./jobs-world";
import { DAY, StakeNode, StakingWorld, STAKING_PARAMS } from "./staking-world";

const SCALE = 1_000_000_000n;
const BPS = 10_000n;
const big = (b: BN) => BigInt(b.toString());
/** ceil(a / b): what a settlement owes the stakers rounds up (docs/staking.md, "Rounding"). */
const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

describe("io_staking", () => {
  let w: StakingWorld;

  beforeEach(() => {
    w = new StakingWorld();
  });

  /** Votes [oracle, passed, reputation bps, hardware class the oracle measured (default 0)]. */
  const attest = (n: StakeNode, votes: [number, boolean, number, number?][]) => {
    const epoch = w.config().epoch;
    for (const [i, passed, reputationBps, hardwareClass = 0] of votes) {
      const oracle = w.jobs.oracles[i];
      const ix = attestAvailabilityInstruction({ oracle: oracle.publicKey, participant: n.participant, lastEpoch: w.lastEpoch(n.participant), epoch, passed, reputationBps, hardwareClass });
      expectOk(w.chain.send([ix], [oracle]));
    }
  };
  const claim = (staker: Keypair, participant: PublicKey, to: PublicKey, compound = false) =>
    w.chain.send([claimInstruction({ staker: staker.publicKey, participant, lastEpoch: w.lastEpoch(participant), to, compound })], [staker]);
  /** Claims and returns what arrived, after checking the SDK predicted it to the base unit. */
  const claimed = (staker: Keypair, participant: PublicKey, to: PublicKey): bigint => {
    const p = w.participant(participant);
    const epochAccount = w.chain.account(epochKey(p.regEpoch)[0]);
    const predicted = pendingRewards(p, w.position(participant, staker.publicKey), w.config(), epochAccount ? decodeEpoch(epochAccount) : null);
    const before = big(w.jobs.balance(to));
    expectOk(claim(staker, participant, to));
    const arrived = big(w.jobs.balance(to)) - before;
    expect(arrived).to.equal(big(predicted));
    return arrived;
  };
  /** Runs a 3-hour USDC job on the node to settlement: computing points in io_jobs. */
  const computeJob = (n: StakeNode) => {
    const user = w.jobs.user();
    const nonce = new BN(Math.floor(Math.random() * 1e9));
    expectOk(w.chain.send([w.jobs.openJobInstruction(user, nonce, 3, Currency.Usdc, { node: n.node })], [user.wallet]));
    const [job] = jobKey(user.wallet.publicKey, nonce);
    w.chain.warp(3 * 3_600); // usage is at most the hours begun since opening
    for (const o of w.jobs.oracles.slice(0, 2)) expectOk(w.chain.send([attestUsageInstruction({ oracle: o.publicKey, job, hours: 3 })], [o]));
    w.chain.warp(3_600);
    const settle = settleJobsInstruction({
      caller: w.chain.payer.publicKey,
      jobs: [{ job, node: n.node, user: user.wallet.publicKey, userToken: user.token[Currency.Usdc] }],
      ...w.jobs.money(Currency.Usdc),
    });
    expectOk(w.chain.send([settle], [w.chain.payer]));
    expectOk(w.chain.send([syncPointsInstruction({ participant: n.participant, node: n.node, lastEpoch: w.lastEpoch(n.participant) })], [w.chain.payer]));
  };

  /** The independent calculation: what `weight` and `points` earn in a closed epoch. */
  const reward = (epoch: number, weight: bigint, points: bigint): bigint => {
    const e = decodeEpoch(w.chain.account(epochKey(epoch)[0])!);
    return (weight * big(e.availabilityRate)) / SCALE + (points * big(e.computeRate)) / SCALE;
  };
  /** The pool rates an epoch should have, from the vault and the registrations. */
  const expectRates = (epoch: number, available: bigint, weight: bigint, points: bigint) => {
    const e = decodeEpoch(w.chain.account(epochKey(epoch)[0])!);
    const availability = (available * BigInt(STAKING_PARAMS.availabilityBps)) / BPS;
    expect(big(e.availabilityRate)).to.equal(weight ? (availability * SCALE) / weight : 0n);
    // The compute pool's rate, at most the governed cap (what it leaves carries forward)
    const computeRate = points ? ((available - availability) * SCALE) / points : 0n;
    const cap = big(STAKING_PARAMS.maxComputeRate);
    expect(big(e.computeRate)).to.equal(computeRate < cap ? computeRate : cap);
  };

  it("rewards over epochs match an independent calculation; claims in any order sum to the emissions", () => {
    // Epoch 0: three nodes. A (class 2, 1,000 IO own, 3% share), B (500 IO, 1%), C (50 IO: under the minimum)
    const a = w.node("node-a", 300, IO.muln(1_000), 2);
    const b = w.node("node-b", 100, IO.muln(500));
    const c = w.node("node-c", 300, IO.muln(50));
    // Stakers: S1 300 IO and S2 100 IO to A, S3 200 IO to B (earning from epoch 1)
    const [s1, s2, s3] = [w.wallet(IO.muln(300)), w.wallet(IO.muln(100)), w.wallet(IO.muln(200))];
    expectOk(w.stake(s1.wallet, s1.io, a.participant, IO.muln(300)));
    expectOk(w.stake(s2.wallet, s2.io, a.participant, IO.muln(100)));
    expectOk(w.stake(s3.wallet, s3.io, b.participant, IO.muln(200)));
    // The quorum sees A (measured class 2: x1.5) and B pass: A's figure is the 2nd highest vote
    // of 90% x 1.5 and 80% x 1.5; C passes but is under the minimum stake
    attest(a, [[0, true, 9_000, 2], [1, true, 8_000, 2]]);
    attest(b, [[0, true, 10_000], [2, true, 10_000]]);
    attest(c, [[0, true, 10_000], [1, true, 10_000]]);
    const weightA0 = (1_000n * 100_000_000n * 8_000n) / BPS * 15_000n / BPS; // class 2: x1.5
    const weightB0 = 500n * 100_000_000n;
    expect(big(w.config().openWeight)).to.equal(weightA0 + weightB0);
    expect(big(w.participant(c.participant).regWeight)).to.equal(0n);
    // A serves a job: its computing points register for the epoch
    computeJob(a);
    const pointsA0 = big(w.participant(a.participant).regPoints);
    expect(pointsA0 > 0n).to.equal(true);

    const vault0 = big(w.rewardsVaultBalance());
    expectOk(w.closeEpoch());
    const emitted0 = big(w.rewardsVaultBalance()) - vault0;
    expectRates(0, emitted0, weightA0 + weightB0, pointsA0);

    // Epoch 1: stakers activate with a claim of nothing; A's epoch 0 settles to A alone (no active stake then)
    expectOk(claim(s1.wallet, a.participant, s1.io));
    expectOk(claim(s2.wallet, a.participant, s2.io));
    expectOk(claim(s3.wallet, b.participant, s3.io));
    const rewardA0 = reward(0, weightA0, pointsA0);
    const rewardB0 = reward(0, weightB0, 0n);
    expect(big(w.participant(a.participant).claimable)).to.equal(rewardA0);
    // B raises its share to 2% mid-epoch: it applies from epoch 2 only
    expectOk(w.chain.send([setRewardShareInstruction({ authority: b.owner.publicKey, participant: b.participant, shareBps: 200 })], [b.owner]));
    // S2 unstakes: stake in cooldown earns nothing
    expectOk(w.chain.send([unstakeInstruction({ staker: s2.wallet.publicKey, participant: a.participant, lastEpoch: w.lastEpoch(a.participant), amount: IO.muln(100) })], [s2.wallet]));
    attest(a, [[1, true, 10_000, 2], [2, true, 10_000, 2]]);
    attest(b, [[0, true, 10_000], [1, true, 5_000]]);
    // A: own 1,000 + delegated 300 (at most its own stake), x1.5
    const weightA1 = (1_300n * 100_000_000n * 15_000n) / BPS;
    const weightB1 = (700n * 100_000_000n * 5_000n) / BPS;
    const vault1 = big(w.rewardsVaultBalance());
    const liabilities1 = big(w.config().liabilities);
    expectOk(w.closeEpoch());
    const emitted1 = big(w.rewardsVaultBalance()) - vault1;
    const available1 = big(w.rewardsVaultBalance()) - liabilities1;
    expectRates(1, available1, weightA1 + weightB1, 0n);

    // Epoch 2: everyone claims, in an order that skips around
    const rewardA1 = reward(1, weightA1, 0n);
    const rewardB1 = reward(1, weightB1, 0n);
    const perStakeA1 = ((rewardA1 * 300n) / BPS * SCALE) / (300n * 100_000_000n);
    const toStakersA1 = ceilDiv(300n * 100_000_000n * perStakeA1, SCALE);
    const perStakeB1 = ((rewardB1 * 100n) / BPS * SCALE) / (200n * 100_000_000n); // B's 1%: the change applies from epoch 2
    const toStakersB1 = ceilDiv(200n * 100_000_000n * perStakeB1, SCALE);
    const s1Expected = (300n * 100_000_000n * perStakeA1) / SCALE;
    const s3Expected = (200n * 100_000_000n * perStakeB1) / SCALE;
    expect(claimed(s3.wallet, b.participant, s3.io)).to.equal(s3Expected);
    expect(claimed(b.owner, b.participant, b.ownerIo)).to.equal(rewardB0 + rewardB1 - toStakersB1);
    expect(claimed(s1.wallet, a.participant, s1.io)).to.equal(s1Expected);
    expectError(claim(s2.wallet, a.participant, s2.io), "NothingToClaim");
    expect(claimed(a.owner, a.participant, a.ownerIo)).to.equal(rewardA0 + rewardA1 - toStakersA1);
    expectError(claim(c.owner, c.participant, c.ownerIo), "NothingToClaim");

    // Conservation: emitted = paid + still owed + carried, to the base unit; once every staker
    // has left, nothing is owed but rounding dust returned to the carried pool
    const cfg = w.config();
    expect(big(cfg.emitted)).to.equal(big(cfg.paid) + big(cfg.liabilities) + big(cfg.carried));
    expect(big(cfg.emitted)).to.equal(emitted0 + emitted1);
    for (const [s, p] of [[s1, a], [s3, b]] as const) {
      expectOk(w.chain.send([unstakeInstruction({ staker: s.wallet.publicKey, participant: p.participant, lastEpoch: w.lastEpoch(p.participant), amount: w.position(p.participant, s.wallet.publicKey).active })], [s.wallet]));
    }
    const end = w.config();
    expect(big(end.liabilities)).to.equal(0n);
    expect(big(end.emitted)).to.equal(big(end.paid) + big(end.carried));
    expect(big(w.rewardsVaultBalance())).to.equal(big(end.carried));
  });

  /** Two nodes, four stakers, two epochs; then everyone claims in `order`. Returns each claim. */
  const claimsInOrder = (order: number[]): bigint[] => {
    w = new StakingWorld();
    const nodes = [w.node("n0", 300, IO.muln(800), 1), w.node("n1", 150, IO.muln(300))];
    const stakers = [0, 1, 0, 1].map((n, i) => ({ ...w.wallet(IO.muln(50 * (i + 1))), node: nodes[n], amount: IO.muln(50 * (i + 1)) }));
    for (const s of stakers) expectOk(w.stake(s.wallet, s.io, s.node.participant, s.amount));
    for (let epoch = 0; epoch < 2; epoch++) {
      // From epoch 1 each staker's claim activates its stake (a claim of nothing)
      if (epoch > 0) for (const s of stakers) expectOk(claim(s.wallet, s.node.participant, s.io));
      attest(nodes[0], [[0, true, 10_000, 1], [1, true, 7_000, 1]]);
      attest(nodes[1], [[1, true, 9_000], [2, true, 9_000]]);
      expectOk(w.closeEpoch());
    }
    const claimers = [...stakers.map((s) => ({ wallet: s.wallet, io: s.io, participant: s.node.participant })), ...nodes.map((n) => ({ wallet: n.owner, io: n.ownerIo, participant: n.participant }))];
    const amounts = order.map((i) => claimed(claimers[i].wallet, claimers[i].participant, claimers[i].io));
    const cfg = w.config();
    expect(big(cfg.emitted)).to.equal(big(cfg.paid) + big(cfg.liabilities) + big(cfg.carried));
    // Everything assigned was claimed but rounding dust the stakers' accumulators still hold
    expect(big(cfg.liabilities) <= 10n).to.equal(true);
    return order.map((_, k) => amounts[order.indexOf(k)]);
  };

  it("claims in any order pay each claimer the same, and sum with the carried pool to the emissions", () => {
    const forward = claimsInOrder([0, 1, 2, 3, 4, 5]);
    const shuffled = claimsInOrder([5, 2, 0, 4, 3, 1]);
    expect(shuffled).to.deep.equal(forward);
    expect(forward.every((a) => a > 0n)).to.equal(true);
  });

  it("compounding re-stakes rewards: the operator's at once, a staker's from the next epoch", () => {
    const a = w.node("node-a", 300, IO.muln(1_000));
    const s = w.wallet(IO.muln(100));
    expectOk(w.stake(s.wallet, s.io, a.participant, IO.muln(100)));
    expectOk(w.closeEpoch());
    expectOk(claim(s.wallet, a.participant, s.io)); // activates
    attest(a, [[0, true, 10_000], [1, true, 10_000]]);
    expectOk(w.closeEpoch());
    const own = big(w.participant(a.participant).ownStake);
    expectOk(claim(a.owner, a.participant, a.ownerIo, true));
    const compounded = big(w.participant(a.participant).ownStake) - own;
    expect(compounded > 0n).to.equal(true);
    expectOk(claim(s.wallet, a.participant, s.io, true));
    const pos = w.position(a.participant, s.wallet.publicKey);
    expect(big(pos.pending) > 0n).to.equal(true);
    expect(pos.pendingEpoch).to.equal(w.config().epoch + 1);
    const cfg = w.config();
    expect(big(cfg.emitted)).to.equal(big(cfg.paid) + big(cfg.liabilities) + big(cfg.carried));
  });

  it("refuses a share out of bounds, a non-owner's node, an early withdrawal and a claim by a non-staker, changing nothing", () => {
    const a = w.node("node-a", 200, IO.muln(200));
    const stranger = w.wallet(IO.muln(10));
    const before = w.chain.snapshot([a.participant]);
    expectError(w.chain.send([setRewardShareInstruction({ authority: a.owner.publicKey, participant: a.participant, shareBps: 301 })], [a.owner]), "ShareOutOfBounds");
    expectError(w.chain.send([setRewardShareInstruction({ authority: stranger.wallet.publicKey, participant: a.participant, shareBps: 200 })], [stranger.wallet]), "Unauthorized");
    expect(w.chain.snapshot([a.participant])).to.equal(before);
    const other = w.node("node-b", 200, IO.muln(0));
    const reg = registerParticipantInstruction({ authority: stranger.wallet.publicKey, key: other.node, kind: ParticipantKind.Node, shareBps: 200 });
    expectError(w.chain.send([reg], [stranger.wallet]), "NotNodeOwner");
    const user = registerParticipantInstruction({ authority: stranger.wallet.publicKey, key: stranger.wallet.publicKey, kind: ParticipantKind.User, shareBps: 99 });
    expectError(w.chain.send([user], [stranger.wallet]), "ShareOutOfBounds");
    const userOk = registerParticipantInstruction({ authority: stranger.wallet.publicKey, key: stranger.wallet.publicKey, kind: ParticipantKind.User, shareBps: 100 });
    expectOk(w.chain.send([userOk], [stranger.wallet]));
    // Early withdrawal
    expectOk(w.chain.send([unstakeInstruction({ staker: a.owner.publicKey, participant: a.participant, lastEpoch: w.lastEpoch(a.participant), amount: IO.muln(50) })], [a.owner]));
    const withdraw = withdrawInstruction({ staker: a.owner.publicKey, participant: a.participant, stakerIo: a.ownerIo });
    expectError(w.chain.send([withdraw], [a.owner]), "CooldownActive");
    w.chain.warp(2 * DAY);
    const io = big(w.jobs.balance(a.ownerIo));
    expectOk(w.chain.send([withdraw], [a.owner]));
    expect(big(w.jobs.balance(a.ownerIo)) - io).to.equal(50n * 100_000_000n);
    // A claim by someone with no position here
    expectError(claim(stranger.wallet, a.participant, stranger.io), "InvalidPosition");
    // A delegation under 1 IO, or an unstake leaving less than 1 IO in a position
    expectError(w.stake(stranger.wallet, stranger.io, a.participant, new BN(99_999_999)), "MinimumStake");
    expectOk(w.stake(stranger.wallet, stranger.io, a.participant, IO.muln(2)));
    expectOk(w.closeEpoch());
    expectOk(claim(stranger.wallet, a.participant, stranger.io)); // activates
    const leave = (amount: BN) => unstakeInstruction({ staker: stranger.wallet.publicKey, participant: a.participant, lastEpoch: w.lastEpoch(a.participant), amount });
    expectError(w.chain.send([leave(IO.muln(2).subn(1))], [stranger.wallet]), "MinimumStake");
    expectOk(w.chain.send([leave(IO.muln(2))], [stranger.wallet]));
  });

  it("availability needs a quorum of passing votes: one oracle, or a pass and a fail, register nothing", () => {
    // (the figure is the quorum-th highest vote, a fail voting 0)
    const a = w.node("node-a", 200, IO.muln(200));
    attest(a, [[0, true, 10_000]]);
    expect(big(w.participant(a.participant).regWeight)).to.equal(0n);
    attest(a, [[1, false, 10_000]]);
    expect(big(w.participant(a.participant).regWeight)).to.equal(0n);
    expect(big(w.config().openWeight)).to.equal(0n);
    const oracle = w.jobs.oracles[0];
    const again = attestAvailabilityInstruction({ oracle: oracle.publicKey, participant: a.participant, lastEpoch: w.lastEpoch(a.participant), epoch: 0, passed: true, reputationBps: 10_000, hardwareClass: 0 });
    expectError(w.chain.send([again], [oracle]), "AlreadyAttested");
    const stale = attestAvailabilityInstruction({ oracle: oracle.publicKey, participant: a.participant, lastEpoch: w.lastEpoch(a.participant), epoch: 1, passed: true, reputationBps: 10_000, hardwareClass: 0 });
    expectError(w.chain.send([stale], [oracle]), "WrongEpoch");
    // The third oracle's pass makes two passes of three votes: the node registers
    attest(a, [[2, true, 6_000]]);
    expect(big(w.participant(a.participant).regWeight)).to.equal((200n * 100_000_000n * 6_000n) / BPS);
  });

  it("slashing needs a quorum, waits out the contest window, and burns the operator's own stake only", () => {
    const a = w.node("node-a", 200, IO.muln(1_000));
    const s = w.wallet(IO.muln(100));
    expectOk(w.stake(s.wallet, s.io, a.participant, IO.muln(100)));
    const vote = (i: number) => w.chain.send([voteSlashInstruction({ oracle: w.jobs.oracles[i].publicKey, participant: a.participant, reason: 1 })], [w.jobs.oracles[i]]);
    const execute = () => w.chain.send([executeSlashInstruction({ participant: a.participant, operator: a.owner.publicKey })], [w.chain.payer]);
    expectOk(vote(0));
    const watched = [a.participant];
    const before = w.chain.snapshot(watched);
    expectError(vote(0), "AlreadyAttested");
    expectError(execute(), "NoSlash"); // one vote of a quorum of two
    expect(w.chain.snapshot(watched)).to.equal(before);
    const stranger = Keypair.generate();
    w.jobs.funded(stranger);
    expectError(w.chain.send([voteSlashInstruction({ oracle: stranger.publicKey, participant: a.participant, reason: 1 })], [stranger]), "NotOracle");
    expectOk(vote(1));
    expect(w.participant(a.participant).slashState).to.equal(1);
    expectError(execute(), "SlashWindowOpen");
    // The operator cannot run with its own stake while the slash is pending
    expectError(w.chain.send([unstakeInstruction({ staker: a.owner.publicKey, participant: a.participant, lastEpoch: w.lastEpoch(a.participant), amount: IO })], [a.owner]), "SlashPending");
    // It contests; the admin upholds; the slash burns half its own stake, never the staker's
    expectOk(w.chain.send([contestSlashInstruction({ authority: a.owner.publicKey, participant: a.participant })], [a.owner]));
    expectError(execute(), "SlashContested");
    const nobody = w.chain.send([resolveSlashInstruction({ caller: a.owner.publicKey, participant: a.participant, uphold: true })], [a.owner]);
    expectError(nobody, "Unauthorized");
    expectOk(w.chain.send([resolveSlashInstruction({ caller: w.jobs.admin.publicKey, participant: a.participant, uphold: true })], [w.jobs.admin]));
    const res = expectOk(execute());
    const update = parseIoStakingEvents(res.logs).find((e) => e.name === "slashUpdate")!;
    expect((update.data.amount as BN).toString()).to.equal(IO.muln(500).toString());
    expect(w.participant(a.participant).ownStake.toString()).to.equal(IO.muln(500).toString());
    expect(w.position(a.participant, s.wallet.publicKey).pending.toString()).to.equal(IO.muln(100).toString());
    // Without a contest, the slash executes once the window has passed
    expectOk(vote(0));
    expectOk(vote(2));
    w.chain.warp(DAY);
    expectError(w.chain.send([contestSlashInstruction({ authority: a.owner.publicKey, participant: a.participant })], [a.owner]), "SlashWindowClosed");
    expectOk(execute());
    expect(w.participant(a.participant).ownStake.toString()).to.equal(IO.muln(250).toString());
  });

  it("an epoch closes once, after its length; an epoch nobody qualified for carries its rewards forward", () => {
    const epoch = w.config().epoch;
    const close = () => w.chain.send([closeEpochInstruction({ payer: w.chain.payer.publicKey, epoch })], [w.chain.payer]);
    expectError(close(), "EpochNotOver");
    expectOk(w.closeEpoch());
    expectError(close(), "WrongEpoch");
    const cfg = w.config();
    expect(cfg.epoch).to.equal(epoch + 1);
    // Nobody registered: everything the crank minted is carried, nothing is owed
    expect(big(cfg.liabilities)).to.equal(0n);
    expect(big(cfg.carried)).to.equal(big(w.rewardsVaultBalance()));
    expect(big(cfg.emitted)).to.equal(big(cfg.carried));
  });
});
