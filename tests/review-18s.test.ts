/**
 * Review of issue 18's supplier referrals (io_jobs, branch supref at 7b487e7) as an attacker, on
 * the real .so. Each finding is a test that failed on the reviewed code; the fix follows it.
 *
 * Finding S1 (medium: governance control; a profitable front-run of a governance cut):
 * register_node fixed the referral share in force at registration on the Node, and open_job
 * copied it onto every job opened in the period (up to 5 years), whatever the share in force
 * then. A user referral takes the share in force when each job opens, so governance lowering
 * `referral_bps` (or setting it to 0: "0 turns referral income off") reached users' new jobs at
 * once but never referred nodes' new jobs. Since a governance proposal is public through its
 * timelock, a supplier (or a referrer with friendly suppliers) registers nodes, or retires and
 * registers them again, before the cut executes and keeps the old share on every job for the
 * rest of the period. Fixed: a job takes the lower of its node's share and the share in force
 * when it opens (a raise still never reaches a registered node; a cut reaches it at once).
 */
import { expect } from "chai";
import BN from "bn.js";
import { createHash } from "crypto";
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import {
  attestUsageInstruction,
  Currency,
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
  setReferralParamsInstruction,
  settleJobFromState,
  settleJobsInstruction,
  SettleJob,
  userProfileKey,
} from "../sdk/src";
import { expectError, expectOk, TxResult } from "./harness";
import { JobsWorld, NODE_TERMS, User } from "./jobs-world";

const HOUR = 3_600;

describe("review 18 (supplier referrals): attacks on the .so", () => {
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
  const registerNodeIx = (owner: Keypair, deviceId: Buffer): TransactionInstruction => registerNodeInstruction({ owner: owner.publicKey, deviceId, ...NODE_TERMS });
  const node = (owner: Keypair): PublicKey => {
    const deviceId = createHash("sha256").update(`review-18s-${device++}`).digest();
    expectOk(w.chain.send([registerNodeIx(owner, deviceId)], [owner]));
    return nodeKey(owner.publicKey, deviceId)[0];
  };
  const open = (u: User, n: PublicKey, currency = Currency.Usdc, hours = 10): PublicKey => {
    const k = new BN(nonce++);
    expectOk(w.chain.send([w.openJobInstruction(u, k, hours, currency, { node: n })], [u.wallet]));
    return jobKey(u.wallet.publicKey, k)[0];
  };
  /** Serves `hours` of each job (a quorum of oracles), ends them and waits out the challenge window. */
  const serve = (u: User, jobs: PublicKey[], n: PublicKey, hours: number) => {
    w.chain.warp(hours * HOUR);
    for (const job of jobs) {
      for (const o of w.oracles.slice(0, w.quorum)) expectOk(w.chain.send([attestUsageInstruction({ oracle: o.publicKey, job, hours })], [o]));
      expectOk(w.chain.send([endJobInstruction({ caller: u.wallet.publicKey, job, node: n })], [u.wallet]));
    }
    w.chain.warp(HOUR + 1);
  };
  const entry = (u: User, job: PublicKey): SettleJob => settleJobFromState(job, decodeJob(w.chain.account(job)!), u.token[Currency.Usdc]);
  const settle = (jobs: SettleJob[]) => expectOk(w.chain.send([settleJobsInstruction({ caller: w.chain.payer.publicKey, jobs, ...w.money(Currency.Usdc) })], [w.chain.payer]));
  const events = (res: TxResult, name: string) => parseIoJobsEvents(res.logs).filter((e) => e.name === name);
  const prove = () => expectOk(w.chain.send([proveJobsReservesInstruction({ usdcMint: w.usdcMint })], [w.chain.payer]));

  /** R joined; O joined referred by R and registered a node while the share was 2,000 bps; U joined referred by R. */
  const referredWorld = () => {
    const r = w.user();
    const o = w.funded(Keypair.generate());
    const u = w.user();
    expectOk(register(r.wallet, PublicKey.default));
    expectOk(register(o, r.wallet.publicKey));
    expectOk(register(u.wallet, r.wallet.publicKey));
    const n = node(o);
    expect(decodeNode(w.chain.account(n)!).referralBps).to.equal(2_000);
    return { r, o, u, n };
  };

  it("S1: governance turning referrals off reaches a referred node's jobs opened after it, as it reaches a referred user's", () => {
    // Given a node registered by a referred owner while the share was 2,000 bps
    const { r, u, n } = referredWorld();
    // When governance turns referral income off (referral_bps 0) and U (also referred by R) opens a job on the node
    setParams({ ...DEFAULT_REFERRAL_PARAMS, referralBps: 0 });
    const job = open(u, n);
    const state = decodeJob(w.chain.account(job)!);
    // Then the job pays no referral share on either side (the user side already took the share in force)
    expect(state.referralBps).to.equal(0);
    expect(state.nodeReferralBps).to.equal(0);
    expect(state.nodeReferrer.toBase58()).to.equal(PublicKey.default.toBase58());
    // and its settlement credits R nothing
    serve(u, [job], n, 10);
    const res = settle([entry(u, job)]);
    expect(events(res, "jobSettled").length).to.equal(1);
    expect(events(res, "referralEarned").length).to.equal(0);
    expect(events(res, "supplierReferralEarned").length).to.equal(0);
    expect(profile(r.wallet.publicKey).referralUsd.toString()).to.equal("0");
    prove();
  });

  it("S1: a governance cut of the share reaches a referred node's new jobs; a raise never raises a registered node's", () => {
    // Given a node registered by a referred owner while the share was 2,000 bps
    const { r, u, n } = referredWorld();
    // and a job opened before the cut, which keeps its terms
    const before = open(u, n);
    expect(decodeJob(w.chain.account(before)!).nodeReferralBps).to.equal(2_000);
    // When governance cuts the share to 500 bps and U opens another job on the node
    setParams({ ...DEFAULT_REFERRAL_PARAMS, referralBps: 500 });
    const after = open(u, n);
    // Then the new job pays its node's referrer 500 bps of the supplier fee, as its user's referrer
    const cut = decodeJob(w.chain.account(after)!);
    expect(cut.referralBps).to.equal(500);
    expect(cut.nodeReferralBps).to.equal(500);
    expect(cut.nodeReferrer.toBase58()).to.equal(r.wallet.publicKey.toBase58());
    // while the job opened before the cut keeps 2,000
    expect(decodeJob(w.chain.account(before)!).nodeReferralBps).to.equal(2_000);
    // When governance raises it to 5,000 bps, Then the node (registered at 2,000) still pays at most 2,000
    setParams({ ...DEFAULT_REFERRAL_PARAMS, referralBps: 5_000 });
    const raised = open(u, n);
    expect(decodeJob(w.chain.account(raised)!).nodeReferralBps).to.equal(2_000);
    expect(decodeJob(w.chain.account(raised)!).referralBps).to.equal(5_000);
    // and the three settle in one batch, each node referral share as its job fixed it
    serve(u, [before, after, raised], n, 10);
    const res = settle([before, after, raised].map((j) => entry(u, j)));
    const earned = events(res, "supplierReferralEarned");
    expect(earned.length).to.equal(3);
    const amounts = earned.map((e) => (e.data.amount as BN).toNumber());
    // identical 10 h jobs: the supplier fee is the same, so the shares are in the ratio 2,000 : 500 : 2,000
    expect(amounts[0]).to.equal(amounts[2]);
    expect(amounts[1]).to.be.greaterThan(0);
    expect(amounts[1]).to.be.lessThan(amounts[0]);
    expect(amounts[1]).to.equal(Math.floor((amounts[0] * 500) / 2_000));
    prove();
  });

  // What was found sound, as attacks that must keep failing (they pass on the reviewed code too).

  it("sound: register_node cannot skip its owner's referral by naming an absent account as the profile (InvalidProfile, nothing created)", () => {
    // Given O joined referred by R (its profile exists)
    const r = w.user();
    const o = w.funded(Keypair.generate());
    expectOk(register(r.wallet, PublicKey.default));
    expectOk(register(o, r.wallet.publicKey));
    const before = w.chain.account(userProfileKey(o.publicKey)[0])!;
    // When O registers a node naming a fresh (absent, system) account as its profile, which the
    // program would read as "not joined yet"
    const deviceId = createHash("sha256").update("absent-profile").digest();
    const ix = registerNodeIx(o, deviceId);
    const slot = ix.keys.findIndex((k) => k.pubkey.equals(userProfileKey(o.publicKey)[0]));
    expect(slot).to.be.greaterThan(-1);
    ix.keys[slot] = { ...ix.keys[slot], pubkey: Keypair.generate().publicKey };
    // Then it is refused by name, no node exists and O's profile is byte for byte unchanged
    expectError(w.chain.send([ix], [o]), "InvalidProfile");
    expect(w.chain.account(nodeKey(o.publicKey, deviceId)[0])).to.equal(null);
    expect(Buffer.from(w.chain.account(userProfileKey(o.publicKey)[0])!.data).equals(Buffer.from(before.data))).to.equal(true);
  });

  it("sound: one referrer of both a job's user and its node, over many jobs in one batch, is credited exactly its cap and no more", () => {
    // Given R refers both U and the node's owner O, and a cap of $0.30 (one 10 h job pays R $0.20 + $0.0608)
    const cap = new BN(300_000);
    setParams({ ...DEFAULT_REFERRAL_PARAMS, referralCapUsd: cap });
    const { r, u, n } = referredWorld();
    const jobs = [open(u, n), open(u, n), open(u, n)];
    serve(u, jobs, n, 10);
    const credited0 = decodeJobsConfig(w.chain.account(jobsConfigKey()[0])!).referralCredited[0];
    // When the three settle in one batch (R's profile named once per job: the SDK's way)
    const res = settle(jobs.map((j) => entry(u, j)));
    // Then R's credits, from both sides, sum to exactly the cap, and the books agree to the base unit
    const paid = [...events(res, "referralEarned"), ...events(res, "supplierReferralEarned")].reduce((s, e) => s.add(e.data.amount as BN), new BN(0));
    expect(paid.toString()).to.equal(cap.toString());
    expect(events(res, "supplierReferralEarned").length).to.be.greaterThan(0);
    expect(profile(r.wallet.publicKey).referralUsd.toString()).to.equal(cap.toString());
    expect(profile(r.wallet.publicKey).referralOwed[0].toString()).to.equal(cap.toString());
    const credited = decodeJobsConfig(w.chain.account(jobsConfigKey()[0])!).referralCredited[0].sub(credited0);
    expect(credited.toString()).to.equal(cap.toString());
    prove();
  });
});
