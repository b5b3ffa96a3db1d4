/**
 * The oracle / cranker service.
 *
 *   npm run oracle -- -u <url or moniker> [-k <keypair>] [-C oracle.json] [--port 8787] ...
 *   npm run oracle -- --help
 *
 * `-u/--url` and `-k/--keypair` follow the solana CLI (monikers; the keypair defaults to the
 * Solana CLI config's keypair_path, then ~/.config/solana/id.json). Without a URL it runs against the embedded chain (LiteSVM) with the
 * protocol bootstrapped in this process and its key the only oracle (a demo and a smoke test).
 * A bad configuration exits 2 with the reason; SIGTERM / SIGINT stop it gracefully. See
 * docs/oracle-service.md.
 */
import { existsSync } from "fs";
import type { Keypair } from "@solana/web3.js";
import { scrub, urlSecrets } from "../../cli/cluster";
import { ConfigError, loadConfig, OracleConfig, parseCommandLine, USAGE } from "./config";
import { CrashPoint, CrashSpec, parseCrashAt } from "./faults";
import { errorText, JsonLogger } from "./log";
import type { PriceSource } from "./price-source";
import type { ServiceParts } from "./service";

// The chain, store and service modules are loaded once the configuration is good, so --help and
// a configuration error answer at once.

/** What must never be printed: the RPC URL's and a price URL's secret parts. */
let secrets: string[] = [];
const redact = (text: string) => scrub(text, secrets);

async function priceSource(config: OracleConfig): Promise<PriceSource | null> {
  if (!config.price) return null;
  const { JsonPriceSource, SimulatedPriceSource } = await import("./price-source");
  if (config.price.kind === "simulated") return new SimulatedPriceSource(config.price.seed ?? 1);
  if (!config.price.location) throw new ConfigError("price: a json source needs a location");
  return new JsonPriceSource(config.price.location);
}

async function oracleKey(config: OracleConfig, log: JsonLogger): Promise<Keypair> {
  const { Keypair } = await import("@solana/web3.js");
  const { loadKeypair } = await import("../../cli/chain");
  if (config.keypair === null) {
    // Only on the embedded chain (with a URL the keypair defaults to the solana CLI's).
    const key = Keypair.generate();
    log.log("warn", "no keypair given: a fresh key for the embedded chain", { oracle: key.publicKey.toBase58() });
    return key;
  }
  if (!existsSync(config.keypair)) throw new ConfigError(`keypair ${config.keypair}: no such file (give -k/--keypair <path>; with a URL the default is the Solana config's keypair_path, then ~/.config/solana/id.json)`);
  try {
    return loadKeypair(config.keypair);
  } catch (e) {
    throw new ConfigError(`keypair ${config.keypair}: not a keypair file (a JSON array of 64 bytes): ${errorText(e)}`);
  }
}

/** Test-only: IO_ORACLE_CRASH_AT (faults.ts), read once; a bad value is a configuration error. */
function crashPoint(log: JsonLogger): CrashPoint | null {
  let spec: CrashSpec | null;
  try {
    spec = parseCrashAt(process.env.IO_ORACLE_CRASH_AT);
  } catch (e) {
    throw new ConfigError(errorText(e));
  }
  if (!spec) return null;
  log.log("warn", "TEST-ONLY crash point armed (IO_ORACLE_CRASH_AT): this process will SIGKILL itself", { point: process.env.IO_ORACLE_CRASH_AT });
  return new CrashPoint(spec);
}

async function parts(config: OracleConfig, log: JsonLogger, crashAt: CrashPoint | null): Promise<ServiceParts> {
  const oracle = await oracleKey(config, log);
  const source = await priceSource(config);
  const { Connection } = await import("@solana/web3.js");
  const { bootstrapEmbedded } = await import("../../cli/genesis");
  const { EmbeddedSender, RpcSender } = await import("./sender");
  const { RpcReader } = await import("./rpc-reader");
  const { SqliteStore } = await import("./sqlite-store");
  const store = new SqliteStore(config.store);
  const common = { config, store, oracle, log, priceSource: source, redact, crashAt };
  if (config.url) {
    // One connection for reads (RpcReader: minContextSlot, genesis hash) and sends.
    const connection = new Connection(config.url, "confirmed");
    return { ...common, chain: new RpcReader(connection), sender: new RpcSender(connection) };
  }
  log.log("warn", "no --url: running on the embedded chain (a demo; nothing reaches a cluster)");
  const chain = await bootstrapEmbedded(oracle, BigInt(Math.floor(Date.now() / 1000)));
  return { ...common, chain, sender: new EmbeddedSender(chain) };
}

async function main(): Promise<void> {
  const cmd = parseCommandLine(process.argv.slice(2));
  if (cmd.help) {
    process.stdout.write(USAGE + "\n");
    return;
  }
  const config = loadConfig(cmd.flags);
  secrets = [...(config.url ? urlSecrets(config.url) : []), ...(config.price?.location && /^https?:/.test(config.price.location) ? urlSecrets(config.price.location) : [])];
  const log = new JsonLogger(config.logLevel, undefined, {}, redact);
  const { OracleService } = await import("./service");
  const crashAt = crashPoint(log);
  const service = new OracleService(await parts(config, log, crashAt));
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.log("info", "signal", { signal });
    service.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        log.log("error", "shutdown failed", { error: errorText(e) });
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
  await service.start();
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) {
    process.stderr.write(`oracle: ${redact(e.message)}\n(npm run oracle -- --help lists the flags)\n`);
    process.exit(2);
  }
  process.stderr.write(`oracle: ${redact(errorText(e))}\n`);
  process.exit(1);
});
