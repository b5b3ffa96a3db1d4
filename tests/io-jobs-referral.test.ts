/**
 * io_jobs referrals for users, on the real .so: a user names its referrer once, when it joins
 * (before its first job); for the referral period the referrer earns a governed share of the
 * network fee of the user's settled jobs, kept out of the fee routing and paid from the escrow
 * on claim, up to a cap per referrer. Every refusal leaves state untouched; the attacks of
 * issue 18 (self-referral through a second wallet, referral after the fact, cycles) are here.
 */
import { expect } from "chai";
import BN from "bn.js";
import { Keypair, PublicKey } from "@solana/web3.js";
import {
  claimEarningsInstruction,
  claimReferralInstruction,
  Currency,
  currencyAccounts,
  decodeIosdState,
  decodeJob,
  decodeJobsConfig,
  decodeUserProfile,
  DEFAULT_REFERRAL_PARAMS,
  attestUsageInstruction,
  endJobInstruction,
  iosdStateKey,
  jobKey,
  jobsConfigKey,
  parseIoJobsEvents,
  proveJobsReservesInstruction,
  registerReferralInstruction,
  ReferralParams,
  setReferralParamsInstruction,
  settleJobFromState,
  settleJobsInstruction,
  SettleJob,
  userProfileKey,
} from "../sdk/src";
import { expectError, expectOk } from "./harness";
import { JobsWorld, User, USD } from "./jobs-world";

const HOUR = 3_600;
const DAY = 86_400;

describe("io_jobs referrals (register_referral, claim_referral, set_referral_params)", () => {
  let w: JobsWorld;
  let nonce = 0;

  beforeEach(() => {
    w = new JobsWorld();
    setParams(DEFAULT_REFERRAL_PARAMS);
  });

  const setParams = (p: ReferralParams, admin = w.admin) =>
    w.chain.send([setReferralParamsInstruction({ admin: admin.publicKey, ...p })], [admin]);
  const register = (user: Keypair, referrer: PublicKey) => w.chain.send([registerReferralInstruction({ user: user.publicKey, referrer })], [user]);
  const profile = (user: PublicKey) => decodeUserProfile(w.chain.account(userProfileKey(user)[0])!);
  const config = () => decodeJobsConfig(w.chain.account(jobsConfigKey()[0])!);
  /** Opens a 10 h job for `u` and returns its key. */
  const open = (u: User, currency = Currency.Usdc, hours = 10): PublicKey => {
    const n = new BN(nonce++);
    expectOk(w.chain.send([w.openJobInstruction(u, n, hours, currency)], [u.wallet]));
    return jobKey(u.wallet.publicKey, n)[0];
  };
  /** Serves `hours` of the job (a quorum of oracles), ends it and waits out the challenge window. */
  const serve = (u: User, job: PublicKey, hours: number) => {
    w.chain.warp(hours * HOUR);
    for (const o of w.oracles.slice(0, w.quorum)) expectOk(w.chain.send([attestUsageInstruction({ oracle: o.publicKey, job, hours })], [o]));
    expectOk(w.chain.send([endJobInstruction({ caller: u.wallet.publicKey, job, node: w.node })], [u.wallet]));
    w.chain.warp(HOUR + 1);
  };
  const entry = (u: User, job: PublicKey, currency = Currency.Usdc): SettleJob =>
    settleJobFromState(job, decodeJob(w.chain.account(job)!), u.token[currency]);
  const settle = (jobs: SettleJob[], currency = Currency.Usdc) =>
    w.chain.send([settleJobsInstruction({ caller: w.chain.payer.publicKey, jobs, ...w.money(currency) })], [w.chain.payer]);
  const events = (logs: string[], name: string) => parseIoJobsEvents(logs).filter((e) => e.name === name);

  it("a referred user's settled job pays its referrer a share of the network fee, out of the fee routing, claimable", () => {
    // Given a referrer that joined and a user who names it at joining
    const r = w.user();
    const u = w.user();
    expectOk(register(r.wallet, PublicKey.default));
    const reg = expectOk(register(u.wallet, r.wallet.publicKey));
    const [registered] = events(reg.logs, "referralRegistered");
    expect((registered.data.referrer as PublicKey).toBase58()).to.equal(r.wallet.publicKey.toBase58());
    expect(profile(u.wallet.publicKey).referrer.toBase58()).to.equal(r.wallet.publicKey.toBase58());
    expect(profile(r.wallet.publicKey).referees).to.equal(1);
    // When the user's 10 h job ($20) serves 4 h and settles
    const job = open(u);
    const state = decodeJob(w.chain.account(job)!);
    expect(state.referrer.toBase58()).to.equal(r.wallet.publicKey.toBase58());
    expect(state.referralBps).to.equal(2_000);
    serve(u, job, 4);
    const c = currencyAccounts(Currency.Usdc, w.usdcMint);
    const [escrow0, feeVault0, user0] = [w.balance(c.vault), w.balance(c.feeVault), w.balance(u.token[Currency.Usdc])];
    const before = config();
    const res = expectOk(settle([entry(u, job)]));
    // Then the pay is $8, its 5% network fee $0.40, of which 20% ($0.08) is the referrer's
    const [earned] = events(res.logs, "referralEarned");
    expect((earned.data.amount as BN).toString()).to.equal("80000");
    expect((earned.data.usd as BN).toString()).to.equal("80000");
    const [settled] = events(res.logs, "jobSettled");
    // fees to the fee vault: network $0.40 - $0.08 + supplier fee 2% of $6.08 ($0.1216) + facilitation 4/10 of $0.40 ($0.16)
    expect((settled.data.fees as BN).toString()).to.equal(String(400_000 - 80_000 + 121_600 + 160_000));
    expect(w.balance(c.feeVault).sub(feeVault0).toString()).to.equal((settled.data.fees as BN).add(settled.data.buyback as BN).toString());
    // every base unit of the job: supplier + refund + routed fees + token share + referral = payment + facilitation fee
    const total = ["supplier", "refund", "fees", "buyback"].reduce((s, k) => s.add(settled.data[k] as BN), new BN(0)).add(earned.data.amount as BN);
    expect(total.toString()).to.equal(state.payment.add(state.facilitationFee).toString());
    // the user's refund is the same as without a referrer (the share is never the user's)
    expect(w.balance(u.token[Currency.Usdc]).sub(user0).toString()).to.equal((settled.data.refund as BN).toString());
    const after = config();
    expect(after.referralOwed[0].sub(before.referralOwed[0]).toString()).to.equal("80000");
    expect(after.fees[0].sub(before.fees[0]).toString()).to.equal((settled.data.fees as BN).toString());
    expect(profile(r.wallet.publicKey).referralOwed[0].toString()).to.equal("80000");
    // the escrow still holds the referral income (and the supplier's earnings), and proves it
    expect(escrow0.sub(w.balance(c.vault)).toString()).to.equal((settled.data.refund as BN).add(settled.data.fees as BN).add(settled.data.buyback as BN).toString());
    expectOk(w.chain.send([proveJobsReservesInstruction({ usdcMint: w.usdcMint })], [w.chain.payer]));
    // When the referrer claims, Then the $0.08 moves from the escrow to its account, once
    const to = r.token[Currency.Usdc];
    const r0 = w.balance(to);
    const claim = () => w.chain.send([claimReferralInstruction({ referrer: r.wallet.publicKey, to, ...w.money(Currency.Usdc) })], [r.wallet]);
    const claimed = expectOk(claim());
    expect((events(claimed.logs, "referralClaimed")[0].data.amount as BN).toString()).to.equal("80000");
    expect(w.balance(to).sub(r0).toString()).to.equal("80000");
    expect(config().referralOwed[0].toString()).to.equal("0");
    expect(profile(r.wallet.publicKey).referralClaimed[0].toString()).to.equal("80000");
    expectError(claim(), "NothingToClaimReferral");
    expectOk(w.chain.send([proveJobsReservesInstruction({ usdcMint: w.usdcMint })], [w.chain.payer]));
  });

  it("IO and IOSD jobs: the share is valued at the job's own rate and IOSD income stays held until claimed", () => {
    // Given a referred user paying in IO and in IOSD
    const r = w.user();
    const u = w.user();
    expectOk(register(r.wallet, PublicKey.default));
    expectOk(register(u.wallet, r.wallet.publicKey));
    for (const currency of [Currency.Io, Currency.Iosd]) {
      const job = open(u, currency);
      serve(u, job, 10);
      const state = decodeJob(w.chain.account(job)!);
      const res = expectOk(settle([entry(u, job, currency)], currency));
      const [earned] = events(res.logs, "referralEarned");
      // Then 20% of the 5% network fee (rounded up) of the full payment, rounded down
      const fee = state.payment.muln(500).addn(9_999).divn(10_000);
      expect((earned.data.amount as BN).toString()).to.equal(fee.muln(2_000).divn(10_000).toString());
      expect((earned.data.usd as BN).toString()).to.equal((earned.data.amount as BN).mul(state.amountUsd).div(state.payment).toString());
      const held0 = decodeIosdState(w.chain.account(iosdStateKey()[0])!).held;
      const to = r.token[currency];
      const r0 = w.balance(to);
      expectOk(w.chain.send([claimReferralInstruction({ referrer: r.wallet.publicKey, to, ...w.money(currency) })], [r.wallet]));
      expect(w.balance(to).sub(r0).toString()).to.equal((earned.data.amount as BN).toString());
      if (currency === Currency.Iosd) {
        expect(held0.sub(decodeIosdState(w.chain.account(iosdStateKey()[0])!).held).toString()).to.equal((earned.data.amount as BN).toString());
      }
    }
    expectOk(w.chain.send([proveJobsReservesInstruction({ usdcMint: w.usdcMint })], [w.chain.payer]));
  });

  it("refuses self-referral, an unjoined referrer, a second registration and a referral after the first job, changing nothing", () => {
    const r = w.user();
    const u = w.user();
    // (the wallets pay the refused transactions' fees: their token accounts are watched instead)
    const watched = [userProfileKey(u.wallet.publicKey)[0], userProfileKey(r.wallet.publicKey)[0], u.token[Currency.Usdc], jobsConfigKey()[0]];
    const before = w.chain.snapshot(watched);
    // Given nobody joined: naming oneself, or a wallet that never joined, is refused
    expectError(register(u.wallet, u.wallet.publicKey), "SelfReferral");
    expectError(register(u.wallet, r.wallet.publicKey), "ReferrerNotJoined");
    // a profile passed for the referrer that is another user's
    const v = w.user();
    expectOk(register(v.wallet, PublicKey.default));
    const forged = registerReferralInstruction({ user: u.wallet.publicKey, referrer: r.wallet.publicKey });
    forged.keys[3].pubkey = userProfileKey(v.wallet.publicKey)[0];
    expectError(w.chain.send([forged], [u.wallet]), "ReferrerNotJoined");
    expect(w.chain.snapshot(watched)).to.equal(before);
    // Referral after the fact: the user's first job made it join (without a referrer) ...
    const job = open(u);
    expect(profile(u.wallet.publicKey).referrer.toBase58()).to.equal(PublicKey.default.toBase58());
    expect(decodeJob(w.chain.account(job)!).referralBps).to.equal(0);
    expectOk(register(r.wallet, PublicKey.default));
    // ... so naming a referrer now is refused, and so is a second registration of anyone
    const joined = w.chain.snapshot(watched);
    expectError(register(u.wallet, r.wallet.publicKey), "ProfileExists");
    expectError(register(r.wallet, u.wallet.publicKey), "ProfileExists");
    expect(w.chain.snapshot(watched)).to.equal(joined);
  });

  it("no cycles: a referral points to an earlier profile, and neither end can rewrite it", () => {
    // Given A joined and B joined referred by A
    const a = w.user();
    const b = w.user();
    expectOk(register(a.wallet, PublicKey.default));
    expectOk(register(b.wallet, a.wallet.publicKey));
    // When A tries to name B (closing the loop A -> B -> A), Then it is refused: A joined already
    expectError(register(a.wallet, b.wallet.publicKey), "ProfileExists");
    // And a third wallet C referred by B makes a chain, never a loop back to C
    const c = w.user();
    expectOk(register(c.wallet, b.wallet.publicKey));
    expectError(register(b.wallet, c.wallet.publicKey), "ProfileExists");
    expect(profile(a.wallet.publicKey).referrer.toBase58()).to.equal(PublicKey.default.toBase58());
    expect(profile(b.wallet.publicKey).referrer.toBase58()).to.equal(a.wallet.publicKey.toBase58());
    expect(profile(c.wallet.publicKey).referrer.toBase58()).to.equal(b.wallet.publicKey.toBase58());
  });

  it("self-referral through a second wallet earns back only part of the fee that wallet paid", () => {
    // Given Alice's main wallet refers her second wallet, which pays a job to her own node
    const main = w.user();
    const second = w.user();
    expectOk(register(main.wallet, PublicKey.default));
    expectOk(register(second.wallet, main.wallet.publicKey));
    const c = currencyAccounts(Currency.Usdc, w.usdcMint);
    const feeVault0 = w.balance(c.feeVault);
    const job = open(second);
    serve(second, job, 10);
    const res = expectOk(settle([entry(second, job)]));
    const [settled] = events(res.logs, "jobSettled");
    const [earned] = events(res.logs, "referralEarned");
    // Then the protocol kept more than the referral paid back: routed fees > 0, and the referral
    // is 20% of the network fee alone ($1 on $20): she pays $1 + fees to earn $0.20
    expect((earned.data.amount as BN).toString()).to.equal("200000");
    expect((settled.data.fees as BN).gt(earned.data.amount as BN)).to.equal(true);
    expect(w.balance(c.feeVault).sub(feeVault0).gt(new BN(0))).to.equal(true);
    const networkFee = new BN(1_000_000);
    expect((earned.data.amount as BN).lt(networkFee)).to.equal(true);
  });

  it("wash trading between one's own user and node: the node's owner refers its own second wallet and loses the routed fees and token share", () => {
    // Given the node's owner (Alice) joined (at her node's registration), and her second wallet joined referred by her
    const alice = w.nodeOwner;
    const second = w.user();
    expectOk(register(second.wallet, alice.publicKey));
    const c = currencyAccounts(Currency.Usdc, w.usdcMint);
    const aliceUsdc = w.tokenAccount(alice.publicKey, Currency.Usdc);
    const total = () => w.balance(second.token[Currency.Usdc]).add(w.balance(aliceUsdc));
    const before = total();
    // When the second wallet pays Alice's node for a 10-hour job served in full, it settles, and Alice claims both incomes
    const job = open(second);
    serve(second, job, 10);
    const res = expectOk(settle([entry(second, job)]));
    const [settled] = events(res.logs, "jobSettled");
    expectOk(w.chain.send([claimReferralInstruction({ referrer: alice.publicKey, to: aliceUsdc, ...w.money(Currency.Usdc) })], [alice]));
    expectOk(w.chain.send([claimEarningsInstruction({ owner: alice.publicKey, node: w.node, to: aliceUsdc, ...w.money(Currency.Usdc) })], [alice]));
    // Then across her wallets she lost exactly what was routed to the fee vault and the token
    // share (bought back and burned), to the base unit: the referral never covers the fees
    const lost = before.sub(total());
    expect(lost.toString()).to.equal((settled.data.fees as BN).add(settled.data.buyback as BN).toString());
    expect(lost.gtn(0)).to.equal(true);
    expect(w.balance(c.vault).toString()).to.equal("0");
  });

  it("settlement needs the referrer's own profile after a referred job's accounts", () => {
    const r = w.user();
    const u = w.user();
    const x = w.user();
    expectOk(register(r.wallet, PublicKey.default));
    expectOk(register(x.wallet, PublicKey.default));
    expectOk(register(u.wallet, r.wallet.publicKey));
    const job = open(u);
    serve(u, job, 2);
    const watched = [job, w.node, jobsConfigKey()[0], userProfileKey(r.wallet.publicKey)[0], userProfileKey(x.wallet.publicKey)[0]];
    const before = w.chain.snapshot(watched);
    // Without it: BatchAccounts; with another user's profile: InvalidProfile
    const plain = entry(u, job);
    expectError(settle([{ ...plain, referrer: undefined }]), "BatchAccounts");
    expectError(settle([{ ...plain, referrer: x.wallet.publicKey }]), "InvalidProfile");
    expect(w.chain.snapshot(watched)).to.equal(before);
    expectOk(settle([plain]));
  });

  it("the cap bounds what one referrer ever earns; the period and the share are fixed when the user joins and the job opens", () => {
    // Given a $0.30 cap
    expectOk(setParams({ ...DEFAULT_REFERRAL_PARAMS, referralCapUsd: new BN(300_000) }));
    const r = w.user();
    const u = w.user();
    expectOk(register(r.wallet, PublicKey.default));
    expectOk(register(u.wallet, r.wallet.publicKey));
    // When two full $20 jobs settle ($0.20 due on each)
    const j1 = open(u);
    const j2 = open(u);
    // the share changes after both opened: they keep 20%
    expectOk(setParams({ ...DEFAULT_REFERRAL_PARAMS, referralBps: 5_000, referralCapUsd: new BN(300_000) }));
    serve(u, j1, 10);
    for (const o of w.oracles.slice(0, w.quorum)) expectOk(w.chain.send([attestUsageInstruction({ oracle: o.publicKey, job: j2, hours: 10 })], [o]));
    w.chain.warp(HOUR + 1);
    const res = expectOk(settle([entry(u, j1), entry(u, j2)]));
    // Then the first pays $0.20, the second only the $0.10 left under the cap
    expect(events(res.logs, "referralEarned").map((e) => (e.data.amount as BN).toString())).to.deep.equal(["200000", "100000"]);
    expect(profile(r.wallet.publicKey).referralUsd.toString()).to.equal("300000");
    // and a later job earns nothing more (the whole network fee is routed)
    const j3 = open(u);
    expect(decodeJob(w.chain.account(j3)!).referralBps).to.equal(5_000);
    serve(u, j3, 10);
    const res3 = expectOk(settle([entry(u, j3)]));
    expect(events(res3.logs, "referralEarned")).to.deep.equal([]);
    // After the user's referral period, a job opens without a share and settles with four accounts
    w.chain.warp(366 * DAY);
    w.postPrice();
    const late = open(u);
    const state = decodeJob(w.chain.account(late)!);
    expect(state.referralBps).to.equal(0);
    serve(u, late, 1);
    const resLate = expectOk(settle([entry(u, late)]));
    expect(events(resLate.logs, "referralEarned")).to.deep.equal([]);
  });

  it("set_referral_params: admin only, within bounds, changing nothing when refused", () => {
    const stranger = w.chain.wallet();
    const before = w.chain.snapshot([jobsConfigKey()[0]]);
    expectError(setParams(DEFAULT_REFERRAL_PARAMS, stranger), "Unauthorized");
    expectError(setParams({ ...DEFAULT_REFERRAL_PARAMS, referralBps: 5_001 }), "InvalidReferralParams");
    expectError(setParams({ ...DEFAULT_REFERRAL_PARAMS, referralPeriod: 5 * 365 * DAY + 1 }), "InvalidReferralParams");
    expect(w.chain.snapshot([jobsConfigKey()[0]])).to.equal(before);
    expectOk(setParams({ referralBps: 5_000, referralPeriod: 5 * 365 * DAY, referralCapUsd: USD.muln(5) }));
    const c = config();
    expect([c.referralBps, c.referralPeriod, c.referralCapUsd.toString()]).to.deep.equal([5_000, 5 * 365 * DAY, "5000000"]);
  });

  it("claim_referral refuses another's profile and a destination of the program's own authority", () => {
    const r = w.user();
    const u = w.user();
    expectOk(register(r.wallet, PublicKey.default));
    expectOk(register(u.wallet, r.wallet.publicKey));
    const job = open(u);
    serve(u, job, 10);
    expectOk(settle([entry(u, job)]));
    const c = currencyAccounts(Currency.Usdc, w.usdcMint);
    const watched = [userProfileKey(r.wallet.publicKey)[0], jobsConfigKey()[0], c.vault, c.feeVault];
    const before = w.chain.snapshot(watched);
    // the user signs and passes the referrer's profile
    const steal = claimReferralInstruction({ referrer: u.wallet.publicKey, to: u.token[Currency.Usdc], ...w.money(Currency.Usdc) });
    steal.keys[2].pubkey = userProfileKey(r.wallet.publicKey)[0];
    expectError(w.chain.send([steal], [u.wallet]), "InvalidProfile");
    expectError(w.chain.send([claimReferralInstruction({ referrer: r.wallet.publicKey, to: c.feeVault, ...w.money(Currency.Usdc) })], [r.wallet]), "InvalidDestination");
    expect(w.chain.snapshot(watched)).to.equal(before);
  });
});
