/**
 * The oracle service as real processes against the real programs on solana-test-validator,
 * through its HTTP API: three instances with three keys (quorum 3), simulated workers posting
 * signed reports, one instance killed with SIGKILL mid-batch and restarted, every attestation
 * counted on chain, and the jobs settled once the quorum is reached.
 */
import { expect } from "chai";
import { ChildProcess, spawn } from "child_process";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import {
  createAssociatedTokenAccountIdempotentInstruction,
  createMintToInstruction,
  getAssociatedTokenAddressSync,
} from "@solana/spl-token";
import { Keypair, LAMPORTS_PER_SOL, PublicKey, SystemProgram } from "@solana/web3.js";
import BN from "bn.js";
import Database from "better-sqlite3";
import {
  Currency,
  decodeJob,
  decodeNode,
  decodeOracleConfig,
  oracleConfigKey,
  DEFAULT_JOBS_PARAMS,
  jobKey,
  nodeKey,
  openJobInstruction,
  parseIoJobsEvents,
  registerNodeInstruction,
  setJobParamsInstruction,
  signUsageReport,
  usageReportToJson,
  UsageReportDeployment,
  usageReportDeployment,
} from "../sdk/src";
import { RpcChain } from "../cli/chain";
import { deploy } from "../migrations/deploy";
import { onChainFigure } from "../services/oracle/poster";
import { BulkTx, createUsdcMint, jobsPrograms, LocalValidator, sendAll, writeKeypair } from "./validator";

/** Apart from rpc.test.ts (18899) and rpc-jobs.test.ts (28899) and their +1001..+1100 ranges. */
const RPC_PORT = 38899;
const WORKERS = 3;
const JOBS_PER_WORKER = 10;
const USD = new BN(1_000_000);
const REPO = join(__dirname, "..");

interface Instance {
  child: ChildProcess;
  url: string;
  lines: string[];
}

describe("oracle service over RPC (solana-test-validator, three processes)", function () {
  this.timeout(180_000);
  const admin = Keypair.generate();
  const usdcMint = Keypair.generate();
  const oracles = [0, 1, 2].map(() => Keypair.generate());
  const workers = Array.from({ length: WORKERS }, () => ({ owner: Keypair.generate(), device: Keypair.generate() }));
  const nodes = workers.map((w) => nodeKey(w.owner.publicKey, w.device.publicKey.toBuffer())[0]);
  const users = Array.from({ length: WORKERS * JOBS_PER_WORKER }, () => Keypair.generate());
  const jobs = users.map((u, i) => ({ job: jobKey(u.publicKey, new BN(0))[0], worker: Math.floor(i / JOBS_PER_WORKER) }));
  let validator: LocalValidator;
  let chain: RpcChain;
  let dir: string;
  const running: Instance[] = [];
  let reportedAt = 0;
  let setVersion = 0;
  /** What the workers sign for: this validator's genesis hash and io_jobs. */
  let deployment: UsageReportDeployment;

  async function waitFor<T>(what: string, fn: () => Promise<T | null | false>, ms = 40_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (v) return v;
      if (Date.now() > deadline) {
        const tails = running.map((r, i) => `--- instance ${i}\n${r.lines.slice(-8).join("\n")}`).join("\n");
        throw new Error(`timed out waiting for ${what}\n${tails}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** Starts instance `i` (oracle key i, its own store) and waits for its "listening" line. */
  async function start(i: number, postIntervalMs = 300): Promise<Instance> {
    const args = [
      "-r", "ts-node/register/transpile-only", "services/oracle/main.ts",
      "--url", validator.url, "--keypair", join(dir, `oracle${i}.json`), "--store", join(dir, `oracle${i}.sqlite`),
      "--port", "0", "--post-interval-ms", String(postIntervalMs), "--crank-interval-seconds", "0",
    ];
    const child = spawn(process.execPath, args, { cwd: REPO, env: { ...process.env, TS_NODE_PROJECT: join(REPO, "tsconfig.json") }, stdio: ["ignore", "pipe", "pipe"] });
    const inst: Instance = { child, url: "", lines: [] };
    let buffered = "";
    child.stdout!.on("data", (d: Buffer) => {
      buffered += d.toString();
      const parts = buffered.split("\n");
      buffered = parts.pop()!;
      inst.lines.push(...parts);
    });
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const listening = await waitFor(`instance ${i} to listen (${stderr})`, async () => {
      if (child.exitCode !== null) throw new Error(`instance ${i} exited: ${stderr}`);
      return inst.lines.map((l) => JSON.parse(l) as { msg: string; port?: number }).find((l) => l.msg === "listening") ?? null;
    }, 60_000);
    inst.url = `http://127.0.0.1:${listening.port}`;
    running.push(inst);
    return inst;
  }

  async function post(inst: Instance, body: unknown): Promise<{ status: number; error?: string }> {
    const res = await fetch(`${inst.url}/reports`, { method: "POST", body: JSON.stringify(body) });
    const json = (await res.json()) as { error?: string };
    return { status: res.status, error: json.error };
  }

  /** Worker `w`'s signed report of `hours` for job `j`. */
  const report = (j: number, hours: number, at = reportedAt, key = workers[jobs[j].worker].device) =>
    usageReportToJson(signUsageReport({ job: jobs[j].job, node: nodes[jobs[j].worker], hours, reportedAt: at }, key, deployment));

  /** Every worker reports 1 hour for each of its jobs to `inst`; all accepted. */
  async function reportAll(inst: Instance): Promise<void> {
    const results = await Promise.all(jobs.map((_, j) => post(inst, report(j, 1))));
    expect(results.map((r) => r.status)).to.deep.equal(jobs.map(() => 202));
  }

  /** How many confirmed transactions carry a UsageAttested of `oracle` for each job. */
  async function attestCounts(oracle: PublicKey): Promise<number[]> {
    return Promise.all(
      jobs.map(async ({ job }) => {
        const sigs = await validator.connection.getSignaturesForAddress(job, {}, "confirmed");
        let n = 0;
        for (const s of sigs.filter((x) => x.err === null)) {
          const tx = await validator.connection.getTransaction(s.signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
          const events = parseIoJobsEvents(tx?.meta?.logMessages ?? []);
          n += events.filter((e) => e.name === "usageAttested" && (e.data.job as PublicKey).equals(job) && (e.data.oracle as PublicKey).equals(oracle)).length;
        }
        return n;
      }),
    );
  }

  async function figures(index: number): Promise<(number | null)[]> {
    const infos = await validator.connection.getMultipleAccountsInfo(jobs.map((j) => j.job));
    return infos.map((info) => (info ? onChainFigure(decodeJob(info), index, setVersion) : null));
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "io-oracle-rpc-"));
    const adminPath = writeKeypair(dir, "admin", admin);
    oracles.forEach((o, i) => writeKeypair(dir, `oracle${i}`, o));
    validator = await LocalValidator.start({ programs: jobsPrograms(admin.publicKey), mint: admin.publicKey, rpcPort: RPC_PORT });
    chain = new RpcChain(validator.url);
    deployment = usageReportDeployment(await validator.connection.getGenesisHash());
    await createUsdcMint(validator.connection, admin, usdcMint);
    // The protocol through migrations/deploy.ts, with the three oracle keys and quorum 3
    const lines: string[] = [];
    await deploy({ url: validator.url, keypair: adminPath, usdcMint: usdcMint.publicKey, oracles: oracles.map((o) => o.publicKey), quorum: 3 }, (l) => lines.push(l));
    expect(lines.join("\n")).to.contain("io_oracle: 3 oracle(s), quorum 3");
    setVersion = decodeOracleConfig((await chain.getAccount(oracleConfigKey()[0]))!).setVersion;
    // 1-second windows so real time passes them
    const res = await chain.sendTransaction([setJobParamsInstruction({ admin: admin.publicKey, ...DEFAULT_JOBS_PARAMS, challengeWindow: 1, startTimeout: 1 })], [admin]);
    expect(res.ok).to.equal(true);
    // SOL for the oracles and node owners, USDC for the users; nodes whose deviceId is the device key
    const fund = (to: PublicKey, usdc: BN): BulkTx => {
      const account = getAssociatedTokenAddressSync(usdcMint.publicKey, to, true);
      return {
        instructions: [
          SystemProgram.transfer({ fromPubkey: admin.publicKey, toPubkey: to, lamports: LAMPORTS_PER_SOL / 10 }),
          createAssociatedTokenAccountIdempotentInstruction(admin.publicKey, account, to, usdcMint.publicKey),
          createMintToInstruction(usdcMint.publicKey, account, admin.publicKey, BigInt(usdc.toString())),
        ],
        signers: [admin],
      };
    };
    await sendAll(validator.connection, [...oracles.map((o) => fund(o.publicKey, new BN(0))), ...workers.map((w) => fund(w.owner.publicKey, new BN(0))), ...users.map((u) => fund(u.publicKey, USD.muln(10)))]);
    const terms = { hardwareClass: 2, pricePerHour: USD.muln(2), usdShareBps: 8_000 };
    await sendAll(validator.connection, workers.map((w) => ({ instructions: [registerNodeInstruction({ owner: w.owner.publicKey, deviceId: w.device.publicKey.toBuffer(), ...terms })], signers: [w.owner] })));
    await sendAll(validator.connection, users.map((u, i) => ({
      // at most $2 and the 2% facilitation fee: the node's price
      instructions: [openJobInstruction({ user: u.publicKey, node: nodes[jobs[i].worker], nonce: new BN(0), hours: 1, userToken: getAssociatedTokenAddressSync(usdcMint.publicKey, u.publicKey, true), maxPayment: USD.muln(2).muln(102).divn(100), currency: Currency.Usdc, usdcMint: usdcMint.publicKey })],
      signers: [u],
    })));
    reportedAt = await chain.unixTime();
  });

  after(async () => {
    for (const r of running) if (r.child.exitCode === null) r.child.kill("SIGKILL");
    await validator?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("one instance: accepts the workers' reports, refuses bad ones, attests each job once; alone it is no quorum", async () => {
    // Given instance 0 running; When the workers report 1 hour for each job
    const a = await start(0);
    await reportAll(a);
    // and post a forged, a copied, an over-limit and a decreasing report
    expect(await post(a, report(0, 1, reportedAt + 1, workers[1].device))).to.deep.equal({ status: 401, error: "bad-signature" });
    expect(await post(a, report(0, 1))).to.deep.equal({ status: 202, error: undefined }); // an exact copy: its first answer
    expect(await post(a, report(1, 2, reportedAt + 1))).to.deep.equal({ status: 422, error: "over-limit" });
    expect(await post(a, report(2, 0, reportedAt + 1))).to.deep.equal({ status: 409, error: "decreasing" });
    // Then oracle 0's figure reaches every job on chain, but no job has accepted usage
    await waitFor("oracle 0's attestations", async () => (await figures(0)).every((f) => f === 1));
    const infos = await validator.connection.getMultipleAccountsInfo(jobs.map((j) => j.job));
    expect(infos.map((i) => decodeJob(i!).attestedHours)).to.deep.equal(jobs.map(() => 0));
    // and its metrics count them (the service records a batch as posted once it sees it confirmed,
    // which may be a polling round after the chain shows it)
    const posted = `io_oracle_attestations_posted_total ${jobs.length}`;
    await waitFor("the service's count of posted attestations", async () => (await (await fetch(`${a.url}/metrics`)).text()).includes(posted));
    const metrics = await (await fetch(`${a.url}/metrics`)).text();
    expect(metrics).to.contain(`io_oracle_reports_total{result="accepted"} ${jobs.length}`);
    expect(metrics).to.contain('io_oracle_reports_total{result="refused",reason="bad-signature"} 1');
    expect(metrics).to.contain(`io_oracle_attestations_posted_total ${jobs.length}`);
    const perTx = /io_oracle_attest_transactions_total (\d+)/.exec(metrics)![1];
    expect(Number(perTx)).to.be.lessThan(jobs.length / 5);
    expect(await attestCounts(oracles[0].publicKey)).to.deep.equal(jobs.map(() => 1));
  });

  it("an instance killed with SIGKILL mid-batch and restarted posts each attestation exactly once", async () => {
    // Given instance 1 receiving every report (its posting rounds 10 s apart: on a loaded machine the 30
    // reports must all be in before its first batch);
    // When it is killed as soon as it submits its first batch
    const b = await start(1, 10_000);
    const killed = new Promise<void>((resolve) => {
      b.child.stdout!.on("data", (d: Buffer) => {
        if (d.toString().includes('"msg":"batch submitted"') && b.child.exitCode === null) {
          b.child.kill("SIGKILL");
          resolve();
        }
      });
    });
    await reportAll(b);
    await killed;
    await new Promise((r) => b.child.once("exit", r));
    // Then its store holds a batch still "sent": the kill came between sending and confirming
    const db = new Database(join(dir, "oracle1.sqlite"), { readonly: true });
    const inFlight = db.prepare("SELECT COUNT(*) AS n FROM batches WHERE status = 'sent'").get() as { n: number };
    db.close();
    expect(inFlight.n).to.be.greaterThan(0);
    // When it restarts on the same store (the workers' reports are not sent again)
    const again = await start(1);
    // Then every job gets oracle 1's figure, each in exactly one confirmed attestation
    await waitFor("oracle 1's attestations", async () => (await figures(1)).every((f) => f === 1));
    expect(again.lines.some((l) => l.includes('"msg":"recovering batch"'))).to.equal(true);
    expect(await attestCounts(oracles[1].publicKey)).to.deep.equal(jobs.map(() => 1));
    // and two of three is still no quorum
    const infos = await validator.connection.getMultipleAccountsInfo(jobs.map((j) => j.job));
    expect(infos.map((i) => decodeJob(i!).attestedHours)).to.deep.equal(jobs.map(() => 0));
  });

  it("the third instance completes the quorum; the jobs settle and pay the nodes; SIGTERM stops each cleanly", async () => {
    // Given instances 0 and 1 running; When instance 2 receives the reports
    const c = await start(2);
    await reportAll(c);
    // Then every job reaches the quorum's 1 hour and is settled (its account closed)
    await waitFor("every job settled", async () => (await validator.connection.getMultipleAccountsInfo(jobs.map((j) => j.job))).every((i) => i === null), 60_000);
    expect(await attestCounts(oracles[2].publicKey)).to.deep.equal(jobs.map(() => 1));
    for (const o of oracles) expect(await attestCounts(o.publicKey)).to.deep.equal(jobs.map(() => 1));
    // and each node earned its 10 jobs' pay (1 h at $2: 80% less 5% and 2% = $1.4896 each)
    for (const n of nodes) {
      const node = decodeNode((await chain.getAccount(n))!);
      expect(node.earnings[Currency.Usdc].toString()).to.equal(new BN(1_489_600).muln(JOBS_PER_WORKER).toString());
    }
    // When every running instance gets SIGTERM; Then each exits 0
    const live = running.filter((r) => r.child.exitCode === null && r.child.signalCode === null);
    expect(live.length).to.equal(3);
    const codes = await Promise.all(live.map((r) => new Promise<number | null>((resolve) => {
      r.child.once("exit", (code) => resolve(code));
      r.child.kill("SIGTERM");
    })));
    expect(codes).to.deep.equal([0, 0, 0]);
  });
});
