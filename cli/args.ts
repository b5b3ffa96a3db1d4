/**
 * A small `--flag value` parser for the scripts, migrations and the oracle service (no
 * dependency); the `io` command itself parses with commander (io.ts, registry.ts).
 * Short flags follow the `solana` CLI: `-u <url or moniker>` (also `-um`), `-k <keypair>`,
 * `-h` (help), `-C <config>`; each maps to its long name.
 */
export const SHORT_FLAGS: Readonly<Record<string, string>> = { u: "url", k: "keypair", h: "help", C: "config" };

function shortFlag(arg: string): { name: string; value?: string } | null {
  const m = /^-([A-Za-z])(.*)$/.exec(arg);
  if (!m || !(m[1] in SHORT_FLAGS)) return null;
  return { name: SHORT_FLAGS[m[1]], value: m[2] === "" ? undefined : m[2] };
}

/** Whether `arg` starts another flag (so it is not the previous flag's value). */
const isFlag = (arg: string) => arg.startsWith("--") || shortFlag(arg) !== null;

/** Flags that may be given several times: their values are kept, in order, one a line (`gov-propose --action ... --action ...`). */
export const REPEATABLE_FLAGS: ReadonlySet<string> = new Set(["action"]);

export function parseFlags(argv: string[]): { positional: string[]; flags: Map<string, string> } {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const short = shortFlag(arg);
    if (arg.startsWith("--") || short) {
      let name: string;
      let value: string | undefined;
      if (short) ({ name, value } = short);
      else {
        const eq = arg.indexOf("=");
        name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
        value = eq > 0 ? arg.slice(eq + 1) : undefined;
      }
      if (value === undefined && i + 1 < argv.length && !isFlag(argv[i + 1])) value = argv[++i];
      const previous = flags.get(name);
      flags.set(name, REPEATABLE_FLAGS.has(name) && previous !== undefined ? `${previous}\n${value ?? "true"}` : (value ?? "true"));
    } else positional.push(arg);
  }
  return { positional, flags };
}
