/**
 * io_jobs referrals for suppliers, on the real .so: a node's owner joins (its profile is created)
 * at its first node, job or register_referral, whichever comes first, so its referrer is fixed
 * once for both sides. A referred owner's node keeps the referrer, the period's end and the share
 * in force at registration; each settled job of the node opened inside the period pays the
 * referrer that share of the supplier fee (the protocol's income from the supplier, never its
 * pay), kept out of the fee routing, under the same cap per referrer as user referrals. Every
 * refusal leaves state untouched; the attacks of issue 18 (self-referral through a second wallet,
 * referral after the fact, wash trading between one's own user and node) are here.
 */
import { expect } from "chai";
import BN from "bn.js";
import { createHash } from "crypto";
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import {
  attestUsageInstruction,
  claimEarningsInstruction,
  claimReferralInstruction,
  Currency,
  currencyAccounts,
  decodeJob,
  decodeJobsConfig,
  decodeNode,
  decodeUserProfile,
  DEFAULT_REFERRAL_PARAMS,
  endJobInstruction,
  jobKey,
  jobsConfigKey,
  nodeKey,
  parseIoJobsEvents,
  proveJobsReservesInstruction,
  ReferralParams,
  registerNodeInstruction,
  registerReferralInstruction,
  retireNodeInstruction,
  setReferralParamsInstruction,
  settleJobFromState,
  settleJobsInstruction,
  SettleJob,
  userProfileKey,
} from "../sdk/src";
import { expectError, expectOk, TxResult } from "./harness";
import { JobsWorld, NODE_TERMS, User, USD } from "./jobs-world";

const HOUR = 3_600;
const DAY = 86_400;
const BPS = 10_000;

describe("io_jobs referrals for suppliers (register_node with the owner's profile, settle_jobs, claim_referral)", () => {
  let w: JobsWorld;
  let nonce = 0;
  let device = 0;

  beforeEach(() => {
    w = new JobsWorld();
    setParams(DEFAULT_REFERRAL_PARAMS);
  });

  const setParams = (p: ReferralParams) => expectOk(w.chain.send([setReferralParamsInstruction({ admin: w.admin.publicKey, ...p })], [w.admin]));
  const register = (user: Keypair, referrer: PublicKey) => w.chain.send([registerReferralInstruction({ user: user.publicKey, referrer })], [user]);
  const profile = (user: PublicKey) => decodeUserProfile(w.chain.account(userProfileKey(user)[0])!);
  const config = () => decodeJobsConfig(w.chain.account(jobsConfigKey()[0])!);
  const registerNodeIx = (owner: Keypair, deviceId: Buffer): TransactionInstruction => registerNodeInstruction({ owner: owner.publicKey, deviceId, ...NODE_TERMS });
  /** Registers a node of `owner` (funded) and returns its key. */
  const node = (owner: Keypair): PublicKey => {
    const deviceId = createHash("sha256").update(`supref-${device++}`).digest();
    expectOk(w.chain.send([registerNodeIx(owner, deviceId)], [owner]));
    return nodeKey(owner.publicKey, deviceId)[0];
  };
  /** Opens a 10 h job of `u` on `n` and returns its key. */
  const open = (u: User, n: PublicKey, currency = Currency.Usdc, hours = 10): PublicKey => {
    const k = new BN(nonce++);
    expectOk(w.chain.send([w.openJobInstruction(u, k, hours, currency, { node: n })], [u.wallet]));
    return jobKey(u.wallet.publicKey, k)[0];
  };
  /** Serves `hours` of the job (a quorum of oracles), ends it and waits out the challenge window. */
  const serve = (u: User, job: PublicKey, n: PublicKey, hours: number) => {
    w.chain.warp(hours * HOUR);
    for (const o of w.oracles.slice(0, w.quorum)) expectOk(w.chain.send([attestUsageInstruction({ oracle: o.publicKey, job, hours })], [o]));
    expectOk(w.chain.send([endJobInstruction({ caller: u.wallet.publicKey, job, node: n })], [u.wallet]));
    w.chain.warp(HOUR + 1);
  };
  const entry = (u: User, job: PublicKey, currency = Currency.Usdc): SettleJob => settleJobFromState(job, decodeJob(w.chain.account(job)!), u.token[currency]);
  const settleIx = (jobs: SettleJob[], currency = Currency.Usdc) => settleJobsInstruction({ caller: w.chain.payer.publicKey, jobs, ...w.money(currency) });
  const send = (ix: TransactionInstruction) => w.chain.send([ix], [w.chain.payer]);
  const events = (res: TxResult, name: string) => parseIoJobsEvents(res.logs).filter((e) => e.name === name);
  const amount = (e: { data: Record<string, unknown> }, k: string) => (e.data[k] as BN).toString();
  /** The supplier fee of a settled job, as split.rs computes it: 2% (rounded up) of the USD share. */
  const supplierFee = (supplier: BN, feeBps: number): BN => {
    // usd_share = supplier + ceil(usd_share x bps / 1e4): recover it from the supplier's pay.
    for (let share = supplier; ; share = share.addn(1)) {
      const fee = share.muln(feeBps).addn(BPS - 1).divn(BPS);
      if (share.sub(fee).eq(supplier)) return fee;
    }
  };
  const prove = () => expectOk(w.chain.send([proveJobsReservesInstruction({ usdcMint: w.usdcMint })], [w.chain.payer]));

  it("a referred owner's USDC job pays its referrer a share of the supplier fee, out of the fees, never out of the supplier's pay; claimable", () => {
    // Given R joined, O joined referred by R and registered a node; an unreferred node of P
    const r = w.user();
    const o = w.funded(Keypair.generate());
    const p = w.funded(Keypair.generate());
    expectOk(register(r.wallet, PublicKey.default));
    expectOk(register(o, r.wallet.publicKey));
    const referred = node(o);
    const plain = node(p);
    const n = decodeNode(w.chain.account(referred)!);
    expect(n.referrer.toBase58()).to.equal(r.wallet.publicKey.toBase58());
    expect(n.referralBps).to.equal(DEFAULT_REFERRAL_PARAMS.referralBps);
    expect(n.referralUntil.toString()).to.equal(profile(o.publicKey).referralUntil.toString());
    expect(decodeNode(w.chain.account(plain)!).referralBps).to.equal(0);
    // P joined at its first node, with no referrer
    expect(profile(p.publicKey).referrer.toBase58()).to.equal(PublicKey.default.toBase58());
    // When a user's identical 10 h jobs on both nodes serve 7 h and settle
    const u = w.user();
    const jobs = [open(u, referred), open(u, plain)];
    const state = decodeJob(w.chain.account(jobs[0])!);
    expect(state.nodeReferrer.toBase58()).to.equal(r.wallet.publicKey.toBase58());
    expect(state.nodeReferralBps).to.equal(2_000);
    expect(decodeJob(w.chain.account(jobs[1])!).nodeReferralBps).to.equal(0);
    w.chain.warp(7 * HOUR);
    for (const job of jobs) {
      for (const x of w.oracles.slice(0, w.quorum)) expectOk(w.chain.send([attestUsageInstruction({ oracle: x.publicKey, job, hours: 7 })], [x]));
      expectOk(w.chain.send([endJobInstruction({ caller: u.wallet.publicKey, job, node: job === jobs[0] ? referred : plain })], [u.wallet]));
    }
    w.chain.warp(HOUR + 1);
    const c = currencyAccounts(Currency.Usdc, w.usdcMint);
    const [escrow0, feeVault0] = [w.balance(c.vault), w.balance(c.feeVault)];
    const before = config();
    const res = expectOk(send(settleIx(jobs.map((j) => entry(u, j)))));
    const settled = events(res, "jobSettled");
    expect(settled.length).to.equal(2);
    // Then the supplier's pay is identical to the base unit on both nodes
    expect(amount(settled[0], "supplier")).to.equal(amount(settled[1], "supplier"));
    expect(decodeNode(w.chain.account(referred)!).earnings[0].toString()).to.equal(decodeNode(w.chain.account(plain)!).earnings[0].toString());
    // and the referrer earns floor(supplier fee x 20%), the supplier fee being 2% (rounded up) of the USD share
    const fee = supplierFee(settled[0].data.supplier as BN, state.supplierFeeBps);
    expect(fee.gtn(0)).to.equal(true);
    const [earned] = events(res, "supplierReferralEarned");
    expect(events(res, "supplierReferralEarned").length).to.equal(1);
    const share = fee.muln(2_000).divn(BPS);
    expect(amount(earned, "amount")).to.equal(share.toString());
    expect(amount(earned, "usd")).to.equal(share.toString()); // USDC: the job's rate is 1
    expect((earned.data.referrer as PublicKey).toBase58()).to.equal(r.wallet.publicKey.toBase58());
    expect((earned.data.node as PublicKey).toBase58()).to.equal(referred.toBase58());
    expect((earned.data.job as PublicKey).toBase58()).to.equal(jobs[0].toBase58());
    // the routed fees are exactly the share lower on the referred node's job
    expect(new BN(amount(settled[1], "fees")).sub(new BN(amount(settled[0], "fees"))).toString()).to.equal(share.toString());
    // every base unit: supplier + refund + routed fees + token share + referral = payment + facilitation fee
    const total = ["supplier", "refund", "fees", "buyback"].reduce((s, k) => s.add(settled[0].data[k] as BN), new BN(0)).add(share);
    expect(total.toString()).to.equal(state.payment.add(state.facilitationFee).toString());
    // the fee vault got the routed fees and token shares; the escrow keeps the referral income
    const routed = settled.reduce((s, e) => s.add(e.data.fees as BN).add(e.data.buyback as BN), new BN(0));
    expect(w.balance(c.feeVault).sub(feeVault0).toString()).to.equal(routed.toString());
    const out = settled.reduce((s, e) => s.add(e.data.refund as BN), routed);
    expect(escrow0.sub(w.balance(c.vault)).toString()).to.equal(out.toString());
    const after = config();
    expect(after.referralOwed[0].sub(before.referralOwed[0]).toString()).to.equal(share.toString());
    expect(after.referralCredited[0].sub(before.referralCredited[0]).toString()).to.equal(share.toString());
    expect(profile(r.wallet.publicKey).referralOwed[0].toString()).to.equal(share.toString());
    expect(profile(r.wallet.publicKey).referralUsd.toString()).to.equal(share.toString());
    expect(profile(r.wallet.publicKey).supplierReferralUsd.toString()).to.equal(share.toString());
    // the user's reputation counts the network fee only, the same on both jobs
    const up = profile(u.wallet.publicKey);
    expect(up.jobsSettled).to.equal(2);
    const networkFee = state.payment.muln(7).divn(10).muln(500).addn(BPS - 1).divn(BPS);
    expect(up.feesUsd.toString()).to.equal(networkFee.muln(2).toString());
    prove();
    // When R claims, Then the share moves from the escrow to R, once
    const to = r.token[Currency.Usdc];
    const r0 = w.balance(to);
    const claim = () => w.chain.send([claimReferralInstruction({ referrer: r.wallet.publicKey, to, ...w.money(Currency.Usdc) })], [r.wallet]);
    expectOk(claim());
    expect(w.balance(to).sub(r0).toString()).to.equal(share.toString());
    expectError(claim(), "NothingToClaimReferral");
    prove();
  });

  it("settling a referred node's job costs under 1,000 CU more than an unreferred node's, and one more account lock", () => {
    // Given identical served USDC jobs on a referred node and on an unreferred one
    const r = w.user();
    const o = w.funded(Keypair.generate());
    expectOk(register(r.wallet, PublicKey.default));
    expectOk(register(o, r.wallet.publicKey));
    const referred = node(o);
    const plain = node(w.funded(Keypair.generate()));
    const u = w.user();
    const jobs = [open(u, referred, Currency.Usdc, 2), open(u, plain, Currency.Usdc, 2)];
    w.chain.warp(2 * HOUR);
    for (const job of jobs) for (const x of w.oracles.slice(0, w.quorum)) expectOk(w.chain.send([attestUsageInstruction({ oracle: x.publicKey, job, hours: 2 })], [x]));
    w.chain.warp(HOUR + 1);
    // When each settles alone
    const ixs = jobs.map((j) => settleIx([entry(u, j)]));
    const [a, b] = ixs.map((ix) => expectOk(send(ix)));
    // Then the referred one costs more, by less than 1,000 CU, and names one more account
    const extra = a.computeUnits - b.computeUnits;
    console.log(`      settle_jobs: referred node ${a.computeUnits} CU, unreferred ${b.computeUnits} CU (+${extra})`);
    expect(events(a, "supplierReferralEarned").length).to.equal(1);
    expect(extra).to.be.greaterThan(0);
    expect(extra).to.be.lessThan(1_000);
    expect(ixs[0].keys.length - ixs[1].keys.length).to.equal(1);
  });

  it("IO and IOSD jobs carry no supplier fee: a referred node's jobs in them pay no supplier referral and take no extra account", () => {
    const r = w.user();
    const o = w.funded(Keypair.generate());
    expectOk(register(r.wallet, PublicKey.default));
    expectOk(register(o, r.wallet.publicKey));
    const n = node(o);
    const u = w.user();
    for (const currency of [Currency.Io, Currency.Iosd]) {
      const job = open(u, n, currency);
      const state = decodeJob(w.chain.account(job)!);
      expect(state.nodeReferralBps).to.equal(2_000);
      expect(state.supplierFeeBps).to.equal(0);
      serve(u, job, n, 10);
      const e = entry(u, job, currency);
      expect(e.nodeReferrer).to.equal(undefined);
      const res = expectOk(send(settleIx([e], currency)));
      expect(events(res, "supplierReferralEarned").length).to.equal(0);
      expect(events(res, "jobSettled").length).to.equal(1);
    }
    expect(profile(r.wallet.publicKey).referralUsd.toString()).to.equal("0");
    prove();
  });

  it("one referrer per wallet, fixed at its first step: a referral registered after the wallet's first node is refused", () => {
    const r = w.user();
    const o = w.funded(Keypair.generate());
    expectOk(register(r.wallet, PublicKey.default));
    // Given O registered a node first: it joined then, with no referrer
    const n = node(o);
    expect(profile(o.publicKey).referrer.toBase58()).to.equal(PublicKey.default.toBase58());
    expect(decodeNode(w.chain.account(n)!).referralBps).to.equal(0);
    // When it names a referrer now, Then it is refused and nothing changes
    const watched = [userProfileKey(o.publicKey)[0], userProfileKey(r.wallet.publicKey)[0], n, jobsConfigKey()[0]];
    const before = w.chain.snapshot(watched);
    expectError(register(o, r.wallet.publicKey), "ProfileExists");
    expect(w.chain.snapshot(watched)).to.equal(before);
    // and a second node of O keeps no referrer either
    expect(decodeNode(w.chain.account(node(o))!).referralBps).to.equal(0);
  });

  it("register_node refuses another wallet's profile, changing nothing", () => {
    const o = w.funded(Keypair.generate());
    const v = w.user();
    expectOk(register(v.wallet, PublicKey.default));
    const deviceId = createHash("sha256").update("forged").digest();
    const ix = registerNodeIx(o, deviceId);
    ix.keys[4].pubkey = userProfileKey(v.wallet.publicKey)[0];
    const watched = [nodeKey(o.publicKey, deviceId)[0], userProfileKey(o.publicKey)[0], userProfileKey(v.wallet.publicKey)[0]];
    const before = w.chain.snapshot(watched);
    expectError(w.chain.send([ix], [o]), "InvalidProfile");
    expect(w.chain.snapshot(watched)).to.equal(before);
  });

  it("self-referral from a second wallet earns back less than the supplier fee the node paid", () => {
    // Given the owner's second wallet S refers the owner O, at the largest share governance allows
    setParams({ ...DEFAULT_REFERRAL_PARAMS, referralBps: 5_000 });
    const s = w.user();
    const o = w.funded(Keypair.generate());
    expectOk(register(s.wallet, PublicKey.default));
    expectOk(register(o, s.wallet.publicKey));
    const n = node(o);
    const u = w.user();
    const job = open(u, n);
    serve(u, job, n, 10);
    const res = expectOk(send(settleIx([entry(u, job)])));
    const [settled] = events(res, "jobSettled");
    const fee = supplierFee(settled.data.supplier as BN, 200);
    const [earned] = events(res, "supplierReferralEarned");
    // Then S's share is half the supplier fee O paid: O + S are down the other half
    expect(amount(earned, "amount")).to.equal(fee.muln(5_000).divn(BPS).toString());
    expect(new BN(amount(earned, "amount")).lt(fee)).to.equal(true);
    prove();
  });

  it("the period lapses: jobs opened after the node's referral end pay nothing; one opened before still pays when it settles after", () => {
    setParams({ ...DEFAULT_REFERRAL_PARAMS, referralPeriod: 30 * DAY });
    const r = w.user();
    const o = w.funded(Keypair.generate());
    expectOk(register(r.wallet, PublicKey.default));
    expectOk(register(o, r.wallet.publicKey));
    const n = node(o);
    const until = decodeNode(w.chain.account(n)!).referralUntil;
    const u = w.user();
    // a job opened a day before the end, settled after it
    w.chain.warp(29 * DAY);
    const early = open(u, n);
    serve(u, early, n, 10);
    w.chain.warp(DAY);
    expect(new BN(w.chain.now().toString()).gt(until)).to.equal(true);
    const late = open(u, n);
    expect(decodeJob(w.chain.account(late)!).nodeReferralBps).to.equal(0);
    serve(u, late, n, 10);
    const res = expectOk(send(settleIx([entry(u, early), entry(u, late)])));
    const earned = events(res, "supplierReferralEarned");
    expect(earned.length).to.equal(1);
    expect((earned[0].data.job as PublicKey).toBase58()).to.equal(early.toBase58());
    // a node registered after the end keeps no referrer
    expect(decodeNode(w.chain.account(node(o))!).referralBps).to.equal(0);
    prove();
  });

  it("a node registered while referrals were off pays nothing after they are turned on; retired and registered again, it takes the terms then in force", () => {
    // Given the share is 0 when O (referred) registers its node
    setParams({ ...DEFAULT_REFERRAL_PARAMS, referralBps: 0 });
    const r = w.user();
    const o = w.funded(Keypair.generate());
    expectOk(register(r.wallet, PublicKey.default));
    expectOk(register(o, r.wallet.publicKey));
    const deviceId = createHash("sha256").update("off-then-on").digest();
    expectOk(w.chain.send([registerNodeIx(o, deviceId)], [o]));
    const [n] = nodeKey(o.publicKey, deviceId);
    expect(decodeNode(w.chain.account(n)!).referralBps).to.equal(0);
    // When referrals turn on and a job of the node settles, Then nothing is credited
    setParams(DEFAULT_REFERRAL_PARAMS);
    const u = w.user();
    const job = open(u, n);
    serve(u, job, n, 10);
    const res = expectOk(send(settleIx([entry(u, job)])));
    expect(events(res, "supplierReferralEarned").length).to.equal(0);
    expect(profile(r.wallet.publicKey).referralUsd.toString()).to.equal("0");
    // When O retires it (nothing open, nothing to claim once claimed) and registers it again, Then it takes the terms now
    expectOk(w.chain.send([claimEarningsInstruction({ owner: o.publicKey, node: n, to: w.tokenAccount(o.publicKey, Currency.Usdc), ...w.money(Currency.Usdc) })], [o]));
    expectOk(w.chain.send([retireNodeInstruction({ owner: o.publicKey, node: n })], [o]));
    expectOk(w.chain.send([registerNodeIx(o, deviceId)], [o]));
    expect(decodeNode(w.chain.account(n)!).referralBps).to.equal(2_000);
  });

  it("the cap is one per referrer, shared by its user and supplier referral income", () => {
    // Given R refers user U and node owner O, with a cap of $0.10
    setParams({ ...DEFAULT_REFERRAL_PARAMS, referralCapUsd: new BN(100_000) });
    const r = w.user();
    const u = w.user();
    const o = w.funded(Keypair.generate());
    expectOk(register(r.wallet, PublicKey.default));
    expectOk(register(u.wallet, r.wallet.publicKey));
    expectOk(register(o, r.wallet.publicKey));
    const n = node(o);
    const v = w.user();
    // When U's job on the world's unreferred node earns R $0.08 of user referral
    const first = open(u, w.node);
    serve(u, first, w.node, 4);
    const res1 = expectOk(send(settleIx([entry(u, first)])));
    expect(amount(events(res1, "referralEarned")[0], "amount")).to.equal("80000");
    // and an unreferred user's job on O's node owes R 20% of a $0.304 supplier fee ($0.0608)
    const second = open(v, n);
    serve(v, second, n, 10);
    const res2 = expectOk(send(settleIx([entry(v, second)])));
    // Then only the $0.02 of room left is credited, and R has earned exactly the cap
    const [earned] = events(res2, "supplierReferralEarned");
    expect(amount(earned, "usd")).to.equal("20000");
    expect(amount(earned, "amount")).to.equal("20000");
    expect(profile(r.wallet.publicKey).referralUsd.toString()).to.equal("100000");
    expect(profile(r.wallet.publicKey).supplierReferralUsd.toString()).to.equal("20000");
    // and the rest of the supplier fee is routed to the fee vault
    const [settled] = events(res2, "jobSettled");
    const state = { payment: USD.muln(20), fac: USD.muln(20).muln(200).divn(BPS) };
    const total = ["supplier", "refund", "fees", "buyback"].reduce((s, k) => s.add(settled.data[k] as BN), new BN(20_000));
    expect(total.toString()).to.equal(state.payment.add(state.fac).toString());
    // When more jobs settle, Then R earns nothing more
    const third = open(v, n);
    serve(v, third, n, 10);
    expect(events(expectOk(send(settleIx([entry(v, third)]))), "supplierReferralEarned").length).to.equal(0);
    prove();
  });

  it("the same referrer for a job's user and its node: its profile passed once or twice, credited with both shares", () => {
    const r = w.user();
    const u = w.user();
    const o = w.funded(Keypair.generate());
    expectOk(register(r.wallet, PublicKey.default));
    expectOk(register(u.wallet, r.wallet.publicKey));
    expectOk(register(o, r.wallet.publicKey));
    const n = node(o);
    const jobs = [open(u, n), open(u, n)];
    w.chain.warp(10 * HOUR);
    for (const job of jobs) for (const x of w.oracles.slice(0, w.quorum)) expectOk(w.chain.send([attestUsageInstruction({ oracle: x.publicKey, job, hours: 10 })], [x]));
    w.chain.warp(HOUR + 1);
    const rp = userProfileKey(r.wallet.publicKey)[0];
    // Once (the SDK's way): six accounts for the job
    const once = settleIx([entry(u, jobs[0])]);
    expect(once.keys.filter((k) => k.pubkey.equals(rp)).length).to.equal(1);
    const res1 = expectOk(send(once));
    // Twice: the profile repeated after the job's six accounts
    const twice = settleIx([entry(u, jobs[1])]);
    twice.keys.push({ pubkey: rp, isSigner: false, isWritable: true });
    const res2 = expectOk(send(twice));
    for (const res of [res1, res2]) {
      const user = events(res, "referralEarned")[0];
      const sup = events(res, "supplierReferralEarned")[0];
      // $20 full job: network fee $1 -> $0.20; supplier fee 2% of $15.20 = $0.304 -> $0.0608
      expect(amount(user, "amount")).to.equal("200000");
      expect(amount(sup, "amount")).to.equal("60800");
    }
    // Both batches alike: a job of 10 h pays both shares to the one profile
    expect(profile(r.wallet.publicKey).referralOwed[0].toString()).to.equal(String(2 * (200_000 + 60_800)));
    // of which the supplier side's part is told apart
    expect(profile(r.wallet.publicKey).supplierReferralUsd.toString()).to.equal(String(2 * 60_800));
    expect(config().referralOwed[0].toString()).to.equal(String(2 * (200_000 + 60_800)));
    prove();
  });

  it("a batch omitting or faking the node referrer's profile is refused, changing nothing", () => {
    const r = w.user();
    const o = w.funded(Keypair.generate());
    const v = w.user();
    expectOk(register(r.wallet, PublicKey.default));
    expectOk(register(v.wallet, PublicKey.default));
    expectOk(register(o, r.wallet.publicKey));
    const n = node(o);
    const u = w.user();
    const job = open(u, n);
    serve(u, job, n, 10);
    const c = currencyAccounts(Currency.Usdc, w.usdcMint);
    const watched = [job, n, userProfileKey(r.wallet.publicKey)[0], userProfileKey(v.wallet.publicKey)[0], userProfileKey(u.wallet.publicKey)[0], jobsConfigKey()[0], c.vault, c.feeVault, u.token[Currency.Usdc]];
    const before = w.chain.snapshot(watched);
    // omitted: the job's five accounts only
    const omitted = settleIx([{ ...entry(u, job), nodeReferrer: undefined }]);
    expectError(send(omitted), "BatchAccounts");
    // faked: another wallet's profile in its place
    const faked = settleIx([{ ...entry(u, job), nodeReferrer: v.wallet.publicKey }]);
    expectError(send(faked), "InvalidProfile");
    // the user's own profile in its place
    const own = settleIx([{ ...entry(u, job), nodeReferrer: u.wallet.publicKey }]);
    expectError(send(own), "InvalidProfile");
    expect(w.chain.snapshot(watched)).to.equal(before);
    // the right one settles
    expect(events(expectOk(send(settleIx([entry(u, job)]))), "supplierReferralEarned").length).to.equal(1);
  });

  it("wash trading between one's own user and node, both referred by one's own second wallets, still loses money", () => {
    // Given A controls user U, node owner O and second wallets R1 (refers U) and R2 (refers O), at the largest share
    setParams({ ...DEFAULT_REFERRAL_PARAMS, referralBps: 5_000 });
    const r1 = w.user();
    const r2 = w.user();
    const u = w.user();
    const o = w.funded(Keypair.generate());
    for (const x of [r1, r2]) expectOk(register(x.wallet, PublicKey.default));
    expectOk(register(u.wallet, r1.wallet.publicKey));
    expectOk(register(o, r2.wallet.publicKey));
    const n = node(o);
    const oToken = w.tokenAccount(o.publicKey, Currency.Usdc);
    const balances = () => [u.token[Currency.Usdc], oToken, r1.token[Currency.Usdc], r2.token[Currency.Usdc]].reduce((s, k) => s.add(w.balance(k)), new BN(0));
    const start = balances();
    // When U buys 10 h of O's node, it serves, settles, and every wallet of A claims
    const job = open(u, n);
    serve(u, job, n, 10);
    const res = expectOk(send(settleIx([entry(u, job)])));
    expectOk(w.chain.send([claimEarningsInstruction({ owner: o.publicKey, node: n, to: oToken, ...w.money(Currency.Usdc) })], [o]));
    for (const x of [r1, r2]) expectOk(w.chain.send([claimReferralInstruction({ referrer: x.wallet.publicKey, to: x.token[Currency.Usdc], ...w.money(Currency.Usdc) })], [x.wallet]));
    // Then A is down exactly the routed fees and the token share, more than nothing
    const [settled] = events(res, "jobSettled");
    const lost = start.sub(balances());
    expect(lost.toString()).to.equal((settled.data.fees as BN).add(settled.data.buyback as BN).toString());
    expect(lost.gt(new BN(0))).to.equal(true);
    // (the two referrals together return half of the network fee and half of the supplier fee: $0.50 + $0.152)
    expect(amount(events(res, "referralEarned")[0], "amount")).to.equal("500000");
    expect(amount(events(res, "supplierReferralEarned")[0], "amount")).to.equal("152000");
    prove();
  });
});
