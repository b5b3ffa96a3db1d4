/**
 * The oracle service's sending and reading over real RPC (solana-test-validator), issue 13
 * findings 11, 5 and 12: compute-budget instructions (the limit from simulation, a configured or
 * RPC-estimated priority fee), batch outcome and fee-payer metrics, an expired batch re-sent,
 * reads at a minimum context slot, and reports bound to the validator's genesis hash.
 */
import { expect } from "chai";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { createAssociatedTokenAccountIdempotentInstruction, createMintToInstruction, getAssociatedTokenAddressSync } from "@solana/spl-token";
import { ComputeBudgetInstruction, ComputeBudgetProgram, Keypair, LAMPORTS_PER_SOL, PublicKey, SystemProgram, Transaction } from "@solana/web3.js";
import BN from "bn.js";
import {
  attestUsageInstruction,
  Currency,
  DEFAULT_JOBS_PARAMS,
  decodeJob,
  EMBEDDED_GENESIS_HASH,
  jobKey,
  nodeKey,
  openJobInstruction,
  registerNodeInstruction,
  setJobParamsInstruction,
  signUsageReport,
  usageReportDeployment,
  usageReportToJson,
} from "../sdk/src";
import { RpcChain } from "../cli/chain";
import { deploy } from "../migrations/deploy";
import { Intake } from "../services/oracle/intake";
import { silentLogger } from "../services/oracle/log";
import { Metrics } from "../services/oracle/metrics";
import { onChainFigure, Poster } from "../services/oracle/poster";
import { RpcReader } from "../services/oracle/rpc-reader";
import { PriorityFee, Runner, unitLimit } from "../services/oracle/runner";
import { RpcSender, SignedTx, TxSender } from "../services/oracle/sender";
import { SqliteStore } from "../services/oracle/sqlite-store";
import { createUsdcMint, jobsPrograms, LocalValidator, sendAll, writeKeypair } from "./validator";

/** Apart from the other validator suites (18899, 28899, 38899) and their +1001..+1100 ranges. */
const RPC_PORT = 43899;
const USD = new BN(1_000_000);

describe("oracle service sending and reading over RPC (solana-test-validator)", function () {
  this.timeout(180_000);
  const admin = Keypair.generate();
  const usdcMint = Keypair.generate();
  const oracles = [Keypair.generate(), Keypair.generate()];
  const owner = Keypair.generate();
  const device = Keypair.generate();
  const node = nodeKey(owner.publicKey, device.publicKey.toBuffer())[0];
  const users = Array.from({ length: 4 }, () => Keypair.generate());
  const jobs = users.map((u) => jobKey(u.publicKey, new BN(0))[0]);
  let validator: LocalValidator;
  let reader: RpcReader;
  let dir: string;

  /** Oracle `i`'s parts on a fresh in-memory store, sending through `sender`. */
  function instance(i: number, fee: PriorityFee, sender: TxSender = new RpcSender(validator.connection)) {
    const store = new SqliteStore(":memory:");
    const metrics = new Metrics();
    const runner = new Runner(sender, oracles[i], store, metrics, silentLogger, { pollMs: 200, backoffMs: 100, priorityFee: fee });
    const poster = new Poster(reader, store, runner, metrics, silentLogger, { maxBatch: 64, retryMs: 0, maxRetryMs: 0 });
    return { store, metrics, runner, poster };
  }

  const idOf = async (j: PublicKey) => ({ job: j.toBase58(), openedAt: decodeJob((await validator.connection.getAccountInfo(j))!).openedAt.toNumber() });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "io-oracle-rpc-core-"));
    const adminPath = writeKeypair(dir, "admin", admin);
    validator = await LocalValidator.start({ programs: jobsPrograms(admin.publicKey), mint: admin.publicKey, rpcPort: RPC_PORT });
    reader = new RpcReader(validator.connection);
    const chain = new RpcChain(validator.url);
    await createUsdcMint(validator.connection, admin, usdcMint);
    await deploy({ url: validator.url, keypair: adminPath, usdcMint: usdcMint.publicKey, oracles: oracles.map((o) => o.publicKey), quorum: 2 }, () => undefined);
    expect((await chain.sendTransaction([setJobParamsInstruction({ admin: admin.publicKey, ...DEFAULT_JOBS_PARAMS, challengeWindow: 1, startTimeout: 1 })], [admin])).ok).to.equal(true);
    const fund = (to: PublicKey, usdc: BN) => {
      const account = getAssociatedTokenAddressSync(usdcMint.publicKey, to, true);
      return {
        instructions: [
          SystemProgram.transfer({ fromPubkey: admin.publicKey, toPubkey: to, lamports: LAMPORTS_PER_SOL / 10 }),
          createAssociatedTokenAccountIdempotentInstruction(admin.publicKey, account, to, usdcMint.publicKey),
          createMintToInstruction(usdcMint.publicKey, account, admin.publicKey, BigInt(usdc.toString())),
        ],
        signers: [admin],
      };
    };
    await sendAll(validator.connection, [...oracles.map((o) => fund(o.publicKey, new BN(0))), fund(owner.publicKey, new BN(0)), ...users.map((u) => fund(u.publicKey, USD.muln(10)))]);
    await sendAll(validator.connection, [{ instructions: [registerNodeInstruction({ owner: owner.publicKey, deviceId: device.publicKey.toBuffer(), hardwareClass: 2, pricePerHour: USD.muln(2), usdShareBps: 8_000 })], signers: [owner] }]);
    await sendAll(
      validator.connection,
      users.map((u) => ({
        instructions: [openJobInstruction({ user: u.publicKey, node, nonce: new BN(0), hours: 1, userToken: getAssociatedTokenAddressSync(usdcMint.publicKey, u.publicKey, true), maxPayment: USD.muln(3), currency: Currency.Usdc, usdcMint: usdcMint.publicKey })],
        signers: [u],
      })),
    );
    // The first hour begins the second after opening
    await new Promise((r) => setTimeout(r, 1_500));
  });

  after(async () => {
    await validator?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("signs with the unit limit from simulation and the configured priority fee; counts the batch and reads the fee payer's balance", async () => {
    // Given oracle 0 wanting 1 hour for job 0, a fixed priority fee of 2,500 micro-lamports per unit
    const a = instance(0, { kind: "fixed", microLamports: 2_500 });
    await a.store.want(await idOf(jobs[0]), node.toBase58(), 1);
    const simulated = await a.runner.simulate([attestUsageInstruction({ oracle: oracles[0].publicKey, job: jobs[0], hours: 1 })]);
    expect(simulated.ok).to.equal(true);
    // When the poster runs
    expect(await a.poster.tick()).to.equal(1);
    // Then the landed transaction carries both compute-budget instructions
    const [batch] = await a.store.batches("attest");
    const tx = await validator.connection.getTransaction(batch.signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    const message = Transaction.populate(tx!.transaction.message as never);
    const budget = message.instructions.filter((ix) => ix.programId.equals(ComputeBudgetProgram.programId));
    const limit = budget.find((ix) => ComputeBudgetInstruction.decodeInstructionType(ix) === "SetComputeUnitLimit")!;
    const price = budget.find((ix) => ComputeBudgetInstruction.decodeInstructionType(ix) === "SetComputeUnitPrice")!;
    expect(ComputeBudgetInstruction.decodeSetComputeUnitLimit(limit).units).to.equal(unitLimit(simulated.ok ? simulated.units : 0));
    expect(Number(ComputeBudgetInstruction.decodeSetComputeUnitPrice(price).microLamports)).to.equal(2_500);
    // and paid the priority fee: 5,000 lamports a signature plus ceil(price x limit / 10^6)
    const units = ComputeBudgetInstruction.decodeSetComputeUnitLimit(limit).units;
    expect(tx!.meta!.fee).to.equal(5_000 + Math.ceil((2_500 * units) / 1_000_000));
    // and the metrics count the confirmed batch, the fee, and the payer's balance
    expect(a.metrics.batches.get("attest/confirmed")).to.equal(1);
    expect(a.metrics.priorityFee).to.equal(2_500);
    expect(await a.runner.readBalance()).to.equal(await validator.connection.getBalance(oracles[0].publicKey, "confirmed"));
    expect(a.metrics.render()).to.contain(`io_oracle_fee_payer_lamports ${a.metrics.feePayerLamports}`);
  });

  it("estimates the priority fee from the fees recently paid on the same accounts, within its cap", async () => {
    // Given a transaction writing job 1 that paid 40,000 micro-lamports per unit
    const payer = oracles[1];
    const { blockhash, lastValidBlockHeight } = await validator.connection.getLatestBlockhash("confirmed");
    const tx = new Transaction({ feePayer: payer.publicKey, blockhash, lastValidBlockHeight }).add(
      ComputeBudgetProgram.setComputeUnitPrice({ microLamports: 40_000 }),
      attestUsageInstruction({ oracle: payer.publicKey, job: jobs[1], hours: 1 }),
    );
    tx.sign(payer);
    const sig = await validator.connection.sendRawTransaction(tx.serialize());
    // (the validator's fee cache takes a block once it is rooted)
    await validator.connection.confirmTransaction({ signature: sig, blockhash, lastValidBlockHeight }, "finalized");
    const ix = [attestUsageInstruction({ oracle: oracles[0].publicKey, job: jobs[1], hours: 1 })];
    // When oracle 0 asks for the highest recent fee on job 1's account; Then it is that fee, or the cap below it
    expect(await instance(0, { kind: "auto", percentile: 100, min: 0, max: 1_000_000 }).runner.priorityFee(ix)).to.equal(40_000);
    expect(await instance(0, { kind: "auto", percentile: 100, min: 0, max: 10_000 }).runner.priorityFee(ix)).to.equal(10_000);
  });

  it("a batch whose blockhash passes unlanded is counted as expired by block height, and its jobs go out again", async () => {
    // Given a sender that drops the first transaction and records it as valid for 2 more blocks only
    const rpc = new RpcSender(validator.connection);
    let dropped = 0;
    const dropping: TxSender = {
      description: "drops the first transaction",
      simulate: (i, s) => rpc.simulate(i, s),
      sign: async (i, s, u, p) => {
        const signed = await rpc.sign(i, s, u, p);
        if (!signed || dropped > 0) return signed;
        return { ...signed, lastValidBlockHeight: (await validator.connection.getBlockHeight("confirmed")) + 2 };
      },
      submit: async (tx: SignedTx) => {
        if (dropped++ === 0) return; // lost on the way
        await rpc.submit(tx);
      },
      status: (s) => rpc.status(s),
      blockHeight: () => rpc.blockHeight(),
      recentPriorityFees: (k) => rpc.recentPriorityFees(k),
      balance: (k) => rpc.balance(k),
    };
    const a = instance(0, { kind: "fixed", microLamports: 0 }, dropping);
    await a.store.want(await idOf(jobs[2]), node.toBase58(), 1);
    // When the poster runs until the figure lands
    let posted = 0;
    for (let i = 0; i < 5 && posted === 0; i++) posted += await a.poster.tick();
    // Then the first batch expired (by block height), the second confirmed, and the figure is on chain once
    expect((await a.store.batches("attest")).map((b) => b.status)).to.deep.equal(["expired", "confirmed"]);
    expect([a.metrics.batches.get("attest/expired"), a.metrics.batches.get("attest/confirmed")]).to.deep.equal([1, 1]);
    expect(a.metrics.render()).to.contain('io_oracle_batches_total{kind="attest",status="expired"} 1');
    expect(onChainFigure(decodeJob((await validator.connection.getAccountInfo(jobs[2]))!), 0, decodeJob((await validator.connection.getAccountInfo(jobs[2]))!).attestVersion)).to.equal(1);
  });

  it("reads at a minimum context slot: a node behind it refuses instead of answering from the past", async () => {
    const slot = await validator.connection.getSlot("confirmed");
    const now = await reader.getAccounts([jobs[3]], slot);
    expect(now.slot).to.be.at.least(slot);
    expect(now.accounts[0]).to.not.equal(null);
    let error = "";
    await reader.getAccounts([jobs[3]], slot + 100_000).catch((e: Error) => (error = e.message));
    expect(error).to.match(/[Mm]inimum context slot/);
  });

  it("accepts a report signed for this validator's genesis hash and refuses one signed for another cluster", async () => {
    const genesisHash = await reader.genesisHash();
    const store = new SqliteStore(":memory:");
    const intake = new Intake(reader, store, new Metrics(), { clockSkewSeconds: 60, cacheTtlMs: 0, deployment: usageReportDeployment(genesisHash) });
    const at = await reader.unixTime();
    const sign = (g: string) => usageReportToJson(signUsageReport({ job: jobs[3], node, hours: 1, reportedAt: at }, device, usageReportDeployment(g)));
    const other = await intake.submit(sign(EMBEDDED_GENESIS_HASH));
    expect(other.accepted ? "accepted" : other.reason).to.equal("bad-signature");
    const ours = await intake.submit(sign(genesisHash));
    expect(ours.accepted ? "accepted" : ours.reason).to.equal("accepted");
  });
});
