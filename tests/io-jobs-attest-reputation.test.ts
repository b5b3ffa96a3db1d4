/**
 * io_jobs attest_reputation, on the real .so: oracles attest a user's conduct the chain cannot
 * see as a penalty (bps) off its demand-side score, and the profile keeps the figure a quorum of
 * votes supports from both sides (io_common::quorum's rule 2). As an attacker: fewer colluders
 * than the quorum, voting first, last or revising, never move the penalty outside the honest
 * votes; a stranger, a bad figure or an account that is not a profile is refused with nothing
 * changed; a new oracle set votes afresh; a job opened before a penalty keeps its discount.
 */
import { expect } from "chai";
import BN from "bn.js";
import { Keypair, PublicKey } from "@solana/web3.js";
import {
  attestReputationInstruction,
  attestUsageInstruction,
  Currency,
  decodeJob,
  decodeJobsConfig,
  decodeUserProfile,
  endJobInstruction,
  jobKey,
  jobsConfigKey,
  parseIoJobsEvents,
  registerReferralInstruction,
  reputationOf,
  setDiscountTiersInstruction,
  setOracleSetInstruction,
  settleJobFromState,
  settleJobsInstruction,
  userProfileKey,
  IO_JOBS_PROGRAM_ID,
} from "../sdk/src";
import { Rng } from "./fuzz/rng";
import { expectError, expectOk } from "./harness";
import { JobsWorld, User, TEST_DISCOUNT_TIERS as TIERS } from "./jobs-world";

const HOUR = 3_600;
describe("attest_reputation: conduct the chain cannot see, through the quorum rule", () => {
  // Five oracles, quorum three: two may collude.
  let w: JobsWorld;
  let nonce = 0;
  const HONEST = [0, 1, 2];
  const COLLUDERS = [3, 4];

  beforeEach(() => {
    w = new JobsWorld({ oracles: { count: 5, quorum: 3 } });
    expectOk(w.chain.send([setDiscountTiersInstruction({ admin: w.admin.publicKey, ...TIERS })], [w.admin]));
  });

  const profileOf = (user: PublicKey) => decodeUserProfile(w.chain.account(userProfileKey(user)[0])!);
  const reputation = (user: PublicKey) => reputationOf(user, profileOf(user), decodeJobsConfig(w.chain.account(jobsConfigKey()[0])!));
  const vote = (member: number, user: PublicKey, penaltyBps: number, oracle = w.oracles[member]) =>
    w.chain.send([attestReputationInstruction({ oracle: oracle.publicKey, user, penaltyBps })], [oracle]);
  const joined = (): PublicKey => {
    const u = Keypair.generate();
    w.funded(u);
    expectOk(w.chain.send([registerReferralInstruction({ user: u.publicKey, referrer: PublicKey.default })], [u]));
    return u.publicKey;
  };
  const open = (u: User, hours = 10): PublicKey => {
    const n = new BN(nonce++);
    expectOk(w.chain.send([w.openJobInstruction(u, n, hours, Currency.Usdc)], [u.wallet]));
    return jobKey(u.wallet.publicKey, n)[0];
  };
  /** Serves `hours` of a job (a quorum attests), the user ends it, and it settles. */
  const serveAndSettle = (u: User, job: PublicKey, hours: number) => {
    w.chain.warp(hours * HOUR);
    for (const o of w.oracles.slice(0, w.quorum)) expectOk(w.chain.send([attestUsageInstruction({ oracle: o.publicKey, job, hours })], [o]));
    expectOk(w.chain.send([endJobInstruction({ caller: u.wallet.publicKey, job, node: w.node })], [u.wallet]));
    w.chain.warp(HOUR + 1);
    const entry = settleJobFromState(job, decodeJob(w.chain.account(job)!), u.token[Currency.Usdc]);
    expectOk(w.chain.send([settleJobsInstruction({ caller: w.chain.payer.publicKey, jobs: [entry], ...w.money(Currency.Usdc) })], [w.chain.payer]));
  };

  it("colluders voting first cannot set a penalty; the honest votes set one within their range", () => {
    const user = joined();
    // Given the two colluders vote the whole score away before anyone else
    for (const c of COLLUDERS) expectOk(vote(c, user, 10_000));
    // Then nothing is accepted: two votes are not a quorum on either side
    expect(profileOf(user).conductPenaltyBps).to.equal(0);
    // When one honest member votes 1,000: three votes at or above 1,000 but one at or below
    expectOk(vote(0, user, 1_000));
    expect(profileOf(user).conductPenaltyBps).to.equal(0);
    // and a second: {1,000, 1,500, 10,000, 10,000} has no figure with three votes on each side
    expectOk(vote(1, user, 1_500));
    expect(profileOf(user).conductPenaltyBps).to.equal(0);
    // When the third honest member votes 1,200: {1,000, 1,200, 1,500, 10,000, 10,000}
    const res = expectOk(vote(2, user, 1_200));
    // Then the accepted penalty is the highest honest vote, never the colluders' figure
    expect(profileOf(user).conductPenaltyBps).to.equal(1_500);
    const events = parseIoJobsEvents(res.logs).flatMap((e) => (e.name === "reputationAttested" ? [e.data as { user: PublicKey; penaltyBps: number; acceptedBps: number }] : []));
    expect(events.map((e) => [e.user.toBase58(), e.penaltyBps, e.acceptedBps])).to.deep.equal([[user.toBase58(), 1_200, 1_500]]);
    // When the colluders revise to 0 to pull it down: {0, 0, 1,000, 1,200, 1,500}
    for (const c of COLLUDERS) expectOk(vote(c, user, 0));
    // Then the penalty is still within the honest votes [1,000, 1,500]: the lowest, 1,000
    expect(profileOf(user).conductPenaltyBps).to.equal(1_000);
  });

  it("property: in any arrival order, colluders choosing after the honest votes never push the penalty outside the honest range, and three honest votes always set one", () => {
    const rng = new Rng(20_261_130);
    for (let round = 0; round < 40; round++) {
      const user = joined();
      const honest = HONEST.map(() => rng.int(10_001));
      const [lo, hi] = [Math.min(...honest), Math.max(...honest)];
      // The colluders see the honest votes and pick extremes or just outside them, and may revise.
      const pick = () => [0, 10_000, Math.max(0, lo - 1), Math.min(10_000, hi + 1), lo, hi][rng.int(6)];
      const votes: [number, number][] = [...HONEST.map((m, i): [number, number] => [m, honest[i]]), ...COLLUDERS.map((m): [number, number] => [m, pick()])];
      for (let i = votes.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [votes[i], votes[j]] = [votes[j], votes[i]];
      }
      for (const [m, v] of votes) {
        expectOk(vote(m, user, v));
        const accepted = profileOf(user).conductPenaltyBps;
        // Safety: whatever is accepted lies within the honest votes cast so far (0 = none yet)
        const cast = votes.slice(0, votes.findIndex(([mm, vv]) => mm === m && vv === v) + 1).filter(([mm]) => HONEST.includes(mm)).map(([, vv]) => vv);
        if (accepted !== 0 || cast.includes(0)) {
          expect(cast.length, `round ${round}: a penalty with no honest vote`).to.be.greaterThan(0);
          expect(accepted, `round ${round}`).to.be.within(Math.min(...cast), Math.max(...cast));
        }
        if (rng.int(3) === 0 && COLLUDERS.includes(m)) expectOk(vote(m, user, pick()));
      }
      // Liveness: every honest member voted, so a penalty within their range is accepted
      expect(profileOf(user).conductPenaltyBps, `round ${round}`).to.be.within(lo, hi);
    }
  });

  it("the penalty takes its share off the score, so the next job's discount falls; a job opened before keeps its discount", () => {
    // Given a user whose $1.20 of fees paid reach tier 2 (25% off)
    const u = w.user();
    serveAndSettle(u, open(u, 12), 12);
    const before = reputation(u.wallet.publicKey);
    expect([before.score.toNumber(), before.tier]).to.deep.equal([1_200_000, 2]);
    const early = open(u);
    expect(decodeJob(w.chain.account(early)!).discountBps).to.equal(2_500);
    // When the oracles agree on a 70% penalty
    for (const m of HONEST) expectOk(vote(m, u.wallet.publicKey, 7_000));
    // Then the score is 30% of $1.20 = $0.36, below tier 1: the next job opens at the full fee
    const after = reputation(u.wallet.publicKey);
    expect([after.conductPenaltyBps, after.score.toNumber(), after.tier]).to.deep.equal([7_000, 360_000, 0]);
    const late = open(u);
    expect([decodeJob(w.chain.account(late)!).discountBps, decodeJob(w.chain.account(late)!).networkFeeBps]).to.deep.equal([0, 500]);
    // and the job opened before keeps the discount it opened with
    expect(decodeJob(w.chain.account(early)!).discountBps).to.equal(2_500);
    // When the oracles later agree the user is clean again, the score is whole
    for (const m of HONEST) expectOk(vote(m, u.wallet.publicKey, 0));
    expect(reputation(u.wallet.publicKey).score.toNumber()).to.equal(1_200_000);
  });

  it("a stranger, a penalty above 10,000 and an account that is not a profile are refused, nothing changed", () => {
    const user = joined();
    for (const m of HONEST) expectOk(vote(m, user, 2_000));
    const key = userProfileKey(user)[0];
    const bytes = Buffer.from(w.chain.account(key)!.data);
    // A stranger (the user itself, or the admin) is no oracle
    const stranger = w.funded(Keypair.generate());
    expectError(vote(0, user, 0, stranger), "NotOracle");
    expectError(vote(0, user, 10_001), "InvalidPenalty");
    // A job account in the profile's place, and a profile that does not exist
    const u = w.user();
    const job = open(u);
    const asJob = attestReputationInstruction({ oracle: w.oracles[0].publicKey, user, penaltyBps: 0 });
    asJob.keys[2].pubkey = job;
    expectError(w.chain.send([asJob], [w.oracles[0]]), "InvalidProfile");
    expectError(vote(0, Keypair.generate().publicKey, 0), "InvalidProfile");
    expect(Buffer.from(w.chain.account(key)!.data).equals(bytes)).to.equal(true);
    expect(w.chain.account(userProfileKey(user)[0])!.owner.equals(IO_JOBS_PROGRAM_ID)).to.equal(true);
  });

  it("a new oracle set votes afresh: the old members are refused, the penalty stays until the new set agrees", () => {
    const user = joined();
    for (const m of HONEST) expectOk(vote(m, user, 3_000));
    expect(profileOf(user).conductPenaltyBps).to.equal(3_000);
    // When the admin moves to a new set of three (quorum two) with one member kept
    const fresh = [w.oracles[0], w.funded(Keypair.generate()), w.funded(Keypair.generate())];
    expectOk(w.chain.send([setOracleSetInstruction({ admin: w.admin.publicKey, quorum: 2, members: fresh.map((o) => o.publicKey) })], [w.admin]));
    // Then an old member outside it is refused, and the kept one's first vote starts a new round
    expectError(vote(1, user, 0), "NotOracle");
    expectOk(vote(0, user, 0, fresh[0]));
    expect(profileOf(user).conductMask).to.equal(1);
    expect(profileOf(user).conductPenaltyBps).to.equal(3_000);
    // Two votes of the new set that differ ({0, 500}) have no figure with two votes on each side
    expectOk(vote(1, user, 500, fresh[1]));
    expect(profileOf(user).conductPenaltyBps).to.equal(3_000);
    // The third: {0, 500, 500}, and 500 is the penalty
    expectOk(vote(2, user, 500, fresh[2]));
    expect(profileOf(user).conductPenaltyBps).to.equal(500);
  });

  it("attest_reputation costs at most 3,000 CU", () => {
    const user = joined();
    for (const m of [...HONEST, ...COLLUDERS]) {
      const res = expectOk(w.chain.send([attestReputationInstruction({ oracle: w.oracles[m].publicKey, user, penaltyBps: 100 * m })], [w.oracles[m]]));
      expect(res.computeUnits).to.be.at.most(3_000);
    }
  });
});
