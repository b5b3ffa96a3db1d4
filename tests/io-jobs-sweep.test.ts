/**
 * io_jobs' sweeps and proof of reserves on the real .so: the IO fee vault's unswept fees and
 * token shares burn (the mint's supply falls by exactly that), the USDC fee vault's go to
 * io_buyback's USDC vault (token shares + fee_buyback_bps of the fees) and its incentives vault
 * (the rest), to the base unit; only what the books say moves; substituted vaults are refused;
 * and prove_reserves holds every vault to its obligations through cancels, refunds, settlements
 * and claims in all three currencies, failing loudly when one is short.
 *
 * These tests run io_jobs without io_buyback: its two USDC vaults are created here at their fixed
 * addresses (io_common::buyback) with setAccount, as live SPL Token accounts of its authority, as
 * its `initialize` creates them (tests/buyback-loop.test.ts runs the two programs together).
 */
import { createTransferCheckedInstruction, TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { Keypair, PublicKey, SystemProgram } from "@solana/web3.js";
import BN from "bn.js";
import { expect } from "chai";
import {
  attestUsageInstruction,
  cancelJobInstruction,
  claimEarningsInstruction,
  Currency,
  CURRENCY_NAMES,
  currencyAccounts,
  decodeIosdState,
  decodeJob,
  decodeJobsConfig,
  DEFAULT_JOBS_PARAMS,
  endJobInstruction,
  initializeJobsInstruction,
  ioMintKey,
  iosdStateKey,
  jobKey,
  jobsConfigKey,
  JobsConfigState,
  parseIoJobsEvents,
  proveJobsReservesInstruction,
  refundUnstartedInstruction,
  setJobParamsInstruction,
  SettleJob,
  settleJobsInstruction,
  sweepIoFeesInstruction,
  sweepUsdcFeesInstruction,
} from "../sdk/src";
import { IO_BUYBACK_PROGRAM_ID } from "../sdk/src/io-jobs/buyback";
import { BUYBACK_AUTHORITY, BUYBACK_USDC_VAULT, createBuybackVaults as createVaults, INCENTIVES_VAULT, tokenAccountData } from "./buyback-vaults";
import { expectError, expectOk, TxResult } from "./harness";
import { IO, JobsWorld, User } from "./jobs-world";

const HOUR = 3_600;
const BPS = 10_000;
const CURRENCIES = [Currency.Usdc, Currency.Io, Currency.Iosd];

/** A ReservesProven event, decoded. */
interface Proof {
  vault: PublicKey;
  balance: BN;
  obligations: BN;
  surplus: BN;
}

describe("io_jobs sweeps and proof of reserves", () => {
  let w: JobsWorld;
  let u: User;
  let nonce = 0;

  beforeEach(() => {
    w = new JobsWorld();
    u = w.user();
  });

  const config = (): JobsConfigState => decodeJobsConfig(w.chain.account(jobsConfigKey()[0])!);
  const usdc = () => currencyAccounts(Currency.Usdc, w.usdcMint);
  const io = () => currencyAccounts(Currency.Io, w.usdcMint);
  const ioSupply = (): BN => new BN(w.chain.account(ioMintKey()[0])!.data.readBigUInt64LE(36).toString());
  const held = (): BN => decodeIosdState(w.chain.account(iosdStateKey()[0])!).held;

  /** io_buyback's two USDC vaults at their fixed addresses, live accounts of its authority. */
  const createBuybackVaults = (owner = BUYBACK_AUTHORITY, mint = w.usdcMint) => createVaults(w.chain, mint, owner);

  const open = (currency: Currency, hours = 10, user = u): PublicKey => {
    const n = new BN(nonce++);
    if (currency === Currency.Io) w.postPrice(); // fresh after the clock jumps
    expectOk(w.chain.send([w.openJobInstruction(user, n, hours, currency)], [user.wallet]));
    return jobKey(user.wallet.publicKey, n)[0];
  };
  const attest = (job: PublicKey, hours: number) =>
    [0, 1].forEach((i) => expectOk(w.chain.send([attestUsageInstruction({ oracle: w.oracles[i].publicKey, job, hours })], [w.oracles[i]])));
  const entry = (job: PublicKey, user = u, currency: Currency): SettleJob => ({ job, node: w.node, user: user.wallet.publicKey, userToken: user.token[currency] });
  const settle = (currency: Currency, jobs: PublicKey[], user = u) =>
    expectOk(w.chain.send([settleJobsInstruction({ caller: w.chain.payer.publicKey, jobs: jobs.map((j) => entry(j, user, currency)), ...w.money(currency) })], [w.chain.payer]));
  /** Opens a job of `hours` in `currency`, has it served `served` hours and settles it. */
  const settled = (currency: Currency, hours: number, served: number, user = u) => {
    const key = open(currency, hours, user);
    w.chain.warp(served * HOUR);
    attest(key, served);
    if (served < hours) expectOk(w.chain.send([endJobInstruction({ caller: user.wallet.publicKey, job: key, node: w.node })], [user.wallet]));
    w.chain.warp(HOUR);
    return settle(currency, [key], user);
  };

  const sweepUsdc = (caller = w.chain.payer) => w.chain.send([sweepUsdcFeesInstruction({ caller: caller.publicKey, usdcMint: w.usdcMint })], [caller]);
  const sweepIo = (caller = w.chain.payer) => w.chain.send([sweepIoFeesInstruction({ caller: caller.publicKey })], [caller]);
  const prove = (): TxResult => w.chain.send([proveJobsReservesInstruction({ usdcMint: w.usdcMint })], [w.chain.payer]);
  const proofs = (res: TxResult): Proof[] => parseIoJobsEvents(res.logs).filter((e) => e.name === "reservesProven").map((e) => e.data as unknown as Proof);
  /** Every ReservesProven of a passing proof, by vault. */
  const proven = (): Map<string, Proof> => new Map(proofs(expectOk(prove())).map((p) => [p.vault.toBase58(), p]));
  /** The accounts a sweep or proof may touch, for "nothing changed" assertions. */
  const watched = () => [jobsConfigKey()[0], usdc().vault, usdc().feeVault, io().vault, io().feeVault, ioMintKey()[0], BUYBACK_USDC_VAULT, INCENTIVES_VAULT, iosdStateKey()[0]];

  it("pays into io_buyback's own PDAs", () => {
    const pda = (seed: string) => PublicKey.findProgramAddressSync([Buffer.from(seed)], IO_BUYBACK_PROGRAM_ID)[0];
    expect(pda("authority").equals(BUYBACK_AUTHORITY)).to.equal(true);
    expect(pda("usdc_vault").equals(BUYBACK_USDC_VAULT)).to.equal(true);
    expect(pda("incentives").equals(INCENTIVES_VAULT)).to.equal(true);
    expect(config().feeBuybackBps).to.equal(8_000);
  });

  it("sweep_usdc_fees: token shares and 80% of the fees to the buyback, the rest to incentives, to the base unit", () => {
    // Given two settled USDC jobs: 10 h of 10 at $2/h, and 4 h of 10 ended early (docs/jobs.md figures)
    settled(Currency.Usdc, 10, 10);
    settled(Currency.Usdc, 10, 4);
    const c = config();
    // fees: $1 network + $0.304 supplier + $0.40 facilitation, and $0.40 + $0.1216 + $0.16; token shares $3.80 and $1.52
    expect(c.fees[Currency.Usdc].toString()).to.equal(String(1_704_000 + 681_600));
    expect(c.buyback[Currency.Usdc].toString()).to.equal(String(3_800_000 + 1_520_000));
    const feeVaultBefore = w.balance(usdc().feeVault);
    expect(feeVaultBefore.toString()).to.equal(String(2_385_600 + 5_320_000));
    createBuybackVaults();

    // When anyone sweeps
    const stranger = w.funded(Keypair.generate());
    const res = expectOk(sweepUsdc(stranger));

    // Then the shares and floor(fees x 80%) go to the buyback, the rest of the fees to incentives
    const toBuyback = 5_320_000 + Math.floor((2_385_600 * 8_000) / BPS);
    const toIncentives = 2_385_600 - Math.floor((2_385_600 * 8_000) / BPS);
    expect([toBuyback, toIncentives]).to.deep.equal([7_228_480, 477_120]);
    expect(w.balance(BUYBACK_USDC_VAULT).toString()).to.equal(String(toBuyback));
    expect(w.balance(INCENTIVES_VAULT).toString()).to.equal(String(toIncentives));
    expect(w.balance(usdc().feeVault).toString()).to.equal("0");
    const after = config();
    expect([after.toBuyback, after.toIncentives].map(String)).to.deep.equal([String(toBuyback), String(toIncentives)]);
    expect(after.sweptFees[Currency.Usdc].toString()).to.equal(c.fees[Currency.Usdc].toString());
    expect(after.sweptBuyback[Currency.Usdc].toString()).to.equal(c.buyback[Currency.Usdc].toString());
    const [event] = parseIoJobsEvents(res.logs).filter((e) => e.name === "usdcFeesSwept");
    const d = event.data as { toBuyback: BN; toIncentives: BN; fees: BN; tokenShares: BN };
    expect([d.toBuyback, d.toIncentives, d.fees, d.tokenShares].map(String)).to.deep.equal([toBuyback, toIncentives, 2_385_600, 5_320_000].map(String));
    // io_buyback reads the two totals at the fixed offsets of io_jobs' config (io_common::buyback)
    const raw = w.chain.account(jobsConfigKey()[0])!.data;
    expect([raw.readBigUInt64LE(442), raw.readBigUInt64LE(450)].map(String)).to.deep.equal([String(toBuyback), String(toIncentives)]);

    // A second sweep finds nothing and changes nothing
    const before = w.chain.snapshot(watched());
    expectError(sweepUsdc(), "NothingToSweep");
    expect(w.chain.snapshot(watched())).to.equal(before);

    // More jobs settle, another sweep moves only the new fees and shares; the admin routes all fees to the buyback now
    expectOk(w.chain.send([setJobParamsInstruction({ admin: w.admin.publicKey, ...DEFAULT_JOBS_PARAMS, feeBuybackBps: BPS })], [w.admin]));
    settled(Currency.Usdc, 3, 3);
    const c2 = config();
    const newFees = c2.fees[Currency.Usdc].sub(c.fees[Currency.Usdc]);
    const newShares = c2.buyback[Currency.Usdc].sub(c.buyback[Currency.Usdc]);
    expectOk(sweepUsdc());
    expect(w.balance(BUYBACK_USDC_VAULT).toString()).to.equal(new BN(toBuyback).add(newFees).add(newShares).toString());
    expect(w.balance(INCENTIVES_VAULT).toString()).to.equal(String(toIncentives));

    // Conservation: USDC fees + token shares in = to_buyback + to_incentives + still in the fee vault
    const end = config();
    const collected = end.fees[Currency.Usdc].add(end.buyback[Currency.Usdc]);
    expect(end.toBuyback.add(end.toIncentives).add(w.balance(usdc().feeVault)).toString()).to.equal(collected.toString());
    expect(w.balance(BUYBACK_USDC_VAULT).add(w.balance(INCENTIVES_VAULT)).toString()).to.equal(collected.toString());
  });

  it("sweep_usdc_fees with fee_buyback_bps 0 sends every fee to incentives and the shares to the buyback; 10,001 is refused", () => {
    expectError(w.chain.send([setJobParamsInstruction({ admin: w.admin.publicKey, ...DEFAULT_JOBS_PARAMS, feeBuybackBps: BPS + 1 })], [w.admin]), "InvalidParams");
    expectError(w.chain.send([setJobParamsInstruction({ admin: u.wallet.publicKey, ...DEFAULT_JOBS_PARAMS, feeBuybackBps: 0 })], [u.wallet]), "Unauthorized");
    expectOk(w.chain.send([setJobParamsInstruction({ admin: w.admin.publicKey, ...DEFAULT_JOBS_PARAMS, feeBuybackBps: 0 })], [w.admin]));
    expect(config().feeBuybackBps).to.equal(0);
    settled(Currency.Usdc, 10, 10);
    createBuybackVaults();
    expectOk(sweepUsdc());
    expect(w.balance(BUYBACK_USDC_VAULT).toString()).to.equal("3800000");
    expect(w.balance(INCENTIVES_VAULT).toString()).to.equal("1704000");
  });

  it("initialize refuses a buyback share above 10,000 basis points", () => {
    const fresh = new JobsWorld({ initializeJobs: false });
    const ix = initializeJobsInstruction({ payer: fresh.admin.publicKey, usdcMint: fresh.usdcMint, ...DEFAULT_JOBS_PARAMS, feeBuybackBps: BPS + 1 });
    expectError(fresh.chain.send([ix], [fresh.admin]), "InvalidParams");
    expect(fresh.chain.account(jobsConfigKey()[0])).to.equal(null);
  });

  it("sweep_usdc_fees refuses substituted vaults, the program's own accounts, and io_buyback not initialised, changing nothing", () => {
    settled(Currency.Usdc, 10, 10);
    const attacker = w.funded(Keypair.generate());
    const attackerUsdc = w.tokenAccount(attacker.publicKey, Currency.Usdc);
    const withKey = (i: number, key: PublicKey) => {
      const ix = sweepUsdcFeesInstruction({ caller: attacker.publicKey, usdcMint: w.usdcMint });
      ix.keys[i] = { ...ix.keys[i], pubkey: key };
      return w.chain.send([ix], [attacker]);
    };
    const unchanged = (res: TxResult, error: string) => {
      const before = w.chain.snapshot([...watched(), attackerUsdc]);
      expectError(res, error);
      expect(w.chain.snapshot([...watched(), attackerUsdc])).to.equal(before);
    };
    // io_buyback not initialised: its vaults do not exist yet, so the fees wait in the fee vault
    unchanged(sweepUsdc(attacker), "BuybackNotReady");
    // Token accounts at those addresses that are not io_buyback's live USDC accounts
    createBuybackVaults(attacker.publicKey);
    unchanged(sweepUsdc(attacker), "BuybackNotReady");
    createBuybackVaults(BUYBACK_AUTHORITY, ioMintKey()[0]);
    unchanged(sweepUsdc(attacker), "BuybackNotReady");
    for (const vault of [BUYBACK_USDC_VAULT, INCENTIVES_VAULT]) w.chain.setAccount(vault, { data: tokenAccountData(w.usdcMint, BUYBACK_AUTHORITY, 0n, 2), owner: TOKEN_PROGRAM_ID });
    unchanged(sweepUsdc(attacker), "BuybackNotReady"); // frozen
    createBuybackVaults();
    // The attacker's own account, the program's own escrow and fee vault, and the other destination, as a destination
    for (const key of [attackerUsdc, usdc().vault, usdc().feeVault, INCENTIVES_VAULT]) unchanged(withKey(4, key), "InvalidVault");
    for (const key of [attackerUsdc, usdc().vault, usdc().feeVault, BUYBACK_USDC_VAULT]) unchanged(withKey(5, key), "InvalidVault");
    // The escrow as the source (it would pay out suppliers' earnings), or the IO fee vault and mint
    unchanged(withKey(3, usdc().vault), "InvalidVault");
    unchanged(withKey(3, io().feeVault), "InvalidVault");
    unchanged(withKey(2, ioMintKey()[0]), "InvalidVault");
    // Another signer posing as the authority
    unchanged(withKey(6, attacker.publicKey), "InvalidVault");
    // SPL Token swapped for Token-2022
    unchanged(withKey(7, TOKEN_2022_PROGRAM_ID), "WrongProgram");
    // The control: the honest sweep passes
    expectOk(sweepUsdc(attacker));
    expect(w.balance(attackerUsdc).toString()).to.equal("0");
  });

  it("sweep_io_fees burns exactly the unswept IO fees and token shares: the supply falls by that, a donation stays", () => {
    // Given a settled IO job and 5 IO donated to the IO fee vault by someone
    settled(Currency.Io, 10, 10);
    const c = config();
    const due = c.fees[Currency.Io].add(c.buyback[Currency.Io]);
    expect(due.gtn(0)).to.equal(true);
    const donation = IO.muln(5);
    expectOk(w.chain.send([createTransferCheckedInstruction(u.token[Currency.Io], ioMintKey()[0], io().feeVault, u.wallet.publicKey, BigInt(donation.toString()), 8, [], TOKEN_2022_PROGRAM_ID)], [u.wallet]));
    expect(w.balance(io().feeVault).toString()).to.equal(due.add(donation).toString());
    const supply = ioSupply();

    // When anyone sweeps
    const res = expectOk(sweepIo(w.funded(Keypair.generate())));

    // Then exactly the accounted IO burned: the supply fell by it, the donation stays as surplus
    expect(supply.sub(ioSupply()).toString()).to.equal(due.toString());
    expect(w.balance(io().feeVault).toString()).to.equal(donation.toString());
    const after = config();
    expect(after.ioBurned.toString()).to.equal(due.toString());
    expect(after.sweptFees[Currency.Io].toString()).to.equal(c.fees[Currency.Io].toString());
    expect(after.sweptBuyback[Currency.Io].toString()).to.equal(c.buyback[Currency.Io].toString());
    const [event] = parseIoJobsEvents(res.logs).filter((e) => e.name === "ioFeesBurned");
    const d = event.data as { amount: BN; fees: BN; tokenShares: BN; supply: BN };
    expect([d.amount, d.fees, d.tokenShares, d.supply].map(String)).to.deep.equal([due, c.fees[Currency.Io], c.buyback[Currency.Io], ioSupply()].map(String));
    const fee = proven().get(io().feeVault.toBase58())!;
    expect([fee.balance, fee.obligations, fee.surplus].map(String)).to.deep.equal([donation, 0, donation].map(String));

    // A second sweep finds nothing (the donation is not the program's to burn)
    const before = w.chain.snapshot(watched());
    expectError(sweepIo(), "NothingToSweep");
    expect(w.chain.snapshot(watched())).to.equal(before);
  });

  it("sweep_io_fees refuses the escrow as the vault, another mint, a fake authority, changing nothing", () => {
    settled(Currency.Io, 10, 10);
    open(Currency.Io); // the escrow holds a live job's payment
    const attacker = w.funded(Keypair.generate());
    const withKey = (i: number, key: PublicKey) => {
      const ix = sweepIoFeesInstruction({ caller: attacker.publicKey });
      ix.keys[i] = { ...ix.keys[i], pubkey: key };
      return w.chain.send([ix], [attacker]);
    };
    for (const [i, key, error] of [
      [3, io().vault, "InvalidVault"],
      [3, usdc().feeVault, "InvalidVault"],
      [2, w.usdcMint, "InvalidVault"],
      [4, attacker.publicKey, "InvalidVault"],
      [5, TOKEN_PROGRAM_ID, "WrongProgram"],
    ] as const) {
      const before = w.chain.snapshot(watched());
      expectError(withKey(i, key), error);
      expect(w.chain.snapshot(watched())).to.equal(before);
    }
    expectOk(sweepIo(attacker));
  });

  it("refuses sweeping an empty fee vault", () => {
    createBuybackVaults();
    expectError(sweepIo(), "NothingToSweep");
    expectError(sweepUsdc(), "NothingToSweep");
  });

  for (const currency of CURRENCIES) {
    it(`${CURRENCY_NAMES[currency]}: escrowed and earned follow open, cancel, refund, settle and claim; prove_reserves passes with no surplus at each step`, () => {
      const c = currency as number;
      const money = currencyAccounts(currency, w.usdcMint);
      const escrowOf = (p: Map<string, Proof>) => p.get(currency === Currency.Iosd ? iosdStateKey()[0].toBase58() : money.vault.toBase58())!;
      /** The books now equal `escrowed` and `earned`; the proof passes, with the escrow's balance exactly its obligations. */
      const books = (escrowed: BN, earned: BN) => {
        const cfg = config();
        expect([cfg.escrowed[c], cfg.earned[c]].map(String)).to.deep.equal([escrowed, earned].map(String));
        const p = proven();
        expect(p.size).to.equal(5);
        const e = escrowOf(p);
        const balance = currency === Currency.Iosd ? held() : w.balance(money.vault);
        expect([e.balance, e.obligations, e.surplus].map(String)).to.deep.equal([balance, escrowed.add(earned), 0].map(String));
        for (const proof of p.values()) expect(proof.surplus.toString()).to.equal(proof.balance.sub(proof.obligations).toString());
      };
      const paid = (job: PublicKey) => {
        const j = decodeJob(w.chain.account(job)!);
        return j.payment.add(j.facilitationFee);
      };
      books(new BN(0), new BN(0));
      const a = open(currency);
      const b = open(currency, 2);
      const d = open(currency, 4);
      const [pa, pb, pd] = [a, b, d].map(paid);
      books(pa.add(pb).add(pd), new BN(0));

      // cancel: the user takes a back
      expectOk(w.chain.send([cancelJobInstruction({ job: a, node: w.node, user: u.wallet.publicKey, userToken: u.token[currency], ...w.money(currency) })], [u.wallet]));
      books(pb.add(pd), new BN(0));

      // settle d after 3 of 4 hours: the supplier's share stays as earnings
      w.chain.warp(3 * HOUR);
      attest(d, 3);
      expectOk(w.chain.send([endJobInstruction({ caller: u.wallet.publicKey, job: d, node: w.node })], [u.wallet]));
      w.chain.warp(HOUR);
      const res = settle(currency, [d]);
      const supplier = (parseIoJobsEvents(res.logs).find((e) => e.name === "jobSettled")!.data.supplier as BN);
      expect(supplier.gtn(0)).to.equal(true);
      books(pb, supplier);

      // refund b, never started, past its start timeout
      const stranger = w.funded(Keypair.generate());
      expectOk(w.chain.send([refundUnstartedInstruction({ caller: stranger.publicKey, job: b, node: w.node, user: u.wallet.publicKey, userToken: u.token[currency], ...w.money(currency) })], [stranger]));
      books(new BN(0), supplier);

      // the node's owner claims
      const to = w.tokenAccount(w.nodeOwner.publicKey, currency);
      expectOk(w.chain.send([claimEarningsInstruction({ owner: w.nodeOwner.publicKey, node: w.node, to, ...w.money(currency) })], [w.nodeOwner]));
      books(new BN(0), new BN(0));

      // The fee vault (USDC, IO) owes what settlement collected; IOSD's were retired, it has none
      const cfg = config();
      const p = proven();
      if (currency === Currency.Iosd) {
        expect(cfg.fees[c].add(cfg.buyback[c]).toString()).to.equal(decodeIosdState(w.chain.account(iosdStateKey()[0])!).retired.toString());
      } else {
        const fee = p.get(money.feeVault.toBase58())!;
        expect([fee.balance, fee.obligations, fee.surplus].map(String)).to.deep.equal([w.balance(money.feeVault), cfg.fees[c].add(cfg.buyback[c]), 0].map(String));
      }
    });
  }

  it("prove_reserves fails with ReservesShort, naming the vault, when any vault is short by one base unit", () => {
    // Given live obligations in every vault: a settled and an open job in each currency, unclaimed earnings
    for (const currency of CURRENCIES) {
      settled(currency, 10, 10);
      open(currency);
    }
    expectOk(prove());
    const short = (key: PublicKey, at: number, name: string) => {
      const info = w.chain.account(key)!;
      const data = Buffer.from(info.data);
      data.writeBigUInt64LE(data.readBigUInt64LE(at) - 1n, at);
      w.chain.setAccount(key, { data, owner: info.owner, lamports: BigInt(info.lamports) });
      const before = w.chain.snapshot(watched());
      const res = prove();
      expectError(res, "ReservesShort");
      expect(res.logs.some((l) => l.includes(`ReservesShort: ${name}`)), res.logs.join("\n")).to.equal(true);
      expect(res.logs.filter((l) => l.includes("ReservesShort:"))).to.have.length(1);
      expect(w.chain.snapshot(watched())).to.equal(before);
      // Put the unit back: the proof passes again
      w.chain.setAccount(key, { data: info.data, owner: info.owner, lamports: BigInt(info.lamports) });
      expectOk(prove());
    };
    short(usdc().vault, 64, "usdc_escrow");
    short(usdc().feeVault, 64, "usdc_fee_vault");
    short(io().vault, 64, "io_escrow");
    short(io().feeVault, 64, "io_fee_vault");
    short(iosdStateKey()[0], 157, "iosd_held");
  });

  it("prove_reserves refuses substituted vaults and a fake IosdState", () => {
    open(Currency.Usdc);
    const withKey = (i: number, key: PublicKey) => {
      const ix = proveJobsReservesInstruction({ usdcMint: w.usdcMint });
      ix.keys[i] = { ...ix.keys[i], pubkey: key };
      return w.chain.send([ix], [w.chain.payer]);
    };
    // A full decoy account in the escrow's place would "prove" anything: refused by address
    const decoy = w.tokenAccount(u.wallet.publicKey, Currency.Usdc);
    expectError(withKey(1, decoy), "InvalidVault");
    expectError(withKey(1, usdc().feeVault), "InvalidVault");
    expectError(withKey(3, io().feeVault), "InvalidVault");
    const fake = Keypair.generate().publicKey;
    w.chain.setAccount(fake, { data: w.chain.account(iosdStateKey()[0])!.data, owner: SystemProgram.programId });
    expectError(withKey(5, fake), "InvalidVault");
    // io_token's IosdState at its address but not owned by io_token (rewritten), is refused too
    const state = w.chain.account(iosdStateKey()[0])!;
    w.chain.setAccount(iosdStateKey()[0], { data: state.data, owner: SystemProgram.programId });
    expectError(prove(), "InvalidVault");
  });

  it("the whole USDC and IO loop balances: every fee and share is swept, burned, or still in its vault", () => {
    createBuybackVaults();
    const users = [u, w.user()];
    let step = 0;
    for (const user of users) {
      for (const currency of CURRENCIES) {
        settled(currency, 5 + step, 3 + (step % 3), user);
        step++;
        if (step % 2 === 0) {
          // Sweep what is unswept; a vault with nothing new refuses (NothingToSweep)
          const cfg = config();
          const unswept = (c: Currency) => cfg.fees[c].add(cfg.buyback[c]).sub(cfg.sweptFees[c]).sub(cfg.sweptBuyback[c]);
          for (const [c, sweep] of [[Currency.Usdc, sweepUsdc], [Currency.Io, sweepIo]] as const) {
            if (unswept(c).gtn(0)) expectOk(sweep());
            else expectError(sweep(), "NothingToSweep");
          }
        }
        expectOk(prove());
      }
    }
    const cfg = config();
    const usdcIn = cfg.fees[Currency.Usdc].add(cfg.buyback[Currency.Usdc]);
    expect(cfg.toBuyback.add(cfg.toIncentives).add(w.balance(usdc().feeVault)).toString()).to.equal(usdcIn.toString());
    const ioIn = cfg.fees[Currency.Io].add(cfg.buyback[Currency.Io]);
    expect(cfg.ioBurned.add(w.balance(io().feeVault)).toString()).to.equal(ioIn.toString());
  });
});
