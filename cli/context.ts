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
import type { Chain, EmbeddedChain, TxResult } from "./chain";
import { loadKeypair } from "./chain/keypair";
import { clusterUrl, defaultKeypairPath, redactUrl } from "./cluster";
import type { EmbeddedIndexer } from "../services/indexer/embedded-indexer";
import type { IndexStore } from "../services/indexer/store";
import { Output, Progress } from "./output";

export interface Context {
  chain: Chain;
  /** Loaded on first use, so read-only commands need no keypair file. */
  signer(): Keypair;
  out: (line: string) => void;
  /** The command's output (JSON fields, transactions, progress bars). */
  output: Output;
  /** A progress bar on a terminal (nothing in JSON or without a terminal). */
  progress(label: string, total: number): Progress;
  /** The embedded chain's in-process index (null over RPC). */
  index: IndexStore | null;
  /** Persists the embedded chain and its index after a command that sent a transaction. */
  close(): Promise<void>;
}

/** The keypair file at `path`; a path that does not exist is an error, never a fresh key. */
export function keypairFile(path: string, flag = "-k/--keypair"): Keypair {
  if (!existsSync(path)) throw new Error(`${flag}: no keypair file at ${path} (create one with solana-keygen new -o ${path})`);
  try {
    return loadKeypair(path);
  } catch (e) {
    throw new Error(`${flag}: ${path} is not a keypair file (a JSON array of 64 bytes): ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The embedded chain's state file (--state, default .io/chain.bin). */
export const statePathOf = (flags: Map<string, string>): string => flags.get("state") ?? join(".io", "chain.bin");

/**
 * The signer's keypair file as a command would choose it: -k/--keypair; with --url the Solana
 * config's keypair (defaultKeypairPath); on the embedded chain id.json beside the state.
 */
export function signerPathOf(flags: Map<string, string>): string {
  const explicit = flags.get("keypair");
  if (explicit !== undefined) return explicit;
  return flags.has("url") ? defaultKeypairPath(undefined, flags.get("config")) : join(dirname(statePathOf(flags)), "id.json");
}

/** The embedded chain's own wallet: created (and funded) on first use, beside the state. */
function embeddedWallet(path: string): Keypair {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(Array.from(Keypair.generate().secretKey)));
  }
  return loadKeypair(path);
}

/** The --with-compute-unit-price flag: micro-lamports per compute unit, or none. */
export function computeUnitPriceFlag(flags: Map<string, string>): number | undefined {
  const v = flags.get("with-compute-unit-price");
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new Error(`--with-compute-unit-price: micro-lamports per compute unit (a whole number): ${v}`);
  return Number(v);
}

/**
 * The chain and signer for a command. `readOnly` commands never write the embedded chain's
 * file; the others write it only when they sent a transaction (or made a new state).
 */
export async function context(flags: Map<string, string>, output: Output, opts: { readOnly?: boolean } = {}): Promise<Context> {
  const out = output.out;
  const progress = (label: string, total: number) => output.progress(label, total);
  const computeUnitPrice = computeUnitPriceFlag(flags);
  const given = flags.get("url");
  if (given) {
    const url = clusterUrl(given);
    const explicit = flags.get("keypair");
    const keypairPath = explicit ?? defaultKeypairPath(undefined, flags.get("config"));
    let signer: Keypair | null = null;
    const { RpcChain } = await import("./chain/rpc");
    const chain = new RpcChain(url, { computeUnitPrice });
    // An explicit -k is checked at once; the default only when a command signs.
    if (explicit !== undefined) signer = keypairFile(explicit);
    return {
      chain,
      signer: () => (signer ??= keypairFile(keypairPath, `the default keypair (${redactUrl(url)}; -k/--keypair to choose one)`)),
      out,
      output,
      progress,
      index: null,
      close: async () => {},
    };
  }
  const statePath = statePathOf(flags);
  const signer = flags.has("keypair") ? keypairFile(signerPathOf(flags)) : embeddedWallet(signerPathOf(flags));
  const wallClock = BigInt(Math.floor(Date.now() / 1000));
  mkdirSync(dirname(statePath), { recursive: true });
  // LiteSVM loads only for the embedded chain; the indexer (SQLite) only for a command that may
  // send a transaction (a read-only one has nothing to index); genesis only for a new state.
  const [{ EmbeddedChain }, { LiteSVM }] = await Promise.all([import("./chain/embedded"), import("litesvm")]);
  let store: IndexStore | null = null;
  let indexer: EmbeddedIndexer | null = null;
  const fresh = !existsSync(statePath);
  if (!opts.readOnly || fresh) {
    const [{ openDb }, { EmbeddedIndexer }, { IndexStore }] = await Promise.all([
      import("../services/indexer/db"),
      import("../services/indexer/embedded-indexer"),
      import("../services/indexer/store"),
    ]);
    store = new IndexStore(await openDb(flags.get("db") ?? join(dirname(statePath), "index.sqlite")));
    indexer = new EmbeddedIndexer(store);
  }
  let chain: EmbeddedChain;
  if (!fresh) {
    chain = new EmbeddedChain(LiteSVM.fromBytes(readFileSync(statePath)));
    if (chain.now() < wallClock) chain.setUnixTime(wallClock);
  } else {
    out(`embedded chain: new state at ${statePath} (admin ${signer.publicKey.toBase58()})`);
    const { bootstrapEmbedded } = await import("./genesis");
    const empty = new EmbeddedChain();
    empty.onTransaction = (tx) => indexer?.observe(tx);
    chain = await bootstrapEmbedded(signer, wallClock, undefined, empty);
  }
  chain.onTransaction = indexer ? (tx) => indexer?.observe(tx) : null;
  chain.computeUnitPrice = computeUnitPrice;
  const warp = flags.get("warp");
  if (warp !== undefined) {
    if (!/^\d+$/.test(warp)) throw new Error("--warp <hours> takes a whole number of hours");
    chain.warp(Number(warp) * 3_600);
  }
  if (!chain.account(signer.publicKey)) chain.airdrop(signer.publicKey, 10);
  const sentBefore = chain.sent;
  return {
    chain,
    signer: () => signer,
    out,
    output,
    progress,
    index: store,
    close: async () => {
      // A new state is kept (bootstrapping is its first write); an existing one is rewritten
      // only after a transaction, and never by a read-only command.
      if (fresh || (!opts.readOnly && chain.sent > sentBefore)) writeFileSync(statePath, chain.svm.toBytes());
      await indexer?.flush();
      await store?.db.close();
    },
  };
}

/** A command's outcome printed for a person; a failed transaction names the program's error (on stderr). */
export function report(ctx: Context, what: string, res: TxResult): number {
  if (res.ok) {
    ctx.output.transaction({ instruction: what, ok: true, signature: res.signature, computeUnits: res.computeUnits });
    ctx.out(`${what}: confirmed ${res.signature} (${res.computeUnits} CU)`);
    return 0;
  }
  const named = res.programError ? `${res.programError.name} (${res.programError.code}): ${res.programError.msg}` : res.error;
  ctx.output.transaction({ instruction: what, ok: false, computeUnits: res.computeUnits, error: res.error, programError: res.programError ?? undefined });
  ctx.output.err(`${what}: failed: ${named}`);
  return 1;
}
