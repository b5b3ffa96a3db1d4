/**
 * The one query layer the indexer and the explorer use. SQL is written once, portable between
 * SQLite and PostgreSQL: `?` placeholders (a PostgreSQL adapter numbers them), BIGINT/INTEGER/TEXT
 * columns only, `INSERT ... ON CONFLICT DO NOTHING`, no JSON operators (a row's event fields are a
 * JSON text column read back in TypeScript). SQLite (better-sqlite3) is the embedded default.
 */
import Database from "better-sqlite3";
import { Pool, PoolClient } from "pg";

export type SqlValue = string | number | bigint | null;

export interface Db {
  readonly dialect: "sqlite" | "postgres";
  exec(sql: string): Promise<void>;
  /** Runs one statement; returns how many rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs `fn` in one transaction (its statements through `tx`): all of it is stored, or (a throw, a crash) none of it. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The schema, one statement per entry (both dialects). */
export const SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS transactions (
     signature TEXT PRIMARY KEY,
     slot BIGINT NOT NULL,
     tx_index INTEGER NOT NULL,
     block_time BIGINT,
     UNIQUE (slot, tx_index)
   )`,
  `CREATE TABLE IF NOT EXISTS events (
     signature TEXT NOT NULL,
     program TEXT NOT NULL,
     event_index INTEGER NOT NULL,
     name TEXT NOT NULL,
     slot BIGINT NOT NULL,
     tx_index INTEGER NOT NULL,
     block_time BIGINT,
     data TEXT NOT NULL,
     PRIMARY KEY (signature, program, event_index)
   )`,
  `CREATE INDEX IF NOT EXISTS events_by_name ON events (name, slot, tx_index)`,
  `CREATE TABLE IF NOT EXISTS cursors (
     program TEXT PRIMARY KEY,
     signature TEXT NOT NULL,
     slot BIGINT NOT NULL
   )`,
];

/** SQLite through better-sqlite3 (synchronous underneath; one connection). */
export class SqliteDb implements Db {
  readonly dialect = "sqlite" as const;
  private readonly db: Database.Database;
  private depth = 0;
  /** Prepared statements by their SQL (compiling one costs more than running it). */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(path: string) {
    this.db = new Database(path);
    if (path !== ":memory:") this.db.pragma("journal_mode = WAL");
    // WAL with synchronous NORMAL: a committed transaction survives the process being killed
    // (kill -9, tests/indexer-rpc.test.ts); only an OS crash or power loss can drop the last
    // commits, which a restart then re-indexes from the cursors (FULL: an fsync per commit,
    // ~220 events/s on this machine, for nothing the cursors do not already cover).
    this.db.pragma("synchronous = NORMAL");
  }

  async exec(sql: string): Promise<void> {
    this.db.exec(sql);
  }

  private prepared(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return this.prepared(sql).run(...params).changes;
  }

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.prepared(sql).all(...params) as T[];
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    if (this.depth > 0) throw new Error("SqliteDb: nested transaction");
    this.depth++;
    this.db.exec("BEGIN");
    try {
      const out = await fn(this);
      this.db.exec("COMMIT");
      return out;
    } catch (e) {
      this.db.exec("ROLLBACK");
      throw e;
    } finally {
      this.depth--;
    }
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** `?` placeholders numbered as PostgreSQL wants them ($1, $2, …); the SQL here has no `?` in literals. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** What PgDb runs statements on: the pool, or one client inside a transaction. */
interface Queryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/** PostgreSQL through `pg` (BIGINT columns come back as strings; the store converts). */
export class PgDb implements Db {
  readonly dialect = "postgres" as const;

  private constructor(
    private readonly on: Queryable,
    private readonly pool: Pool | null,
  ) {}

  static async connect(url: string): Promise<PgDb> {
    const pool = new Pool({ connectionString: url, max: 4 });
    await pool.query("SELECT 1");
    return new PgDb(pool, pool);
  }

  private params(params: readonly SqlValue[]): unknown[] {
    return params.map((p) => (typeof p === "bigint" ? p.toString() : p));
  }

  async exec(sql: string): Promise<void> {
    await this.on.query(sql);
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return (await this.on.query(numberPlaceholders(sql), this.params(params))).rowCount ?? 0;
  }

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return (await this.on.query(numberPlaceholders(sql), this.params(params))).rows as T[];
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    if (!this.pool) throw new Error("PgDb: nested transaction");
    const client: PoolClient = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const out = await fn(new PgDb(client, null));
      await client.query("COMMIT");
      return out;
    } catch (e) {
      await client.query("ROLLBACK");
      throw e;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool?.end();
  }
}

/** The database a `--db` value names: `postgres://…` (PostgreSQL), else a SQLite file path (or `:memory:`). */
export async function openDb(spec: string): Promise<Db> {
  const db = /^postgres(ql)?:\/\//.test(spec) ? await PgDb.connect(spec) : new SqliteDb(spec);
  for (const s of SCHEMA) await db.exec(s);
  return db;
}
