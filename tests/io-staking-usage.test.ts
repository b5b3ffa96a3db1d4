/**
 * Usage rewards for teams (issue 18, slice 4; docs/demand-side.md, "Usage rewards for teams"), on
 * the real .so files: io_jobs' settle_jobs adds the USD each settled job paid to the user's profile
 * (`paid_usd`); `sync_usage` (anyone) registers what is new as the user participant's usage;
 * `close_epoch` carves `usage_bps` of the compute pool into a usage pool paid pro rata to usage at
 * most `max_usage_rate`; a user's registration settles at the usage rate. The attacks next to it:
 * jobs that never settled, a profile that is not the user's (another user's, a Node, a copy owned by
 * another program), a node participant, a stranger setting the terms, hoarded usage in a thin epoch,
 * and wash trading between one's own user and node.
 */
import { expect } from "chai";
import BN from "bn.js";
import { createHash } from "crypto";
import { Keypair, PublicKey } from "@solana/web3.js";
import {
  attestUsageInstruction,
  cancelJobInstruction,
  claimEarningsInstruction,
  claimInstruction,
  Currency,
  decodeEpoch,
  decodeJob,
  decodeNode,
  decodePriceFeed,
  decodeUserProfile,
  DEFAULT_USAGE_PARAMS,
  endJobInstruction,
  epochKey,
  IO_STAKING_PROGRAM_ID,
  jobKey,
  MAX_USAGE_RATE,
  nodeKey,
  parseIoStakingEvents,
  ParticipantKind,
  participantKey,
  positionKey,
  priceFeedKey,
  proveStakingReservesInstruction,
  refundUnstartedInstruction,
  registerNodeInstruction,
  registerParticipantInstruction,
  setUsageParamsInstruction,
  settleJobFromState,
  settleJobsInstruction,
  stakingConfigKey,
  syncPointsInstruction,
  syncUsageInstruction,
  usageRateCap,
  usageRewardsOf,
  userProfileKey,
} from "../sdk/src";
import { expectError, expectOk } from "./harness";
import { IO, NODE_TERMS, User } from "./jobs-world";
import { StakingWorld } from "./staking-world";

const HOUR = 3_600;
const SCALE = new BN(1_000_000_000);
const BPS = 10_000;

describe("io_staking usage rewards for teams (sync_usage, set_usage_params, the usage pool at close_epoch)", () => {
  let w: StakingWorld;
  let nonce = 0;

  beforeEach(() => {
    w = new StakingWorld();
  });

  const admin = () => w.jobs.admin;
  const setUsage = (usageBps: number, maxUsageRate: BN, signer = admin()) =>
    w.chain.send([setUsageParamsInstruction({ admin: signer.publicKey, usageBps, maxUsageRate })], [signer]);
  /** A jobs user (USDC, IO) that registered as a user participant (kind 1). */
  const teamUser = (wallet = Keypair.generate()): User & { participant: PublicKey } => {
    const u = w.jobs.user(wallet);
    expectOk(w.chain.send([registerParticipantInstruction({ authority: u.wallet.publicKey, key: u.wallet.publicKey, kind: ParticipantKind.User, shareBps: 200 })], [u.wallet]));
    return { ...u, participant: participantKey(u.wallet.publicKey)[0] };
  };
  const open = (u: User, hours = 10, node = w.jobs.node): PublicKey => {
    const n = new BN(nonce++);
    expectOk(w.chain.send([w.jobs.openJobInstruction(u, n, hours, Currency.Usdc, { node })], [u.wallet]));
    return jobKey(u.wallet.publicKey, n)[0];
  };
  /** Serves `hours` of the job (a quorum attests them), ends it, waits out the challenge window and settles it. */
  const serveAndSettle = (u: User, job: PublicKey, hours: number, node = w.jobs.node) => {
    w.chain.warp(hours * HOUR);
    for (const o of w.jobs.oracles.slice(0, w.jobs.quorum)) expectOk(w.chain.send([attestUsageInstruction({ oracle: o.publicKey, job, hours })], [o]));
    expectOk(w.chain.send([endJobInstruction({ caller: u.wallet.publicKey, job, node })], [u.wallet]));
    w.chain.warp(HOUR + 1);
    const entry = settleJobFromState(job, decodeJob(w.chain.account(job)!), u.token[Currency.Usdc]);
    return expectOk(w.chain.send([settleJobsInstruction({ caller: w.chain.payer.publicKey, jobs: [entry], ...w.jobs.money(Currency.Usdc) })], [w.chain.payer]));
  };
  const paidUsd = (user: PublicKey): BN => {
    const info = w.chain.account(userProfileKey(user)[0]);
    return info ? decodeUserProfile(info).paidUsd : new BN(0);
  };
  /** sync_usage for `user`, sent and paid by `caller` (anyone). */
  const sync = (user: PublicKey, caller = w.chain.payer, profile?: PublicKey) =>
    w.chain.send([syncUsageInstruction({ user, lastEpoch: w.lastEpoch(participantKey(user)[0]), profile })], [caller]);
  const closeEpoch = () => {
    const res = expectOk(w.closeEpoch());
    const closed = parseIoStakingEvents(res.logs).find((e) => e.name === "epochClosed");
    return { res, closed: closed!.data as Record<string, BN> };
  };
  const epoch = (index: number) => decodeEpoch(w.chain.account(epochKey(index)[0])!);
  /** The books: emitted = paid + liabilities + carried to the base unit, and the rewards vault covers what it owes. */
  const checkBooks = () => {
    const c = w.config();
    expect(c.emitted.toString()).to.equal(c.paid.add(c.liabilities).add(c.carried).toString());
    expect(w.rewardsVaultBalance().gte(c.liabilities.add(c.carried))).to.equal(true);
    expectOk(w.chain.send([proveStakingReservesInstruction()], [w.chain.payer]));
  };
  /** The usage pool and rate of a close, computed independently from what it saw (EpochClosed.rewards = available). */
  const expectedUsage = (available: BN, usage: BN) => {
    const c = w.config();
    const availability = available.muln(c.availabilityBps).divn(BPS);
    const pool = available.sub(availability).muln(c.usageBps).divn(BPS);
    const rate = usage.isZero() ? new BN(0) : BN.min(pool.mul(SCALE).div(usage), c.maxUsageRate);
    return { pool, rate };
  };
  /** The user stakes 1 IO to itself (a participant's rewards are claimed through its own position) and claims to its IO account. */
  const claimOwn = (u: User & { participant: PublicKey }) => {
    if (!w.chain.account(positionKey(u.participant, u.wallet.publicKey)[0])) expectOk(w.stake(u.wallet, u.token[Currency.Io], u.participant, IO));
    const before = w.jobs.balance(u.token[Currency.Io]);
    expectOk(
      w.chain.send([claimInstruction({ staker: u.wallet.publicKey, participant: u.participant, lastEpoch: w.lastEpoch(u.participant), to: u.token[Currency.Io] })], [u.wallet]),
    );
    return w.jobs.balance(u.token[Currency.Io]).sub(before);
  };

  it("two users' settled jobs earn the usage pool pro rata to the USD they paid; re-syncing registers 0; anyone syncs", () => {
    // Given usage at 1 bps of the compute pool and two users of an $80/h node (enough USD that the
    // pool, not the cap of 0.01 IO per $1, sets the rate)
    expectOk(setUsage(1, MAX_USAGE_RATE));
    const a = teamUser();
    const b = teamUser();
    const owner = w.chain.wallet();
    const deviceId = createHash("sha256").update("usage-80-node").digest();
    expectOk(w.chain.send([registerNodeInstruction({ owner: owner.publicKey, deviceId, ...NODE_TERMS, pricePerHour: new BN(80_000_000) })], [owner]));
    const [node] = nodeKey(owner.publicKey, deviceId);
    // When A settles 4 h ($320) and B 10 h ($800)
    serveAndSettle(a, open(a, 4, node), 4, node);
    serveAndSettle(b, open(b, 10, node), 10, node);
    expect([paidUsd(a.wallet.publicKey).toNumber(), paidUsd(b.wallet.publicKey).toNumber()]).to.deep.equal([320_000_000, 800_000_000]);
    // and a stranger syncs A's usage, B syncs its own
    const stranger = w.chain.wallet();
    const res = expectOk(sync(a.wallet.publicKey, stranger));
    const reg = parseIoStakingEvents(res.logs).find((e) => e.name === "registered")!.data as Record<string, BN>;
    expect(reg.points.toString()).to.equal("320000000");
    expectOk(sync(b.wallet.publicKey, b.wallet));
    // Then the open epoch holds their usage (not computing points), and a second sync registers nothing
    const before = w.chain.snapshot([stakingConfigKey()[0], a.participant]);
    const again = expectOk(sync(a.wallet.publicKey));
    expect(parseIoStakingEvents(again.logs).filter((e) => e.name === "registered")).to.have.length(0);
    expect(w.chain.snapshot([stakingConfigKey()[0], a.participant])).to.equal(before);
    const c = w.config();
    expect([c.openUsage.toString(), c.openPoints.toString()]).to.deep.equal(["1120000000", "0"]);
    expect(w.participant(a.participant).pointsSynced.toString()).to.equal("320000000");
    // When the epoch closes
    const index = c.epoch;
    const { closed } = closeEpoch();
    const { pool, rate } = expectedUsage(closed.rewards, new BN(1_120_000_000));
    const e = epoch(index);
    expect(rate.lt(MAX_USAGE_RATE)).to.equal(true); // the pool's own rate
    expect([e.usageRate.toString(), e.usage.toString()]).to.deep.equal([rate.toString(), "1120000000"]);
    const earnA = new BN(320_000_000).mul(rate).div(SCALE);
    const earnB = new BN(800_000_000).mul(rate).div(SCALE);
    expect(closed.usage.toString()).to.equal(new BN(1_120_000_000).mul(rate).div(SCALE).toString());
    expect(closed.usage.lte(pool)).to.equal(true);
    expect(w.config().openUsage.toString()).to.equal("0");
    // Then each earns its USD's share: what the SDK predicts, what the claim pays, pro rata to 320 : 800 (8 : 20)
    const view = usageRewardsOf(a.wallet.publicKey, w.participant(a.participant), { paidUsd: paidUsd(a.wallet.publicKey) }, w.config(), e);
    expect(view.settles!.toString()).to.equal(earnA.toString());
    expect(claimOwn(a).toString()).to.equal(earnA.toString());
    expect(claimOwn(b).toString()).to.equal(earnB.toString());
    expect(earnA.muln(20).sub(earnB.muln(8)).abs().ltn(20)).to.equal(true);
    checkBooks();
  });

  it("an open, a cancelled and an unstarted (refunded) job earn nothing; only the settled hours count", () => {
    expectOk(setUsage(1, MAX_USAGE_RATE));
    // Given three users whose jobs never settle: one still open and running, one cancelled, one never started
    const [running, cancelled, unstarted] = [teamUser(), teamUser(), teamUser()];
    open(running);
    w.chain.warp(2 * HOUR);
    const jc = open(cancelled);
    expectOk(w.chain.send([cancelJobInstruction({ job: jc, node: w.jobs.node, user: cancelled.wallet.publicKey, userToken: cancelled.token[Currency.Usdc], ...w.jobs.money(Currency.Usdc) })], [cancelled.wallet]));
    const ju = open(unstarted);
    w.chain.warp(HOUR);
    expectOk(w.chain.send([refundUnstartedInstruction({ caller: w.chain.payer.publicKey, job: ju, node: w.jobs.node, user: unstarted.wallet.publicKey, userToken: unstarted.token[Currency.Usdc], ...w.jobs.money(Currency.Usdc) })], [w.chain.payer]));
    // When each syncs
    for (const u of [running, cancelled, unstarted]) {
      expect(paidUsd(u.wallet.publicKey).toString()).to.equal("0");
      const res = expectOk(sync(u.wallet.publicKey));
      expect(parseIoStakingEvents(res.logs).filter((e) => e.name === "registered")).to.have.length(0);
    }
    // Then nothing is registered and, after the close, nothing settles for them
    expect(w.config().openUsage.toString()).to.equal("0");
    const index = w.config().epoch;
    closeEpoch();
    expect(epoch(index).usageRate.toString()).to.equal("0");
    for (const u of [running, cancelled, unstarted]) {
      expectOk(sync(u.wallet.publicKey));
      const p = w.participant(u.participant);
      expect([p.regPoints.toString(), p.claimable.toString(), p.pointsSynced.toString()]).to.deep.equal(["0", "0", "0"]);
    }
    checkBooks();
  });

  it("a thin epoch: hoarded usage synced at once earns the cap per USD, never the pool; the rest carries, the books hold to the base unit", () => {
    // Given the documented defaults (10% of the compute pool, at most 0.005 IO per $1) and a user that
    // settled two jobs over time without syncing ($8 + $20), alone in its epoch
    expectOk(setUsage(DEFAULT_USAGE_PARAMS.usageBps, DEFAULT_USAGE_PARAMS.maxUsageRate));
    const u = teamUser();
    serveAndSettle(u, open(u), 4);
    closeEpoch();
    serveAndSettle(u, open(u), 10);
    // When it syncs everything at once and the epoch closes
    expectOk(sync(u.wallet.publicKey));
    expect(w.participant(u.participant).regPoints.toString()).to.equal("28000000");
    const carriedBefore = w.config().carried;
    const index = w.config().epoch;
    const { closed } = closeEpoch();
    // Then the cap binds: $28 earns 28e6 x cap / 1e9 (0.14 IO), far below the usage pool, and the
    // rest of that pool carries with the other remainders
    const { pool, rate } = expectedUsage(closed.rewards, new BN(28_000_000));
    expect(rate.toString()).to.equal(DEFAULT_USAGE_PARAMS.maxUsageRate.toString());
    expect(epoch(index).usageRate.toString()).to.equal(rate.toString());
    const earned = new BN(28_000_000).mul(rate).div(SCALE);
    expect(earned.toString()).to.equal("14000000");
    expect(pool.gt(earned.muln(1_000))).to.equal(true);
    expect(closed.usage.toString()).to.equal(earned.toString());
    expect(closed.carried.add(closed.availability).add(closed.compute).add(closed.usage).toString()).to.equal(closed.rewards.toString());
    expect(closed.carried.gt(carriedBefore)).to.equal(true);
    // and the claim pays exactly that; the books hold to the base unit and the vault covers them
    expect(claimOwn(u).toString()).to.equal(earned.toString());
    checkBooks();
  });

  it("a profile that is not the participant's user's (another user's, a Node, a copy owned by another program) and a node participant are refused, state unchanged", () => {
    expectOk(setUsage(1, MAX_USAGE_RATE));
    const a = teamUser();
    const b = teamUser();
    serveAndSettle(a, open(a), 4);
    serveAndSettle(b, open(b), 10);
    const n = w.node("usage-node", 200, IO.muln(100));
    const watched = [stakingConfigKey()[0], a.participant, b.participant, n.participant];
    const before = w.chain.snapshot(watched);
    // B's profile for A, io_jobs' Node, a random key
    expectError(sync(a.wallet.publicKey, w.chain.payer, userProfileKey(b.wallet.publicKey)[0]), "InvalidProfile");
    expectError(sync(a.wallet.publicKey, w.chain.payer, w.jobs.node), "InvalidProfile");
    expectError(sync(a.wallet.publicKey, w.chain.payer, Keypair.generate().publicKey), "InvalidProfile");
    // A byte-for-byte copy of A's profile owned by another program (io_staking itself), and one owned by
    // io_jobs at another address
    const copy = w.chain.account(userProfileKey(a.wallet.publicKey)[0])!;
    const fake = Keypair.generate().publicKey;
    w.chain.setAccount(fake, { data: Buffer.from(copy.data), owner: IO_STAKING_PROGRAM_ID });
    expectError(sync(a.wallet.publicKey, w.chain.payer, fake), "InvalidProfile");
    const forged = Keypair.generate().publicKey;
    w.chain.setAccount(forged, { data: Buffer.from(copy.data), owner: copy.owner });
    expectError(sync(a.wallet.publicKey, w.chain.payer, forged), "InvalidProfile");
    // A node participant cannot sync usage, even with a real profile
    const ix = syncUsageInstruction({ user: a.wallet.publicKey, lastEpoch: w.lastEpoch(n.participant) });
    ix.keys[1].pubkey = n.participant;
    expectError(w.chain.send([ix], [w.chain.payer]), "NotAUser");
    expect(w.chain.snapshot(watched)).to.equal(before);
    // The real profile still works afterwards
    expectOk(sync(a.wallet.publicKey));
    expect(w.participant(a.participant).regPoints.toString()).to.equal("8000000");
  });

  it("set_usage_params: admin only, usage_bps at most 3,000 and max_usage_rate at most 1e9; refusals leave the config unchanged", () => {
    const config = stakingConfigKey()[0];
    const before = w.chain.snapshot([config]);
    // initialize leaves usage off
    expect([w.config().usageBps, w.config().maxUsageRate.toString()]).to.deep.equal([0, "0"]);
    expectError(setUsage(1_000, usageRateCap("0.005"), w.chain.wallet()), "Unauthorized");
    expectError(setUsage(3_001, usageRateCap("0.005")), "InvalidUsageParams");
    expectError(setUsage(1_000, MAX_USAGE_RATE.addn(1)), "InvalidUsageParams");
    expect(w.chain.snapshot([config])).to.equal(before);
    expectOk(setUsage(3_000, MAX_USAGE_RATE));
    expect([w.config().usageBps, w.config().maxUsageRate.toString()]).to.deep.equal([3_000, MAX_USAGE_RATE.toString()]);
    expectOk(setUsage(0, new BN(0)));
    expect([w.config().usageBps, w.config().maxUsageRate.toString()]).to.deep.equal([0, "0"]);
  });

  it("usage_bps 0: a node's compute rewards are today's figures, and a user's usage is not synced (UsageOff) so it earns later", () => {
    // Given a node participant whose computing points come from a user's settled job; the user's
    // sync is refused while usage is off (review 18u, finding 2), state unchanged
    const n = w.node("compute-node", 200, IO.muln(100));
    const u = teamUser();
    serveAndSettle(u, open(u, 10, n.node), 10, n.node);
    expectOk(w.chain.send([syncPointsInstruction({ participant: n.participant, node: n.node, lastEpoch: w.lastEpoch(n.participant) })], [w.chain.payer]));
    const unsynced = w.chain.snapshot([stakingConfigKey()[0], u.participant]);
    expectError(sync(u.wallet.publicKey), "UsageOff");
    expect(w.chain.snapshot([stakingConfigKey()[0], u.participant])).to.equal(unsynced);
    const points = w.config().openPoints;
    expect(points.toString()).to.equal(decodeNode(w.chain.account(n.node)!).computingPoints.toString());
    // When the epoch closes with usage off
    const index = w.config().epoch;
    const { closed } = closeEpoch();
    // Then the compute rate is the one without usage: min(floor(compute x 1e9 / points), cap), and usage gets 0
    const c = w.config();
    const compute = closed.rewards.sub(closed.rewards.muln(c.availabilityBps).divn(BPS));
    const rate = BN.min(compute.mul(SCALE).div(points), c.maxComputeRate);
    const e = epoch(index);
    expect([e.computeRate.toString(), e.usageRate.toString(), closed.usage.toString()]).to.deep.equal([rate.toString(), "0", "0"]);
    expect(closed.compute.toString()).to.equal(points.mul(rate).div(SCALE).toString());
    expectError(sync(u.wallet.publicKey), "UsageOff");
    expect(w.participant(u.participant).claimable.toString()).to.equal("0");
    expect(w.participant(u.participant).pointsSynced.toString()).to.equal("0");
    checkBooks();
  });

  it("wash trading: a user paying its own node gets back less than it paid, usage rewards at the default cap included (at the oracle's price)", () => {
    // Given the default usage terms and Alice, who owns a node that keeps the whole pay in USD (no token
    // share: no computing points) and is a user participant with 1 IO of her own stake
    expectOk(setUsage(DEFAULT_USAGE_PARAMS.usageBps, DEFAULT_USAGE_PARAMS.maxUsageRate));
    const alice = teamUser();
    const deviceId = createHash("sha256").update("alice-own-node").digest();
    expectOk(w.chain.send([registerNodeInstruction({ owner: alice.wallet.publicKey, deviceId, ...NODE_TERMS, usdShareBps: 10_000 })], [alice.wallet]));
    const [node] = nodeKey(alice.wallet.publicKey, deviceId);
    expectOk(w.stake(alice.wallet, alice.token[Currency.Io], alice.participant, IO));
    const usdc = alice.token[Currency.Usdc];
    const ioBefore = w.jobs.balance(alice.token[Currency.Io]);
    const usdcBefore = w.jobs.balance(usdc);
    // When she pays her own node for three 10 h jobs ($60), claims the supplier pay, syncs, and claims the usage rewards
    for (let i = 0; i < 3; i++) serveAndSettle(alice, open(alice, 10, node), 10, node);
    expectOk(w.chain.send([claimEarningsInstruction({ owner: alice.wallet.publicKey, node, to: usdc, ...w.jobs.money(Currency.Usdc) })], [alice.wallet]));
    expect(decodeNode(w.chain.account(node)!).computingPoints.toString()).to.equal("0");
    expectOk(sync(alice.wallet.publicKey));
    closeEpoch();
    const usageIo = claimOwn(alice);
    expect(w.jobs.balance(alice.token[Currency.Io]).sub(ioBefore).toString()).to.equal(usageIo.toString());
    // Then in USD at the oracle's price (8 decimals), the usage rewards are at most $60 x cap, and
    // below the USD she lost (network fee, supplier fee and facilitation fee, never returned)
    const lostUsd = usdcBefore.sub(w.jobs.balance(usdc));
    const price = decodePriceFeed(w.chain.account(priceFeedKey()[0])!).price;
    const usageUsd = usageIo.mul(price).div(new BN(10).pow(new BN(10))); // base units x (USD 1e-8 per IO) / 1e8 / 1e2
    expect(usageIo.toString()).to.equal(new BN(60_000_000).mul(DEFAULT_USAGE_PARAMS.maxUsageRate).div(SCALE).toString());
    expect(lostUsd.gtn(0) && usageUsd.lt(lostUsd)).to.equal(true);
    // and even against the network fee alone at the largest discount (2.5% of $60 = $1.50) the rewards are smaller
    expect(usageUsd.lt(new BN(1_500_000))).to.equal(true);
    checkBooks();
  });
});
