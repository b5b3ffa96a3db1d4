/**
 * The oracle service assembled from its parts (chain reader, sender, store, signer, price
 * source), with its loops: intake over HTTP, posting and watching/settling every
 * `postIntervalMs`, pricing and cranking on their intervals. `stop` lets the batch in progress
 * reach its outcome and stops the rounds between batches.
 */
import { Keypair } from "@solana/web3.js";
import { EMBEDDED_GENESIS_HASH, usageReportDeployment } from "../../sdk/src";
import { Server } from "http";
import { AddressInfo } from "net";
import { OracleConfig } from "./config";
import { Cranker } from "./cranker";
import { CrashPoint } from "./faults";
import { createApi, Readiness } from "./http";
import { ChainReader, Intake } from "./intake";
import { errorText, Logger } from "./log";
import { Metrics } from "./metrics";
import { Poster } from "./poster";
import { PriceSource } from "./price-source";
import { Pricer } from "./pricer";
import { ReadinessCheck } from "./readiness";
import { PriorityFee, Runner } from "./runner";
import { TxSender } from "./sender";
import { Settler } from "./settler";
import { Store } from "./store";
import { createVerifier, SignatureVerifier } from "./verifier";

export interface ServiceParts {
  config: OracleConfig;
  chain: ChainReader;
  sender: TxSender;
  store: Store;
  oracle: Keypair;
  log: Logger;
  priceSource: PriceSource | null;
  /** Test-only (faults.ts, IO_ORACLE_CRASH_AT): a crash point; absent in service. */
  crashAt?: CrashPoint | null;
  /** Scrubs secrets (the RPC URL's API key) from text the service shows (readiness details). */
  redact?: (text: string) => string;
}

/** The priorityFee setting: "auto" or a number of micro-lamports per compute unit. */
export function priorityFeeOf(config: Pick<OracleConfig, "priorityFee" | "priorityFeeMax">): PriorityFee {
  if (config.priorityFee === "auto") return { kind: "auto", percentile: 75, min: 0, max: config.priorityFeeMax };
  const n = Number(config.priorityFee);
  if (!/^\d+$/.test(config.priorityFee) || !Number.isSafeInteger(n)) throw new Error(`priorityFee: "auto" or micro-lamports per compute unit, not ${config.priorityFee}`);
  return { kind: "fixed", microLamports: n };
}

const PRUNE_EVERY_MS = 3_600_000;

export class OracleService {
  readonly metrics = new Metrics();
  intake!: Intake;
  readonly poster: Poster;
  readonly settler: Settler;
  readonly pricer: Pricer | null;
  readonly cranker: Cranker;
  readonly runner: Runner;
  readonly readiness: ReadinessCheck;
  private server: Server | null = null;
  private readonly verifier: SignatureVerifier;
  /** The loops whose last round threw, with the error, for readiness. */
  private readonly failing = new Map<string, string>();
  private stopping = false;
  private readonly loops: Promise<void>[] = [];
  private readonly wakers = new Set<() => void>();

  constructor(private readonly parts: ServiceParts) {
    const { config, chain, sender, store, oracle, log } = parts;
    this.verifier = createVerifier(config.verifyThreads);
    this.runner = new Runner(sender, oracle, store, this.metrics, log, { pollMs: 300, backoffMs: 250, crashAt: parts.crashAt, priorityFee: priorityFeeOf(config) });
    this.readiness = new ReadinessCheck(
      chain,
      oracle.publicKey,
      { stopping: () => this.stopping, failingRounds: () => [...this.failing.entries()] },
      {
        minBalanceLamports: Math.round(config.minBalanceSol * 1e9),
        cacheMs: 5_000,
        timeoutMs: 5_000,
        // One balance gauge, fed by the post round's read and by each readiness check's.
        onBalance: (lamports) => (this.metrics.feePayerLamports = lamports),
      },
      parts.redact,
    );
    const stopping = () => this.stopping;
    // The embedded chain's clock is moved by its owner (demos, tests), not by wall time: there a
    // job is looked at again after one round at most.
    const waitCap = config.url ? { watchMs: config.watchIntervalMs } : { maxRetryMs: config.postIntervalMs, watchMs: Math.min(config.postIntervalMs, config.watchIntervalMs) };
    this.poster = new Poster(chain, store, this.runner, this.metrics, log, { maxBatch: config.maxBatch, inFlight: config.batchesInFlight, stopping, ...waitCap });
    this.settler = new Settler(chain, store, this.runner, this.metrics, log, { settle: config.settle, inFlight: config.batchesInFlight, stopping, ...waitCap }, this.poster);
    this.pricer = parts.priceSource ? new Pricer(chain, store, this.runner, parts.priceSource, this.metrics, log, config.priceMaxAgeSeconds) : null;
    this.cranker = new Cranker(chain, store, this.runner, this.metrics, log);
  }

  /** Recovers batches left in flight, then listens and starts the loops. Returns the bound port. */
  async start(): Promise<number> {
    const { config, log, store, chain } = this.parts;
    // Reports are signed for this cluster and io_jobs' program id. An RPC that does not answer
    // at start does not stop the service: it listens (live, not ready: /ready says
    // rpc-unreachable) and the intake reads the genesis hash once the RPC answers.
    let genesisHash: string | null = EMBEDDED_GENESIS_HASH;
    if (chain.genesisHash) {
      genesisHash = await this.runner.retrying("genesis hash", () => chain.genesisHash!()).catch((e: unknown) => {
        log.log("error", "cannot read the cluster's genesis hash; reports get 500 until the RPC answers", { error: errorText(e) });
        return null;
      });
    }
    this.intake = new Intake(chain, store, this.metrics, {
      clockSkewSeconds: config.clockSkewSeconds,
      cacheTtlMs: config.cacheTtlMs,
      deployment: genesisHash !== null ? usageReportDeployment(genesisHash) : async () => usageReportDeployment(await chain.genesisHash!()),
      cacheSize: config.cacheSize,
      negativeCacheMs: config.negativeCacheMs,
      // Over RPC a report costs no clock read (the embedded chain's clock is moved by its owner).
      clockCacheMs: config.url ? 1_000 : 0,
      verifier: this.verifier,
    });
    // Batches a previous run left in flight are driven to their outcome by the first post round,
    // after the service listens: with the RPC down that takes as long as the RPC does, and the
    // service must be live (and say why it is not ready) meanwhile.
    const inFlight = (await store.batchesInFlight()).length;
    this.metrics.pending = await store.countPending();
    this.metrics.lastCrank = await this.cranker.lastCrank();
    this.server = createApi(this.intake, this.metrics, this, log, {
      maxConnections: config.maxConnections,
      headersTimeoutMs: config.headersTimeoutMs,
      requestTimeoutMs: config.requestTimeoutMs,
      nodeReportsPerSecond: config.nodeReportsPerSecond,
      nodeReportBurst: config.nodeReportBurst,
      addressRefusalsPerSecond: config.addressRefusalsPerSecond,
      addressRefusalBurst: config.addressRefusalBurst,
      limitKeys: Math.max(config.cacheSize, 1_000),
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(config.port, config.host, () => resolve());
    });
    const port = (this.server.address() as AddressInfo).port;
    log.log("info", "listening", { host: config.host, port, oracle: this.parts.oracle.publicKey.toBase58(), chain: this.parts.sender.description, genesisHash, inFlight });
    let pruned = 0;
    let recovered = false;
    this.loop("post", config.postIntervalMs, async () => {
      if (!recovered) {
        // Before anything else is batched: nothing is rebuilt while an earlier copy could land.
        await this.runner.recover();
        recovered = true;
      }
      await this.runner.readBalance();
      await this.poster.tick();
      if (!this.stopping) await this.settler.tick();
      if (config.retentionDays > 0 && Date.now() - pruned > PRUNE_EVERY_MS && !this.stopping) {
        pruned = Date.now();
        const removed = await store.prune(Math.floor(Date.now() / 1000) - config.retentionDays * 86_400);
        log.log("info", "pruned finished work", { ...removed });
      }
    });
    // Readiness is checked in the background too, so /metrics' io_oracle_ready stays current.
    this.loop("ready", 15_000, async () => void (await this.ready()));
    if (this.pricer) this.loop("price", config.priceIntervalSeconds * 1000, async () => void (await this.pricer!.tick()));
    if (config.crankIntervalSeconds > 0) this.loop("crank", config.crankIntervalSeconds * 1000, async () => void (await this.cranker.tick()));
    return port;
  }

  private loop(name: string, intervalMs: number, body: () => Promise<void>): void {
    const { log } = this.parts;
    this.loops.push(
      (async () => {
        while (!this.stopping) {
          try {
            await body();
            this.failing.delete(name);
          } catch (e) {
            this.failing.set(name, errorText(e));
            this.metrics.roundsFailed++;
            log.log("error", `${name} round failed`, { error: errorText(e) });
          }
          if (this.stopping) break;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(done, intervalMs);
            const wakers = this.wakers;
            function done() {
              clearTimeout(timer);
              wakers.delete(done);
              resolve();
            }
            wakers.add(done);
          });
        }
      })(),
    );
  }

  /** Liveness: the process serves requests. Reads no chain and shows no URL beyond its host. */
  async health(): Promise<Record<string, string | number | boolean | null>> {
    return {
      ok: !this.stopping,
      oracle: this.parts.oracle.publicKey.toBase58(),
      chain: this.parts.sender.description,
      pending: await this.parts.store.countPending(),
      inFlight: (await this.parts.store.batchesInFlight()).length,
      lastCrank: this.metrics.lastCrank,
    };
  }

  /** Readiness (readiness.ts), recorded in the metrics. */
  async ready(): Promise<Readiness> {
    const r = await this.readiness.check();
    this.metrics.readiness = { reasons: r.reasons.map((x) => x.code), checkedAt: Date.now() };
    return r;
  }

  /** Stops accepting reports, lets the current rounds finish, closes the store. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const { log, store } = this.parts;
    log.log("info", "shutting down");
    const closed = this.server ? new Promise<void>((r) => this.server!.close(() => r())) : Promise.resolve();
    this.server?.closeIdleConnections();
    for (const wake of [...this.wakers]) wake();
    await Promise.all(this.loops);
    await closed;
    await this.verifier.close();
    await store.close();
    log.log("info", "stopped");
  }
}
