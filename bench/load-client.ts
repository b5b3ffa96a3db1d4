/**
 * The load generator of bench/service.ts, run as a child process (so its CPU is not the
 * service's event loop): it signs usage reports with the device key it is given and POSTs them
 * over `connections` keep-alive HTTP/1.1 connections written by hand on raw sockets (node's
 * fetch costs more per request than the intake itself), one request in flight per connection,
 * timing each from its first byte written to its answer's last byte read.
 *
 * Connection c owns jobs c, c + connections, ...; it sends their reports round-robin, each job's
 * in order of time (each report one second after the job's previous one, hours 1), so every
 * report is newer than the last accepted one of its job and is accepted.
 *
 * With `batch` > 1 each request is a POST /reports/batch of that many reports (a connection's
 * next reports, in order), and every report in it is counted with the request's latency; the
 * answer is checked report by report (each result's own status).
 *
 * Protocol (process IPC): the parent sends a `LoadPlan`; the child answers `LoadResult` per
 * phase and exits after the last.
 */
import { createPrivateKey, KeyObject, sign } from "crypto";
import { connect, Socket } from "net";
import { PublicKey } from "@solana/web3.js";
import { usageReportBytes, UsageReportDeployment } from "../sdk/src";

export interface LoadPlan {
  host: string;
  port: number;
  jobs: string[];
  node: string;
  /** The device key's 32-byte seed (hex). */
  deviceSeed: string;
  genesisHash: string;
  programId: string;
  /** reportedAt of each job's first report (later ones one second apart). */
  firstReportedAt: number;
  connections: number;
  /** Reports per phase; each phase is signed before it is timed. */
  phases: number[];
  /** Reports per request: 1 POSTs /reports, more POST /reports/batch. */
  batch: number;
}

export interface LoadResult {
  phase: number;
  reports: number;
  seconds: number;
  /** Answers by HTTP status. */
  statuses: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Requests sent in the timed phase. */
  requests: number;
  /** This client's CPU (user + system) signing the phase's reports before the clock starts, and during the timed phase, in µs per report. */
  clientSignMicrosPerReport: number;
  clientCpuMicrosPerReport: number;
}

const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

/** One connection's requests and its minimal HTTP/1.1 response reader. */
class Conn {
  private buf: Buffer = Buffer.alloc(0);
  private waiting: ((answer: { status: number; body: Buffer }) => void) | null = null;
  readonly socket: Socket;

  constructor(host: string, port: number) {
    this.socket = connect({ host, port });
    this.socket.setNoDelay(true);
    this.socket.on("data", (d: Buffer) => {
      this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d]);
      this.parse();
    });
    this.socket.on("error", (e) => {
      throw e;
    });
    this.socket.on("close", () => {
      if (this.waiting) throw new Error("the service closed a connection with a request in flight");
    });
  }

  ready(): Promise<void> {
    return new Promise((r) => (this.socket.connecting ? this.socket.once("connect", () => r()) : r()));
  }

  private parse(): void {
    const end = this.buf.indexOf("\r\n\r\n");
    if (end < 0) return;
    const head = this.buf.subarray(0, end).toString("latin1");
    const m = /content-length: *(\d+)/i.exec(head);
    const length = m ? Number(m[1]) : 0;
    if (this.buf.length < end + 4 + length) return;
    const status = Number(head.slice(9, 12));
    const body = this.buf.subarray(end + 4, end + 4 + length);
    this.buf = this.buf.subarray(end + 4 + length);
    const w = this.waiting;
    this.waiting = null;
    w?.({ status, body });
  }

  request(raw: Buffer): Promise<{ status: number; body: Buffer }> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.socket.write(raw);
    });
  }
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function run(plan: LoadPlan, send: (r: LoadResult) => void): Promise<void> {
  const key: KeyObject = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, Buffer.from(plan.deviceSeed, "hex")]), format: "der", type: "pkcs8" });
  const deployment: UsageReportDeployment = { genesisHash: plan.genesisHash, programId: new PublicKey(plan.programId) };
  const node = new PublicKey(plan.node);
  const jobKeys = plan.jobs.map((j) => new PublicKey(j));
  const next = plan.jobs.map(() => plan.firstReportedAt);
  // Each connection's jobs, and a cursor over them.
  const owned = Array.from({ length: plan.connections }, (_, c) => plan.jobs.map((_, j) => j).filter((j) => j % plan.connections === c));
  const cursor = owned.map(() => 0);

  const report = (j: number): string => {
    const reportedAt = next[j]++;
    const r = { job: jobKeys[j], node, hours: 1, reportedAt };
    const signature = sign(null, usageReportBytes(r, deployment), key).toString("base64");
    return `{"job":"${plan.jobs[j]}","node":"${plan.node}","hours":1,"reportedAt":${reportedAt},"signature":"${signature}"}`;
  };
  const batch = Math.max(1, plan.batch);
  const path = batch > 1 ? "/reports/batch" : "/reports";
  const request = (bodies: string[]): Buffer => {
    const body = batch > 1 ? `[${bodies.join(",")}]` : bodies[0];
    return Buffer.from(`POST ${path} HTTP/1.1\r\nHost: ${plan.host}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`, "latin1");
  };
  const cpu = () => {
    const u = process.cpuUsage();
    return u.user + u.system;
  };

  for (const [phase, count] of plan.phases.entries()) {
    // Signed before the clock starts: the service's cost is measured, not the client's.
    const signStart = cpu();
    const bodies: string[][] = owned.map(() => []);
    for (let i = 0; i < count; i++) {
      const c = i % owned.length;
      const j = owned[c][cursor[c]++ % owned[c].length];
      bodies[c].push(report(j));
    }
    // Each connection's reports in requests of `batch` (a request's reports: how many it holds).
    const queues: { raw: Buffer; reports: number }[][] = bodies.map((list) => {
      const out: { raw: Buffer; reports: number }[] = [];
      for (let i = 0; i < list.length; i += batch) out.push({ raw: request(list.slice(i, i + batch)), reports: Math.min(batch, list.length - i) });
      return out;
    });
    const signMicros = cpu() - signStart;
    // Connected after signing: the service closes keep-alive connections idle for 5 s.
    const conns = owned.map(() => new Conn(plan.host, plan.port));
    await Promise.all(conns.map((c) => c.ready()));
    const latencies = new Float64Array(count);
    let done = 0;
    let requests = 0;
    const statuses: Record<string, number> = {};
    const cpuStart = cpu();
    const started = process.hrtime.bigint();
    await Promise.all(
      conns.map(async (conn, c) => {
        for (const q of queues[c]) {
          const t = process.hrtime.bigint();
          const answer = await conn.request(q.raw);
          const ms = Number(process.hrtime.bigint() - t) / 1e6;
          requests++;
          if (batch > 1 && answer.status === 200) {
            const { results } = JSON.parse(answer.body.toString("utf8")) as { results: { status: number }[] };
            if (results.length !== q.reports) throw new Error(`a batch of ${q.reports} reports answered with ${results.length} results`);
            for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
          } else statuses[answer.status] = (statuses[answer.status] ?? 0) + q.reports;
          for (let k = 0; k < q.reports; k++) latencies[done++] = ms;
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const clientMicros = cpu() - cpuStart;
    latencies.sort();
    for (const c of conns) c.socket.destroy();
    send({
      phase,
      reports: count,
      seconds,
      statuses,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: latencies[count - 1] ?? 0,
      requests,
      clientSignMicrosPerReport: Math.round(signMicros / count),
      clientCpuMicrosPerReport: Math.round(clientMicros / count),
    });
  }
}

process.once("message", (plan: LoadPlan) => {
  run(plan, (r) => process.send!(r)).then(
    () => process.disconnect(),
    (e: unknown) => {
      console.error(e instanceof Error ? e.stack : e);
      process.exit(1);
    },
  );
});
