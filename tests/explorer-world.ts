/**
 * The explorer's tests' world: the main job's scenes (scripts/main.ts) replayed on a fresh embedded
 * chain whose every successful transaction is indexed in-process into SQLite: a year of daily
 * cranks, IOSD minted for burned IO, USDC jobs, two staking epochs, a month of jobs whose fees
 * io_buyback sells for IO that is burned and partly re-minted, and a governance proposal voted on.
 */
import { Keypair } from "@solana/web3.js";
import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { EmbeddedChain } from "../cli/chain";
import { bootstrapEmbedded } from "../cli/genesis";
import { openDb } from "../services/indexer/db";
import { EmbeddedIndexer } from "../services/indexer/embedded-indexer";
import { IndexStore } from "../services/indexer/store";
import { buybackDemo, iosdDemo, jobsDemo, stakingDemo, supplyCurve } from "../scripts/main";

export interface ExplorerWorld {
  chain: EmbeddedChain;
  admin: Keypair;
  store: IndexStore;
  indexer: EmbeddedIndexer;
  dbPath: string;
}

/** Builds the world (about 600 transactions). */
export async function explorerWorld(): Promise<ExplorerWorld> {
  const dbPath = join(mkdtempSync(join(tmpdir(), "io-explorer-")), "index.sqlite");
  const store = new IndexStore(await openDb(dbPath));
  const indexer = new EmbeddedIndexer(store);
  const admin = Keypair.generate();
  const fresh = new EmbeddedChain();
  fresh.onTransaction = (tx) => indexer.observe(tx);
  const chain = await bootstrapEmbedded(admin, BigInt(Math.floor(Date.now() / 1000)), undefined, fresh);
  const quiet = () => {};
  await supplyCurve(chain, quiet);
  await iosdDemo(chain, admin, quiet);
  const cast = await jobsDemo(chain, admin, quiet);
  await stakingDemo(chain, admin, cast, quiet);
  await buybackDemo(chain, admin, cast, quiet);
  await indexer.flush();
  return { chain, admin, store, indexer, dbPath };
}
