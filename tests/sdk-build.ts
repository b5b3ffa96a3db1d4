/** What the SDK package suites share: its folder, its peers, and its build (as scripts/setup.sh runs it). */
import { execFileSync } from "child_process";
import { join } from "path";
import { REPO_ROOT } from "../cli/chain";

export const SDK_DIR = join(REPO_ROOT, "sdk");
export const PEERS = ["@solana/web3.js", "@coral-xyz/anchor", "@solana/spl-token", "bn.js"];

/** Builds sdk/dist when its sources changed. */
export function buildSdk(): void {
  execFileSync(process.execPath, [join(SDK_DIR, "build.js")], { stdio: "pipe" });
}
