/**
 * The RPC indexer against a real solana-test-validator: `io index` (the real bin, a child
 * process) killed with SIGKILL mid-run and restarted ends with exactly the rows of a clean run:
 * the same transactions, events and cursors, no gap, no duplicate; a run over a complete index
 * adds nothing.
 */
import { expect } from "chai";
import { spawn } from "child_process";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import Database from "better-sqlite3";
import BN from "bn.js";
import { Keypair } from "@solana/web3.js";
import { IO_ORACLE_PROGRAM_ID, IO_TOKEN_PROGRAM_ID, releaseInstruction } from "../sdk/src";
import { RpcChain, REPO_ROOT } from "../cli/chain";
import { ensureIoAccount } from "../cli/genesis";
import { deploy } from "../migrations/deploy";
import { openDb } from "../services/indexer/db";
import { RpcIndexer } from "../services/indexer/rpc-indexer";
import { IndexStore } from "../services/indexer/store";
import { BulkTx, LocalValidator, sendAll, writeKeypair } from "./validator";

const RELEASES = 80;

/** Every row of the three tables, in a fixed order, for comparison. */
function dump(path: string): { transactions: unknown[]; events: unknown[]; cursors: unknown[] } {
  const db = new Database(path, { readonly: true });
  try {
    return {
      transactions: db.prepare("SELECT * FROM transactions ORDER BY slot, tx_index").all(),
      events: db.prepare("SELECT * FROM events ORDER BY slot, tx_index, program, event_index").all(),
      cursors: db.prepare("SELECT * FROM cursors ORDER BY program").all(),
    };
  } finally {
    db.close();
  }
}

function countTransactions(path: string): number {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare("SELECT COUNT(*) AS n FROM transactions").get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not created yet, or the schema not yet written
  }
}

describe("indexer over RPC (solana-test-validator): killed and restarted", function () {
  this.timeout(180_000);
  const authority = Keypair.generate();
  let validator: LocalValidator;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "io-indexer-rpc-"));
    const keypair = writeKeypair(dir, "authority", authority);
    validator = await LocalValidator.start({
      programs: [
        { programId: IO_TOKEN_PROGRAM_ID, soName: "io_token", upgradeAuthority: authority.publicKey },
        { programId: IO_ORACLE_PROGRAM_ID, soName: "io_oracle", upgradeAuthority: authority.publicKey },
      ],
      mint: authority.publicKey,
      rpcPort: 18_799,
    });
    await deploy({ url: validator.url, keypair }, () => {});
    // RELEASES community releases of 1..RELEASES base units, sent at once (many per slot)
    const destination = await ensureIoAccount(new RpcChain(validator.url), authority, authority.publicKey);
    const txs: BulkTx[] = [];
    for (let i = 1; i <= RELEASES; i++) txs.push({ instructions: [releaseInstruction({ admin: authority.publicKey, bucket: 4, amount: new BN(i), destination })], signers: [authority] });
    const last = await sendAll(validator.connection, txs);
    // Wait until the last one is finalized (the indexer's default commitment)
    while ((await validator.connection.getSlot("finalized")) < last) await new Promise((r) => setTimeout(r, 250));
  });

  after(async () => {
    await validator?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("a run killed with SIGKILL and restarted stores exactly what a clean run stores", async () => {
    // Given a clean run to completion (in-process)
    const cleanPath = join(dir, "clean.sqlite");
    const clean = new IndexStore(await openDb(cleanPath));
    const first = await new RpcIndexer(validator.connection, clean).run();
    await clean.db.close();
    expect(first.stored).to.be.greaterThan(RELEASES); // the releases, plus deploy's transactions
    const want = dump(cleanPath);
    const releases = (want.events as { name: string }[]).filter((e) => e.name === "released");
    expect(releases.length).to.equal(RELEASES);

    // When `io index` (the real bin) runs in a child process and is killed with SIGKILL mid-run
    const killedPath = join(dir, "killed.sqlite");
    const child = spawn("node", [join(REPO_ROOT, "cli", "bin", "io.js"), "index", "--url", validator.url, "--db", killedPath, "--throttle-ms", "25"], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
    const deadline = Date.now() + 60_000;
    while (countTransactions(killedPath) < 20) {
      if (child.exitCode !== null) throw new Error(`io index exited before it was killed: ${output}`);
      if (Date.now() > deadline) throw new Error(`io index stored nothing within 60 s: ${output}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill("SIGKILL");
    expect(await exited).to.equal("SIGKILL");
    // Then it had stored part of the history
    const partial = countTransactions(killedPath);
    expect(partial).to.be.at.least(20);
    expect(partial).to.be.lessThan(want.transactions.length);

    // When it restarts from its cursors (in-process, the same code) and runs to completion
    const resumed = new IndexStore(await openDb(killedPath));
    const second = await new RpcIndexer(validator.connection, resumed).run();
    // Then together they store exactly the clean run's rows
    expect(second.stored).to.equal(want.transactions.length - partial);
    await resumed.db.close();
    expect(dump(killedPath)).to.deep.equal(want);

    // When it runs again over the complete index; Then nothing is new
    const again = new IndexStore(await openDb(killedPath));
    const third = await new RpcIndexer(validator.connection, again).run();
    await again.db.close();
    expect(third).to.deep.equal({ seen: 0, stored: 0, events: 0 });
    expect(dump(killedPath)).to.deep.equal(want);
  });
});
