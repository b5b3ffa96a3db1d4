/**
 * The oracle service under faults, for real (issue 13, "Faults, tested for real"): the service as
 * a process against the real programs on solana-test-validator, killed with SIGKILL at each crash
 * point (services/oracle/faults.ts, IO_ORACLE_CRASH_AT) and restarted on the same store; its RPC
 * behind a proxy (tests/chaos-proxy.ts) that drops, delays, answers 429 and 5xx and replays stale
 * reads on a seeded schedule, is down while it restarts, swallows a transaction until its
 * blockhash expires; the oracle set rotated while attestations are in flight; a user's dispute.
 *
 * What is asserted comes from the chain's own records, for every job: its transactions
 * (getSignaturesForAddress + getTransaction) in chain order carry no duplicate UsageAttested of
 * the service's oracle (a usage-round vote for hours the job had already accepted, or a second
 * vote in one dispute round; the service's key is the whole set, quorum 1, so each of its
 * usage-round votes is accepted at once), exactly one JobSettled for the hours reported, whose
 * parts add up to what the escrow held, the user's balance moved by exactly that, and the USDC
 * escrow vault holding exactly its books (open jobs + unclaimed earnings). Failed transactions
 * that landed are counted by error. And the service recovered by itself: no job failed or left
 * undone in its store, no batch in flight, /ready 200.
 */
import { expect } from "chai";
import { ChildProcess, spawn } from "child_process";
import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { createAssociatedTokenAccountIdempotentInstruction, createMintToInstruction, getAssociatedTokenAddressSync } from "@solana/spl-token";
import { Connection, Keypair, LAMPORTS_PER_SOL, PublicKey, SystemProgram } from "@solana/web3.js";
import BN from "bn.js";
import Database from "better-sqlite3";
import {
  Currency,
  DEFAULT_JOBS_PARAMS,
  decodeJob,
  decodeJobsConfig,
  disputeJobInstruction,
  jobKey,
  jobsConfigKey,
  nodeKey,
  openJobInstruction,
  parseIoJobsEvents,
  programErrorFromLogs,
  registerNodeInstruction,
  setJobParamsInstruction,
  setOracleSetInstruction,
  signUsageReport,
  UsageReportDeployment,
  usageReportDeployment,
  usageReportToJson,
} from "../sdk/src";
import { deploy } from "../migrations/deploy";
import { ConfigError, loadConfig } from "../services/oracle/config";
import { CrashPoint, parseCrashAt } from "../services/oracle/faults";
import { RpcReader } from "../services/oracle/rpc-reader";
import { ChaosProxy, FaultRates, NO_FAULTS } from "./chaos-proxy";
import { BulkTx, createUsdcMint, jobsPrograms, LocalValidator, sendAll, writeKeypair } from "./validator";

/** Apart from the other validator suites (18899, 28899, 38899, 43899, 48899) and their +1001..+1100 ranges. */
const RPC_PORT = 53899;
const USD = new BN(1_000_000);
const REPO = join(__dirname, "..");
/** The proxy's schedule; IO_CHAOS_SEED replays another. */
const SEED = Number(process.env.IO_CHAOS_SEED ?? 7);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** IO_CHAOS_LOG_DIR: where each service process's whole log (stdout and stderr) is written, for a failure's post-mortem (the test shows only a tail). */
const LOG_DIR = process.env.IO_CHAOS_LOG_DIR;
let processes = 0;

interface Job {
  user: Keypair;
  job: PublicKey;
  /** The user's USDC before opening. */
  before: bigint;
}

class ServiceProcess {
  readonly lines: string[] = [];
  stderr = "";
  url = "";
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(readonly child: ChildProcess) {
    let buffered = "";
    const file = LOG_DIR ? join(LOG_DIR, `service-${process.pid}-${++processes}.log`) : null;
    if (file) mkdirSync(LOG_DIR!, { recursive: true });
    child.stdout!.on("data", (d: Buffer) => {
      if (file) appendFileSync(file, d);
      buffered += d.toString();
      const parts = buffered.split("\n");
      buffered = parts.pop()!;
      this.lines.push(...parts);
    });
    child.stderr!.on("data", (d: Buffer) => {
      if (file) appendFileSync(file, d);
      this.stderr += d.toString();
    });
    this.exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  }

  logged(msg: string): Record<string, unknown>[] {
    return this.lines.flatMap((l) => {
      try {
        const j = JSON.parse(l) as Record<string, unknown>;
        return j.msg === msg ? [j] : [];
      } catch {
        return [];
      }
    });
  }

  tail(n = 12): string {
    return `${this.lines.slice(-n).join("\n")}\n${this.stderr.slice(-2000)}`;
  }

  alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }
}

describe("oracle service chaos (solana-test-validator: kill -9 at each crash point, a faulty RPC, expiry, set rotation, dispute)", function () {
  this.timeout(240_000);
  const admin = Keypair.generate();
  const usdcMint = Keypair.generate();
  const oracle = Keypair.generate();
  /** Another oracle key, for rotations (it never attests). */
  const other = Keypair.generate();
  const owner = Keypair.generate();
  const device = Keypair.generate();
  const node = nodeKey(owner.publicKey, device.publicKey.toBuffer())[0];
  let validator: LocalValidator;
  let proxy: ChaosProxy;
  let dir: string;
  let deployment: UsageReportDeployment;
  const services: ServiceProcess[] = [];
  let storeCount = 0;
  /** Every scenario's transactions that failed on chain, by error. */
  const landedFailures: Record<string, number> = {};
  const started = Date.now();
  /** How long the slow phases took, for the summary line. */
  const phases: string[] = [];

  const connection = () => validator.connection;
  const ata = (k: PublicKey) => getAssociatedTokenAddressSync(usdcMint.publicKey, k, true);
  const usdc = async (k: PublicKey) => BigInt((await connection().getTokenAccountBalance(ata(k), "confirmed")).value.amount);
  const chainTime = async () => Number((await connection().getAccountInfo(new PublicKey("SysvarC1ock11111111111111111111111111111111"), "confirmed"))!.data.readBigInt64LE(32));

  async function waitFor<T>(what: string, fn: () => Promise<T | null | false | undefined>, ms = 60_000, svc?: ServiceProcess): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${svc ? `\n--- service\n${svc.tail()}` : ""}\n--- proxy ${JSON.stringify(proxy.counts)} ${proxy.errors.slice(-3).join("; ")}`);
      await sleep(250);
    }
  }

  const newStore = () => join(dir, `oracle${storeCount++}.sqlite`);

  /** Starts the service (through the proxy unless `direct`) and, unless it is expected to die first, waits for it to listen. */
  function spawnService(store: string, opts: { crashAt?: string; postIntervalMs?: number; direct?: boolean } = {}): ServiceProcess {
    const args = [
      "-r", "ts-node/register/transpile-only", "services/oracle/main.ts",
      "--url", opts.direct ? validator.url : proxy.url, "--keypair", join(dir, "oracle.json"), "--store", store,
      "--port", "0", "--post-interval-ms", String(opts.postIntervalMs ?? 500), "--crank-interval-seconds", "0",
      "--priority-fee", "0", "--watch-interval-ms", "1500", "--min-balance-sol", "0",
    ];
    const env: NodeJS.ProcessEnv = { ...process.env, TS_NODE_PROJECT: join(REPO, "tsconfig.json") };
    delete env.IO_ORACLE_CRASH_AT;
    if (opts.crashAt) env.IO_ORACLE_CRASH_AT = opts.crashAt;
    const svc = new ServiceProcess(spawn(process.execPath, args, { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"] }));
    services.push(svc);
    return svc;
  }

  async function listening(svc: ServiceProcess, ms = 60_000): Promise<ServiceProcess> {
    const line = await waitFor("the service to listen", async () => {
      if (!svc.alive()) throw new Error(`the service exited before listening:\n${svc.tail()}`);
      return svc.logged("listening")[0];
    }, ms, svc);
    svc.url = `http://127.0.0.1:${line.port as number}`;
    return svc;
  }

  async function start(store: string, opts: { crashAt?: string; postIntervalMs?: number; direct?: boolean } = {}): Promise<ServiceProcess> {
    return listening(spawnService(store, opts));
  }

  /** The process killed itself at the armed crash point. */
  async function crashed(svc: ServiceProcess, point: string): Promise<void> {
    const exit = await Promise.race([svc.exited, sleep(90_000).then(() => null)]);
    if (!exit) throw new Error(`no crash at ${point} within 90 s\n${svc.tail()}`);
    expect(exit.signal, svc.tail()).to.equal("SIGKILL");
    expect(svc.logged("crash point").map((l) => (l.point as string).split(":")[0])).to.deep.equal([point.split(":")[0]]);
  }

  async function stopService(svc: ServiceProcess): Promise<void> {
    if (!svc.alive()) return;
    svc.child.kill("SIGTERM");
    const exit = await svc.exited;
    expect(exit.code, svc.tail()).to.equal(0);
  }

  /** Opens `n` one-hour USDC jobs for fresh users, and waits until their first hour has begun. */
  async function openJobs(n: number, challengeWindow = 1): Promise<Job[]> {
    await setWindow(challengeWindow);
    const users = Array.from({ length: n }, () => Keypair.generate());
    const fund = (to: PublicKey): BulkTx => ({
      instructions: [
        SystemProgram.transfer({ fromPubkey: admin.publicKey, toPubkey: to, lamports: LAMPORTS_PER_SOL / 100 }),
        createAssociatedTokenAccountIdempotentInstruction(admin.publicKey, ata(to), to, usdcMint.publicKey),
        createMintToInstruction(usdcMint.publicKey, ata(to), admin.publicKey, 10_000_000n),
      ],
      signers: [admin],
    });
    await sendAll(connection(), users.map((u) => fund(u.publicKey)));
    await sendAll(
      connection(),
      users.map((u) => ({
        instructions: [openJobInstruction({ user: u.publicKey, node, nonce: new BN(0), hours: 1, userToken: ata(u.publicKey), maxPayment: USD.muln(3), currency: Currency.Usdc, usdcMint: usdcMint.publicKey })],
        signers: [u],
      })),
    );
    const jobs = users.map((u) => ({ user: u, job: jobKey(u.publicKey, new BN(0))[0], before: 10_000_000n }));
    const opened = Math.max(...(await connection().getMultipleAccountsInfo(jobs.map((j) => j.job), "confirmed")).map((i) => decodeJob(i!).openedAt.toNumber()));
    await waitFor("the jobs' first hour", async () => (await chainTime()) > opened);
    return jobs;
  }

  let window = -1;
  async function setWindow(challengeWindow: number): Promise<void> {
    if (window === challengeWindow) return;
    await sendAll(connection(), [{ instructions: [setJobParamsInstruction({ admin: admin.publicKey, ...DEFAULT_JOBS_PARAMS, challengeWindow, startTimeout: 1 })], signers: [admin] }]);
    window = challengeWindow;
  }

  /** The admin sets the oracle set (quorum 1); confirmed when it returns. */
  async function setOracles(members: PublicKey[]): Promise<void> {
    await sendAll(connection(), [{ instructions: [setOracleSetInstruction({ admin: admin.publicKey, quorum: 1, members })], signers: [admin] }]);
  }

  /** The worker reports `hours` for each job (retrying what a faulty RPC made the intake refuse for now); every report ends accepted. */
  async function report(svc: ServiceProcess, jobs: Job[], hours = 1): Promise<void> {
    await Promise.all(
      jobs.map(async ({ job }) => {
        let last = "";
        for (let attempt = 0; attempt < 40; attempt++) {
          const body = usageReportToJson(signUsageReport({ job, node, hours, reportedAt: await chainTime() }, device, deployment));
          const res = await fetch(`${svc.url}/reports`, { method: "POST", body: JSON.stringify(body) }).catch((e: Error) => ({ status: 0, json: async () => ({ error: e.message }) }));
          if (res.status === 202) return;
          last = `${res.status} ${JSON.stringify(await res.json())}`;
          await sleep(500);
        }
        throw new Error(`report for ${job.toBase58()} never accepted: ${last}\n${svc.tail()}`);
      }),
    );
  }

  async function settled(jobs: Job[], svc?: ServiceProcess, ms = 90_000): Promise<void> {
    await waitFor("every job settled", async () => (await connection().getMultipleAccountsInfo(jobs.map((j) => j.job), "confirmed")).every((i) => i === null), ms, svc);
  }

  async function ready(svc: ServiceProcess, ms = 60_000): Promise<void> {
    await waitFor("/ready 200", async () => (await fetch(`${svc.url}/ready`).catch(() => null))?.status === 200, ms, svc);
  }

  /** Transactions touching `account`, oldest first, in chain order (slot, then position in its block). */
  async function history(account: PublicKey) {
    const sigs = await connection().getSignaturesForAddress(account, { limit: 1000 }, "confirmed");
    const txs = await Promise.all(
      sigs.map(async (s) => {
        const tx = await connection().getTransaction(s.signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
        return { signature: s.signature, slot: s.slot, err: tx?.meta?.err ?? null, logs: tx?.meta?.logMessages ?? [], index: 0 };
      }),
    );
    const slots = [...new Set(txs.map((t) => t.slot))].filter((slot) => txs.filter((t) => t.slot === slot).length > 1);
    for (const slot of slots) {
      const { signatures: order } = await connection().getBlockSignatures(slot, "confirmed");
      for (const t of txs.filter((x) => x.slot === slot)) t.index = order.indexOf(t.signature);
    }
    return txs.sort((a, b) => a.slot - b.slot || a.index - b.index);
  }

  /**
   * The chain's record of each job: no duplicate attestation of the service's oracle, exactly one
   * settlement for `hours`, its parts adding up to what the escrow held, the user paid exactly
   * that. Returns what it counted, for the scenario's own expectations.
   */
  async function audit(jobs: Job[], hours = 1): Promise<{ attestations: number; disputeVotes: number; failed: Record<string, number> }> {
    const out = { attestations: 0, disputeVotes: 0, failed: {} as Record<string, number> };
    for (const j of jobs) {
      const txs = await history(j.job);
      let accepted = 0;
      let disputed = false;
      let disputeVotes = 0;
      let held: BN | null = null;
      const settlements: Record<string, unknown>[] = [];
      const duplicates: string[] = [];
      for (const tx of txs) {
        if (tx.err !== null) {
          const name = programErrorFromLogs(tx.logs)?.name ?? JSON.stringify(tx.err);
          out.failed[name] = (out.failed[name] ?? 0) + 1;
          landedFailures[name] = (landedFailures[name] ?? 0) + 1;
          continue;
        }
        for (const e of parseIoJobsEvents(tx.logs)) {
          // Events without a job (a user's profile created by its first open_job) are not the job's.
          if (!(e.data.job as PublicKey | undefined)?.equals(j.job)) continue;
          if (e.name === "jobOpened") held = (e.data.payment as BN).add(e.data.facilitationFee as BN);
          if (e.name === "jobDisputed") disputed = true;
          if (e.name === "usageAttested" && (e.data.oracle as PublicKey).equals(oracle.publicKey)) {
            out.attestations++;
            const h = e.data.hours as number;
            if (disputed) {
              disputeVotes++;
              out.disputeVotes++;
              if (disputeVotes > 1) duplicates.push(`a second dispute-round vote (${h} h) in ${tx.signature}`);
            } else if (h <= accepted) duplicates.push(`${h} h attested again after the job accepted ${accepted} h, in ${tx.signature}`);
            accepted = Math.max(accepted, e.data.accepted as number);
          }
          if (e.name === "jobSettled") settlements.push(e.data);
        }
      }
      const name = j.job.toBase58();
      expect(duplicates, `job ${name}`).to.deep.equal([]);
      expect(settlements.length, `JobSettled events of job ${name}`).to.equal(1);
      const s = settlements[0];
      expect(s.servedHours, `job ${name} served hours`).to.equal(hours);
      const parts = (["supplier", "refund", "fees", "buyback"] as const).reduce((sum, k) => sum.add(s[k] as BN), new BN(0));
      expect(held, `job ${name} opened`).to.not.equal(null);
      expect(parts.toString(), `job ${name}: supplier + refund + fees + buyback = what the escrow held`).to.equal(held!.toString());
      expect((await usdc(j.user.publicKey)).toString(), `user of ${name}`).to.equal((j.before - BigInt(held!.toString()) + BigInt((s.refund as BN).toString())).toString());
    }
    // The USDC escrow holds exactly its books: open jobs' payments and fees, and unclaimed earnings
    const config = decodeJobsConfig((await connection().getAccountInfo(jobsConfigKey()[0], "confirmed"))!);
    const vault = BigInt((await connection().getTokenAccountBalance(config.vaults[Currency.Usdc], "confirmed")).value.amount);
    expect(vault.toString(), "USDC escrow vault = escrowed + earned").to.equal(config.escrowed[Currency.Usdc].add(config.earned[Currency.Usdc]).toString());
    return out;
  }

  /** The service's store: every job of `jobs` done (settled), none failed, no batch left in flight. */
  function storeRecovered(store: string, jobs: Job[]): void {
    const db = new Database(store, { readonly: true });
    try {
      const rows = db.prepare("SELECT job, done, failed FROM jobs").all() as { job: string; done: string | null; failed: string | null }[];
      const ours = new Set(jobs.map((j) => j.job.toBase58()));
      expect(rows.filter((r) => ours.has(r.job)).length, "a row per job").to.equal(jobs.length);
      expect(rows.filter((r) => r.done === null || r.failed !== null), "jobs not done, or failed").to.deep.equal([]);
      expect((db.prepare("SELECT COUNT(*) AS n FROM batches WHERE status = 'sent'").get() as { n: number }).n, "batches in flight").to.equal(0);
    } finally {
      db.close();
    }
  }

  /** Waits until the store shows every job of `jobs` recovered (storeRecovered), then checks it once more for its message. */
  async function recovered(store: string, jobs: Job[], svc: ServiceProcess): Promise<void> {
    await waitFor("the store to record every job settled", async () => {
      try {
        storeRecovered(store, jobs);
        return true;
      } catch {
        return false;
      }
    }, 30_000, svc).catch(() => undefined);
    storeRecovered(store, jobs);
  }

  function batches(store: string): { kind: string; status: string; items: number }[] {
    const db = new Database(store, { readonly: true });
    try {
      return (db.prepare("SELECT kind, status, items FROM batches ORDER BY id").all() as { kind: string; status: string; items: string }[]).map((b) => ({ kind: b.kind, status: b.status, items: (JSON.parse(b.items) as unknown[]).length }));
    } finally {
      db.close();
    }
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "io-oracle-chaos-"));
    const adminPath = writeKeypair(dir, "admin", admin);
    writeKeypair(dir, "oracle", oracle);
    // 200 ms slots (32 ticks, not 64): a blockhash expires in about 30 s, not 60
    validator = await LocalValidator.start({ programs: jobsPrograms(admin.publicKey), mint: admin.publicKey, rpcPort: RPC_PORT, extraArgs: ["--ticks-per-slot", "32"] });
    proxy = await ChaosProxy.start(validator.url, SEED);
    deployment = usageReportDeployment(await connection().getGenesisHash());
    await createUsdcMint(connection(), admin, usdcMint);
    // The service's key is the whole oracle set, quorum 1
    await deploy({ url: validator.url, keypair: adminPath, usdcMint: usdcMint.publicKey, oracles: [oracle.publicKey], quorum: 1 }, () => undefined);
    await sendAll(connection(), [
      { instructions: [SystemProgram.transfer({ fromPubkey: admin.publicKey, toPubkey: oracle.publicKey, lamports: LAMPORTS_PER_SOL })], signers: [admin] },
      { instructions: [SystemProgram.transfer({ fromPubkey: admin.publicKey, toPubkey: owner.publicKey, lamports: LAMPORTS_PER_SOL / 10 })], signers: [admin] },
    ]);
    await sendAll(connection(), [{ instructions: [registerNodeInstruction({ owner: owner.publicKey, deviceId: device.publicKey.toBuffer(), hardwareClass: 2, pricePerHour: USD.muln(2), usdShareBps: 8_000 })], signers: [owner] }]);
  });

  afterEach(() => {
    // A failed scenario leaves nothing behind for the next one
    for (const s of services) if (s.alive()) s.child.kill("SIGKILL");
    proxy.down = false;
    proxy.schedule(SEED, NO_FAULTS);
    proxy.beforeSend = null;
    proxy.afterStatus = null;
    proxy.swallowNextSends = 0;
  });

  after(async () => {
    for (const s of services) if (s.alive()) s.child.kill("SIGKILL");
    await proxy?.stop();
    await validator?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    console.log(`      chaos suite: ${((Date.now() - started) / 1000).toFixed(0)} s; proxy ${JSON.stringify(proxy?.counts ?? {})}; failed transactions landed: ${JSON.stringify(landedFailures)}; ${phases.join("; ")}`);
  });

  // Each pair kills the service once while attesting and once while settling the same jobs, then
  // lets a clean restart on the same store finish without any operator step.
  const points: [string, string][] = [
    ["before-send", "the signed batch is in the store, nothing sent"],
    ["after-send", "sent, not confirmed"],
    ["after-confirm", "confirmed on chain, not recorded in the store"],
    ["mid-record", "recorded, the first of its 3 jobs marked and the others not (mid-settlement)"],
  ];
  for (const [where, what] of points) {
    it(`kill -9 at ${where} (${what}), attesting and then settling 3 jobs: each attested once and settled once after restarts`, async () => {
      // Given 3 jobs and the service armed to die at attest-<where>
      const jobs = await openJobs(3);
      const store = newStore();
      // (its first round, with nothing to do, is over within a second; the 3 reports then go out in
      // one batch at its second round)
      const first = await start(store, { crashAt: `attest-${where}`, postIntervalMs: 4_000 });
      await sleep(1_000);
      await report(first, jobs);
      // When it reaches the point; Then it died there
      await crashed(first, `attest-${where}`);
      const afterAttest = batches(store);
      expect(afterAttest.map((b) => [b.kind, b.items]), JSON.stringify(afterAttest)).to.deep.equal([["attest", 3]]);
      expect(afterAttest[0].status).to.equal(where === "mid-record" ? "confirmed" : "sent");
      // When it restarts on the same store armed to die at settle-<where>; Then it recovers the
      // attest batch, settles the 3 jobs in one batch and dies there
      const second = spawnService(store, { crashAt: `settle-${where}`, postIntervalMs: 500 });
      await crashed(second, `settle-${where}`);
      const settle = batches(store).filter((b) => b.kind === "settle");
      expect(settle.map((b) => b.items), JSON.stringify(settle)).to.deep.equal([3]);
      // When it restarts clean; Then everything reaches its end without an operator
      const third = await start(store);
      await settled(jobs, third);
      await recovered(store, jobs, third);
      // and nothing was built twice: the batch of each crash is the one that landed
      expect(batches(store).map((b) => `${b.kind} ${b.status} ${b.items}`)).to.deep.equal(["attest confirmed 3", "settle confirmed 3"]);
      await ready(third);
      await stopService(third);
      const counted = await audit(jobs);
      expect(counted.attestations).to.equal(3);
    });
  }

  it("an RPC that drops, delays, answers 429 and 5xx and replays stale reads; a restart while it is down with a batch in flight", async () => {
    // Given 5 jobs and the service dying just after sending its first attest batch
    const jobs = await openJobs(5);
    const store = newStore();
    const first = await start(store, { crashAt: "attest-after-send", postIntervalMs: 2_500 });
    await sleep(500);
    await report(first, jobs.slice(0, 3));
    await crashed(first, "attest-after-send");
    // When it restarts while the RPC is down
    proxy.down = true;
    const again = spawnService(store);
    // Then it is live (listening, /health 200) and not ready, whatever the batch it must recover
    await listening(again, 30_000);
    expect((await fetch(`${again.url}/health`)).status).to.equal(200);
    const notReady = await fetch(`${again.url}/ready`);
    expect(notReady.status).to.equal(503);
    expect(((await notReady.json()) as { reasons: { code: string }[] }).reasons.map((r) => r.code)).to.include("rpc-unreachable");
    // When the RPC comes back faulty on a seeded schedule
    const rates: FaultRates = { drop: 0.08, tooMany: 0.06, serverError: 0.06, stale: 0.3, delay: 0.2, maxDelayMs: 1_500 };
    proxy.schedule(SEED, rates);
    proxy.down = false;
    const t0 = Date.now();
    await report(again, jobs.slice(3));
    const reported = Date.now();
    // Then every job is attested once and settled once, and the service is ready again
    await settled(jobs, again, 120_000);
    phases.push(`faulty RPC: reports ${((reported - t0) / 1000).toFixed(1)} s, every job settled ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await recovered(store, jobs, again);
    // (the service keeps reading meanwhile: every kind of fault has hit it before they stop)
    const kinds = ["drop-before", "drop-after", "429", "stale", "delay"];
    await waitFor("every kind of fault", async () => kinds.every((k) => (proxy.counts[k] ?? 0) > 0), 60_000, again);
    phases.push(`every kind of fault seen ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    proxy.schedule(SEED, NO_FAULTS);
    await ready(again);
    expect(again.logged("recovering batch").length).to.equal(1);
    expect(again.alive()).to.equal(true);
    await stopService(again);
    expect((await audit(jobs)).attestations).to.equal(5);
  });

  it("a transaction swallowed once is resent and lands once; one swallowed until its blockhash expires is rebuilt and lands once", async () => {
    const jobs = await openJobs(2);
    const store = newStore();
    const svc = await start(store, { postIntervalMs: 2_500 });
    // Given the proxy swallows the next send (only that one)
    proxy.swallowNextSends = 1;
    proxy.swallowEvery = false;
    await sleep(500);
    await report(svc, jobs.slice(0, 1));
    await settled(jobs.slice(0, 1), svc);
    expect(proxy.counts.swallowed).to.equal(1);
    // Given the proxy swallows the next transaction and every resend of it
    proxy.swallowNextSends = 1;
    proxy.swallowEvery = true;
    await report(svc, jobs.slice(1));
    // Then its batch expires by block height (about 150 blocks), is rebuilt and lands
    await settled(jobs.slice(1), svc, 180_000);
    const attest = batches(store).filter((b) => b.kind === "attest");
    expect(attest.map((b) => b.status)).to.deep.equal(["confirmed", "expired", "confirmed"]);
    expect(await (await fetch(`${svc.url}/metrics`)).text()).to.contain('io_oracle_batches_total{kind="attest",status="expired"} 1');
    await recovered(store, jobs, svc);
    await ready(svc);
    await stopService(svc);
    expect((await audit(jobs)).attestations).to.equal(2);
  });

  it("the oracle set rotates while attestations are in flight: the key stays (twice), or leaves and comes back", async () => {
    // Given 3 jobs and an admin who rotates the set (the service's key stays) just before the
    // service's batch reaches the validator, and again once it has landed but before the service knows
    // (a 6 s challenge window: the service reads the jobs again before they may settle)
    const stay = await openJobs(3, 6);
    const store = newStore();
    const svc = await start(store, { postIntervalMs: 2_500 });
    let inFlight = "";
    proxy.beforeSend = async (signature) => {
      inFlight = signature;
      await setOracles([oracle.publicKey]); // a new version of the same set (quorum 1 must be a set of one: a majority)
      return true;
    };
    proxy.afterStatus = async (signatures, result) => {
      const value = (result as { value?: ({ confirmationStatus?: string } | null)[] }).value ?? [];
      if (!signatures.includes(inFlight) || !value.some((v) => v?.confirmationStatus === "confirmed" || v?.confirmationStatus === "finalized")) return false;
      await setOracles([oracle.publicKey]);
      return true;
    };
    await sleep(500);
    await report(svc, stay);
    // Then each job is attested once (the chain keeps its accepted usage across sets) and settled once
    await settled(stay, svc);
    expect(proxy.beforeSend).to.equal(null);
    expect(proxy.afterStatus).to.equal(null);
    // Given 3 more jobs and the service's key leaving the set just before its batch is sent
    const leave = await openJobs(3, 1);
    proxy.beforeSend = async () => {
      await setOracles([other.publicKey]);
      return true;
    };
    await report(svc, leave);
    // Then the batch fails (NotOracle), the service says it is not in the set and keeps its jobs
    await waitFor("readiness: not-in-oracle-set", async () => {
      const r = (await (await fetch(`${svc.url}/ready`)).json()) as { reasons: { code: string }[] };
      return r.reasons.some((x) => x.code === "not-in-oracle-set");
    }, 60_000, svc);
    expect(await connection().getMultipleAccountsInfo(leave.map((j) => j.job))).to.satisfy((infos: unknown[]) => infos.every((i) => i !== null));
    // When the key comes back; Then its jobs are attested once and settled once, with no operator step
    await setOracles([oracle.publicKey]);
    await settled(leave, svc);
    const jobs = [...stay, ...leave];
    await recovered(store, jobs, svc);
    await ready(svc);
    await stopService(svc);
    expect((await audit(jobs)).attestations).to.equal(6);
  });

  it("a dispute: the user disputes within the challenge window; the service votes in the dispute round, once, and the job settles once", async () => {
    // Given 2 jobs with a 20 s challenge window, attested by the service
    const jobs = await openJobs(2, 20);
    await setWindow(1);
    const store = newStore();
    const svc = await start(store);
    await report(svc, jobs);
    await waitFor("the jobs' accepted usage", async () => (await connection().getMultipleAccountsInfo(jobs.map((j) => j.job), "confirmed")).every((i) => i !== null && decodeJob(i).attestedHours === 1), 60_000, svc);
    // When each user disputes
    await sendAll(connection(), jobs.map((j) => ({ instructions: [disputeJobInstruction({ user: j.user.publicKey, job: j.job })], signers: [j.user] })));
    // Then the service votes in the dispute round (quorum 1 resolves it: a disputed job settles on
    // nothing else for 3 days) and the jobs settle
    await settled(jobs, svc);
    await recovered(store, jobs, svc);
    await ready(svc);
    await stopService(svc);
    const counted = await audit(jobs);
    expect([counted.attestations, counted.disputeVotes]).to.deep.equal([4, 2]);
  });
});

describe("crash points (services/oracle/faults.ts, test-only) and watchIntervalMs", () => {
  it("parses IO_ORACLE_CRASH_AT, refuses what it does not know, and fires on the n-th match only", () => {
    expect(parseCrashAt(undefined)).to.equal(null);
    expect(parseCrashAt("")).to.equal(null);
    expect(parseCrashAt("after-send")).to.deep.equal({ kind: null, where: "after-send", n: 1 });
    expect(parseCrashAt("settle-mid-record:3")).to.deep.equal({ kind: "settle", where: "mid-record", n: 3 });
    for (const bad of ["after-sned", "bogus-after-send", "after-send:0", "after-send:x", "settle-"]) expect(() => parseCrashAt(bad), bad).to.throw(/IO_ORACLE_CRASH_AT/);
    const kills: string[] = [];
    const point = new CrashPoint(parseCrashAt("settle-after-confirm:2")!, (what) => kills.push(what));
    point.reached("attest", "after-confirm");
    point.reached("settle", "after-send");
    point.reached("settle", "after-confirm");
    expect(kills).to.deep.equal([]);
    point.reached("settle", "after-confirm");
    point.reached("settle", "after-confirm");
    expect(kills).to.deep.equal(["settle-after-confirm:2"]);
  });

  it("a bad IO_ORACLE_CRASH_AT stops the service with exit 2 before it starts", async function () {
    this.timeout(60_000);
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "services/oracle/main.ts", "--store", ":memory:", "--port", "0"], {
      cwd: REPO,
      env: { ...process.env, TS_NODE_PROJECT: join(REPO, "tsconfig.json"), IO_ORACLE_CRASH_AT: "after-sned" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
    expect(code, stderr).to.equal(2);
    expect(stderr).to.match(/IO_ORACLE_CRASH_AT \(test-only\)/);
  });

  it("watchIntervalMs: how soon a dispute or a new set is noticed, 100 ms to an hour", () => {
    expect(loadConfig(new Map([["watch-interval-ms", "1500"]]), {}).watchIntervalMs).to.equal(1_500);
    expect(loadConfig(new Map(), {}).watchIntervalMs).to.equal(30_000);
    expect(() => loadConfig(new Map(), { IO_ORACLE_WATCH_INTERVAL_MS: "50" })).to.throw(ConfigError, /IO_ORACLE_WATCH_INTERVAL_MS: an integer from 100/);
    // the crash point's variable is not mistaken for an unknown configuration key
    expect(() => loadConfig(new Map(), { IO_ORACLE_CRASH_AT: "after-send" })).to.not.throw();
  });
});

describe("reads from a node that ignores minContextSlot (a stale replay)", () => {
  it("an answer from a slot below the minimum asked for is an error (retried), never taken as the chain's state", async () => {
    // Given an RPC that answers from slot 90, before the job existed, whatever minimum it is asked for
    const lagging = { getMultipleAccountsInfoAndContext: async () => ({ context: { slot: 90 }, value: [null] }) } as unknown as Connection;
    const reader = new RpcReader(lagging);
    // When the service reads the job at a minimum slot of 100; Then the read fails instead of saying "no such job"
    let error = "";
    await reader.getAccounts([Keypair.generate().publicKey], 100).catch((e: Error) => (error = e.message));
    expect(error).to.match(/slot 90, below the minimum context slot 100/);
    // and without a minimum, or at it, the answer is taken
    expect((await reader.getAccounts([Keypair.generate().publicKey])).slot).to.equal(90);
    expect((await reader.getAccounts([Keypair.generate().publicKey], 90)).accounts).to.deep.equal([null]);
  });

  it("the clock read at the jobs' slot: an answer from a slot below it is an error (retried), never the chain's time", async () => {
    // Given an RPC that answers the Clock sysvar from slot 90 (unix time 1000), whatever minimum it is asked for
    const data = Buffer.alloc(40);
    data.writeBigInt64LE(1_000n, 32);
    const clock = { data, lamports: 1, owner: PublicKey.default, executable: false, rentEpoch: 0 };
    const asked: PublicKey[][] = [];
    const lagging = {
      getMultipleAccountsInfoAndContext: async (keys: PublicKey[]) => {
        asked.push(keys);
        return { context: { slot: 90 }, value: [clock] };
      },
    } as unknown as Connection;
    const reader = new RpcReader(lagging);
    // When the service reads the clock at the slot it read the jobs at (100); Then the read fails
    let error = "";
    await reader.unixTime(100).catch((e: Error) => (error = e.message));
    expect(error).to.match(/slot 90, below the minimum context slot 100/);
    // and at or without a minimum it is the clock's unix_timestamp, read from the Clock sysvar
    expect(await reader.unixTime(90)).to.equal(1_000);
    expect(await reader.unixTime()).to.equal(1_000);
    expect(asked.map((k) => k.map((x) => x.toBase58()))).to.deep.equal(Array(3).fill(["SysvarC1ock11111111111111111111111111111111"]));
  });
});
