/**
 * The main job. On the embedded chain (default): deploy and initialise the protocol, print the
 * genesis read back from the chain, then crank a simulated year (once a day) and print the
 * supply curve month by month, burn IO for IOSD, and run a USDC compute job through io_jobs.
 * With --url/--keypair [--usdc-mint]: migrations/deploy.ts against that cluster.
 */
import { Keypair } from "@solana/web3.js";
import BN from "bn.js";
import { createMintToInstruction, TOKEN_PROGRAM_ID, unpackMint, TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import { createHash } from "crypto";
import {
  attestUsageInstruction,
  Currency,
  DEFAULT_JOBS_PARAMS,
  decodeJobsConfig,
  decodeNode,
  endJobInstruction,
  jobKey,
  jobsConfigKey,
  nodeKey,
  openJobInstruction,
  parseIoJobsEvents,
  registerNodeInstruction,
  settleJobsInstruction,
  crankInstruction,
  iosdMintKey,
  mintIosdInstruction,
  parseIoTokenEvents,
  releaseInstruction,
  submitPriceInstruction,
  decodeEmissionState,
  emissionKey,
  formatAmount,
  IO_DECIMALS,
  ioMintKey,
  MONTH_HOURS,
} from "../sdk/src";
import { parseFlags } from "../cli/args";
import { EmbeddedChain } from "../cli/chain";
import { bootstrapEmbedded, ensureIoAccount, ensureTokenAccount, formatGenesis, readGenesis } from "../cli/genesis";
import { SimulatedPriceSource } from "../services/oracle/price-source";
import { deploy, usdcMintOption } from "../migrations/deploy";

async function supplyCurve(chain: EmbeddedChain, log: (line: string) => void): Promise<void> {
  const emission = () => decodeEmissionState(chain.account(emissionKey()[0])!);
  const supply = () => new BN(unpackMint(ioMintKey()[0], chain.account(ioMintKey()[0]), TOKEN_2022_PROGRAM_ID).supply.toString());
  const { rewardsVault, startTs } = emission();
  const cranker = chain.wallet(1);
  const io = (v: BN) => formatAmount(v, IO_DECIMALS).padStart(22);
  log("");
  log("A simulated year: the crank once a day and at each 730-hour month end (1 IO = 10^8 base units; # = 1M IO)");
  log(`${"month".padEnd(6)}${"emitted in month".padStart(26)}${"emitted in total".padStart(26)}${"IO supply".padStart(26)}`);
  let lastMonthTotal = new BN(0);
  // A crank every 24 hours, and one exactly at each 730-hour month end for the printout.
  const hours = new Set<number>();
  for (let h = 24; h <= 12 * MONTH_HOURS; h += 24) hours.add(h);
  for (let m = 1; m <= 12; m++) hours.add(m * MONTH_HOURS);
  for (const hour of Array.from(hours).sort((a, b) => a - b)) {
    chain.setUnixTime(BigInt(startTs.toNumber() + hour * 3_600));
    const res = chain.send([crankInstruction({ rewardsVault })], [cranker]);
    if (!res.ok) throw new Error(`crank at hour ${hour} failed: ${res.error}`);
    if (hour % MONTH_HOURS === 0) {
      const total = emission().minted;
      const bar = "#".repeat(Math.round(total.div(new BN(10).pow(new BN(14))).toNumber()));
      log(`${String(hour / MONTH_HOURS).padEnd(6)}${io(total.sub(lastMonthTotal)).padStart(26)}${io(total).padStart(26)}${io(supply()).padStart(26)}  ${bar}`);
      lastMonthTotal = total;
    }
  }
}

/** The admin (the embedded chain's single oracle) posts the simulated IO/USD; a user burns IO for IOSD. */
async function iosdDemo(chain: EmbeddedChain, admin: Keypair, log: (line: string) => void): Promise<void> {
  const now = Number(chain.now());
  const quote = await new SimulatedPriceSource(42, 2.0, 5, now - 3_600).quote(now);
  const posted = chain.send(
    [submitPriceInstruction({ oracle: admin.publicKey, setVersion: 1, price: quote.price, confidence: quote.confidence, timestamp: new BN(now) })],
    [admin],
  );
  if (!posted.ok) throw new Error(`submit_price failed: ${posted.error}`);
  const user = chain.wallet(1);
  const userIo = await ensureIoAccount(chain, user, user.publicKey);
  const userIosd = await ensureTokenAccount(chain, user, user.publicKey, iosdMintKey()[0]);
  const IO = new BN(100_000_000);
  const funded = chain.send([releaseInstruction({ admin: admin.publicKey, bucket: 4, amount: IO.muln(1_000), destination: userIo })], [admin]);
  if (!funded.ok) throw new Error(`release failed: ${funded.error}`);
  const res = chain.send([mintIosdInstruction({ user: user.publicKey, userIo, userIosd, ioAmount: IO.muln(1_000) })], [user]);
  if (!res.ok) throw new Error(`mint_iosd failed: ${res.error}`);
  const [event] = parseIoTokenEvents(res.logs);
  const d = event.data as { ioBurned: BN; iosdMinted: BN; price: BN; conservativePrice: BN };
  log("");
  log("IOSD: the single embedded oracle posts the simulated IO/USD; a user burns IO for IOSD");
  log(`  IO/USD ${formatAmount(d.price, 8)} (conservative ${formatAmount(d.conservativePrice, 8)}): burned ${formatAmount(d.ioBurned, IO_DECIMALS)} IO, minted ${formatAmount(d.iosdMinted, 6)} IOSD`);
}

/** A node registers, a user pays a 4-hour USDC job into escrow, the oracle attests 3 hours, the user
 * ends it, the challenge window passes and anyone settles: the node earns, the user gets the unused hour back. */
async function jobsDemo(chain: EmbeddedChain, admin: Keypair, log: (line: string) => void): Promise<void> {
  const ok = (what: string, res: ReturnType<EmbeddedChain["send"]>) => {
    if (!res.ok) throw new Error(`${what} failed: ${res.programError?.name ?? res.error}`);
    return res;
  };
  const usdcMint = decodeJobsConfig(chain.account(jobsConfigKey()[0])!).mints[Currency.Usdc];
  const owner = chain.wallet(1);
  const deviceId = createHash("sha256").update("gpu-node-0").digest();
  const [node] = nodeKey(owner.publicKey, deviceId);
  ok("register_node", chain.send([registerNodeInstruction({ owner: owner.publicKey, deviceId, hardwareClass: 2, pricePerHour: new BN(2_000_000), usdShareBps: 8_000 })], [owner]));
  const user = chain.wallet(1);
  const userUsdc = await ensureTokenAccount(chain, user, user.publicKey, usdcMint, TOKEN_PROGRAM_ID);
  ok("mint_to", chain.send([createMintToInstruction(usdcMint, userUsdc, admin.publicKey, 100_000_000n)], [admin]));
  const money = { currency: Currency.Usdc, usdcMint };
  const nonce = new BN(1);
  const [job] = jobKey(user.publicKey, nonce);
  ok("open_job", chain.send([openJobInstruction({ user: user.publicKey, node, nonce, hours: 4, userToken: userUsdc, ...money })], [user]));
  ok("attest_usage", chain.send([attestUsageInstruction({ oracle: admin.publicKey, job, hours: 3 })], [admin]));
  ok("end_job", chain.send([endJobInstruction({ user: user.publicKey, job })], [user]));
  chain.warp(DEFAULT_JOBS_PARAMS.challengeWindow + 1);
  const res = ok("settle_jobs", chain.send([settleJobsInstruction({ caller: user.publicKey, jobs: [{ job, node, user: user.publicKey, userToken: userUsdc }], ...money })], [user]));
  const d = parseIoJobsEvents(res.logs).find((e) => e.name === "jobSettled")!.data as { servedHours: number; supplier: BN; refund: BN; fees: BN; buyback: BN };
  const usdc = (v: BN) => `${formatAmount(v, 6)} USDC`;
  log("");
  log("io_jobs: a node at $2/GPU-hour (80% USD share); a user pays 4 hours in USDC; the oracle attests 3; the user ends it; the window passes; settled");
  log(`  served ${d.servedHours} h: node ${usdc(d.supplier)}, refund ${usdc(d.refund)}, fees ${usdc(d.fees)}, token share ${usdc(d.buyback)}`);
  log(`  node earnings ${usdc(decodeNode(chain.account(node)!).earnings[Currency.Usdc])} to claim`);
}

async function main(): Promise<void> {
  const { flags } = parseFlags(process.argv.slice(2));
  if (flags.has("url")) {
    await deploy({
      url: flags.get("url"),
      keypair: flags.get("keypair"),
      rewardsVault: flags.get("rewards-vault"),
      usdcMint: usdcMintOption(flags.get("usdc-mint") ?? process.env.IO_USDC_MINT),
    });
    return;
  }
  const admin = Keypair.generate();
  const chain = await bootstrapEmbedded(admin, BigInt(Math.floor(Date.now() / 1000)));
  console.log(`embedded chain (LiteSVM 1.5.0): io_token, io_oracle and io_jobs deployed, initialised by ${admin.publicKey.toBase58()}, emissions started`);
  console.log("");
  console.log(formatGenesis(await readGenesis(chain)));
  await supplyCurve(chain, console.log);
  await iosdDemo(chain, admin, console.log);
  await jobsDemo(chain, admin, console.log);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
