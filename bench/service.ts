/**
 * The oracle service's throughput on this machine, in-process on the embedded chain (LiteSVM,
 * the real .so files): reports/second accepted through the real HTTP intake (JSON parsing,
 * ed25519 verification against the node's device key, chain reads with the default 5 s cache,
 * SQLite writes with synchronous=FULL), and attestations per transaction when the poster
 * batches them. Prints both and writes bench/service.json.
 */
import { writeFileSync, mkdtempSync, rmSync } from "fs";
import { AddressInfo } from "net";
import { tmpdir } from "os";
import { join } from "path";
import { Keypair, PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { Currency, EMBEDDED_GENESIS_HASH, jobKey, nodeKey, registerNodeInstruction, signUsageReport, usageReportDeployment, usageReportToJson, UsageReportJson } from "../sdk/src";
import { DEFAULT_CONFIG } from "../services/oracle/config";
import { createApi } from "../services/oracle/http";
import { Intake } from "../services/oracle/intake";
import { silentLogger } from "../services/oracle/log";
import { Metrics } from "../services/oracle/metrics";
import { Poster } from "../services/oracle/poster";
import { Runner } from "../services/oracle/runner";
import { EmbeddedSender } from "../services/oracle/sender";
import { SqliteStore } from "../services/oracle/sqlite-store";
import { JobsWorld, NODE_TERMS } from "../tests/jobs-world";

const JOBS = 200;
const REPORTS_PER_JOB = 10;
const CONCURRENCY = 32;

async function main(): Promise<void> {
  const world = new JobsWorld();
  const device = Keypair.generate();
  world.send([registerNodeInstruction({ owner: world.nodeOwner.publicKey, deviceId: device.publicKey.toBuffer(), ...NODE_TERMS })], [world.nodeOwner]);
  const [node] = nodeKey(world.nodeOwner.publicKey, device.publicKey.toBuffer());
  const jobs: PublicKey[] = [];
  for (let i = 0; i < JOBS; i++) {
    const user = world.user();
    world.send([world.openJobInstruction(user, new BN(0), 1, Currency.Usdc, { node })], [user.wallet]);
    jobs.push(jobKey(user.wallet.publicKey, new BN(0))[0]);
  }
  const opened = Number(world.chain.now());
  const deployment = usageReportDeployment(EMBEDDED_GENESIS_HASH);
  // Each job's reports: cumulative 1 hour at successive seconds (each newer than the last)
  const reports: UsageReportJson[][] = jobs.map((job) =>
    Array.from({ length: REPORTS_PER_JOB }, (_, k) => usageReportToJson(signUsageReport({ job, node, hours: 1, reportedAt: opened + 1 + k }, device, deployment))),
  );

  const dir = mkdtempSync(join(tmpdir(), "io-oracle-bench-"));
  const store = new SqliteStore(join(dir, "oracle.sqlite"));
  const metrics = new Metrics();
  const intake = new Intake(world.chain, store, metrics, { clockSkewSeconds: DEFAULT_CONFIG.clockSkewSeconds, cacheTtlMs: DEFAULT_CONFIG.cacheTtlMs, deployment });
  // One node stands for the many workers of a real intake here: its per-node rate limit is lifted.
  const server = createApi(intake, metrics, { health: async () => ({ ok: true }) }, silentLogger, { nodeReportsPerSecond: 1e9, nodeReportBurst: 1e9 });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/reports`;

  // CONCURRENCY workers; worker w posts the reports of jobs w, w + C, ... in order
  const started = process.hrtime.bigint();
  let accepted = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      for (let j = w; j < JOBS; j += CONCURRENCY) {
        for (const body of reports[j]) {
          const res = await fetch(url, { method: "POST", body: JSON.stringify(body) });
          await res.arrayBuffer();
          if (res.status === 202) accepted++;
        }
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await new Promise<void>((r) => server.close(() => r()));
  if (accepted !== JOBS * REPORTS_PER_JOB) throw new Error(`${accepted} of ${JOBS * REPORTS_PER_JOB} reports accepted`);

  // The chain's clock reaches the reports' times (io_jobs takes no hour before it has begun)
  world.chain.warp(REPORTS_PER_JOB + 1);
  const runner = new Runner(new EmbeddedSender(world.chain), world.oracles[0], store, metrics, silentLogger, { pollMs: 1, backoffMs: 10 });
  const poster = new Poster(world.chain, store, runner, metrics, silentLogger, { maxBatch: DEFAULT_CONFIG.maxBatch });
  const posted = await poster.tick();
  const batches = await store.batches("attest");
  await store.close();
  rmSync(dir, { recursive: true, force: true });

  const result = {
    machine: `${process.platform} ${process.arch}, node ${process.version}`,
    reports: accepted,
    concurrency: CONCURRENCY,
    seconds: Number(seconds.toFixed(3)),
    reportsPerSecond: Math.round(accepted / seconds),
    attestations: posted,
    attestTransactions: batches.length,
    attestationsPerTransaction: Number((posted / batches.length).toFixed(2)),
    largestBatch: Math.max(...batches.map((b) => b.items.length)),
  };
  console.log(`intake: ${result.reports} signed reports accepted in ${result.seconds} s over HTTP (${CONCURRENCY} concurrent clients): ${result.reportsPerSecond} reports/s`);
  console.log(`poster: ${posted} attestations in ${batches.length} transactions: ${result.attestationsPerTransaction} per transaction (largest ${result.largestBatch}, 1,232-byte packet)`);
  writeFileSync(join(__dirname, "service.json"), JSON.stringify(result, null, 2) + "\n");
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
