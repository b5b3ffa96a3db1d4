/**
 * The index in PostgreSQL (a real server the test starts: initdb + pg_ctl in a temp dir): the
 * main job's scenes indexed in-process into SQLite and PostgreSQL at once give the same events,
 * the same supply identity and the same explorer panels, through the one schema and query layer.
 */
import { expect } from "chai";
import { TOKEN_2022_PROGRAM_ID, unpackMint } from "@solana/spl-token";
import { ioMintKey } from "../sdk/src";
import { openDb } from "../services/indexer/db";
import { EmbeddedIndexer } from "../services/indexer/embedded-indexer";
import { IndexStore } from "../services/indexer/store";
import { PANELS } from "../services/explorer/panels";
import { supplyIdentityOf } from "../services/explorer/supply";
import { explorerWorld, ExplorerWorld } from "./explorer-world";
import { LocalPostgres } from "./postgres";

describe("indexer into PostgreSQL (a real server)", function () {
  this.timeout(180_000);
  let pg: LocalPostgres;
  let pgStore: IndexStore;
  let w: ExplorerWorld;

  before(async () => {
    pg = await LocalPostgres.start();
    pgStore = new IndexStore(await openDb(pg.url));
    w = await explorerWorld([new EmbeddedIndexer(pgStore)]);
  });

  after(async () => {
    await pgStore?.db.close();
    await w?.store.db.close();
    await pg?.stop();
  });

  it("stores the same rows as SQLite and answers every query the same", async () => {
    // Then both hold the same transactions and events, in the same chain order
    const sqliteCounts = await w.store.counts();
    expect(sqliteCounts.events).to.be.greaterThan(500);
    expect(await pgStore.counts()).to.deep.equal(sqliteCounts);
    expect(await pgStore.events()).to.deep.equal(await w.store.events());
    // And the supply identity and every panel are the same (and the identity holds)
    const supply = unpackMint(ioMintKey()[0], w.chain.account(ioMintKey()[0]), TOKEN_2022_PROGRAM_ID).supply;
    const fromPg = await supplyIdentityOf(pgStore, supply);
    expect(fromPg.ok).to.equal(true);
    expect(fromPg).to.deep.equal(await supplyIdentityOf(w.store, supply));
    for (const [id, make] of Object.entries(PANELS)) {
      expect(await make({ store: pgStore, chain: w.chain }), id).to.deep.equal(await make({ store: w.store, chain: w.chain }));
    }
  });

  it("pages the events (limit + after, as /api/events does) the same in both, every event once", async () => {
    // When both stores are read 97 events at a time, each page after the last event of the one before
    const paged = async (store: IndexStore) => {
      const out: Awaited<ReturnType<IndexStore["events"]>> = [];
      for (;;) {
        const last = out[out.length - 1];
        const page = await store.events({ limit: 97, after: last && { slot: last.slot, txIndex: last.txIndex, program: last.program, index: last.index } });
        out.push(...page);
        if (page.length < 97) return out;
      }
    };
    // Then each gives its whole table in chain order, and the two agree
    const all = await w.store.events();
    expect(await paged(w.store)).to.deep.equal(all);
    expect(await paged(pgStore)).to.deep.equal(all);
  });

  it("is idempotent and all-or-nothing per transaction in PostgreSQL too", async () => {
    // When a stored transaction is recorded again; Then nothing is added
    const before = await pgStore.counts();
    const [e] = await pgStore.events({ names: ["lotBought"] });
    const tx = { signature: e.signature, slot: e.slot, txIndex: e.txIndex, blockTime: e.blockTime };
    expect(await pgStore.record(tx, [{ program: e.program, index: e.index, name: e.name, data: e.data }], ["io_buyback"])).to.equal(false);
    expect(await pgStore.counts()).to.deep.equal(before);
    expect(await pgStore.cursor("io_buyback")).to.deep.equal({ signature: e.signature, slot: e.slot });
    // When a write fails inside a transaction (a second transaction at the same slot and position); Then none of it is kept
    const clash = { signature: "1".repeat(64), slot: e.slot, txIndex: e.txIndex, blockTime: e.blockTime };
    let threw = false;
    try {
      await pgStore.db.transaction(async (db) => {
        await db.run("INSERT INTO cursors (program, signature, slot) VALUES (?, ?, ?)", ["probe", clash.signature, clash.slot]);
        await db.run("INSERT INTO transactions (signature, slot, tx_index, block_time) VALUES (?, ?, ?, ?)", [clash.signature, clash.slot, clash.txIndex, clash.blockTime]);
      });
    } catch {
      threw = true;
    }
    expect(threw).to.equal(true);
    expect(await pgStore.cursor("probe")).to.equal(null);
    expect(await pgStore.counts()).to.deep.equal(before);
  });
});
