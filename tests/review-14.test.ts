/**
 * Review 14: io_buyback (auction, bound, vaults, proof), io_jobs' sweeps and reserve counters,
 * io_token's and io_staking's proofs. Each test describes the correct behaviour and fails on the
 * code as reviewed (see the report for the step-by-step attacks).
 */
import { expect } from "chai";
import BN from "bn.js";
import { Keypair, PublicKey } from "@solana/web3.js";
import { Currency, priceFeedKey, startLotInstruction } from "../sdk/src";
import { expectOk } from "./harness";
import { BuybackWorld, USD } from "./buyback-world";
import { User } from "./jobs-world";

const ceil = (a: bigint, b: bigint) => (a + b - 1n) / b;
const ioFor = (usdc: bigint, rate: bigint) => ceil(usdc * rate, 1_000_000n);
const big = (b: BN) => BigInt(b.toString());
const bn = (b: bigint) => new BN(b.toString());
const ioOf = (w: BuybackWorld, u: User) => big(w.balance(u.token[Currency.Io]));
const usdcOf = (w: BuybackWorld, u: User) => big(w.balance(u.token[Currency.Usdc]));

describe("review 14", () => {
  let w: BuybackWorld;
  let buyer: User;

  beforeEach(() => {
    w = new BuybackWorld();
    buyer = w.buyer();
  });

  /**
   * LOW (buyer funds). `max_io` bounds the IO of the *fill*, not the rate: when the fill is cut
   * to what is left of the lot (or of the day), the buyer's implied limit price
   * (max_io / usdc asked) no longer holds. A front-runner who takes most of the lot in the same
   * slot as an oracle update that lowers the IO price (the bound jumps) makes the victim's
   * order fill the remainder at a rate up to usdc/fill times worse than the victim signed for,
   * where the whole order would have been refused (BelowOracleBound/AboveMaxIo).
   * Correct: a partial fill keeps the buyer's rate limit, i.e. io x usdc_asked <= max_io x fill
   * (max_io scaled pro rata), or the buy is refused.
   */
  it("a partial fill never charges the buyer more IO per USDC than max_io / usdc allowed", () => {
    w.fundVault(USD.muln(1_000));
    expectOk(w.chain.send([startLotInstruction()], [w.chain.payer]));
    w.chain.warp(1_800);
    w.setPrice(2, 0.01);
    const c = w.config();
    const rate = big(c.startRate) - ((big(c.startRate) - big(c.floorRate)) * 1_800n) / 3_600n;
    const all = big(c.lotRemaining);
    // The victim signs for the whole lot at today's rate: at most `rate` IO base units per USDC.
    const asked = all;
    const victimMax = ioFor(asked, rate);
    // Same slot: a front-runner takes 90% of the lot, and the oracle's price halves ($2 -> $1).
    const runner = w.buyer();
    const taken = (all * 9n) / 10n;
    expectOk(w.chain.send([w.buyInstruction(runner, { usdc: bn(taken), maxIo: bn(ioFor(taken, rate)) })], [runner.wallet]));
    w.setPrice(1, 0.01);
    const [ioBefore, usdcBefore] = [ioOf(w, buyer), usdcOf(w, buyer)];
    const res = w.chain.send([w.buyInstruction(buyer, { usdc: bn(asked), maxIo: bn(victimMax) })], [buyer.wallet]);
    if (res.ok) {
      const paid = ioBefore - ioOf(w, buyer);
      const got = usdcOf(w, buyer) - usdcBefore;
      // The rate the victim actually paid must not exceed the rate it signed for.
      expect(paid * asked <= victimMax * got, `paid ${paid} IO base units for ${got} USDC base units; signed for at most ${victimMax} per ${asked}`).to.equal(true);
    }
  });

  /**
   * INFORMATIONAL / defence in depth. `start_lot` and `buy` take `price_feed` with no address
   * constraint: io_common::oracle::read_price checks only the owner (io_oracle) and the
   * PriceFeed discriminator, while io_jobs' open_job pins the feed to io_oracle's PDA
   * ["price_feed"]. Today io_oracle creates a single feed, so no second one exists; any io_oracle
   * upgrade that adds a feed (another pair, a per-set or a staging feed) would let a buyer pass
   * the feed with the higher price and clear lots below the IO/USD bound.
   * Correct: a feed other than io_oracle's PDA ["price_feed"] is refused (InvalidPriceFeed).
   */
  it("buy and start_lot refuse an io_oracle PriceFeed other than the PDA [\"price_feed\"]", () => {
    w.fundVault(USD.muln(1_000));
    // A second io_oracle-owned PriceFeed (a copy of the real one at another address) quoting IO at $20.
    const [feed] = priceFeedKey();
    const info = w.chain.account(feed)!;
    const data = Buffer.from(info.data);
    data.writeBigUInt64LE(2_000_000_000n, 11);
    data.writeBigUInt64LE(1_000_000n, 19);
    data.writeBigInt64LE(w.chain.now(), 27);
    const other = Keypair.generate().publicKey;
    w.chain.setAccount(other, { data, owner: info.owner, lamports: BigInt(info.lamports) });
    const withFeed = <T extends { keys: { pubkey: PublicKey }[] }>(ix: T, f: PublicKey): T => {
      const i = ix.keys.findIndex((k) => k.pubkey.equals(feed));
      expect(i).to.be.greaterThan(-1);
      ix.keys[i] = { ...ix.keys[i], pubkey: f };
      return ix;
    };
    expectOk(w.chain.send([startLotInstruction()], [w.chain.payer]));
    // At $20 the bound asks a tenth of the IO the $2 bound asks; at the lot's floor the auction asks
    // less than the $2 bound, so the foreign feed alone decides whether this clears.
    w.chain.warp(3_600);
    w.setPrice(2, 0.01);
    w.chain.setAccount(other, { data: (() => { const d = Buffer.from(data); d.writeBigInt64LE(w.chain.now(), 27); return d; })(), owner: info.owner, lamports: BigInt(info.lamports) });
    const c = w.config();
    const usdc = 100_000_000n;
    const atFloor = ioFor(usdc, big(c.floorRate));
    const res = w.chain.send([withFeed(w.buyInstruction(buyer, { usdc: bn(usdc), maxIo: bn(atFloor) }), other)], [buyer.wallet]);
    // The lot's period has passed: the next start_lot may run; with the foreign feed its cap is $20's.
    const start = w.chain.send([withFeed(startLotInstruction(), other)], [w.chain.payer]);
    expect({ buy: res.ok, startLot: start.ok }, "accepted a foreign PriceFeed (buy cleared below the IO/USD bound)").to.deep.equal({ buy: false, startLot: false });
  });
});
