/**
 * The oracle / cranker service.
 *
 *   npm run oracle -- --config oracle.json [--url http://127.0.0.1:8899] [--keypair oracle.json] [--port 8787]
 *
 * Without --url it runs against the embedded chain (LiteSVM) with the protocol bootstrapped in
 * this process and its key the only oracle (a demo and a smoke test). SIGTERM / SIGINT stop it
 * gracefully. See docs/oracle-service.md.
 */
import { Connection, Keypair } from "@solana/web3.js";
import { loadKeypair } from "../../cli/chain";
import { bootstrapEmbedded } from "../../cli/genesis";
import { loadConfig, OracleConfig, parseArgs } from "./config";
import { errorText, JsonLogger } from "./log";
import { JsonPriceSource, PriceSource, SimulatedPriceSource } from "./price-source";
import { EmbeddedSender, RpcSender } from "./sender";
import { RpcReader } from "./rpc-reader";
import { OracleService, ServiceParts } from "./service";
import { SqliteStore } from "./sqlite-store";

function priceSource(config: OracleConfig): PriceSource | null {
  if (!config.price) return null;
  if (config.price.kind === "simulated") return new SimulatedPriceSource(config.price.seed ?? 1);
  if (!config.price.location) throw new Error("price: a json source needs a location");
  return new JsonPriceSource(config.price.location);
}

async function parts(config: OracleConfig, log: JsonLogger): Promise<ServiceParts> {
  const oracle = config.keypair ? loadKeypair(config.keypair) : Keypair.generate();
  const store = new SqliteStore(config.store);
  const common = { config, store, oracle, log, priceSource: priceSource(config), crashAfterSubmit: process.env.IO_ORACLE_CRASH_AFTER_SUBMIT === "1" };
  if (config.url) {
    const connection = new Connection(config.url, "confirmed");
    return { ...common, chain: new RpcReader(connection), sender: new RpcSender(connection) };
  }
  const chain = await bootstrapEmbedded(oracle, BigInt(Math.floor(Date.now() / 1000)));
  return { ...common, chain, sender: new EmbeddedSender(chain) };
}

async function main(): Promise<void> {
  const config = loadConfig(parseArgs(process.argv.slice(2)));
  const log = new JsonLogger(config.logLevel);
  const service = new OracleService(await parts(config, log));
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
  process.stderr.write(`oracle: ${errorText(e)}\n`);
  process.exit(1);
});
