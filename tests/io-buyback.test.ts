/**
 * io_buyback on the real .so: lots of the USDC fees sold in Dutch auctions for IO the buyer
 * burns (a real Token-2022 burn: the supply falls), never below the oracle bound; pause and
 * guardian; incentives; proof of reserves. Every refusal leaves the state unchanged.
 */
import { expect } from "chai";
import BN from "bn.js";
import { Program } from "@coral-xyz/anchor";
import { Connection, Keypair, PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import {
  createAssociatedTokenAccountIdempotentInstruction,
  createInitializeMint2Instruction,
  getAssociatedTokenAddressSync,
  MINT_SIZE,
  TOKEN_PROGRAM_ID,
} from "@solana/spl-token";
import {
  acceptBuybackAdminInstruction,
  buyInstruction,
  IO_BUYBACK_IDL,
  IoBuyback,
  buybackAuthorityKey,
  buybackConfigKey,
  buybackUsdcVaultKey,
  Currency,
  DEFAULT_BUYBACK_PARAMS,
  incentivesVaultKey,
  ioMintKey,
  jobsConfigKey,
  crankInstruction,
  decodeEmissionState,
  emissionKey,
  GENESIS_SUPPLY,
  initEmissionsInstruction,
  parseIoTokenEvents,
  setRemintCapInstruction,
  parseIoBuybackEvents,
  priceFeedKey,
  initializeBuybackInstruction,
  pauseBuybackInstruction,
  proposeBuybackAdminInstruction,
  proveBuybackReservesInstruction,
  setBuybackParamsInstruction,
  setGuardianInstruction,
  spendIncentivesInstruction,
  startLotInstruction,
  unpauseBuybackInstruction,
} from "../sdk/src";
import { ioSupply } from "./fixtures";
import { expectError, expectOk } from "./harness";
import { BuybackWorld, IO, USD } from "./buyback-world";
import { User } from "./jobs-world";

const BPS = 10_000n;
const ceil = (a: bigint, b: bigint) => (a + b - 1n) / b;
/** IO base units $1 buys at a price in 1e-8 USD (the program's oracle rate), rounded up. */
const oracleRate = (price: bigint) => ceil(10n ** 16n, price);
/** The oracle bound, computed independently of the SDK: ceil(10^20 / (conservative x (10^4 + premium))). */
const boundRate = (price: bigint, conf: bigint, multiple = 2n, premium = 100n) => ceil(10n ** 20n, (price - multiple * conf) * (BPS + premium));
const ioFor = (usdc: bigint, rate: bigint) => ceil(usdc * rate, 1_000_000n);
const big = (b: BN) => BigInt(b.toString());
const bn = (b: bigint) => new BN(b.toString());

/** The IO the buyer holds, in base units. */
const ioOf = (w: BuybackWorld, u: User) => big(w.balance(u.token[Currency.Io]));
const usdcOf = (w: BuybackWorld, u: User) => big(w.balance(u.token[Currency.Usdc]));

describe("io_buyback", () => {
  let w: BuybackWorld;
  let buyer: User;

  beforeEach(() => {
    w = new BuybackWorld();
    buyer = w.buyer();
  });

  const startLot = () => w.chain.send([startLotInstruction()], [w.chain.payer]);

  describe("initialize", () => {
    it("creates the config and two USDC vaults owned by the authority PDA, once, by the upgrade authority", () => {
      const c = w.config();
      expect(c.admin.equals(w.admin.publicKey)).to.equal(true);
      expect(c.guardian.equals(w.admin.publicKey)).to.equal(true);
      expect(c.usdcMint.equals(w.usdcMint)).to.equal(true);
      expect([c.lotPeriod, c.multiplierBps, c.floorBps, c.premiumBps, c.confMultiple, c.maxPriceAge]).to.deep.equal([3_600, 15_000, 5_000, 100, 2, 600]);
      expect(c.lotId.toNumber()).to.equal(0);
      for (const vault of [buybackUsdcVaultKey()[0], incentivesVaultKey()[0]]) {
        const info = w.chain.account(vault)!;
        expect(info.owner.equals(TOKEN_PROGRAM_ID)).to.equal(true);
        expect(new PublicKey(info.data.subarray(0, 32)).equals(w.usdcMint)).to.equal(true);
        expect(new PublicKey(info.data.subarray(32, 64)).equals(buybackAuthorityKey()[0])).to.equal(true);
      }
      // A second initialisation, by the admin or anyone: refused, nothing changes
      const before = w.chain.snapshot(w.stateKeys());
      expectError(w.initializeBuyback(), "AlreadyInitialized");
      expectError(w.initializeBuyback(DEFAULT_BUYBACK_PARAMS, w.wallet()), "Unauthorized");
      expect(w.chain.snapshot(w.stateKeys())).to.equal(before);
    });

    it("refuses anyone but the upgrade authority, a USDC mint other than io_jobs', and out-of-bounds parameters", () => {
      const fresh = new BuybackWorld({ initializeBuyback: false });
      expectError(fresh.initializeBuyback(DEFAULT_BUYBACK_PARAMS, fresh.wallet()), "Unauthorized");
      // Another SPL Token mint with 6 decimals: not the one io_jobs' fees are paid in
      const other = Keypair.generate();
      const payer = fresh.chain.payer;
      expectOk(
        fresh.chain.send(
          [
            SystemProgram.createAccount({ fromPubkey: payer.publicKey, newAccountPubkey: other.publicKey, lamports: 1_461_600, space: MINT_SIZE, programId: TOKEN_PROGRAM_ID }),
            createInitializeMint2Instruction(other.publicKey, 6, payer.publicKey, null),
          ],
          [payer, other],
        ),
      );
      expectError(fresh.initializeBuyback(DEFAULT_BUYBACK_PARAMS, fresh.admin, other.publicKey), "InvalidVault");
      expectError(fresh.initializeBuyback({ ...DEFAULT_BUYBACK_PARAMS, multiplierBps: 10_999 }), "InvalidParams");
      expectError(fresh.initializeBuyback({ ...DEFAULT_BUYBACK_PARAMS, floorBps: 7_000 }), "InvalidParams"); // 0.7 x 1.5 >= 1
      expectError(fresh.initializeBuyback({ ...DEFAULT_BUYBACK_PARAMS, premiumBps: 1_001 }), "InvalidParams");
      expect(fresh.chain.account(buybackConfigKey()[0])).to.equal(null);
      expectOk(fresh.initializeBuyback());
    });
  });

  describe("start_lot", () => {
    it("refuses an empty vault, starts the first lot at the oracle rate x the multiplier, and refuses a second while it is live", () => {
      const before = w.chain.snapshot(w.stateKeys());
      expectError(startLot(), "NothingToSell");
      expect(w.chain.snapshot(w.stateKeys())).to.equal(before);

      w.fundVault(USD.muln(250_000)); // more than a lot
      const res = expectOk(startLot());
      const c = w.config();
      const start = (oracleRate(200_000_000n) * 15_000n) / BPS;
      expect(c.lotId.toNumber()).to.equal(1);
      expect(big(c.lotSize)).to.equal(100_000_000_000n); // max_lot: $100,000
      expect(big(c.lotRemaining)).to.equal(100_000_000_000n);
      expect(big(c.startRate)).to.equal(start);
      expect(big(c.floorRate)).to.equal(start / 2n);
      expect(big(c.lotEndsAt) - big(c.lotStartedAt)).to.equal(3_600n);
      const [ev] = parseIoBuybackEvents(res.logs);
      expect(ev.name).to.equal("lotStarted");
      expect((ev.data.startRate as BN).toString()).to.equal(start.toString());

      const live = w.chain.snapshot(w.stateKeys());
      expectError(startLot(), "LotLive");
      w.chain.warp(3_599);
      expectError(startLot(), "LotLive");
      expect(w.chain.snapshot(w.stateKeys())).to.equal(live);
    });

    it("needs a fresh, healthy price for the first lot", () => {
      w.fundVault(USD.muln(10));
      const before = w.chain.snapshot(w.stateKeys());
      w.chain.warp(601);
      expectError(startLot(), "StalePrice");
      w.setPrice(2, 0.01, { healthy: false });
      expectError(startLot(), "UnhealthyPrice");
      expect(w.chain.snapshot(w.stateKeys())).to.equal(before);
      w.setPrice(2, 0.01);
      expectOk(startLot());
    });
  });

  describe("buy", () => {
    beforeEach(() => {
      w.fundVault(USD.muln(1_000));
      expectOk(startLot());
    });

    it("burns the buyer's IO at the auction rate and pays the USDC: supply falls, the event tells, within 15,000 CU", () => {
      const c = w.config();
      w.chain.warp(600); // a sixth of the period
      w.setPrice(2, 0.01);
      const rate = big(c.startRate) - ((big(c.startRate) - big(c.floorRate)) * 600n) / 3_600n;
      expect(rate > boundRate(200_000_000n, 1_000_000n)).to.equal(true); // the auction asks more than the bound
      const usdc = 100_000_000n; // $100
      const io = ioFor(usdc, rate);
      const [supply, ioBefore, usdcBefore] = [big(ioSupply(w.chain)), ioOf(w, buyer), usdcOf(w, buyer)];

      const res = expectOk(w.chain.send([w.buyInstruction(buyer, { usdc: bn(usdc), maxIo: bn(io) })], [buyer.wallet]));
      expect(res.computeUnits).to.be.at.most(15_000);
      expect(ioOf(w, buyer)).to.equal(ioBefore - io);
      expect(usdcOf(w, buyer)).to.equal(usdcBefore + usdc);
      expect(big(ioSupply(w.chain))).to.equal(supply - io);
      const after = w.config();
      expect(big(after.lotRemaining)).to.equal(1_000_000_000n - usdc);
      expect(big(after.usdcSold)).to.equal(usdc);
      expect(big(after.ioBurned)).to.equal(io);
      expect(big(after.daySold)).to.equal(usdc);
      const [ev] = parseIoBuybackEvents(res.logs);
      expect(ev.name).to.equal("lotBought");
      expect(ev.data.buyer instanceof PublicKey && ev.data.buyer.equals(buyer.wallet.publicKey)).to.equal(true);
      expect([ev.data.lotId, ev.data.usdc, ev.data.ioBurned, ev.data.rate, ev.data.price, ev.data.supplyAfter].map((x) => (x as BN).toString())).to.deep.equal(
        [1n, usdc, io, rate, 200_000_000n, supply - io].map(String),
      );
    });

    it("refuses, each with its error and unchanged state: after the deadline, above max_io, below the oracle bound, a wrong lot, a stale or unhealthy price, while paused", () => {
      const c = w.config();
      const usdc = 10_000_000n;
      const io = ioFor(usdc, big(c.startRate)); // at the start, nothing has fallen yet
      const keys = w.stateKeys([buyer.token[Currency.Io], buyer.token[Currency.Usdc], ioMintKey()[0]]);
      const before = w.chain.snapshot(keys);
      const send = (args: Parameters<BuybackWorld["buyInstruction"]>[1]) => w.chain.send([w.buyInstruction(buyer, args)], [buyer.wallet]);

      expectError(send({ usdc: bn(usdc), maxIo: bn(io), deadline: bn(w.chain.now() - 1n) }), "DeadlinePassed");
      expectError(send({ usdc: bn(usdc), maxIo: bn(io - 1n) }), "AboveMaxIo");
      expectError(send({ usdc: bn(usdc), maxIo: bn(ioFor(usdc, boundRate(200_000_000n, 1_000_000n)) - 1n) }), "BelowOracleBound");
      expectError(send({ usdc: bn(usdc), maxIo: bn(io), lotId: new BN(2) }), "LotNotLive");
      expectError(send({ usdc: bn(usdc), maxIo: bn(io), lotId: new BN(0) }), "LotNotLive");
      expectError(send({ usdc: new BN(0), maxIo: bn(io) }), "ZeroAmount");
      w.setPrice(2, 0.01, { age: 601 });
      expectError(send({ usdc: bn(usdc), maxIo: bn(io) }), "StalePrice");
      w.setPrice(2, 0.01, { healthy: false });
      expectError(send({ usdc: bn(usdc), maxIo: bn(io) }), "UnhealthyPrice");
      w.setPrice(2, 1); // twice the confidence leaves no conservative price
      expectError(send({ usdc: bn(usdc), maxIo: bn(io) }), "UnhealthyPrice");
      w.setPrice(2, 0.01);
      // (the price feed was rewritten to what it was: compare the rest)
      expect(w.chain.snapshot(keys)).to.equal(before);
      expectOk(w.chain.send([pauseBuybackInstruction({ caller: w.admin.publicKey })], [w.admin]));
      const paused = w.chain.snapshot(keys);
      expectError(send({ usdc: bn(usdc), maxIo: bn(io) }), "Paused");
      expect(w.chain.snapshot(keys)).to.equal(paused);
      expectOk(w.chain.send([unpauseBuybackInstruction({ admin: w.admin.publicKey })], [w.admin]));
      expectOk(send({ usdc: bn(usdc), maxIo: bn(io) }));
    });

    it("refuses a lot already sold, and pays no one twice", () => {
      const c = w.config();
      const all = big(c.lotRemaining);
      const io = ioFor(all, big(c.startRate));
      expectOk(w.chain.send([w.buyInstruction(buyer, { usdc: bn(all), maxIo: bn(io) })], [buyer.wallet]));
      const after = w.config();
      expect(after.lotRemaining.isZero()).to.equal(true);
      expect(after.lotsSold.toNumber()).to.equal(1);
      expect(big(after.referenceRate)).to.equal(big(c.startRate));
      const other = w.buyer();
      const before = w.chain.snapshot(w.stateKeys([other.token[Currency.Io]]));
      expectError(w.chain.send([w.buyInstruction(other, { usdc: USD, maxIo: IO.muln(10), lotId: new BN(1) })], [other.wallet]), "LotSold");
      expect(w.chain.snapshot(w.stateKeys([other.token[Currency.Io]]))).to.equal(before);
      // The vault is empty: no next lot
      expectError(startLot(), "NothingToSell");
    });

    it("holds a buyer to the oracle bound right after the price drops (IO cheaper), even at the auction's floor", () => {
      const c = w.config();
      w.chain.warp(3_600); // the rate has reached its floor: 0.375 IO per $1 (IO at $2.67)
      // IO falls to $0.50: $1 is now worth 2 IO, and the floor would hand the USDC out at a fifth of that
      w.setPrice(0.5, 0.01);
      const usdc = 300_000_000n; // $300 of the lot's $1,000
      const atFloor = ioFor(usdc, big(c.floorRate));
      const bound = boundRate(50_000_000n, 1_000_000n);
      expect(bound > 5n * big(c.floorRate)).to.equal(true);
      const before = w.chain.snapshot(w.stateKeys([buyer.token[Currency.Io]]));
      expectError(w.chain.send([w.buyInstruction(buyer, { usdc: bn(usdc), maxIo: bn(atFloor) })], [buyer.wallet]), "BelowOracleBound");
      expect(w.chain.snapshot(w.stateKeys([buyer.token[Currency.Io]]))).to.equal(before);
      // At the bound it clears: the protocol paid at most the conservative price + 1% per IO
      const io = ioFor(usdc, bound);
      const ioBefore = ioOf(w, buyer);
      const res = expectOk(w.chain.send([w.buyInstruction(buyer, { usdc: bn(usdc), maxIo: bn(io) })], [buyer.wallet]));
      expect(ioOf(w, buyer)).to.equal(ioBefore - io);
      expect((parseIoBuybackEvents(res.logs)[0].data.rate as BN).toString()).to.equal(bound.toString());
      // usdc / 10^6 USD per io / 10^8 IO <= (price - 2 conf) x 1.01
      expect(usdc * 10n ** 10n * BPS <= io * 48_000_000n * (BPS + 100n)).to.equal(true);
      expect(big(w.config().lotRemaining)).to.equal(big(c.lotRemaining) - usdc);
    });

    it("a front-run partial fill: the second buyer gets what is left at the same rate, paying at most its max_io", () => {
      w.chain.warp(1_800);
      w.setPrice(2, 0.01);
      const c = w.config();
      const rate = big(c.startRate) - ((big(c.startRate) - big(c.floorRate)) * 1_800n) / 3_600n;
      const all = big(c.lotRemaining);
      const victimMax = ioFor(all, rate);
      // The front-runner takes 60% in the same slot, before the victim's transaction
      const runner = w.buyer();
      const taken = (all * 6n) / 10n;
      expectOk(w.chain.send([w.buyInstruction(runner, { usdc: bn(taken), maxIo: bn(ioFor(taken, rate)) })], [runner.wallet]));
      const ioBefore = ioOf(w, buyer);
      const usdcBefore = usdcOf(w, buyer);
      const res = expectOk(w.chain.send([w.buyInstruction(buyer, { usdc: bn(all), maxIo: bn(victimMax) })], [buyer.wallet]));
      const left = all - taken;
      expect(usdcOf(w, buyer)).to.equal(usdcBefore + left);
      expect(ioOf(w, buyer)).to.equal(ioBefore - ioFor(left, rate));
      expect(ioFor(left, rate) <= victimMax).to.equal(true);
      expect((parseIoBuybackEvents(res.logs)[0].data.usdc as BN).toString()).to.equal(left.toString());
      expect(w.config().lotRemaining.isZero()).to.equal(true);
    });

    it("after a clock jump past the period the rate is the floor; the next lot restarts from the floor x the multiplier and takes what was left", () => {
      const c = w.config();
      w.chain.warp(10 * 86_400);
      w.setPrice(4, 0.01); // IO dearer: the bound is below the floor now
      expect(boundRate(400_000_000n, 1_000_000n) < big(c.floorRate)).to.equal(true);
      const usdc = 100_000_000n;
      const res = expectOk(w.chain.send([w.buyInstruction(buyer, { usdc: bn(usdc), maxIo: bn(ioFor(usdc, big(c.floorRate))) })], [buyer.wallet]));
      expect((parseIoBuybackEvents(res.logs)[0].data.rate as BN).toString()).to.equal(c.floorRate.toString());
      // The period has passed with USDC left: anyone restarts; the old lot is gone
      w.fundVault(USD.muln(50));
      expectOk(startLot());
      const next = w.config();
      expect(next.lotId.toNumber()).to.equal(2);
      // (the floor x 1.5, but never above the oracle's rate x 1.5: IO at $4 is 0.25 IO per $1)
      const cap = oracleRate(400_000_000n);
      expect(big(next.startRate)).to.equal(((big(c.floorRate) < cap ? big(c.floorRate) : cap) * 15_000n) / BPS);
      expect(big(next.lotSize)).to.equal(1_000_000_000n - usdc + 50_000_000n);
      expectError(w.chain.send([w.buyInstruction(buyer, { usdc: USD, maxIo: IO, lotId: new BN(1) })], [buyer.wallet]), "LotNotLive");
    });

    it("the next lot after a sold-out one starts at its clearing rate x the multiplier, never below min_rate", () => {
      const c = w.config();
      w.chain.warp(900);
      w.setPrice(2, 0.01);
      const rate = big(c.startRate) - ((big(c.startRate) - big(c.floorRate)) * 900n) / 3_600n;
      const all = big(c.lotRemaining);
      expectOk(w.chain.send([w.buyInstruction(buyer, { usdc: bn(all), maxIo: bn(ioFor(all, rate)) })], [buyer.wallet]));
      w.fundVault(USD.muln(10));
      expectOk(startLot()); // sold out: no need to wait for the period
      // The clearing rate x 1.5, or the oracle's rate x 1.5 if that is lower (IO at $2: 0.5 IO per $1)
      const cap = oracleRate(200_000_000n);
      expect(big(w.config().startRate)).to.equal(((rate < cap ? rate : cap) * 15_000n) / BPS);
      // With a minimum above that, the minimum
      const all2 = big(w.config().lotRemaining);
      const c2 = w.config();
      expectOk(w.chain.send([w.buyInstruction(buyer, { usdc: bn(all2), maxIo: bn(ioFor(all2, big(c2.startRate))) })], [buyer.wallet]));
      const minRate = new BN(10).pow(new BN(12));
      expectOk(w.chain.send([setBuybackParamsInstruction({ admin: w.admin.publicKey, ...DEFAULT_BUYBACK_PARAMS, minRate })], [w.admin]));
      w.fundVault(USD.muln(10));
      expectOk(startLot());
      expect(w.config().startRate.toString()).to.equal(minRate.toString());
    });

    it("a buyer cannot escalate the start by clearing tiny lots at their start rate: it stays within the oracle's rate x the multiplier", () => {
      // Given the live lot bought out at its start rate, then tiny lots (1 base unit of USDC) started and bought out at once, again and again
      const buyOut = () => {
        const c = w.config();
        expectOk(w.chain.send([w.buyInstruction(buyer, { usdc: bn(big(c.lotRemaining)), maxIo: bn(ioFor(big(c.lotRemaining), big(c.startRate))) })], [buyer.wallet]));
      };
      buyOut();
      const cap = (oracleRate(200_000_000n) * 15_000n) / BPS;
      for (let i = 0; i < 6; i++) {
        w.fundVault(new BN(1));
        expectOk(startLot());
        // Then each start is at most the oracle's rate x 1.5 (without the cap: 1.5^i times the first)
        expect(big(w.config().startRate) <= cap).to.equal(true);
        buyOut();
      }
      expect(big(w.config().startRate)).to.equal(cap);
      // And a start needs a fresh price now
      w.fundVault(new BN(1));
      w.setPrice(2, 0.01, { age: 601 });
      expectError(startLot(), "StalePrice");
    });

    it("stops at the daily cap and resumes a day later", () => {
      expectOk(w.chain.send([setBuybackParamsInstruction({ admin: w.admin.publicKey, ...DEFAULT_BUYBACK_PARAMS, maxLot: USD.muln(300), maxDaily: USD.muln(300) })], [w.admin]));
      const c = w.config();
      const send = (usdc: bigint) =>
        w.chain.send([w.buyInstruction(buyer, { usdc: bn(usdc), maxIo: bn(ioFor(usdc, big(c.startRate) * 2n)) })], [buyer.wallet]);
      expectOk(send(200_000_000n));
      // Asks for $200 more: filled to the cap's $100
      const res = expectOk(send(200_000_000n));
      expect((parseIoBuybackEvents(res.logs)[0].data.usdc as BN).toString()).to.equal("100000000");
      const before = w.chain.snapshot(w.stateKeys());
      expectError(send(1n), "DailyCapReached");
      expect(w.chain.snapshot(w.stateKeys())).to.equal(before);
      w.chain.warp(86_400);
      w.setPrice(2, 0.01);
      expectOk(send(1_000_000n));
      expect(big(w.config().daySold)).to.equal(1_000_000n);
    });

    it("refuses substituted accounts: the vaults as destination, another vault as source, a fake IO mint, someone else's IO", () => {
      const c = w.config();
      const usdc = 1_000_000n;
      const maxIo = bn(ioFor(usdc, big(c.startRate)));
      const keys = w.stateKeys([buyer.token[Currency.Io]]);
      const before = w.chain.snapshot(keys);
      for (const dest of [buybackUsdcVaultKey()[0], incentivesVaultKey()[0]]) {
        expectError(w.chain.send([w.buyInstruction(buyer, { usdc: bn(usdc), maxIo, buyerUsdc: dest })], [buyer.wallet]), "InvalidDestination");
      }
      // The incentives vault passed as the USDC vault
      const swapped = w.buyInstruction(buyer, { usdc: bn(usdc), maxIo });
      swapped.keys[6] = { ...swapped.keys[6], pubkey: incentivesVaultKey()[0] };
      expectError(w.chain.send([swapped], [buyer.wallet]), "InvalidVault");
      // Another USDC account as the vault (the buyer's own)
      const own = w.buyInstruction(buyer, { usdc: bn(usdc), maxIo });
      own.keys[6] = { ...own.keys[6], pubkey: buyer.token[Currency.Usdc] };
      expectError(w.chain.send([own], [buyer.wallet]), "InvalidVault");
      // A mint of the buyer's own making instead of IO
      const fakeMint = w.buyInstruction(buyer, { usdc: bn(usdc), maxIo });
      fakeMint.keys[4] = { ...fakeMint.keys[4], pubkey: w.usdcMint };
      expectError(w.chain.send([fakeMint], [buyer.wallet]), "InvalidVault");
      // A wrong USDC mint
      const wrongUsdc = w.buyInstruction(buyer, { usdc: bn(usdc), maxIo });
      wrongUsdc.keys[7] = { ...wrongUsdc.keys[7], pubkey: ioMintKey()[0] };
      expectError(w.chain.send([wrongUsdc], [buyer.wallet]), "InvalidVault");
      expect(w.chain.snapshot(keys)).to.equal(before);
      // Burning someone else's IO: the token program refuses (the buyer is not its owner)
      const victim = w.buyer();
      const theirs = w.chain.send([w.buyInstruction(buyer, { usdc: bn(usdc), maxIo, buyerIo: victim.token[Currency.Io] })], [buyer.wallet]);
      expect(theirs.ok).to.equal(false);
      expect(w.chain.snapshot(keys)).to.equal(before);
    });
  });

  describe("governance: params, guardian, pause, incentives, admin", () => {
    it("the guardian pauses at once but cannot unpause, set parameters or spend; the admin can", () => {
      const guardian = w.wallet();
      const intruder = w.wallet();
      expectError(w.chain.send([setGuardianInstruction({ admin: intruder.publicKey, guardian: intruder.publicKey })], [intruder]), "Unauthorized");
      expectOk(w.chain.send([setGuardianInstruction({ admin: w.admin.publicKey, guardian: guardian.publicKey })], [w.admin]));
      expect(w.config().guardian.equals(guardian.publicKey)).to.equal(true);
      expectError(w.chain.send([pauseBuybackInstruction({ caller: intruder.publicKey })], [intruder]), "Unauthorized");
      expectOk(w.chain.send([pauseBuybackInstruction({ caller: guardian.publicKey })], [guardian]));
      expect(w.config().paused).to.equal(true);
      w.fundVault(USD.muln(10));
      const paused = w.chain.snapshot(w.stateKeys());
      expectError(startLot(), "Paused");
      expectError(w.chain.send([unpauseBuybackInstruction({ admin: guardian.publicKey })], [guardian]), "Unauthorized");
      expectError(w.chain.send([setBuybackParamsInstruction({ admin: guardian.publicKey, ...DEFAULT_BUYBACK_PARAMS, premiumBps: 1_000 })], [guardian]), "Unauthorized");
      const dest = w.tokenAccount(guardian.publicKey, Currency.Usdc);
      expectError(w.chain.send([spendIncentivesInstruction({ admin: guardian.publicKey, usdcMint: w.usdcMint, destination: dest, amount: USD })], [guardian]), "Unauthorized");
      expect(w.chain.snapshot(w.stateKeys())).to.equal(paused);
      expectOk(w.chain.send([unpauseBuybackInstruction({ admin: w.admin.publicKey })], [w.admin]));
      expect(w.config().paused).to.equal(false);
      expectOk(startLot());
    });

    it("set_buyback_params checks every bound and leaves the live lot's terms alone", () => {
      w.fundVault(USD.muln(10));
      expectOk(startLot());
      const lot = w.config();
      const before = w.chain.snapshot(w.stateKeys());
      const bad = [
        { lotPeriod: 59 },
        { lotPeriod: 7 * 86_400 + 1 },
        { multiplierBps: 30_001 },
        { floorBps: 0 },
        { floorBps: 5_000, multiplierBps: 20_000 },
        { minRate: new BN(0) },
        { maxLot: new BN(0) },
        { maxLot: USD.muln(2), maxDaily: USD },
        { premiumBps: 1_001 },
        { confMultiple: 11 },
        { maxPriceAge: 0 },
        { maxPriceAge: 3_601 },
      ];
      for (const b of bad) {
        expectError(w.chain.send([setBuybackParamsInstruction({ admin: w.admin.publicKey, ...DEFAULT_BUYBACK_PARAMS, ...b })], [w.admin]), "InvalidParams");
      }
      expect(w.chain.snapshot(w.stateKeys())).to.equal(before);
      expectOk(w.chain.send([setBuybackParamsInstruction({ admin: w.admin.publicKey, ...DEFAULT_BUYBACK_PARAMS, lotPeriod: 60, floorBps: 1_000 })], [w.admin]));
      const after = w.config();
      expect([after.lotPeriod, after.floorBps]).to.deep.equal([60, 1_000]);
      expect([after.startRate, after.floorRate, after.lotEndsAt].map(String)).to.deep.equal([lot.startRate, lot.floorRate, lot.lotEndsAt].map(String));
    });

    it("spend_incentives: the admin pays out of the incentives vault, never into the program's own vaults nor beyond the balance", () => {
      w.fundVault(USD.muln(500), incentivesVaultKey()[0]);
      const recipient = Keypair.generate().publicKey;
      const dest = w.tokenAccount(recipient, Currency.Usdc);
      const before = w.chain.snapshot(w.stateKeys());
      expectError(w.chain.send([spendIncentivesInstruction({ admin: w.admin.publicKey, usdcMint: w.usdcMint, destination: buybackUsdcVaultKey()[0], amount: USD })], [w.admin]), "InvalidDestination");
      expectError(w.chain.send([spendIncentivesInstruction({ admin: w.admin.publicKey, usdcMint: w.usdcMint, destination: incentivesVaultKey()[0], amount: USD })], [w.admin]), "InvalidDestination");
      expectError(w.chain.send([spendIncentivesInstruction({ admin: w.admin.publicKey, usdcMint: w.usdcMint, destination: dest, amount: USD.muln(501) })], [w.admin]), "InsufficientFunds");
      expectError(w.chain.send([spendIncentivesInstruction({ admin: w.admin.publicKey, usdcMint: w.usdcMint, destination: dest, amount: new BN(0) })], [w.admin]), "ZeroAmount");
      expect(w.chain.snapshot(w.stateKeys())).to.equal(before);
      const res = expectOk(w.chain.send([spendIncentivesInstruction({ admin: w.admin.publicKey, usdcMint: w.usdcMint, destination: dest, amount: USD.muln(120) })], [w.admin]));
      expect(w.usdcBalance(dest).toString()).to.equal(USD.muln(120).toString());
      expect(w.incentivesBalance().toString()).to.equal(USD.muln(380).toString());
      expect(w.config().incentivesSpent.toString()).to.equal(USD.muln(120).toString());
      const [ev] = parseIoBuybackEvents(res.logs);
      expect(ev.name).to.equal("incentivesSpent");
      expect((ev.data.spentTotal as BN).toString()).to.equal(USD.muln(120).toString());
    });

    it("hands the admin over in two steps", () => {
      const next = w.wallet();
      expectError(w.chain.send([acceptBuybackAdminInstruction({ newAdmin: next.publicKey })], [next]), "NoPendingAdmin");
      expectOk(w.chain.send([proposeBuybackAdminInstruction({ admin: w.admin.publicKey, newAdmin: next.publicKey })], [w.admin]));
      expectOk(w.chain.send([acceptBuybackAdminInstruction({ newAdmin: next.publicKey })], [next]));
      expect(w.config().admin.equals(next.publicKey)).to.equal(true);
      expectError(w.chain.send([unpauseBuybackInstruction({ admin: w.admin.publicKey })], [w.admin]), "Unauthorized");
    });
  });

  describe("prove_reserves", () => {
    const prove = () => w.chain.send([proveBuybackReservesInstruction()], [w.chain.payer]);

    /** Writes io_jobs' sweep totals where io_buyback reads them (io_common::buyback offsets). */
    const setJobsTotals = (toBuyback: bigint, toIncentives: bigint) => {
      const [key] = jobsConfigKey();
      const info = w.chain.account(key)!;
      const data = Buffer.from(info.data);
      data.writeBigUInt64LE(toBuyback, 442);
      data.writeBigUInt64LE(toIncentives, 450);
      w.chain.setAccount(key, { data, owner: info.owner, lamports: BigInt(info.lamports) });
    };

    it("proves each vault with the exact surplus, and fails with ReservesShort when a vault is short", () => {
      w.fundVault(USD.muln(1_000));
      w.fundVault(USD.muln(300), incentivesVaultKey()[0]);
      expectOk(startLot());
      const c = w.config();
      const usdc = 400_000_000n;
      expectOk(w.chain.send([w.buyInstruction(buyer, { usdc: bn(usdc), maxIo: bn(ioFor(usdc, big(c.startRate))) })], [buyer.wallet]));
      expectOk(w.chain.send([spendIncentivesInstruction({ admin: w.admin.publicKey, usdcMint: w.usdcMint, destination: w.tokenAccount(w.admin.publicKey, Currency.Usdc), amount: USD.muln(100) })], [w.admin]));
      // io_jobs swept $1,000 to the buyback and $300 to incentives
      setJobsTotals(1_000_000_000n, 300_000_000n);
      const events = parseIoBuybackEvents(expectOk(prove()).logs);
      expect(events.map((e) => e.name)).to.deep.equal(["reservesProven", "reservesProven"]);
      const fields = (i: number) => ["balance", "obligations", "surplus"].map((k) => (events[i].data[k] as BN).toString());
      expect((events[0].data.vault as PublicKey).equals(buybackUsdcVaultKey()[0])).to.equal(true);
      // $600 held: owes the lot's $600 left (and $1,000 swept - $400 sold)
      expect(fields(0)).to.deep.equal(["600000000", "600000000", "0"]);
      expect((events[1].data.vault as PublicKey).equals(incentivesVaultKey()[0])).to.equal(true);
      expect(fields(1)).to.deep.equal(["200000000", "200000000", "0"]);

      // A donation is surplus
      w.fundVault(new BN(7));
      expect((parseIoBuybackEvents(expectOk(prove()).logs)[0].data.surplus as BN).toString()).to.equal("7");

      // io_jobs says it swept more than the vault accounts for: short
      const before = w.chain.snapshot(w.stateKeys());
      setJobsTotals(1_000_000_008n, 300_000_000n);
      const short = prove();
      expectError(short, "ReservesShort");
      // The log names the short vault, and its proof (surplus 0) is in the failed transaction's logs
      const named = (logs: string[], vault: PublicKey) => logs.some((l) => l.includes("ReservesShort")) && logs.some((l) => l.endsWith(vault.toBase58()));
      expect(named(short.logs, buybackUsdcVaultKey()[0])).to.equal(true);
      expect(named(short.logs, incentivesVaultKey()[0])).to.equal(false);
      const shortProof = parseIoBuybackEvents(short.logs)[0].data;
      expect(["balance", "obligations", "surplus"].map((k) => (shortProof[k] as BN).toString())).to.deep.equal(["600000007", "600000008", "0"]);
      setJobsTotals(1_000_000_000n, 300_000_001n);
      const shortIncentives = prove();
      expectError(shortIncentives, "ReservesShort");
      expect(named(shortIncentives.logs, incentivesVaultKey()[0])).to.equal(true);
      expect(named(shortIncentives.logs, buybackUsdcVaultKey()[0])).to.equal(false);
      expect(w.chain.snapshot(w.stateKeys())).to.equal(before);
    });

    it("the vault must cover the live lot even with nothing recorded by io_jobs, and only io_jobs' config counts", () => {
      w.fundVault(USD.muln(100));
      expectOk(startLot());
      expectOk(prove());
      // The vault loses USDC it owed the lot (written directly: no instruction can do it)
      const [vault] = buybackUsdcVaultKey();
      const info = w.chain.account(vault)!;
      const data = Buffer.from(info.data);
      data.writeBigUInt64LE(99_000_000n, 64);
      w.chain.setAccount(vault, { data, owner: info.owner, lamports: BigInt(info.lamports) });
      expectError(prove(), "ReservesShort");
      // Another account in io_jobs' config's place
      const fake = proveBuybackReservesInstruction();
      fake.keys[3] = { ...fake.keys[3], pubkey: buybackConfigKey()[0] };
      expectError(w.chain.send([fake], [w.chain.payer]), "InvalidJobsConfig");
    });
  });

  describe("net emissions", () => {
    it("IO burned by a buyer lowers the supply, and the crank re-mints it within its hourly cap", () => {
      // Given emissions into the admin's IO account, and a buy that burns IO
      const rewardsVault = w.tokenAccount(w.admin.publicKey, Currency.Io);
      expectOk(w.chain.send([initEmissionsInstruction({ admin: w.admin.publicKey, rewardsVault })], [w.admin]));
      w.fundVault(USD.muln(100));
      expectOk(startLot());
      const c = w.config();
      const usdc = 100_000_000n;
      const io = ioFor(usdc, big(c.startRate));
      const supply0 = big(ioSupply(w.chain));
      expectOk(w.chain.send([w.buyInstruction(buyer, { usdc: bn(usdc), maxIo: bn(io) })], [buyer.wallet]));
      expect(big(ioSupply(w.chain))).to.equal(supply0 - io);
      // Burned so far: everything ever minted less the supply (the buy's IO, and the IOSD the world's users minted)
      const emission = () => decodeEmissionState(w.chain.account(emissionKey()[0])!);
      const burned = () => big(GENESIS_SUPPLY) + big(emission().minted) + big(emission().reminted) - big(ioSupply(w.chain));
      const unreminted = burned() - big(emission().reminted);
      expect(unreminted >= io).to.equal(true);
      // When the admin allows a quarter of the buy's IO per hour and the crank runs an hour later
      const cap = io / 4n;
      expectOk(w.chain.send([setRemintCapInstruction({ admin: w.admin.publicKey, capPerHour: bn(cap) })], [w.admin]));
      w.chain.warp(3_600);
      const first = expectOk(w.chain.send([crankInstruction({ rewardsVault })], [w.chain.payer]));
      const reminted = (parseIoTokenEvents(first.logs)[0].data.reminted as BN).toString();
      // Then it re-mints one hour's cap, no more
      expect(reminted).to.equal(cap.toString());
      // And in time everything burned is re-minted, and nothing beyond it
      w.chain.warp(100 * 3_600);
      expectOk(w.chain.send([crankInstruction({ rewardsVault })], [w.chain.payer]));
      expect(big(emission().reminted)).to.equal(unreminted);
    });
  });

  it("Anchor's Program builds the SDK's instructions from the IDL, resolving every PDA (io_jobs' config too)", async () => {
    const program = new Program<IoBuyback>(IO_BUYBACK_IDL, { connection: new Connection("http://127.0.0.1:8899") });
    const keys = (ix: TransactionInstruction) => ix.keys.map((k) => [k.pubkey.toBase58(), k.isSigner, k.isWritable]);
    const prove = await program.methods.proveReserves().accounts({}).instruction();
    expect(keys(prove)).to.deep.equal(keys(proveBuybackReservesInstruction()));
    const start = await program.methods.startLot().accounts({ priceFeed: priceFeedKey()[0] }).instruction();
    expect(keys(start)).to.deep.equal(keys(startLotInstruction()));
    const [b, io, usdc] = [Keypair.generate(), Keypair.generate(), Keypair.generate()].map((k) => k.publicKey);
    const args = { lotId: new BN(3), usdc: new BN(7), maxIo: new BN(9), deadline: new BN(11) };
    const anchorBuy = await program.methods
      .buy(args.lotId, args.usdc, args.maxIo, args.deadline)
      .accounts({ buyer: b, priceFeed: priceFeedKey()[0], buyerIo: io, ioMint: ioMintKey()[0], buyerUsdc: usdc, usdcMint: w.usdcMint })
      .instruction();
    const sdkBuy = buyInstruction({ buyer: b, buyerIo: io, buyerUsdc: usdc, usdcMint: w.usdcMint, ...args });
    expect(keys(anchorBuy)).to.deep.equal(keys(sdkBuy));
    expect(anchorBuy.data.equals(sdkBuy.data)).to.equal(true);
    const init = await program.methods
      .initialize(3_600, 15_000, 5_000, new BN(1), new BN(2), new BN(3), 100, 2, 600)
      .accounts({ payer: w.admin.publicKey, usdcMint: w.usdcMint })
      .instruction();
    const sdkInit = initializeBuybackInstruction({
      payer: w.admin.publicKey,
      usdcMint: w.usdcMint,
      lotPeriod: 3_600,
      multiplierBps: 15_000,
      floorBps: 5_000,
      minRate: new BN(1),
      maxLot: new BN(2),
      maxDaily: new BN(3),
      premiumBps: 100,
      confMultiple: 2,
      maxPriceAge: 600,
    });
    expect(keys(init)).to.deep.equal(keys(sdkInit));
    expect(init.data.equals(sdkInit.data)).to.equal(true);
  });

  it("the authority's USDC account created by anyone else is still refused as a destination", () => {
    // An associated USDC account of the buyback authority (anyone can create one)
    const [authority] = buybackAuthorityKey();
    const ata = getAssociatedTokenAddressSync(w.usdcMint, authority, true, TOKEN_PROGRAM_ID);
    expectOk(w.chain.send([createAssociatedTokenAccountIdempotentInstruction(w.chain.payer.publicKey, ata, authority, w.usdcMint, TOKEN_PROGRAM_ID)], [w.chain.payer]));
    w.fundVault(USD.muln(10));
    expectOk(startLot());
    const maxIo = bn(ioFor(1_000_000n, big(w.config().startRate)));
    expectError(w.chain.send([w.buyInstruction(buyer, { usdc: USD, maxIo, buyerUsdc: ata })], [buyer.wallet]), "InvalidDestination");
  });
});

