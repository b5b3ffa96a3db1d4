/**
 * Configuration: defaults, then a JSON file (-C/--config or IO_ORACLE_CONFIG), then IO_ORACLE_*
 * environment variables, then command-line flags; later wins. Every value is checked against
 * its key's rule whatever its origin (a JSON "false" string is not a boolean, 0 is not a batch
 * size); anything unknown (a flag, a file key, an IO_ORACLE_* variable) is an error. Errors are
 * ConfigError: main prints them with a pointer to --help and exits 2.
 *
 * Cluster and key follow the `solana` CLI: `-u/--url` takes a URL or a moniker (mainnet-beta,
 * devnet, testnet, localhost, or their first letter) and `-k/--keypair` defaults to the
 * Solana CLI config's keypair_path, then ~/.config/solana/id.json, when a cluster is given
 * (cli/cluster.ts, shared with the `io` command). Without a URL the service runs on the
 * embedded chain (a demo), where a fresh key is generated if none is given.
 */
import { readFileSync } from "fs";
import { parseFlags } from "../../cli/args";
import { clusterUrl, defaultKeypairPath } from "../../cli/cluster";

export interface PriceSourceConfig {
  /** "json": a file or http(s) URL (JsonPriceSource); "simulated": SimulatedPriceSource(seed). */
  kind: "json" | "simulated";
  location?: string;
  seed?: number;
}

export interface OracleConfig {
  /** RPC URL (a moniker resolved); absent: the embedded chain (LiteSVM) with the protocol bootstrapped in-process. */
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
  /** Most transactions the poster, and the settler, each have in flight at once (sent, awaiting their outcome). */
  batchesInFlight: number;
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
  /** Most node and most job accounts the intake caches. */
  cacheSize: number;
  /** How long an address that is not a node is remembered as such (ms). */
  negativeCacheMs: number;
  /** Worker threads verifying report signatures (0: on the event loop). */
  verifyThreads: number;
  maxConnections: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  nodeReportsPerSecond: number;
  nodeReportBurst: number;
  addressRefusalsPerSecond: number;
  addressRefusalBurst: number;
  /** Readiness fails below this fee-payer balance (SOL). */
  minBalanceSol: number;
  /** The longest an attested, unsettled job goes unread (ms): how soon a dispute or a new oracle set is noticed. */
  watchIntervalMs: number;
}

export const DEFAULT_CONFIG: OracleConfig = {
  url: null,
  keypair: null,
  store: "oracle.sqlite",
  host: "127.0.0.1",
  port: 8787,
  postIntervalMs: 1_000,
  maxBatch: 64,
  batchesInFlight: 4,
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
  cacheSize: 10_000,
  negativeCacheMs: 10_000,
  verifyThreads: 1,
  maxConnections: 512,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  nodeReportsPerSecond: 5,
  nodeReportBurst: 50,
  addressRefusalsPerSecond: 10,
  addressRefusalBurst: 100,
  minBalanceSol: 0.01,
  watchIntervalMs: 30_000,
};

/** A configuration the operator must fix: printed without a stack, exit status 2. */
export class ConfigError extends Error {}

type Key = keyof OracleConfig;
type Rule =
  | { type: "int"; min: number; max: number; /** also allowed below min */ off?: number }
  | { type: "decimal"; min: number; max: number }
  | { type: "string"; nullable?: boolean; oneOf?: readonly string[] }
  | { type: "bool" }
  | { type: "url" }
  | { type: "price" }
  | { type: "fee"; max: number };

/** The highest compute-unit price accepted (micro-lamports): 1,000 lamports per unit, about 1.4 SOL for a whole transaction's 1.4M units. */
const MAX_MICRO_LAMPORTS = 1_000_000_000;

/** Each key's rule and its line in --help. */
const RULES: Record<Key, Rule & { help: string }> = {
  url: { type: "url", help: "RPC URL or moniker: mainnet-beta, devnet, testnet, localhost (or m, d, t, l); absent: the embedded demo chain" },
  keypair: { type: "string", nullable: true, help: "the oracle's keypair file; signs and pays (default with a URL: the Solana CLI config's keypair_path, then ~/.config/solana/id.json)" },
  store: { type: "string", help: "SQLite file" },
  host: { type: "string", help: "HTTP listen address" },
  port: { type: "int", min: 0, max: 65_535, help: "HTTP port (0: any free port, logged)" },
  postIntervalMs: { type: "int", min: 100, max: 3_600_000, help: "poster and settler round interval (ms, 100..3,600,000)" },
  maxBatch: { type: "int", min: 1, max: 64, help: "most attestations per transaction (1..64; the packet binds at 19)" },
  batchesInFlight: { type: "int", min: 1, max: 32, help: "most attest (and most settle) transactions in flight at once, each confirmed or expired by block height (1..32)" },
  settle: { type: "bool", help: "settle the jobs this instance attested (true or false)" },
  price: { type: "price", help: "price source: simulated:<seed> or json:<file or URL>; absent: no prices" },
  priceIntervalSeconds: { type: "int", min: 1, max: 86_400, help: "price posting interval (s, 1..86,400)" },
  crankIntervalSeconds: { type: "int", min: 1, max: 86_400, off: 0, help: "emission crank interval (s, 1..86,400; 0 disables)" },
  clockSkewSeconds: { type: "int", min: 0, max: 3_600, help: "how far past the chain's clock a report may be (s, 0..3,600)" },
  cacheTtlMs: { type: "int", min: 0, max: 600_000, help: "node/job account cache lifetime (ms, 0..600,000)" },
  logLevel: { type: "string", oneOf: ["debug", "info", "warn", "error"], help: "debug, info, warn or error" },
  priorityFee: { type: "fee", max: MAX_MICRO_LAMPORTS, help: "compute-unit price: micro-lamports (0..1,000,000,000) or auto (recent fees' 75th percentile, capped by priorityFeeMax)" },
  priorityFeeMax: { type: "int", min: 0, max: MAX_MICRO_LAMPORTS, help: "the most micro-lamports per compute unit auto pays (0..1,000,000,000)" },
  priceMaxAgeSeconds: { type: "int", min: 1, max: 86_400, help: "oldest price quote posted, by its source's own time (s, 1..86,400)" },
  retentionDays: { type: "int", min: 1, max: 36_500, off: 0, help: "finished work is deleted after this many days (1..36,500; 0 keeps it)" },
  cacheSize: { type: "int", min: 1, max: 10_000_000, help: "most node and most job accounts cached" },
  negativeCacheMs: { type: "int", min: 0, max: 600_000, help: "how long an unknown node is remembered (ms)" },
  verifyThreads: { type: "int", min: 0, max: 64, help: "worker threads verifying report signatures (0..64; 0: on the event loop)" },
  maxConnections: { type: "int", min: 1, max: 100_000, help: "most open HTTP connections (more are dropped)" },
  headersTimeoutMs: { type: "int", min: 100, max: 600_000, help: "a client's time to send its request headers (ms)" },
  requestTimeoutMs: { type: "int", min: 100, max: 600_000, help: "a client's time to send its whole request (ms; at least headersTimeoutMs)" },
  nodeReportsPerSecond: { type: "decimal", min: 0.001, max: 1_000_000, help: "accepted reports per second per node (token bucket rate)" },
  nodeReportBurst: { type: "int", min: 1, max: 1_000_000, help: "the per-node bucket's size" },
  addressRefusalsPerSecond: { type: "decimal", min: 0.001, max: 1_000_000, help: "refused reports per second per client address" },
  addressRefusalBurst: { type: "int", min: 1, max: 1_000_000, help: "the per-address bucket's size" },
  minBalanceSol: { type: "decimal", min: 0, max: 1_000_000, help: "readiness fails below this fee-payer balance (SOL)" },
  watchIntervalMs: { type: "int", min: 100, max: 3_600_000, help: "the longest an attested, unsettled job goes unread: how soon a dispute or a new oracle set is noticed (ms, 100..3,600,000)" },
};

const KEYS = Object.keys(RULES) as Key[];
/** Environment variables that are not configuration keys. */
const OTHER_ENV = new Set(["IO_ORACLE_CONFIG", "IO_ORACLE_CRASH_AT"]);

/** "postIntervalMs" -> "IO_ORACLE_POST_INTERVAL_MS" and "post-interval-ms". */
export const envName = (k: string) => "IO_ORACLE_" + k.replace(/[A-Z]/g, (c) => "_" + c).toUpperCase();
export const flagName = (k: string) => k.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());

export const USAGE = [
  "usage: npm run oracle -- [-u <url or moniker>] [-k <keypair>] [-C <config.json>] [--<key> <value>]...",
  "",
  "  -u, --url <URL or moniker>   " + RULES.url.help,
  "  -k, --keypair <path>         " + RULES.keypair.help,
  "  -C, --config <file>          a JSON file of the keys below (camelCase)",
  "  -h, --help                   this text",
  "",
  "keys (flag, IO_ORACLE_* variable, JSON key), with their defaults:",
  ...KEYS.filter((k) => k !== "url" && k !== "keypair").map((k) => `  --${flagName(k).padEnd(28)} ${RULES[k].help} [${JSON.stringify(DEFAULT_CONFIG[k])}]`),
  "",
  "Order: defaults, the file, the environment, the flags (later wins). Exit status 2 on a bad configuration.",
].join("\n");

function describe(rule: Rule): string {
  switch (rule.type) {
    case "int":
      return `an integer from ${rule.min} to ${rule.max}${rule.off !== undefined ? ` (or ${rule.off})` : ""}`;
    case "decimal":
      return `a number from ${rule.min} to ${rule.max}`;
    case "bool":
      return "true or false";
    case "url":
      return "a URL or a moniker";
    case "price":
      return '"simulated:<seed>" or "json:<file or URL>" (or {"kind","seed"|"location"} in JSON)';
    case "fee":
      return `"auto" or micro-lamports per compute unit, an integer from 0 to ${rule.max}`;
    case "string":
      return rule.oneOf ? rule.oneOf.join(", ") : "a string";
  }
}

/** Parses a flag's or variable's text into the key's value (throws ConfigError). */
function fromText(k: Key, text: string, origin: string): unknown {
  const rule = RULES[k];
  const bad = () => new ConfigError(`${origin}: ${describe(rule)}, not ${JSON.stringify(text)}`);
  switch (rule.type) {
    case "int":
      if (!/^\d+$/.test(text)) throw bad();
      return Number(text);
    case "decimal":
      if (!/^\d+(\.\d+)?$/.test(text)) throw bad();
      return Number(text);
    case "bool":
      if (text !== "true" && text !== "false") throw bad();
      return text === "true";
    case "price": {
      const m = /^(simulated|json):(.+)$/.exec(text);
      if (!m) throw bad();
      if (m[1] === "json") return { kind: "json", location: m[2] };
      if (!/^\d+$/.test(m[2])) throw bad();
      return { kind: "simulated", seed: Number(m[2]) };
    }
    default:
      return text;
  }
}

/** Checks a value (from any origin) against the key's rule; returns it normalised. */
function checked(k: Key, v: unknown, origin: string): unknown {
  const rule = RULES[k];
  const bad = () => new ConfigError(`${origin}: ${describe(rule)}, not ${JSON.stringify(v)}`);
  if (v === null && (k === "url" || k === "price" || (rule.type === "string" && rule.nullable))) return null;
  switch (rule.type) {
    case "int":
      if (typeof v !== "number" || !Number.isInteger(v) || ((v < rule.min || v > rule.max) && v !== rule.off)) throw bad();
      return v;
    case "decimal":
      if (typeof v !== "number" || !Number.isFinite(v) || v < rule.min || v > rule.max) throw bad();
      return v;
    case "bool":
      if (typeof v !== "boolean") throw bad();
      return v;
    case "url":
      if (typeof v !== "string") throw bad();
      try {
        return clusterUrl(v);
      } catch (e) {
        throw new ConfigError(`${origin}: ${(e as Error).message.replace(/^--url: /, "")}`);
      }
    case "price": {
      if (typeof v === "string") return fromText(k, v, origin);
      if (typeof v !== "object" || v === null) throw bad();
      const p = v as Record<string, unknown>;
      const extra = Object.keys(p).filter((x) => !["kind", "location", "seed"].includes(x));
      if (extra.length > 0) throw bad();
      if (p.kind === "json" && typeof p.location === "string" && p.location !== "" && p.seed === undefined) return { kind: "json", location: p.location };
      if (p.kind === "simulated" && p.location === undefined && (p.seed === undefined || (typeof p.seed === "number" && Number.isInteger(p.seed) && p.seed >= 0))) {
        return { kind: "simulated", seed: p.seed ?? 1 };
      }
      throw bad();
    }
    case "fee": {
      // "auto" or digits (a JSON number is taken too), kept as text: "0", "5000", "auto"
      const text = typeof v === "number" ? String(v) : v;
      if (text === "auto") return text;
      if (typeof text !== "string" || !/^\d+$/.test(text) || Number(text) > rule.max) throw bad();
      return String(Number(text));
    }
    case "string":
      if (typeof v !== "string" || v === "" || (rule.oneOf && !rule.oneOf.includes(v))) throw bad();
      return v;
  }
}

/** The closest known name within two edits, for "did you mean". */
function suggest(name: string, known: string[]): string | null {
  const distance = (a: string, b: string): number => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0][j] = j;
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
    return d[a.length][b.length];
  };
  let best: [string, number] | null = null;
  for (const k of known) {
    const dist = distance(name, k);
    if (dist <= 2 && (!best || dist < best[1])) best = [k, dist];
  }
  return best ? best[0] : null;
}

export interface CommandLine {
  help: boolean;
  /** Flags by long name (short ones mapped: -u url, -k keypair, -C config, -h help). */
  flags: Map<string, string>;
}

/** The command line: known flags only, no positional arguments (ConfigError otherwise). */
export function parseCommandLine(argv: string[]): CommandLine {
  const { positional, flags } = parseFlags(argv);
  if (positional.length > 0) throw new ConfigError(`unexpected argument ${JSON.stringify(positional[0])} (flags are --name value)`);
  const known = [...KEYS.map(flagName), "config", "help"];
  for (const name of flags.keys()) {
    if (!known.includes(name)) {
      const near = suggest(name, known);
      throw new ConfigError(`unknown flag --${name}${near ? ` (did you mean --${near}?)` : ""}`);
    }
  }
  const help = flags.has("help");
  if (help && flags.get("help") !== "true") throw new ConfigError(`--help takes no value`);
  return { help, flags };
}

/** `--name value` pairs (kept for callers of the old parser): parseCommandLine's flags. */
export function parseArgs(argv: string[]): Map<string, string> {
  return parseCommandLine(argv).flags;
}

/**
 * Reads the file named by `--config` (or IO_ORACLE_CONFIG), then the environment, then flags,
 * and checks every value. With a URL and no keypair, the keypair is the solana CLI's default.
 */
export function loadConfig(flags: Map<string, string>, env: NodeJS.ProcessEnv = process.env, home?: string): OracleConfig {
  const config: Record<string, unknown> = { ...DEFAULT_CONFIG };
  const file = flags.get("config") ?? env.IO_ORACLE_CONFIG;
  if (file !== undefined) {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(file, "utf8"));
    } catch (e) {
      throw new ConfigError(`config file ${file}: ${(e as Error).message}`);
    }
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new ConfigError(`config file ${file}: a JSON object of keys`);
    for (const [k, v] of Object.entries(doc)) {
      if (!(k in RULES)) {
        const near = suggest(k, KEYS);
        throw new ConfigError(`config file ${file}: unknown key ${k}${near ? ` (did you mean ${near}?)` : ""}`);
      }
      config[k] = checked(k as Key, v, `config file ${file}: ${k}`);
    }
  }
  const envNames = new Map(KEYS.map((k) => [envName(k), k]));
  for (const [name, text] of Object.entries(env)) {
    if (!name.startsWith("IO_ORACLE_") || OTHER_ENV.has(name) || text === undefined) continue;
    const k = envNames.get(name);
    if (!k) {
      const near = suggest(name, [...envNames.keys()]);
      throw new ConfigError(`unknown environment variable ${name}${near ? ` (did you mean ${near}?)` : ""}`);
    }
    config[k] = checked(k, RULES[k].type === "string" || RULES[k].type === "url" ? text : fromText(k, text, `environment ${name}`), `environment ${name}`);
  }
  for (const k of KEYS) {
    const text = flags.get(flagName(k));
    if (text === undefined) continue;
    const origin = `--${flagName(k)}`;
    if (text === "true" && RULES[k].type !== "bool") throw new ConfigError(`${origin} needs a value: ${describe(RULES[k])}`);
    config[k] = checked(k, RULES[k].type === "string" || RULES[k].type === "url" ? text : fromText(k, text, origin), origin);
  }
  const out = config as unknown as OracleConfig;
  if (out.requestTimeoutMs < out.headersTimeoutMs) throw new ConfigError(`requestTimeoutMs (${out.requestTimeoutMs}) must be at least headersTimeoutMs (${out.headersTimeoutMs})`);
  if (out.url !== null && out.keypair === null) out.keypair = defaultKeypairPath(home);
  return out;
}
