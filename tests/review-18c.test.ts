/**
 * Review of issue 18 (c): the two changes of 63e072a (the abandoned strike only on the user's own
 * end_job of a started job) and 7352d64 (attest_reputation, an oracle-attested conduct penalty)
 * as an attacker, on the real .so. Each `describe` is one finding; its tests failed on main at
 * 7352d64.
 *
 * Finding 1 (medium): the abandoned strike still rests on one oracle's vote below the quorum. A
 * job counts as started when ANY oracle voted hours for it (`highest_vote`), and that alone
 * closes `cancel_job` and `refund_unstarted`. One colluding oracle votes an hour for a job whose
 * node never served (the honest members vote 0, so the accepted usage stays 0): the user's only
 * prompt exit is `end_job`, which settles with nothing served as an abandoned strike. With an
 * honest quorum a job that served an hour settles on at least an hour and is never abandoned,
 * so the strike is only ever evidenced by a minority of the set (QUORUM.md: a final figure must
 * lie within the honest votes).
 *
 * Finding 2 (low): the SDK's `reputationScore` throws (bn.js `muln` asserts its factor is below
 * 2^26) for a profile whose strikes reach 67,108,864, where the program computes a score of 0.
 */
import { expect } from "chai";
import BN from "bn.js";
import { PublicKey } from "@solana/web3.js";
import {
  attestUsageInstruction,
  cancelJobInstruction,
  Currency,
  decodeJob,
  decodeJobsConfig,
  decodeUserProfile,
  endJobInstruction,
  jobKey,
  jobsConfigKey,
  refundUnstartedInstruction,
  reputationOf,
  reputationScore,
  setDiscountTiersInstruction,
  settleJobFromState,
  settleJobsInstruction,
  SettleJob,
  userProfileKey,
} from "../sdk/src";
import { expectError, expectOk } from "./harness";
import { JobsWorld, User, TEST_DISCOUNT_TIERS as TIERS } from "./jobs-world";

const HOUR = 3_600;
const REPUTABLE = 2_000_000;
describe("review 18c: the abandoned strike and the conduct penalty as an attacker", () => {
  // Three oracles, quorum two: one may collude.
  let w: JobsWorld;
  let nonce = 0;

  beforeEach(() => {
    w = new JobsWorld();
    expectOk(w.chain.send([setDiscountTiersInstruction({ admin: w.admin.publicKey, ...TIERS })], [w.admin]));
  });

  const profile = (user: PublicKey) => decodeUserProfile(w.chain.account(userProfileKey(user)[0])!);
  const config = () => decodeJobsConfig(w.chain.account(jobsConfigKey()[0])!);
  const open = (u: User, hours = 10): PublicKey => {
    const n = new BN(nonce++);
    expectOk(w.chain.send([w.openJobInstruction(u, n, hours, Currency.Usdc)], [u.wallet]));
    return jobKey(u.wallet.publicKey, n)[0];
  };
  const attest = (job: PublicKey, hours: number, oracles = w.oracles.slice(0, w.quorum)) => {
    for (const o of oracles) expectOk(w.chain.send([attestUsageInstruction({ oracle: o.publicKey, job, hours })], [o]));
  };
  const entry = (u: User, job: PublicKey): SettleJob => settleJobFromState(job, decodeJob(w.chain.account(job)!), u.token[Currency.Usdc]);
  const settle = (jobs: SettleJob[]) => w.chain.send([settleJobsInstruction({ caller: w.chain.payer.publicKey, jobs, ...w.money(Currency.Usdc) })], [w.chain.payer]);
  /** A user with a $2.00 score: one 20-hour job served in full ($2 of network fee). */
  const reputable = (): User => {
    const u = w.user();
    const job = open(u, 20);
    w.chain.warp(20 * HOUR);
    attest(job, 20);
    w.chain.warp(HOUR + 1);
    expectOk(settle([entry(u, job)]));
    expect(reputationOf(u.wallet.publicKey, profile(u.wallet.publicKey), config()).score.toNumber()).to.equal(REPUTABLE);
    return u;
  };

  describe("finding 1: one colluding oracle's vote makes a node's no-show the user's strike", () => {
    it("a job the node never served, one oracle voting an hour and the honest ones 0: ending it is no strike", () => {
      // Given a reputable user's job on a node that never serves it
      const u = reputable();
      const job = open(u);
      w.chain.warp(HOUR);
      // When one colluding oracle votes an hour and the honest members vote the truth, 0
      attest(job, 1, w.oracles.slice(0, 1));
      attest(job, 0, w.oracles.slice(1));
      expect(w.quorum).to.equal(2);
      expect(decodeJob(w.chain.account(job)!).attestedHours).to.equal(0);
      // Then the user cannot cancel nor be refunded (a minority closed both exits)...
      const exit = { user: u.wallet.publicKey, job, node: w.node, userToken: u.token[Currency.Usdc], ...w.money(Currency.Usdc) };
      expectError(w.chain.send([cancelJobInstruction(exit)], [u.wallet]), "JobStarted");
      w.chain.warp(decodeJob(w.chain.account(job)!).startTimeout);
      expectError(w.chain.send([refundUnstartedInstruction({ ...exit, caller: u.wallet.publicKey })], [u.wallet]), "JobStarted");
      // ...so it ends the job, which settles with nothing served
      expectOk(w.chain.send([endJobInstruction({ caller: u.wallet.publicKey, job, node: w.node })], [u.wallet]));
      w.chain.warp(HOUR + 1);
      expectOk(settle([entry(u, job)]));
      // Then no strike: the quorum never said the job started
      const p = profile(u.wallet.publicKey);
      expect([p.jobsSettled, p.abandoned]).to.deep.equal([2, 0]);
      expect(reputationOf(u.wallet.publicKey, p, config()).score.toNumber()).to.equal(REPUTABLE);
    });
  });

  describe("finding 2: the SDK's score throws where the program's is 0", () => {
    it("a profile with 2^26 strikes: the program opens the job at the full fee, the SDK agrees instead of throwing", () => {
      // Given a reputable user whose profile records 2^26 lost disputes (the program's counters are u32)
      const u = reputable();
      const key = userProfileKey(u.wallet.publicKey)[0];
      const info = w.chain.account(key)!;
      const data = Buffer.from(info.data);
      const DISPUTES_LOST = 178; // discriminator 8, version, bump, user, referrer, 2 x i64, u32, u64, 2 x [u64; 3], u32, 3 x u64
      data.writeUInt32LE(2 ** 26, DISPUTES_LOST);
      w.chain.setAccount(key, { data, owner: info.owner, lamports: BigInt(info.lamports) });
      const p = profile(u.wallet.publicKey);
      expect([p.disputesLost, p.feesUsd.toNumber()]).to.deep.equal([2 ** 26, REPUTABLE]);
      // When it opens a job, the program gives no discount (its score is 0)
      const job = open(u);
      expect(decodeJob(w.chain.account(job)!).discountBps).to.equal(0);
      // Then the SDK computes the same score, 0, and tier
      expect(reputationScore(p, config().strikeUsd).toString()).to.equal("0");
      const r = reputationOf(u.wallet.publicKey, p, config());
      expect([r.score.toString(), r.discountBps]).to.deep.equal(["0", 0]);
      // and for every strike count up to u32 x 2, the same as the program's saturating arithmetic
      for (const strikes of [2 ** 26 - 1, 2 ** 26, 2 ** 32 - 1, 2 * (2 ** 32 - 1)]) {
        const q = { feesUsd: new BN("18446744073709551615"), disputesLost: Math.min(strikes, 2 ** 32 - 1), abandoned: strikes - Math.min(strikes, 2 ** 32 - 1), conductPenaltyBps: 0 };
        const product = new BN(strikes).mul(config().strikeUsd);
        const expected = product.bitLength() > 64 ? new BN(0) : BN.max(q.feesUsd.sub(product), new BN(0));
        expect(reputationScore(q, config().strikeUsd).toString(), `${strikes}`).to.equal(expected.toString());
      }
    });
  });
});
