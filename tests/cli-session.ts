/**
 * The CLI suites' session: one fresh embedded chain per mocha suite, saved in a temporary folder,
 * `run` calling the real `io` entry point with `--state`, and the registered node the governance
 * suites start from.
 */
import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { Keypair, PublicKey } from "@solana/web3.js";
import { LiteSVM } from "litesvm";
import { EmbeddedChain } from "../cli/chain";
import { main as io } from "../cli/io";
import { writeKeypair } from "./validator";

export interface CliSession {
  /** The suite's folder and saved chain (set before its first test). */
  dir: string;
  state: string;
  run(...argv: string[]): Promise<{ code: number; out: string }>;
  /** A new keypair file `name` in the folder; returns its path. */
  keypair(name: string): string;
  /** The saved chain, loaded. */
  chain(): EmbeddedChain;
}

/** Registers the suite's hooks: a temporary folder (`prefix`) made before and removed after. */
export function cliSession(prefix: string): CliSession {
  const s: CliSession = {
    dir: "",
    state: "",
    async run(...argv: string[]) {
      const lines: string[] = [];
      const code = await io([...argv, "--state", s.state], (l) => lines.push(l));
      return { code, out: lines.join("\n") };
    },
    keypair: (name) => writeKeypair(s.dir, name, Keypair.generate()),
    chain: () => new EmbeddedChain(LiteSVM.fromBytes(readFileSync(s.state))),
  };
  before(() => {
    s.dir = mkdtempSync(join(tmpdir(), prefix));
    s.state = join(s.dir, "chain.bin");
  });
  after(() => rmSync(s.dir, { recursive: true, force: true }));
  return s;
}

/** The public key of the keypair file at `path`. */
export const publicKeyOf = (path: string): PublicKey =>
  Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(path, "utf8")))).publicKey;

/**
 * The admin releases `amount` IO (bucket 4) to the owner at `ownerPath`, who registers a node
 * (`device`, $2/h, 80% USD share) and its staking participant (2% share); returns the node.
 */
export async function registeredNode(cli: CliSession, admin: string, ownerPath: string, device: string, amount: string): Promise<string> {
  const released = await cli.run("release", "--keypair", admin, "--bucket", "4", "--amount", amount, "--to", publicKeyOf(ownerPath).toBase58());
  expect(released.code, released.out).to.equal(0);
  const node = /^node (\w+)/m.exec((await cli.run("register-node", "--keypair", ownerPath, "--device", device, "--price", "2", "--usd-share-bps", "8000")).out)![1];
  expect((await cli.run("register-participant", "--keypair", ownerPath, "--node", node, "--share-bps", "200")).code).to.equal(0);
  return node;
}
