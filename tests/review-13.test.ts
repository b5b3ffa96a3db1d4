/**
 * Review of issue 13's newest oracle-service changes, as an attacker: the worker-thread verifier
 * (chunks of VERIFY_CHUNK to the least busy worker) when a worker dies mid-chunk, and chunks
 * mixing genuine reports, forgeries and duplicates. (The review's failing-then-fixed findings are
 * next to the tests they extend: service-core 'review 13', service-edge 'review 13'.)
 */
import { expect } from "chai";
import { Worker } from "worker_threads";
import { Keypair } from "@solana/web3.js";
import { EMBEDDED_GENESIS_HASH, signUsageReport, usageReportBytes, usageReportDeployment } from "../sdk/src";
import { VERIFY_CHUNK, WorkerVerifier } from "../services/oracle/verifier";

const DEPLOYMENT = usageReportDeployment(EMBEDDED_GENESIS_HASH);

describe("review 13: the worker-thread verifier under faults", function () {
  this.timeout(60_000);
  const device = Keypair.generate();
  const node = Keypair.generate().publicKey;

  /** `n` reports: every third genuine, the rest forged by another key; some repeated (duplicates in one chunk). */
  function reports(n: number) {
    const forger = Keypair.generate();
    return Array.from({ length: n }, (_, i) => {
      const k = i % 7 === 6 ? i - 1 : i; // a duplicate of the one before it
      const r = { job: Keypair.generate().publicKey, node, hours: 1 + (k % 5), reportedAt: 1_700_000_000 + k };
      const genuine = k % 3 === 0;
      return { message: usageReportBytes(r, DEPLOYMENT), signature: signUsageReport(r, genuine ? device : forger, DEPLOYMENT).signature, genuine };
    });
  }

  it("a worker that dies mid-chunk fails its reports (never answers them true), is replaced, and the others are answered by their own result", async () => {
    const verifier = new WorkerVerifier(2);
    try {
      const key = device.publicKey.toBuffer();
      const many = reports(20 * VERIFY_CHUNK);
      // Given 20 chunks in flight on two workers
      const settled = Promise.allSettled(many.map((c) => verifier.verify(c.message, c.signature, key)));
      // When one worker is killed while they verify
      await new Promise((r) => setImmediate(r));
      const workers = (verifier as unknown as { workers: { worker: Worker }[] }).workers;
      const victim = workers[0].worker;
      await victim.terminate();
      const out = await settled;
      // Then every answer is its own report's (a forgery is never true), and the dead worker's are failures
      const failed = out.filter((o) => o.status === "rejected").length;
      for (const [i, o] of out.entries()) if (o.status === "fulfilled") expect(o.value, `report ${i}`).to.equal(many[i].genuine);
      expect(failed).to.be.greaterThan(0);
      expect(failed % VERIFY_CHUNK).to.equal(0);
      // and the pool has a new worker in its place, which verifies
      expect((verifier as unknown as { workers: { worker: Worker }[] }).workers[0].worker).to.not.equal(victim);
      const again = await Promise.all(many.map((c) => verifier.verify(c.message, c.signature, key)));
      expect(again).to.deep.equal(many.map((c) => c.genuine));
    } finally {
      await verifier.close();
    }
  });
});
