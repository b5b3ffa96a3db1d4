/** Structured logs: one JSON object per line on stdout ({"ts","level","msg",...fields}). */
export type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type Fields = Record<string, string | number | boolean | null | undefined | string[] | number[]>;

export interface Logger {
  log(level: Level, msg: string, fields?: Fields): void;
}

export class JsonLogger implements Logger {
  constructor(
    private readonly min: Level = "info",
    private readonly write: (line: string) => void = (l) => process.stdout.write(l + "\n"),
    private readonly base: Fields = {},
    /** Applied to every line before it is written (e.g. scrubbing the RPC URL's API key). */
    private readonly redact: (line: string) => string = (l) => l,
  ) {}

  log(level: Level, msg: string, fields: Fields = {}): void {
    if (ORDER[level] < ORDER[this.min]) return;
    this.write(this.redact(JSON.stringify({ ts: new Date().toISOString(), level, msg, ...this.base, ...fields })));
  }
}

/** Drops everything (tests, benchmarks). */
export const silentLogger: Logger = { log: () => undefined };

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
