/**
 * Review 18u (issue 18): usage rewards for teams reviewed as an attacker, on the real .so files.
 *
 * Finding 1 (wash trading at the governance bounds): `set_usage_params` accepted a usage-rate cap of
 * up to 1e12, 10 IO per $1 of usage. Per dollar a user pays its own node (USD share 100%: no token
 * share, no computing points), what it cannot get back is the network fee (5%; at most half of it
 * off at the best discount tier, and at most half of what is left back to a referrer it controls,
 * so 1.25% at least), the facilitation fee (2%) and the supplier fee (2% of the USD share, 1.9%; at
 * most half of it back to a supplier referrer it controls, so 0.95% at least): about 4.2% of the
 * dollar. At 10 IO per $1 that pays for any IO price above about $0.004: at the oracle's $2, $60 of
 * self-paid jobs took 600 IO of a thin epoch's usage pool, every epoch, for about $2.52 of fees.
 *
 * Finding 2 (anyone burns a user's usage while usage rewards are off): `sync_usage` needs no
 * signer and registered a user's whole unsynced `paid_usd` even while `usage_bps` or
 * `max_usage_rate` was 0 (usage is off from `initialize` until governance turns it on): the epoch
 * then closed at a usage rate of 0, the registration settled for nothing and `points_synced` had
 * moved past it, so a stranger could erase every team's history (the docs' "a team does not lose its
 * history by registering late") before usage rewards ever started, or during a pause.
 */
import { expect } from "chai";
import BN from "bn.js";
import { createHash } from "crypto";
import { Keypair, PublicKey } from "@solana/web3.js";
import {
  attestUsageInstruction,
  claimEarningsInstruction,
  claimInstruction,
  Currency,
  decodeJob,
  decodeJobsConfig,
  decodeNode,
  decodePriceFeed,
  endJobInstruction,
  jobKey,
  jobsConfigKey,
  MAX_USAGE_BPS,
  MAX_USAGE_RATE,
  nodeKey,
  ParticipantKind,
  participantKey,
  positionKey,
  priceFeedKey,
  registerNodeInstruction,
  registerParticipantInstruction,
  setUsageParamsInstruction,
  settleJobFromState,
  settleJobsInstruction,
  stakingConfigKey,
  syncUsageInstruction,
  usageRateCap,
} from "../sdk/src";
import { expectError, expectOk } from "./harness";
import { IO, NODE_TERMS, User } from "./jobs-world";
import { StakingWorld } from "./staking-world";

const HOUR = 3_600;
const BPS = 10_000;
/** io_jobs' largest discount off the network fee and the largest referral share of it (both at most half). */
const MAX_DISCOUNT_BPS = 5_000;
const MAX_REFERRAL_BPS = 5_000;

describe("review 18u: usage rewards for teams as an attacker", () => {
  let w: StakingWorld;
  let nonce = 0;

  beforeEach(() => {
    w = new StakingWorld();
  });

  const admin = () => w.jobs.admin;
  const setUsage = (usageBps: number, maxUsageRate: BN, signer = admin()) =>
    w.chain.send([setUsageParamsInstruction({ admin: signer.publicKey, usageBps, maxUsageRate })], [signer]);
  const teamUser = (wallet = Keypair.generate()): User & { participant: PublicKey } => {
    const u = w.jobs.user(wallet);
    expectOk(w.chain.send([registerParticipantInstruction({ authority: u.wallet.publicKey, key: u.wallet.publicKey, kind: ParticipantKind.User, shareBps: 200 })], [u.wallet]));
    return { ...u, participant: participantKey(u.wallet.publicKey)[0] };
  };
  const open = (u: User, hours: number, node: PublicKey): PublicKey => {
    const n = new BN(nonce++);
    expectOk(w.chain.send([w.jobs.openJobInstruction(u, n, hours, Currency.Usdc, { node })], [u.wallet]));
    return jobKey(u.wallet.publicKey, n)[0];
  };
  const serveAndSettle = (u: User, job: PublicKey, hours: number, node: PublicKey) => {
    w.chain.warp(hours * HOUR);
    for (const o of w.jobs.oracles.slice(0, w.jobs.quorum)) expectOk(w.chain.send([attestUsageInstruction({ oracle: o.publicKey, job, hours })], [o]));
    expectOk(w.chain.send([endJobInstruction({ caller: u.wallet.publicKey, job, node })], [u.wallet]));
    w.chain.warp(HOUR + 1);
    const entry = settleJobFromState(job, decodeJob(w.chain.account(job)!), u.token[Currency.Usdc]);
    expectOk(w.chain.send([settleJobsInstruction({ caller: w.chain.payer.publicKey, jobs: [entry], ...w.jobs.money(Currency.Usdc) })], [w.chain.payer]));
  };
  const sync = (user: PublicKey) =>
    w.chain.send([syncUsageInstruction({ user, lastEpoch: w.lastEpoch(participantKey(user)[0]) })], [w.chain.payer]);
  const claimOwn = (u: User & { participant: PublicKey }) => {
    if (!w.chain.account(positionKey(u.participant, u.wallet.publicKey)[0])) expectOk(w.stake(u.wallet, u.token[Currency.Io], u.participant, IO));
    const before = w.jobs.balance(u.token[Currency.Io]);
    expectOk(
      w.chain.send([claimInstruction({ staker: u.wallet.publicKey, participant: u.participant, lastEpoch: w.lastEpoch(u.participant), to: u.token[Currency.Io] })], [u.wallet]),
    );
    return w.jobs.balance(u.token[Currency.Io]).sub(before);
  };
  const checkBooks = () => {
    const c = w.config();
    expect(c.emitted.toString()).to.equal(c.paid.add(c.liabilities).add(c.carried).toString());
  };

  it("finding 1: at the governance bounds, wash trading (own user + own node) earns less in usage rewards than the fees it cannot get back, at the best discount and self-referral", () => {
    // Given usage rewards at their governance bounds (usage_bps and max_usage_rate at the largest
    // values set_usage_params accepts) and Alice, a user participant who owns a node keeping the
    // whole pay in USD (no token share, so no computing points)
    expectOk(setUsage(MAX_USAGE_BPS, MAX_USAGE_RATE));
    const alice = teamUser();
    const deviceId = createHash("sha256").update("alice-wash-node").digest();
    expectOk(w.chain.send([registerNodeInstruction({ owner: alice.wallet.publicKey, deviceId, ...NODE_TERMS, usdShareBps: 10_000 })], [alice.wallet]));
    const [node] = nodeKey(alice.wallet.publicKey, deviceId);
    expectOk(w.stake(alice.wallet, alice.token[Currency.Io], alice.participant, IO));
    const usdc = alice.token[Currency.Usdc];
    const usdcBefore = w.jobs.balance(usdc);
    // When she pays her own node for three 10 h jobs, claims the supplier pay back, syncs and claims
    for (let i = 0; i < 3; i++) serveAndSettle(alice, open(alice, 10, node), 10, node);
    expectOk(w.chain.send([claimEarningsInstruction({ owner: alice.wallet.publicKey, node, to: usdc, ...w.jobs.money(Currency.Usdc) })], [alice.wallet]));
    expect(decodeNode(w.chain.account(node)!).computingPoints.toString()).to.equal("0");
    const paidUsd = new BN(60_000_000);
    expectOk(sync(alice.wallet.publicKey));
    expect(w.participant(alice.participant).regPoints.toString()).to.equal(paidUsd.toString());
    expectOk(w.closeEpoch());
    const usageIo = claimOwn(alice);
    // Then, at the oracle's price, what she earned is below what she could not get back even with the
    // largest discount (half the network fee), a user referrer of her own taking the largest referral
    // share of the rest, and a supplier referrer of her own taking the largest share of the supplier
    // fee: lost USDC minus three quarters of the network fee and half of the supplier fee she paid
    const lostUsd = usdcBefore.sub(w.jobs.balance(usdc));
    const jobsConfig = decodeJobsConfig(w.chain.account(jobsConfigKey()[0])!);
    const networkFee = paidUsd.muln(jobsConfig.networkFeeBps).divn(BPS);
    const supplierFee = lostUsd.sub(networkFee).sub(paidUsd.muln(jobsConfig.facilitationFeeBps).divn(BPS));
    expect(supplierFee.gtn(0)).to.equal(true);
    const rebatable = networkFee
      .muln(MAX_DISCOUNT_BPS)
      .divn(BPS)
      .add(networkFee.muln(BPS - MAX_DISCOUNT_BPS).divn(BPS).muln(MAX_REFERRAL_BPS).divn(BPS))
      .add(supplierFee.muln(MAX_REFERRAL_BPS).divn(BPS));
    const unavoidable = lostUsd.sub(rebatable);
    const price = decodePriceFeed(w.chain.account(priceFeedKey()[0])!).price;
    const usageUsd = usageIo.mul(price).div(new BN(10).pow(new BN(10)));
    expect(unavoidable.gtn(0)).to.equal(true);
    expect(usageUsd.lt(unavoidable), `usage rewards worth ${usageUsd.toString()} vs an unavoidable loss of ${unavoidable.toString()} (USDC base units)`).to.equal(true);
    checkBooks();
  });

  it("finding 2: while usage rewards are off, a stranger's sync_usage is refused (UsageOff) and leaves the user's usage unsynced; once they are on, the whole history earns", () => {
    // Given usage rewards off (initialize's terms) and a user participant that paid its node $20
    const u = teamUser();
    const owner = w.chain.wallet();
    const deviceId = createHash("sha256").update("review-18u-node").digest();
    expectOk(w.chain.send([registerNodeInstruction({ owner: owner.publicKey, deviceId, ...NODE_TERMS })], [owner]));
    const [node] = nodeKey(owner.publicKey, deviceId);
    serveAndSettle(u, open(u, 10, node), 10, node);
    expect([w.config().usageBps, w.config().maxUsageRate.toString()]).to.deep.equal([0, "0"]);
    const watched = [stakingConfigKey()[0], u.participant];
    // When a stranger syncs it while usage is off, and again with a share but a cap of 0
    const stranger = w.chain.wallet();
    const before = w.chain.snapshot(watched);
    expectError(w.chain.send([syncUsageInstruction({ user: u.wallet.publicKey, lastEpoch: w.lastEpoch(u.participant) })], [stranger]), "UsageOff");
    expectOk(setUsage(1_000, new BN(0)));
    const capZero = w.chain.snapshot(watched);
    expectError(w.chain.send([syncUsageInstruction({ user: u.wallet.publicKey, lastEpoch: w.lastEpoch(u.participant) })], [stranger]), "UsageOff");
    // Then nothing was registered or marked synced
    expect(w.chain.snapshot(watched)).to.equal(capZero);
    expect(w.participant(u.participant).pointsSynced.toString()).to.equal("0");
    expect(before).to.not.equal(capZero); // only set_usage_params changed the config
    // And once usage is on, the $20 registers and earns at the cap
    expectOk(setUsage(1_000, MAX_USAGE_RATE));
    expectOk(sync(u.wallet.publicKey));
    expect(w.participant(u.participant).regPoints.toString()).to.equal("20000000");
    expectOk(w.closeEpoch());
    expect(claimOwn(u).toString()).to.equal(new BN(20_000_000).mul(MAX_USAGE_RATE).div(new BN(1_000_000_000)).toString());
    checkBooks();
  });

  it("finding 1: set_usage_params refuses a cap of 10 IO per $1 (the old bound), config unchanged", () => {
    const config = stakingConfigKey()[0];
    const before = w.chain.snapshot([config]);
    expectError(setUsage(1_000, usageRateCap("10")), "InvalidUsageParams");
    expect(w.chain.snapshot([config])).to.equal(before);
  });
});
