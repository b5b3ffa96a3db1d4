/**
 * io_oracle's IO/USD price against a colluding member, on the real .so: three oracles, quorum 2,
 * oracle C colludes (fewer than a quorum), A and B are honest. Every accepted price must lie
 * within the agreement band of an honest price, whatever C submits and whenever
 * (docs/oracle.md, "The quorum rule"; the regressions of the attacker review).
 */
import { expect } from "chai";
import BN from "bn.js";
import { Keypair, TransactionInstruction } from "@solana/web3.js";
import {
  Currency,
  decodeJob,
  decodeOracleConfig,
  decodePriceFeed,
  DEFAULT_PRICE_PARAMS,
  initializeOracleInstruction,
  IO_ORACLE_PROGRAM_ID,
  jobKey,
  oracleConfigKey,
  parseIoOracleEvents,
  priceFeedKey,
  setOracleSetInstruction,
  setPriceParamsInstruction,
  submitPriceInstruction,
} from "../sdk/src";
import { expectError, expectOk, TestChain } from "./harness";
import { JobsWorld } from "./jobs-world";

const usd = (x: number) => new BN(Math.round(x * 1e8));
const show = (price: BN) => `$${(price.toNumber() / 1e8).toFixed(4)}`;
/** Whether the higher of `a` and `b` is within `bps` basis points above the lower (the program's rule). */
const withinBand = (a: BN, b: BN, bps = DEFAULT_PRICE_PARAMS.agreementBps) => {
  const [lo, hi] = a.lte(b) ? [a, b] : [b, a];
  return hi.lte(lo.add(lo.muln(bps).divn(10_000)));
};

interface Opts {
  conf?: BN;
  ts?: bigint;
  version?: number;
}

/** A submission's instruction by `oracle` (confidence 0.1% of the price, timestamp now, by default). */
function submission(chain: TestChain, oracle: Keypair, price: BN, opts: Opts = {}): TransactionInstruction {
  const version = opts.version ?? decodeOracleConfig(chain.account(oracleConfigKey()[0])!).setVersion;
  return submitPriceInstruction({
    oracle: oracle.publicKey,
    setVersion: version,
    price,
    confidence: opts.conf ?? price.divn(1_000),
    timestamp: new BN((opts.ts ?? chain.now()).toString()),
  });
}

/** The price a transaction's PriceAccepted event carries, if it has one. */
function accepted(logs: string[]): BN | null {
  const e = parseIoOracleEvents(logs).find((ev) => ev.name === "priceAccepted");
  return e ? (e.data.price as BN) : null;
}

describe("io_oracle against a colluding member", () => {
  let chain: TestChain;
  let admin: Keypair;
  let A: Keypair;
  let B: Keypair;
  let C: Keypair;
  const watched = () => [oracleConfigKey()[0], priceFeedKey()[0]];
  const feed = () => decodePriceFeed(chain.account(priceFeedKey()[0])!);
  const submit = (oracle: Keypair, price: BN, opts: Opts = {}) => chain.send([submission(chain, oracle, price, opts)], [oracle]);

  beforeEach(() => {
    // Given io_oracle with the default parameters (agreement band 1%, move band 20%), oracles
    // A and B honest and C colluding, quorum 2, and no price yet
    chain = new TestChain();
    chain.setUnixTime(1_800_000_000n);
    admin = chain.wallet();
    chain.deployUpgradeable(IO_ORACLE_PROGRAM_ID, "io_oracle", admin.publicKey);
    expectOk(chain.send([initializeOracleInstruction({ payer: admin.publicKey, ...DEFAULT_PRICE_PARAMS })], [admin]));
    [A, B, C] = [chain.wallet(), chain.wallet(), chain.wallet()];
    const members = [A, B, C].map((o) => o.publicKey);
    expectOk(chain.send([setOracleSetInstruction({ admin: admin.publicKey, quorum: 2, members })], [admin]));
  });

  it("(a) the walk: C resubmitting 12 times beside one fresh honest 2.00 cannot move the price out of the band", () => {
    // Given IO/USD accepted at 2.00 from A and B, then B's submission gone stale
    expectOk(submit(A, usd(2)));
    expectOk(submit(B, usd(2)));
    expect(feed().price.toString()).to.equal(usd(2).toString());
    chain.warp(601);
    // When A submits 2.00 again and C resubmits 12 times, a few seconds apart, each time the price
    // that would make the mean of the two 19% above the last accepted price
    expectOk(submit(A, usd(2)));
    const seen: BN[] = [];
    for (let i = 0; i < 12; i++) {
      chain.warp(5);
      const target = feed().price.muln(119).divn(100);
      const res = expectOk(submit(C, target.muln(2).sub(usd(2)), { conf: new BN(0) }));
      const price = accepted(res.logs);
      if (price) seen.push(price);
    }
    // Then the feed is still within the band of the honest 2.00, and so was every accepted price
    expect(withinBand(feed().price, usd(2)), `the feed reached ${show(feed().price)}`).to.equal(true);
    for (const p of seen) expect(withinBand(p, usd(2)), `accepted ${show(p)}`).to.equal(true);
    // And when B submits 2.00 again, 2.00 is accepted, healthy, published at the older of the two
    // honest observations (A's, a minute ago)
    const res = expectOk(submit(B, usd(2)));
    expect(accepted(res.logs)?.toString()).to.equal(usd(2).toString());
    expect(feed().healthy).to.equal(true);
    expect(feed().publishTs.toString()).to.equal((chain.now() - 60n).toString());
  });

  it("(b) the first price: an honest 2.00 and C's 3.00 give no price; a second honest 2.00 gives 2.00", () => {
    // When A submits 2.00 and C 3.00 (no price accepted before, so no move band applies)
    expectOk(submit(A, usd(2)));
    const res = expectOk(submit(C, usd(3)));
    // Then nothing is accepted: the two do not agree within 1%
    expect(accepted(res.logs), `accepted ${show(accepted(res.logs) ?? new BN(0))}`).to.equal(null);
    expect(feed().price.toString()).to.equal("0");
    // When B submits 2.00; Then 2.00 is accepted from the two agreeing submissions
    const second = expectOk(submit(B, usd(2)));
    const event = parseIoOracleEvents(second.logs).find((e) => e.name === "priceAccepted");
    expect((event?.data.price as BN).toString()).to.equal(usd(2).toString());
    expect(event?.data.submissions).to.equal(2);
    expect(feed().price.toString()).to.equal(usd(2).toString());
  });

  it("(c) an even count: an honest 2.00 and C's 2.015 give a submitted value (the lower median 2.00), not a mean", () => {
    expectOk(submit(A, usd(2)));
    const res = expectOk(submit(C, usd(2.015)));
    expect(accepted(res.logs)?.toString()).to.equal(usd(2).toString());
    expect(feed().price.toString()).to.equal(usd(2).toString());
    // Whichever arrives first
    chain.warp(601);
    expectOk(submit(C, usd(2.015)));
    expectOk(submit(A, usd(2)));
    expect(feed().price.toString()).to.equal(usd(2).toString());
  });

  it("(d) C cannot turn the feed unhealthy with a huge confidence or an out-of-band price while A and B agree", () => {
    // Given IO/USD accepted at 2.00 from A and B, then every submission gone stale
    expectOk(submit(A, usd(2)));
    expectOk(submit(B, usd(2)));
    chain.warp(601);
    // When A submits 2.00 (confidence 0.002) and C submits 2.00 with a confidence of $1 (50%)
    expectOk(submit(A, usd(2), { conf: usd(0.002) }));
    const huge = expectOk(submit(C, usd(2), { conf: usd(1) }));
    // Then the price is accepted with an honest confidence, and the feed stays healthy
    const names = parseIoOracleEvents(huge.logs).map((e) => e.name);
    expect(names, "C's confidence made the feed unhealthy").to.not.include("priceRejected");
    expect(feed().healthy).to.equal(true);
    expect(feed().confidence.toString()).to.equal(usd(0.002).toString());
    // When C submits 3.00 (50% away)
    const far = expectOk(submit(C, usd(3)));
    // Then nothing is accepted or refused: the feed keeps 2.00, healthy
    expect(parseIoOracleEvents(far.logs).map((e) => e.name)).to.deep.equal(["priceSubmitted"]);
    expect(feed().healthy).to.equal(true);
    expect(feed().price.toString()).to.equal(usd(2).toString());
    // When B agrees with A, C's huge confidence beside them changes nothing either
    expectOk(submit(B, usd(2), { conf: usd(0.003) }));
    expectOk(submit(C, usd(2), { conf: usd(1) }));
    expect(feed().healthy).to.equal(true);
    expect(feed().confidence.toString()).to.equal(usd(0.003).toString());
  });

  it("(e) with the walk attempted, a $20 job paid in IO still costs about $20 of IO at the honest price", () => {
    // Given the jobs world (IO/USD 2.00 ± 0.01 from oracles 0 and 1), a user, and a staleness of 120 s
    // (so oracle 1's submission goes stale while the accepted price is still fresh for io_jobs)
    const w = new JobsWorld();
    const u = w.user();
    const [honest, , colluder] = w.oracles;
    w.send([setPriceParamsInstruction({ admin: w.admin.publicKey, ...DEFAULT_PRICE_PARAMS, staleness: 120 })], [w.admin]);
    w.chain.warp(121);
    // When the honest oracle submits 2.00 and the colluder walks the price 12 times
    w.send([submission(w.chain, honest, usd(2), { conf: usd(0.01) })], [honest]);
    for (let i = 0; i < 12; i++) {
      w.chain.warp(4);
      const price = decodePriceFeed(w.chain.account(priceFeedKey()[0])!).price;
      const target = price.muln(119).divn(100);
      w.send([submission(w.chain, colluder, target.muln(2).sub(usd(2)), { conf: new BN(0) })], [colluder]);
    }
    // And the user opens a 10-hour job at $2.00/h ($20) paid in IO
    const nonce = new BN(1);
    w.send([w.openJobInstruction(u, nonce, 10, Currency.Io)], [u.wallet]);
    // Then the IO paid is worth $20 to $20.50 at the honest $2.00 (io_jobs values IO conservatively)
    const paid = decodeJob(w.chain.account(jobKey(u.wallet.publicKey, nonce)[0])!).payment;
    const worth = paid.mul(usd(2)).div(new BN(10).pow(new BN(10))); // IO (8 dp) x USD/IO (8 dp) -> USD (6 dp)
    const text = `$${(worth.toNumber() / 1e6).toFixed(2)}`;
    expect(worth.gte(new BN(20_000_000)) && worth.lte(new BN(20_500_000)), `the $20 job cost ${text} of IO`).to.equal(true);
  });

  it("a member's resubmissions count once: C alone, many times, never makes a quorum", () => {
    for (let i = 0; i < 5; i++) {
      const res = expectOk(submit(C, usd(2)));
      expect(accepted(res.logs)).to.equal(null);
    }
    expect(feed().price.toString()).to.equal("0");
  });

  it("timestamps: C can neither make a price look newer than the honest observation nor keep a stale one alive", () => {
    // When A observed 2.00 500 s ago and C confirms it with a timestamp 60 s in the future
    expectOk(submit(A, usd(2), { ts: chain.now() - 500n }));
    const res = expectOk(submit(C, usd(2), { ts: chain.now() + 60n }));
    // Then the price is published at A's observation time, not C's
    expect(accepted(res.logs)?.toString()).to.equal(usd(2).toString());
    expect(feed().publishTs.toString()).to.equal((chain.now() - 500n).toString());
    // When 101 s pass, A's observation is stale: C's alone is no quorum, and the feed keeps its old time
    chain.warp(101);
    const later = expectOk(submit(C, usd(2), { ts: chain.now() + 60n }));
    expect(accepted(later.logs)).to.equal(null);
    expect(feed().publishTs.toString()).to.equal((chain.now() - 601n).toString());
  });

  it("the staleness edge: an observation exactly `staleness` old counts, one second older is refused, and it stops counting a second later", () => {
    const before = chain.snapshot(watched());
    expectError(submit(A, usd(2), { ts: chain.now() - 601n }), "StaleSubmission");
    expectError(submit(A, usd(2), { ts: chain.now() + 61n }), "StaleSubmission");
    expect(chain.snapshot(watched())).to.equal(before);
    expectOk(submit(A, usd(2), { ts: chain.now() - 600n }));
    const edge = expectOk(submit(B, usd(2)));
    expect(accepted(edge.logs)?.toString()).to.equal(usd(2).toString());
    expect(feed().publishTs.toString()).to.equal((chain.now() - 600n).toString());
    // A second later A's observation no longer counts: B's 2.01 and C's 2.015 agree, on B's 2.01
    chain.warp(1);
    expectOk(submit(B, usd(2.01)));
    const next = expectOk(submit(C, usd(2.015)));
    expect(parseIoOracleEvents(next.logs).find((e) => e.name === "priceAccepted")?.data.submissions).to.equal(2);
    expect(feed().price.toString()).to.equal(usd(2.01).toString());
  });

  it("clock jumps: forward, every submission stops counting; backward, a submission more than 60 s ahead of the clock is refused", () => {
    expectOk(submit(A, usd(2)));
    expectOk(submit(B, usd(2)));
    const publishTs = feed().publishTs.toString();
    // When the clock jumps an hour forward, A alone (or with C far off) makes no price, and the old
    // price keeps its old time (so its readers see it stale)
    chain.warp(3_600);
    expectOk(submit(A, usd(2.1)));
    expect(accepted(expectOk(submit(C, usd(3))).logs)).to.equal(null);
    expect(feed().publishTs.toString()).to.equal(publishTs);
    // When the clock goes back 10 minutes, A's observation (now in the future) still counts; a new
    // one more than 60 s ahead of the clock is refused
    chain.setUnixTime(chain.now() - 600n);
    const before = chain.snapshot(watched());
    expectError(submit(B, usd(2.1), { ts: chain.now() + 600n }), "StaleSubmission");
    expect(chain.snapshot(watched())).to.equal(before);
    const res = expectOk(submit(B, usd(2.1)));
    expect(accepted(res.logs)?.toString()).to.equal(usd(2.1).toString());
    // Published at the quorum-th newest observation of the two that agree: B's, now (not A's, nor
    // C's, 600 s ahead of the clock)
    expect(feed().publishTs.toString()).to.equal(chain.now().toString());
  });

  it("refuses anyone else, other accounts and old set versions, changing nothing", () => {
    const stranger = chain.wallet();
    const ix = submission(chain, A, usd(2));
    const [config, priceFeed] = watched();
    // A forged config listing the stranger (a copy of the real one, owned by another program)
    const forged = Keypair.generate().publicKey;
    const real = chain.account(config)!;
    const data = Buffer.from(real.data);
    stranger.publicKey.toBuffer().copy(data, 80); // members[0]
    chain.setAccount(forged, { data, owner: stranger.publicKey });
    const withKeys = (signer: Keypair, keys: TransactionInstruction["keys"]) =>
      chain.send([new TransactionInstruction({ programId: ix.programId, data: ix.data, keys })], [signer]);
    const before = chain.snapshot(watched());
    expectError(submit(stranger, usd(2)), "NotOracle");
    expectError(
      withKeys(stranger, [{ pubkey: stranger.publicKey, isSigner: true, isWritable: false }, { pubkey: forged, isSigner: false, isWritable: false }, ix.keys[2]]),
      "InvalidConfig",
    );
    // The config in the feed's place, a read-only feed, an unsigned oracle
    expectError(withKeys(A, [ix.keys[0], ix.keys[1], { pubkey: config, isSigner: false, isWritable: true }]), "InvalidAccountData");
    expectError(withKeys(A, [ix.keys[0], ix.keys[1], { pubkey: priceFeed, isSigner: false, isWritable: false }]), "AccountNotWritable");
    expectError(
      withKeys(stranger, [{ pubkey: A.publicKey, isSigner: false, isWritable: false }, ix.keys[1], ix.keys[2]]),
      "MissingSigner",
    );
    expect(chain.snapshot(watched())).to.equal(before);
  });

  it("a set change mid-round: earlier submissions stop counting, removed members and old versions are refused", () => {
    // Given A and C submitted under set version 1
    expectOk(submit(A, usd(2)));
    expectOk(submit(C, usd(2.5)));
    // When the admin replaces C with D and raises the quorum to 3
    const D = chain.wallet();
    const members = [A, B, D].map((o) => o.publicKey);
    expectOk(chain.send([setOracleSetInstruction({ admin: admin.publicKey, quorum: 3, members })], [admin]));
    // Then C is refused, a version-1 submission is refused, and nothing changes
    const before = chain.snapshot(watched());
    expectError(submit(C, usd(2)), "NotOracle");
    expectError(submit(B, usd(2), { version: 1 }), "StaleOracleSet");
    expect(chain.snapshot(watched())).to.equal(before);
    // And A's version-1 submission no longer counts: B and D agreeing are two, below the new quorum
    expectOk(submit(B, usd(2)));
    expect(accepted(expectOk(submit(D, usd(2.005))).logs)).to.equal(null);
    // A's version-2 submission makes three that agree: their lower median
    const res = expectOk(submit(A, usd(2.01)));
    expect(accepted(res.logs)?.toString()).to.equal(usd(2.005).toString());
  });
});
