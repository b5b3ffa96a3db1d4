/**
 * The oracle service's edges (issue 13, findings 7, 8 and 10): how it is started and configured
 * (the service spawned as a process: flags, monikers, exit codes), what it shows (no RPC URL in
 * /health or logs; liveness vs readiness with reasons), and what a flood costs it (bounded
 * caches, per-node and per-address token buckets answering 429, no rows or RPC reads for refused
 * junk, a connection cap, slow clients timed out, 413 for an oversized body).
 */
import { expect } from "chai";
import { ChildProcess, spawn } from "child_process";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { request } from "http";
import { AddressInfo, createServer as createTcpServer, Socket } from "net";
import { tmpdir } from "os";
import { join } from "path";
import { AccountInfo, Keypair, PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { Currency, EMBEDDED_GENESIS_HASH, jobKey, nodeKey, registerNodeInstruction, signUsageReport, usageReportDeployment, usageReportToJson } from "../sdk/src";
import { parseFlags } from "../cli/args";
import { clusterUrl, redactUrl, scrub, urlSecrets } from "../cli/cluster";
import { ConfigError, DEFAULT_CONFIG, loadConfig, parseCommandLine } from "../services/oracle/config";
import { addressKey, createApi, ApiOptions, MAX_BATCH_REPORTS } from "../services/oracle/http";
import { LruMap, TokenBuckets } from "../services/oracle/limits";
import { ChainReader, Intake, IntakeOptions } from "../services/oracle/intake";
import { JsonLogger, silentLogger } from "../services/oracle/log";
import { Metrics } from "../services/oracle/metrics";
import { ReadinessCheck } from "../services/oracle/readiness";
import { SqliteStore } from "../services/oracle/sqlite-store";
import { writeKeypair } from "./validator";
import { JobsWorld, NODE_TERMS } from "./jobs-world";

const REPO = join(__dirname, "..");
/** Reports are signed for the embedded chain's deployment (io-usage-v2). */
const DEPLOYMENT = usageReportDeployment(EMBEDDED_GENESIS_HASH);

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Exit code, or null if still running after `ms` (then it is killed). */
  exit(ms: number): Promise<number | null>;
}

/** The service as an operator starts it: `node services/oracle/main.ts <args>` with `env`. */
function service(args: string[], env: Record<string, string>): Run {
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "services/oracle/main.ts", ...args], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? "", TS_NODE_PROJECT: join(REPO, "tsconfig.json"), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exit: async (ms) => {
      const timer = new Promise<"running">((r) => setTimeout(() => r("running"), ms));
      const first = await Promise.race([exited, timer]);
      if (first !== "running") return first;
      child.kill("SIGKILL");
      await exited;
      return null;
    },
  };
}

async function waitFor<T>(what: string, fn: () => T | null | undefined | false, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("oracle service edges", function () {
  this.timeout(120_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "io-oracle-edge-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe("configuration (finding 7)", () => {
    it("as a process: --help prints the flags and exits 0; an unknown flag, a missing default keypair and a bad config file exit 2 with the reason, before anything starts", async () => {
      // Given an empty home (no ~/.config/solana/id.json) and a config file with "false" as a string
      const home = join(dir, "home");
      const bad = join(dir, "bad.json");
      writeFileSync(bad, JSON.stringify({ settle: "false" }));
      const env = { HOME: home };
      // When the service is started four ways (in parallel: each is a Node start)
      const runs = {
        help: service(["--help"], env),
        typo: service(["--url", "http://127.0.0.1:1", "--keypiar", join(dir, "k.json")], env),
        noKey: service(["-u", "devnet", "--store", ":memory:"], env),
        badFile: service(["-C", bad, "--store", ":memory:"], env),
      };
      const codes = await Promise.all(Object.values(runs).map((r) => r.exit(100_000)));
      // Then --help lists -u/-k and the keys, exits 0, and did not start the service
      expect(codes, JSON.stringify(Object.values(runs).map((r) => r.stderr()))).to.deep.equal([0, 2, 2, 2]);
      expect(runs.help.stdout()).to.contain("-u, --url").and.contain("-k, --keypair").and.contain("--post-interval-ms");
      expect(runs.help.stdout()).to.not.contain('"listening"');
      // and each refusal names what to fix
      expect(runs.typo.stderr()).to.contain("unknown flag --keypiar (did you mean --keypair?)");
      expect(runs.noKey.stderr()).to.contain(`keypair ${join(home, ".config", "solana", "id.json")}: no such file`);
      expect(runs.badFile.stderr()).to.contain("settle: true or false");
      for (const r of Object.values(runs)) expect(r.stdout()).to.not.contain('"listening"');
    }).timeout(150_000);

    it("checks every value whatever its origin (file, environment, flag), and knows only its own names", () => {
      const file = (doc: unknown) => {
        const path = join(dir, `c${Math.random()}.json`);
        writeFileSync(path, JSON.stringify(doc));
        return new Map([["config", path]]);
      };
      const refused: [string, () => unknown, RegExp][] = [
        ["settle as a string in the file", () => loadConfig(file({ settle: "false" }), {}), /settle: true or false/],
        ["a zero maxBatch (never posts)", () => loadConfig(file({ maxBatch: 0 }), {}), /maxBatch: an integer from 1 to 64/],
        ["a zero post interval (busy loop)", () => loadConfig(new Map([["post-interval-ms", "0"]]), {}), /--post-interval-ms: an integer from 100/],
        ["a zero price interval", () => loadConfig(new Map([["price-interval-seconds", "0"]]), {}), /an integer from 1 to 86400/],
        ["an empty number", () => loadConfig(new Map(), { IO_ORACLE_MAX_BATCH: "" }), /IO_ORACLE_MAX_BATCH: an integer/],
        ["a fraction where an integer is due", () => loadConfig(new Map([["port", "80.5"]]), {}), /--port: an integer/],
        ["a misspelt variable", () => loadConfig(new Map(), { IO_ORACLE_POST_INTERVL_MS: "500" }), /unknown environment variable IO_ORACLE_POST_INTERVL_MS \(did you mean IO_ORACLE_POST_INTERVAL_MS\?\)/],
        ["a misspelt file key", () => loadConfig(file({ maxBatc: 5 }), {}), /unknown key maxBatc \(did you mean maxBatch\?\)/],
        ["a price seed that is not a number", () => loadConfig(new Map([["price", "simulated:abc"]]), {}), /--price: "simulated:<seed>"/],
        ["a URL that is neither http(s) nor a moniker", () => loadConfig(new Map([["url", "devnett"]]), {}), /not a URL nor a moniker/],
        ["a flag without its value", () => loadConfig(new Map([["store", "true"]]), {}), /--store needs a value/],
        ["a request timeout below the headers timeout", () => loadConfig(new Map([["request-timeout-ms", "1000"], ["headers-timeout-ms", "2000"]]), {}), /at least headersTimeoutMs/],
        ["a priority fee neither auto nor micro-lamports", () => loadConfig(new Map([["priority-fee", "fast"]]), {}), /--priority-fee: "auto" or micro-lamports per compute unit/],
        ["a fractional priority fee in the file", () => loadConfig(file({ priorityFee: 1.5 }), {}), /priorityFee: "auto" or micro-lamports/],
        ["a priority fee cap as a string in the file", () => loadConfig(file({ priorityFeeMax: "5000" }), {}), /priorityFeeMax: an integer from 0/],
        ["a zero price age (every quote stale)", () => loadConfig(file({ priceMaxAgeSeconds: 0 }), {}), /priceMaxAgeSeconds: an integer from 1 to 86400/],
        ["a negative retention", () => loadConfig(new Map(), { IO_ORACLE_RETENTION_DAYS: "-1" }), /IO_ORACLE_RETENTION_DAYS: an integer from 1 to 36500 \(or 0\)/],
        ["a positional argument", () => parseCommandLine(["start"]), /unexpected argument "start"/],
        ["a flag it does not know", () => parseCommandLine(["--setle", "false"]), /unknown flag --setle \(did you mean --settle\?\)/],
      ];
      for (const [what, fn, message] of refused) {
        let error: unknown = null;
        try {
          fn();
        } catch (e) {
          error = e;
        }
        expect(error, what).to.be.instanceOf(ConfigError);
        expect((error as Error).message, what).to.match(message);
      }
      // and good values of each origin are taken, later origins winning
      const c = loadConfig(new Map([...file({ settle: false, maxBatch: 7 }), ["post-interval-ms", "250"], ["url", "d"]]), { IO_ORACLE_MAX_BATCH: "9" }, "/home/op");
      expect([c.settle, c.maxBatch, c.postIntervalMs, c.url, c.keypair]).to.deep.equal([false, 9, 250, "https://api.devnet.solana.com", "/home/op/.config/solana/id.json"]);
      // and the sending and retention keys too: a fee as a JSON number is kept as its text, 0 keeps finished work
      const fees = loadConfig(new Map([...file({ priorityFee: 5000, retentionDays: 0 }), ["price-max-age-seconds", "30"]]), { IO_ORACLE_PRIORITY_FEE_MAX: "20000" });
      expect([fees.priorityFee, fees.priorityFeeMax, fees.priceMaxAgeSeconds, fees.retentionDays]).to.deep.equal(["5000", 20_000, 30, 0]);
      expect(loadConfig(new Map(), { IO_ORACLE_PRIORITY_FEE: "auto" }).priorityFee).to.equal("auto");
      // and without a URL (the embedded demo chain) no keypair is implied
      expect(loadConfig(new Map(), {}).keypair).to.equal(null);
      expect(DEFAULT_CONFIG.postIntervalMs).to.be.greaterThan(0);
    });

    it("shares the solana CLI's -u/-k and monikers with the io command", () => {
      // Given the io command's parser (also the service's): short flags map to long names
      const { flags, positional } = parseFlags(["status", "-ud", "-k", "/k.json", "--warp", "2"]);
      expect([positional, flags.get("url"), flags.get("keypair"), flags.get("warp")]).to.deep.equal([["status"], "d", "/k.json", "2"]);
      expect(parseFlags(["--settle", "-u", "localhost"]).flags.get("settle")).to.equal("true");
      // and the monikers (and first letters) resolve as the solana CLI's do
      const resolved = ["mainnet-beta", "m", "devnet", "d", "testnet", "t", "localhost", "l", "https://rpc.example.com/x"].map(clusterUrl);
      expect(resolved).to.deep.equal([
        "https://api.mainnet-beta.solana.com",
        "https://api.mainnet-beta.solana.com",
        "https://api.devnet.solana.com",
        "https://api.devnet.solana.com",
        "https://api.testnet.solana.com",
        "https://api.testnet.solana.com",
        "http://127.0.0.1:8899",
        "http://127.0.0.1:8899",
        "https://rpc.example.com/x",
      ]);
      expect(() => clusterUrl("ftp://x")).to.throw(/http\(s\)/);
    });
  });

  describe("what it shows (finding 8)", () => {
    it("redacts an RPC URL's user info, path and query, and scrubs them from any text", () => {
      const url = "https://op:hunter22@rpc.example.com:8443/v2/SECRETPATHKEY?api-key=SECRETQUERYKEY";
      expect(redactUrl(url)).to.equal("https://rpc.example.com:8443/…");
      expect(redactUrl("https://api.devnet.solana.com")).to.equal("https://api.devnet.solana.com");
      const lines: string[] = [];
      const log = new JsonLogger("info", (l) => lines.push(l), {}, (t) => scrub(t, urlSecrets(url)));
      log.log("error", "post round failed", { error: `request to ${url} failed; key SECRETQUERYKEY, path SECRETPATHKEY, pass hunter22` });
      expect(lines.join()).to.not.match(/SECRETPATHKEY|SECRETQUERYKEY|hunter22/);
      expect(lines.join()).to.contain("[redacted]");
    });

    it("as a process with a dead RPC behind a secret URL: /health is live and shows no secret, /ready is 503 rpc-unreachable, the logs show no secret, SIGTERM exits 0", async () => {
      // Given a port nothing answers on (a listener closed again), in a URL carrying secrets
      const probe = createTcpServer();
      await new Promise<void>((r) => probe.listen(0, "127.0.0.1", () => r()));
      const deadPort = (probe.address() as AddressInfo).port;
      await new Promise<void>((r) => probe.close(() => r()));
      const url = `http://op:hunter22@127.0.0.1:${deadPort}/v2/SECRETPATHKEY?api-key=SECRETQUERYKEY`;
      const key = writeKeypair(dir, "oracle-ready", Keypair.generate());
      // When the service starts on it
      const run = service(["-u", url, "-k", key, "--store", join(dir, "ready.sqlite"), "--port", "0", "--post-interval-ms", "200", "--crank-interval-seconds", "0"], { HOME: dir });
      try {
        const listening = await waitFor("listening", () =>
          run.stdout().split("\n").filter(Boolean).map((l) => JSON.parse(l) as { msg: string; port?: number }).find((l) => l.msg === "listening"),
        );
        const base = `http://127.0.0.1:${listening.port}`;
        // Then /health (liveness) answers 200 without the secret
        const health = await fetch(`${base}/health`);
        const healthText = await health.text();
        expect(health.status).to.equal(200);
        expect(JSON.parse(healthText).ok).to.equal(true);
        expect(healthText).to.not.match(/SECRETPATHKEY|SECRETQUERYKEY|hunter22/);
        expect(healthText).to.contain(`127.0.0.1:${deadPort}/…`);
        // and /ready (readiness) is 503 saying the RPC does not answer
        const ready = await fetch(`${base}/ready`);
        const readyText = await ready.text();
        expect(ready.status, readyText).to.equal(503);
        const body = JSON.parse(readyText) as { ready: boolean; reasons: { code: string }[] };
        expect(body.ready).to.equal(false);
        expect(body.reasons.map((r) => r.code)).to.include("rpc-unreachable");
        expect(readyText).to.not.match(/SECRETPATHKEY|SECRETQUERYKEY|hunter22/);
        // and /metrics says not ready
        expect(await (await fetch(`${base}/metrics`)).text()).to.contain("io_oracle_ready 0");
        // and after a failing round (the settler reads the chain's clock) the logs hold no secret
        await waitFor("a failed round", () => run.stdout().includes("round failed"), 30_000);
      } finally {
        run.child.kill("SIGTERM");
      }
      expect(await run.exit(30_000)).to.equal(0);
      // (the logs checked include the RPC retries' lines and the unread genesis hash's, each carrying the RPC's error)
      expect(run.stdout()).to.contain('"rpc error, retrying"').and.contain("cannot read the cluster's genesis hash");
      expect(run.stdout() + run.stderr()).to.not.match(/SECRETPATHKEY|SECRETQUERYKEY|hunter22/);
    });

    describe("readiness on the embedded chain", () => {
      let world: JobsWorld;
      before(() => {
        world = new JobsWorld();
      });
      const alive = { stopping: () => false, failingRounds: (): [string, string][] => [] };
      const opts = { minBalanceLamports: 10_000_000, cacheMs: 0, timeoutMs: 2_000 };

      it("is ready for a funded member of the oracle set, and says why not for an outsider, an unfunded key, a failing round, a dead or hung RPC", async () => {
        // Given a member of the set (funded), an outsider (funded) and an unfunded member-to-be
        const member = world.oracles[0];
        const outsider = world.funded(Keypair.generate());
        const codes = async (check: ReadinessCheck) => (await check.check()).reasons.map((r) => r.code);
        // Then the member is ready
        const balances: number[] = [];
        const ok = await new ReadinessCheck(world.chain, member.publicKey, alive, { ...opts, onBalance: (l) => balances.push(l) }).check();
        expect([ok.ready, ok.reasons]).to.deep.equal([true, []]);
        // (the balance it read is handed on: the service's one balance gauge, io_oracle_fee_payer_lamports)
        expect(balances).to.deep.equal([ok.balanceLamports]);
        expect(ok.balanceLamports).to.be.greaterThan(0);
        // and the outsider is not in the set, an unknown key holds no SOL either
        expect(await codes(new ReadinessCheck(world.chain, outsider.publicKey, alive, opts))).to.deep.equal(["not-in-oracle-set"]);
        expect(await codes(new ReadinessCheck(world.chain, Keypair.generate().publicKey, alive, opts))).to.deep.equal(["low-balance", "not-in-oracle-set"]);
        // and a failing round or shutting down is reported with the chain fine
        const failing = { stopping: () => true, failingRounds: (): [string, string][] => [["post", "simulate: fetch failed"], ["price", "quote.json: no such file"]] };
        expect(await codes(new ReadinessCheck(world.chain, member.publicKey, failing, opts))).to.deep.equal(["stopping", "post-round-failing", "price-round-failing"]);
        // and a dead RPC, or one that never answers, is rpc-unreachable
        const dead: ChainReader = { getAccount: () => Promise.reject(new Error("fetch failed")), unixTime: () => Promise.reject(new Error("fetch failed")) };
        const hung: ChainReader = { getAccount: () => new Promise(() => undefined), unixTime: () => new Promise(() => undefined) };
        expect(await codes(new ReadinessCheck(dead, member.publicKey, alive, opts))).to.deep.equal(["rpc-unreachable"]);
        const slow = await new ReadinessCheck(hung, member.publicKey, alive, { ...opts, timeoutMs: 200 }).check();
        expect(slow.reasons.map((r) => [r.code, r.detail])).to.deep.equal([["rpc-unreachable", "no answer within 200 ms"]]);
      });

      it("answers a /ready flood from one check per cache period", async () => {
        // Given a chain reader counting reads and a 60 s cache
        let reads = 0;
        const counting: ChainReader = { getAccount: (k) => (reads++, world.chain.getAccount(k)), unixTime: () => world.chain.unixTime() };
        const check = new ReadinessCheck(counting, world.oracles[0].publicKey, alive, { ...opts, cacheMs: 60_000 });
        // When 200 checks arrive at once, then 200 more
        await Promise.all(Array.from({ length: 200 }, () => check.check()));
        await Promise.all(Array.from({ length: 200 }, () => check.check()));
        // Then the chain was read once (two accounts)
        expect(reads).to.equal(2);
      });
    });
  });

  describe("floods (finding 10)", () => {
    let world: JobsWorld;
    const device = Keypair.generate();
    let node: PublicKey;
    let job: PublicKey;
    let opened: number;

    /** The HTTP API on the embedded chain with a read-counting chain and its own store. */
    async function api(options: Partial<ApiOptions>, intake: Partial<Pick<IntakeOptions, "cacheSize" | "negativeCacheMs" | "deployment">> = {}) {
      const reads = new Map<string, number>();
      const chain: ChainReader = {
        getAccount: (k: PublicKey): Promise<AccountInfo<Buffer> | null> => {
          reads.set(k.toBase58(), (reads.get(k.toBase58()) ?? 0) + 1);
          return world.chain.getAccount(k);
        },
        unixTime: () => world.chain.unixTime(),
      };
      const store = new SqliteStore(":memory:");
      const metrics = new Metrics();
      const server = createApi(new Intake(chain, store, metrics, { clockSkewSeconds: 60, cacheTtlMs: 5_000, deployment: DEPLOYMENT, ...intake }), metrics, { health: async () => ({ ok: true }) }, silentLogger, options);
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const totalReads = () => [...reads.values()].reduce((a, b) => a + b, 0);
      return { server, store, metrics, url, reads, totalReads, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) };
    }

    async function post(url: string, body: unknown): Promise<{ status: number; retryAfter: string | null; error?: string }> {
      const res = await fetch(`${url}/reports`, { method: "POST", body: JSON.stringify(body) });
      const json = (await res.json()) as { error?: string };
      return { status: res.status, retryAfter: res.headers.get("retry-after"), error: json.error };
    }

    const signed = (hours: number, at: number, key = device, onNode = node) => usageReportToJson(signUsageReport({ job, node: onNode, hours, reportedAt: at }, key, DEPLOYMENT));
    const randomNodeReport = () => signed(1, opened + 1, device, Keypair.generate().publicKey);

    /** `n` posts, `width` at a time; the statuses in order. */
    async function flood(n: number, width: number, make: (i: number) => unknown, url: string) {
      const out: { status: number; retryAfter: string | null }[] = new Array(n);
      let next = 0;
      await Promise.all(
        Array.from({ length: width }, async () => {
          for (let i = next++; i < n; i = next++) out[i] = await post(url, make(i));
        }),
      );
      return out;
    }

    before(() => {
      world = new JobsWorld();
      world.send([registerNodeInstruction({ owner: world.nodeOwner.publicKey, deviceId: device.publicKey.toBuffer(), ...NODE_TERMS })], [world.nodeOwner]);
      node = nodeKey(world.nodeOwner.publicKey, device.publicKey.toBuffer())[0];
      const user = world.user();
      world.send([world.openJobInstruction(user, new BN(0), 3, Currency.Usdc, { node })], [user.wallet]);
      job = jobKey(user.wallet.publicKey, new BN(0))[0];
      opened = Number(world.chain.now());
    });

    it("bounded structures: the LRU evicts the least recently used; a bucket refills at its rate and says when; an IPv6 /64 is one address", () => {
      // Given an LRU of 2: touching "a" makes "b" the one evicted by "c"
      const lru = new LruMap<string, number>(2);
      lru.set("a", 1);
      lru.set("b", 2);
      lru.get("a");
      lru.set("c", 3);
      expect([lru.size, lru.get("a"), lru.get("b"), lru.get("c")]).to.deep.equal([2, 1, undefined, 3]);
      // Given a bucket of 2 at 0.5 a second on a clock we move
      let now = 0;
      const buckets = new TokenBuckets({ ratePerSecond: 0.5, burst: 2, keys: 10 }, () => now);
      expect(buckets.retryAfterMs("k")).to.equal(0);
      expect(buckets.size).to.equal(0); // an unseen key takes no room
      buckets.take("k");
      buckets.take("k");
      // Then it is empty for 2 s, then has one token again
      expect(buckets.retryAfterMs("k")).to.equal(2_000);
      now = 1_000;
      expect(buckets.retryAfterMs("k")).to.equal(1_000);
      now = 2_000;
      expect(buckets.retryAfterMs("k")).to.equal(0);
      // and addresses: IPv4 (also v4-mapped) as is, IPv6 by /64
      expect(addressKey("::ffff:10.0.0.7")).to.equal("10.0.0.7");
      expect(addressKey("10.0.0.7")).to.equal("10.0.0.7");
      expect(addressKey("2001:db8:1:2::1")).to.equal(addressKey("2001:0db8:0001:0002:ffff:ffff:ffff:ffff"));
      expect(addressKey("2001:db8:1:2::1")).to.not.equal(addressKey("2001:db8:1:3::1"));
      expect(addressKey("::1")).to.equal("0:0:0:0::/64");
    });

    it("a flood of reports naming random nodes from one address: the first burst is refused (404) with one read each and no row, then 429 with Retry-After and no read at all", async () => {
      // Given an address allowance of 20 refusals (1 more every 100 s)
      const a = await api({ addressRefusalBurst: 20, addressRefusalsPerSecond: 0.01 });
      try {
        // When 1,000 reports each name a fresh random node
        const res = await flood(1_000, 16, randomNodeReport, a.url);
        // Then the first 20 (and those already in flight, 16 at a time) are judged unknown-node,
        // the rest refused at the door with a Retry-After of up to two tokens' time
        const unknown = res.filter((r) => r.status === 404).length;
        const limited = res.filter((r) => r.status === 429);
        expect(unknown).to.be.within(20, 36);
        expect(limited.length).to.equal(1_000 - unknown);
        for (const r of limited) expect(Number(r.retryAfter)).to.be.within(1, 200);
        // and only the judged ones cost an RPC read, none wrote a row
        expect(a.totalReads()).to.equal(unknown);
        expect(await a.store.countReports(false)).to.equal(0);
        expect(a.metrics.render()).to.contain(`io_oracle_http_refused_total{reason="rate-limited-address"} ${limited.length}\n`);
      } finally {
        await a.close();
      }
    });

    it("review 13: a batch's refusals are all charged to its address, so batches of forgeries cannot be verified faster than its allowance", async () => {
      // Given an address allowance of 10 refusals and 10 more a second (and a node allowance that
      // does not stop a batch first: a forger names as many registered nodes as it needs)
      const a = await api({ addressRefusalBurst: 10, addressRefusalsPerSecond: 10, nodeReportBurst: 1_000 });
      try {
        const forger = Keypair.generate();
        const forgeries = () => Array.from({ length: MAX_BATCH_REPORTS }, (_, i) => signed(1, opened + 1 + i, forger));
        const postBatch = async (items: unknown[]) => {
          const res = await fetch(`${a.url}/reports/batch`, { method: "POST", body: JSON.stringify(items) });
          const json = (await res.json()) as { results?: { status: number }[] };
          return { status: res.status, retryAfter: res.headers.get("retry-after"), results: json.results ?? [] };
        };
        // When one batch of 256 reports naming the node but signed by another key is posted
        const first = await postBatch(forgeries());
        // Then each is verified and refused (401) in that request
        expect(first.results.filter((r) => r.status === 401).length).to.equal(MAX_BATCH_REPORTS);
        // When the same address posts another such batch 300 ms later (3 tokens' time)
        await new Promise((r) => setTimeout(r, 300));
        const second = await postBatch(forgeries());
        // Then it is refused at the door (429), none of it verified: the first batch spent 25 s of the allowance
        expect([second.status, second.results.length]).to.deep.equal([429, 0]);
        expect(Number(second.retryAfter)).to.be.within(20, 26);
      } finally {
        await a.close();
      }
    });

    it("without the address limit, the caches stay within their size, and a repeated unknown node is read once", async () => {
      // Given a generous address allowance and caches of 100 entries
      const a = await api({ addressRefusalBurst: 1_000_000 }, { cacheSize: 100 });
      try {
        // When 1,000 random nodes are named, then one unknown node 200 times
        await flood(1_000, 16, randomNodeReport, a.url);
        const ghost = Keypair.generate().publicKey;
        const again = await flood(200, 16, () => signed(1, opened + 1, device, ghost), a.url);
        // Then the node cache holds at most 100 entries, the ghost was read once, and no row was written
        expect(a.metrics.render()).to.match(/io_oracle_cache_entries\{cache="node"\} 100\n/);
        expect(again.every((r) => r.status === 404)).to.equal(true);
        expect(a.reads.get(ghost.toBase58())).to.equal(1);
        expect(await a.store.countReports(false)).to.equal(0);
      } finally {
        await a.close();
      }
    });

    it("rate-limits a node's accepted reports (429, Retry-After) while forgeries naming it do not spend its allowance", async () => {
      // Given a node allowance of 3 reports (1 more every 10 s)
      const a = await api({ nodeReportBurst: 3, nodeReportsPerSecond: 0.1 });
      try {
        world.chain.warp(30);
        const now = Number(world.chain.now());
        // When 20 forgeries naming the node arrive (signed by another key)
        const forged = await flood(20, 4, (i) => signed(1, now - 20 + i, Keypair.generate()), a.url);
        expect(forged.every((r) => r.status === 401)).to.equal(true);
        // Then the worker's own 3 reports are accepted, and its 4th is refused at the door
        for (let i = 0; i < 3; i++) expect((await post(a.url, signed(1, now - 10 + i))).status).to.equal(202);
        const fourth = await post(a.url, signed(1, now - 5));
        expect([fourth.status, fourth.error]).to.deep.equal([429, "rate-limited"]);
        expect(Number(fourth.retryAfter)).to.be.within(9, 10);
        // and nothing of the refused one reached the store
        expect(await a.store.countReports(true)).to.equal(3);
        expect(await a.store.countReports(false)).to.equal(0);
      } finally {
        await a.close();
      }
    });

    it("learns the deployment once the RPC answers: a report before that gets 500 and no row, then the same report is accepted", async () => {
      // Given an intake whose genesis-hash read fails until the RPC comes back (the service when the RPC was down at start)
      let answers = false;
      const a = await api({}, { deployment: async () => (answers ? DEPLOYMENT : Promise.reject(new Error("fetch failed"))) });
      try {
        const report = signed(1, Number(world.chain.now()));
        // When a worker reports: Then it is an error to retry (500), not a refusal, and nothing is recorded
        expect((await post(a.url, report)).status).to.equal(500);
        expect((await a.store.countReports(true)) + (await a.store.countReports(false))).to.equal(0);
        // When the RPC answers: Then the same report is accepted
        answers = true;
        expect((await post(a.url, report)).status).to.equal(202);
      } finally {
        await a.close();
      }
    });

    it("answers an oversized body 413, declared or streamed, with no row", async () => {
      const a = await api({});
      try {
        // When 100 KB is posted with a Content-Length
        const big = "x".repeat(100_000);
        const declared = await fetch(`${a.url}/reports`, { method: "POST", body: big });
        expect(declared.status).to.equal(413);
        // and when it is streamed in chunks without one
        const streamed = await new Promise<number>((resolve, reject) => {
          const req = request(`${a.url}/reports`, { method: "POST", headers: { "transfer-encoding": "chunked" } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on("error", reject);
          for (let i = 0; i < 10; i++) req.write("y".repeat(10_000));
          req.end();
        });
        expect(streamed).to.equal(413);
        expect(await a.store.countReports(false)).to.equal(0);
      } finally {
        await a.close();
      }
    });

    it("caps connections and disconnects slow clients (headers or body), then serves again", async () => {
      // Given at most 20 connections, 400 ms for headers and 800 ms for a whole request
      const a = await api({ maxConnections: 20, headersTimeoutMs: 400, requestTimeoutMs: 800 });
      const sockets: Socket[] = [];
      try {
        // When 60 clients connect and send half a request each
        const closedAt: number[] = [];
        const open = new Set(Array.from({ length: 60 }, (_, i) => i));
        const start = Date.now();
        const { port } = a.server.address() as AddressInfo;
        await Promise.all(
          Array.from({ length: 60 }, (_, i) => new Promise<void>((resolve) => {
            const s = new Socket();
            sockets.push(s);
            s.on("error", () => undefined);
            s.resume(); // read to the end, so the server's close is seen
            s.on("close", () => closedAt.push(Date.now() - start));
            s.on("close", () => open.delete(i));
            s.connect(port, "127.0.0.1", () => {
              s.write(i % 2 === 0 ? "POST /reports HTTP/1.1\r\nHost: x\r\n" : "POST /reports HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"job\":");
              resolve();
            });
          })),
        );
        // Then the 40 over the cap are dropped at once, and the 20 held are cut within the timeouts
        await waitFor("every slow client closed", () => closedAt.length === 60, 8_000).catch((e: Error) => {
          const kinds = [...open].map((i) => (i % 2 === 0 ? "headers" : "body"));
          throw new Error(`${e.message}: still open ${kinds.join(",")}; closed at ${closedAt.join(",")} ms`);
        });
        closedAt.sort((x, y) => x - y);
        expect(closedAt[39]).to.be.below(350);
        expect(closedAt[59]).to.be.below(2_500);
        expect(a.metrics.render()).to.match(/io_oracle_http_refused_total\{reason="connection-cap"\} 40\n/);
        // and the server holds none of them, and a normal client is served afterwards
        expect(a.metrics.render()).to.contain("io_oracle_http_connections 0\n");
        expect((await fetch(`${a.url}/health`)).status).to.equal(200);
      } finally {
        for (const s of sockets) s.destroy();
        await a.close();
      }
    });
  });
});
