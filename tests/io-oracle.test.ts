/**
 * io_oracle on the real .so: the governed oracle set, quorum medians, and every refusal with
 * its error name and no state change.
 */
import { expect } from "chai";
import BN from "bn.js";
import { Keypair, PublicKey } from "@solana/web3.js";
import {
  acceptOracleAdminInstruction,
  decodeOracleConfig,
  decodePriceFeed,
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

const PARAMS = { staleness: 600, maxMoveBps: 2_000, maxConfBps: 200 };
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

  it("one submission of three cannot set the price with quorum 2; the median of three is taken", () => {
    const one = expectOk(submit(oracles[0], 2.0));
    expect(parseIoOracleEvents(one.logs).map((e) => e.name)).to.deep.equal(["priceSubmitted"]);
    expect(feed().price.toString()).to.equal("0");
    // The second submission makes a quorum: the median of two is their mean
    expectOk(submit(oracles[1], 2.2));
    expect(feed().price.toString()).to.equal(usd(2.1).toString());
    // The third: the median of three
    const third = expectOk(submit(oracles[2], 2.15));
    expect(parseIoOracleEvents(third.logs).map((e) => e.name)).to.deep.equal(["priceSubmitted", "priceAccepted"]);
    expect(feed().price.toString()).to.equal(usd(2.15).toString());
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

  it("only the admin changes the set and the parameters, within bounds", () => {
    const stranger = chain.wallet();
    const before = chain.snapshot(watched());
    expectError(setSet([stranger.publicKey], 1, stranger), "Unauthorized");
    expectError(setSet([oracles[0].publicKey, oracles[0].publicKey], 1), "InvalidOracleSet");
    expectError(setSet([PublicKey.default], 1), "InvalidOracleSet");
    expectError(setSet([oracles[0].publicKey], 2), "InvalidOracleSet");
    expectError(setSet([oracles[0].publicKey], 0), "InvalidOracleSet");
    expectError(setSet(Array.from({ length: 11 }, () => Keypair.generate().publicKey), 6), "InvalidOracleSet");
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
