/**
 * io_oracle on the real .so: the governed oracle set and parameters, prices from a quorum that
 * agrees within the band, and every refusal with its error name and no state change. The
 * adversarial cases (a colluding member) are in oracle-adversarial.test.ts.
 */
import { expect } from "chai";
import BN from "bn.js";
import { Keypair, PublicKey } from "@solana/web3.js";
import {
  acceptOracleAdminInstruction,
  decodeOracleConfig,
  decodePriceFeed,
  DEFAULT_PRICE_PARAMS,
  initializeOracleInstruction,
  IO_ORACLE_PROGRAM_ID,
  oracleConfigKey,
  parseIoOracleEvents,
  priceFeedKey,
  proposeOracleAdminInstruction,
  setOracleSetInstruction,
  setPriceParamsInstruction,
  submitPriceInstruction,
} from "../sdk/src";
import { expectError, expectOk, TestChain } from "./harness";

const PARAMS = DEFAULT_PRICE_PARAMS;
const usd = (x: number) => new BN(Math.round(x * 1e8));


describe("io_oracle", () => {
  let chain: TestChain;
  let admin: Keypair;
  let oracles: Keypair[];
  const watched = () => [oracleConfigKey()[0], priceFeedKey()[0]];
  const config = () => decodeOracleConfig(chain.account(oracleConfigKey()[0])!);
  const feed = () => decodePriceFeed(chain.account(priceFeedKey()[0])!);

  const submit = (oracle: Keypair, price: number, opts: { conf?: number; ts?: bigint; version?: number } = {}) =>
    chain.send(
      [
        submitPriceInstruction({
          oracle: oracle.publicKey,
          setVersion: opts.version ?? config().setVersion,
          price: usd(price),
          confidence: usd(opts.conf ?? price / 1_000),
          timestamp: new BN((opts.ts ?? chain.now()).toString()),
        }),
      ],
      [oracle],
    );
  const setSet = (members: PublicKey[], quorum: number, signer = admin) =>
    chain.send([setOracleSetInstruction({ admin: signer.publicKey, quorum, members })], [signer]);

  beforeEach(() => {
    // Given io_oracle initialised by its upgrade authority with three oracles and quorum 2
    chain = new TestChain();
    chain.setUnixTime(1_800_000_000n);
    admin = chain.wallet();
    chain.deployUpgradeable(IO_ORACLE_PROGRAM_ID, "io_oracle", admin.publicKey);
    expectOk(chain.send([initializeOracleInstruction({ payer: admin.publicKey, ...PARAMS })], [admin]));
    oracles = [chain.wallet(), chain.wallet(), chain.wallet()];
    expectOk(setSet(oracles.map((o) => o.publicKey), 2));
  });

  it("initialises once, by the upgrade authority only", () => {
    const other = chain.wallet();
    expectError(chain.send([initializeOracleInstruction({ payer: other.publicKey, ...PARAMS })], [other]), "Unauthorized");
    expectError(chain.send([initializeOracleInstruction({ payer: admin.publicKey, ...PARAMS })], [admin]), "AlreadyInitialized");
    expect(config().admin.equals(admin.publicKey)).to.equal(true);
    expect(config().setVersion).to.equal(1);
  });

  it("one submission of three cannot set the price with quorum 2; a quorum within the band gives its lower median", () => {
    const one = expectOk(submit(oracles[0], 2.0));
    expect(parseIoOracleEvents(one.logs).map((e) => e.name)).to.deep.equal(["priceSubmitted"]);
    expect(feed().price.toString()).to.equal("0");
    // A second submission 10% away does not agree within the 1% band: still no price
    expectOk(submit(oracles[1], 2.2));
    expect(feed().price.toString()).to.equal("0");
    // Two within the band make a quorum: their lower median (a submitted value, not a mean)
    const two = expectOk(submit(oracles[1], 2.016, { conf: 0.003 }));
    expect(parseIoOracleEvents(two.logs).map((e) => e.name)).to.deep.equal(["priceSubmitted", "priceAccepted"]);
    expect(feed().price.toString()).to.equal(usd(2.0).toString());
    // The confidence and publish time are the quorum-th highest of the agreeing submissions'
    expect(feed().confidence.toString()).to.equal(usd(0.002).toString());
    // The third, in the band: the lower median of three, from three submissions
    const third = expectOk(submit(oracles[2], 2.01));
    const accepted = parseIoOracleEvents(third.logs).find((e) => e.name === "priceAccepted")!;
    expect(accepted.data.submissions).to.equal(3);
    expect(feed().price.toString()).to.equal(usd(2.01).toString());
    expect(feed().healthy).to.equal(true);
  });

  it("refuses a non-oracle, a stale timestamp, a zero price and an old set version, changing nothing", () => {
    const before = chain.snapshot(watched());
    expectError(submit(chain.wallet(), 2.0), "NotOracle");
    expectError(submit(oracles[0], 2.0, { ts: chain.now() - 601n }), "StaleSubmission");
    expectError(submit(oracles[0], 2.0, { ts: chain.now() + 61n }), "StaleSubmission");
    expectError(submit(oracles[0], 0), "InvalidPrice");
    expectError(submit(oracles[0], 2.0, { version: 0 }), "StaleOracleSet");
    expect(chain.snapshot(watched())).to.equal(before);
  });

  it("a set change invalidates pending submissions and removed oracles", () => {
    expectOk(submit(oracles[0], 2.0));
    // When the admin replaces oracle 0 with a new key
    const fresh = chain.wallet();
    expectOk(setSet([fresh.publicKey, oracles[1].publicKey, oracles[2].publicKey], 2));
    expect(config().setVersion).to.equal(2);
    // Then the removed oracle is refused, and one new submission is no quorum
    const before = chain.snapshot(watched());
    expectError(submit(oracles[0], 2.0), "NotOracle");
    expectError(submit(oracles[1], 2.0, { version: 1 }), "StaleOracleSet");
    expect(chain.snapshot(watched())).to.equal(before);
    expectOk(submit(oracles[1], 2.0));
    expect(feed().price.toString()).to.equal("0");
    expectOk(submit(fresh, 2.0));
    expect(feed().price.toString()).to.equal(usd(2.0).toString());
  });

  it("refuses a median that moved too far or is too uncertain, and the feed turns unhealthy", () => {
    expectOk(submit(oracles[0], 2.0));
    expectOk(submit(oracles[1], 2.0));
    // A 50% jump (band 20%): rejected
    expectOk(submit(oracles[0], 3.0));
    const jump = expectOk(submit(oracles[1], 3.0));
    const rejected = parseIoOracleEvents(jump.logs).find((e) => e.name === "priceRejected")!;
    expect(rejected.data.reason).to.equal(2);
    expect(feed().price.toString()).to.equal(usd(2.0).toString());
    expect(feed().healthy).to.equal(false);
    // Back in band but with a 5% confidence (bound 2%): still rejected
    expectOk(submit(oracles[0], 2.1, { conf: 0.105 }));
    const wide = expectOk(submit(oracles[1], 2.1, { conf: 0.105 }));
    expect(parseIoOracleEvents(wide.logs).find((e) => e.name === "priceRejected")!.data.reason).to.equal(1);
    expect(feed().healthy).to.equal(false);
    // In band and certain: accepted, healthy again
    expectOk(submit(oracles[0], 2.1));
    expectOk(submit(oracles[1], 2.1));
    expect(feed().price.toString()).to.equal(usd(2.1).toString());
    expect(feed().healthy).to.equal(true);
  });

  it("hands the admin over in two steps", () => {
    const successor = chain.wallet();
    const before = chain.snapshot(watched());
    expectError(chain.send([acceptOracleAdminInstruction({ newAdmin: successor.publicKey })], [successor]), "NoPendingAdmin");
    expectError(
      chain.send([proposeOracleAdminInstruction({ admin: successor.publicKey, newAdmin: successor.publicKey })], [successor]),
      "Unauthorized",
    );
    expect(chain.snapshot(watched())).to.equal(before);
    expectOk(chain.send([proposeOracleAdminInstruction({ admin: admin.publicKey, newAdmin: successor.publicKey })], [admin]));
    expectOk(chain.send([acceptOracleAdminInstruction({ newAdmin: successor.publicKey })], [successor]));
    expect(config().admin.equals(successor.publicKey)).to.equal(true);
    expectError(setSet([oracles[0].publicKey], 1), "Unauthorized");
  });

  it("initialize takes the agreement band (1 to 10,000 basis points) and refuses one out of bounds, creating nothing", () => {
    // Given io_oracle deployed on a fresh chain, not initialised
    const fresh = new TestChain();
    const authority = fresh.wallet();
    fresh.deployUpgradeable(IO_ORACLE_PROGRAM_ID, "io_oracle", authority.publicKey);
    const init = (agreementBps: number) =>
      fresh.send([initializeOracleInstruction({ payer: authority.publicKey, ...PARAMS, agreementBps })], [authority]);
    const before = fresh.snapshot(watched());
    // When the band is 0 or above 10,000; Then InvalidParams, and no account exists
    expectError(init(0), "InvalidParams");
    expectError(init(10_001), "InvalidParams");
    expect(fresh.snapshot(watched())).to.equal(before);
    // When it is 10,000; Then it is stored with the other parameters
    expectOk(init(10_000));
    const c = decodeOracleConfig(fresh.account(oracleConfigKey()[0])!);
    expect([c.staleness, c.maxMoveBps, c.maxConfBps, c.agreementBps]).to.deep.equal([600, 2_000, 200, 10_000]);
    // And the default chain has the default band
    expect(config().agreementBps).to.equal(DEFAULT_PRICE_PARAMS.agreementBps);
  });

  it("set_price_params sets the agreement band within 1 to 10,000 basis points, with its event; a refusal changes nothing", () => {
    const set = (p: Partial<typeof PARAMS>) => chain.send([setPriceParamsInstruction({ admin: admin.publicKey, ...PARAMS, ...p })], [admin]);
    const before = chain.snapshot(watched());
    expectError(set({ agreementBps: 0 }), "InvalidParams");
    expectError(set({ agreementBps: 10_001 }), "InvalidParams");
    expect(chain.snapshot(watched())).to.equal(before);
    const res = expectOk(set({ agreementBps: 250, staleness: 300 }));
    const event = parseIoOracleEvents(res.logs).find((e) => e.name === "priceParamsChanged")!;
    expect(event.data).to.deep.equal({ staleness: 300, maxMoveBps: 2_000, maxConfBps: 200, agreementBps: 250 });
    expect([config().staleness, config().agreementBps]).to.deep.equal([300, 250]);
    expectOk(set({ agreementBps: 1 }));
    expect(config().agreementBps).to.equal(1);
    // With a 2.5% band, 2.00 and 2.05 agree (2.5% apart); with 1 basis point they would not
    expectOk(set({ agreementBps: 250 }));
    expectOk(submit(oracles[0], 2.0));
    expectOk(submit(oracles[1], 2.05));
    expect(feed().price.toString()).to.equal(usd(2.0).toString());
  });

  it("only the admin changes the set and the parameters, within bounds", () => {
    const stranger = chain.wallet();
    const before = chain.snapshot(watched());
    expectError(setSet([stranger.publicKey], 1, stranger), "Unauthorized");
    expectError(setSet([oracles[0].publicKey, oracles[0].publicKey], 1), "InvalidOracleSet");
    expectError(setSet([PublicKey.default], 1), "InvalidOracleSet");
    expectError(setSet([oracles[0].publicKey], 2), "InvalidOracleSet");
    expectError(setSet([oracles[0].publicKey], 0), "InvalidOracleSet");
    expectError(setSet(Array.from({ length: 11 }, () => Keypair.generate().publicKey), 6), "InvalidOracleSet");
    // A quorum of half the set or less: two disjoint halves could each reach it
    const four = Array.from({ length: 4 }, () => Keypair.generate().publicKey);
    expectError(setSet(four, 2), "InvalidOracleSet");
    expectError(setSet(four.slice(0, 2), 1), "InvalidOracleSet");
    expectError(
      chain.send([setPriceParamsInstruction({ admin: stranger.publicKey, ...PARAMS })], [stranger]),
      "Unauthorized",
    );
    expectError(
      chain.send([setPriceParamsInstruction({ admin: admin.publicKey, ...PARAMS, maxMoveBps: 0 })], [admin]),
      "InvalidParams",
    );
    expect(chain.snapshot(watched())).to.equal(before);
    expectOk(chain.send([setPriceParamsInstruction({ admin: admin.publicKey, ...PARAMS, staleness: 60 })], [admin]));
    expect(config().staleness).to.equal(60);
  });
});
