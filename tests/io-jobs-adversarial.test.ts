/**
 * io_jobs against attackers, on the real .so: colluding oracles below the quorum, a user and an
 * oracle colluding in a dispute, a dispute nobody answers, billing after the end, a node's owner
 * front-running the user's payment, fee changes reaching paid jobs, the io_token admin
 * redirecting held IOSD, and the orderings, window edges, clock jumps and foreign accounts an
 * attacker can choose. Each refusal is checked by its error name and by the state not changing.
 */
import { expect } from "chai";
import BN from "bn.js";
import { getAssociatedTokenAddressSync, TOKEN_2022_PROGRAM_ID, createAssociatedTokenAccountIdempotentInstruction } from "@solana/spl-token";
import { Keypair, PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import {
  attestUsageInstruction,
  authorityKey,
  cancelJobInstruction,
  Currency,
  currencyAccounts,
  decodeIosdState,
  decodeJob,
  DEFAULT_JOBS_PARAMS,
  DISPUTE_OPEN,
  DISPUTE_RESOLVED,
  disputeJobInstruction,
  endJobInstruction,
  IO_TOKEN_PROGRAM_ID,
  iosdMintKey,
  iosdStateKey,
  JOB_ENDED,
  JOB_OPEN,
  jobKey,
  jobsAuthorityKey,
  nodeKey,
  parseIoJobsEvents,
  refundUnstartedInstruction,
  registerNodeInstruction,
  resolveDisputeInstruction,
  setIosdSpenderInstruction,
  setJobParamsInstruction,
  setOracleSetInstruction,
  settleJobsInstruction,
  SettleJob,
  updateNodeInstruction,
} from "../sdk/src";
import { ioTokenCoder } from "./anchor-coder";
import { expectError, expectOk } from "./harness";
import { JobsWorld, NODE_TERMS, USD, User } from "./jobs-world";

const HOUR = 3_600;
const DISPUTE_WINDOW = DEFAULT_JOBS_PARAMS.disputeWindow;

/** The moves every test here needs, on one world. */
class Jobs {
  private nonce = 0;
  constructor(readonly w: JobsWorld, readonly u: User) {}

  /** Opens a job of `hours` at the current quote; returns its address. */
  open(currency = Currency.Usdc, hours = 10, user = this.u): PublicKey {
    const nonce = new BN(this.nonce++);
    expectOk(this.w.chain.send([this.w.openJobInstruction(user, nonce, hours, currency)], [user.wallet]));
    return jobKey(user.wallet.publicKey, nonce)[0];
  }
  attest(oracle: Keypair, job: PublicKey, hours: number) {
    return this.w.chain.send([attestUsageInstruction({ oracle: oracle.publicKey, job, hours })], [oracle]);
  }
  /** end_job signed by `by` (the job's user by default; a node's owner or anyone else), naming `node`. */
  end(job: PublicKey, by: User | Keypair = this.u, node = this.w.node) {
    const signer = by instanceof Keypair ? by : by.wallet;
    return this.w.chain.send([endJobInstruction({ caller: signer.publicKey, job, node })], [signer]);
  }
  dispute(job: PublicKey, user = this.u) {
    return this.w.chain.send([disputeJobInstruction({ user: user.wallet.publicKey, job })], [user.wallet]);
  }
  resolve(job: PublicKey, hours: number, admin = this.w.admin) {
    return this.w.chain.send([resolveDisputeInstruction({ admin: admin.publicKey, job, hours })], [admin]);
  }
  entry(job: PublicKey, currency = Currency.Usdc, user = this.u): SettleJob {
    return { job, node: this.w.node, user: user.wallet.publicKey, userToken: user.token[currency] };
  }
  settle(job: PublicKey, currency = Currency.Usdc, user = this.u) {
    const { w } = this;
    return w.chain.send([settleJobsInstruction({ caller: w.chain.payer.publicKey, jobs: [this.entry(job, currency, user)], ...w.money(currency) })], [w.chain.payer]);
  }
  job(key: PublicKey) {
    return decodeJob(this.w.chain.account(key)!);
  }
  /** The served hours of a settlement's JobSettled event. */
  served(logs: string[]): number {
    return parseIoJobsEvents(logs).find((e) => e.name === "jobSettled")!.data.servedHours as number;
  }
}

describe("io_jobs against attackers: the review's findings", () => {
  it("finding 1: two colluders of five voting 10 h before one honest 2 h lock nothing in (the M-th highest vote, never lowered)", () => {
    // Given five oracles, quorum three; a 10-hour job ten hours old whose node served 2 hours
    const w = new JobsWorld({ oracles: { count: 5, quorum: 3 } });
    const jobs = new Jobs(w, w.user());
    const key = jobs.open();
    w.chain.warp(10 * HOUR);
    const [c1, c2, h1, h2, h3] = w.oracles;
    // When the two colluders vote 10 h first, then the honest oracles 2 h
    expectOk(jobs.attest(c1, key, 10));
    expectOk(jobs.attest(c2, key, 10));
    expect(jobs.job(key).attestedHours).to.equal(0);
    expectOk(jobs.attest(h1, key, 2));
    // Then the accepted usage is the third-highest vote, 2 h, not the lower median 10 h
    expect(jobs.job(key).attestedHours).to.equal(2);
    const settleAfter = jobs.job(key).settleAfter.toNumber();
    expect(settleAfter).to.equal(Number(w.chain.now()) + DEFAULT_JOBS_PARAMS.challengeWindow);
    expectOk(jobs.attest(h2, key, 2));
    expectOk(jobs.attest(h3, key, 2));
    expect(jobs.job(key).attestedHours).to.equal(2);
    // An honest oracle raising to 3 makes three votes at or above 3, one of them honest: the
    // figure rises to 3 (still within the honest votes) and the window restarts
    w.chain.warp(60);
    expectOk(jobs.attest(h1, key, 3));
    expect(jobs.job(key).attestedHours).to.equal(3);
    expect(jobs.job(key).settleAfter.toNumber()).to.equal(Number(w.chain.now()) + DEFAULT_JOBS_PARAMS.challengeWindow);
    expectOk(jobs.end(key));
    w.chain.warp(HOUR);
    expect(jobs.served(expectOk(jobs.settle(key)).logs)).to.equal(3);
  });

  it("finding 2: a dispute round resolves only when M votes agree from both sides (colluder 0 + honest 7 settle nothing)", () => {
    // Given quorum two of three and 7 hours accepted, then disputed by the user
    const w = new JobsWorld();
    const jobs = new Jobs(w, w.user());
    const [colluder, h1, h2] = w.oracles;
    const key = jobs.open();
    w.chain.warp(7 * HOUR);
    expectOk(jobs.attest(h1, key, 7));
    expectOk(jobs.attest(h2, key, 7));
    expectOk(jobs.dispute(key));
    // When the user's colluding oracle votes 0 and one honest oracle 7
    expectOk(jobs.attest(colluder, key, 0));
    const res = expectOk(jobs.attest(h1, key, 7));
    // Then nothing is final: the job stays disputed, its usage round still at 7
    expect(parseIoJobsEvents(res.logs).map((e) => e.name)).to.deep.equal(["usageAttested"]);
    expect([jobs.job(key).dispute, jobs.job(key).attestedHours]).to.deep.equal([DISPUTE_OPEN, 7]);
    expectError(jobs.settle(key), "JobDisputed");
    // And a second honest 7 resolves it at 7, final at once
    const done = expectOk(jobs.attest(h2, key, 7));
    const resolved = parseIoJobsEvents(done.logs).find((e) => e.name === "disputeResolved")!;
    expect([resolved.data.hours, resolved.data.byAdmin]).to.deep.equal([7, false]);
    const j = jobs.job(key);
    expect([j.dispute, j.attestedHours, j.settleAfter.toString()]).to.deep.equal([DISPUTE_RESOLVED, 7, w.chain.now().toString()]);
    expectError(jobs.attest(colluder, key, 1), "UsageFinal");
    expect(jobs.served(expectOk(jobs.settle(key)).logs)).to.equal(7);
  });

  it("finding 3: a dispute nobody answers lapses at its deadline and anyone settles on the accepted figure", () => {
    // Given 4 hours accepted on a running 10-hour job
    const w = new JobsWorld();
    const jobs = new Jobs(w, w.user());
    const key = jobs.open();
    w.chain.warp(4 * HOUR);
    expectOk(jobs.attest(w.oracles[0], key, 4));
    expectOk(jobs.attest(w.oracles[1], key, 4));
    // When the user disputes: the job ends now (billing stops) with a deadline one dispute window away
    const disputedAt = Number(w.chain.now());
    const res = expectOk(jobs.dispute(key));
    const event = parseIoJobsEvents(res.logs).find((e) => e.name === "jobDisputed")!;
    expect((event.data.deadline as BN).toNumber()).to.equal(disputedAt + DISPUTE_WINDOW);
    let j = jobs.job(key);
    expect([j.state, j.endedAt.toNumber(), j.disputeDeadline.toNumber()]).to.deep.equal([JOB_ENDED, disputedAt, disputedAt + DISPUTE_WINDOW]);
    expectError(jobs.end(key), "JobEnded");
    // Then nobody votes; until the deadline the job is frozen
    w.chain.warp(DISPUTE_WINDOW - 1);
    const watched = [key, w.node, jobs.u.token[Currency.Usdc]];
    const before = w.chain.snapshot(watched);
    expectError(jobs.settle(key), "JobDisputed");
    expect(w.chain.snapshot(watched)).to.equal(before);
    // After it, late votes and the admin are refused, and anyone settles on the 4 hours
    w.chain.warp(1);
    expectError(jobs.attest(w.oracles[2], key, 4), "DisputeExpired");
    expectError(jobs.resolve(key, 1), "DisputeExpired");
    expect(w.chain.snapshot(watched)).to.equal(before);
    j = jobs.job(key);
    expect([j.dispute, j.attestedHours]).to.deep.equal([DISPUTE_OPEN, 4]);
    expect(jobs.served(expectOk(jobs.settle(key)).logs)).to.equal(4);
  });

  it("finding 3: before the deadline the admin still resolves, and the ended job bills no further hours", () => {
    const w = new JobsWorld();
    const jobs = new Jobs(w, w.user());
    const key = jobs.open();
    w.chain.warp(2 * HOUR + 1);
    expectOk(jobs.attest(w.oracles[0], key, 3));
    expectOk(jobs.attest(w.oracles[1], key, 3));
    expectOk(jobs.dispute(key));
    w.chain.warp(10 * HOUR);
    // Ended at the dispute (2 h + 1 s): at most 3 hours, however late the votes or the admin
    expectError(jobs.attest(w.oracles[2], key, 4), "UsageExceedsElapsed");
    expectError(jobs.resolve(key, 4), "UsageExceedsElapsed");
    expectOk(jobs.resolve(key, 2));
    expect(jobs.served(expectOk(jobs.settle(key)).logs)).to.equal(2);
  });

  it("finding 4: usage is capped by the hours elapsed, up to the end: 3 h after an end at 2.5 h, never 4", () => {
    const w = new JobsWorld();
    const jobs = new Jobs(w, w.user());
    const [o0, o1] = w.oracles;
    const key = jobs.open();
    // Before the end: 1.5 h elapsed allows 2 hours, not 3
    w.chain.warp(1.5 * HOUR);
    const before = w.chain.snapshot([key]);
    expectError(jobs.attest(o0, key, 3), "UsageExceedsElapsed");
    expect(w.chain.snapshot([key])).to.equal(before);
    expectOk(jobs.attest(o0, key, 2));
    // The user ends at 2.5 h: 3 hours pass, 4 are refused
    w.chain.warp(HOUR);
    expectOk(jobs.end(key));
    expectOk(jobs.attest(o0, key, 3));
    expectError(jobs.attest(o1, key, 4), "UsageExceedsElapsed");
    // Later clock jumps do not raise the cap of an ended job
    w.chain.warp(100 * HOUR);
    const after = w.chain.snapshot([key]);
    expectError(jobs.attest(o1, key, 4), "UsageExceedsElapsed");
    expectError(jobs.attest(o1, key, 11), "UsageExceedsJob");
    expect(w.chain.snapshot([key])).to.equal(after);
    expectOk(jobs.attest(o1, key, 3));
    expect(jobs.job(key).attestedHours).to.equal(3);
  });

  it("finding 4: right after opening nothing can be attested; one second later, one started hour", () => {
    const w = new JobsWorld();
    const jobs = new Jobs(w, w.user());
    const key = jobs.open();
    expectError(jobs.attest(w.oracles[0], key, 1), "UsageExceedsElapsed");
    w.chain.warp(1);
    expectOk(jobs.attest(w.oracles[0], key, 1));
    expectError(jobs.attest(w.oracles[1], key, 2), "UsageExceedsElapsed");
  });

  it("finding 5: the node's owner raising its price in front of the user's open_job makes it fail with PaymentAboveMax; nothing moves", () => {
    const w = new JobsWorld();
    const u = w.user();
    // Given the user's quote: 10 h at $2.00 = 20 USDC + 2% = 20.40 USDC
    const quote = w.quote(Currency.Usdc, 10);
    expect(quote.toString()).to.equal("20400000");
    const ix = w.openJobInstruction(u, new BN(1), 10, Currency.Usdc, { maxPayment: quote });
    // When the owner raises the price to $95/h first (10 h would cost 969 USDC)
    expectOk(w.chain.send([updateNodeInstruction({ owner: w.nodeOwner.publicKey, node: w.node, ...NODE_TERMS, pricePerHour: USD.muln(95) })], [w.nodeOwner]));
    const [job] = jobKey(u.wallet.publicKey, new BN(1));
    const escrow = currencyAccounts(Currency.Usdc, w.usdcMint).vault;
    const watched = [u.token[Currency.Usdc], escrow, w.node, job];
    const before = w.chain.snapshot(watched);
    // Then the user's transaction fails and nothing moved
    expectError(w.chain.send([ix], [u.wallet]), "PaymentAboveMax");
    expect(w.chain.snapshot(watched)).to.equal(before);
    // At the new price the guard passes exactly at the quote and not one unit below it
    const high = w.quote(Currency.Usdc, 10);
    expect(high.toString()).to.equal("969000000");
    expectError(w.chain.send([w.openJobInstruction(u, new BN(2), 10, Currency.Usdc, { maxPayment: high.subn(1) })], [u.wallet]), "PaymentAboveMax");
    expectOk(w.chain.send([w.openJobInstruction(u, new BN(2), 10, Currency.Usdc, { maxPayment: high })], [u.wallet]));
  });

  it("finding 5: for IO the guard bounds the IO amount (the price falling between quote and opening)", () => {
    const w = new JobsWorld();
    const u = w.user();
    const quote = w.quote(Currency.Io, 10);
    w.chain.warp(60);
    w.postPrice(1.7);
    const escrow = currencyAccounts(Currency.Io, w.usdcMint).vault;
    const before = w.chain.snapshot([u.token[Currency.Io], escrow, w.node]);
    expectError(w.chain.send([w.openJobInstruction(u, new BN(1), 10, Currency.Io, { maxPayment: quote })], [u.wallet]), "PaymentAboveMax");
    expect(w.chain.snapshot([u.token[Currency.Io], escrow, w.node])).to.equal(before);
    expectOk(w.chain.send([w.openJobInstruction(u, new BN(1), 10, Currency.Io)], [u.wallet]));
  });

  it("finding 6: fees and the start timeout are fixed at opening: a 100% network fee set later does not reach a paid job", () => {
    const w = new JobsWorld();
    const jobs = new Jobs(w, w.user());
    const served = jobs.open(Currency.Usdc, 1);
    const unstarted = jobs.open(Currency.Usdc, 1);
    // When the admin raises both fees to 100% and the start timeout to 30 days
    const params = { ...DEFAULT_JOBS_PARAMS, networkFeeBps: 10_000, usdcSupplierFeeBps: 10_000, startTimeout: 30 * 24 * HOUR };
    expectOk(w.chain.send([setJobParamsInstruction({ admin: w.admin.publicKey, ...params })], [w.admin]));
    // Then the job settles at the 5% network fee and 2% supplier fee it was opened with
    w.chain.warp(HOUR);
    expectOk(jobs.attest(w.oracles[0], served, 1));
    expectOk(jobs.attest(w.oracles[1], served, 1));
    w.chain.warp(HOUR);
    const settled = parseIoJobsEvents(expectOk(jobs.settle(served)).logs).find((e) => e.name === "jobSettled")!;
    // $2 at 5%: fee $0.10; USD share 80% of $1.90 = $1.52 less 2%; facilitation $0.04 kept
    expect((settled.data.supplier as BN).toString()).to.equal("1489600");
    expect((settled.data.fees as BN).toString()).to.equal(String(100_000 + 30_400 + 40_000));
    // And the unstarted job is refundable after its own one-hour timeout
    const stranger = w.chain.wallet();
    const refund = refundUnstartedInstruction({ caller: stranger.publicKey, job: unstarted, node: w.node, user: jobs.u.wallet.publicKey, userToken: jobs.u.token[Currency.Usdc], ...w.money(Currency.Usdc) });
    expectOk(w.chain.send([refund], [stranger]));
    // A job opened now carries the new terms
    const later = jobs.open(Currency.Usdc, 1);
    const j = jobs.job(later);
    expect([j.networkFeeBps, j.supplierFeeBps, j.startTimeout, j.disputeWindow]).to.deep.equal([10_000, 10_000, 30 * 24 * HOUR, DISPUTE_WINDOW]);
    w.postPrice();
    const io = jobs.job(jobs.open(Currency.Io, 1));
    expect([io.networkFeeBps, io.supplierFeeBps]).to.deep.equal([10_000, 0]);
  });

  it("finding 7: with an IOSD job open, the io_token admin can neither name itself spender nor release the held IOSD", () => {
    const w = new JobsWorld();
    const jobs = new Jobs(w, w.user());
    const [state] = iosdStateKey();
    // init_iosd named io_jobs' authority
    expect(decodeIosdState(w.chain.account(state)!).spender.equals(jobsAuthorityKey()[0])).to.equal(true);
    const key = jobs.open(Currency.Iosd, 10);
    expect(decodeIosdState(w.chain.account(state)!).held.toString()).to.equal("20000000");
    const admin = w.admin;
    const adminIosd = getAssociatedTokenAddressSync(iosdMintKey()[0], admin.publicKey, false, TOKEN_2022_PROGRAM_ID);
    expectOk(w.chain.send([createAssociatedTokenAccountIdempotentInstruction(admin.publicKey, adminIosd, admin.publicKey, iosdMintKey()[0], TOKEN_2022_PROGRAM_ID)], [admin]));
    const meta = (pubkey: PublicKey, isWritable: boolean, isSigner = false) => ({ pubkey, isWritable, isSigner });
    const releaseAll = new TransactionInstruction({
      programId: IO_TOKEN_PROGRAM_ID,
      keys: [meta(admin.publicKey, false, true), meta(state, true), meta(iosdMintKey()[0], true), meta(adminIosd, true), meta(authorityKey()[0], false), meta(TOKEN_2022_PROGRAM_ID, false)],
      data: ioTokenCoder.instruction.encode("releaseIosd", { amount: new BN(20_000_000), retire: new BN(0) }),
    });
    const watched = [state, adminIosd, iosdMintKey()[0]];
    const before = w.chain.snapshot(watched);
    // The attack: name itself spender, then release everything held to itself
    expectError(w.chain.send([setIosdSpenderInstruction({ admin: admin.publicKey, spender: admin.publicKey })], [admin]), "IosdStillHeld");
    expectError(w.chain.send([releaseAll], [admin]), "NotIosdSpender");
    expectError(w.chain.send([setIosdSpenderInstruction({ admin: admin.publicKey, spender: admin.publicKey }), releaseAll], [admin]), "IosdStillHeld");
    expect(w.chain.snapshot(watched)).to.equal(before);
    // Once nothing is held (the job cancelled), the admin may change it (governance will own the admin)
    expectOk(w.chain.send([cancelJobInstruction({ job: key, node: w.node, user: jobs.u.wallet.publicKey, userToken: jobs.u.token[Currency.Iosd], ...w.money(Currency.Iosd) })], [jobs.u.wallet]));
    expect(decodeIosdState(w.chain.account(state)!).held.toString()).to.equal("0");
    expectOk(w.chain.send([setIosdSpenderInstruction({ admin: admin.publicKey, spender: jobsAuthorityKey()[0] })], [admin]));
  });
});

describe("io_jobs against attackers: orderings, edges and foreign accounts", () => {
  let w: JobsWorld;
  let jobs: Jobs;

  beforeEach(() => {
    w = new JobsWorld();
    jobs = new Jobs(w, w.user());
  });

  it("a colluder of a quorum of two can neither raise the running figure above the honest votes nor hold it down", () => {
    const [colluder, h1, h2] = w.oracles;
    const high = jobs.open();
    const low = jobs.open();
    w.chain.warp(9 * HOUR);
    // Raising: the colluder's 9 with one honest 4 gives 4
    expectOk(jobs.attest(colluder, high, 9));
    expectOk(jobs.attest(h1, high, 4));
    expect(jobs.job(high).attestedHours).to.equal(4);
    expectOk(jobs.attest(h2, high, 4));
    expect(jobs.job(high).attestedHours).to.equal(4);
    // Holding down: the colluder's 0 first; two honest 6 give 6
    expectOk(jobs.attest(colluder, low, 0));
    expectOk(jobs.attest(h1, low, 6));
    expect(jobs.job(low).attestedHours).to.equal(0);
    expectOk(jobs.attest(h2, low, 6));
    expect(jobs.job(low).attestedHours).to.equal(6);
  });

  it("a colluder voting high in a dispute round blocks nothing: two honest votes below it resolve", () => {
    const [colluder, h1, h2] = w.oracles;
    const key = jobs.open();
    w.chain.warp(6 * HOUR);
    expectOk(jobs.attest(colluder, key, 6));
    expectOk(jobs.attest(h1, key, 6));
    expectOk(jobs.dispute(key));
    expectOk(jobs.attest(colluder, key, 6));
    expectOk(jobs.attest(h1, key, 4));
    expect(jobs.job(key).dispute).to.equal(DISPUTE_OPEN);
    // Each oracle's figure only rises within the round
    expectError(jobs.attest(colluder, key, 5), "UsageDecreased");
    expectOk(jobs.attest(h2, key, 4));
    expect([jobs.job(key).dispute, jobs.job(key).attestedHours]).to.deep.equal([DISPUTE_RESOLVED, 4]);
  });

  it("a set change mid-dispute resets the round, keeps the accepted figure, and refuses the removed member", () => {
    const [o0, o1, o2] = w.oracles;
    const key = jobs.open();
    w.chain.warp(5 * HOUR);
    expectOk(jobs.attest(o0, key, 5));
    expectOk(jobs.attest(o1, key, 5));
    expectOk(jobs.dispute(key));
    expectOk(jobs.attest(o0, key, 3));
    const fresh = w.funded(Keypair.generate());
    expectOk(w.chain.send([setOracleSetInstruction({ admin: w.admin.publicKey, quorum: 2, members: [o1.publicKey, o2.publicKey, fresh.publicKey] })], [w.admin]));
    const before = w.chain.snapshot([key]);
    expectError(jobs.attest(o0, key, 3), "NotOracle");
    expect(w.chain.snapshot([key])).to.equal(before);
    // o0's 3 no longer counts: o1's 3 alone resolves nothing
    expectOk(jobs.attest(o1, key, 3));
    expect([jobs.job(key).dispute, jobs.job(key).attestedHours]).to.deep.equal([DISPUTE_OPEN, 5]);
    expectOk(jobs.attest(fresh, key, 3));
    expect([jobs.job(key).dispute, jobs.job(key).attestedHours]).to.deep.equal([DISPUTE_RESOLVED, 3]);
  });

  it("a set change mid-round resets the votes but never lowers the accepted figure", () => {
    const [o0, o1, o2] = w.oracles;
    const key = jobs.open();
    w.chain.warp(5 * HOUR);
    expectOk(jobs.attest(o0, key, 5));
    expectOk(jobs.attest(o1, key, 5));
    expectOk(w.chain.send([setOracleSetInstruction({ admin: w.admin.publicKey, quorum: 2, members: [o1.publicKey, o2.publicKey] })], [w.admin]));
    expectOk(jobs.attest(o1, key, 2));
    expectOk(jobs.attest(o2, key, 2));
    expect(jobs.job(key).attestedHours).to.equal(5);
  });

  it("the challenge window's edge: dispute until the last second, settle from the next; never both", () => {
    const [o0, o1] = w.oracles;
    const a = jobs.open(Currency.Usdc, 2);
    const b = jobs.open(Currency.Usdc, 2);
    w.chain.warp(2 * HOUR);
    for (const key of [a, b]) {
      expectOk(jobs.attest(o0, key, 2));
      expectOk(jobs.attest(o1, key, 2));
    }
    const settleAfter = jobs.job(a).settleAfter.toNumber();
    w.chain.warp(settleAfter - 1 - Number(w.chain.now()));
    const before = w.chain.snapshot([a, w.node]);
    expectError(jobs.settle(a), "NotSettleable");
    expect(w.chain.snapshot([a, w.node])).to.equal(before);
    expectOk(jobs.dispute(b)); // the last second of b's window
    w.chain.warp(1);
    expectError(jobs.dispute(a), "NotDisputable");
    expect(w.chain.snapshot([a, w.node])).to.equal(before);
    expect(jobs.served(expectOk(jobs.settle(a)).logs)).to.equal(2);
    expectError(jobs.settle(b), "JobDisputed");
  });

  it("settling first wins the race with a late attestation: the closed job takes no vote", () => {
    const [o0, o1, o2] = w.oracles;
    const key = jobs.open(Currency.Usdc, 2);
    w.chain.warp(2 * HOUR);
    expectOk(jobs.attest(o0, key, 2));
    expectOk(jobs.attest(o1, key, 2));
    w.chain.warp(HOUR);
    expectOk(jobs.settle(key));
    expectError(jobs.attest(o2, key, 2), "InvalidJob");
    expectError(jobs.dispute(key), "InvalidJob");
  });

  it("only the job's user or its node's owner ends it, only the user disputes it; a job never disputes twice; the admin resolves only open disputes", () => {
    const other = w.user();
    const key = jobs.open();
    w.chain.warp(3 * HOUR);
    expectOk(jobs.attest(w.oracles[0], key, 3));
    expectOk(jobs.attest(w.oracles[1], key, 3));
    const before = w.chain.snapshot([key]);
    expectError(jobs.end(key, other), "NotJobParty");
    expectError(jobs.dispute(key, other), "NotJobUser");
    expectError(jobs.resolve(key, 1), "NotDisputed");
    expectError(jobs.resolve(key, 1, other.wallet), "Unauthorized");
    expect(w.chain.snapshot([key])).to.equal(before);
    expectOk(jobs.dispute(key));
    const disputed = w.chain.snapshot([key]);
    expectError(jobs.dispute(key), "NotDisputable");
    expectError(jobs.resolve(key, 11), "UsageExceedsJob");
    expect(w.chain.snapshot([key])).to.equal(disputed);
    expectOk(jobs.resolve(key, 1));
    expectError(jobs.resolve(key, 2), "NotDisputed");
    expectError(jobs.dispute(key), "NotDisputable");
  });

  it("look-alike jobs and nodes of another program, and another user's job, are refused", () => {
    const other = w.user();
    const key = jobs.open();
    w.chain.warp(2 * HOUR);
    // A copy of a real job owned by the system program
    const fake = Keypair.generate().publicKey;
    w.chain.setAccount(fake, { data: w.chain.account(key)!.data, owner: SystemProgram.programId });
    const fakeNode = Keypair.generate().publicKey;
    w.chain.setAccount(fakeNode, { data: w.chain.account(w.node)!.data, owner: SystemProgram.programId });
    expectError(jobs.attest(w.oracles[0], fake, 1), "InvalidJob");
    expectError(jobs.dispute(fake), "InvalidJob");
    expectError(jobs.end(fake), "InvalidJob");
    // Opening on a look-alike node
    const nonce = new BN(77);
    const onFake = w.openJobInstruction(jobs.u, nonce, 1, Currency.Usdc, { maxPayment: USD.muln(100) });
    onFake.keys[2] = { ...onFake.keys[2], pubkey: fakeNode };
    expectError(w.chain.send([onFake], [jobs.u.wallet]), "InvalidNode");
    // Opening at another user's job address
    const theirs = w.openJobInstruction(jobs.u, nonce, 1, Currency.Usdc);
    theirs.keys[3] = { ...theirs.keys[3], pubkey: jobKey(other.wallet.publicKey, nonce)[0] };
    expectError(w.chain.send([theirs], [jobs.u.wallet]), "InvalidJob");
    // Settling a job with another node, or the user's refund to someone else
    expectOk(jobs.attest(w.oracles[0], key, 2));
    expectOk(jobs.attest(w.oracles[1], key, 2));
    expectOk(jobs.end(key));
    w.chain.warp(HOUR);
    const watched = [key, w.node, jobs.u.token[Currency.Usdc], other.token[Currency.Usdc]];
    const before = w.chain.snapshot(watched);
    const settle = (entry: SettleJob) => w.chain.send([settleJobsInstruction({ caller: w.chain.payer.publicKey, jobs: [entry], ...w.money(Currency.Usdc) })], [w.chain.payer]);
    expectError(settle({ ...jobs.entry(key), node: fakeNode }), "WrongNode");
    expectError(settle({ ...jobs.entry(key), userToken: other.token[Currency.Usdc] }), "WrongTokenAccount");
    expectError(settle({ ...jobs.entry(key), user: other.wallet.publicKey }), "NotJobUser");
    expectError(settle({ ...jobs.entry(fake), node: w.node }), "InvalidJob");
    expect(w.chain.snapshot(watched)).to.equal(before);
  });

  it("another currency's mint or escrow is refused at opening, cancel and refund, before any transfer", () => {
    const key = jobs.open(Currency.Usdc, 1);
    const io = currencyAccounts(Currency.Io, w.usdcMint);
    const watched = [key, w.node, jobs.u.token[Currency.Usdc], currencyAccounts(Currency.Usdc, w.usdcMint).vault, io.vault];
    const before = w.chain.snapshot(watched);
    // USDC paid into IO's escrow
    const open = w.openJobInstruction(jobs.u, new BN(50), 1, Currency.Usdc);
    open.keys[6] = { ...open.keys[6], pubkey: io.vault };
    expectError(w.chain.send([open], [jobs.u.wallet]), "InvalidVault");
    // A USDC job cancelled or refunded through IO's accounts
    const exit = { job: key, node: w.node, user: jobs.u.wallet.publicKey, userToken: jobs.u.token[Currency.Io], ...w.money(Currency.Io) };
    expectError(w.chain.send([cancelJobInstruction(exit)], [jobs.u.wallet]), "InvalidVault");
    w.chain.warp(HOUR);
    const stranger = w.chain.wallet();
    expectError(w.chain.send([refundUnstartedInstruction({ caller: stranger.publicKey, ...exit })], [stranger]), "InvalidVault");
    expect(w.chain.snapshot(watched)).to.equal(before);
  });

  it("a dispute in the window's last second still gives the oracles a whole dispute window to answer", () => {
    const key = jobs.open();
    w.chain.warp(3 * HOUR);
    expectOk(jobs.attest(w.oracles[0], key, 3));
    expectOk(jobs.attest(w.oracles[1], key, 3));
    w.chain.warp(DEFAULT_JOBS_PARAMS.challengeWindow - 1);
    expectOk(jobs.dispute(key));
    const j = jobs.job(key);
    expect(j.state).to.equal(JOB_ENDED);
    expect(j.disputeDeadline.toNumber()).to.equal(Number(w.chain.now()) + DISPUTE_WINDOW);
    // The oracles answer within the deadline
    w.chain.warp(DISPUTE_WINDOW - 1);
    expectOk(jobs.attest(w.oracles[1], key, 3));
    expectOk(jobs.attest(w.oracles[2], key, 3));
    expect(jobs.job(key).dispute).to.equal(DISPUTE_RESOLVED);
    expect(jobs.served(expectOk(jobs.settle(key)).logs)).to.equal(3);
  });

  it("a job still open is not ended by a failed dispute", () => {
    const key = jobs.open();
    w.chain.warp(HOUR);
    const before = w.chain.snapshot([key]);
    expectError(jobs.dispute(key), "NotDisputable"); // nothing accepted yet
    expect(w.chain.snapshot([key])).to.equal(before);
    expect(jobs.job(key).state).to.equal(JOB_OPEN);
  });
});

describe("io_jobs against attackers: the second review's findings", () => {
  it("J1: a user cannot take back the payment for hours an oracle already attested, by cancelling before the quorum's second vote lands", () => {
    // Given a 10-hour USDC job that the node served for 3 hours (2-of-3 oracles)
    const w = new JobsWorld();
    const jobs = new Jobs(w, w.user());
    const [a, b] = w.oracles;
    const usdc = jobs.u.token[Currency.Usdc];
    const key = jobs.open();
    w.chain.warp(3 * HOUR);
    // One honest oracle's vote of 3 hours is on chain; the second is on its way
    expectOk(jobs.attest(a, key, 3));
    expect(jobs.job(key).attestedHours).to.equal(0); // below the quorum: nothing accepted yet
    // When the user cancels in front of the second vote
    const watched = [key, w.node, usdc];
    const before = w.chain.snapshot(watched);
    const cancel = cancelJobInstruction({ job: key, node: w.node, user: jobs.u.wallet.publicKey, userToken: usdc, ...w.money(Currency.Usdc) });
    // Then the cancel is refused and nothing moved: served hours are on record
    expectError(w.chain.send([cancel], [jobs.u.wallet]), "JobStarted");
    expect(w.chain.snapshot(watched)).to.equal(before);
    // and once the second vote lands the node is paid for the 3 hours
    expectOk(jobs.attest(b, key, 3));
    expect(jobs.job(key).attestedHours).to.equal(3);
  });

  it("J1: a colluder's vote blocking a no-show node's cancel only forces end_job, and settlement refunds everything on the honest 0", () => {
    // Given a 10-hour USDC job on a node that never starts; a colluding oracle (c) votes 2 hours
    // to keep the user from cancelling it or anyone refunding it
    const w = new JobsWorld();
    const jobs = new Jobs(w, w.user());
    const [h, , c] = w.oracles;
    const usdc = jobs.u.token[Currency.Usdc];
    const start = w.balance(usdc);
    const key = jobs.open();
    w.chain.warp(2 * HOUR);
    expectOk(jobs.attest(c, key, 2));
    const exit = { job: key, node: w.node, user: jobs.u.wallet.publicKey, userToken: usdc, ...w.money(Currency.Usdc) };
    const watched = [key, w.node, usdc];
    const before = w.chain.snapshot(watched);
    // When the user cancels, or anyone refunds it after the start timeout: both refused, nothing moved
    expectError(w.chain.send([cancelJobInstruction(exit)], [jobs.u.wallet]), "JobStarted");
    const stranger = w.chain.wallet();
    expectError(w.chain.send([refundUnstartedInstruction({ caller: stranger.publicKey, ...exit })], [stranger]), "JobStarted");
    expect(w.chain.snapshot(watched)).to.equal(before);
    // Then the user ends the job and an honest oracle attests the 0 hours served
    expectOk(jobs.end(key));
    expectOk(jobs.attest(h, key, 0));
    expect(jobs.job(key).attestedHours).to.equal(0); // the second highest of {2, 0}
    expectError(jobs.settle(key), "NotSettleable");
    // and after the challenge window settlement refunds every unit paid, the fee included
    w.chain.warp(DEFAULT_JOBS_PARAMS.challengeWindow);
    expect(jobs.served(expectOk(jobs.settle(key)).logs)).to.equal(0);
    expect(w.balance(usdc).toString()).to.equal(start.toString());
  });

  it("J1: a no-show job a colluder's vote keeps from refund_unstarted, and nobody ends, settles in full to the user at its expiry", () => {
    // Given a 2-hour USDC job whose node never starts, a colluder's vote of 1 hour, and a user who walked away
    const w = new JobsWorld();
    const jobs = new Jobs(w, w.user());
    const usdc = jobs.u.token[Currency.Usdc];
    const start = w.balance(usdc);
    const key = jobs.open(Currency.Usdc, 2);
    w.chain.warp(HOUR);
    expectOk(jobs.attest(w.oracles[2], key, 1));
    const stranger = w.chain.wallet();
    const refund = () => w.chain.send([refundUnstartedInstruction({ caller: stranger.publicKey, job: key, node: w.node, user: jobs.u.wallet.publicKey, userToken: usdc, ...w.money(Currency.Usdc) })], [stranger]);
    expectError(refund(), "JobStarted");
    // When the job's expiry (opened + its start timeout + 2 hours) comes: not a second before
    const expires = jobs.job(key).openedAt.toNumber() + jobs.job(key).startTimeout + 2 * HOUR;
    w.chain.warp(expires - 1 - Number(w.chain.now()));
    expectError(jobs.settle(key), "NotSettleable");
    w.chain.warp(1);
    // Then anyone settles it on the quorum's figure, 0: the user has everything back
    expectError(refund(), "JobStarted");
    expect(jobs.served(expectOk(jobs.settle(key)).logs)).to.equal(0);
    expect(w.balance(usdc).toString()).to.equal(start.toString());
  });

  it("J1: a vote of 0 is no served hour: the user still cancels; and an accepted figure blocks even after the round is replaced", () => {
    const w = new JobsWorld();
    const jobs = new Jobs(w, w.user());
    const [o0, o1, o2] = w.oracles;
    const usdc = jobs.u.token[Currency.Usdc];
    const cancel = (job: PublicKey) =>
      w.chain.send([cancelJobInstruction({ job, node: w.node, user: jobs.u.wallet.publicKey, userToken: usdc, ...w.money(Currency.Usdc) })], [jobs.u.wallet]);
    const zero = jobs.open();
    const accepted = jobs.open();
    w.chain.warp(3 * HOUR);
    // Given a job whose only votes are 0, and one whose 3 hours the quorum accepted
    expectOk(jobs.attest(o0, zero, 0));
    expectOk(jobs.attest(o1, zero, 0));
    expectOk(jobs.attest(o0, accepted, 3));
    expectOk(jobs.attest(o1, accepted, 3));
    // When the oracle set changes and a member of the new set votes 0 on the accepted job (a new round)
    expectOk(w.chain.send([setOracleSetInstruction({ admin: w.admin.publicKey, quorum: 2, members: [o1.publicKey, o2.publicKey] })], [w.admin]));
    expectOk(jobs.attest(o2, accepted, 0));
    expect(jobs.job(accepted).attestedHours).to.equal(3);
    // Then the accepted job stays uncancellable, and the zero job cancels in full
    const before = w.chain.snapshot([accepted, w.node, usdc]);
    expectError(cancel(accepted), "JobStarted");
    expect(w.chain.snapshot([accepted, w.node, usdc])).to.equal(before);
    expectOk(cancel(zero));
  });
  it("J2: a dispute that lapses does not finalise a figure a colluding minority pulled below every honest vote", () => {
    // Given quorum two of three: a, b honest, c colluding with the user; a 10-hour job the node served in full
    const w = new JobsWorld();
    const jobs = new Jobs(w, w.user());
    const [a, b, c] = w.oracles;
    const key = jobs.open();
    w.chain.warp(10 * HOUR);
    // a posts the 10 hours; the colluder answers with 1 at once: the provisional figure is the
    // second highest of {10, 1} = 1 (rule 1 before two honest members voted)
    expectOk(jobs.attest(a, key, 10));
    expectOk(jobs.attest(c, key, 1));
    expect(jobs.job(key).attestedHours).to.equal(1);
    // When the user disputes before b's vote lands
    expectOk(jobs.dispute(key));
    // b posts its honest 10 (a already posted its figure for this job: the oracle service never
    // re-posts a figure it has posted); c votes 0; nothing agrees in the dispute's round
    expectOk(jobs.attest(b, key, 10));
    expectOk(jobs.attest(c, key, 0));
    expect(jobs.job(key).dispute).to.equal(DISPUTE_OPEN);
    // and the dispute window passes
    w.chain.warp(DISPUTE_WINDOW + 1);
    const res = expectOk(jobs.settle(key));
    // Then the job settles on what the honest oracles attested (10 h), never on the colluder's
    // provisional 1 h
    expect(jobs.served(res.logs), "hours paid to the supplier; both honest oracles attested 10").to.equal(10);
  });


  it("J2: a legitimate dispute: two honest oracles over-reported 10 h; in the dispute round they vote 6, the colluder 0: resolved at 6", () => {
    // Given quorum two of three, a 10-hour job the node served for 6 hours, over-reported by both honest oracles
    const w = new JobsWorld();
    const jobs = new Jobs(w, w.user());
    const [h1, h2, c] = w.oracles;
    const key = jobs.open();
    w.chain.warp(10 * HOUR);
    expectOk(jobs.attest(h1, key, 10));
    expectOk(jobs.attest(h2, key, 10));
    expect(jobs.job(key).attestedHours).to.equal(10);
    // When the user disputes, the user's colluder votes 0 and the honest oracles 6 in the dispute
    // round (below their usage figures, which stay)
    expectOk(jobs.dispute(key));
    expectOk(jobs.attest(c, key, 0));
    expectOk(jobs.attest(h1, key, 6));
    let j = jobs.job(key);
    // The usage round keeps its figures (never lowered): 10, 10, and the colluder's 0
    expect([j.dispute, j.attestedHours, j.attestHours.slice(0, 3), j.attestMask]).to.deep.equal([DISPUTE_OPEN, 10, [10, 10, 0], 0b111]);
    expect([j.disputeMask, j.disputeHours.slice(0, 3)]).to.deep.equal([0b101, [6, 0, 0]]);
    const done = expectOk(jobs.attest(h2, key, 6));
    // Then the dispute round agrees on 6 ({0, 6, 6}: two at or above, two at or below), final at once
    const resolved = parseIoJobsEvents(done.logs).find((e) => e.name === "disputeResolved")!;
    expect([resolved.data.hours, resolved.data.byAdmin]).to.deep.equal([6, false]);
    j = jobs.job(key);
    expect([j.dispute, j.attestedHours, j.settleAfter.toString()]).to.deep.equal([DISPUTE_RESOLVED, 6, w.chain.now().toString()]);
    expect(jobs.served(expectOk(jobs.settle(key)).logs)).to.equal(6);
  });

  it("J2: a dispute lapsing while the usage round rose during it settles on the risen figure; a vote at the deadline is refused", () => {
    // Given quorum three of five: two colluders with the user (c1, c2), three honest oracles;
    // honest h1 votes 8 and the colluders 1 and 2: the provisional figure is 1
    const w = new JobsWorld({ oracles: { count: 5, quorum: 3 } });
    const jobs = new Jobs(w, w.user());
    const [h1, h2, h3, c1, c2] = w.oracles;
    const key = jobs.open();
    w.chain.warp(8 * HOUR);
    expectOk(jobs.attest(h1, key, 8));
    expectOk(jobs.attest(c1, key, 1));
    expectOk(jobs.attest(c2, key, 2));
    expect(jobs.job(key).attestedHours).to.equal(1);
    const settleAfter = jobs.job(key).settleAfter.toNumber();
    // When the user disputes, the colluders vote 0 in the dispute round and the honest oracles
    // disagree (7 and 8): the dispute round agrees on nothing
    expectOk(jobs.dispute(key));
    const deadline = jobs.job(key).disputeDeadline.toNumber();
    expectOk(jobs.attest(c1, key, 0));
    expectOk(jobs.attest(c2, key, 0));
    expectOk(jobs.attest(h2, key, 7));
    // h2's 7 raised the usage round: {8, 7, 2, 1}, the third highest is 2 (the window does not restart)
    expect([jobs.job(key).attestedHours, jobs.job(key).settleAfter.toNumber()]).to.deep.equal([2, settleAfter]);
    // h3 votes 8 in the dispute window's last second: the third highest of {8, 7, 8, 2, 1} is 7
    w.chain.warp(deadline - 1 - Number(w.chain.now()));
    const last = expectOk(jobs.attest(h3, key, 8));
    expect(parseIoJobsEvents(last.logs).map((e) => e.name)).to.deep.equal(["usageAttested"]);
    let j = jobs.job(key);
    expect([j.dispute, j.attestedHours, j.settleAfter.toNumber()]).to.deep.equal([DISPUTE_OPEN, 7, settleAfter]);
    expectError(jobs.settle(key), "JobDisputed");
    // At the deadline votes are refused (both rounds unchanged) and the job settles on 7
    w.chain.warp(1);
    const before = w.chain.snapshot([key]);
    expectError(jobs.attest(h2, key, 8), "DisputeExpired");
    expectError(jobs.attest(c1, key, 8), "DisputeExpired");
    expect(w.chain.snapshot([key])).to.equal(before);
    j = jobs.job(key);
    expect([j.dispute, j.attestedHours]).to.deep.equal([DISPUTE_OPEN, 7]);
    expect(jobs.served(expectOk(jobs.settle(key)).logs)).to.equal(7);
  });

  it("J2: in a dispute each oracle's dispute vote only rises and its usage figure never falls; colluders cannot lift the usage figure above the honest votes", () => {
    // Given quorum two of three, 4 hours accepted from two honest votes, then disputed
    const w = new JobsWorld();
    const jobs = new Jobs(w, w.user());
    const [h1, h2, c] = w.oracles;
    const key = jobs.open();
    w.chain.warp(6 * HOUR);
    expectOk(jobs.attest(h1, key, 4));
    expectOk(jobs.attest(h2, key, 4));
    expectOk(jobs.dispute(key));
    // When the colluder (with the node) votes the most begun, 6, in the dispute round
    expectOk(jobs.attest(c, key, 6));
    // Then the usage round is {4, 4, 6}: its second highest stays 4
    expect(jobs.job(key).attestedHours).to.equal(4);
    // The dispute vote is cumulative within its round: the same or a lower figure is refused, nothing changes
    const before = w.chain.snapshot([key]);
    expectError(jobs.attest(c, key, 6), "AttestationReused");
    expectError(jobs.attest(c, key, 5), "UsageDecreased");
    expectError(jobs.attest(c, key, 7), "UsageExceedsElapsed");
    expect(w.chain.snapshot([key])).to.equal(before);
    // An honest vote of 3 below its usage figure 4 goes into the dispute round only ({6, 3}: no agreement)
    expectOk(jobs.attest(h1, key, 3));
    let j = jobs.job(key);
    expect([j.attestHours.slice(0, 3), j.disputeHours.slice(0, 3), j.dispute, j.attestedHours]).to.deep.equal([[4, 4, 6], [3, 0, 6], DISPUTE_OPEN, 4]);
    // h2's 3 makes {6, 3, 3}: resolved at 3 (the admin is then refused: the usage is final)
    expectOk(jobs.attest(h2, key, 3));
    j = jobs.job(key);
    expect([j.dispute, j.attestedHours]).to.deep.equal([DISPUTE_RESOLVED, 3]);
    expectError(jobs.resolve(key, 4), "NotDisputed");
    expectError(jobs.attest(c, key, 6), "UsageFinal");
  });

  it("J2: a set change mid-dispute resets both rounds' votes and keeps the accepted figure; the new set raises it or agrees", () => {
    // Given quorum two of three: honest o0 voted 9, the colluder o2 1 (1 accepted) on two jobs,
    // both disputed, and o0 voted 9 again in each dispute round
    const w = new JobsWorld();
    const jobs = new Jobs(w, w.user());
    const [o0, o1, o2] = w.oracles;
    const lapsing = jobs.open();
    const agreeing = jobs.open();
    w.chain.warp(9 * HOUR);
    for (const key of [lapsing, agreeing]) {
      expectOk(jobs.attest(o0, key, 9));
      expectOk(jobs.attest(o2, key, 1));
      expectOk(jobs.dispute(key));
      expectOk(jobs.attest(o0, key, 9));
      expect([jobs.job(key).attestedHours, jobs.job(key).disputeMask]).to.deep.equal([1, 0b001]);
    }
    // When the set changes to {o1, fresh, o0} (version 2, quorum 2): the colluder is refused, nothing changes
    const fresh = w.funded(Keypair.generate());
    expectOk(w.chain.send([setOracleSetInstruction({ admin: w.admin.publicKey, quorum: 2, members: [o1.publicKey, fresh.publicKey, o0.publicKey] })], [w.admin]));
    const before = w.chain.snapshot([lapsing, agreeing]);
    expectError(jobs.attest(o2, lapsing, 0), "NotOracle");
    expect(w.chain.snapshot([lapsing, agreeing])).to.equal(before);
    // Then the new set's first vote starts both rounds afresh: o0's earlier 9s no longer count,
    // so o1's 9 agrees with nothing, and the accepted 1 stays
    for (const key of [lapsing, agreeing]) {
      expectOk(jobs.attest(o1, key, 9));
      const j = jobs.job(key);
      expect([j.attestVersion, j.attestMask, j.disputeMask, j.attestedHours, j.dispute]).to.deep.equal([2, 0b001, 0b001, 1, DISPUTE_OPEN]);
    }
    // On one job fresh votes 8: the usage round {9, 8} accepts 8, the dispute round {9, 8} agrees on nothing
    expectOk(jobs.attest(fresh, lapsing, 8));
    expect([jobs.job(lapsing).attestedHours, jobs.job(lapsing).dispute]).to.deep.equal([8, DISPUTE_OPEN]);
    // On the other o0 (now member 2) votes 9 again: {9, 9} agree, resolved at 9
    expectOk(jobs.attest(o0, agreeing, 9));
    expect([jobs.job(agreeing).attestedHours, jobs.job(agreeing).dispute]).to.deep.equal([9, DISPUTE_RESOLVED]);
    expect(jobs.served(expectOk(jobs.settle(agreeing)).logs)).to.equal(9);
    // and the first dispute lapses on the 8 the new set raised it to
    w.chain.warp(DISPUTE_WINDOW);
    expect(jobs.served(expectOk(jobs.settle(lapsing)).logs)).to.equal(8);
  });
  it("J3: the node's owner ends a job its user walked away from; the served hours settle after the window, not at expiry", () => {
    // Given a 400-hour job (about 17 days) of which the node served 10 hours, accepted by the quorum
    const w = new JobsWorld();
    const jobs = new Jobs(w, w.user());
    const key = jobs.open(Currency.Usdc, 400);
    w.chain.warp(10 * HOUR);
    expectOk(jobs.attest(w.oracles[0], key, 10));
    expectOk(jobs.attest(w.oracles[1], key, 10));
    // When the user walks away (never ends it) and the node stops serving: the node's owner ends the job
    w.chain.warp(2 * HOUR);
    const ended = jobs.end(key, w.nodeOwner);
    w.chain.warp(HOUR + 1);
    // Then the 10 served hours settle after the challenge window, not after 17 days
    const res = jobs.settle(key);
    expect([ended.ok, res.ok], `node owner's end: ${ended.ok ? "ok" : ended.programError?.name}; settle: ${res.ok ? "ok" : res.programError?.name}`).to.deep.equal([true, true]);
    expect(jobs.served(res.logs)).to.equal(10);
  });

  it("J3: only the job's user or its node's owner ends it, naming the job's node; an ended job stays ended", () => {
    // Given a running job on the world's node, and a second node of another owner
    const w = new JobsWorld();
    const jobs = new Jobs(w, w.user());
    const key = jobs.open();
    const otherOwner = w.funded(Keypair.generate());
    const deviceId = Buffer.alloc(32, 7);
    expectOk(w.chain.send([registerNodeInstruction({ owner: otherOwner.publicKey, deviceId, ...NODE_TERMS })], [otherOwner]));
    const [otherNode] = nodeKey(otherOwner.publicKey, deviceId);
    // A look-alike of the job's node (same bytes, the system program's) at another address
    const fakeNode = Keypair.generate().publicKey;
    w.chain.setAccount(fakeNode, { data: w.chain.account(w.node)!.data, owner: SystemProgram.programId });
    w.chain.warp(HOUR);
    const before = w.chain.snapshot([key, w.node]);
    // When strangers, another node's owner (with its own node or the job's), the oracles and the
    // admin try to end it, or the user or owner names a node that is not the job's
    expectError(jobs.end(key, w.chain.wallet()), "NotJobParty");
    expectError(jobs.end(key, otherOwner, otherNode), "WrongNode");
    expectError(jobs.end(key, otherOwner), "NotJobParty");
    expectError(jobs.end(key, w.oracles[0]), "NotJobParty");
    expectError(jobs.end(key, w.admin), "NotJobParty");
    expectError(jobs.end(key, jobs.u, otherNode), "WrongNode");
    expectError(jobs.end(key, w.nodeOwner, fakeNode), "WrongNode");
    // an unsigned end naming the owner is refused before anything
    const unsigned = endJobInstruction({ caller: w.nodeOwner.publicKey, job: key, node: w.node });
    unsigned.keys[0] = { ...unsigned.keys[0], isSigner: false };
    expectError(w.chain.send([unsigned], [w.chain.payer]), "MissingSigner");
    // Then nothing changed
    expect(w.chain.snapshot([key, w.node])).to.equal(before);
    // The node's owner ends it; nobody ends it again, and the user may still dispute in the window
    const res = expectOk(jobs.end(key, w.nodeOwner));
    const event = parseIoJobsEvents(res.logs).find((e) => e.name === "jobEnded")!;
    expect((event.data.endedAt as BN).toString()).to.equal(w.chain.now().toString());
    const j = jobs.job(key);
    expect([j.state, j.endedAt.toString(), j.settleAfter.toNumber()]).to.deep.equal([JOB_ENDED, w.chain.now().toString(), Number(w.chain.now()) + DEFAULT_JOBS_PARAMS.challengeWindow]);
    const ended = w.chain.snapshot([key]);
    expectError(jobs.end(key), "JobEnded");
    expectError(jobs.end(key, w.nodeOwner), "JobEnded");
    expect(w.chain.snapshot([key])).to.equal(ended);
  });

  it("J3: a node's owner ending the job early bills only the hours begun, and takes no exit from the user", () => {
    // Given a 10-hour job whose node served 2 hours, nothing attested yet
    const w = new JobsWorld();
    const jobs = new Jobs(w, w.user());
    const [h1, h2] = w.oracles;
    const usdc = jobs.u.token[Currency.Usdc];
    const served = jobs.open();
    const unstarted = jobs.open();
    w.chain.warp(2 * HOUR);
    // When the node's owner ends both jobs
    expectOk(jobs.end(served, w.nodeOwner));
    expectOk(jobs.end(unstarted, w.nodeOwner));
    // Then later votes can bill at most the 2 hours begun before its end
    w.chain.warp(HOUR);
    expectError(jobs.attest(h1, served, 3), "UsageExceedsElapsed");
    expectOk(jobs.attest(h1, served, 2));
    expectOk(jobs.attest(h2, served, 2));
    // the user can still dispute the accepted usage inside the restarted window
    expect(jobs.job(served).settleAfter.toNumber()).to.equal(Number(w.chain.now()) + DEFAULT_JOBS_PARAMS.challengeWindow);
    expectError(jobs.settle(served), "NotSettleable");
    // and the job nothing was attested for is still the user's to cancel in full
    const start = w.balance(usdc);
    expectOk(w.chain.send([cancelJobInstruction({ job: unstarted, node: w.node, user: jobs.u.wallet.publicKey, userToken: usdc, ...w.money(Currency.Usdc) })], [jobs.u.wallet]));
    expect(w.balance(usdc).sub(start).toString()).to.equal(w.quote(Currency.Usdc, 10).toString());
    w.chain.warp(DEFAULT_JOBS_PARAMS.challengeWindow);
    expect(jobs.served(expectOk(jobs.settle(served)).logs)).to.equal(2);
  });
});

describe("io_jobs against attackers: the third review's findings", () => {
  const HOUR = 3_600;

  it("R2-J1. a set change does not let a colluder's first vote of 0 wipe an honest vote of served hours: the user still cannot cancel them", () => {
    // Given a 2-of-3 set {a, b honest; c colluding with the user} and a 10-hour USDC job the node has served for 3 hours
    const w = new JobsWorld();
    const [a, b, c] = w.oracles;
    const user = w.user();
    const usdc = user.token[Currency.Usdc];
    const nonce = new BN(1);
    expectOk(w.chain.send([w.openJobInstruction(user, nonce, 10, Currency.Usdc)], [user.wallet]));
    const [job] = jobKey(user.wallet.publicKey, nonce);
    w.chain.warp(3 * HOUR);
    // honest a attests the 3 hours (b's vote is on its way)
    expectOk(w.chain.send([attestUsageInstruction({ oracle: a.publicKey, job, hours: 3 })], [a]));
    // When the admin rotates the set (d joins, quorum 3 of 4) and the colluder sends the new set's first vote on the job, 0
    const d = w.funded(Keypair.generate());
    expectOk(w.chain.send([setOracleSetInstruction({ admin: w.admin.publicKey, quorum: 3, members: [a.publicKey, b.publicKey, c.publicKey, d.publicKey] })], [w.admin]));
    expectOk(w.chain.send([attestUsageInstruction({ oracle: c.publicKey, job, hours: 0 })], [c]));
    // Then the 3 served hours stay on record: the cancel is refused and nothing moved
    const watched = [job, w.node, usdc];
    const before = w.chain.snapshot(watched);
    const cancel = cancelJobInstruction({ job, node: w.node, user: user.wallet.publicKey, userToken: usdc, ...w.money(Currency.Usdc) });
    expectError(w.chain.send([cancel], [user.wallet]), "JobStarted");
    expect(w.chain.snapshot(watched)).to.equal(before);
    expect(decodeJob(w.chain.account(job)!).highestVote).to.equal(3);
    // And the new set's honest members settle it: a, b and d attest 3 after the user ends it
    const end = endJobInstruction({ caller: user.wallet.publicKey, job, node: w.node });
    expectOk(w.chain.send([end], [user.wallet]));
    for (const o of [a, b, d]) expectOk(w.chain.send([attestUsageInstruction({ oracle: o.publicKey, job, hours: 3 })], [o]));
    expect(decodeJob(w.chain.account(job)!).attestedHours).to.equal(3);
  });
});
