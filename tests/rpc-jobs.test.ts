/**
 * io_jobs over RPC against a real solana-test-validator: deployed with migrations/deploy.ts,
 * one USDC job driven end to end by the `io` CLI with --url on the validator's real clock, and
 * the largest settle_jobs batch that fits one v0 transaction with an address lookup table.
 */
import { expect } from "chai";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import {
  createAssociatedTokenAccountIdempotentInstruction,
  createMintToInstruction,
  getAssociatedTokenAddressSync,
  TOKEN_PROGRAM_ID,
  unpackAccount,
} from "@solana/spl-token";
import {
  ComputeBudgetProgram,
  Keypair,
  LAMPORTS_PER_SOL,
  PublicKey,
  SendTransactionError,
  SystemProgram,
  TransactionInstruction,
  TransactionMessage,
  VersionedTransaction,
} from "@solana/web3.js";
import BN from "bn.js";
import { createHash } from "crypto";
import {
  attestUsageInstruction,
  Currency,
  decodeJob,
  decodeJobsConfig,
  decodeNode,
  DEFAULT_JOBS_PARAMS,
  escrowKey,
  feeVaultKey,
  jobKey,
  jobsConfigKey,
  nodeKey,
  openJobInstruction,
  registerNodeInstruction,
  SettleJob,
  settleJobsInstruction,
  setJobParamsInstruction,
} from "../sdk/src";
import { RpcChain } from "../cli/chain";
import { main as io } from "../cli/io";
import { deploy } from "../migrations/deploy";
import { activeLookupTable, BulkTx, confirmAll, createLookupTable, createUsdcMint, jobsPrograms, LocalValidator, sendAll, writeKeypair } from "./validator";

/**
 * The most jobs of distinct users on one node that one settle_jobs transaction settles on the
 * test validator: its feature set allows 128 account locks (`increase_tx_account_lock_limit`),
 * and the batch locks 12 + 4 x N (payer, 8 fixed accounts, io_jobs, the compute budget program
 * and the node, then each job, its user, the user's USDC account and the user's profile):
 * 12 + 4 x 29 = 128.
 */
const MAX_SETTLE_BATCH = 29;

/** Ports apart from rpc.test.ts's (18899 and up), so the two suites never share one. */
const RPC_PORT = 28899;

const USD = new BN(1_000_000);

describe("io_jobs over RPC (solana-test-validator)", function () {
  this.timeout(120_000);
  const admin = Keypair.generate();
  const usdcMint = Keypair.generate();
  let validator: LocalValidator;
  let chain: RpcChain;
  let dir: string;
  let adminPath: string;
  // The batch: N + 1 users with a job each (nonce 0) on one node, known before anything is sent
  const batchOwner = Keypair.generate();
  const batchDevice = createHash("sha256").update("gpu-batch").digest();
  const [batchNode] = nodeKey(batchOwner.publicKey, batchDevice);
  const batchUsers = Array.from({ length: MAX_SETTLE_BATCH + 1 }, () => Keypair.generate());
  const nonce = new BN(0);
  const batch: SettleJob[] = batchUsers.map((u) => ({
    job: jobKey(u.publicKey, nonce)[0],
    node: batchNode,
    user: u.publicKey,
    userToken: getAssociatedTokenAddressSync(usdcMint.publicKey, u.publicKey, true),
  }));
  const usdc = { currency: Currency.Usdc, usdcMint: usdcMint.publicKey };
  let lookupTable: { table: PublicKey; extendedSlot: number };

  /** Every account of the whole batch's settle_jobs but the signer, each once. */
  function batchAddresses(): PublicKey[] {
    const keys = settleFirst(batch.length).keys.map((k) => k.pubkey.toBase58());
    return [...new Set(keys)].filter((k) => k !== admin.publicKey.toBase58()).map((k) => new PublicKey(k));
  }

  function settleFirst(jobCount: number): TransactionInstruction {
    return settleJobsInstruction({ caller: admin.publicKey, jobs: batch.slice(0, jobCount), ...usdc });
  }

  async function run(...argv: string[]): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    const code = await io([...argv, "--url", validator.url], (l) => lines.push(l));
    return { code, out: lines.join("\n") };
  }

  async function send(instructions: TransactionInstruction[], signers: Keypair[]): Promise<void> {
    const res = await chain.sendTransaction(instructions, signers);
    expect(res.ok, res.ok ? "" : `${res.error}\n${res.logs.join("\n")}`).to.equal(true);
  }

  /** A token account's balance in base units (0 when it does not exist). */
  async function balance(account: PublicKey): Promise<BN> {
    const info = await chain.getAccount(account);
    return info ? new BN(unpackAccount(account, info, TOKEN_PROGRAM_ID).amount.toString()) : new BN(0);
  }

  function usdcAccount(owner: PublicKey): PublicKey {
    return getAssociatedTokenAddressSync(usdcMint.publicKey, owner, true);
  }

  /** SOL for fees and rent, `owner`'s USDC account and `amount` base units in it; signed by the admin. */
  function fund(owner: PublicKey, amount: BN): BulkTx {
    const account = usdcAccount(owner);
    return {
      instructions: [
        SystemProgram.transfer({ fromPubkey: admin.publicKey, toPubkey: owner, lamports: LAMPORTS_PER_SOL / 10 }),
        createAssociatedTokenAccountIdempotentInstruction(admin.publicKey, account, owner, usdcMint.publicKey),
        createMintToInstruction(usdcMint.publicKey, account, admin.publicKey, BigInt(amount.toString())),
      ],
      signers: [admin],
    };
  }

  /** Waits until the validator's clock reaches `unix` (its Clock sysvar follows real time). */
  async function waitForClock(unix: BN): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (new BN(await chain.unixTime()).lt(unix)) {
      if (Date.now() > deadline) throw new Error(`the validator's clock did not reach ${unix.toString()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "io-rpc-jobs-"));
    adminPath = writeKeypair(dir, "admin", admin);
    validator = await LocalValidator.start({ programs: jobsPrograms(admin.publicKey), mint: admin.publicKey, rpcPort: RPC_PORT });
    chain = new RpcChain(validator.url);
    await createUsdcMint(validator.connection, admin, usdcMint);
    // The batch's lookup table first: the validator uses it only once rooted, ~13 s from now
    lookupTable = await createLookupTable(validator.connection, admin, batchAddresses());
  });

  after(async () => {
    await validator?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("migrations/deploy.ts initialises io_jobs with the cluster's USDC mint; the admin shortens the windows", async () => {
    // Given io_token, io_oracle and io_jobs deployed upgradeable and a USDC mint; When deploy.ts runs
    const lines: string[] = [];
    await deploy({ url: validator.url, keypair: adminPath, usdcMint: usdcMint.publicKey }, (l) => lines.push(l));
    // Then io_oracle has the admin as its only oracle and io_jobs uses that mint
    const out = lines.join("\n");
    expect(out).to.contain("io_oracle: 1 oracle(s), quorum 1; IOSD ready");
    expect(out).to.contain(`io_jobs: initialised, USDC mint ${usdcMint.publicKey.toBase58()}; IOSD's spender is its authority`);
    const before = decodeJobsConfig((await chain.getAccount(jobsConfigKey()[0]))!);
    expect(before.mints[Currency.Usdc].equals(usdcMint.publicKey)).to.equal(true);
    expect(before.challengeWindow).to.equal(DEFAULT_JOBS_PARAMS.challengeWindow);

    // When the admin sets 1-second windows, so real time can pass them; Then the config has them
    await send([setJobParamsInstruction({ admin: admin.publicKey, ...DEFAULT_JOBS_PARAMS, challengeWindow: 1, startTimeout: 1 })], [admin]);
    const config = decodeJobsConfig((await chain.getAccount(jobsConfigKey()[0]))!);
    expect([config.challengeWindow, config.startTimeout]).to.deep.equal([1, 1]);
    expect(config.networkFeeBps).to.equal(DEFAULT_JOBS_PARAMS.networkFeeBps);
  });

  it("drives a USDC job through the CLI: node, job, attestation, end, settlement, earnings; every unit accounted for", async () => {
    // Given a node owner and a user with 100 USDC
    const owner = Keypair.generate();
    const user = Keypair.generate();
    const ownerPath = writeKeypair(dir, "owner", owner);
    const userPath = writeKeypair(dir, "user", user);
    await sendAll(validator.connection, [fund(owner.publicKey, new BN(0)), fund(user.publicKey, USD.muln(100))]);
    const registered = await run("register-node", "--keypair", ownerPath, "--device", "gpu-0", "--price", "2", "--usd-share-bps", "8000");
    expect(registered.code, registered.out).to.equal(0);
    const node = /^node (\w+)/m.exec(registered.out)![1];
    const [escrow] = escrowKey(usdcMint.publicKey);
    const [feeVault] = feeVaultKey(usdcMint.publicKey);
    const start = { user: await balance(usdcAccount(user.publicKey)), escrow: await balance(escrow), fees: await balance(feeVault) };

    // When the user opens a 4-hour job ($8 and the 2% facilitation fee), the oracle attests the
    // 1 hour begun (a real clock: no more hours can have begun; not before the opening second has
    // passed) and the user ends it
    const opened = await run("open-job", "--keypair", userPath, "--node", node, "--currency", "usdc", "--hours", "4");
    expect(opened.code, opened.out).to.equal(0);
    expect(opened.out).to.contain("paid 8.160000 USDC: $8.000000 of compute, facilitation fee 0.160000 USDC");
    const job = new PublicKey(/^job (\w+)/m.exec(opened.out)![1]);
    const paid = start.user.sub(await balance(usdcAccount(user.publicKey)));
    expect(paid.toString()).to.equal("8160000");
    expect((await balance(escrow)).sub(start.escrow).toString()).to.equal(paid.toString());
    await waitForClock(decodeJob((await chain.getAccount(job))!).openedAt.addn(1));
    const attested = await run("attest-usage", "--keypair", adminPath, "--job", job.toBase58(), "--hours", "1");
    expect(attested.code, attested.out).to.equal(0);
    expect(attested.out).to.contain("accepted usage: 1 hours");
    // (the user's own jobs and balance, read back over RPC: getProgramAccounts and its token accounts)
    const mine = JSON.parse((await run("jobs", "--keypair", userPath, "--output", "json")).out) as { jobs: { address: string; hours: number }[] };
    expect(mine.jobs.map((j) => [j.address, j.hours])).to.deep.equal([[job.toBase58(), 4]]);
    const wallet = JSON.parse((await run("balance", "--keypair", userPath, "--output", "json")).out) as { usdc: { amount: string } };
    expect(wallet.usdc.amount).to.equal(start.user.sub(paid).toString());
    // (and the end sent with a priority fee: the landed transaction carries the compute-unit price)
    const ended = await run("end-job", "--keypair", userPath, "--job", job.toBase58(), "--with-compute-unit-price", "1000", "--output", "json");
    expect(ended.code, ended.out).to.equal(0);
    const signature = (JSON.parse(ended.out) as { transactions: { signature: string }[] }).transactions[0].signature;
    const landed = await validator.connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    const keys = landed!.transaction.message.staticAccountKeys;
    const prices = landed!.transaction.message.compiledInstructions
      .filter((ix) => keys[ix.programIdIndex].equals(ComputeBudgetProgram.programId) && ix.data[0] === 3)
      .map((ix) => Buffer.from(ix.data).readBigUInt64LE(1));
    expect(prices).to.deep.equal([1000n]);

    // and, the 1-second challenge window passed on the validator's clock, anyone settles it
    await waitForClock(decodeJob((await chain.getAccount(job))!).settleAfter);
    const settled = await run("settle-jobs", "--keypair", adminPath, "--jobs", job.toBase58());
    expect(settled.code, settled.out).to.equal(0);
    // Then 1 h x $2 pays the node its 80% less the 5% network and 2% supplier fees; 3 h return with their fee
    expect(settled.out).to.contain("1 hours served; supplier 1.489600 USDC, refund 6.120000 USDC");
    expect(await chain.getAccount(job)).to.equal(null);
    const refund = (await balance(usdcAccount(user.publicKey))).sub(start.user.sub(paid));
    expect(refund.toString()).to.equal("6120000");

    // When the owner claims its earnings; Then they reach its account and the node owes nothing
    const claimed = await run("claim-earnings", "--keypair", ownerPath, "--node", node, "--currency", "usdc");
    expect(claimed.code, claimed.out).to.equal(0);
    const supplier = await balance(usdcAccount(owner.publicKey));
    expect(supplier.toString()).to.equal("1489600");
    const nodeState = decodeNode((await chain.getAccount(new PublicKey(node)))!);
    expect(nodeState.earnings[Currency.Usdc].isZero()).to.equal(true);
    expect(nodeState.openJobs).to.equal(0);

    // and what the user paid is the refund, the supplier's pay and the fee vault's gain (fees and
    // token share), with nothing left in escrow
    const collected = (await balance(feeVault)).sub(start.fees);
    expect(collected.toString()).to.equal("550400");
    expect(refund.add(supplier).add(collected).toString()).to.equal(paid.toString());
    expect((await balance(escrow)).toString()).to.equal(start.escrow.toString());
  });

  it(`settles ${MAX_SETTLE_BATCH} jobs in one v0 transaction with a lookup table; ${MAX_SETTLE_BATCH + 1} exceed the account locks`, async () => {
    // Given N + 1 users, each with a 1-hour USDC job on one node, all attested in full
    const connection = validator.connection;
    await sendAll(connection, [fund(batchOwner.publicKey, new BN(0)), ...batchUsers.map((u) => fund(u.publicKey, USD.muln(10)))]);
    const terms = { hardwareClass: 2, pricePerHour: USD.muln(2), usdShareBps: 8_000 };
    await send([registerNodeInstruction({ owner: batchOwner.publicKey, deviceId: batchDevice, ...terms })], [batchOwner]);
    await sendAll(
      connection,
      batchUsers.map((u, i) => ({
        instructions: [openJobInstruction({ user: u.publicKey, node: batchNode, nonce, hours: 1, userToken: batch[i].userToken, maxPayment: USD.muln(2).muln(102).divn(100), ...usdc })],
        signers: [u],
      })),
    );
    // the first hour has begun for every job on the validator's clock (io_jobs takes no hour before)
    const opened = await connection.getMultipleAccountsInfo(batch.map((j) => j.job));
    await waitForClock(opened.map((info) => decodeJob(info!).openedAt).reduce((x, y) => BN.max(x, y)).addn(1));
    await sendAll(connection, batch.map(({ job }) => ({ instructions: [attestUsageInstruction({ oracle: admin.publicKey, job, hours: 1 })], signers: [admin] })));
    // and the challenge window past for every job
    const jobs = await connection.getMultipleAccountsInfo(batch.map((j) => j.job));
    await waitForClock(jobs.map((info) => decodeJob(info!).settleAfter).reduce((x, y) => BN.max(x, y)));
    // and every account of the N + 1 batch in a lookup table the validator resolves
    const lookup = await activeLookupTable(connection, lookupTable.table, lookupTable.extendedSlot);
    expect(lookup.state.addresses.map((a) => a.toBase58())).to.have.members(batchAddresses().map((a) => a.toBase58()));

    /** settle_jobs over the first `jobCount` jobs as one signed v0 transaction using the table. */
    const v0 = async (jobCount: number) => {
      const { blockhash, lastValidBlockHeight } = await connection.getLatestBlockhash("confirmed");
      const message = new TransactionMessage({
        payerKey: admin.publicKey,
        recentBlockhash: blockhash,
        instructions: [ComputeBudgetProgram.setComputeUnitLimit({ units: 1_400_000 }), settleFirst(jobCount)],
      }).compileToV0Message([lookup]);
      const tx = new VersionedTransaction(message);
      tx.sign([admin]);
      const locks = message.staticAccountKeys.length + message.addressTableLookups.reduce((n, l) => n + l.writableIndexes.length + l.readonlyIndexes.length, 0);
      return { tx, blockhash, lastValidBlockHeight, locks };
    };
    const [escrow] = escrowKey(usdcMint.publicKey);
    const [feeVault] = feeVaultKey(usdcMint.publicKey);
    const feesBefore = await balance(feeVault);
    const escrowBefore = await balance(escrow);

    // When N + 1 jobs settle in one transaction; Then the validator refuses it for its account locks
    const tooMany = await v0(MAX_SETTLE_BATCH + 1);
    expect(tooMany.locks).to.equal(12 + 4 * (MAX_SETTLE_BATCH + 1));
    const simulated = await connection.simulateTransaction(tooMany.tx, { sigVerify: true });
    expect(simulated.value.err).to.equal("TooManyAccountLocks");
    let refused: unknown = null;
    try {
      await connection.sendTransaction(tooMany.tx);
    } catch (e) {
      refused = e;
    }
    expect(refused).to.be.instanceOf(SendTransactionError);
    expect((refused as SendTransactionError).message).to.contain("Transaction locked too many accounts"); // TooManyAccountLocks
    // and nothing changed: every job is still open, the fee vault as it was
    expect((await connection.getMultipleAccountsInfo(batch.map((j) => j.job))).every((i) => i !== null)).to.equal(true);
    expect((await balance(feeVault)).toString()).to.equal(feesBefore.toString());

    // When N jobs settle in one transaction; Then it is confirmed and every one of them closes
    const fits = await v0(MAX_SETTLE_BATCH);
    expect(fits.locks).to.equal(12 + 4 * MAX_SETTLE_BATCH);
    const signature = await connection.sendTransaction(fits.tx);
    await confirmAll(connection, [signature], fits.lastValidBlockHeight); // throws if it failed
    const after = await connection.getMultipleAccountsInfo(batch.map((j) => j.job));
    expect(after.slice(0, MAX_SETTLE_BATCH).every((i) => i === null)).to.equal(true);
    expect(after[MAX_SETTLE_BATCH]).to.not.equal(null);
    // and each 1-hour job at $2 paid: the node $1.4896 (80% less 5% and 2%), the fee vault $0.5504
    // (network, supplier and facilitation fees and the token share), the user no refund
    const nodeState = decodeNode((await chain.getAccount(batchNode))!);
    expect(nodeState.earnings[Currency.Usdc].toString()).to.equal(new BN(1_489_600).muln(MAX_SETTLE_BATCH).toString());
    expect(nodeState.openJobs).to.equal(1);
    expect((await balance(feeVault)).sub(feesBefore).toString()).to.equal(new BN(550_400).muln(MAX_SETTLE_BATCH).toString());
    expect(escrowBefore.sub(await balance(escrow)).toString()).to.equal(new BN(550_400).muln(MAX_SETTLE_BATCH).toString());
    expect((await balance(batch[0].userToken)).toString()).to.equal(USD.muln(10).subn(2_040_000).toString());
  });
});
