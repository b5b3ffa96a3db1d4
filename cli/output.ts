/**
 * What a command prints, in the format `--output` asks for: text lines for a person (the
 * default), or one JSON document (`json`, indented; `json-compact`, one line) on stdout at the
 * end. In JSON the document holds the command, its outcome, the fields the command set (`set`),
 * every transaction it sent (`transaction`, from context.ts's `report`) and its text lines,
 * so every printing command gives a document a script can parse. Errors go to stderr in any
 * format. Progress bars are drawn on stderr, only when it is a terminal and the output is text.
 */
import BN from "bn.js";

export type OutputFormat = "text" | "json" | "json-compact";

export const OUTPUT_FORMATS: readonly OutputFormat[] = ["text", "json", "json-compact"];

/** A transaction's outcome as the JSON output records it. */
export interface TransactionRecord {
  instruction: string;
  ok: boolean;
  signature?: string;
  computeUnits: number;
  error?: string;
  programError?: { name: string; code: number; msg: string };
}

/** Where the lines go: stdout and stderr for the shell, a test's arrays in-process. */
export interface Sinks {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Raw writes to stderr when it is a terminal (progress bars); absent: no terminal. */
  terminal?: (text: string) => void;
}

/** A value as JSON can carry it: amounts (BN, bigint) as decimal strings, keys as base58. */
export function jsonValue(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (BN.isBN(value)) return value.toString();
  if (typeof value === "bigint") return value.toString();
  if (Buffer.isBuffer(value)) return value.toString("hex");
  if (Array.isArray(value)) return value.map(jsonValue);
  if (typeof value === "object") {
    const v = value as { toBase58?: () => string };
    if (typeof v.toBase58 === "function") return v.toBase58();
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, x]) => [k, jsonValue(x)]));
  }
  return value;
}

export class Output {
  private readonly lines: string[] = [];
  private readonly fields: Record<string, unknown> = {};
  private readonly transactions: TransactionRecord[] = [];
  private bar: Progress | null = null;

  constructor(
    readonly format: OutputFormat,
    private readonly sinks: Sinks,
    private readonly command: string,
  ) {}

  get json(): boolean {
    return this.format !== "text";
  }

  /** A line for a person; kept for the document in JSON. */
  readonly out = (line: string): void => {
    this.bar?.clear();
    if (this.json) this.lines.push(line);
    else this.sinks.out(line);
  };

  /** An error line: stderr whatever the format. */
  readonly err = (line: string): void => {
    this.bar?.clear();
    this.sinks.err(line);
  };

  /** A field of the JSON document (ignored in text, where the lines say the same). */
  set(key: string, value: unknown): void {
    this.fields[key] = jsonValue(value);
  }

  transaction(record: TransactionRecord): void {
    this.transactions.push(record);
  }

  /** A progress bar over `total` steps; drawn only on a terminal in text output. */
  progress(label: string, total: number): Progress {
    this.bar?.done();
    this.bar = new Progress(label, total, this.json ? undefined : this.sinks.terminal);
    return this.bar;
  }

  /** Prints the JSON document (text output printed as it went). */
  finish(code: number): void {
    this.bar?.done();
    if (!this.json) return;
    const doc = { command: this.command, ok: code === 0, ...this.fields, transactions: this.transactions, lines: this.lines };
    this.sinks.out(this.format === "json" ? JSON.stringify(doc, null, 2) : JSON.stringify(doc));
  }
}

/**
 * A one-line bar redrawn in place (`\r`) on stderr: `label [#####.....] 3/10`. Without a
 * terminal it draws nothing.
 */
export class Progress {
  private done_ = 0;
  private drawn = false;

  constructor(
    private readonly label: string,
    private readonly total: number,
    /** Where the bar is drawn (a terminal, in text output); absent: nothing is drawn. */
    private readonly terminal: ((text: string) => void) | undefined,
  ) {
    this.draw();
  }

  get count(): number {
    return this.done_;
  }

  tick(n = 1): void {
    this.done_ = Math.min(this.total, this.done_ + n);
    this.draw();
  }

  /** Rubs the bar out (before a line is printed); the next tick draws it again. */
  clear(): void {
    if (this.terminal && this.drawn) this.terminal("\r\x1b[K");
    this.drawn = false;
  }

  done(): void {
    this.clear();
  }

  private draw(): void {
    if (!this.terminal || this.total <= 0) return;
    const width = 30;
    const filled = Math.round((this.done_ / this.total) * width);
    this.terminal(`\r\x1b[K${this.label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${this.done_}/${this.total}`);
    this.drawn = true;
  }
}
