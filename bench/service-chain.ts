/**
 * The oracle service's chain side against a real solana-test-validator: `--jobs` open jobs
 * (default 10,000; `--quick`: 300) opened in packed transactions (each user opens many jobs with
 * successive nonces; as many open_job instructions per transaction as fit the packet), one
 * signed 1-hour report per job posted to the service (a real process, `services/oracle/main.ts`,
 * this key the sole oracle, quorum 1, a 1-second challenge window), then timed until the service
 * has attested every job and settled every job. Prints attestations/s and settlements/s and
 * returns them for bench/service.ts (`runChainBench`), or alone:
 *
 *   npx ts-node --project tsconfig.json bench/service-chain.ts [--quick] [--jobs N] [--batches-in-flight N] [--out result.json]
 *
 * The service runs with its default `batchesInFlight` (the poster and settler each keep that many
 * transactions in flight) unless `--batches-in-flight` is given (1: one batch at a time, as before).
 */
import { ChildProcess, fork, spawn } from "child_process";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { loadavg, tmpdir } from "os";
import { join } from "path";
import { createAssociatedTokenAccountIdempotentInstruction, createMintToInstruction, getAssociatedTokenAddressSync } from "@solana/spl-token";
import { Keypair, LAMPORTS_PER_SOL, PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import { Currency, DEFAULT_JOBS_PARAMS, IO_JOBS_PROGRAM_ID, jobKey, nodeKey, openJobInstruction, registerNodeInstruction, setJobParamsInstruction } from "../sdk/src";
import { RpcChain } from "../cli/chain";
import { deploy } from "../migrations/deploy";
import { PACKET_DATA_SIZE, transactionSize } from "../services/oracle/sender";
import { BulkTx, createUsdcMint, jobsPrograms, LocalValidator, sendAll, writeKeypair } from "../tests/validator";
import type { LoadPlan, LoadResult } from "./load-client";

/** Apart from the tests' validators (18899, 28899, 38899 and their +1001..+1100 ranges). */
const RPC_PORT = 48899;
const JOBS_PER_USER = 100;
const USD = new BN(1_000_000);
const REPO = join(__dirname, "..");

export interface ChainBench {
  jobs: number;
  /** Seconds to open the jobs (setup, not the service). */
  openSeconds: number;
  /** From the first report posted to the last attestation confirmed. */
  attestSeconds: number;
  attestationsPerSecond: number;
  attestTransactions: number;
  /** From the last report accepted to the last job settled (the service's post loop runs the poster's round, then the settler's). */
  settleSeconds: number;
  /** From the first settlement confirmed to the last: the settler's own rate. */
  settlingSeconds: number;
  settlementsPerSecond: number;
  settleTransactions: number;
  /** The service's batchesInFlight (null: its default). */
  batchesInFlight: number | null;
  /** The 1-minute load average when the reports were posted, and at the end (other engineers share the machine). */
  loadAverageStart: number;
  loadAverage: number;
}

const metric = (text: string, name: string): number => Number(new RegExp(`^${name} (\\d+)$`, "m").exec(text)?.[1] ?? "0");

export async function runChainBench(jobCount: number, log: (line: string) => void = console.log, batchesInFlight: number | null = null): Promise<ChainBench> {
  const dir = mkdtempSync(join(tmpdir(), "io-oracle-chain-bench-"));
  const admin = Keypair.generate();
  const usdcMint = Keypair.generate();
  const owner = Keypair.generate();
  const device = Keypair.generate();
  const node = nodeKey(owner.publicKey, device.publicKey.toBuffer())[0];
  const users = Array.from({ length: Math.ceil(jobCount / JOBS_PER_USER) }, () => Keypair.generate());
  const adminPath = writeKeypair(dir, "admin", admin);
  let validator: LocalValidator | null = null;
  let service: ChildProcess | null = null;
  try {
    validator = await LocalValidator.start({ programs: jobsPrograms(admin.publicKey), mint: admin.publicKey, rpcPort: RPC_PORT });
    const connection = validator.connection;
    const chain = new RpcChain(validator.url);
    await createUsdcMint(connection, admin, usdcMint);
    await deploy({ url: validator.url, keypair: adminPath, usdcMint: usdcMint.publicKey, oracles: [admin.publicKey], quorum: 1 }, () => undefined);
    const params = await chain.sendTransaction([setJobParamsInstruction({ admin: admin.publicKey, ...DEFAULT_JOBS_PARAMS, challengeWindow: 1, startTimeout: 1 })], [admin]);
    if (!params.ok) throw new Error(`set_job_params: ${params.error}`);
    const fund = (to: PublicKey, sol: number, usdc: BN): BulkTx => {
      const account = getAssociatedTokenAddressSync(usdcMint.publicKey, to, true);
      return {
        instructions: [
          SystemProgram.transfer({ fromPubkey: admin.publicKey, toPubkey: to, lamports: sol * LAMPORTS_PER_SOL }),
          createAssociatedTokenAccountIdempotentInstruction(admin.publicKey, account, to, usdcMint.publicKey),
          createMintToInstruction(usdcMint.publicKey, account, admin.publicKey, BigInt(usdc.toString())),
        ],
        signers: [admin],
      };
    };
    for (let i = 0; i < users.length; i += 200) await sendAll(connection, users.slice(i, i + 200).map((u) => fund(u.publicKey, 2, USD.muln(3 * JOBS_PER_USER))));
    await sendAll(connection, [fund(owner.publicKey, 1, new BN(0))]);
    await sendAll(connection, [{ instructions: [registerNodeInstruction({ owner: owner.publicKey, deviceId: device.publicKey.toBuffer(), hardwareClass: 2, pricePerHour: USD.muln(2), usdShareBps: 8_000 })], signers: [owner] }]);

    // Each user's jobs, packed: as many open_job instructions per transaction as fit.
    const started = Date.now();
    const jobs: PublicKey[] = [];
    const txs: BulkTx[] = [];
    for (const [u, user] of users.entries()) {
      const userToken = getAssociatedTokenAddressSync(usdcMint.publicKey, user.publicKey, true);
      let ixs: TransactionInstruction[] = [];
      for (let n = 0; n < JOBS_PER_USER && u * JOBS_PER_USER + n < jobCount; n++) {
        const ix = openJobInstruction({ user: user.publicKey, node, nonce: new BN(n), hours: 1, userToken, maxPayment: USD.muln(2).muln(102).divn(100), currency: Currency.Usdc, usdcMint: usdcMint.publicKey });
        if (ixs.length > 0 && transactionSize([...ixs, ix], user.publicKey) > PACKET_DATA_SIZE) {
          txs.push({ instructions: ixs, signers: [user] });
          ixs = [];
        }
        ixs.push(ix);
        jobs.push(jobKey(user.publicKey, new BN(n))[0]);
      }
      if (ixs.length > 0) txs.push({ instructions: ixs, signers: [user] });
    }
    for (let i = 0; i < txs.length; i += 100) await sendAll(connection, txs.slice(i, i + 100));
    const openSeconds = (Date.now() - started) / 1000;
    log(`chain: ${jobs.length} jobs opened in ${txs.length} transactions (${(jobs.length / txs.length).toFixed(1)} per transaction) in ${openSeconds.toFixed(1)} s`);

    // The service: this key the sole oracle; the per-node limit lifted (one node stands for many).
    const args = [
      "-r", "ts-node/register/transpile-only", "services/oracle/main.ts",
      "--url", validator.url, "--keypair", adminPath, "--store", join(dir, "oracle.sqlite"), "--port", "0",
      "--post-interval-ms", "200", "--crank-interval-seconds", "0", "--priority-fee", "0",
      "--node-reports-per-second", "1000000", "--node-report-burst", "1000000",
      ...(batchesInFlight === null ? [] : ["--batches-in-flight", String(batchesInFlight)]),
    ];
    const child = spawn(process.execPath, args, { cwd: REPO, env: { ...process.env, TS_NODE_PROJECT: join(REPO, "tsconfig.json") }, stdio: ["ignore", "pipe", "pipe"] });
    service = child;
    let out = "";
    let stderr = "";
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /"msg":"listening".*?"port":(\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
        if (out.length > 1_000_000) out = out.slice(-100_000);
      });
      child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
      child.once("exit", (code) => reject(new Error(`the service exited ${code}: ${stderr}`)));
    });
    const metrics = async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();

    // One 1-hour report per job, from the load client (one report per job: the cursor goes round once).
    const reportedAt = await chain.unixTime();
    const plan: LoadPlan = {
      host: "127.0.0.1",
      port,
      jobs: jobs.map((j) => j.toBase58()),
      node: node.toBase58(),
      deviceSeed: Buffer.from(device.secretKey.subarray(0, 32)).toString("hex"),
      genesisHash: await connection.getGenesisHash(),
      programId: IO_JOBS_PROGRAM_ID.toBase58(),
      firstReportedAt: reportedAt,
      connections: 32,
      phases: [jobs.length],
      batch: 32,
    };
    const postedAt = Date.now();
    const loadAverageStart = Number(loadavg()[0].toFixed(2));
    const client = fork(join(__dirname, "load-client.ts"), [], { execArgv: ["-r", "ts-node/register/transpile-only"], stdio: "inherit" });
    const intake = await new Promise<LoadResult>((resolve, reject) => {
      client.once("message", (r: LoadResult) => resolve(r));
      client.once("exit", (code) => code !== 0 && reject(new Error(`load client exited ${code}`)));
      client.send(plan);
    });
    if ((intake.statuses["202"] ?? 0) !== jobs.length) throw new Error(`reports: ${JSON.stringify(intake.statuses)}`);
    const reportsIn = Date.now();
    log(`chain: ${jobs.length} reports accepted in ${intake.seconds.toFixed(1)} s`);

    // Until every job is attested and settled.
    let attestedAt = 0;
    let firstSettledAt = 0;
    let text = "";
    for (let last = -1; ; ) {
      text = await metrics();
      const attested = metric(text, "io_oracle_attestations_posted_total");
      const settled = metric(text, "io_oracle_settlements_posted_total");
      if (attested >= jobs.length && attestedAt === 0) attestedAt = Date.now();
      if (settled > 0 && firstSettledAt === 0) firstSettledAt = Date.now();
      if (settled >= jobs.length) break;
      if (attested + settled !== last) {
        last = attested + settled;
        log(`chain: ${attested} attested, ${settled} settled after ${((Date.now() - postedAt) / 1000).toFixed(0)} s`);
      }
      if (child.exitCode !== null) throw new Error(`the service exited: ${stderr}`);
      await new Promise((r) => setTimeout(r, 1_000));
    }
    const settledAt = Date.now();
    const attestSeconds = (attestedAt - postedAt) / 1000;
    const settleSeconds = (settledAt - reportsIn) / 1000;
    const settlingSeconds = Math.max(1, settledAt - firstSettledAt) / 1000;
    const result: ChainBench = {
      jobs: jobs.length,
      openSeconds: Number(openSeconds.toFixed(1)),
      attestSeconds: Number(attestSeconds.toFixed(1)),
      attestationsPerSecond: Number((jobs.length / attestSeconds).toFixed(1)),
      attestTransactions: metric(text, "io_oracle_attest_transactions_total"),
      settleSeconds: Number(settleSeconds.toFixed(1)),
      settlingSeconds: Number(settlingSeconds.toFixed(1)),
      settlementsPerSecond: Number((jobs.length / settlingSeconds).toFixed(1)),
      settleTransactions: metric(text, "io_oracle_settle_transactions_total"),
      batchesInFlight,
      loadAverageStart,
      loadAverage: Number(loadavg()[0].toFixed(2)),
    };
    log(
      `chain: ${result.jobs} jobs attested in ${result.attestSeconds} s (${result.attestationsPerSecond}/s, ${result.attestTransactions} transactions) and settled ${result.settleSeconds} s after the last report, ` +
        `${result.settlingSeconds} s from the first settlement to the last (${result.settlementsPerSecond}/s, ${result.settleTransactions} transactions), ${batchesInFlight ?? "default"} batches in flight, load average ${result.loadAverageStart} at the start, ${result.loadAverage} at the end`,
    );
    return result;
  } finally {
    if (service && service.exitCode === null) {
      const exited = new Promise((r) => service!.once("exit", r));
      service.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (service.exitCode === null) service.kill("SIGKILL");
    }
    await validator?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const i = process.argv.indexOf("--jobs");
  const jobs = i >= 0 ? Number(process.argv[i + 1]) : process.argv.includes("--quick") ? 300 : 10_000;
  const out = process.argv.indexOf("--out");
  const f = process.argv.indexOf("--batches-in-flight");
  runChainBench(jobs, console.log, f >= 0 ? Number(process.argv[f + 1]) : null).then(
    (r) => {
      if (out >= 0) writeFileSync(process.argv[out + 1], JSON.stringify(r, null, 2) + "\n");
      process.exit(0);
    },
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
