/**
 * A real solana-test-validator (Agave 4.2.0, installed by scripts/setup.sh) on loopback, for
 * everything that talks RPC. Programs load unchanged from target/deploy.
 */
import { ChildProcess, spawn } from "child_process";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { homedir, tmpdir } from "os";
import { join } from "path";
import { Connection, Keypair, PublicKey } from "@solana/web3.js";
import { DEPLOY_DIR } from "../cli/chain";

export interface UpgradeableProgram {
  programId: PublicKey;
  soName: string;
  upgradeAuthority: PublicKey;
}

export class LocalValidator {
  private constructor(
    private readonly child: ChildProcess,
    private readonly ledger: string,
    readonly url: string,
    readonly connection: Connection,
  ) {}

  /** Starts a fresh ledger with `programs` loaded upgradeable and `mint` funded. */
  static async start(opts: { programs: UpgradeableProgram[]; mint: PublicKey; rpcPort?: number }): Promise<LocalValidator> {
    const rpcPort = opts.rpcPort ?? 18899;
    const ledger = mkdtempSync(join(tmpdir(), "io-validator-"));
    const binary = process.env.SOLANA_TEST_VALIDATOR ?? join(homedir(), ".cargo", "bin", "solana-test-validator");
    const args = [
      "--ledger", ledger, "--reset", "--quiet",
      "--bind-address", "127.0.0.1",
      "--rpc-port", String(rpcPort),
      "--faucet-port", String(rpcPort + 1001),
      "--gossip-port", String(rpcPort + 1002),
      "--dynamic-port-range", `${rpcPort + 1010}-${rpcPort + 1100}`,
      "--mint", opts.mint.toBase58(),
    ];
    for (const p of opts.programs) {
      args.push("--upgradeable-program", p.programId.toBase58(), join(DEPLOY_DIR, `${p.soName}.so`), p.upgradeAuthority.toBase58());
    }
    const child = spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    const url = `http://127.0.0.1:${rpcPort}`;
    const connection = new Connection(url, "confirmed");
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`solana-test-validator exited (${child.exitCode}): ${stderr}`);
      try {
        if ((await connection.getSlot("confirmed")) > 0) break;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`solana-test-validator did not answer at ${url} within 60 s: ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    return new LocalValidator(child, ledger, url, connection);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once("exit", r));
      this.child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (this.child.exitCode === null) this.child.kill("SIGKILL");
    }
    rmSync(this.ledger, { recursive: true, force: true });
  }
}

/** Writes a keypair file as the Solana CLI does, for `--keypair`. */
export function writeKeypair(dir: string, name: string, kp: Keypair): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(Array.from(kp.secretKey)));
  return path;
}
