/**
 * `io index` and `io explorer` on the embedded chain: every command indexes its transactions
 * in-process beside the state, and `io explorer` (the real bin, a child process) serves the page
 * and the API over that index until SIGTERM.
 */
import { expect } from "chai";
import { spawn } from "child_process";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { REPO_ROOT } from "../cli/chain";
import { main as io } from "../cli/io";

describe("io index and io explorer (embedded chain)", function () {
  this.timeout(120_000);
  let dir: string;
  let state: string;

  async function run(argv: string[]): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    // No --keypair: the embedded chain's wallet, id.json beside the state, is made on first use
    // (a --keypair path that does not exist is an error, never a fresh key)
    const code = await io([...argv, "--state", state], (l) => lines.push(l));
    return { code, out: lines.join("\n") };
  }

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "io-explorer-cli-"));
    state = join(dir, "chain.bin");
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it("io index counts what the commands indexed; io explorer serves it and stops on SIGTERM", async () => {
    // Given a new embedded chain (bootstrapped by the first command) and a crank two hours later
    const crank = await run(["crank", "--warp", "2"]);
    expect(crank.code, crank.out).to.equal(0);
    // When io index runs; Then it reports the bootstrap's and the crank's transactions
    const indexed = await run(["index"]);
    expect(indexed.code, indexed.out).to.equal(0);
    const m = /indexed in-process: (\d+) transactions, (\d+) events/.exec(indexed.out);
    expect(m, indexed.out).to.not.equal(null);
    expect(Number(m![1])).to.be.greaterThan(5);

    // When io explorer runs on that state (the real bin)
    const child = spawn("node", [join(REPO_ROOT, "cli", "bin", "io.js"), "explorer", "--state", state, "--keypair", join(dir, "id.json"), "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    let url: string | null = null;
    while (!url) {
      url = /explorer: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1] ?? null;
      if (child.exitCode !== null) throw new Error(`io explorer exited: ${output}`);
      if (Date.now() > deadline) throw new Error(`io explorer printed no URL: ${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    try {
      // Then the API holds the supply identity: genesis 500M plus the crank's two hours, equal to the mint
      const supply = (await (await fetch(url + "api/supply")).json()) as { ok: boolean; totals: { genesis: string; emitted: string; computed: string }; chainSupply: string };
      expect(supply.ok).to.equal(true);
      expect(supply.totals.genesis).to.equal("50000000000000000");
      expect(BigInt(supply.totals.emitted) > 0n).to.equal(true);
      expect(supply.totals.computed).to.equal(supply.chainSupply);
      // And the page and the chart library are served (no CDN)
      expect((await fetch(url)).status).to.equal(200);
      expect((await fetch(url + "vendor/uPlot.iife.min.js")).status).to.equal(200);
    } finally {
      child.kill("SIGTERM");
    }
    // And it stops cleanly on SIGTERM
    expect(await exited, output).to.equal(0);
  });
});
