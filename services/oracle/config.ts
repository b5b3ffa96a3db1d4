/**
 * Configuration: defaults, then a JSON file (--config), then IO_ORACLE_* environment variables,
 * then command-line flags; later wins.
 */
import { readFileSync } from "fs";

export interface PriceSourceConfig {
  /** "json": a file or http(s) URL (JsonPriceSource); "simulated": SimulatedPriceSource(seed). */
  kind: "json" | "simulated";
  location?: string;
  seed?: number;
}

export interface OracleConfig {
  /** RPC URL; absent: the embedded chain (LiteSVM) with the protocol bootstrapped in-process. */
  url: string | null;
  /** The oracle's keypair file (Solana CLI format); it signs and pays. */
  keypair: string | null;
  /** SQLite file (":memory:" for a throwaway store). */
  store: string;
  host: string;
  port: number;
  /** How often the poster and settler run (ms). */
  postIntervalMs: number;
  /** Most attestations per transaction (the 1,232-byte packet usually binds first). */
  maxBatch: number;
  settle: boolean;
  /** null: no price posting. */
  price: PriceSourceConfig | null;
  priceIntervalSeconds: number;
  /** 0 disables cranking. */
  crankIntervalSeconds: number;
  clockSkewSeconds: number;
  cacheTtlMs: number;
  logLevel: "debug" | "info" | "warn" | "error";
  /** The compute-unit price in micro-lamports ("0", "5000"), or "auto": the 75th percentile of recent fees on the same accounts, capped by priorityFeeMax. */
  priorityFee: string;
  /** The most micro-lamports per compute unit "auto" pays. */
  priorityFeeMax: number;
  /** The oldest a price quote may be (its source's own time, seconds) to be posted. */
  priceMaxAgeSeconds: number;
  /** Finished jobs, their reports, refused reports and finished batches are deleted after this many days (0: kept). */
  retentionDays: number;
}

export const DEFAULT_CONFIG: OracleConfig = {
  url: null,
  keypair: null,
  store: "oracle.sqlite",
  host: "127.0.0.1",
  port: 8787,
  postIntervalMs: 1_000,
  maxBatch: 64,
  settle: true,
  price: null,
  priceIntervalSeconds: 60,
  crankIntervalSeconds: 3_600,
  clockSkewSeconds: 120,
  cacheTtlMs: 5_000,
  logLevel: "info",
  priorityFee: "auto",
  priorityFeeMax: 1_000_000,
  priceMaxAgeSeconds: 120,
  retentionDays: 30,
};

type Key = keyof OracleConfig;
const NUMBERS: Key[] = ["port", "postIntervalMs", "maxBatch", "priceIntervalSeconds", "crankIntervalSeconds", "clockSkewSeconds", "cacheTtlMs", "priorityFeeMax", "priceMaxAgeSeconds", "retentionDays"];
const STRINGS: Key[] = ["url", "keypair", "store", "host", "logLevel", "priorityFee"];

/** "postIntervalMs" -> "IO_ORACLE_POST_INTERVAL_MS" and "post-interval-ms". */
const envName = (k: string) => "IO_ORACLE_" + k.replace(/[A-Z]/g, (c) => "_" + c).toUpperCase();
const flagName = (k: string) => k.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());

function apply(config: OracleConfig, raw: Record<string, string | undefined>, origin: string): void {
  const target = config as unknown as Record<string, unknown>;
  for (const k of [...NUMBERS, ...STRINGS, "settle" as Key, "price" as Key]) {
    const v = raw[k];
    if (v === undefined) continue;
    if (NUMBERS.includes(k)) {
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0) throw new Error(`${origin} ${k}: not a non-negative number: ${v}`);
      target[k] = n;
    } else if (k === "settle") {
      if (v !== "true" && v !== "false") throw new Error(`${origin} settle: true or false, not ${v}`);
      config.settle = v === "true";
    } else if (k === "price") {
      // "simulated:<seed>" or "json:<location>"
      const m = /^(simulated|json):(.+)$/.exec(v);
      if (!m) throw new Error(`${origin} price: "simulated:<seed>" or "json:<file or URL>", not ${v}`);
      config.price = m[1] === "simulated" ? { kind: "simulated", seed: Number(m[2]) } : { kind: "json", location: m[2] };
    } else {
      target[k] = v;
    }
  }
}

/** Reads the file named by `--config` (or IO_ORACLE_CONFIG), then the environment, then flags. */
export function loadConfig(flags: Map<string, string>, env: NodeJS.ProcessEnv = process.env): OracleConfig {
  const config: OracleConfig = { ...DEFAULT_CONFIG };
  const file = flags.get("config") ?? env.IO_ORACLE_CONFIG;
  if (file) {
    const doc = JSON.parse(readFileSync(file, "utf8")) as Partial<OracleConfig>;
    for (const k of Object.keys(doc)) {
      if (!(k in DEFAULT_CONFIG)) throw new Error(`${file}: unknown key ${k}`);
    }
    Object.assign(config, doc);
  }
  const keys = Object.keys(DEFAULT_CONFIG);
  apply(config, Object.fromEntries(keys.map((k) => [k, env[envName(k)]])), "environment");
  apply(config, Object.fromEntries(keys.map((k) => [k, flags.get(flagName(k))])), "flag");
  return config;
}

/** `--name value` and `--name=value` pairs. */
export function parseArgs(argv: string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`unexpected argument ${argv[i]}`);
    if (m[2] !== undefined) flags.set(m[1], m[2]);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) flags.set(m[1], argv[++i]);
    else flags.set(m[1], "true");
  }
  return flags;
}
