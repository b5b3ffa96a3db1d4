/**
 * The explorer's bench: the in-process indexer's throughput (events per second decoded with
 * Anchor's EventParser and stored, into SQLite and, where Debian's postgresql is installed, into
 * a PostgreSQL server started in a temp dir), and the page's time to first render with 20 years
 * of hourly points (175,200 crank events) in headless chromium. Writes bench/explorer.json.
 * `--quick`: 2,000 transactions and 1 year of hours. `--page`: only the page, its figures replacing
 * those in bench/explorer.json (with their own load average).
 */
import { Keypair } from "@solana/web3.js";
import { randomBytes } from "crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { loadavg, tmpdir } from "os";
import { join } from "path";
import { utils } from "@coral-xyz/anchor";
import { chromium } from "playwright-core";
import { crankInstruction, emissionKey, decodeEmissionState } from "../sdk/src";
import { EmbeddedChain } from "../cli/chain";
import { bootstrapEmbedded } from "../cli/genesis";
import { openDb } from "../services/indexer/db";
import { EmbeddedIndexer } from "../services/indexer/embedded-indexer";
import { IndexStore } from "../services/indexer/store";
import { ExplorerServer } from "../services/explorer/server";
import { CHROMIUM, CHROMIUM_FLAGS } from "../tests/chromium";
import { LocalPostgres, postgresBin } from "../tests/postgres";

const quick = process.argv.includes("--quick");
const pageOnly = process.argv.includes("--page");
const TXS = quick ? 2_000 : 20_000;
const HOURS = quick ? 8_760 : 175_200;

/** Decodes and stores `TXS` transactions carrying a real crank's logs (one event each); events per second. */
async function indexerThroughput(store: IndexStore, logs: string[]): Promise<{ events: number; seconds: number; perSecond: number }> {
  const indexer = new EmbeddedIndexer(store);
  const started = process.hrtime.bigint();
  for (let i = 0; i < TXS; i++) {
    indexer.observe({ signature: utils.bytes.bs58.encode(randomBytes(64)), logs, slot: 1_000 + Math.floor(i / 4), unixTime: 1_800_000_000 + i });
    if (i % 1_000 === 999) await indexer.flush(); // keep the queue short, as a live chain does
  }
  await indexer.flush();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const events = (await store.counts()).events;
  return { events, seconds: Number(seconds.toFixed(3)), perSecond: Math.round(events / seconds) };
}

/** HOURS hourly crank events (one per hour from `start`), written straight into the store's tables. */
async function hourlyHistory(store: IndexStore, start: number): Promise<void> {
  const per = 10_000n * 100_000_000n;
  await store.db.transaction(async (db) => {
    for (let h = 1; h <= HOURS; h++) {
      const signature = utils.bytes.bs58.encode(randomBytes(64));
      const data = JSON.stringify({ hour: String(h), amount: per.toString(), reminted: "0", totalMinted: (per * BigInt(h)).toString() });
      await db.run("INSERT INTO transactions (signature, slot, tx_index, block_time) VALUES (?, ?, ?, ?)", [signature, h * 9_000, 0, start + h * 3_600]);
      await db.run("INSERT INTO events (signature, program, event_index, name, slot, tx_index, block_time, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [signature, "io_token", 0, "emissionsMinted", h * 9_000, 0, start + h * 3_600, data]);
    }
  });
}

async function main(): Promise<void> {
  const admin = Keypair.generate();
  const chain: EmbeddedChain = await bootstrapEmbedded(admin, BigInt(Math.floor(Date.now() / 1000)));
  chain.warp(7_200);
  const crank = chain.send([crankInstruction({ rewardsVault: decodeEmissionState(chain.account(emissionKey()[0])!).rewardsVault })], [admin]);
  if (!crank.ok) throw new Error(`crank: ${crank.error}`);
  const dir = mkdtempSync(join(tmpdir(), "io-bench-explorer-"));
  const result: Record<string, unknown> = { quick, transactions: TXS, hours: HOURS, loadAverage: loadavg().map((l) => Number(l.toFixed(2))) };
  try {
    if (!pageOnly) await indexers(dir, crank.logs, result);
    await pageBench(dir, chain, result);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const out = join(__dirname, "explorer.json");
  if (pageOnly && existsSync(out)) {
    const page = { pageLoadAverage: result.loadAverage, supplyApiMs: result.supplyApiMs, supplyApiBytes: result.supplyApiBytes, firstRenderMs: result.firstRenderMs, chartDrawn: result.chartDrawn };
    if (!quick) writeFileSync(out, JSON.stringify({ ...(JSON.parse(readFileSync(out, "utf8")) as Record<string, unknown>), ...page }, null, 2) + "\n");
  } else if (!quick) writeFileSync(out, JSON.stringify(result, null, 2) + "\n");
  console.log(JSON.stringify(result));
}

async function indexers(dir: string, logs: string[], result: Record<string, unknown>): Promise<void> {
  {
    const sqlite = new IndexStore(await openDb(join(dir, "index.sqlite")));
    result.sqlite = await indexerThroughput(sqlite, logs);
    await sqlite.db.close();
    console.log(`indexer into SQLite: ${JSON.stringify(result.sqlite)}`);
    let havePg = false;
    try {
      postgresBin();
      havePg = true;
    } catch {
      result.postgres = "not installed (scripts/setup.sh --with-postgres)";
    }
    if (havePg) {
      const pg = await LocalPostgres.start();
      try {
        const store = new IndexStore(await openDb(pg.url));
        result.postgres = await indexerThroughput(store, logs);
        await store.db.close();
      } finally {
        await pg.stop();
      }
      console.log(`indexer into PostgreSQL: ${JSON.stringify(result.postgres)}`);
    }
  }
}

async function pageBench(dir: string, chain: EmbeddedChain, result: Record<string, unknown>): Promise<void> {
  {

    // The page with HOURS hourly points
    const history = new IndexStore(await openDb(join(dir, "history.sqlite")));
    await hourlyHistory(history, Number(chain.now()));
    const server = new ExplorerServer({ store: history, chain });
    const base = `http://127.0.0.1:${await server.start()}`;
    const api = Date.now();
    const supply = await fetch(base + "/api/panels/supply");
    const apiBytes = (await supply.text()).length;
    result.supplyApiMs = Date.now() - api;
    result.supplyApiBytes = apiBytes;
    if (existsSync(CHROMIUM)) {
      const profile = mkdtempSync(join(tmpdir(), "io-bench-chromium-"));
      const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, viewport: { width: 1280, height: 900 } });
      try {
        const page = await context.newPage();
        const started = Date.now();
        await page.goto(base + "/");
        await page.waitForSelector("body[data-ready]", { timeout: 300_000 });
        result.firstRenderMs = Date.now() - started;
        result.chartDrawn = ((await page.evaluate("document.querySelectorAll('[data-series=\"supply\"] canvas').length")) as number) > 0;
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    } else result.firstRenderMs = "chromium not installed (scripts/setup.sh --with-browser)";
    await server.stop();
    await history.db.close();
    console.log(`page with ${HOURS} hourly points: supply API ${result.supplyApiMs} ms (${apiBytes} bytes), first render ${result.firstRenderMs} ms`);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  },
);
