/**
 * io_buyback over RPC against a real solana-test-validator (the programs deployed upgradeable,
 * the admin their upgrade authority): migrations/deploy.ts initialises it after io_jobs with the
 * cluster's USDC mint; the `io` commands start a lot, buy from it (a real Token-2022 burn on a real
 * validator, the supply read back), pause and refuse, and report the books.
 */
import { expect } from "chai";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { createAssociatedTokenAccountIdempotentInstruction, createMintToInstruction, getAssociatedTokenAddressSync, TOKEN_2022_PROGRAM_ID, unpackMint } from "@solana/spl-token";
import { Keypair, LAMPORTS_PER_SOL, SystemProgram } from "@solana/web3.js";
import BN from "bn.js";
import { buybackConfigKey, buybackUsdcVaultKey, decodeBuybackConfig, IO_BUYBACK_PROGRAM_ID, ioMintKey } from "../sdk/src";
import { RpcChain } from "../cli/chain";
import { main as io } from "../cli/io";
import { deploy } from "../migrations/deploy";
import { createUsdcMint, jobsPrograms, LocalValidator, sendAll, writeKeypair } from "./validator";

const RPC_PORT = 48899;

describe("io_buyback over RPC (solana-test-validator)", function () {
  this.timeout(240_000);
  const admin = Keypair.generate();
  const usdcMint = Keypair.generate();
  const buyer = Keypair.generate();
  let validator: LocalValidator;
  let chain: RpcChain;
  let dir: string;
  let adminPath: string;
  let buyerPath: string;

  async function run(...argv: string[]): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    const code = await io([...argv, "--url", validator.url], (l) => lines.push(l));
    return { code, out: lines.join("\n") };
  }

  const supply = async () => new BN(unpackMint(ioMintKey()[0], await chain.getAccount(ioMintKey()[0]), TOKEN_2022_PROGRAM_ID).supply.toString());
  const config = async () => decodeBuybackConfig((await chain.getAccount(buybackConfigKey()[0]))!);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "io-rpc-buyback-"));
    adminPath = writeKeypair(dir, "admin", admin);
    buyerPath = writeKeypair(dir, "buyer", buyer);
    const programs = [...jobsPrograms(admin.publicKey), { programId: IO_BUYBACK_PROGRAM_ID, soName: "io_buyback", upgradeAuthority: admin.publicKey }];
    validator = await LocalValidator.start({ programs, mint: admin.publicKey, rpcPort: RPC_PORT });
    chain = new RpcChain(validator.url);
    await createUsdcMint(validator.connection, admin, usdcMint);
  });

  after(async () => {
    await validator?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("deploy.ts initialises io_buyback after io_jobs, with the same USDC mint", async () => {
    const lines: string[] = [];
    await deploy({ url: validator.url, keypair: adminPath, usdcMint: usdcMint.publicKey }, (l) => lines.push(l));
    expect(lines.join("\n")).to.contain("io_buyback: initialised (default parameters)");
    const c = await config();
    expect(c.usdcMint.equals(usdcMint.publicKey)).to.equal(true);
    expect(c.admin.equals(admin.publicKey)).to.equal(true);
    // A second run sends nothing new
    const again: string[] = [];
    await deploy({ url: validator.url, keypair: adminPath, usdcMint: usdcMint.publicKey }, (l) => again.push(l));
    expect(again.join("\n")).to.contain("io_buyback: already initialised");
  });

  it("starts a lot, burns a buyer's IO for its USDC, refuses while paused, and reports the books", async () => {
    // Given $200 in the buyback vault (minted there: no jobs on this validator) and a buyer with IO and a USDC account
    const buyerUsdc = getAssociatedTokenAddressSync(usdcMint.publicKey, buyer.publicKey, true);
    await sendAll(validator.connection, [
      {
        instructions: [
          SystemProgram.transfer({ fromPubkey: admin.publicKey, toPubkey: buyer.publicKey, lamports: LAMPORTS_PER_SOL / 10 }),
          createAssociatedTokenAccountIdempotentInstruction(admin.publicKey, buyerUsdc, buyer.publicKey, usdcMint.publicKey),
          createMintToInstruction(usdcMint.publicKey, buybackUsdcVaultKey()[0], admin.publicKey, 200_000_000n),
        ],
        signers: [admin],
      },
    ]);
    const released = await run("release", "--keypair", adminPath, "--bucket", "4", "--amount", "100", "--to", buyer.publicKey.toBase58());
    expect(released.code, released.out).to.equal(0);
    expect((await run("submit-price", "--keypair", adminPath, "--price", "2", "--confidence", "0.01")).code).to.equal(0);

    // When anyone starts the lot and the buyer buys $20 of it at the quote
    const started = await run("start-lot", "--keypair", buyerPath);
    expect(started.code, started.out).to.equal(0);
    expect(started.out).to.contain("lot 1: 200.000000 USDC");
    const before = await supply();
    const bought = await run("buy", "--keypair", buyerPath, "--usdc", "20");
    expect(bought.code, bought.out).to.equal(0);
    // Then the IO is burned: the supply fell by what the event says, and the vault paid $20
    const burned = new BN(/for ([\d,.]+) IO burned/.exec(bought.out)![1].replace(/[,.]/g, ""));
    expect(burned.gtn(0)).to.equal(true);
    expect((await supply()).toString()).to.equal(before.sub(burned).toString());
    const c = await config();
    expect([c.usdcSold, c.ioBurned, c.lotRemaining].map(String)).to.deep.equal(["20000000", burned.toString(), "180000000"]);

    // When the admin (the guardian) pauses; Then a buy is refused by name and nothing moves
    expect((await run("pause-buyback", "--keypair", adminPath)).code).to.equal(0);
    const refused = await run("buy", "--keypair", buyerPath, "--usdc", "1");
    expect(refused.code).to.equal(1);
    expect(refused.out).to.contain("Paused");
    expect((await config()).usdcSold.toString()).to.equal("20000000");
    expect((await run("unpause-buyback", "--keypair", adminPath)).code).to.equal(0);

    const status = await run("buyback-status", "--keypair", buyerPath);
    expect(status.code, status.out).to.equal(0);
    expect(status.out).to.contain("lot 1: 180.000000 USDC left of 200.000000 USDC");
    expect(status.out).to.contain("totals: 20.000000 USDC sold");
    // (the io_jobs config on this cluster swept nothing in: the vault's USDC was minted there)
    expect(status.out).to.contain("swept in by io_jobs: 0.000000 USDC to the vault (held + sold 200.000000 USDC)");
  });
});
