/**
 * The explorer reviewed as an attacker (issue 17): what anyone who can send transactions to the
 * programs, or HTTP requests to the server, can do to the indexer and the page. Each test below
 * failed on the code before its fix (see the commit history of this file).
 *
 * - Events of a followed program invoked by CPI (io_governance's `execute`, or any program of an
 *   attacker's wrapping ours) were dropped: Anchor 0.32's EventParser pushes a placeholder
 *   "cpi" for every inner invoke, so a depth-2 program is never "this program". The supply
 *   identity then raises an alarm an attacker can fake at will, and the panels miss figures.
 * - Log spoofing: "Program data:" lines written while another program executes, or "Program log:"
 *   lines made to look like invokes, are not our events (guard for the decoder that replaces it).
 * - /api/events answered the whole events table in one response (memory DoS).
 * - /api/supply recomputed the identity over every supply event on each request (CPU DoS).
 * - DNS rebinding: a page on another origin resolving to 127.0.0.1 could read the API and drive
 *   the RPC indexer; the server accepted any Host header.
 * - One base unit burned by a holder directly put the supply identity into a permanent alarm.
 */
import { expect } from "chai";
import BN from "bn.js";
import { request } from "http";
import { Keypair, PublicKey } from "@solana/web3.js";
import {
  executorKey,
  GovAction,
  IO_GOVERNANCE_PROGRAM_ID,
  IO_JOBS_PROGRAM_ID,
  IO_ORACLE_PROGRAM_ID,
  ioMintKey,
  releaseInstruction,
  proposeJobsAdminInstruction,
  proposeOracleAdminInstruction,
} from "../sdk/src";
import { decodeEvents } from "../services/indexer/decode";
import { openDb } from "../services/indexer/db";
import { EventRow, IndexStore } from "../services/indexer/store";
import { ExplorerServer } from "../services/explorer/server";
import { EmbeddedChain } from "../cli/chain";
import { bootstrapEmbedded, ensureIoAccount } from "../cli/genesis";
import { EmbeddedIndexer } from "../services/indexer/embedded-indexer";
import { supplyIdentityOf } from "../services/explorer/supply";
import { createBurnCheckedInstruction, TOKEN_2022_PROGRAM_ID, unpackMint } from "@solana/spl-token";
import { expectOk } from "./harness";
import { GovWorld, GOV_PARAMS, Voter } from "./governance-world";

/** Both vote yes, the voting ends, the proposal is queued and its timelock passes. */
function passAndWait(w: GovWorld, proposal: PublicKey, voters: Voter[]): void {
  for (const v of voters) expectOk(w.vote(v, proposal, 1));
  w.chain.warp(GOV_PARAMS.votingPeriod);
  expectOk(w.queue(proposal));
  w.chain.warp(GOV_PARAMS.timelock);
}

/** A GET with a chosen Host header (fetch forbids setting it). */
function get(port: number, path: string, host = `127.0.0.1:${port}`): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: "GET", headers: { host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("explorer review (issue 17, as an attacker)", function () {
  this.timeout(300_000);

  describe("the decoder", () => {
    let executeLogs: string[] = [];

    before(() => {
      // Given io_jobs' and io_oracle's admin roles proposed to governance's executor and a
      // proposal accepting both, passed and executed: io_governance CPIs into io_jobs and io_oracle
      const w = new GovWorld();
      const owner = w.ownerVoter();
      const delegator = w.delegator(new BN(600).mul(new BN(100_000_000)));
      expectOk(w.staking.closeEpoch());
      const [executor] = executorKey();
      w.staking.jobs.send([proposeJobsAdminInstruction({ admin: w.admin.publicKey, newAdmin: executor })], [w.admin]);
      w.staking.jobs.send([proposeOracleAdminInstruction({ admin: w.admin.publicKey, newAdmin: executor })], [w.admin]);
      const { res, proposal } = w.proposeAll(owner, [
        { action: GovAction.AcceptAdmin, target: 2, value: new BN(0) },
        { action: GovAction.AcceptAdmin, target: 1, value: new BN(0) },
      ]);
      expectOk(res);
      passAndWait(w, proposal, [owner, delegator]);
      executeLogs = expectOk(w.execute(proposal)).logs;
    });

    it("decodes a followed program's events emitted under CPI (io_governance executing io_jobs' and io_oracle's accept_admin)", () => {
      // Given the execute transaction's real logs: io_jobs and io_oracle run at depth 2 and each logs its event
      expect(executeLogs.some((l) => l === `Program ${IO_JOBS_PROGRAM_ID.toBase58()} invoke [2]`)).to.equal(true);
      expect(executeLogs.some((l) => l === `Program ${IO_ORACLE_PROGRAM_ID.toBase58()} invoke [2]`)).to.equal(true);
      // When they are decoded
      const events = decodeEvents(executeLogs);
      // Then the inner programs' adminAccepted events are there, each under its own program, with the executor as the new admin
      const inner = events.filter((e) => e.name === "adminAccepted");
      expect(inner.map((e) => e.program).sort()).to.deep.equal(["io_jobs", "io_oracle"]);
      for (const e of inner) expect(JSON.stringify(e.data)).to.include(executorKey()[0].toBase58());
      // And governance's own event is still decoded once
      expect(events.filter((e) => e.program === "io_governance").length).to.be.greaterThan(0);
    });

    it("does not take another program's 'Program data:' lines or look-alike log lines for ours (spoofing)", () => {
      // Given a real io_jobs event line (from the execute transaction) and an attacker program
      const jobs = IO_JOBS_PROGRAM_ID.toBase58();
      const jobsStart = executeLogs.indexOf(`Program ${jobs} invoke [2]`);
      const data = executeLogs.slice(jobsStart).find((l) => l.startsWith("Program data: "))!;
      expect(data).to.be.a("string");
      const attacker = Keypair.generate().publicKey.toBase58();
      const gov = IO_GOVERNANCE_PROGRAM_ID.toBase58();
      // When the attacker, at depth 1, writes that line itself, after calling io_jobs, and after
      // a log line made to look like an invoke or a return of io_jobs
      const spoofs: string[][] = [
        [`Program ${attacker} invoke [1]`, data, `Program ${attacker} success`],
        [`Program ${attacker} invoke [1]`, `Program ${jobs} invoke [2]`, `Program ${jobs} success`, data, `Program ${attacker} success`],
        [`Program ${attacker} invoke [1]`, `Program log: Program ${jobs} invoke [1]`, data, `Program ${attacker} success`],
        [`Program ${attacker} invoke [1]`, `Program log: invoke`, `Program ${attacker} success`, `Program ${gov} invoke [1]`, `Program ${gov} success`, data],
        [`Program ${jobs} invoke [1]`, `Program ${jobs} success`, `Program ${attacker} invoke [1]`, data, `Program ${attacker} success`],
        [`Program ${jobs} invoke [1]`, `Program ${attacker} invoke [2]`, data, `Program ${attacker} success`, `Program ${jobs} success`],
      ];
      // Then none of it decodes as an io_jobs event
      for (const logs of spoofs) expect(decodeEvents(logs).filter((e) => e.program === "io_jobs"), logs.join("\n")).to.deep.equal([]);
      // And the same line written while io_jobs itself executes (at depth 1 or under CPI) does
      expect(decodeEvents([`Program ${jobs} invoke [1]`, data, `Program ${jobs} success`]).map((e) => e.program)).to.deep.equal(["io_jobs"]);
      expect(decodeEvents([`Program ${attacker} invoke [1]`, `Program ${jobs} invoke [2]`, data, `Program ${jobs} success`, `Program ${attacker} success`]).map((e) => e.program)).to.deep.equal(["io_jobs"]);
    });
  });

  describe("the supply identity", () => {
    // Any IO holder can burn their own IO with Token-2022's BurnChecked, which no followed program
    // sees. The identity used to report a mismatch forever after (one base unit raised the alarm and
    // a later real discrepancy hid behind it); a supply shortfall is now counted as holders' burns
    // (inferred), and only IO that appears without an event is an alarm.
    it("a holder burning 1 base unit of their own IO is counted as a holder burn, not an alarm", async () => {
      // Given a chain whose every transaction is indexed, and a holder with 10 IO released to it
      const store = new IndexStore(await openDb(":memory:"));
      const indexer = new EmbeddedIndexer(store);
      const fresh = new EmbeddedChain();
      fresh.onTransaction = (tx) => indexer.observe(tx);
      const admin = Keypair.generate();
      const chain = await bootstrapEmbedded(admin, BigInt(Math.floor(Date.now() / 1000)), undefined, fresh);
      const holder = chain.wallet(1);
      const holderIo = await ensureIoAccount(chain, admin, holder.publicKey);
      const sent = chain.send([releaseInstruction({ admin: admin.publicKey, bucket: 4, amount: new BN(1_000_000_000), destination: holderIo })], [admin]);
      expect(sent.ok).to.equal(true);
      await indexer.flush();
      const supply = () => unpackMint(ioMintKey()[0], chain.account(ioMintKey()[0]), TOKEN_2022_PROGRAM_ID).supply;
      expect((await supplyIdentityOf(store, supply())).ok).to.equal(true);
      // When the holder burns 1 base unit with Token-2022 directly
      const burn = chain.send([createBurnCheckedInstruction(holderIo, ioMintKey()[0], holder.publicKey, 1n, 8, [], TOKEN_2022_PROGRAM_ID)], [holder]);
      expect(burn.ok).to.equal(true);
      await indexer.flush();
      // Then the identity still holds, the unit counted as burned by a holder
      const id = await supplyIdentityOf(store, supply());
      expect(id.ok, JSON.stringify(id.mismatches)).to.equal(true);
      expect(JSON.stringify(id.totals.burned)).to.include('"holders":"1"');
      await store.db.close();
    });
  });

  describe("the server", () => {
    let store: IndexStore;
    let server: ExplorerServer;
    let port: number;
    const EVENTS = 2_500;

    before(async () => {
      // Given an index holding 2,500 events (an attacker's spam of cheap transactions) and the server over it
      store = new IndexStore(await openDb(":memory:"));
      for (let i = 0; i < EVENTS; i++) {
        const sig = `spam${i}`;
        await store.record({ signature: sig, slot: 1 + Math.floor(i / 10), txIndex: i % 10, blockTime: 1_700_000_000 + i }, [{ program: "io_jobs", index: 0, name: "jobOpened", data: { n: String(i) } }], []);
      }
      const chain = new EmbeddedChain();
      server = new ExplorerServer({ store, chain });
      port = await server.start();
    });

    after(async () => {
      await server?.stop();
      await store?.db.close();
    });

    it("/api/events answers a bounded page, and the next page follows on from it", async () => {
      // When anyone asks for every event with no filter, or for a huge limit
      const all = await get(port, "/api/events");
      const huge = await get(port, "/api/events?limit=100000000");
      // Then each answer holds at most 1,000 events
      expect(all.status).to.equal(200);
      const page1 = JSON.parse(all.body) as { events: EventRow[]; next: string | null };
      expect(page1.events.length).to.equal(1_000);
      expect((JSON.parse(huge.body) as { events: EventRow[] }).events.length).to.equal(1_000);
      // And paging with `after` walks all of them in chain order, once each
      const seen: string[] = page1.events.map((e) => e.signature);
      let next = page1.next;
      while (next) {
        const page = JSON.parse((await get(port, `/api/events?after=${encodeURIComponent(next)}`)).body) as { events: EventRow[]; next: string | null };
        seen.push(...page.events.map((e) => e.signature));
        next = page.next;
      }
      expect(seen.length).to.equal(EVENTS);
      expect(new Set(seen).size).to.equal(EVENTS);
      expect(seen[0]).to.equal("spam0");
      expect(seen[EVENTS - 1]).to.equal(`spam${EVENTS - 1}`);
      // And a malformed limit or cursor is refused with a named error, not a crash
      expect((await get(port, "/api/events?limit=-1")).status).to.equal(400);
      expect((await get(port, "/api/events?after=x")).status).to.equal(400);
    });

    it("20 concurrent /api/supply requests with nothing new indexed read the events once", async () => {
      // Given an embedded chain bootstrapped with the IO mint, and an index of its own
      const chain = await bootstrapEmbedded(Keypair.generate(), BigInt(Math.floor(Date.now() / 1000)));
      const s2 = new IndexStore(await openDb(":memory:"));
      let supplyReads = 0;
      const events = s2.events.bind(s2);
      s2.events = async (filter) => {
        supplyReads++;
        return events(filter);
      };
      const srv = new ExplorerServer({ store: s2, chain });
      const p = await srv.start();
      try {
        // When 20 requests arrive at once, then 20 more one after another
        const first = await Promise.all(Array.from({ length: 20 }, () => get(p, "/api/supply")));
        for (let i = 0; i < 20; i++) first.push(await get(p, "/api/supply"));
        // Then all answer the same identity, computed from one read of the events
        expect(first.every((r) => r.status === 200 && r.body === first[0].body)).to.equal(true);
        expect(supplyReads).to.equal(1);
        // And a newly indexed event is seen by the next request
        await s2.record({ signature: "new", slot: 1, txIndex: 0, blockTime: 1 }, [{ program: "io_jobs", index: 0, name: "ioFeesBurned", data: { amount: "1", supply: "0" } }], []);
        await get(p, "/api/supply");
        expect(supplyReads).to.equal(2);
      } finally {
        await srv.stop();
        await s2.db.close();
      }
    });

    it("refuses a request whose Host is not the loopback it listens on (DNS rebinding)", async () => {
      // When a page of another origin, its name rebound to 127.0.0.1, asks for the API or the page
      const api = await get(port, "/api/config", `attacker.example:${port}`);
      const root = await get(port, "/", "attacker.example");
      // Then it is refused
      expect(api.status).to.equal(421);
      expect(root.status).to.equal(421);
      // And the loopback names are served
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) expect((await get(port, "/api", host)).status, host).to.equal(200);
    });

    it("serves only its named files: no path traversal, no crash on malformed paths", async () => {
      // When paths climbing out of web/ or malformed ones are asked for (guard: these held before the review)
      for (const path of ["/../server.ts", "/%2e%2e/server.ts", "/..%2fserver.ts", "/vendor/../../package.json", "/app.js%00", "//etc/passwd", "/tx/%ff", "/api/panels/%00"]) {
        const r = await get(port, path);
        // Then each is a 404, never a file's contents
        expect(r.status, path).to.equal(404);
        expect(r.body, path).to.not.include("import ");
      }
      // And the server still answers afterwards
      expect((await get(port, "/api")).status).to.equal(200);
    });
  });
});
