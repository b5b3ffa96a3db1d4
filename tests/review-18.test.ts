/**
 * Review of issue 18 (the demand side: profiles, referrals, reputation, discounts) as an
 * attacker, on the real .so. Each `describe` is one finding; its tests failed on the code
 * reviewed (main at 6a32903) and pass with the fix next to them.
 *
 * Finding 1 (medium): the "job abandoned" strike could be put on a user by others. A job with
 * nothing served on record is one `cancel_job`/`refund_unstarted` would close with no strike
 * (docs/demand-side.md: "the second is the node's failure, not the user's"), but `settle_jobs`,
 * which anyone may send, counted the same job as the user's strike: a node's owner ends every
 * job opened on its node at once (or never starts it) and a settler (the owner itself) settles
 * it, costing the user `strike_usd` of score per job. The user, for its part, dodged the strike
 * by cancelling first. Fixed: a job settles as abandoned only if it started (`exit::unstarted`
 * refuses it: an oracle attested hours), so the outcome no longer depends on the exit path.
 *
 * Finding 2 (low): a referred user's score counted the whole network fee, including the
 * referral share paid back to its referrer. With a second wallet as its own referrer, a
 * reputation farmer reaches a tier having given the protocol only `1 - referral_bps` of the fees
 * the score counts (IOSD jobs on one's own node, all-USD share: no supplier or facilitation fee,
 * so that is the whole cost). Fixed: the score counts the network fee the protocol kept (net
 * of the referral share credited on that job).
 */
import { expect } from "chai";
import BN from "bn.js";
import { PublicKey } from "@solana/web3.js";
import {
  attestUsageInstruction,
  cancelJobInstruction,
  claimReferralInstruction,
  currencyAccounts,
  Currency,
  decodeJob,
  decodeJobsConfig,
  decodeUserProfile,
  DEFAULT_REFERRAL_PARAMS,
  endJobInstruction,
  jobKey,
  jobsConfigKey,
  parseIoJobsEvents,
  proveJobsReservesInstruction,
  refundUnstartedInstruction,
  registerReferralInstruction,
  reputationOf,
  setDiscountTiersInstruction,
  setReferralParamsInstruction,
  settleJobFromState,
  settleJobsInstruction,
  SettleJob,
  userProfileKey,
} from "../sdk/src";
import { createLookupTable, expectError, expectOk } from "./harness";
import { JobsWorld, User, TEST_DISCOUNT_TIERS as TIERS } from "./jobs-world";

const HOUR = 3_600;
/** The score `reputable()` builds (USD, 6 decimals). */
const REPUTABLE = 1_750_000;

describe("review 18: the demand side as an attacker", () => {
  let w: JobsWorld;
  let nonce = 0;

  beforeEach(() => {
    w = new JobsWorld();
    expectOk(w.chain.send([setDiscountTiersInstruction({ admin: w.admin.publicKey, ...TIERS })], [w.admin]));
    expectOk(w.chain.send([setReferralParamsInstruction({ admin: w.admin.publicKey, ...DEFAULT_REFERRAL_PARAMS })], [w.admin]));
  });

  const profile = (user: PublicKey) => decodeUserProfile(w.chain.account(userProfileKey(user)[0])!);
  const config = () => decodeJobsConfig(w.chain.account(jobsConfigKey()[0])!);
  const score = (user: PublicKey) => reputationOf(user, profile(user), config()).score;
  const open = (u: User, hours = 10, currency = Currency.Usdc): PublicKey => {
    const n = new BN(nonce++);
    expectOk(w.chain.send([w.openJobInstruction(u, n, hours, currency)], [u.wallet]));
    return jobKey(u.wallet.publicKey, n)[0];
  };
  const attest = (job: PublicKey, hours: number, oracles = w.oracles.slice(0, w.quorum)) => {
    for (const o of oracles) expectOk(w.chain.send([attestUsageInstruction({ oracle: o.publicKey, job, hours })], [o]));
  };
  const entry = (u: User, job: PublicKey, currency = Currency.Usdc): SettleJob =>
    settleJobFromState(job, decodeJob(w.chain.account(job)!), u.token[currency]);
  /** Settled by a third party (the chain's payer), as any settler may. */
  const settle = (jobs: SettleJob[], currency = Currency.Usdc) =>
    w.chain.send([settleJobsInstruction({ caller: w.chain.payer.publicKey, jobs, ...w.money(currency) })], [w.chain.payer]);
  /** Builds a score of $1.75 (two $20 jobs served in full: $1 of network fee, then $0.75 at tier 2's 25% off): tier 2. */
  const reputable = (): User => {
    const u = w.user();
    for (let i = 0; i < 2; i++) {
      const job = open(u);
      w.chain.warp(10 * HOUR);
      attest(job, 10);
      w.chain.warp(HOUR + 1);
      expectOk(settle([entry(u, job)]));
    }
    expect(score(u.wallet.publicKey).toNumber()).to.equal(REPUTABLE);
    return u;
  };

  describe("finding 1: the abandoned strike put on a user by the node's owner or a no-show node", () => {
    it("a job the node's owner ended at once, settled by a third party, is no strike on its user", () => {
      // Given a user with a $1.75 score opens a job on a node whose owner is hostile
      const u = reputable();
      const job = open(u);
      // When the node's owner ends it at once, and after the challenge window a third party settles it
      expectOk(w.chain.send([endJobInstruction({ caller: w.nodeOwner.publicKey, job, node: w.node })], [w.nodeOwner]));
      w.chain.warp(HOUR + 1);
      const before = w.balance(u.token[Currency.Usdc]);
      const s = decodeJob(w.chain.account(job)!);
      expectOk(settle([entry(u, job)]));
      // Then the user got its whole payment back (nothing was served) and no strike: its score is unchanged
      expect(w.balance(u.token[Currency.Usdc]).sub(before).toString()).to.equal(s.payment.add(s.facilitationFee).toString());
      const p = profile(u.wallet.publicKey);
      expect([p.jobsSettled, p.abandoned]).to.deep.equal([3, 0]);
      expect(score(u.wallet.publicKey).toNumber()).to.equal(REPUTABLE);
    });

    it("a job whose node never started is no strike whether it is refunded or settled", () => {
      // Given two jobs on a node that never starts them
      const u = reputable();
      const refunded = open(u);
      const settled = open(u);
      const s = decodeJob(w.chain.account(settled)!);
      // When both run past the start timeout and their hours: one is refunded, a third party settles the other
      w.chain.warp(s.startTimeout + s.hours * HOUR + 1);
      const payer = w.chain.payer;
      expectOk(
        w.chain.send(
          [refundUnstartedInstruction({ caller: payer.publicKey, job: refunded, node: w.node, user: u.wallet.publicKey, userToken: u.token[Currency.Usdc], ...w.money(Currency.Usdc) })],
          [payer],
        ),
      );
      expectOk(settle([entry(u, settled)]));
      // Then neither exit is the user's strike: the refund leaves no trace, the settlement counts a job and no abandon
      const p = profile(u.wallet.publicKey);
      expect([p.jobsSettled, p.abandoned, p.disputesLost]).to.deep.equal([3, 0, 0]);
      expect(score(u.wallet.publicKey).toNumber()).to.equal(REPUTABLE);
    });

    it("a job one oracle below the quorum attested hours for, that settles with none accepted, is no strike, and cancel cannot dodge the settlement", () => {
      // Given a job one oracle (below the quorum) attested 1 hour for
      const u = reputable();
      const job = open(u);
      w.chain.warp(HOUR);
      attest(job, 1, w.oracles.slice(0, 1));
      expect(w.quorum).to.be.greaterThan(1);
      // When the user tries to cancel it: refused (one vote closes cancel), so it ends it and it settles with nothing accepted
      const cancel = cancelJobInstruction({ user: u.wallet.publicKey, job, node: w.node, userToken: u.token[Currency.Usdc], ...w.money(Currency.Usdc) });
      expectError(w.chain.send([cancel], [u.wallet]), "JobStarted");
      expectOk(w.chain.send([endJobInstruction({ caller: u.wallet.publicKey, job, node: w.node })], [u.wallet]));
      w.chain.warp(HOUR + 1);
      expect(decodeJob(w.chain.account(job)!).attestedHours).to.equal(0);
      expectOk(settle([entry(u, job)]));
      // Then it counts as a settled job but no strike: a vote below the quorum is no evidence the job started (review 18c, finding 1)
      const p = profile(u.wallet.publicKey);
      expect([p.jobsSettled, p.abandoned]).to.deep.equal([3, 0]);
      expect(score(u.wallet.publicKey).toNumber()).to.equal(REPUTABLE);
    });
  });

  describe("finding 1b: a strike from one oracle's vote and the node's owner (a colluding minority)", () => {
    it("one oracle attests an hour, the node's owner ends the job at once: no strike on the user", () => {
      // Given a job one oracle (below the quorum) attested 1 hour for, colluding with the node's owner
      const u = reputable();
      const job = open(u);
      w.chain.warp(HOUR);
      attest(job, 1, w.oracles.slice(0, 1));
      expect(w.quorum).to.be.greaterThan(1);
      // When the node's owner ends it and a third party settles it with nothing accepted
      expectOk(w.chain.send([endJobInstruction({ caller: w.nodeOwner.publicKey, job, node: w.node })], [w.nodeOwner]));
      w.chain.warp(HOUR + 1);
      expect(decodeJob(w.chain.account(job)!).attestedHours).to.equal(0);
      expectOk(settle([entry(u, job)]));
      // Then the user ended nothing: no strike, the score is unchanged
      const p = profile(u.wallet.publicKey);
      expect([p.jobsSettled, p.abandoned]).to.deep.equal([3, 0]);
      expect(score(u.wallet.publicKey).toNumber()).to.equal(REPUTABLE);
    });

    it("one oracle attests an hour and the job runs out with nothing accepted: no strike on the user", () => {
      // Given a job one oracle attested 1 hour for that no quorum ever confirmed
      const u = reputable();
      const job = open(u);
      w.chain.warp(HOUR);
      attest(job, 1, w.oracles.slice(0, 1));
      const s = decodeJob(w.chain.account(job)!);
      // When it runs out (its hours and the start timeout pass) and a third party settles it
      w.chain.warp(s.startTimeout + s.hours * HOUR + HOUR + 1);
      expectOk(settle([entry(u, job)]));
      // Then no strike: only the user's own end_job of a started job is a strike
      const p = profile(u.wallet.publicKey);
      expect([p.jobsSettled, p.abandoned]).to.deep.equal([3, 0]);
      expect(score(u.wallet.publicKey).toNumber()).to.equal(REPUTABLE);
    });
  });

  describe("found sound (regression tests of the attacks tried)", () => {
    it("claim_referral pays once, only in the currency it was earned in, only from that currency's escrow", () => {
      // Given a referrer owed $0.20 in USDC from a referred user's settled job
      const r = w.user();
      const u = w.user();
      expectOk(w.chain.send([registerReferralInstruction({ user: r.wallet.publicKey, referrer: PublicKey.default })], [r.wallet]));
      expectOk(w.chain.send([registerReferralInstruction({ user: u.wallet.publicKey, referrer: r.wallet.publicKey })], [u.wallet]));
      const job = open(u);
      w.chain.warp(10 * HOUR);
      attest(job, 10);
      w.chain.warp(HOUR + 1);
      expectOk(settle([entry(u, job)]));
      const usdc = currencyAccounts(Currency.Usdc, w.usdcMint);
      const io = currencyAccounts(Currency.Io, w.usdcMint);
      const watched = [userProfileKey(r.wallet.publicKey)[0], jobsConfigKey()[0], usdc.vault, io.vault];
      const before = w.chain.snapshot(watched);
      // When it claims in IO (nothing owed there), or names USDC with the IO escrow
      const claim = (currency: Currency, to: PublicKey) => claimReferralInstruction({ referrer: r.wallet.publicKey, to, ...w.money(currency) });
      expectError(w.chain.send([claim(Currency.Io, w.tokenAccount(r.wallet.publicKey, Currency.Io))], [r.wallet]), "NothingToClaimReferral");
      const crossed = claim(Currency.Usdc, r.token[Currency.Usdc]);
      const vaultIndex = crossed.keys.findIndex((k) => k.pubkey.equals(usdc.vault));
      crossed.keys[vaultIndex] = { ...crossed.keys[vaultIndex], pubkey: io.vault };
      expectError(w.chain.send([crossed], [r.wallet]), "InvalidVault");
      // Then nothing moved; its USDC claim pays the $0.20 once, and a second finds nothing
      expect(w.chain.snapshot(watched)).to.equal(before);
      const b0 = w.balance(r.token[Currency.Usdc]);
      expectOk(w.chain.send([claim(Currency.Usdc, r.token[Currency.Usdc])], [r.wallet]));
      expect(w.balance(r.token[Currency.Usdc]).sub(b0).toString()).to.equal("200000");
      expectError(w.chain.send([claim(Currency.Usdc, r.token[Currency.Usdc])], [r.wallet]), "NothingToClaimReferral");
      expectOk(w.chain.send([proveJobsReservesInstruction({ usdcMint: w.usdcMint })], [w.chain.payer]));
    });

    it("settle_jobs with the same referred user twice checks each slot: a referrer slot holding the next job's profile is refused", () => {
      // Given a referred user with two settleable jobs
      const r = w.user();
      const u = w.user();
      expectOk(w.chain.send([registerReferralInstruction({ user: r.wallet.publicKey, referrer: PublicKey.default })], [r.wallet]));
      expectOk(w.chain.send([registerReferralInstruction({ user: u.wallet.publicKey, referrer: r.wallet.publicKey })], [u.wallet]));
      const j1 = open(u);
      const j2 = open(u);
      w.chain.warp(10 * HOUR);
      attest(j1, 10);
      attest(j2, 10);
      w.chain.warp(HOUR + 1);
      const watched = [j1, j2, w.node, jobsConfigKey()[0], userProfileKey(r.wallet.publicKey)[0], userProfileKey(u.wallet.publicKey)[0]];
      const before = w.chain.snapshot(watched);
      // When the first job's referrer slot holds the user's own profile: InvalidProfile, nothing moved
      expectError(settle([{ ...entry(u, j1), referrer: u.wallet.publicKey }, entry(u, j2)]), "InvalidProfile");
      expect(w.chain.snapshot(watched)).to.equal(before);
      // Then in order, both settle: the user counts two jobs, the referrer is credited twice
      const res = expectOk(settle([entry(u, j1), entry(u, j2)]));
      expect(parseIoJobsEvents(res.logs).filter((e) => e.name === "referralEarned").length).to.equal(2);
      expect(profile(u.wallet.publicKey).jobsSettled).to.equal(2);
      expect(profile(r.wallet.publicKey).referralOwed[Currency.Usdc].toString()).to.equal("400000");
    });
  });

  describe("the batch of distinct users and its account locks, with referrers", () => {
    /** Settles `count` referred jobs of distinct users with distinct referrers in one v0 transaction. */
    const referredBatch = (count: number) => {
      w.postPrice(); // a fresh IO price for the new wallets' funding after earlier warps
      const users = Array.from({ length: count }, () => {
        const r = w.user();
        const u = w.user();
        expectOk(w.chain.send([registerReferralInstruction({ user: r.wallet.publicKey, referrer: PublicKey.default })], [r.wallet]));
        expectOk(w.chain.send([registerReferralInstruction({ user: u.wallet.publicKey, referrer: r.wallet.publicKey })], [u.wallet]));
        return u;
      });
      const keys = users.map((u) => open(u, 2));
      w.chain.warp(2 * HOUR);
      keys.forEach((key) => attest(key, 2));
      w.chain.warp(HOUR + 1);
      const ix = settleJobsInstruction({ caller: w.chain.payer.publicKey, jobs: keys.map((key, i) => entry(users[i], key)), ...w.money(Currency.Usdc) });
      const table = createLookupTable(w.chain, [...new Set(ix.keys.map((k) => k.pubkey.toBase58()))].map((k) => new PublicKey(k)));
      return { keys, res: w.chain.sendV0([ix], [w.chain.payer], [table], { computeUnits: 1_400_000 }) };
    };

    it("10 referred jobs of distinct users and referrers settle in one transaction (13 + 5 x 10 = 63 locks); 11 lock 68 and are refused whole", () => {
      // Given 10 referred users of 10 referrers, When their jobs settle in one transaction, Then all settle
      const ten = referredBatch(10);
      const ok = expectOk(ten.res);
      console.log(`      10 referred jobs settled in ${ok.computeUnits} CU`);
      expect(parseIoJobsEvents(ok.logs).filter((e) => e.name === "referralEarned")).to.have.length(10);
      expect(ten.keys.every((key) => w.chain.account(key) === null)).to.equal(true);
      // Given 11, Then the runtime refuses the transaction before the program runs: nothing settles
      const eleven = referredBatch(11);
      expect(eleven.res.ok).to.equal(false);
      expect(eleven.res.ok ? "" : eleven.res.error).to.contain("TooManyAccountLocks");
      expect(eleven.keys.every((key) => w.chain.account(key) !== null)).to.equal(true);
    });
  });

  describe("finding 2: a score farmed with a second wallet as one's own referrer", () => {
    it("a referred user's score counts only the network fee the protocol kept, never the share paid back to its referrer", () => {
      // Given Alice's main wallet refers her second wallet (20% of the network fee)
      const main = w.user();
      const second = w.user();
      expectOk(w.chain.send([registerReferralInstruction({ user: main.wallet.publicKey, referrer: PublicKey.default })], [main.wallet]));
      expectOk(w.chain.send([registerReferralInstruction({ user: second.wallet.publicKey, referrer: main.wallet.publicKey })], [second.wallet]));
      // When the second wallet's $20 job is served in full and settles
      const job = open(second);
      w.chain.warp(10 * HOUR);
      attest(job, 10);
      w.chain.warp(HOUR + 1);
      const res = expectOk(settle([entry(second, job)]));
      const events = parseIoJobsEvents(res.logs);
      const earned = events.find((e) => e.name === "referralEarned")!;
      const referral = earned.data.amount as BN;
      // Then the $1 network fee paid $0.20 back to Alice's main wallet, and the second wallet's
      // score is the $0.80 the protocol kept: she cannot buy $1 of score for $0.80
      const networkFee = new BN(1_000_000);
      expect(referral.toString()).to.equal("200000");
      expect(profile(main.wallet.publicKey).referralOwed[Currency.Usdc].toString()).to.equal("200000");
      expect(profile(second.wallet.publicKey).feesUsd.toString()).to.equal(networkFee.sub(referral).toString());
      expect(score(second.wallet.publicKey).toString()).to.equal(networkFee.sub(referral).toString());
      expectOk(w.chain.send([proveJobsReservesInstruction({ usdcMint: w.usdcMint })], [w.chain.payer]));
    });

    it("an unreferred user's score still counts its whole network fee", () => {
      // Given a user with no referrer, When its $20 job is served in full and settles
      const u = w.user();
      const job = open(u);
      w.chain.warp(10 * HOUR);
      attest(job, 10);
      w.chain.warp(HOUR + 1);
      expectOk(settle([entry(u, job)]));
      // Then its score is the whole $1 network fee
      expect(profile(u.wallet.publicKey).feesUsd.toString()).to.equal("1000000");
    });
  });
});
