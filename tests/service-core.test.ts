/**
 * The oracle service under attack and faults (issue 13, findings 1-6, 9, 12), in-process on the
 * embedded chain (LiteSVM with the real .so files): signature squatting and transient refusals,
 * billing after a job's end, reused job addresses, re-attestation after a dispute or an oracle
 * set change, lagging RPC reads and transient simulation errors, many jobs, stale price quotes,
 * and stopping between rounds.
 */
import { expect } from "chai";
import Database from "better-sqlite3";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { AccountInfo, Keypair, PublicKey } from "@solana/web3.js";
import { createCloseAccountInstruction, createTransferInstruction } from "@solana/spl-token";
import BN from "bn.js";
import {
  attestUsageInstruction,
  Currency,
  decodeJob,
  decodeUserProfile,
  DEFAULT_REFERRAL_PARAMS,
  disputeJobInstruction,
  DISPUTE_OPEN,
  DISPUTE_RESOLVED,
  EMBEDDED_GENESIS_HASH,
  endJobInstruction,
  IO_JOBS_PROGRAM_ID,
  jobKey,
  nodeKey,
  oracleConfigKey,
  registerNodeInstruction,
  registerReferralInstruction,
  setOracleSetInstruction,
  setReferralParamsInstruction,
  signUsageReport,
  userProfileKey,
  usageReportDeployment,
  usageReportToJson,
  UsageReportJson,
} from "../sdk/src";
import { DEFAULT_CONFIG } from "../services/oracle/config";
import { AccountsAt, ChainReader, Intake, Verdict } from "../services/oracle/intake";
import { silentLogger } from "../services/oracle/log";
import { Metrics } from "../services/oracle/metrics";
import { disputeVote, onChainFigure, Poster } from "../services/oracle/poster";
import { JsonPriceSource } from "../services/oracle/price-source";
import { Pricer } from "../services/oracle/pricer";
import { Runner } from "../services/oracle/runner";
import { EmbeddedSender, SignedTx, TxSender } from "../services/oracle/sender";
import { OracleService } from "../services/oracle/service";
import { Settler } from "../services/oracle/settler";
import { SqliteStore } from "../services/oracle/sqlite-store";
import { JobsWorld, NODE_TERMS, User } from "./jobs-world";

const DEPLOYMENT = usageReportDeployment(EMBEDDED_GENESIS_HASH);
const HOUR = 3_600;

/** Counts the service's reads, and can play a lagging RPC node (RPC semantics: a read with a
 * minContextSlot the node has not reached fails; one without it answers from the node's past). */
class Reader implements ChainReader {
  getAccountCalls = 0;
  getAccountsCalls = 0;
  /** Accounts this node has not seen yet (it lags), until a read demands a later slot. */
  readonly lagging = new Set<string>();
  /** Serve io_oracle's config as it was (a node that has not seen a set rotation). */
  staleConfig: AccountInfo<Buffer> | null = null;
  /** The clock as a node behind serves it (unix seconds), to reads without a minimum slot; one with a minimum it refuses, as it refuses lagging accounts. */
  staleClock: number | null = null;
  clockReads: (number | undefined)[] = [];

  constructor(private readonly world: JobsWorld) {}

  private slot(): number {
    return Number(this.world.chain.svm.getClock().slot);
  }

  async getAccount(pubkey: PublicKey): Promise<AccountInfo<Buffer> | null> {
    this.getAccountCalls++;
    if (this.staleConfig && pubkey.equals(oracleConfigKey()[0])) return this.staleConfig;
    if (this.lagging.has(pubkey.toBase58())) return null;
    return this.world.chain.account(pubkey);
  }

  async getAccounts(keys: PublicKey[], minContextSlot = 0): Promise<AccountsAt> {
    this.getAccountsCalls++;
    const lagging = keys.some((k) => this.lagging.has(k.toBase58()));
    if (lagging && minContextSlot > 0) {
      // This node is behind the slot asked for: it refuses (and the next node asked has caught up).
      this.lagging.clear();
      throw new Error("Minimum context slot has not been reached");
    }
    const accounts = keys.map((k) => (this.lagging.has(k.toBase58()) ? null : this.world.chain.account(k)));
    return { slot: lagging ? 1 : this.slot(), accounts };
  }

  async unixTime(minContextSlot?: number): Promise<number> {
    this.clockReads.push(minContextSlot);
    if (this.staleClock !== null && (minContextSlot ?? 0) > 0) {
      // Behind the slot asked for: it refuses (and the next node asked has caught up).
      this.staleClock = null;
      throw new Error("Minimum context slot has not been reached");
    }
    return this.staleClock ?? Number(this.world.chain.now());
  }
}

describe("oracle service under attack and faults (embedded chain)", function () {
  this.timeout(120_000);
  let world: JobsWorld;
  const device = Keypair.generate();
  let node: PublicKey;
  const setVersion = () => 1;

  /** `user`'s `hours`-hour USDC job with `nonce` on the device's node. */
  function openJob(hours: number, user: User = newUser(), nonce = 0): { job: PublicKey; user: User } {
    world.send([world.openJobInstruction(user, new BN(nonce), hours, Currency.Usdc, { node })], [user.wallet]);
    return { job: jobKey(user.wallet.publicKey, new BN(nonce))[0], user };
  }

  /** A user with tokens (minting its IOSD needs a fresh price; only before the set changes at the end). */
  function newUser(): User {
    world.postPrice();
    return world.user();
  }

  const now = () => Number(world.chain.now());
  const jobState = (j: PublicKey) => decodeJob(world.chain.account(j)!);
  const idOf = (j: PublicKey) => ({ job: j.toBase58(), openedAt: jobState(j).openedAt.toNumber() });
  const report = (job: PublicKey, hours: number, at: number, key = device, onNode = node): UsageReportJson =>
    usageReportToJson(signUsageReport({ job, node: onNode, hours, reportedAt: at }, key, DEPLOYMENT));

  /** One oracle instance's parts on its own in-memory store, reading through `reader`. */
  function instance(oracle: number, reader: ChainReader = world.chain, intakeOpts: { cacheTtlMs?: number } = {}) {
    const store = new SqliteStore(":memory:");
    const metrics = new Metrics();
    const runner = new Runner(new EmbeddedSender(world.chain), world.oracles[oracle], store, metrics, silentLogger, { pollMs: 1, backoffMs: 1 });
    const intake = new Intake(reader, store, metrics, { clockSkewSeconds: 60, cacheTtlMs: intakeOpts.cacheTtlMs ?? 0, deployment: DEPLOYMENT });
    const poster = new Poster(reader, store, runner, metrics, silentLogger, { maxBatch: 64, retryMs: 0, maxRetryMs: 0 });
    const settler = new Settler(reader, store, runner, metrics, silentLogger, { settle: true, watchMs: 0, retryMs: 0 }, poster);
    const submit = (body: unknown): Promise<Verdict> => intake.submit(body);
    return { store, metrics, runner, intake, poster, settler, submit };
  }

  const status = (v: Verdict) => (v.accepted ? "accepted" : v.reason);
  /** The instance and job the set-rotation tests share. */
  let rotated: ReturnType<typeof instance> | null = null;
  let rotatedJob: PublicKey | null = null;

  before(() => {
    world = new JobsWorld();
    world.send([registerNodeInstruction({ owner: world.nodeOwner.publicKey, deviceId: device.publicKey.toBuffer(), ...NODE_TERMS })], [world.nodeOwner]);
    node = nodeKey(world.nodeOwner.publicKey, device.publicKey.toBuffer())[0];
  });

  describe("finding 1: signature squatting and transient refusals", () => {
    it("a copy posted first with another node does not block the genuine report; an exact copy of an accepted report gets its first answer", async () => {
      const { submit, store } = instance(0);
      const { job } = openJob(3);
      world.chain.warp(10);
      const genuine = report(job, 1, now());
      // Given a squatter posts the worker's signed report first, naming another node
      const squatted = await submit({ ...genuine, node: Keypair.generate().publicKey.toBase58() });
      expect(status(squatted)).to.equal("unknown-node");
      // When the worker's genuine report arrives; Then it is accepted
      const first = await submit(genuine);
      expect(status(first), JSON.stringify(first)).to.equal("accepted");
      // When anyone posts that exact report again; Then the same answer, the same id, nothing recorded twice
      const again = await submit(genuine);
      expect(again).to.deep.equal(first);
      expect(await store.countReports(true)).to.equal(1);
    });

    it("a report refused while the chain's clock lagged (future) is accepted once the clock catches up", async () => {
      const { submit } = instance(0);
      const { job } = openJob(3);
      // Given a report stamped 2 minutes ahead of the chain's clock (skew 60 s)
      const ahead = report(job, 1, now() + 120);
      expect(status(await submit(ahead))).to.equal("future");
      // When the chain's clock catches up; Then the same signed report is accepted
      world.chain.warp(120);
      expect(status(await submit(ahead))).to.equal("accepted");
    });

    it("a report refused while the RPC lagged (unknown-job) is accepted once it has caught up", async () => {
      const reader = new Reader(world);
      const { submit } = instance(0, reader);
      const { job } = openJob(3);
      world.chain.warp(10);
      const r = report(job, 1, now());
      // Given an RPC node that has not seen the job yet
      reader.lagging.add(job.toBase58());
      expect(status(await submit(r))).to.equal("unknown-job");
      // When it has caught up; Then the same signed report is accepted
      reader.lagging.clear();
      expect(status(await submit(r))).to.equal("accepted");
    });
  });

  describe("review 13: the signature as sent is the replay key", () => {
    /** The same 64 bytes in another base64 spelling: the last character before "==" carries 4 unused bits. */
    const respelled = (sig: string): string => {
      const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
      const v = ALPHABET.indexOf(sig[85]);
      return sig.slice(0, 85) + ALPHABET[v ^ 1] + "==";
    };

    it("a re-spelling of a worker's signature posted first does not turn the genuine report into 'replayed'", async () => {
      const { submit, store } = instance(0);
      const { job } = openJob(3);
      world.chain.warp(10);
      const genuine = report(job, 1, now());
      const copy = { ...genuine, signature: respelled(genuine.signature) };
      expect(copy.signature).to.not.equal(genuine.signature);
      expect(Buffer.from(copy.signature, "base64").equals(Buffer.from(genuine.signature, "base64"))).to.equal(true);
      // Given someone who saw the worker's signed report posts it first with the signature spelt otherwise
      const squatted = await submit(copy);
      // When the worker's genuine report arrives
      const first = await submit(genuine);
      // Then that spelling was not taken as a report of its own, and the genuine report is accepted, once
      expect([status(squatted), status(first)]).to.deep.equal(["malformed", "accepted"]);
      expect(await store.countReports(true)).to.equal(1);
      expect(await store.countReports(false)).to.equal(0);
    });
  });

  describe("finding 2: billing after the end", () => {
    it("a report after the job's end cannot raise the hours past what began by the end, even while the job is cached as running", async () => {
      // Given intake caching accounts for 10 minutes, and 1 hour accepted 10 s after opening
      const { submit, store } = instance(0, world.chain, { cacheTtlMs: 600_000 });
      const { job, user } = openJob(3);
      world.chain.warp(10);
      expect(status(await submit(report(job, 1, now())))).to.equal("accepted");
      // When the user ends the job 20 minutes in (1 hour begun), and the worker reports 2 hours an hour later
      world.chain.warp(1_200);
      world.send([endJobInstruction({ caller: user.wallet.publicKey, job, node })], [user.wallet]);
      const ended = jobState(job).endedAt.toNumber();
      world.chain.warp(HOUR);
      const after = await submit(report(job, 2, now()));
      // Then it is refused: it was made after the end and claims more than began by then
      expect(after.accepted ? "accepted" : [after.reason, after.detail]).to.deep.equal(["ended", `2 hours reported ${now() - ended} s after the job ended, when 1 had begun`]);
      // and one made before the end but claiming 2 hours is implausible; the figure stays 1
      expect(status(await submit(report(job, 2, ended - 1)))).to.equal("implausible");
      expect((await store.getAttestation(idOf(job)))?.wanted).to.equal(1);
      // while a final report after the end within the hours begun by then is taken (measured at the end)
      expect(status(await submit(report(job, 1, now() + 1)))).to.equal("accepted");
      expect((await store.getAttestation(idOf(job)))?.wanted).to.equal(1);
    });
  });

  describe("finding 3: reused job addresses", () => {
    it("a job reopened at a settled job's address is judged, attested and settled as a job of its own", async () => {
      const a = instance(0);
      // Given a user's 2-hour job (nonce 0) with 2 hours reported, attested by a quorum and settled
      const user = newUser();
      const { job } = openJob(2, user, 0);
      const firstId = idOf(job);
      world.chain.warp(HOUR + 10);
      expect(status(await a.submit(report(job, 2, now())))).to.equal("accepted");
      expect(await a.poster.tick()).to.equal(1);
      world.send([attestUsageInstruction({ oracle: world.oracles[1].publicKey, job, hours: 2 })], [world.oracles[1]]);
      world.chain.warp(HOUR + 10);
      expect(await a.settler.tick()).to.equal(1);
      expect(world.chain.account(job)).to.equal(null);
      expect((await a.store.getAttestation(firstId))?.done).to.equal("settled");
      // When the user opens a new job with the same nonce (the same address) and its worker reports 1 hour
      world.postPrice();
      openJob(2, user, 0);
      const secondId = idOf(job);
      expect(secondId.openedAt).to.not.equal(firstId.openedAt);
      world.chain.warp(10);
      const v = await a.submit(report(job, 1, now()));
      // Then it is accepted as the new job's first figure (not "decreasing" against the old job's 2)
      expect(v.accepted ? v.raised : v.reason).to.equal(true);
      // and the poster attests it for the new job
      expect(await a.poster.tick()).to.equal(1);
      expect(onChainFigure(jobState(job), 0, setVersion())).to.equal(1);
      // and once a quorum attested and the window passed, the settler settles it too
      world.send([attestUsageInstruction({ oracle: world.oracles[1].publicKey, job, hours: 1 })], [world.oracles[1]]);
      world.send([endJobInstruction({ caller: user.wallet.publicKey, job, node })], [user.wallet]);
      world.chain.warp(HOUR + 10);
      expect(await a.settler.tick()).to.equal(1);
      expect((await a.store.getAttestation(secondId))?.done).to.equal("settled");
    });
  });

  describe("supplier referrals", () => {
    it("the settler settles a referred node's job with its referrer's profile, which is credited its share of the supplier fee", async () => {
      const a = instance(0);
      // Given a node whose owner joined referred by R (the referral terms at their defaults), and its worker's device
      world.send([setReferralParamsInstruction({ admin: world.admin.publicKey, ...DEFAULT_REFERRAL_PARAMS })], [world.admin]);
      const r = newUser();
      world.send([registerReferralInstruction({ user: r.wallet.publicKey, referrer: PublicKey.default })], [r.wallet]);
      const owner = world.funded(Keypair.generate());
      world.send([registerReferralInstruction({ user: owner.publicKey, referrer: r.wallet.publicKey })], [owner]);
      const worker = Keypair.generate();
      world.send([registerNodeInstruction({ owner: owner.publicKey, deviceId: worker.publicKey.toBuffer(), ...NODE_TERMS })], [owner]);
      const [referred] = nodeKey(owner.publicKey, worker.publicKey.toBuffer());
      // When a user's 2-hour USDC job on it is reported, attested by a quorum, and the settler runs
      const user = newUser();
      world.send([world.openJobInstruction(user, new BN(7), 2, Currency.Usdc, { node: referred })], [user.wallet]);
      const [job] = jobKey(user.wallet.publicKey, new BN(7));
      expect(jobState(job).nodeReferralBps).to.equal(DEFAULT_REFERRAL_PARAMS.referralBps);
      world.chain.warp(HOUR + 10);
      expect(status(await a.submit(report(job, 2, now(), worker, referred)))).to.equal("accepted");
      expect(await a.poster.tick()).to.equal(1);
      world.send([attestUsageInstruction({ oracle: world.oracles[1].publicKey, job, hours: 2 })], [world.oracles[1]]);
      world.chain.warp(HOUR + 10);
      expect(await a.settler.tick()).to.equal(1);
      // Then the job is settled and R is owed 20% of the supplier fee (2%, rounded up, of the $3.04 USD share of $4 less 5%)
      expect(world.chain.account(job)).to.equal(null);
      const supplierFee = Math.ceil((3_040_000 * 200) / 10_000);
      const profile = decodeUserProfile(world.chain.account(userProfileKey(r.wallet.publicKey)[0])!);
      expect(profile.supplierReferralUsd.toString()).to.equal(String(Math.floor((supplierFee * 2_000) / 10_000)));
      expect(profile.referralOwed[Currency.Usdc].toString()).to.equal(profile.supplierReferralUsd.toString());
    });
  });

  describe("finding 4: re-attestation after a dispute", () => {
    it("votes in the dispute round the dispute opened, and the dispute resolves without the admin", async () => {
      const a = instance(0);
      // Given a job whose 1 hour oracles 0 (the service) and 1 attested (quorum 2)
      world.postPrice();
      const { job, user } = openJob(2);
      world.chain.warp(10);
      expect(status(await a.submit(report(job, 1, now())))).to.equal("accepted");
      expect(await a.poster.tick()).to.equal(1);
      world.send([attestUsageInstruction({ oracle: world.oracles[1].publicKey, job, hours: 1 })], [world.oracles[1]]);
      expect(jobState(job).attestedHours).to.equal(1);
      // When the user disputes it (a dispute round with no votes)
      world.send([disputeJobInstruction({ user: user.wallet.publicKey, job })], [user.wallet]);
      expect(jobState(job).dispute).to.equal(DISPUTE_OPEN);
      // and the service runs its rounds
      await a.settler.tick();
      expect(await a.poster.tick()).to.equal(1);
      // Then its figure is in the dispute round
      expect(disputeVote(jobState(job), 0, setVersion())).to.equal(1);
      // and with oracle 1's vote the dispute resolves at 1 hour
      world.send([attestUsageInstruction({ oracle: world.oracles[1].publicKey, job, hours: 1 })], [world.oracles[1]]);
      expect([jobState(job).dispute, jobState(job).attestedHours]).to.deep.equal([DISPUTE_RESOLVED, 1]);
      // and the service does not post again
      await a.settler.tick();
      expect(await a.poster.tick()).to.equal(0);
    });
  });

  describe("finding 5: transient errors stay transient", () => {
    it("a permanent failure is cleared by a higher accepted figure, which is posted", async () => {
      const a = instance(0);
      const { job } = openJob(3);
      world.chain.warp(HOUR + 10);
      const jobId = idOf(job);
      // Given a job whose figure failed for good (as if over the paid hours)
      await a.store.want(jobId, node.toBase58(), 1);
      await a.store.markFailed(jobId, "UsageExceedsJob");
      expect(await a.poster.tick()).to.equal(0);
      // When the worker's report of 2 hours is accepted
      expect(status(await a.submit(report(job, 2, now())))).to.equal("accepted");
      // Then the failure is cleared and the 2 hours are posted
      expect((await a.store.getAttestation(jobId))?.failed).to.equal(null);
      expect(await a.poster.tick()).to.equal(1);
      expect(onChainFigure(jobState(job), 0, setVersion())).to.equal(2);
    });

    it("a null read from a lagging RPC node does not close a job: the read asks for the slot the job was seen at, and is retried", async () => {
      const reader = new Reader(world);
      const a = instance(0, reader);
      world.postPrice();
      const { job } = openJob(2);
      world.chain.warp(10);
      expect(status(await a.submit(report(job, 1, now())))).to.equal("accepted");
      // Given the RPC node the poster asks first lags behind the job's opening
      reader.lagging.add(job.toBase58());
      // When the poster runs; Then the job is attested, not marked closed
      expect(await a.poster.tick()).to.equal(1);
      expect(onChainFigure(jobState(job), 0, setVersion())).to.equal(1);
      const rec = await a.store.getAttestation(idOf(job));
      expect([rec?.done, rec?.failed, rec?.posted]).to.deep.equal([null, null, 1]);
    });
  });

  // The chaos suite's flake (service-chaos.test.ts, "an RPC that drops ... replays stale reads"):
  // its proxy answers a clock read with an older answer, from before the jobs opened, and the
  // poster deferred their first hour as "not begun yet" for up to a minute at a time, silently.
  describe("a stale clock: the clock is read at least at the slot the jobs were read at", () => {
    it("a clock from before a running job opened does not defer its begun hour: the stale answer is refused and the clock read again", async () => {
      const reader = new Reader(world);
      const a = instance(0, reader);
      world.postPrice();
      const { job } = openJob(2);
      world.chain.warp(10);
      expect(status(await a.submit(report(job, 1, now())))).to.equal("accepted");
      // Given a node whose clock is a minute behind, before the job opened
      reader.staleClock = now() - 60;
      reader.clockReads = [];
      // When the poster runs; Then the hour is attested in this round, not deferred
      expect(await a.poster.tick()).to.equal(1);
      expect(onChainFigure(jobState(job), 0, setVersion())).to.equal(1);
      const rec = await a.store.getAttestation(idOf(job));
      expect([rec?.done, rec?.failed, rec?.posted, rec?.postTries]).to.deep.equal([null, null, 1, 0]);
      // and the clock was asked for at the jobs' slot (refused once by the node behind, then read)
      expect(reader.clockReads.length).to.equal(2);
      expect(reader.clockReads.every((s) => (s ?? 0) > 0)).to.equal(true);
    });

    it("a clock from before an ended job opened does not fail its figure (UsageExceedsElapsed) nor lower it", async () => {
      const reader = new Reader(world);
      const a = instance(0, reader);
      world.postPrice();
      const { job, user } = openJob(2);
      world.chain.warp(10);
      expect(status(await a.submit(report(job, 1, now())))).to.equal("accepted");
      // Given the user ended the job 20 minutes in, and a node whose clock is before the opening
      world.chain.warp(1_200);
      world.send([endJobInstruction({ caller: user.wallet.publicKey, job, node })], [user.wallet]);
      reader.staleClock = jobState(job).openedAt.toNumber() - 30;
      // When the poster runs; Then the 1 hour begun by the end is attested, and nothing failed
      expect(await a.poster.tick()).to.equal(1);
      expect(onChainFigure(jobState(job), 0, setVersion())).to.equal(1);
      const rec = await a.store.getAttestation(idOf(job));
      expect([rec?.done, rec?.failed, rec?.posted]).to.deep.equal([null, null, 1]);
    });

    it("a clock from before the challenge window closed does not hold back a settleable job", async () => {
      const reader = new Reader(world);
      const a = instance(0, reader);
      world.postPrice();
      const { job, user } = openJob(1);
      world.chain.warp(10);
      // Given a job attested by a quorum (the service and oracle 1), ended, past its challenge window
      expect(status(await a.submit(report(job, 1, now())))).to.equal("accepted");
      expect(await a.poster.tick()).to.equal(1);
      world.send([attestUsageInstruction({ oracle: world.oracles[1].publicKey, job, hours: 1 })], [world.oracles[1]]);
      world.send([endJobInstruction({ caller: user.wallet.publicKey, job, node })], [user.wallet]);
      world.chain.warp(HOUR + 10);
      const jobId = idOf(job);
      // and a node whose clock is an hour behind (the window still open)
      reader.staleClock = now() - HOUR;
      // When the settler runs; Then it settles the job in this round
      expect(await a.settler.tick()).to.equal(1);
      expect(world.chain.account(job)).to.equal(null);
      expect((await a.store.getAttestation(jobId))?.done).to.equal("settled");
    });
  });

  describe("finding 6: scale", () => {
    /** `n` copies of `job`'s account at fresh addresses (io_jobs-owned, decodable as that job). */
    function clones(job: PublicKey, n: number): PublicKey[] {
      const info = world.chain.account(job)!;
      return Array.from({ length: n }, () => {
        const k = Keypair.generate().publicKey;
        world.chain.setAccount(k, { data: info.data, owner: IO_JOBS_PROGRAM_ID, lamports: BigInt(info.lamports) });
        return k;
      });
    }

    it("reads watched jobs 100 per call, settles the settleable ones behind 1,100 that cannot settle yet, and backs off a refused settlement", async () => {
      const reader = new Reader(world);
      const a = instance(0, reader);
      a.settler["opts"].watchMs = 600_000;
      a.settler["opts"].retryMs = 600_000;
      // Given 1,100 long jobs that cannot settle for days, attested by this instance first
      const { job: long } = openJob(100);
      const openedLong = jobState(long).openedAt.toNumber();
      for (const k of clones(long, 1_100)) {
        await a.store.want({ job: k.toBase58(), openedAt: openedLong }, node.toBase58(), 1);
        await a.store.markPosted({ job: k.toBase58(), openedAt: openedLong }, 1);
      }
      // and then two jobs that can settle once their window has passed, one of whose users closed
      // their USDC account (io_jobs cannot refund them: its settlement is refused until they reopen it)
      const { job, user } = openJob(1);
      const { job: stuck, user: gone } = openJob(1);
      world.chain.warp(10);
      for (const j of [job, stuck]) expect(status(await a.submit(report(j, 1, now())))).to.equal("accepted");
      expect(await a.poster.tick()).to.equal(2);
      for (const [j, u] of [[job, user], [stuck, gone]] as const) {
        world.send([attestUsageInstruction({ oracle: world.oracles[1].publicKey, job: j, hours: 1 })], [world.oracles[1]]);
        world.send([endJobInstruction({ caller: u.wallet.publicKey, job: j, node })], [u.wallet]);
      }
      const usdc = gone.token[Currency.Usdc];
      world.send([createTransferInstruction(usdc, user.token[Currency.Usdc], gone.wallet.publicKey, BigInt(world.balance(usdc).toString())), createCloseAccountInstruction(usdc, gone.wallet.publicKey, gone.wallet.publicKey)], [gone.wallet]);
      world.chain.warp(HOUR + 10);
      // When the settler runs twice
      reader.getAccountsCalls = 0;
      reader.getAccountCalls = 0;
      let settled = 0;
      for (let i = 0; i < 2; i++) settled += await a.settler.tick();
      // Then the settleable job is settled, in 2 ticks of at most 1,000 jobs read 100 per call
      expect(settled).to.equal(1);
      expect(world.chain.account(job)).to.equal(null);
      expect(world.chain.account(stuck)).to.not.equal(null);
      expect(reader.getAccountsCalls).to.be.at.most(13);
      expect(reader.getAccountCalls).to.be.at.most(8); // config, set, clock per tick
      // and the refused copy is not simulated again on the next ticks (it backs off), nor are the long jobs read
      const sims = { n: 0 };
      const simulate = a.runner.simulate.bind(a.runner);
      a.runner.simulate = (ixs) => {
        sims.n++;
        return simulate(ixs);
      };
      reader.getAccountsCalls = 0;
      for (let i = 0; i < 3; i++) await a.settler.tick();
      expect([sims.n, reader.getAccountsCalls]).to.deep.equal([0, 0]);
    });

    it("the poster reads 30 jobs in one call, not one read per attestation", async () => {
      const reader = new Reader(world);
      const a = instance(0, reader);
      const jobs = Array.from({ length: 30 }, () => openJob(2).job);
      world.chain.warp(10);
      for (const j of jobs) await a.store.want(idOf(j), node.toBase58(), 1);
      reader.getAccountCalls = 0;
      reader.getAccountsCalls = 0;
      // When the poster posts them (two transactions)
      expect(await a.poster.tick()).to.equal(30);
      // Then it read the jobs in one getMultipleAccountsInfo per look, and io_oracle's config once
      expect(reader.getAccountsCalls).to.be.at.most(2);
      expect(reader.getAccountCalls).to.equal(1);
    });

    it("every query on a hot path searches an index that matches it (none scans a table)", () => {
      const plans = new SqliteStore(":memory:").queryPlans();
      for (const [name, plan] of Object.entries(plans)) expect(plan, name).to.match(/^(SEARCH|SCAN) \w+ USING (COVERING )?INDEX \w+/);
      // the ones that read rows (not counts or the few batches in flight) search, not scan, their index
      for (const name of ["acceptedBySig", "latest", "pending", "get", "watch"]) expect(plans[name], name).to.match(/^SEARCH /);
    });

    it("a store of the previous version opens with one index of accepted reports, which answers both lookups", async () => {
      const dir = mkdtempSync(join(tmpdir(), "io-oracle-index-"));
      try {
        const path = join(dir, "oracle.sqlite");
        // Given a store written with the previous version's two indexes of accepted reports
        const s1 = new SqliteStore(path);
        const J = { job: "J", openedAt: 5 };
        const { id } = await s1.accept({ ...J, node: "N", hours: 2, reportedAt: 9, signature: "sig-9", receivedAt: 10 }, 0);
        await s1.close();
        const raw = new Database(path);
        raw.exec("DROP INDEX reports_accepted; CREATE INDEX reports_latest ON reports (job, opened_at, reported_at) WHERE accepted = 1; CREATE INDEX reports_accepted_sig ON reports (job, signature) WHERE accepted = 1;");
        raw.close();
        // When this version opens it
        const s2 = new SqliteStore(path);
        const check = new Database(path, { readonly: true });
        const indexes = (check.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'reports' AND sql IS NOT NULL ORDER BY name").all() as { name: string }[]).map((r) => r.name);
        check.close();
        // Then the old indexes are gone, the new one is there, and the report is found by both lookups
        expect(indexes).to.deep.equal(["reports_accepted", "reports_received"]);
        expect(await s2.latestAccepted(J)).to.deep.equal({ hours: 2, reportedAt: 9, signature: "sig-9" });
        expect((await s2.acceptedReport("J", "sig-9", 9))?.id).to.equal(id);
        expect(await s2.acceptedReport("J", "sig-9", 8)).to.equal(null);
        expect(await s2.latestAccepted({ job: "J", openedAt: 10 })).to.equal(null); // a later job at that address
        await s2.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("prunes finished jobs, their reports and finished batches, and keeps live work", async () => {
      const store = new SqliteStore(":memory:");
      const live = { job: "L", openedAt: 1 };
      const done = { job: "D", openedAt: 1 };
      for (const id of [live, done]) await store.accept({ ...id, node: "N", hours: 1, reportedAt: 2, signature: `s-${id.job}`, receivedAt: 10 }, 0);
      await store.recordReport({ job: "X", openedAt: 0, node: "N", hours: 1, reportedAt: 2, signature: "refused", receivedAt: 10, accepted: false, reason: "bad-signature", raised: false });
      await store.markDone(done, "settled");
      const b = await store.beginBatch({ kind: "settle", signature: "S", wire: "AA==", lastValidBlockHeight: 1, items: [{ job: "D", hours: 1, openedAt: 1 }], createdAt: 10 });
      await store.finishBatch(b, "confirmed");
      await store.beginBatch({ kind: "attest", signature: "S2", wire: "AA==", lastValidBlockHeight: 1, items: [], createdAt: 10 });
      // When everything older than now is pruned
      const removed = await store.prune(Math.floor(Date.now() / 1000) + 1);
      // Then the finished job, its report, the refused report and the finished batch are gone; the live job, its report and the batch in flight stay
      expect(removed).to.deep.equal({ reports: 2, jobs: 1, batches: 1 });
      expect(await store.getAttestation(live)).to.not.equal(null);
      expect(await store.latestAccepted(live)).to.not.equal(null);
      expect(await store.getAttestation(done)).to.equal(null);
      expect((await store.batchesInFlight()).length).to.equal(1);
    });
  });

  describe("finding 9: price quotes carry the source's own time", () => {
    let dir: string;
    before(() => (dir = mkdtempSync(join(tmpdir(), "io-oracle-quote-"))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it("a JSON quote without a timestamp is refused, and one older than the maximum age is not posted", async () => {
      const file = join(dir, "quote.json");
      // Given a source without a timestamp: Then it does not quote
      writeFileSync(file, JSON.stringify({ price: "2.05", confidence: "0.002" }));
      const source = new JsonPriceSource(file);
      let error = "";
      await source.quote(now()).catch((e: Error) => (error = e.message));
      expect(error).to.contain("timestamp");
      // Given a quote observed 5 minutes ago (io_oracle would still take it) and a maximum age of 2 minutes
      writeFileSync(file, JSON.stringify({ price: "2.05", confidence: "0.002", timestamp: now() - 300 }));
      const store = new SqliteStore(":memory:");
      const metrics = new Metrics();
      const runner = new Runner(new EmbeddedSender(world.chain), world.oracles[2], store, metrics, silentLogger, { pollMs: 1, backoffMs: 1 });
      const pricer = new Pricer(world.chain, store, runner, source, metrics, silentLogger, 120);
      // When the pricer ticks; Then nothing is sent
      expect(await pricer.tick()).to.equal(false);
      expect(await store.batches("price")).to.deep.equal([]);
      expect(metrics.staleQuotes).to.equal(1);
      // When the source updates; Then it is posted
      writeFileSync(file, JSON.stringify({ price: "2.05", confidence: "0.002", timestamp: now() - 5 }));
      expect(await pricer.tick()).to.equal(true);
    });
  });

  describe("review 13: the pricer's clock is never older than one it has read", () => {
    let dir: string;
    before(() => (dir = mkdtempSync(join(tmpdir(), "io-oracle-quote-"))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it("a node whose clock is behind does not make a quote older than the maximum age look fresh", async () => {
      const file = join(dir, "quote.json");
      const reader = new Reader(world);
      const store = new SqliteStore(":memory:");
      const metrics = new Metrics();
      const runner = new Runner(new EmbeddedSender(world.chain), world.oracles[2], store, metrics, silentLogger, { pollMs: 1, backoffMs: 1 });
      const pricer = new Pricer(reader, store, runner, new JsonPriceSource(file), metrics, silentLogger, 120);
      // Given a fresh quote, posted
      world.chain.warp(60);
      writeFileSync(file, JSON.stringify({ price: "2.05", confidence: "0.002", timestamp: now() - 5 }));
      expect(await pricer.tick()).to.equal(true);
      // and a source that then stops: its next quote is observed 5 minutes before the chain's clock (io_oracle would still take it)
      world.chain.warp(400);
      writeFileSync(file, JSON.stringify({ price: "2.10", confidence: "0.002", timestamp: now() - 300 }));
      // When the pricer reads the clock from a node 6 minutes behind
      reader.staleClock = now() - 360;
      const posted = await pricer.tick();
      // Then the quote is not posted: it is 300 s old, not 60 s in the future
      expect(posted).to.equal(false);
      expect((await store.batches("price")).length).to.equal(1);
      expect(metrics.staleQuotes).to.equal(1);
    });
  });

  describe("finding 12: SIGTERM stops between rounds", () => {
    /** Runs the service over 5 wanted jobs (one attestation per transaction) and stops it at its first submission; the attest batches in its store. */
    async function stopAtFirstSubmission(batchesInFlight: number) {
      const store = new SqliteStore(":memory:");
      const jobs = Array.from({ length: 5 }, () => openJob(2).job);
      world.chain.warp(10);
      for (const j of jobs) await store.want(idOf(j), node.toBase58(), 1);
      const embedded = new EmbeddedSender(world.chain);
      let service: OracleService | null = null;
      let stopped: Promise<void> | null = null;
      const sender: TxSender = {
        description: "embedded, stopping after the first submission",
        simulate: (i, s) => embedded.simulate(i, s),
        sign: (i, s, u, p) => embedded.sign(i, s, u, p),
        submit: async (tx: SignedTx) => {
          await embedded.submit(tx);
          stopped ??= service!.stop(); // SIGTERM arrives while the first batch is in flight
        },
        status: (s) => embedded.status(s),
        blockHeight: () => embedded.blockHeight(),
        recentPriorityFees: () => embedded.recentPriorityFees(),
        balance: (k) => embedded.balance(k),
      };
      const config = { ...DEFAULT_CONFIG, port: 0, store: ":memory:", maxBatch: 1, batchesInFlight, postIntervalMs: 60_000, crankIntervalSeconds: 0, settle: false, priorityFee: "0" };
      service = new OracleService({ config, chain: world.chain, sender, store, oracle: world.oracles[0], log: silentLogger, priceSource: null });
      await service.start();
      await new Promise<void>((resolve) => {
        const wait = () => (stopped ? stopped.then(() => resolve()) : setTimeout(wait, 10));
        wait();
      });
      const attested = jobs.map((j) => onChainFigure(jobState(j), 0, jobState(j).attestVersion));
      // (the store is closed by stop(): its batches' outcomes are read from the metrics)
      const outcomes = Object.fromEntries([...service.metrics.batches.entries()].filter(([k]) => k.startsWith("attest")));
      return { transactions: service.metrics.attestTransactions, attested, outcomes };
    }

    it("stop() lets the batch in flight finish and sends no further batch", async () => {
      // Given 5 jobs wanted, one attestation per transaction, one batch at a time; when SIGTERM
      // arrives at the first submission, then exactly one attestation was sent and confirmed
      const r = await stopAtFirstSubmission(1);
      expect(r.transactions).to.equal(1);
      expect(r.attested).to.deep.equal([1, null, null, null, null]);
    });

    it("pipelined, stop() lets every batch in flight reach its outcome and starts no further one", async () => {
      // Given the same with up to 3 batches in flight; when SIGTERM arrives at the first submission
      const r = await stopAtFirstSubmission(3);
      // Then at most the 3 in flight were sent, each reached its outcome (confirmed), and only their jobs are attested
      expect(r.transactions).to.be.within(1, 3);
      expect(r.outcomes).to.deep.equal({ [Object.keys(r.outcomes)[0]]: r.transactions });
      expect(Object.keys(r.outcomes)[0]).to.match(/confirmed/);
      expect(r.attested.filter((a) => a === 1).length).to.equal(r.transactions);
      expect(r.attested.filter((a) => a === null).length).to.equal(5 - r.transactions);
    });
  });

  describe("finding 11: what rpc_errors_total counts", () => {
    it("counts each failed RPC call; a round that fails after its retries counts in rounds_failed_total", async () => {
      // Given an RPC that fails every read of io_oracle's config
      const reader: ChainReader = {
        getAccount: async (k) => {
          if (k.equals(oracleConfigKey()[0])) throw new Error("503 Service Unavailable");
          return world.chain.account(k);
        },
        unixTime: () => world.chain.unixTime(),
      };
      const config = { ...DEFAULT_CONFIG, port: 0, store: ":memory:", postIntervalMs: 10, crankIntervalSeconds: 0, priorityFee: "0" };
      const service = new OracleService({ config, chain: reader, sender: new EmbeddedSender(world.chain), store: new SqliteStore(":memory:"), oracle: world.oracles[0], log: silentLogger, priceSource: null });
      await service.start();
      // When a posting round has failed
      while (service.metrics.roundsFailed === 0) await new Promise((r) => setTimeout(r, 50));
      await service.stop();
      // Then every failed call was counted once (5 attempts a round), and the rounds separately
      const m = service.metrics;
      expect(m.roundsFailed).to.be.at.least(1);
      expect(m.rpcErrors).to.equal(5 * m.roundsFailed);
      expect(m.render()).to.contain(`io_oracle_rounds_failed_total ${m.roundsFailed}`);
    });
  });

  // These two change io_oracle's set (no fresh price can be posted afterwards): they run last.
  describe("finding 5: transient errors stay transient (set rotation)", () => {
    it("NotOracle in simulation during a set rotation is retried, not a permanent failure", async () => {
      const reader = new Reader(world);
      const a = instance(0, reader);
      rotated = a;
      const { job } = openJob(2);
      rotatedJob = job;
      world.chain.warp(10);
      expect(status(await a.submit(report(job, 1, now())))).to.equal("accepted");
      // Given the set rotates oracle 0 out, while the node the service reads has not seen it
      reader.staleConfig = world.chain.account(oracleConfigKey()[0]);
      const members = world.oracles.map((o) => o.publicKey);
      world.send([setOracleSetInstruction({ admin: world.admin.publicKey, quorum: 2, members: members.slice(1) })], [world.admin]);
      // When the poster runs: the simulation says NotOracle
      expect(await a.poster.tick()).to.equal(0);
      const rec = await a.store.getAttestation(idOf(job));
      expect(rec?.failed).to.equal(null);
      // When the rotation brings oracle 0 back (set version 3) and the node catches up
      world.send([setOracleSetInstruction({ admin: world.admin.publicKey, quorum: 2, members })], [world.admin]);
      reader.staleConfig = null;
      // Then the figure is posted
      expect(await a.poster.tick()).to.equal(1);
      expect(onChainFigure(jobState(job), 0, 3)).to.equal(1);
    });
  });

  describe("finding 4: re-attestation after an oracle-set change", () => {
    it("re-posts the figures a new set version cleared", async () => {
      // Given the job of the previous test, its figure posted for the current set
      const a = rotated!;
      const job = rotatedJob!;
      expect(await a.poster.tick()).to.equal(0);
      const version = jobState(job).attestVersion;
      // When the admin sets the set again (a new version clears the rounds)
      world.send([setOracleSetInstruction({ admin: world.admin.publicKey, quorum: 2, members: world.oracles.map((o) => o.publicKey) })], [world.admin]);
      // and the service runs its rounds; Then its figure is on chain for the new version
      await a.settler.tick();
      expect(await a.poster.tick()).to.equal(1);
      expect(onChainFigure(jobState(job), 0, version + 1)).to.equal(1);
      // and nothing more is posted
      await a.settler.tick();
      expect(await a.poster.tick()).to.equal(0);
    });
  });

});
