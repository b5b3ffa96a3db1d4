/**
 * The intake under load (issue 13, "Load"): group commit keeps the durability promise (a report
 * answered 202 is in the store after a SIGKILL right after the answer; no answer before the fsync
 * covering it; a failed commit or fsync answers 500 to every report of its group, never 202),
 * ordering and dedupe stay right when reports share a group (findings 1: an exact copy of an
 * accepted report gets its first answer even in the same group), and the worker-thread verifier
 * refuses exactly what the inline one refuses.
 */
import { expect } from "chai";
import { fork } from "child_process";
import { createPrivateKey, KeyObject, sign as edSign } from "crypto";
import { fsync, mkdtempSync, rmSync } from "fs";
import { postJson } from "./http-post";
import { AddressInfo } from "net";
import { tmpdir } from "os";
import { join } from "path";
import Database from "better-sqlite3";
import { Keypair, PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import {
  Currency,
  EMBEDDED_GENESIS_HASH,
  jobKey,
  nodeKey,
  registerNodeInstruction,
  signUsageReport,
  usageReportBytes,
  usageReportDeployment,
  usageReportFromJson,
  usageReportToJson,
  UsageReportJson,
  verifyUsageReport,
} from "../sdk/src";
import { createApi } from "../services/oracle/http";
import { Intake, parseReport, Verdict } from "../services/oracle/intake";
import { silentLogger } from "../services/oracle/log";
import { Metrics } from "../services/oracle/metrics";
import { SqliteStore, SqliteStoreOptions } from "../services/oracle/sqlite-store";
import { ed25519Key, InlineVerifier, SignatureVerifier, VERIFY_CHUNK, WorkerVerifier } from "../services/oracle/verifier";
import { JobsWorld, NODE_TERMS } from "./jobs-world";

const DEPLOYMENT = usageReportDeployment(EMBEDDED_GENESIS_HASH);

/** POSTs `body` to /reports; the status and parsed answer. */
const post = (port: number, body: unknown) => postJson(port, "/reports", JSON.stringify(body));

describe("oracle intake under load: group commit, ordering, the verifier", function () {
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
    dir = mkdtempSync(join(tmpdir(), "io-oracle-load-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function openJob(): PublicKey {
    const n = new BN(nonce++);
    world.send([world.openJobInstruction(user, n, 1, Currency.Usdc, { node })], [user.wallet]);
    return jobKey(user.wallet.publicKey, n)[0];
  }
  const now = () => Number(world.chain.now());
  const report = (job: PublicKey, hours: number, at: number, key = device, onNode = node): UsageReportJson =>
    usageReportToJson(signUsageReport({ job, node: onNode, hours, reportedAt: at }, key, DEPLOYMENT));

  /** An intake on a store file of its own, served over HTTP. */
  async function serve(storeOpts: SqliteStoreOptions = {}, verifier: SignatureVerifier = new InlineVerifier()) {
    const path = join(dir, `store-${nonce}-${Date.now()}.sqlite`);
    const store = new SqliteStore(path, storeOpts);
    const metrics = new Metrics();
    const intake = new Intake(world.chain, store, metrics, { clockSkewSeconds: 60, cacheTtlMs: 5_000, deployment: DEPLOYMENT, verifier });
    const server = createApi(intake, metrics, { health: async () => ({ ok: true }) }, silentLogger, { nodeReportsPerSecond: 1e9, nodeReportBurst: 1e9 });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as AddressInfo).port;
    const close = async () => {
      await new Promise<void>((r) => server.close(() => r()));
      await store.close();
    };
    return { path, store, metrics, intake, port, close };
  }

  describe("durability", () => {
    it("a report answered 202 is in the store after a SIGKILL right after the answer", async () => {
      const path = join(dir, "killed.sqlite");
      const seed = Buffer.from(device.secretKey.subarray(0, 32)).toString("hex");
      const child = fork(join(__dirname, "service-load-child.ts"), [], {
        execArgv: ["-r", "ts-node/register/transpile-only"],
        env: { ...process.env, IO_LOAD_DEVICE_SEED: seed, IO_LOAD_JOBS: "8", IO_LOAD_STORE: path },
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      const exited = new Promise<NodeJS.Signals | null>((r) => child.once("exit", (_code, signal) => r(signal)));
      const info = await new Promise<{ port: number; jobs: string[]; node: string; openedAt: number }>((resolve, reject) => {
        child.once("message", (m) => resolve(m as { port: number; jobs: string[]; node: string; openedAt: number }));
        child.once("exit", (code) => reject(new Error(`child exited ${code}`)));
      });
      const childNode = new PublicKey(info.node);
      // A warm-up report per job (accepted; caches filled), then 8 concurrent reports, one per job:
      // the first 202 kills the process at once.
      for (const [i, j] of info.jobs.entries()) {
        const r = await post(info.port, usageReportToJson(signUsageReport({ job: new PublicKey(j), node: childNode, hours: 1, reportedAt: info.openedAt + 1 }, device, DEPLOYMENT)));
        expect(r.status, `warm-up ${i}`).to.equal(202);
      }
      const answered: { signature: string; id: number }[] = [];
      let killed = false;
      const bodies = info.jobs.map((j) => usageReportToJson(signUsageReport({ job: new PublicKey(j), node: childNode, hours: 1, reportedAt: info.openedAt + 2 }, device, DEPLOYMENT)));
      await Promise.all(
        bodies.map((b) =>
          post(info.port, b).then(
            (r) => {
              if (r.status === 202) {
                answered.push({ signature: b.signature, id: r.body.id as number });
                if (!killed) {
                  killed = true;
                  child.kill("SIGKILL");
                }
              }
            },
            () => undefined, // the connection died with the process
          ),
        ),
      );
      expect(await exited).to.equal("SIGKILL");
      expect(answered.length).to.be.greaterThan(0);
      const db = new Database(path, { readonly: true });
      try {
        for (const a of answered) {
          const row = db.prepare("SELECT id, accepted FROM reports WHERE signature = ?").get(a.signature) as { id: number; accepted: number } | undefined;
          expect(row, `report ${a.id}, answered 202, is in the store`).to.deep.equal({ id: a.id, accepted: 1 });
        }
      } finally {
        db.close();
      }
    });

    it("no report is answered before the fsync that covers it has finished", async () => {
      let held: (() => void)[] = [];
      const s = await serve({ sync: (fd, done) => held.push(() => fsync(fd, done)) });
      try {
        const job = openJob();
        let answered = 0;
        const answers = [1, 2, 3].map((k) => post(s.port, report(job, 1, now() + k)).then((r) => (answered++, r)));
        // Until the held fsync runs, nobody is answered (however long it takes).
        for (let i = 0; i < 20 && held.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
        expect(held.length).to.be.greaterThan(0);
        await new Promise((r) => setTimeout(r, 200));
        expect(answered).to.equal(0);
        while (answered < 3) {
          const release = held;
          held = [];
          for (const f of release) f();
          await new Promise((r) => setTimeout(r, 20));
        }
        const statuses = (await Promise.all(answers)).map((r) => r.status);
        expect(statuses).to.deep.equal([202, 202, 202]);
        expect(s.store.groupStats.fsyncs).to.be.greaterThan(0);
      } finally {
        s.close().catch(() => undefined);
        for (const f of held) f();
      }
    });

    it("a failed commit answers 500 to every report of its group, stores none of them, and a retry is accepted", async () => {
      let fail = false;
      const s = await serve({
        beforeGroupCommit: () => {
          if (fail) throw new Error("disk full (injected)");
        },
      });
      try {
        const jobs = [openJob(), openJob(), openJob()];
        const t = now();
        // One accepted report per job first (committed), then a group that fails to commit.
        for (const j of jobs) expect((await post(s.port, report(j, 1, t + 1))).status).to.equal(202);
        fail = true;
        const bodies = [...jobs.map((j) => report(j, 1, t + 2)), report(jobs[0], 1, t + 3), report(jobs[0], 1, t + 3)];
        const answers = await Promise.all(bodies.map((b) => post(s.port, b)));
        expect(answers.map((a) => a.status)).to.deep.equal([500, 500, 500, 500, 500]);
        expect(await s.store.countReports(true)).to.equal(3);
        fail = false;
        // The same reports again: nothing of the failed group survived, so they are new, in order.
        const retried = [];
        for (const b of bodies) retried.push(await post(s.port, b));
        expect(retried.map((a) => a.status)).to.deep.equal([202, 202, 202, 202, 202]);
        expect(retried[4].body.id).to.equal(retried[3].body.id); // the exact copy: its first answer
        expect(await s.store.countReports(true)).to.equal(7);
      } finally {
        await s.close();
      }
    });

    it("a failed fsync answers 500 to every report it covered, never 202", async () => {
      let fail = false;
      const s = await serve({ sync: (fd, done) => (fail ? done(new Error("EIO (injected)")) : fsync(fd, done)) });
      try {
        const jobs = [openJob(), openJob()];
        const t = now();
        fail = true;
        const answers = await Promise.all(jobs.map((j) => post(s.port, report(j, 1, t + 1))));
        expect(answers.map((a) => a.status)).to.deep.equal([500, 500]);
        fail = false;
        expect((await post(s.port, report(jobs[0], 1, t + 2))).status).to.equal(202);
      } finally {
        await s.close();
      }
    });
  });

  describe("ordering and dedupe within one group", () => {
    it("an exact copy in the same group gets the first answer; a squatted copy does not block; later and replayed reports are judged against the uncommitted ones", async () => {
      const s = await serve();
      try {
        const job = openJob();
        const t = now();
        const a = report(job, 1, t + 1);
        const b = report(job, 1, t + 2);
        const squat = { ...a, node: Keypair.generate().publicKey.toBase58() };
        const before = s.store.groupStats.groups;
        // All submitted in one turn of the event loop: one group.
        const verdicts: Verdict[] = await Promise.all([squat, a, a, b, b, a].map((body) => s.intake.submit(body)));
        const status = (v: Verdict) => (v.accepted ? `accepted:${v.id}` : v.reason);
        const [va, vb] = [verdicts[1], verdicts[3]];
        expect(va.accepted && vb.accepted).to.equal(true);
        const ida = (va as { id: number }).id;
        const idb = (vb as { id: number }).id;
        expect(verdicts.map(status)).to.deep.equal(["unknown-node", `accepted:${ida}`, `accepted:${ida}`, `accepted:${idb}`, `accepted:${idb}`, `accepted:${ida}`]);
        expect(s.store.groupStats.groups - before).to.equal(1);
        expect(await s.store.countReports(true)).to.equal(2);
        expect(s.metrics.reportsDuplicate).to.equal(3);
        // A report older than the uncommitted-then-committed latest one is replayed, in the next group too.
        expect(status(await s.intake.submit(report(job, 1, t + 1, device)))).to.equal(`accepted:${ida}`);
        const older = { ...report(job, 1, t), node: node.toBase58() };
        expect(status(await s.intake.submit(older))).to.equal("replayed");
      } finally {
        await s.close();
      }
    });

    it("many concurrent reports of many jobs over HTTP: every job's reports in its order, one row each, fewer fsyncs than reports", async () => {
      const s = await serve({}, new WorkerVerifier(1));
      try {
        const jobs = Array.from({ length: 16 }, () => openJob());
        const t = now();
        // Each job's reports go one after the other on its own client; the clients run at once.
        const results = await Promise.all(
          jobs.map(async (j) => {
            const ids: number[] = [];
            for (let k = 1; k <= 10; k++) {
              const r = await post(s.port, report(j, 1, t + k));
              expect(r.status).to.equal(202);
              ids.push(r.body.id as number);
            }
            return ids;
          }),
        );
        for (const ids of results) expect([...ids].sort((x, y) => x - y)).to.deep.equal(ids);
        expect(await s.store.countReports(true)).to.equal(160);
        expect(s.store.groupStats.fsyncs).to.be.lessThan(160);
        expect(s.store.groupStats.largest).to.be.greaterThan(1);
      } finally {
        await s.close();
      }
    });
  });

  describe("the worker-thread verifier", () => {
    it("answers exactly as the inline one (and the SDK) for genuine and forged signatures", async () => {
      const worker = new WorkerVerifier(2);
      const inline = new InlineVerifier();
      try {
        const job = Keypair.generate().publicKey;
        const r = { job, node, hours: 3, reportedAt: 1_700_000_000 };
        const msg = usageReportBytes(r, DEPLOYMENT);
        const good = signUsageReport(r, device, DEPLOYMENT).signature;
        const other = Keypair.generate();
        const flip = (b: Buffer, i: number) => {
          const c = Buffer.from(b);
          c[i] ^= 1;
          return c;
        };
        const otherDeployment = usageReportBytes(r, usageReportDeployment(EMBEDDED_GENESIS_HASH, Keypair.generate().publicKey));
        // A non-canonical S (S + L, the group order): ed25519 implementations must refuse it.
        const L = (1n << 252n) + 27742317777372353535851937790883648493n;
        const s = BigInt("0x" + Buffer.from(good.subarray(32)).reverse().toString("hex"));
        const sPlusL = Buffer.from((s + L).toString(16).padStart(64, "0"), "hex").reverse();
        const malleable = Buffer.concat([good.subarray(0, 32), sPlusL]);
        const cases: { name: string; message: Buffer; signature: Buffer; key: Buffer }[] = [
          { name: "genuine", message: msg, signature: good, key: device.publicKey.toBuffer() },
          { name: "flipped signature bit", message: msg, signature: flip(good, 5), key: device.publicKey.toBuffer() },
          { name: "flipped S bit", message: msg, signature: flip(good, 40), key: device.publicKey.toBuffer() },
          { name: "flipped message bit (hours)", message: flip(msg, msg.length - 10), signature: good, key: device.publicKey.toBuffer() },
          { name: "another key's signature", message: msg, signature: edSign(null, msg, ed25519PrivateKey(other)), key: device.publicKey.toBuffer() },
          { name: "signed for another deployment", message: otherDeployment, signature: good, key: device.publicKey.toBuffer() },
          { name: "all-zero signature", message: msg, signature: Buffer.alloc(64), key: device.publicKey.toBuffer() },
          { name: "S + L (malleated)", message: msg, signature: malleable, key: device.publicKey.toBuffer() },
          { name: "other key", message: msg, signature: good, key: other.publicKey.toBuffer() },
          { name: "short signature", message: msg, signature: good.subarray(0, 63), key: device.publicKey.toBuffer() },
        ];
        const sdk = cases.map((c) => (c.message === msg ? verifyUsageReport(r, c.signature, c.key, DEPLOYMENT) : null));
        const inl = await Promise.all(cases.map((c) => inline.verify(c.message, c.signature, c.key, ed25519Key(c.key))));
        const wrk = await Promise.all(cases.map((c) => worker.verify(c.message, c.signature, c.key)));
        expect(wrk, "worker = inline").to.deep.equal(inl);
        expect(inl).to.deep.equal([true, false, false, false, false, false, false, false, false, false]);
        for (const [i, v] of sdk.entries()) if (v !== null) expect(v, `sdk: ${cases[i].name}`).to.equal(inl[i]);
        // Many at once (in chunks of VERIFY_CHUNK, each to the least busy worker), each answered by its own result.
        const many = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? cases[0] : cases[1 + (i % 9)]));
        const before = worker.messages;
        const out = await Promise.all(many.map((c) => worker.verify(c.message, c.signature, c.key)));
        expect(out).to.deep.equal(many.map((c) => c === cases[0]));
        // Then they went in chunks (the loop judges one chunk's reports while a worker verifies the next), not one message per worker
        const queued = many.filter((c) => c.signature.length === 64).length; // a short signature is refused without a worker
        expect(worker.messages - before).to.equal(Math.ceil(queued / VERIFY_CHUNK));
      } finally {
        await worker.close();
      }
    });

    it("through the intake: a forged report is 401 bad-signature and a genuine one 202 with worker threads", async () => {
      const s = await serve({}, new WorkerVerifier(1));
      try {
        const job = openJob();
        const forged = report(job, 1, now() + 1, Keypair.generate());
        const r1 = await post(s.port, forged);
        expect([r1.status, r1.body.error]).to.deep.equal([401, "bad-signature"]);
        const r2 = await post(s.port, report(job, 1, now() + 1));
        expect(r2.status).to.equal(202);
      } finally {
        await s.close();
      }
    });
  });

  it("the fast parser accepts and refuses exactly what the SDK's parser does, with the same messages", () => {
    const good = report(Keypair.generate().publicKey, 2, 1_700_000_000);
    const variants: unknown[] = [
      good,
      null,
      "text",
      { ...good, job: 7 },
      { ...good, job: "0OIl" },
      { ...good, job: "1".repeat(45) },
      { ...good, job: "11111111111111111111111111111111" },
      { ...good, node: good.node + "1" },
      { ...good, node: good.node.slice(1) },
      { ...good, hours: -1 },
      { ...good, hours: 2 ** 32 },
      { ...good, hours: 1.5 },
      { ...good, reportedAt: "1" },
      { ...good, signature: good.signature.slice(1) },
      { ...good, signature: "!" + good.signature.slice(1) },
      // the same 64 bytes spelt otherwise (the 4 unused bits of the character before "=="): refused by both (review 13)
      { ...good, signature: good.signature.slice(0, 85) + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".indexOf(good.signature[85]) ^ 1] + "==" },
    ];
    for (const v of variants) {
      const sdk = (() => {
        try {
          const r = usageReportFromJson(v);
          return { job: r.job.toBase58(), node: r.node.toBase58(), hours: r.hours, reportedAt: r.reportedAt, signature: r.signature.toString("base64") };
        } catch (e) {
          return (e as Error).message;
        }
      })();
      const fast = (() => {
        try {
          const r = parseReport(v);
          expect(r.jobBytes.equals(new PublicKey(r.job).toBuffer())).to.equal(true);
          return { job: r.job, node: r.node, hours: r.hours, reportedAt: r.reportedAt, signature: r.signature };
        } catch (e) {
          return (e as Error).message;
        }
      })();
      expect(fast, JSON.stringify(v)).to.deep.equal(sdk);
    }
    expect(() => parseReport(variants[variants.length - 1])).to.throw("signature: expected 64 bytes in base64");
  });
});

function ed25519PrivateKey(k: Keypair): KeyObject {
  return createPrivateKey({ key: Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), Buffer.from(k.secretKey.subarray(0, 32))]), format: "der", type: "pkcs8" });
}
