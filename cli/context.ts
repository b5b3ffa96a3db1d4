/** What every command gets: the chain (`--url`) and the signer (`--keypair`). */
import { homedir } from "os";
import { join } from "path";
import { Keypair } from "@solana/web3.js";
import { loadKeypair, RpcChain, TxResult } from "./chain";

export const DEFAULT_URL = "http://127.0.0.1:8899";

export interface Context {
  chain: RpcChain;
  /** Loaded on first use, so read-only commands need no keypair file. */
  signer(): Keypair;
  out: (line: string) => void;
}

export function context(flags: Map<string, string>, out: (line: string) => void): Context {
  const chain = new RpcChain(flags.get("url") ?? DEFAULT_URL);
  const keypairPath = flags.get("keypair") ?? join(homedir(), ".config", "solana", "id.json");
  let signer: Keypair | null = null;
  return {
    chain,
    signer: () => (signer ??= loadKeypair(keypairPath)),
    out,
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
