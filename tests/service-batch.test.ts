/**
 * POST /reports/batch (issue 13, "Load"): many signed reports in one request, each answered as
 * POST /reports would answer it alone (status, id, error), each accepted one durable before the
 * answer leaves; the batch's own refusals (not an array, empty, too many, too large); the node's
 * bucket is not overdrawn by one batch; and a statement that fails inside the intake's group
 * fails the whole group (500 for every report in it, none stored), never half a report.
 */
import { expect } from "chai";
import { fsync, mkdtempSync, rmSync } from "fs";
import { postJson } from "./http-post";
import { AddressInfo } from "net";
import { tmpdir } from "os";
import { join } from "path";
import Database from "better-sqlite3";
import { Keypair, PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { Currency, decodeJob, EMBEDDED_GENESIS_HASH, jobKey, nodeKey, registerNodeInstruction, signUsageReport, usageReportDeployment, usageReportToJson, UsageReportJson } from "../sdk/src";
import { ApiOptions, createApi, MAX_BATCH_BODY, MAX_BATCH_REPORTS } from "../services/oracle/http";
import { Intake } from "../services/oracle/intake";
import { silentLogger } from "../services/oracle/log";
import { Metrics } from "../services/oracle/metrics";
import { SqliteStore, SqliteStoreOptions } from "../services/oracle/sqlite-store";
import { WorkerVerifier } from "../services/oracle/verifier";
import { JobsWorld, NODE_TERMS } from "./jobs-world";

const DEPLOYMENT = usageReportDeployment(EMBEDDED_GENESIS_HASH);

type Result = { status: number; accepted?: boolean; id?: number | null; error?: string; retryAfter?: number };

const post = postJson;

describe("oracle intake: POST /reports/batch", function () {
  this.timeout(120_000);
  let world: JobsWorld;
  const device = Keypair.generate();
  let node: PublicKey;
  let dir: string;
  let nonce = 0;
  let user: ReturnType<JobsWorld["user"]>;

  before(() => {
    world = new JobsWorld();
    world.send([registerNodeInstruction({ owner: world.nodeOwner.publicKey, deviceId: device.publicKey.toBuffer(), ...NODE_TERMS })], [world.nodeOwner]);
    node = nodeKey(world.nodeOwner.publicKey, device.publicKey.toBuffer())[0];
    user = world.user();
    dir = mkdtempSync(join(tmpdir(), "io-oracle-batch-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function openJob(): PublicKey {
    const n = new BN(nonce++);
    world.send([world.openJobInstruction(user, n, 1, Currency.Usdc, { node })], [user.wallet]);
    return jobKey(user.wallet.publicKey, n)[0];
  }
  const now = () => Number(world.chain.now());
  const report = (job: PublicKey, hours: number, at: number, key = device): UsageReportJson => usageReportToJson(signUsageReport({ job, node, hours, reportedAt: at }, key, DEPLOYMENT));

  async function serve(storeOpts: SqliteStoreOptions = {}, api: Partial<ApiOptions> = {}) {
    const path = join(dir, `store-${nonce}-${Date.now()}.sqlite`);
    const store = new SqliteStore(path, storeOpts);
    const metrics = new Metrics();
    const verifier = new WorkerVerifier(1);
    const intake = new Intake(world.chain, store, metrics, { clockSkewSeconds: 60, cacheTtlMs: 5_000, deployment: DEPLOYMENT, verifier });
    const server = createApi(intake, metrics, { health: async () => ({ ok: true }) }, silentLogger, { nodeReportsPerSecond: 1e9, nodeReportBurst: 1e9, ...api });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as AddressInfo).port;
    const batch = async (items: unknown[]) => {
      const res = await post(port, "/reports/batch", JSON.stringify(items));
      expect(res.status).to.equal(200);
      return res.body.results as Result[];
    };
    const close = async () => {
      await new Promise<void>((r) => server.close(() => r()));
      await verifier.close();
      await store.close();
    };
    return { path, store, metrics, port, batch, close };
  }

  it("answers each report as POST /reports would alone, in order per job, and stores what it would store", async () => {
    // Given two open jobs, one of them with an accepted report already
    const s = await serve();
    try {
      const [a, b] = [openJob(), openJob()];
      const t = now();
      const first = await post(s.port, "/reports", JSON.stringify(report(a, 1, t + 1)));
      expect(first.status).to.equal(202);
      // When one batch carries: an exact copy of that report, a newer one, a replay, a forgery,
      // a malformed item, the other job's reports in order, and a copy inside the batch
      const newer = report(a, 1, t + 2);
      const items: unknown[] = [
        report(a, 1, t + 1),
        newer,
        report(a, 1, t),
        report(b, 1, t + 1, Keypair.generate()),
        { job: "not a key" },
        report(b, 1, t + 1),
        report(b, 1, t + 2),
        newer,
      ];
      const results = await s.batch(items);
      // Then each answer is its own, in the batch's order
      expect(results.map((r) => r.status)).to.deep.equal([202, 202, 409, 401, 400, 202, 202, 202]);
      expect(results[0].id).to.equal(first.body.id);
      expect(results.map((r) => r.error ?? null)).to.deep.equal([null, null, "replayed", "bad-signature", "malformed", null, null, null]);
      expect(results[7].id).to.equal(results[1].id);
      expect(results[6].id as number).to.be.greaterThan(results[5].id as number);
      // And the store holds the accepted reports once each and the stored refusal (replayed)
      expect(await s.store.countReports(true)).to.equal(4);
      expect(await s.store.refusalsByReason()).to.deep.equal({ replayed: 1 });
      expect(s.metrics.reportsDuplicate).to.equal(2);
    } finally {
      await s.close();
    }
  });

  it("answers only after the fsync covering every report in it has finished", async () => {
    // Given a store whose fsyncs are held until released
    const held: (() => void)[] = [];
    let holding = false;
    const s = await serve({ sync: (fd, done) => (holding ? held.push(() => fsync(fd, done)) : fsync(fd, done)) });
    try {
      const jobs = [openJob(), openJob(), openJob()];
      const t = now();
      holding = true;
      // When a batch is posted while the fsync is held
      let answered = false;
      const pending = s.batch(jobs.map((j) => report(j, 1, t + 1))).then((r) => {
        answered = true;
        return r;
      });
      for (let i = 0; i < 100 && held.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(held.length).to.be.greaterThan(0);
      await new Promise((r) => setTimeout(r, 200));
      // Then no answer before the fsync, and all 202 after it
      expect(answered).to.equal(false);
      holding = false;
      for (const release of held.splice(0)) release();
      const results = await pending;
      expect(results.map((r) => r.status)).to.deep.equal([202, 202, 202]);
    } finally {
      await s.close();
    }
  });

  it("refuses a batch that is not an array of 1 to 256 reports (400) or over 128 KiB (413), and answers GET 405", async () => {
    const s = await serve();
    try {
      const job = openJob();
      const t = now();
      const one = report(job, 1, t + 1);
      for (const text of ["{}", "[]", "not json", JSON.stringify(one), JSON.stringify(Array.from({ length: MAX_BATCH_REPORTS + 1 }, () => 1))]) {
        const res = await post(s.port, "/reports/batch", text);
        expect(res.status, text.slice(0, 20)).to.equal(400);
        expect(res.body.error).to.equal("malformed");
      }
      const big = JSON.stringify(Array.from({ length: 600 }, () => one));
      expect(big.length).to.be.greaterThan(MAX_BATCH_BODY);
      expect((await post(s.port, "/reports/batch", big)).status).to.equal(413);
      const get = await fetch(`http://127.0.0.1:${s.port}/reports/batch`);
      expect(get.status).to.equal(405);
      // Nothing of these was judged or stored; the report itself is still new
      expect(await s.store.countReports(true)).to.equal(0);
      expect((await s.batch([one]))[0].status).to.equal(202);
    } finally {
      await s.close();
    }
  });

  it("does not overdraw the node's bucket: past its tokens a report is 429 with retryAfter, unjudged and unstored", async () => {
    // Given a node bucket of 3 tokens
    const s = await serve({}, { nodeReportsPerSecond: 0.001, nodeReportBurst: 3 });
    try {
      const jobs = Array.from({ length: 5 }, () => openJob());
      const t = now();
      // When one batch carries 5 good reports of that node
      const results = await s.batch(jobs.map((j) => report(j, 1, t + 1)));
      // Then 3 are accepted and 2 refused for the bucket, not stored
      expect(results.map((r) => r.status)).to.deep.equal([202, 202, 202, 429, 429]);
      expect(results[4].error).to.equal("rate-limited");
      expect(results[4].retryAfter as number).to.be.greaterThan(0);
      expect(await s.store.countReports(true)).to.equal(3);
      // And the next batch of that node is refused whole
      expect((await s.batch([report(jobs[3], 1, t + 1)]))[0].status).to.equal(429);
    } finally {
      await s.close();
    }
  });

  it("a statement failing inside the group fails that group (500 for its reports, the failing one kept neither as a report nor as a figure), and a retry is accepted", async () => {
    // Given a store whose insert of one report fails (a trigger added on a second connection:
    // SQLite aborts the statement as it would on a full disk)
    const s = await serve();
    try {
      const jobs = [openJob(), openJob(), openJob()];
      const t = now();
      const idOf = (j: PublicKey) => ({ job: j.toBase58(), openedAt: decodeJob(world.chain.account(j)!).openedAt.toNumber() });
      const db = new Database(s.path);
      db.exec(`CREATE TRIGGER fail_insert BEFORE INSERT ON reports WHEN NEW.reported_at = ${t + 2} BEGIN SELECT RAISE(ABORT, 'injected'); END`);
      db.close();
      // When one batch carries it between two good reports
      const bodies = [report(jobs[0], 1, t + 1), report(jobs[1], 1, t + 2), report(jobs[2], 1, t + 1)];
      const results = await s.batch(bodies);
      // Then the failing report is 500, and neither it nor its job's figure (written before it in
      // the same group) is in the store: the group was rolled back, not committed half-done
      expect(results[1].status).to.equal(500);
      expect(await s.store.latestAccepted(idOf(jobs[1]))).to.equal(null);
      expect(await s.store.getAttestation(idOf(jobs[1]))).to.equal(null);
      // And no other report of that batch is 202 unless it is in the store (a 500 promises nothing)
      for (const [i, r] of results.entries()) if (r.status === 202) expect(await s.store.latestAccepted(idOf(jobs[i]))).to.not.equal(null);
      expect(results.every((r) => r.status === 202 || r.status === 500)).to.equal(true);
      // And once the fault is gone the same reports are accepted, each stored once
      const fix = new Database(s.path);
      fix.exec("DROP TRIGGER fail_insert");
      fix.close();
      const retried = await s.batch(bodies);
      expect(retried.map((r) => r.status)).to.deep.equal([202, 202, 202]);
      expect(await s.store.countReports(true)).to.equal(3);
      expect((await s.store.getAttestation(idOf(jobs[1])))?.wanted).to.equal(1);
    } finally {
      await s.close();
    }
  });
});
