/**
 * The indexer on the embedded chain (in-process, from each transaction's logs) and the supply
 * identity: after the main job's scenes, genesis + emitted + re-minted − burned from the indexed
 * events equals the IO mint's supply and each term equals the program's own running total read
 * from its account; indexing a transaction again stores nothing; a missing burn shows as holders' burns, a missing mint is an alarm.
 */
import { expect } from "chai";
import { TOKEN_2022_PROGRAM_ID, unpackMint } from "@solana/spl-token";
import {
  buybackConfigKey,
  crankInstruction,
  decodePriceFeed,
  priceFeedKey,
  submitPriceInstruction,
  decodeBuybackConfig,
  decodeEmissionState,
  decodeIosdState,
  decodeStakingConfig,
  emissionKey,
  iosdStateKey,
  ioMintKey,
  stakingConfigKey,
} from "../sdk/src";
import BN from "bn.js";
import { decodeEvents } from "../services/indexer/decode";
import { EmbeddedSender } from "../services/oracle/sender";
import { supplyIdentityOf } from "../services/explorer/supply";
import { capRows, supplyPanel, toCsv } from "../services/explorer/panels";
import { explorerWorld, ExplorerWorld } from "./explorer-world";

describe("indexer (embedded chain) and the supply identity", function () {
  this.timeout(120_000);
  let w: ExplorerWorld;
  const mintSupply = () => unpackMint(ioMintKey()[0], w.chain.account(ioMintKey()[0]), TOKEN_2022_PROGRAM_ID).supply;

  before(async () => {
    w = await explorerWorld();
  });

  after(async () => {
    await w?.store.db.close();
  });

  it("the identity holds, and each term is the programs' own total read from the chain", async () => {
    // Given the main job's scenes indexed in-process; When the identity is computed from the index
    const id = await supplyIdentityOf(w.store, mintSupply());
    // Then it holds against the mint's supply with no mismatch
    expect(id.ok, JSON.stringify(id.mismatches)).to.equal(true);
    expect(id.totals.computed).to.equal(mintSupply().toString());
    // And each term equals what the programs keep on chain
    const emission = decodeEmissionState(w.chain.account(emissionKey()[0])!);
    expect(id.totals.genesis).to.equal("50000000000000000");
    expect(id.totals.emitted).to.equal(emission.minted.toString());
    expect(id.totals.reminted).to.equal(emission.reminted.toString());
    expect(BigInt(id.totals.reminted) > 0n).to.equal(true);
    expect(id.totals.burned.iosd).to.equal(decodeIosdState(w.chain.account(iosdStateKey()[0])!).ioBurned.toString());
    expect(id.totals.burned.buyback).to.equal(decodeBuybackConfig(w.chain.account(buybackConfigKey()[0])!).ioBurned.toString());
    // And the hours checked against a supply the chain reported inside an event include the buyback's
    const checked = id.hours.filter((h) => h.observedAt !== null && h.observedAt !== "mint account");
    expect(checked.length).to.be.greaterThan(0);
    expect(checked.every((h) => h.ok === true)).to.equal(true);
  });

  it("stores every event the chain's logs hold, with slot, position and time, once", async () => {
    // Given the staking config's running totals; Then the indexed epochs and claims add up to them
    const staking = decodeStakingConfig(w.chain.account(stakingConfigKey()[0])!);
    const claimed = (await w.store.events({ names: ["claimed"] })).reduce((a, e) => a + BigInt(String(e.data.amount)), 0n);
    expect(claimed.toString()).to.equal(staking.paid.toString());
    // And (slot, position) is unique and increasing in chain order
    const rows = await w.store.db.all<{ slot: number; tx_index: number }>("SELECT slot, tx_index FROM transactions ORDER BY slot, tx_index");
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1], rows[i]];
      expect(a.slot < b.slot || (a.slot === b.slot && a.tx_index < b.tx_index), `row ${i}`).to.equal(true);
    }
    // When a stored transaction is indexed again (a restart replaying it); Then nothing is added
    const before = await w.store.counts();
    const [e] = await w.store.events({ names: ["lotBought"] });
    const again = await w.store.record({ signature: e.signature, slot: e.slot, txIndex: e.txIndex, blockTime: e.blockTime }, [{ program: e.program, index: e.index, name: e.name, data: e.data }], []);
    expect(again).to.equal(false);
    expect(await w.store.counts()).to.deep.equal(before);
  });

  it("a burn missing from the index shows as IO burned outside the protocol, to the unit; IO minted without an event is an alarm", async () => {
    // Given the buyback's burn removed from the index (a lost protocol burn looks exactly like a
    // holder burning IO with Token-2022 directly: the supply fell without an event of ours)
    const [bought] = await w.store.events({ names: ["lotBought"] });
    const restore = (e: typeof bought) =>
      w.store.record({ signature: e.signature, slot: e.slot, txIndex: e.txIndex, blockTime: e.blockTime }, [{ program: e.program, index: e.index, name: e.name, data: e.data }], []);
    await w.store.db.run("DELETE FROM events WHERE signature = ? AND program = ? AND event_index = ?", [bought.signature, bought.program, bought.index]);
    try {
      // When the identity is computed; Then the shortfall is counted as holders' burns, exactly
      const id = await supplyIdentityOf(w.store, mintSupply());
      expect(id.ok, JSON.stringify(id.mismatches)).to.equal(true);
      expect(id.totals.burned.holders).to.equal(String(bought.data.ioBurned));
      expect(id.totals.burned.buyback).to.equal("0");
    } finally {
      await restore(bought);
    }
    // Given an emission removed from the index instead: IO the chain holds that no event minted
    const emissions = await w.store.events({ names: ["emissionsMinted"] });
    const minted = emissions.find((e) => BigInt(String(e.data.amount)) > 0n)!;
    await w.store.db.run("DELETE FROM events WHERE signature = ? AND program = ? AND event_index = ?", [minted.signature, minted.program, minted.index]);
    try {
      // Then it is an alarm, on the live mint too, by the missing amount
      const id = await supplyIdentityOf(w.store, mintSupply());
      expect(id.ok).to.equal(false);
      const live = id.mismatches.find((m) => m.at === "mint account")!;
      expect((BigInt(live.observed) - BigInt(live.expected)).toString()).to.equal((BigInt(String(minted.data.amount)) + BigInt(String(minted.data.reminted))).toString());
      expect(id.hours[id.hours.length - 1].ok).to.equal(false);
    } finally {
      await restore(minted);
    }
    const whole = await supplyIdentityOf(w.store, mintSupply());
    expect(whole.ok).to.equal(true);
    expect(whole.totals.burned.holders).to.equal("0");
  });

  it("the API's supply table carries the latest rows and the total; the CSV every row", async () => {
    // Given the identity's hourly table built whole (CSV) and capped to 5 rows (the JSON API)
    const full = (await supplyPanel({ store: w.store, chain: w.chain })).tables[0];
    const capped = capRows(await supplyPanel({ store: w.store, chain: w.chain, rowLimit: 5 }), 5).tables[0];
    // Then the capped one holds the full one's last 5 rows and says how many there are
    expect(full.rows.length).to.be.greaterThan(100);
    expect(capped.total).to.equal(full.rows.length);
    expect(capped.rows).to.deep.equal(full.rows.slice(-5));
    expect(toCsv(full).trimEnd().split("\r\n").length).to.equal(full.rows.length + 1);
  });

  it("transactions the oracle service lands through its EmbeddedSender are indexed too", async () => {
    // Given the service's sender on the chain; When it signs and submits a price post
    const sender = new EmbeddedSender(w.chain);
    const feed = decodePriceFeed(w.chain.account(priceFeedKey()[0])!);
    const ix = submitPriceInstruction({ oracle: w.admin.publicKey, setVersion: 1, price: feed.price, confidence: feed.confidence, timestamp: new BN(w.chain.now().toString()) });
    const signed = (await sender.sign([ix], w.admin, 200_000, 0))!;
    await sender.submit(signed);
    expect(await sender.status(signed.signature)).to.deep.equal({ state: "confirmed" });
    await w.indexer.flush();
    // Then its events are in the index under its signature
    const names = (await w.store.eventsOf(signed.signature)).map((e) => e.name);
    expect(names).to.include("priceSubmitted");
  });

  it("a failed transaction's logs are not indexed; an unrelated transaction is not stored", async () => {
    // Given a transfer touching none of the programs
    const before = await w.store.counts();
    w.chain.airdrop(w.admin.publicKey, 1);
    const { SystemProgram } = await import("@solana/web3.js");
    const res = w.chain.send([SystemProgram.transfer({ fromPubkey: w.admin.publicKey, toPubkey: w.chain.wallet(0.01).publicKey, lamports: 1 })], [w.admin]);
    expect(res.ok).to.equal(true);
    await w.indexer.flush();
    expect(await w.store.counts()).to.deep.equal(before);
    // When a crank fails in the hour the last one minted (NothingToMint); Then nothing is stored
    const { rewardsVault } = decodeEmissionState(w.chain.account(emissionKey()[0])!);
    const failed = w.chain.send([crankInstruction({ rewardsVault })], [w.admin]);
    expect(failed.ok).to.equal(false);
    expect(failed.ok ? "" : failed.programError?.name).to.equal("NothingToMint");
    await w.indexer.flush();
    expect(await w.store.counts()).to.deep.equal(before);
    // And decoding a log with no program data gives no events
    expect(decodeEvents(["Program 11111111111111111111111111111111 invoke [1]", "Program 11111111111111111111111111111111 success"])).to.deep.equal([]);
  });
});
