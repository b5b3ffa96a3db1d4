/**
 * The indexer's store over `Db`: transactions, their events and one cursor per program, written
 * together in one database transaction so that a crash at any point leaves either all of a
 * transaction or none of it, and a restart resumes from the cursor. Writes are idempotent
 * (`ON CONFLICT DO NOTHING`): indexing a transaction twice stores it once.
 */
import { Db, SqlValue } from "./db";
import { DecodedEvent, EventValue } from "./decode";

export interface TxRecord {
  signature: string;
  slot: number;
  /** The transaction's position in its block (on the embedded chain: in its slot). */
  txIndex: number;
  /** Unix seconds (null where the cluster does not know it). */
  blockTime: number | null;
}

export interface EventRow extends TxRecord {
  program: string;
  /** Index among `program`'s events in this transaction, from 0. */
  index: number;
  name: string;
  data: Record<string, EventValue>;
}

interface RawEventRow {
  signature: string;
  program: string;
  event_index: number;
  name: string;
  slot: number | string;
  tx_index: number;
  block_time: number | string | null;
  data: string;
}

/** An event's place in chain order, for paging (`events({ after })`). */
export interface EventPosition {
  slot: number;
  txIndex: number;
  program: string;
  index: number;
}

export interface Cursor {
  signature: string;
  slot: number;
}

export class IndexStore {
  constructor(readonly db: Db) {}

  async cursor(program: string): Promise<Cursor | null> {
    const rows = await this.db.all<{ signature: string; slot: number | string }>("SELECT signature, slot FROM cursors WHERE program = ?", [program]);
    return rows.length ? { signature: rows[0].signature, slot: Number(rows[0].slot) } : null;
  }

  /**
   * Stores `tx` (when `events` is not null: a successful transaction) and its events, and moves
   * the cursors of `programs` to it, all in one database transaction. Returns whether the
   * transaction was new.
   */
  async record(tx: TxRecord, events: DecodedEvent[] | null, programs: readonly string[]): Promise<boolean> {
    return this.db.transaction(async (db) => {
      let fresh = false;
      if (events !== null) {
        fresh =
          (await db.run("INSERT INTO transactions (signature, slot, tx_index, block_time) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", [
            tx.signature,
            tx.slot,
            tx.txIndex,
            tx.blockTime,
          ])) > 0;
        for (const e of events) {
          await db.run(
            "INSERT INTO events (signature, program, event_index, name, slot, tx_index, block_time, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [tx.signature, e.program, e.index, e.name, tx.slot, tx.txIndex, tx.blockTime, JSON.stringify(e.data)],
          );
        }
      }
      for (const p of programs) {
        await db.run("INSERT INTO cursors (program, signature, slot) VALUES (?, ?, ?) ON CONFLICT (program) DO UPDATE SET signature = excluded.signature, slot = excluded.slot", [
          p,
          tx.signature,
          tx.slot,
        ]);
      }
      return fresh;
    });
  }

  /** The next free position in `slot` (the embedded chain numbers its transactions per slot). */
  async nextIndexInSlot(slot: number): Promise<number> {
    const rows = await this.db.all<{ n: number | string | null }>("SELECT MAX(tx_index) AS n FROM transactions WHERE slot = ?", [slot]);
    const n = rows[0]?.n;
    return n === null || n === undefined ? 0 : Number(n) + 1;
  }

  /**
   * Events in chain order (slot, position, program, index), filtered by what `filter` names; with
   * `after`, only those after that position; with `limit`, at most that many.
   */
  async events(filter: { names?: readonly string[]; program?: string; signature?: string; after?: EventPosition; limit?: number } = {}): Promise<EventRow[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (filter.names && filter.names.length) {
      where.push(`name IN (${filter.names.map(() => "?").join(", ")})`);
      params.push(...filter.names);
    }
    if (filter.program) {
      where.push("program = ?");
      params.push(filter.program);
    }
    if (filter.signature) {
      where.push("signature = ?");
      params.push(filter.signature);
    }
    if (filter.after) {
      const a = filter.after;
      where.push("(slot > ? OR (slot = ? AND (tx_index > ? OR (tx_index = ? AND (program > ? OR (program = ? AND event_index > ?))))))");
      params.push(a.slot, a.slot, a.txIndex, a.txIndex, a.program, a.program, a.index);
    }
    const limit = filter.limit === undefined ? "" : " LIMIT ?";
    if (filter.limit !== undefined) params.push(filter.limit);
    const sql = `SELECT signature, program, event_index, name, slot, tx_index, block_time, data FROM events${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY slot, tx_index, program, event_index${limit}`;
    const rows = await this.db.all<RawEventRow>(sql, params);
    return rows.map((r) => ({
      signature: r.signature,
      program: r.program,
      index: Number(r.event_index),
      name: r.name,
      slot: Number(r.slot),
      txIndex: Number(r.tx_index),
      blockTime: r.block_time === null ? null : Number(r.block_time),
      data: JSON.parse(r.data) as Record<string, EventValue>,
    }));
  }

  /** The events of one transaction. */
  async eventsOf(signature: string): Promise<EventRow[]> {
    return this.events({ signature });
  }

  async counts(): Promise<{ transactions: number; events: number }> {
    const t = await this.db.all<{ n: number | string }>("SELECT COUNT(*) AS n FROM transactions");
    const e = await this.db.all<{ n: number | string }>("SELECT COUNT(*) AS n FROM events");
    return { transactions: Number(t[0].n), events: Number(e[0].n) };
  }
}
