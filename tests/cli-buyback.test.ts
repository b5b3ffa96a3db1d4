/**
 * io_buyback's commands on the embedded chain, as a user runs them: buyback-status, start-lot,
 * buy, set-guardian, pause-buyback, unpause-buyback, set-buyback-params and spend-incentives.
 * Until io_jobs' sweep lands, the USDC reaches the vaults by a mint written into the state.
 */
import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { Keypair } from "@solana/web3.js";
import { createMintToInstruction } from "@solana/spl-token";
import { LiteSVM } from "litesvm";
import { buybackUsdcVaultKey, decodeBuybackConfig, buybackConfigKey, incentivesVaultKey } from "../sdk/src";
import { EmbeddedChain, loadKeypair } from "../cli/chain";
import { embeddedUsdcKeypair } from "../cli/genesis";
import { main as io } from "../cli/io";
import { writeKeypair } from "./validator";

describe("io CLI: io_buyback (embedded chain)", function () {
  this.timeout(120_000);
  let dir: string;
  let state: string;
  let admin: string;

  async function run(...argv: string[]): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    const code = await io([...argv, "--state", state], (l) => lines.push(l));
    return { code, out: lines.join("\n") };
  }

  /** Mints test USDC into io_buyback's vaults inside the saved state (the admin is the mint authority). */
  function fundVaults(buyback: bigint, incentives: bigint): void {
    const chain = new EmbeddedChain(LiteSVM.fromBytes(readFileSync(state)));
    const signer = loadKeypair(admin);
    const usdc = embeddedUsdcKeypair().publicKey;
    const res = chain.send(
      [createMintToInstruction(usdc, buybackUsdcVaultKey()[0], signer.publicKey, buyback), createMintToInstruction(usdc, incentivesVaultKey()[0], signer.publicKey, incentives)],
      [signer],
    );
    if (!res.ok) throw new Error(res.error);
    writeFileSync(state, chain.svm.toBytes());
  }

  function config() {
    const chain = new EmbeddedChain(LiteSVM.fromBytes(readFileSync(state)));
    return decodeBuybackConfig(chain.account(buybackConfigKey()[0])!);
  }

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "io-cli-buyback-"));
    state = join(dir, "chain.bin");
    admin = writeKeypair(dir, "admin", Keypair.generate());
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("starts a lot, buys from it burning IO, and shows the books", async () => {
    const status = await run("buyback-status", "--keypair", admin);
    expect(status.code, status.out).to.equal(0);
    expect(status.out).to.contain("no lot yet");
    const empty = await run("start-lot", "--keypair", admin);
    expect(empty.code).to.equal(1);
    expect(empty.out).to.contain("NothingToSell");

    fundVaults(500_000_000n, 100_000_000n);
    expect((await run("submit-price", "--keypair", admin, "--price", "2", "--confidence", "0.01")).code).to.equal(0);
    const started = await run("start-lot", "--keypair", admin);
    expect(started.code, started.out).to.equal(0);
    expect(started.out).to.contain("lot 1: 500.000000 USDC from 0.75000000 IO per $1");

    expect((await run("release", "--keypair", admin, "--bucket", "4", "--amount", "100", "--to", loadKeypair(admin).publicKey.toBase58())).code).to.equal(0);
    expect((await run("faucet-usdc", "--keypair", admin, "--amount", "1")).code).to.equal(0);
    const bought = await run("buy", "--keypair", admin, "--usdc", "10");
    expect(bought.code, bought.out).to.equal(0);
    // $10 at the lot's start rate, 0.75 IO per $1 (a few seconds of decay at most)
    expect(bought.out).to.match(/bought 10\.000000 USDC for 7\.[45]\d{7} IO burned/);
    const c = config();
    expect(c.usdcSold.toString()).to.equal("10000000");
    const after = await run("buyback-status", "--keypair", admin);
    expect(after.out).to.contain("lot 1: 490.000000 USDC left of 500.000000 USDC");
    expect(after.out).to.contain("totals: 10.000000 USDC sold");
    // Nothing came from io_jobs' sweeps here (the USDC was minted into the vault): all of it is surplus
    expect(after.out).to.contain("swept in by io_jobs: 0.000000 USDC to the vault (held + sold 500.000000 USDC)");
  });

  it("the guardian pauses; only the admin unpauses; parameters are bounded; the admin spends incentives", async () => {
    const guardian = Keypair.generate();
    const guardianPath = writeKeypair(dir, "guardian", guardian);
    expect((await run("set-guardian", "--keypair", admin, "--guardian", guardian.publicKey.toBase58())).code).to.equal(0);
    const paused = await run("pause-buyback", "--keypair", guardianPath);
    expect(paused.code, paused.out).to.equal(0);
    const refused = await run("buy", "--keypair", admin, "--usdc", "1");
    expect(refused.out).to.contain("Paused");
    const notGuardian = await run("unpause-buyback", "--keypair", guardianPath);
    expect(notGuardian.out).to.contain("Unauthorized");
    expect((await run("unpause-buyback", "--keypair", admin)).code).to.equal(0);
    expect(config().paused).to.equal(false);

    const tooHigh = await run("set-buyback-params", "--keypair", admin, "--premium-bps", "1001");
    expect(tooHigh.out).to.contain("InvalidParams");
    expect((await run("set-buyback-params", "--keypair", admin, "--premium-bps", "200")).code).to.equal(0);
    expect(config().premiumBps).to.equal(200);

    const spent = await run("spend-incentives", "--keypair", admin, "--amount", "5", "--to", loadKeypair(admin).publicKey.toBase58());
    expect(spent.code, spent.out).to.equal(0);
    expect(config().incentivesSpent.toString()).to.equal("5000000");
    const byGuardian = await run("spend-incentives", "--keypair", guardianPath, "--amount", "5", "--to", loadKeypair(admin).publicKey.toBase58());
    expect(byGuardian.code).to.equal(1);
    expect(byGuardian.out).to.contain("Unauthorized");
  });

  it("prove-reserves shows io_buyback's two vaults: the live lot owed, the incentives a surplus (nothing was swept in)", async () => {
    const proved = await run("prove-reserves", "--keypair", admin);
    expect(proved.code, proved.out).to.equal(0);
    expect(proved.out).to.contain("io_buyback prove_reserves: confirmed");
    expect(proved.out).to.match(/io_buyback USDC vault \(live lot, swept - sold\)\s+490\.000000 USDC\s+490\.000000 USDC\s+0\.000000 USDC/);
    expect(proved.out).to.match(/io_buyback incentives vault \(swept - spent\)\s+95\.000000 USDC\s+0\.000000 USDC\s+95\.000000 USDC/);
  });
});
