/**
 * Over RPC against a real solana-test-validator: migrations/deploy.ts and the `io` CLI with
 * --url, so the code that talks to clusters is proven against real confirmation and RPC limits.
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { Keypair, LAMPORTS_PER_SOL, SystemProgram } from "@solana/web3.js";
import { fetchTokenConfig, IO_ORACLE_PROGRAM_ID, IO_TOKEN_PROGRAM_ID } from "../sdk/src";
import { RpcChain, REPO_ROOT } from "../cli/chain";
import { main as io } from "../cli/io";
import { deploy } from "../migrations/deploy";
import { LocalValidator, writeKeypair } from "./validator";

describe("over RPC (solana-test-validator)", function () {
  this.timeout(120_000);
  const authority = Keypair.generate();
  const successor = Keypair.generate();
  let validator: LocalValidator;
  let dir: string;
  let authorityPath: string;
  let successorPath: string;

  async function run(argv: string[]): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    const code = await io([...argv, "--url", validator.url], (l) => lines.push(l));
    return { code, out: lines.join("\n") };
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "io-rpc-"));
    authorityPath = writeKeypair(dir, "authority", authority);
    successorPath = writeKeypair(dir, "successor", successor);
    validator = await LocalValidator.start({
      programs: [
        { programId: IO_TOKEN_PROGRAM_ID, soName: "io_token", upgradeAuthority: authority.publicKey },
        { programId: IO_ORACLE_PROGRAM_ID, soName: "io_oracle", upgradeAuthority: authority.publicKey },
      ],
      mint: authority.publicKey,
    });
    const chain = new RpcChain(validator.url);
    const funded = await chain.sendTransaction(
      [SystemProgram.transfer({ fromPubkey: authority.publicKey, toPubkey: successor.publicKey, lamports: LAMPORTS_PER_SOL })],
      [authority],
    );
    expect(funded.ok).to.equal(true);
  });

  after(async () => {
    await validator?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("migrations/deploy.ts initialises once and reads the genesis back", async () => {
    // Given io_token deployed upgradeable with `authority`; When deploy.ts runs with --url
    const lines: string[] = [];
    await deploy({ url: validator.url, keypair: authorityPath }, (l) => lines.push(l));
    // Then it initialised and printed the five vaults summing to 500M IO
    const out = lines.join("\n");
    expect(out).to.contain("initialize: done");
    expect(out).to.contain("emissions: to");
    expect(out).to.contain("io_oracle: 1 oracle(s), quorum 1; IOSD ready");
    expect(out).to.match(/Total\s+500,000,000\.00000000 IO/);
    expect(out).to.match(/name\s+IO/);
    // When it runs again; Then nothing is sent
    const again: string[] = [];
    await deploy({ url: validator.url, keypair: authorityPath }, (l) => again.push(l));
    expect(again.join("\n")).to.contain("already initialised");
  });

  it("io genesis reads the distribution (the real bin)", () => {
    const out = execFileSync("node", [join(REPO_ROOT, "cli", "bin", "io.js"), "genesis", "--url", validator.url], {
      encoding: "utf8",
    });
    expect(out).to.match(/Community\s+250,000,000\.00000000 IO/);
    expect(out).to.match(/Total\s+500,000,000\.00000000 IO/);
  });

  it("io status and io crank work over --url (emissions started by deploy.ts)", async () => {
    const status = await run(["status"]);
    expect(status.code, status.out).to.equal(0);
    expect(status.out).to.match(/current hour\s+0/);
    // The validator's clock is real time: within the first hour there is nothing to mint.
    const crank = await run(["crank", "--keypair", authorityPath]);
    expect(crank.out).to.contain("NothingToMint");
  });

  it("io submit-price and io price over --url, with the validator's real clock", async () => {
    const submitted = await run(["submit-price", "--price", "2.25", "--confidence", "0.01", "--keypair", authorityPath]);
    expect(submitted.code, submitted.out).to.equal(0);
    const price = await run(["price"]);
    expect(price.out).to.contain("IO/USD        $2.25000000");
    expect(price.out).to.contain("healthy       yes");
  });

  it("io propose-admin and accept-admin hand the admin over", async () => {
    const proposed = await run(["propose-admin", "--new-admin", successor.publicKey.toBase58(), "--keypair", authorityPath]);
    expect(proposed.code, proposed.out).to.equal(0);
    const accepted = await run(["accept-admin", "--keypair", successorPath]);
    expect(accepted.code, accepted.out).to.equal(0);
    const config = await fetchTokenConfig(validator.connection);
    expect(config?.admin.equals(successor.publicKey)).to.equal(true);
  });

  it("a refused command names the program's error and exits non-zero", async () => {
    // Given the admin handed over; When the old admin proposes; Then Unauthorized
    const res = await run(["propose-admin", "--new-admin", authority.publicKey.toBase58(), "--keypair", authorityPath]);
    expect(res.code).to.equal(1);
    expect(res.out).to.contain("Unauthorized (6008)");
  });
});
