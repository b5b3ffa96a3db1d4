/**
 * The protocol's central loop on the real .so files, end to end: USDC jobs settle (io_jobs takes
 * its fees and the suppliers' token shares), anyone sweeps them into io_buyback's vaults, anyone
 * starts a lot, buyers burn IO for the USDC, the admin spends incentives; then more jobs, another
 * sweep, the next lot from the last clearing rate. Conservation to the base unit at every stage:
 * USDC fees in = USDC paid to buyers + USDC held by io_buyback + USDC in (or spent from) the
 * incentives vault + USDC not swept yet; IO burned = the supply's fall. Both programs' proofs of
 * reserves pass throughout.
 */
import { expect } from "chai";
import BN from "bn.js";
import { Keypair, PublicKey } from "@solana/web3.js";
import {
  attestUsageInstruction,
  buybackUsdcVaultKey,
  Currency,
  currencyAccounts,
  decodeJobsConfig,
  endJobInstruction,
  incentivesVaultKey,
  jobKey,
  jobsConfigKey,
  JobsConfigState,
  parseIoBuybackEvents,
  parseIoJobsEvents,
  proveBuybackReservesInstruction,
  proveJobsReservesInstruction,
  settleJobsInstruction,
  spendIncentivesInstruction,
  startLotInstruction,
  sweepUsdcFeesInstruction,
} from "../sdk/src";
import { ioSupply } from "./fixtures";
import { expectOk } from "./harness";
import { BuybackWorld } from "./buyback-world";
import { User } from "./jobs-world";

const HOUR = 3_600;
const big = (b: BN) => BigInt(b.toString());
const bn = (b: bigint) => new BN(b.toString());
const ceil = (a: bigint, b: bigint) => (a + b - 1n) / b;
/** The oracle bound at $2.00 ± 0.01 with the default premium (1%) and 2 confidence intervals. */
const BOUND = ceil(ceil(10n ** 20n, 198_000_000n), 10_100n);
const ioFor = (usdc: bigint, rate: bigint) => ceil(usdc * rate, 1_000_000n);

describe("the buyback loop: jobs settle, sweep, lot, buy, burn (io_jobs and io_buyback)", () => {
  let w: BuybackWorld;
  let user: User;
  let nonce = 0;

  beforeEach(() => {
    w = new BuybackWorld();
    user = w.user();
  });

  const jobs = (): JobsConfigState => decodeJobsConfig(w.chain.account(jobsConfigKey()[0])!);
  const feeVault = () => currencyAccounts(Currency.Usdc, w.usdcMint).feeVault;

  /** A USDC job of `hours` served `served` hours, attested by two oracles and settled. */
  const settled = (hours: number, served: number) => {
    const n = new BN(nonce++);
    expectOk(w.chain.send([w.openJobInstruction(user, n, hours, Currency.Usdc)], [user.wallet]));
    const job = jobKey(user.wallet.publicKey, n)[0];
    w.chain.warp(served * HOUR);
    for (const i of [0, 1]) expectOk(w.chain.send([attestUsageInstruction({ oracle: w.oracles[i].publicKey, job, hours: served })], [w.oracles[i]]));
    if (served < hours) expectOk(w.chain.send([endJobInstruction({ caller: user.wallet.publicKey, job, node: w.node })], [user.wallet]));
    w.chain.warp(HOUR);
    const entry = { job, node: w.node, user: user.wallet.publicKey, userToken: user.token[Currency.Usdc] };
    expectOk(w.chain.send([settleJobsInstruction({ caller: w.chain.payer.publicKey, jobs: [entry], ...w.money(Currency.Usdc) })], [w.chain.payer]));
  };

  const sweep = () => {
    const sweeper = w.funded(Keypair.generate());
    return expectOk(w.chain.send([sweepUsdcFeesInstruction({ caller: sweeper.publicKey, usdcMint: w.usdcMint })], [sweeper]));
  };

  /** Both programs prove their reserves; returns io_buyback's proofs by vault. */
  const proveAll = () => {
    expectOk(w.chain.send([proveJobsReservesInstruction({ usdcMint: w.usdcMint })], [w.chain.payer]));
    const res = expectOk(w.chain.send([proveBuybackReservesInstruction()], [w.chain.payer]));
    const proofs = parseIoBuybackEvents(res.logs).filter((e) => e.name === "reservesProven");
    return new Map(proofs.map((p) => [(p.data.vault as PublicKey).toBase58(), p.data as { balance: BN; obligations: BN; surplus: BN }]));
  };

  /** Every USDC base unit io_jobs took in fees and token shares, and where each one is now. */
  const books = (paidToBuyers: bigint) => {
    const c = jobs();
    const b = w.config();
    const collected = big(c.fees[Currency.Usdc]) + big(c.buyback[Currency.Usdc]);
    const accounted =
      paidToBuyers + big(w.vaultBalance()) + big(w.incentivesBalance()) + big(b.incentivesSpent) + big(w.balance(feeVault()));
    return { collected, accounted };
  };

  it("USDC fees in = USDC paid to buyers + held + incentives, to the base unit; IO burned = the supply's fall; the next lot starts from the clearing rate", () => {
    // Given three settled USDC jobs (their fees and token shares in io_jobs' fee vault)
    settled(10, 10);
    settled(10, 4);
    settled(3, 3);
    const fees = jobs();
    const collected = big(fees.fees[Currency.Usdc]) + big(fees.buyback[Currency.Usdc]);
    expect(collected > 0n).to.equal(true);
    expect(books(0n)).to.deep.equal({ collected, accounted: collected });

    // When anyone sweeps: the token shares and 80% of the fees to the buyback vault, the rest to incentives
    const swept = parseIoJobsEvents(sweep().logs).find((e) => e.name === "usdcFeesSwept")!.data as { toBuyback: BN; toIncentives: BN };
    expect(w.vaultBalance().toString()).to.equal(swept.toBuyback.toString());
    expect(w.incentivesBalance().toString()).to.equal(swept.toIncentives.toString());
    expect(big(swept.toBuyback) + big(swept.toIncentives)).to.equal(collected);
    let proofs = proveAll();
    expect(proofs.get(buybackUsdcVaultKey()[0].toBase58())!.surplus.toString()).to.equal("0");
    expect(proofs.get(incentivesVaultKey()[0].toBase58())!.surplus.toString()).to.equal("0");

    // And anyone starts a lot: all of it (under the $100,000 cap), from the oracle rate x 1.5 (a fresh price)
    w.postPrice();
    expectOk(w.chain.send([startLotInstruction()], [w.chain.payer]));
    const lot = w.config();
    expect(lot.lotSize.toString()).to.equal(swept.toBuyback.toString());

    // Two buyers clear it 40 minutes in, when the auction has fallen below the oracle bound: they pay the bound
    w.chain.warp(2_400);
    w.postPrice();
    const auction = big(lot.startRate) - ((big(lot.startRate) - big(lot.floorRate)) * 2_400n) / 3_600n;
    expect(auction < BOUND).to.equal(true);
    const buyers = [w.user(), w.user()]; // (each burned 100 IO for IOSD on the way: JobsWorld's user)
    const supply0 = big(ioSupply(w.chain));
    const before = buyers.map((b) => big(w.balance(b.token[Currency.Usdc])));
    const half = big(lot.lotSize) / 2n;
    const rest = big(lot.lotSize) - half;
    let burned = 0n;
    for (const [i, usdc] of [half, rest].entries()) {
      const io = ioFor(usdc, BOUND);
      const res = expectOk(w.chain.send([w.buyInstruction(buyers[i], { usdc: bn(usdc), maxIo: bn(io) })], [buyers[i].wallet]));
      const ev = parseIoBuybackEvents(res.logs).find((e) => e.name === "lotBought")!.data;
      expect([ev.usdc, ev.ioBurned, ev.rate].map(String)).to.deep.equal([usdc, io, BOUND].map(String));
      burned += io;
      expect((ev.supplyAfter as BN).toString()).to.equal((supply0 - burned).toString());
    }
    const paid = buyers.reduce((s, b, i) => s + big(w.balance(b.token[Currency.Usdc])) - before[i], 0n);
    expect(paid).to.equal(big(lot.lotSize));
    expect(big(ioSupply(w.chain))).to.equal(supply0 - burned);
    const sold = w.config();
    expect([sold.lotRemaining, sold.usdcSold, sold.ioBurned, sold.lotsSold, sold.referenceRate].map(String)).to.deep.equal(["0", paid, burned, 1n, BOUND].map(String));
    expect(books(paid)).to.deep.equal({ collected, accounted: collected });

    // The admin spends part of the incentives
    const grantee = w.tokenAccount(Keypair.generate().publicKey, Currency.Usdc);
    const grant = big(swept.toIncentives) / 3n;
    expectOk(w.chain.send([spendIncentivesInstruction({ admin: w.admin.publicKey, usdcMint: w.usdcMint, destination: grantee, amount: bn(grant) })], [w.admin]));
    expect(books(paid)).to.deep.equal({ collected, accounted: collected });
    proofs = proveAll();
    expect(proofs.get(buybackUsdcVaultKey()[0].toBase58())!.balance.toString()).to.equal("0");
    expect(proofs.get(incentivesVaultKey()[0].toBase58())!.obligations.toString()).to.equal((big(swept.toIncentives) - grant).toString());

    // Then more jobs, another sweep, and the next lot starts at the clearing rate x 1.5, capped at
    // the oracle's rate x 1.5 (the clearing rate, the bound, is a little above the oracle's 0.5 IO per $1)
    settled(5, 5);
    const collected2 = big(jobs().fees[Currency.Usdc]) + big(jobs().buyback[Currency.Usdc]);
    sweep();
    w.postPrice();
    expectOk(w.chain.send([startLotInstruction()], [w.chain.payer]));
    const next = w.config();
    expect(next.lotId.toNumber()).to.equal(2);
    const oracle = 10n ** 16n / 200_000_000n;
    expect(BOUND > oracle).to.equal(true);
    expect(big(next.startRate)).to.equal((oracle * 15_000n) / 10_000n);
    expect(big(next.lotSize)).to.equal(big(jobs().toBuyback) - paid);
    expect(books(paid)).to.deep.equal({ collected: collected2, accounted: collected2 });
    proofs = proveAll();
    expect(proofs.get(buybackUsdcVaultKey()[0].toBase58())!.obligations.toString()).to.equal(next.lotSize.toString());
  });
});
