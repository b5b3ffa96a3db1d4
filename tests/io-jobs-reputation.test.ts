/**
 * io_jobs demand-side reputation, on the real .so: settle_jobs moves the user's profile (jobs
 * settled, hours and USD paid, USD of network fees paid, disputes lost, jobs abandoned), the
 * score is the fees paid less a strike per dispute lost or job abandoned, and open_job fixes on
 * the job the discount off the network fee the governed table grants that score. Attacks of
 * issue 18: reputation farmed with tiny jobs, a discount reaching jobs opened before a score
 * change, wash trading between one's own user and node, a profile that is not the job's user's,
 * and settlement without the profile.
 */
import { expect } from "chai";
import BN from "bn.js";
import { createHash } from "crypto";
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import {
  attestUsageInstruction,
  claimEarningsInstruction,
  Currency,
  currencyAccounts,
  decodeJob,
  decodeJobsConfig,
  decodeUserProfile,
  DiscountTiers,
  disputeJobInstruction,
  endJobInstruction,
  jobKey,
  jobsConfigKey,
  nodeKey,
  parseIoJobsEvents,
  proveJobsReservesInstruction,
  registerNodeInstruction,
  reputationOf,
  resolveDisputeInstruction,
  setDiscountTiersInstruction,
  settleJobFromState,
  settleJobsInstruction,
  SettleJob,
  userProfileKey,
} from "../sdk/src";
import { expectError, expectOk } from "./harness";
import { JobsWorld, User, TEST_DISCOUNT_TIERS as TIERS } from "./jobs-world";

const HOUR = 3_600;

/** The network fee of `pay` at `bps`, rounded up (docs/jobs.md, "The split"). */
const networkFee = (pay: BN, bps: number) => pay.muln(bps).addn(9_999).divn(10_000);

describe("io_jobs demand-side reputation (set_discount_tiers, the score at settle_jobs, the discount at open_job)", () => {
  let w: JobsWorld;
  let nonce = 0;

  beforeEach(() => {
    w = new JobsWorld();
    expectOk(setTiers(TIERS));
  });

  const setTiers = (t: DiscountTiers, admin = w.admin) => w.chain.send([setDiscountTiersInstruction({ admin: admin.publicKey, ...t })], [admin]);
  const profile = (user: PublicKey) => decodeUserProfile(w.chain.account(userProfileKey(user)[0])!);
  const config = () => decodeJobsConfig(w.chain.account(jobsConfigKey()[0])!);
  const reputation = (user: PublicKey) => reputationOf(user, profile(user), config());
  const open = (u: User, hours = 10, node = w.node): PublicKey => {
    const n = new BN(nonce++);
    expectOk(w.chain.send([w.openJobInstruction(u, n, hours, Currency.Usdc, { node })], [u.wallet]));
    return jobKey(u.wallet.publicKey, n)[0];
  };
  const attest = (job: PublicKey, hours: number) => {
    for (const o of w.oracles.slice(0, w.quorum)) expectOk(w.chain.send([attestUsageInstruction({ oracle: o.publicKey, job, hours })], [o]));
  };
  /** Serves `hours` of the job, ends it and waits out the challenge window. */
  const serve = (u: User, job: PublicKey, hours: number, node = w.node) => {
    w.chain.warp(hours * HOUR);
    if (hours > 0) attest(job, hours);
    expectOk(w.chain.send([endJobInstruction({ caller: u.wallet.publicKey, job, node })], [u.wallet]));
    w.chain.warp(HOUR + 1);
  };
  const entry = (u: User, job: PublicKey): SettleJob => settleJobFromState(job, decodeJob(w.chain.account(job)!), u.token[Currency.Usdc]);
  const settle = (jobs: SettleJob[]) => w.chain.send([settleJobsInstruction({ caller: w.chain.payer.publicKey, jobs, ...w.money(Currency.Usdc) })], [w.chain.payer]);
  const settled = (logs: string[]) => parseIoJobsEvents(logs).filter((e) => e.name === "jobSettled");

  it("a settled job adds the hours served, their USD and the network fee actually paid; the next job opens with the tier's discount", () => {
    // Given a user with no history: its first job opens at the full 5% network fee
    const u = w.user();
    const j1 = open(u);
    expect(decodeJob(w.chain.account(j1)!).networkFeeBps).to.equal(500);
    expect(decodeJob(w.chain.account(j1)!).discountBps).to.equal(0);
    // When 4 of its 10 hours ($2/h) are served and it settles
    serve(u, j1, 4);
    expectOk(settle([entry(u, j1)]));
    // Then the profile counts one job, 4 h worth $8 and the $0.40 network fee paid on them
    const p = profile(u.wallet.publicKey);
    expect([p.jobsSettled, p.hoursPaid.toNumber(), p.paidUsd.toNumber(), p.feesUsd.toString(), p.disputesLost, p.abandoned]).to.deep.equal([
      1,
      4,
      8_000_000,
      networkFee(new BN(8_000_000), 500).toString(),
      0,
      0,
    ]);
    // and its $0.40 score reaches tier 1: the next job keeps 500 - 10% = 450 bps, fixed on the job
    const r = reputation(u.wallet.publicKey);
    expect([r.score.toNumber(), r.tier, r.discountBps, r.networkFeeBps]).to.deep.equal([400_000, 1, 1_000, 450]);
    const j2 = open(u);
    const s2 = decodeJob(w.chain.account(j2)!);
    expect([s2.networkFeeBps, s2.discountBps]).to.deep.equal([450, 1_000]);
    // When it serves in full and settles, Then its network fee is 4.5% of the $20 pay, and every base unit is accounted for
    serve(u, j2, 10);
    const feeVault = currencyAccounts(Currency.Usdc, w.usdcMint).feeVault;
    const v0 = w.balance(feeVault);
    const res = expectOk(settle([entry(u, j2)]));
    const [e] = settled(res.logs);
    const total = ["supplier", "refund", "fees", "buyback"].reduce((s, k) => s.add(e.data[k] as BN), new BN(0));
    expect(total.toString()).to.equal(s2.payment.add(s2.facilitationFee).toString());
    expect(w.balance(feeVault).sub(v0).toString()).to.equal((e.data.fees as BN).add(e.data.buyback as BN).toString());
    expect(profile(u.wallet.publicKey).feesUsd.toString()).to.equal(new BN(400_000).add(networkFee(new BN(20_000_000), 450)).toString());
    expectOk(w.chain.send([proveJobsReservesInstruction({ usdcMint: w.usdcMint })], [w.chain.payer]));
  });

  it("a discount never reaches a job opened before the score or the table changed (fixed at open_job)", () => {
    // Given a job opened with no history, and a second opened before the first settles
    const u = w.user();
    const j1 = open(u);
    const j2 = open(u);
    serve(u, j1, 10);
    expectOk(settle([entry(u, j1)]));
    // When the score reaches tier 2 ($1 paid) and the table is raised to 50% for everyone
    expect(reputation(u.wallet.publicKey).tier).to.equal(2);
    expectOk(setTiers({ ...TIERS, tiers: TIERS.tiers.map((t) => ({ ...t, discountBps: 5_000 })) }));
    // Then j2 still settles at the full 5% it opened with, and a job opened now gets 50% off
    attest(j2, 10);
    w.chain.warp(HOUR + 1);
    const s2 = decodeJob(w.chain.account(j2)!);
    expect([s2.networkFeeBps, s2.discountBps]).to.deep.equal([500, 0]);
    const before = profile(u.wallet.publicKey).feesUsd;
    expectOk(settle([entry(u, j2)]));
    expect(profile(u.wallet.publicKey).feesUsd.sub(before).toString()).to.equal(networkFee(new BN(20_000_000), 500).toString());
    const j3 = open(u);
    expect(decodeJob(w.chain.account(j3)!).networkFeeBps).to.equal(250);
    // and lowering the table again does not take j3's discount away
    expectOk(setTiers({ tiers: TIERS.tiers.map((t) => ({ ...t, discountBps: 0 })), strikeUsd: TIERS.strikeUsd }));
    expect(decodeJob(w.chain.account(j3)!).networkFeeBps).to.equal(250);
    expect(decodeJob(w.chain.account(open(u))!).networkFeeBps).to.equal(500);
  });

  it("reputation farmed with tiny jobs: the score is the USD of network fees actually paid, never a count of jobs", () => {
    // Given a node priced at 19 base units ($0.000019) an hour: each 1-hour job pays a 1-unit network fee (5%, rounded up)
    const deviceId = createHash("sha256").update("tiny-node").digest();
    w.send([registerNodeInstruction({ owner: w.nodeOwner.publicKey, deviceId, hardwareClass: 2, pricePerHour: new BN(19), usdShareBps: 8_000 })], [w.nodeOwner]);
    const [tiny] = nodeKey(w.nodeOwner.publicKey, deviceId);
    const farmer = w.user();
    const honest = w.user();
    // When the farmer settles 12 tiny jobs and an honest user one $20 job
    const jobs: PublicKey[] = [];
    for (let i = 0; i < 12; i++) jobs.push(open(farmer, 1, tiny));
    w.chain.warp(HOUR);
    for (const j of jobs) {
      attest(j, 1);
      expectOk(w.chain.send([endJobInstruction({ caller: farmer.wallet.publicKey, job: j, node: tiny })], [farmer.wallet]));
    }
    w.chain.warp(HOUR + 1);
    expectOk(settle(jobs.slice(0, 6).map((j) => entry(farmer, j))));
    expectOk(settle(jobs.slice(6).map((j) => entry(farmer, j))));
    const big = open(honest);
    serve(honest, big, 10);
    expectOk(settle([entry(honest, big)]));
    // Then the farmer's 12 jobs score exactly the 12 units of fee they paid, the honest job its $1 fee
    const f = profile(farmer.wallet.publicKey);
    expect(f.jobsSettled).to.equal(12);
    expect(f.feesUsd.toString()).to.equal(networkFee(new BN(19), 500).muln(12).toString());
    expect(f.feesUsd.toNumber()).to.equal(12);
    expect(reputation(farmer.wallet.publicKey).tier).to.equal(0);
    const h = profile(honest.wallet.publicKey);
    expect(h.jobsSettled).to.equal(1);
    expect(h.feesUsd.toString()).to.equal(networkFee(new BN(20_000_000), 500).toString());
    expect(reputation(honest.wallet.publicKey).tier).to.equal(2);
    // and reaching tier 1 ($0.40) with such jobs would take 400,000 of them, each paying its fee in full
    expect(TIERS.tiers[0].scoreUsd.div(networkFee(new BN(19), 500)).toNumber()).to.equal(400_000);
  });

  it("wash trading between one's own user and node: the discount the protocol gives is at most half the later fees, paid for by fees never returned", () => {
    // Given the node's owner (Alice) paying her own node from her own wallet
    const alice: User = { wallet: w.nodeOwner, token: {} as User["token"] };
    const aliceUser = w.user(w.nodeOwner);
    alice.token = aliceUser.token;
    const usdc = alice.token[Currency.Usdc];
    const start = w.balance(usdc);
    // When she washes one $20 job (a $1 network fee: tier 2) and then two discounted ones, and claims her node's earnings
    let routed = new BN(0);
    const feesBefore: BN[] = [];
    for (let i = 0; i < 3; i++) {
      const job = open(alice);
      const s = decodeJob(w.chain.account(job)!);
      feesBefore.push(new BN(s.networkFeeBps));
      serve(alice, job, 10);
      const [e] = settled(expectOk(settle([entry(alice, job)])).logs);
      routed = routed.add(e.data.fees as BN).add(e.data.buyback as BN);
    }
    expectOk(w.chain.send([claimEarningsInstruction({ owner: alice.wallet.publicKey, node: w.node, to: usdc, ...w.money(Currency.Usdc) })], [alice.wallet]));
    // Then she lost exactly the routed fees and token shares, to the base unit (nothing comes back to her)
    expect(start.sub(w.balance(usdc)).toString()).to.equal(routed.toString());
    expect(feesBefore.map((b) => b.toNumber())).to.deep.equal([500, 375, 375]);
    // and the discount on the two later jobs ($0.25 off each $1 fee) is at most half their full fees, and
    // less than the network fees she paid in all ($1 + 2 x $0.75), none of which came back to her
    const full = networkFee(new BN(20_000_000), 500);
    const given = full.sub(networkFee(new BN(20_000_000), 375)).muln(2);
    expect(given.toNumber()).to.equal(500_000);
    expect(given.muln(2).lte(full.muln(2))).to.equal(true);
    const feesPaid = profile(alice.wallet.publicKey).feesUsd;
    expect(feesPaid.toString()).to.equal(full.add(networkFee(new BN(20_000_000), 375).muln(2)).toString());
    expect(given.lt(feesPaid)).to.equal(true);
  });

  it("disputes lost and jobs abandoned are strikes that take strike_usd off the score each", () => {
    const u = w.user();
    // A job disputed at 4 h and resolved at 4 h: the dispute is lost
    const lost = open(u);
    w.chain.warp(4 * HOUR);
    attest(lost, 4);
    expectOk(w.chain.send([disputeJobInstruction({ user: u.wallet.publicKey, job: lost })], [u.wallet]));
    expect(decodeJob(w.chain.account(lost)!).disputedHours).to.equal(4);
    expectOk(w.chain.send([resolveDisputeInstruction({ admin: w.admin.publicKey, job: lost, hours: 4 })], [w.admin]));
    // A job disputed at 4 h and resolved at 2 h: the user was right, no strike
    const won = open(u);
    w.chain.warp(4 * HOUR);
    attest(won, 4);
    expectOk(w.chain.send([disputeJobInstruction({ user: u.wallet.publicKey, job: won })], [u.wallet]));
    expectOk(w.chain.send([resolveDisputeInstruction({ admin: w.admin.publicKey, job: won, hours: 2 })], [w.admin]));
    // A job one oracle attested 1 hour for (below the quorum) that the user ended with no hour
    // served: no strike, one vote below the quorum is no evidence it started (review 18c)
    const abandoned = open(u);
    w.chain.warp(HOUR);
    expectOk(w.chain.send([attestUsageInstruction({ oracle: w.oracles[0].publicKey, job: abandoned, hours: 1 })], [w.oracles[0]]));
    serve(u, abandoned, 0);
    expectOk(settle([entry(u, lost), entry(u, won), entry(u, abandoned)]));
    const p = profile(u.wallet.publicKey);
    expect([p.jobsSettled, p.hoursPaid.toNumber(), p.disputesLost, p.abandoned]).to.deep.equal([3, 6, 1, 0]);
    // Then the score is the fees paid ($8 and $4 of pay: $0.40 + $0.20) less one $0.25 strike
    const fees = networkFee(new BN(8_000_000), 500).add(networkFee(new BN(4_000_000), 500));
    expect(p.feesUsd.toString()).to.equal(fees.toString());
    expect(reputation(u.wallet.publicKey).score.toString()).to.equal(fees.sub(TIERS.strikeUsd).toString());
    expect(reputation(u.wallet.publicKey).tier).to.equal(0);
  });

  it("settle_jobs refuses a profile that is not the job's user's, and a job without its profile, leaving state untouched", () => {
    const u = w.user();
    const x = w.user();
    const job = open(u);
    open(x);
    serve(u, job, 2);
    const watched = [job, w.node, jobsConfigKey()[0], userProfileKey(u.wallet.publicKey)[0], userProfileKey(x.wallet.publicKey)[0]];
    const before = w.chain.snapshot(watched);
    // Another user's profile: InvalidProfile; an account that is no profile at all: InvalidProfile
    expectError(settle([{ ...entry(u, job), profile: userProfileKey(x.wallet.publicKey)[0] }]), "InvalidProfile");
    expectError(settle([{ ...entry(u, job), profile: w.node }]), "InvalidProfile");
    expectError(settle([{ ...entry(u, job), profile: Keypair.generate().publicKey }]), "InvalidProfile");
    // The profile left out: BatchAccounts
    const ix = settleJobsInstruction({ caller: w.chain.payer.publicKey, jobs: [entry(u, job)], ...w.money(Currency.Usdc) });
    const missing = new TransactionInstruction({ programId: ix.programId, data: ix.data, keys: ix.keys.slice(0, -1) });
    expectError(w.chain.send([missing], [w.chain.payer]), "BatchAccounts");
    expect(w.chain.snapshot(watched)).to.equal(before);
    expectOk(settle([entry(u, job)]));
    expect(profile(u.wallet.publicKey).jobsSettled).to.equal(1);
    expect(profile(x.wallet.publicKey).jobsSettled).to.equal(0);
  });

  it("set_discount_tiers: at most 5,000 bps a tier, never falling from tier to tier, admin only; refusals change nothing", () => {
    const before = w.chain.snapshot([jobsConfigKey()[0]]);
    const t = (bps: number[], usd = [1, 2, 3]): DiscountTiers => ({ tiers: bps.map((b, i) => ({ scoreUsd: new BN(usd[i]), discountBps: b })), strikeUsd: new BN(1) });
    expectError(setTiers(t([1_000, 2_000, 5_001])), "InvalidDiscountTiers");
    expectError(setTiers(t([2_000, 1_000, 3_000])), "InvalidDiscountTiers");
    expectError(setTiers(t([1_000, 2_000, 3_000], [5, 4, 6])), "InvalidDiscountTiers");
    expectError(setTiers(t([1_000, 2_000, 3_000]), w.funded(Keypair.generate())), "Unauthorized");
    expect(w.chain.snapshot([jobsConfigKey()[0]])).to.equal(before);
    expectOk(setTiers(t([0, 0, 5_000], [0, 0, 7])));
    const c = config();
    expect([c.discountBps, c.discountUsd.map((x) => x.toNumber()), c.strikeUsd.toNumber()]).to.deep.equal([[0, 0, 5_000], [0, 0, 7], 1]);
  });
});
