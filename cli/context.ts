/**
 * What every command gets: the chain and the signer. With `-u/--url` (a URL or a moniker:
 * mainnet-beta, devnet, testnet, localhost; cluster.ts) the chain is that RPC endpoint and the
 * signer `-k/--keypair` (default ~/.config/solana/id.json). Without it the chain
 * is the embedded one, kept between commands in `--state` (default .io/chain.bin) with the
 * signer `--keypair` (default .io/id.json, created and funded on first use); a new state is
 * bootstrapped (programs deployed, protocol initialised, io_staking initialised with emissions
 * going to its rewards vault, io_jobs initialised with a test USDC mint: see genesis.ts) and its
 * clock follows the wall clock; `--warp <hours>` moves it further ahead, for simulations.
 * On the embedded chain every successful transaction's events are also indexed in-process into
 * `--db` (default index.sqlite beside the state), which `io explorer` reads.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { dirname, join } from "path";
import { Keypair } from "@solana/web3.js";
import { LiteSVM } from "litesvm";
import { Chain, EmbeddedChain, loadKeypair, RpcChain, TxResult } from "./chain";
import { clusterUrl, defaultKeypairPath } from "./cluster";
import { bootstrapEmbedded } from "./genesis";
import { openDb } from "../services/indexer/db";
import { EmbeddedIndexer } from "../services/indexer/embedded-indexer";
import { IndexStore } from "../services/indexer/store";

export interface Context {
  chain: Chain;
  /** Loaded on first use, so read-only commands need no keypair file. */
  signer(): Keypair;
  out: (line: string) => void;
  /** The embedded chain's in-process index (null over RPC). */
  index: IndexStore | null;
  /** Persists the embedded chain and its index after a command. */
  close(): Promise<void>;
}

function keypairAt(path: string, create: boolean): Keypair {
  if (!existsSync(path) && create) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(Array.from(Keypair.generate().secretKey)));
  }
  return loadKeypair(path);
}

export async function context(flags: Map<string, string>, out: (line: string) => void): Promise<Context> {
  const given = flags.get("url");
  if (given) {
    const url = clusterUrl(given);
    const keypairPath = flags.get("keypair") ?? defaultKeypairPath();
    let signer: Keypair | null = null;
    return { chain: new RpcChain(url), signer: () => (signer ??= loadKeypair(keypairPath)), out, index: null, close: async () => {} };
  }
  const statePath = flags.get("state") ?? join(".io", "chain.bin");
  const signer = keypairAt(flags.get("keypair") ?? join(".io", "id.json"), true);
  const wallClock = BigInt(Math.floor(Date.now() / 1000));
  mkdirSync(dirname(statePath), { recursive: true });
  const store = new IndexStore(await openDb(flags.get("db") ?? join(dirname(statePath), "index.sqlite")));
  const indexer = new EmbeddedIndexer(store);
  let chain: EmbeddedChain;
  if (existsSync(statePath)) {
    chain = new EmbeddedChain(LiteSVM.fromBytes(readFileSync(statePath)));
    chain.onTransaction = (tx) => indexer.observe(tx);
    if (chain.now() < wallClock) chain.setUnixTime(wallClock);
  } else {
    out(`embedded chain: new state at ${statePath} (admin ${signer.publicKey.toBase58()})`);
    const fresh = new EmbeddedChain();
    fresh.onTransaction = (tx) => indexer.observe(tx);
    chain = await bootstrapEmbedded(signer, wallClock, undefined, fresh);
  }
  const warp = flags.get("warp");
  if (warp !== undefined) {
    if (!/^\d+$/.test(warp)) throw new Error("--warp <hours> takes a whole number of hours");
    chain.warp(Number(warp) * 3_600);
  }
  if (!chain.account(signer.publicKey)) chain.airdrop(signer.publicKey, 10);
  return {
    chain,
    signer: () => signer,
    out,
    index: store,
    close: async () => {
      writeFileSync(statePath, chain.svm.toBytes());
      await indexer.flush();
      await store.db.close();
    },
  };
}

/** A command's outcome printed for a person; a failed transaction names the program's error. */
export function report(ctx: Context, what: string, res: TxResult): number {
  if (res.ok) {
    ctx.out(`${what}: confirmed ${res.signature} (${res.computeUnits} CU)`);
    return 0;
  }
  const named = res.programError ? `${res.programError.name} (${res.programError.code}): ${res.programError.msg}` : res.error;
  ctx.out(`${what}: failed: ${named}`);
  return 1;
}
