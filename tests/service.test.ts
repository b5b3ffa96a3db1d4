/**
 * The oracle service in-process on the embedded chain (LiteSVM with the real .so files): the
 * signed report format, intake through the real HTTP API with every refusal recorded, the
 * SQLite store across a reopen, the poster batching attestations exactly once, the pricer's
 * IO/USD accepted by io_oracle, and the cranker minting emissions once per hour.
 */
import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { Server } from "http";
import { AddressInfo } from "net";
import { tmpdir } from "os";
import { join } from "path";
import { Keypair, PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import {
  crankInstruction,
  Currency,
  cumulativeEmission,
  decodeEmissionState,
  decodeJob,
  decodeOracleConfig,
  decodePriceFeed,
  emissionKey,
  oracleConfigKey,
  priceFeedKey,
  setOracleSetInstruction,
  jobKey,
  nodeKey,
  endJobInstruction,
  registerNodeInstruction,
  signUsageReport,
  usageReportBytes,
  usageReportToJson,
  verifyUsageReport,
  EMBEDDED_GENESIS_HASH,
  IO_JOBS_PROGRAM_ID,
  usageReportDeployment,
} from "../sdk/src";
import { utils } from "@coral-xyz/anchor";
import { Cranker } from "../services/oracle/cranker";
import { createApi } from "../services/oracle/http";
import { Intake } from "../services/oracle/intake";
import { Fields, Level, Logger, silentLogger } from "../services/oracle/log";
import { Metrics } from "../services/oracle/metrics";
import { onChainFigure, Poster } from "../services/oracle/poster";
import { JsonPriceSource, PriceSource, SimulatedPriceSource } from "../services/oracle/price-source";
import { Pricer } from "../services/oracle/pricer";
import { Runner } from "../services/oracle/runner";
import { EmbeddedSender } from "../services/oracle/sender";
import { SqliteStore } from "../services/oracle/sqlite-store";
import { ioBalance, withEmissions } from "./fixtures";
import { expectError, TestChain } from "./harness";
import { JobsWorld, NODE_TERMS } from "./jobs-world";

/** Keeps what a part logged, to read why it sent nothing. */
class RecordingLogger implements Logger {
  readonly lines: { level: Level; msg: string; fields: Fields }[] = [];
  log(level: Level, msg: string, fields: Fields = {}): void {
    this.lines.push({ level, msg, fields });
  }
  errors(msg: string): unknown[] {
    return this.lines.filter((l) => l.msg === msg).map((l) => l.fields.error);
  }
}

const DEPLOYMENT = usageReportDeployment(EMBEDDED_GENESIS_HASH);

describe("oracle service (embedded chain)", function () {
  this.timeout(60_000);
  let world: JobsWorld;
  const device = Keypair.generate();
  const otherDevice = Keypair.generate();
  let node: PublicKey;
  let otherNode: PublicKey;
  let opened: number;

  /** A job's identity in the store: its address and opening time, read from the chain. */
  const idOf = (j: PublicKey) => ({ job: j.toBase58(), openedAt: decodeJob(world.chain.account(j)!).openedAt.toNumber() });

  /** A user's `hours`-hour USDC job on `onNode`. */
  function openJob(onNode: PublicKey, hours: number): PublicKey {
    const user = world.user();
    const nonce = new BN(0);
    world.send([world.openJobInstruction(user, nonce, hours, Currency.Usdc, { node: onNode })], [user.wallet]);
    return jobKey(user.wallet.publicKey, nonce)[0];
  }

  before(() => {
    world = new JobsWorld();
    // Two nodes whose deviceId is their worker's ed25519 device public key
    for (const d of [device, otherDevice]) {
      world.send([registerNodeInstruction({ owner: world.nodeOwner.publicKey, deviceId: d.publicKey.toBuffer(), ...NODE_TERMS })], [world.nodeOwner]);
    }
    node = nodeKey(world.nodeOwner.publicKey, device.publicKey.toBuffer())[0];
    otherNode = nodeKey(world.nodeOwner.publicKey, otherDevice.publicKey.toBuffer())[0];
    opened = Number(world.chain.now());
  });

  describe("usage report format", () => {
    it("signs the canonical 151 bytes bound to the cluster and the program; any changed field, another deployment or another key fails verification", () => {
      // Given a report signed by the device key for the embedded chain's deployment of io_jobs
      const r = { job: Keypair.generate().publicKey, node, hours: 7, reportedAt: 1_800_000_123 };
      const signed = signUsageReport(r, device, DEPLOYMENT);
      // Then the bytes are the domain, genesis hash, program id, job, node, hours u32 LE and time i64 LE
      const bytes = usageReportBytes(r, DEPLOYMENT);
      expect(bytes.length).to.equal(151);
      expect(bytes.subarray(0, 11).toString()).to.equal("io-usage-v2");
      expect(utils.bytes.bs58.encode(bytes.subarray(11, 43))).to.equal(EMBEDDED_GENESIS_HASH);
      expect(new PublicKey(bytes.subarray(43, 75)).equals(IO_JOBS_PROGRAM_ID)).to.equal(true);
      expect(bytes.readUInt32LE(139)).to.equal(7);
      expect(bytes.readBigInt64LE(143)).to.equal(1_800_000_123n);
      // and it verifies against the device key, not after any change, nor against another key
      expect(verifyUsageReport(r, signed.signature, device.publicKey.toBytes(), DEPLOYMENT)).to.equal(true);
      expect(verifyUsageReport({ ...r, hours: 8 }, signed.signature, device.publicKey.toBytes(), DEPLOYMENT)).to.equal(false);
      expect(verifyUsageReport({ ...r, reportedAt: r.reportedAt + 1 }, signed.signature, device.publicKey.toBytes(), DEPLOYMENT)).to.equal(false);
      expect(verifyUsageReport(r, signed.signature, otherDevice.publicKey.toBytes(), DEPLOYMENT)).to.equal(false);
      // nor for another cluster (devnet's genesis hash) or another deployment of io_jobs
      const devnet = usageReportDeployment("EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG");
      expect(verifyUsageReport(r, signed.signature, device.publicKey.toBytes(), devnet)).to.equal(false);
      expect(verifyUsageReport(r, signed.signature, device.publicKey.toBytes(), usageReportDeployment(EMBEDDED_GENESIS_HASH, Keypair.generate().publicKey))).to.equal(false);
    });
  });

  describe("intake over HTTP", () => {
    let store: SqliteStore;
    let metrics: Metrics;
    let server: Server;
    let url: string;
    let job: PublicKey;
    let firstId = 0;

    async function post(body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
      const res = await fetch(`${url}/reports`, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body), headers: { "content-type": "application/json" } });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    }

    const report = (hours: number, at: number, key = device, onNode = node, forJob = job) =>
      usageReportToJson(signUsageReport({ job: forJob, node: onNode, hours, reportedAt: at }, key, DEPLOYMENT));

    before(async () => {
      store = new SqliteStore(":memory:");
      metrics = new Metrics();
      const intake = new Intake(world.chain, store, metrics, { clockSkewSeconds: 60, cacheTtlMs: 0, deployment: DEPLOYMENT });
      server = createApi(intake, metrics, { health: async () => ({ ok: true }) }, silentLogger);
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      // Given a 3-hour job on the device's node
      job = openJob(node, 3);
    });

    after(() => new Promise<void>((r) => server.close(() => r())));

    it("accepts a signed cumulative report (202) and raises the job's wanted figure", async () => {
      // When the worker reports 1 hour 10 s after the job opened
      const res = await post(report(1, opened + 10));
      // Then it is accepted and the store wants 1 hour on chain for the job
      expect(res.status, JSON.stringify(res.body)).to.equal(202);
      expect(res.body.raised).to.equal(true);
      firstId = Number(res.body.id);
      const a = await store.getAttestation(idOf(job));
      expect([a?.wanted, a?.posted]).to.deep.equal([1, -1]);
    });

    it("refuses forged, replayed, decreasing, over-limit, implausible, future, wrong-node, unknown and malformed reports, recording each", async () => {
      // Given 1 hour accepted; the clock 3,700 s on, so 2 hours have started
      world.chain.warp(3_700);
      const now = Number(world.chain.now());
      const cases: [string, unknown, number, string][] = [
        ["forged (another device key)", report(2, now, otherDevice), 401, "bad-signature"],
        ["stale (not after the last accepted)", report(1, opened + 5), 409, "replayed"],
        ["over the paid hours", report(4, now), 422, "over-limit"],
        ["more hours than have started", report(3, now), 422, "implausible"],
        ["from the future", report(2, now + 3_600), 422, "future"],
        ["a job on another node", report(1, now, otherDevice, otherNode), 422, "wrong-node"],
        ["an unknown job", report(1, now, device, node, Keypair.generate().publicKey), 404, "unknown-job"],
        ["an unknown node", report(1, now, device, Keypair.generate().publicKey), 404, "unknown-node"],
        ["malformed JSON", "{not json", 400, "malformed"],
        ["a bad field", { ...report(1, now), hours: -1 }, 400, "malformed"],
      ];
      for (const [what, body, status, reason] of cases) {
        // When it is posted; Then the status and reason say why
        const res = await post(body);
        expect([res.status, res.body.error], what).to.deep.equal([status, reason]);
      }
      // When the accepted report is posted again, exactly: Then it gets its first answer (202, same id), not recorded again
      const again = await post(report(1, opened + 10));
      expect([again.status, again.body.id, again.body.hours]).to.deep.equal([202, firstId, 1]);
      // When 2 hours are reported, then 1 hour (lower) after them
      expect((await post(report(2, now))).status).to.equal(202);
      const lower = await post(report(1, now + 1));
      expect([lower.status, lower.body.error]).to.deep.equal([409, "decreasing"]);
      // Then every refusal of a report signed by the node's device is recorded by reason in the
      // store (the unauthenticated ones, bad-signature, unknown-node and malformed, only counted),
      // and every refusal is in /metrics
      const byReason = await store.refusalsByReason();
      expect(byReason).to.deep.equal({ replayed: 1, "over-limit": 1, implausible: 1, future: 1, "wrong-node": 1, "unknown-job": 1, decreasing: 1 });
      for (const reason of ["bad-signature", "unknown-node"]) expect(metrics.reportsRefused.get(reason), reason).to.equal(1);
      expect(metrics.reportsRefused.get("malformed")).to.equal(2);
      expect(await store.countReports(true)).to.equal(2);
      const text = await (await fetch(`${url}/metrics`)).text();
      expect(text).to.contain('io_oracle_reports_total{result="accepted"} 2');
      expect(text).to.contain('io_oracle_reports_total{result="refused",reason="replayed"} 1');
      expect(text).to.contain("io_oracle_reports_duplicate_total 1");
      // and the wanted figure is the highest accepted one
      expect((await store.getAttestation(idOf(job)))?.wanted).to.equal(2);
    });
  });

  describe("store", () => {
    it("keeps reports, wanted figures, batches and values across a reopen; in-flight jobs are not batched twice", async () => {
      const dir = mkdtempSync(join(tmpdir(), "io-oracle-store-"));
      try {
        const path = join(dir, "oracle.sqlite");
        // Given a store with a report, two wanted jobs (one in a batch in flight) and a value
        const s1 = new SqliteStore(path);
        const J1 = { job: "J1", openedAt: 5 };
        const J2 = { job: "J2", openedAt: 5 };
        await s1.accept({ ...J1, node: "N", hours: 3, reportedAt: 10, signature: "sig", receivedAt: 11 }, 0);
        await s1.want(J1, "N", 2); // never lowers
        await s1.want(J2, "N", 1);
        const id = await s1.beginBatch({ kind: "attest", signature: "S1", wire: "AA==", lastValidBlockHeight: 99, items: [{ job: "J1", hours: 3, openedAt: 5 }], createdAt: 1 });
        await s1.setValue("crank.last", "42");
        await s1.close();
        // When it is reopened
        const s2 = new SqliteStore(path);
        // Then everything is there and only J2 is free to batch
        expect(await s2.latestAccepted(J1)).to.deep.equal({ hours: 3, reportedAt: 10, signature: "sig" });
        expect(await s2.latestAccepted({ job: "J1", openedAt: 6 })).to.equal(null); // another job at that address
        expect((await s2.pendingAttestations(10)).map((a) => a.job)).to.deep.equal(["J2"]);
        const inFlight = await s2.batchesInFlight();
        expect(inFlight.map((b) => [b.id, b.signature, b.lastValidBlockHeight, b.items])).to.deep.equal([[id, "S1", 99, [{ job: "J1", hours: 3, openedAt: 5 }]]]);
        expect(await s2.getValue("crank.last")).to.equal("42");
        // When the batch expires, J1 is free again; once posted it is not pending
        await s2.finishBatch(id, "expired");
        expect((await s2.pendingAttestations(10)).map((a) => a.job)).to.deep.equal(["J1", "J2"]);
        await s2.markPosted(J1, 3);
        expect(await s2.countPending()).to.equal(1);
        await s2.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe("poster", () => {
    it("packs attestations into as few transactions as fit, and a second round or a fresh store posts nothing again", async () => {
      // Given 30 jobs on the node, each with 1 accepted hour wanted by oracle 0
      const oracle = world.oracles[0];
      world.postPrice(); // fresh IO/USD after the clock moved (users mint IOSD)
      const jobs = Array.from({ length: 30 }, () => openJob(node, 2));
      world.chain.warp(60); // the jobs' first hour has begun
      const store = new SqliteStore(":memory:");
      for (const j of jobs) await store.want(idOf(j), node.toBase58(), 1);
      const metrics = new Metrics();
      const runner = new Runner(new EmbeddedSender(world.chain), oracle, store, metrics, silentLogger, { pollMs: 1, backoffMs: 1 });
      const poster = new Poster(world.chain, store, runner, metrics, silentLogger, { maxBatch: 64 });
      // When the poster runs
      expect(await poster.tick()).to.equal(30);
      // Then every job holds oracle 0's 1 hour, in more than one and fewer than 30 transactions
      for (const j of jobs) expect(onChainFigure(decodeJob(world.chain.account(j)!), 0, 1)).to.equal(1);
      const batches = await store.batches("attest");
      expect(batches.every((b) => b.status === "confirmed")).to.equal(true);
      const perTx = batches.map((b) => b.items.length);
      expect(perTx.reduce((a, b) => a + b, 0)).to.equal(30);
      expect(batches.length).to.be.within(2, 4);
      expect(perTx[0]).to.be.greaterThan(10);
      // When it runs again, or a new poster with an empty store wants the same figures
      expect(await poster.tick()).to.equal(0);
      const fresh = new SqliteStore(":memory:");
      for (const j of jobs) await fresh.want(idOf(j), node.toBase58(), 1);
      const runner2 = new Runner(new EmbeddedSender(world.chain), oracle, fresh, metrics, silentLogger, { pollMs: 1, backoffMs: 1 });
      const poster2 = new Poster(world.chain, fresh, runner2, metrics, silentLogger, { maxBatch: 64 });
      // Then nothing is sent: the chain already holds each figure
      expect(await poster2.tick()).to.equal(0);
      expect(await fresh.batches()).to.deep.equal([]);
      expect(await fresh.countPending()).to.equal(0);
    });
  });

  describe("poster and the chain's clock", () => {
    it("holds a figure above the hours begun until the clock reaches it, and caps an ended job's figure at the hours begun by its end", async () => {
      // Given two 3-hour jobs opened this second, each wanted at 1 hour by oracle 1
      const oracle = world.oracles[1];
      world.postPrice();
      const running = openJob(node, 3);
      const user = world.user();
      world.send([world.openJobInstruction(user, new BN(0), 3, Currency.Usdc, { node })], [user.wallet]);
      const [ended] = jobKey(user.wallet.publicKey, new BN(0));
      const store = new SqliteStore(":memory:");
      for (const j of [running, ended]) await store.want(idOf(j), node.toBase58(), 1);
      const metrics = new Metrics();
      const runner = new Runner(new EmbeddedSender(world.chain), oracle, store, metrics, silentLogger, { pollMs: 1, backoffMs: 1 });
      // (no wall-clock wait before looking again: this test moves the chain's clock itself)
      const poster = new Poster(world.chain, store, runner, metrics, silentLogger, { maxBatch: 64, maxRetryMs: 0 });
      // When the poster runs before any hour has begun: nothing is sent and nothing fails
      const before = world.chain.snapshot([running, ended]);
      expect(await poster.tick()).to.equal(0);
      expect(world.chain.snapshot([running, ended])).to.equal(before);
      expect(await store.countPending()).to.equal(2);
      // When a minute passes, the second user ends its job, and 2 hours are wanted for it (more than ever began)
      world.chain.warp(60);
      world.send([endJobInstruction({ caller: user.wallet.publicKey, job: ended, node })], [user.wallet]);
      await store.want(idOf(ended), node.toBase58(), 2);
      // Then the running job's hour is posted, and the ended job's figure is the 1 hour begun by its end
      expect(await poster.tick()).to.equal(2);
      expect(onChainFigure(decodeJob(world.chain.account(running)!), 1, 1)).to.equal(1);
      expect(onChainFigure(decodeJob(world.chain.account(ended)!), 1, 1)).to.equal(1);
      expect(await store.countPending()).to.equal(0);
      expect(await poster.tick()).to.equal(0);
      // When 2 hours are wanted for the running job: they wait for the second hour to begin, then go
      await store.want(idOf(running), node.toBase58(), 2);
      expect(await poster.tick()).to.equal(0);
      world.chain.warp(3_600);
      expect(await poster.tick()).to.equal(1);
      expect(onChainFigure(decodeJob(world.chain.account(running)!), 1, 1)).to.equal(2);
    });
  });

  describe("pricer", () => {
    let priced: JobsWorld;
    let oracle: Keypair;
    let dir: string;
    const feed = () => decodePriceFeed(priced.chain.account(priceFeedKey()[0])!);

    /** A pricer signing with `key`, on its own in-memory store. */
    function pricer(key: Keypair, source: PriceSource): { pricer: Pricer; store: SqliteStore; metrics: Metrics; log: RecordingLogger } {
      const store = new SqliteStore(":memory:");
      const metrics = new Metrics();
      const log = new RecordingLogger();
      const runner = new Runner(new EmbeddedSender(priced.chain), key, store, metrics, log, { pollMs: 1, backoffMs: 1 });
      return { pricer: new Pricer(priced.chain, store, runner, source, metrics, log), store, metrics, log };
    }

    before(() => {
      // Given a world of its own (its oracle set is changed here) and the service's key, funded
      priced = new JobsWorld();
      oracle = priced.funded(Keypair.generate());
      dir = mkdtempSync(join(tmpdir(), "io-oracle-price-"));
    });

    after(() => rmSync(dir, { recursive: true, force: true }));

    it("sends nothing while its key is not in the oracle set, and the feed does not change", async () => {
      // Given the service's key outside io_oracle's set
      const before = priced.chain.snapshot([priceFeedKey()[0]]);
      const { pricer: p, store, metrics, log } = pricer(oracle, new SimulatedPriceSource(7));
      // When it ticks
      expect(await p.tick()).to.equal(false);
      // Then io_oracle refused it in simulation (NotOracle): no batch, no price, the feed unchanged
      expect(log.errors("price refused in simulation")).to.deep.equal(["NotOracle"]);
      expect(await store.batches("price")).to.deep.equal([]);
      expect(metrics.pricesPosted).to.equal(0);
      expect(priced.chain.snapshot([priceFeedKey()[0]])).to.equal(before);
    });

    it("posts the simulated source's quote, which io_oracle accepts as the price (quorum 1), and not twice in the same second", async () => {
      // Given the io_oracle admin makes the service's key the sole oracle, quorum 1 (set version 2)
      priced.send([setOracleSetInstruction({ admin: priced.admin.publicKey, quorum: 1, members: [oracle.publicKey] })], [priced.admin]);
      expect(decodeOracleConfig(priced.chain.account(oracleConfigKey()[0])!).setVersion).to.equal(2);
      priced.chain.warp(60);
      const now = Number(priced.chain.now());
      const source = new SimulatedPriceSource(7);
      const quote = await source.quote(now);
      const { pricer: p, store, metrics } = pricer(oracle, source);
      // When the pricer ticks
      expect(await p.tick()).to.equal(true);
      // Then the feed holds exactly that quote, healthy, published now
      const f = feed();
      expect([f.healthy, f.price.toString(), f.confidence.toString(), f.publishTs.toNumber()]).to.deep.equal([true, quote.price.toString(), quote.confidence.toString(), now]);
      expect(metrics.pricesPosted).to.equal(1);
      expect(await store.getValue("price.lastTimestamp")).to.equal(String(now));
      // When it ticks again with the clock unchanged (a quote no newer than the last posted)
      expect(await p.tick()).to.equal(false);
      // Then nothing more was sent
      expect((await store.batches("price")).map((b) => b.status)).to.deep.equal(["confirmed"]);
      expect(metrics.pricesPosted).to.equal(1);
    });

    it("posts a JSON file source's price; the same file again is not sent", async () => {
      // Given a JSON quote of $2.05 ± 0.002 observed a minute later
      priced.chain.warp(60);
      const now = Number(priced.chain.now());
      const file = join(dir, "quote.json");
      writeFileSync(file, JSON.stringify({ price: "2.05", confidence: "0.002", timestamp: now }));
      const { pricer: p, store } = pricer(oracle, new JsonPriceSource(file));
      // When the pricer ticks
      expect(await p.tick()).to.equal(true);
      // Then io_oracle's price is $2.05 (8 decimals) published at the quote's time
      const f = feed();
      expect([f.healthy, f.price.toString(), f.confidence.toString(), f.publishTs.toNumber()]).to.deep.equal([true, "205000000", "200000", now]);
      // When the clock moves but the file does not (its timestamp is the last posted one)
      priced.chain.warp(30);
      expect(await p.tick()).to.equal(false);
      // Then it was sent once
      expect(await store.batches("price")).to.have.length(1);
      expect(feed().publishTs.toNumber()).to.equal(now);
    });
  });

  describe("cranker", () => {
    const HOUR = 3_600;
    let chain: TestChain;
    let rewardsVault: PublicKey;
    let startTs: number;
    const minted = () => decodeEmissionState(chain.account(emissionKey()[0])!).minted;

    /** A cranker (any funded key may crank) on its own in-memory store. */
    function cranker(): { cranker: Cranker; store: SqliteStore; metrics: Metrics; log: RecordingLogger } {
      const store = new SqliteStore(":memory:");
      const metrics = new Metrics();
      const log = new RecordingLogger();
      const runner = new Runner(new EmbeddedSender(chain), chain.wallet(1), store, metrics, log, { pollMs: 1, backoffMs: 1 });
      return { cranker: new Cranker(chain, store, runner, metrics, log), store, metrics, log };
    }

    before(() => {
      // Given io_token with emissions started into a rewards vault
      ({ chain, rewardsVault } = withEmissions());
      startTs = decodeEmissionState(chain.account(emissionKey()[0])!).startTs.toNumber();
    });

    it("cranks nothing in the genesis hour, mints hour 1's emission once due, and not again in the same hour", async () => {
      const { cranker: c, store, metrics, log } = cranker();
      // Given the clock in hour 0: nothing is due
      chain.setUnixTime(BigInt(startTs + 600));
      expect(await c.tick()).to.equal(false);
      expect(log.errors("crank not sent")).to.deep.equal(["NothingToMint"]);
      expect(await store.batches("crank")).to.deep.equal([]);
      expect(ioBalance(chain, rewardsVault).isZero()).to.equal(true);
      // When the clock is 1 minute into hour 1 and it ticks
      chain.setUnixTime(BigInt(startTs + HOUR + 60));
      expect(await c.tick()).to.equal(true);
      // Then the schedule's first hour is minted into the rewards vault, and recorded
      const hour1 = cumulativeEmission(1);
      expect(hour1.gtn(0)).to.equal(true);
      expect(minted().toString()).to.equal(hour1.toString());
      expect(ioBalance(chain, rewardsVault).toString()).to.equal(hour1.toString());
      expect([metrics.cranks, metrics.lastCrank]).to.deep.equal([1, startTs + HOUR + 60]);
      expect(await c.lastCrank()).to.equal(startTs + HOUR + 60);
      // When it ticks again later in the same hour
      chain.setUnixTime(BigInt(startTs + HOUR + 1_800));
      const before = chain.snapshot([rewardsVault, emissionKey()[0]]);
      expect(await c.tick()).to.equal(false);
      // Then nothing was sent (NothingToMint in simulation): one crank batch, vault and state unchanged
      expect(log.errors("crank not sent")).to.deep.equal(["NothingToMint", "NothingToMint"]);
      expect((await store.batches("crank")).map((b) => b.status)).to.deep.equal(["confirmed"]);
      expect(metrics.cranks).to.equal(1);
      expect(chain.snapshot([rewardsVault, emissionKey()[0]])).to.equal(before);
      // and the program itself refuses a second crank in that hour
      expectError(chain.send([crankInstruction({ rewardsVault })], [chain.payer]), "NothingToMint");
    });

    it("a second instance in the same hour sends nothing; the next hour is cranked once", async () => {
      // Given hour 1 already cranked (previous test), another instance with its own store
      const other = cranker();
      expect(await other.cranker.tick()).to.equal(false);
      expect(other.log.errors("crank not sent")).to.deep.equal(["NothingToMint"]);
      expect(await other.store.batches("crank")).to.deep.equal([]);
      // When hour 2 begins and it ticks twice
      chain.setUnixTime(BigInt(startTs + 2 * HOUR));
      expect(await other.cranker.tick()).to.equal(true);
      expect(await other.cranker.tick()).to.equal(false);
      // Then exactly the schedule up to hour 2 is in the vault, from one more crank
      expect(minted().toString()).to.equal(cumulativeEmission(2).toString());
      expect(ioBalance(chain, rewardsVault).toString()).to.equal(cumulativeEmission(2).toString());
      expect(other.metrics.cranks).to.equal(1);
      expect((await other.store.batches("crank")).map((b) => b.status)).to.deep.equal(["confirmed"]);
    });
  });
});
