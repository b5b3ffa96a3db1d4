/**
 * The SDK's wallet-level helpers and transaction layer through a plain `Connection` (to the
 * embedded chain's JSON-RPC endpoint) and a wallet signer (Anchor's Wallet: publicKey,
 * signTransaction, signAllTransactions; the layer never sees the Keypair).
 */
import { expect } from "chai";
import { getAssociatedTokenAddressSync, TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { Connection, PublicKey } from "@solana/web3.js";
import { Wallet } from "@coral-xyz/anchor";
import BN from "bn.js";
import {
  cancelJob,
  Currency,
  DisputeStatus,
  endJob,
  fetchJob,
  fetchJobsConfig,
  fetchNode,
  fetchParticipant,
  fetchPendingRewards,
  fetchPosition,
  IO,
  IoProgramError,
  ioMintKey,
  jobsOf,
  JobStatus,
  nodesOf,
  openJob,
  openJobInstruction,
  ParticipantKind,
  positionsOf,
  quoteOpenJob,
  SendStatus,
  sendTransaction,
  SlashStatus,
  stake,
  tokenBalance,
  unstake,
  withdraw,
  claim,
  closeEpochInstruction,
  fetchStakingConfig,
} from "../sdk/src";
import { sdkWorld } from "./sdk-world";

describe("sdk wallet helpers", () => {
  const w = sdkWorld("io-sdk-wallet-");
  let connection: Connection;
  let wallet: Wallet;
  let usdc: PublicKey;
  const usdcBalance = async () => (await tokenBalance(connection, getAssociatedTokenAddressSync(usdc, w.user.publicKey, true, TOKEN_PROGRAM_ID), TOKEN_PROGRAM_ID))!;
  const ioBalance = async () => (await tokenBalance(connection, getAssociatedTokenAddressSync(ioMintKey()[0], w.user.publicKey, true, TOKEN_2022_PROGRAM_ID), TOKEN_2022_PROGRAM_ID))!;

  before(async () => {
    connection = new Connection(w.rpc.url, "confirmed");
    wallet = new Wallet(w.user);
    usdc = (await fetchJobsConfig(connection)).mints[Currency.Usdc];
  });

  it("openJob pays a USDC job into escrow at the quote; fetchJob and jobsOf read it typed; cancelJob refunds it", async () => {
    // Given the user's 100 USDC and the node's $2/h
    const before = await usdcBalance();
    expect(before.toString()).to.equal("100000000");
    const quote = await quoteOpenJob(connection, w.node, Currency.Usdc, 3);
    expect(quote.toString()).to.equal("6120000"); // $6 + 2% facilitation fee
    // When the user opens a 3-hour job through the helper and the transaction layer
    const statuses: SendStatus["kind"][] = [];
    const { transaction, job, maxPayment } = await openJob(connection, wallet.publicKey, { node: w.node, currency: Currency.Usdc, hours: 3 });
    expect(transaction.feePayer!.equals(wallet.publicKey)).to.equal(true);
    expect(maxPayment.eq(quote)).to.equal(true);
    const sent = await sendTransaction(connection, wallet, transaction, { onStatus: (s) => statuses.push(s.kind) });
    // Then it is confirmed on the first attempt with a limit above the simulated units
    expect(statuses).to.deep.equal(["simulated", "signed", "sent", "confirmed"]);
    expect(sent.attempts).to.equal(1);
    expect(sent.computeUnits).to.be.above(0);
    expect(sent.computeUnitLimit).to.be.above(sent.computeUnits);
    // And the job reads back typed, the user paid the quote, and jobsOf lists it
    const j = await fetchJob(connection, job);
    expect(j.state).to.equal(JobStatus.Open);
    expect(j.currency).to.equal(Currency.Usdc);
    expect(j.dispute).to.equal(DisputeStatus.None);
    expect(j.hours).to.equal(3);
    expect(before.sub(await usdcBalance()).eq(quote)).to.equal(true);
    expect((await jobsOf(connection, wallet.publicKey)).map((x) => x.address.toBase58())).to.deep.equal([job.toBase58()]);
    const node = await fetchNode(connection, w.node);
    expect(node.pricePerHour.toString()).to.equal("2000000");
    expect((await nodesOf(connection, node.owner)).map((n) => n.address.toBase58())).to.deep.equal([w.node.toBase58()]);
    // When the user cancels it; Then the payment comes back in full and the job is closed
    await sendTransaction(connection, wallet, (await cancelJob(connection, wallet.publicKey, job)).transaction);
    expect((await usdcBalance()).eq(before)).to.equal(true);
    expect(await jobsOf(connection, wallet.publicKey)).to.deep.equal([]);
  });

  it("openJob's maxPayment guard refuses to build above it; the program's own refusal comes back as IoProgramError PaymentAboveMax", async () => {
    // Given a quote of 6.12 USDC for 3 hours
    const before = await usdcBalance();
    // When the user allows at most 6.00 USDC; Then the helper refuses before building anything
    let refused: unknown = null;
    await openJob(connection, wallet.publicKey, { node: w.node, currency: Currency.Usdc, hours: 3, maxPayment: new BN(6_000_000) }).catch((e: unknown) => (refused = e));
    expect(String(refused)).to.contain("above maxPayment 6000000");
    // When an instruction with that maximum is sent anyway (the price "rose in flight")
    const userToken = getAssociatedTokenAddressSync(usdc, wallet.publicKey, true, TOKEN_PROGRAM_ID);
    const ix = openJobInstruction({ user: wallet.publicKey, node: w.node, nonce: new BN(7), hours: 3, currency: Currency.Usdc, usdcMint: usdc, userToken, maxPayment: new BN(6_000_000) });
    const err = await sendTransaction(connection, wallet, [ix]).catch((e: unknown) => e);
    // Then the layer throws the program's named error from the simulation, and nothing was paid
    expect(err).to.be.instanceOf(IoProgramError);
    expect((err as IoProgramError).info.program).to.equal("io_jobs");
    expect((err as IoProgramError).info.name).to.equal("PaymentAboveMax");
    expect((await usdcBalance()).eq(before)).to.equal(true);
  });

  it("a token program's refusal is named: paying more USDC than held is SPL Token's InsufficientFunds, not Custom(1)", async () => {
    // Given the user's 100 USDC, when an instruction pays a 60-hour job ($120 + fee) with no price guard
    const before = await usdcBalance();
    const userToken = getAssociatedTokenAddressSync(usdc, wallet.publicKey, true, TOKEN_PROGRAM_ID);
    const ix = openJobInstruction({ user: wallet.publicKey, node: w.node, nonce: new BN(8), hours: 60, currency: Currency.Usdc, usdcMint: usdc, userToken, maxPayment: new BN(1_000_000_000) });
    const err = await sendTransaction(connection, wallet, [ix]).catch((e: unknown) => e);
    // Then the error names SPL Token's InsufficientFunds, and the balance is unchanged
    expect(err).to.be.instanceOf(IoProgramError);
    expect((err as IoProgramError).info).to.include({ program: "spl_token", name: "InsufficientFunds", code: 1 });
    expect((await usdcBalance()).eq(before)).to.equal(true);
    // And the helper itself refuses the same job with the balance named
    const refused = await openJob(connection, wallet.publicKey, { node: w.node, currency: Currency.Usdc, hours: 60 }).catch((e: unknown) => e);
    expect(String(refused)).to.contain("less than the 122400000 the job costs");
  });

  it("endJob ends an open job for its user", async () => {
    const { transaction, job } = await openJob(connection, wallet.publicKey, { node: w.node, currency: Currency.Usdc, hours: 1 });
    await sendTransaction(connection, wallet, transaction);
    await sendTransaction(connection, wallet, (await endJob(connection, wallet.publicKey, job)).transaction);
    expect((await fetchJob(connection, job)).state).to.equal(JobStatus.Ended);
  });

  it("stake, positionsOf, fetchPendingRewards, claim (nothing yet), unstake after the epoch closes, and withdraw (refused in cooldown) with the node's participant", async () => {
    // Given the user's 50 IO and the node's participant
    const p = await fetchParticipant(connection, w.participant);
    expect(p.kind).to.equal(ParticipantKind.Node);
    expect(p.slashState).to.equal(SlashStatus.None);
    const before = await ioBalance();
    expect(before.eq(IO.muln(50))).to.equal(true);
    // When the user stakes 20 IO through the helper
    await sendTransaction(connection, wallet, (await stake(connection, wallet.publicKey, { participant: w.participant, amount: IO.muln(20) })).transaction);
    // Then its position holds them (pending until the next epoch) and its IO left the account
    const pos = await fetchPosition(connection, w.participant, wallet.publicKey);
    expect(pos!.active.add(pos!.pending).eq(IO.muln(20))).to.equal(true);
    expect(before.sub(await ioBalance()).eq(IO.muln(20))).to.equal(true);
    expect((await positionsOf(connection, wallet.publicKey)).map((x) => x.address.toBase58())).to.deep.equal([pos!.address.toBase58()]);
    expect((await fetchPendingRewards(connection, w.participant, wallet.publicKey)).toString()).to.equal("0");
    // When it stakes more than it holds; Then the helper refuses with the balance
    expect(String(await stake(connection, wallet.publicKey, { participant: w.participant, amount: IO.muln(31) }).catch((e: unknown) => e))).to.contain("less than");
    // When it claims before any epoch paid it; Then the program's named refusal
    const nothing = await claim(connection, wallet.publicKey, { participant: w.participant }).then((t) => sendTransaction(connection, wallet, t.transaction)).catch((e: unknown) => e);
    expect(nothing).to.be.instanceOf(IoProgramError);
    expect((nothing as IoProgramError).info.name).to.equal("NothingToClaim");
    // When the epoch closes (a day later) and the stake activates, and the user unstakes 5 IO
    const config = await fetchStakingConfig(connection);
    w.chain.setUnixTime(BigInt(config.epochStart.toNumber() + config.openEpochLength + 1));
    await sendTransaction(connection, wallet, [closeEpochInstruction({ payer: wallet.publicKey, epoch: config.epoch })]);
    await sendTransaction(connection, wallet, (await unstake(connection, wallet.publicKey, { participant: w.participant, amount: IO.muln(5) })).transaction);
    // Then 15 IO are active and 5 cooling
    const after = await fetchPosition(connection, w.participant, wallet.publicKey);
    expect(after!.active.eq(IO.muln(15))).to.equal(true);
    expect(after!.cooling.eq(IO.muln(5))).to.equal(true);
    // Then withdrawing before any cooldown ends is the program's named refusal, and the IO balance is unchanged
    const held = await ioBalance();
    const err = await withdraw(connection, wallet.publicKey, { participant: w.participant }).then((t) => sendTransaction(connection, wallet, t.transaction)).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(IoProgramError);
    expect((err as IoProgramError).info.program).to.equal("io_staking");
    expect((await ioBalance()).eq(held)).to.equal(true);
  });
});
