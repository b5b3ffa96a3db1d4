/**
 * The `io` command: arguments parsed by commander (unknown commands and options are errors with
 * a suggestion), the commands listed in registry.ts and each run from its own file in
 * cli/commands/, loaded only when it runs. Global options follow the `solana` CLI: -u/--url
 * (a URL or a moniker), -k/--keypair (default: the Solana config's keypair), -C/--config,
 * --output json|json-compact, --with-compute-unit-price; without --url the chain is the embedded
 * one kept in --state (see context.ts).
 */
import { Command, CommanderError, Option } from "commander";
import { readFileSync } from "fs";
import { join } from "path";
import type { Context } from "./context";
import { Output, OUTPUT_FORMATS, OutputFormat, Sinks } from "./output";
import { CommandSpec, COMMANDS, GROUPS } from "./registry";
import { REPO_ROOT } from "./repo";

/** What a command's module exports: `run` on a chain, or `offline` without one. */
export interface CommandModule {
  run?(ctx: Context, flags: Map<string, string>): Promise<number>;
  offline?(flags: Map<string, string>, out: (line: string) => void, output: Output): Promise<number>;
}

/** Exit code of a usage error (unknown command or option, a missing option value). */
export const USAGE_ERROR = 2;

/** Options that may be given several times: their values are kept, in order, one a line. */
const REPEATABLE = new Set(["action"]);

function version(): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
}

function globalOptions(): Option[] {
  return [
    new Option("-u, --url <url-or-moniker>", "RPC URL or moniker: mainnet-beta, devnet, testnet, localhost (or m, d, t, l); default: the embedded chain"),
    new Option("-k, --keypair <path>", "signer's keypair file; default: the Solana config's keypair_path, then ~/.config/solana/id.json (embedded chain: id.json beside --state)"),
    new Option("-C, --config <path>", "Solana CLI config file (default ~/.config/solana/cli/config.yml)"),
    new Option("--output <format>", "json or json-compact: one JSON document on stdout").choices(["json", "json-compact"]),
    new Option("--with-compute-unit-price <micro-lamports>", "priority fee: a compute-unit price on every transaction"),
    new Option("--state <file>", "embedded chain's state (default .io/chain.bin)"),
    new Option("--db <file>", "event index (SQLite; embedded default: index.sqlite beside --state)"),
    new Option("--warp <hours>", "embedded chain: move its clock ahead first"),
  ];
}

/** The parsed options as the commands read them: `--name` -> value ("true" for a switch). */
function flagsOf(cmd: Command): Map<string, string> {
  const flags = new Map<string, string>();
  const values = cmd.optsWithGlobals() as Record<string, unknown>;
  const options = [...cmd.options, ...(cmd.parent?.options ?? [])];
  for (const option of options) {
    const value = values[option.attributeName()];
    if (value === undefined || option.long === undefined) continue;
    const name = option.long.slice(2);
    flags.set(name, Array.isArray(value) ? value.join("\n") : value === true ? "true" : String(value));
  }
  return flags;
}

/** Whether an error is the RPC endpoint being out of reach. */
function isConnectionError(message: string): boolean {
  return /fetch failed|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ETIMEDOUT|socket hang up|network error/i.test(message);
}

async function runCommand(spec: CommandSpec, flags: Map<string, string>, sinks: Sinks): Promise<number> {
  const format = (flags.get("output") ?? "text") as OutputFormat;
  if (!OUTPUT_FORMATS.includes(format)) throw new CommanderError(USAGE_ERROR, "io.output", `error: --output: json or json-compact, not ${format}`);
  const output = new Output(format, sinks, spec.name);
  try {
    const mod = (await import(`./commands/${spec.file}`)) as CommandModule;
    let code: number;
    if (spec.offline && mod.offline) code = await mod.offline(flags, output.out, output);
    else if (mod.run) {
      const { context } = await import("./context");
      const ctx = await context(flags, output, { readOnly: spec.readOnly });
      code = await mod.run(ctx, flags);
      await ctx.close();
    } else throw new Error(`${spec.name}: its module cli/commands/${spec.file} runs nothing`);
    output.finish(code);
    return code;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const url = flags.get("url");
    if (url && isConnectionError(message)) {
      const { clusterUrl, redactUrl } = await import("./cluster");
      let shown = "[redacted]";
      try {
        shown = redactUrl(clusterUrl(url));
      } catch {
        // the URL itself was refused: the message says why
      }
      output.err(`error: cannot connect to ${shown}: ${message}`);
    } else output.err(`error: ${message}`);
    return 1;
  }
}

/** `io referral <verb>`: the referral commands (registry.ts) by their short names. */
const REFERRAL: Record<string, string> = {
  register: "register-referral",
  status: "referral-status",
  claim: "claim-referral",
  params: "set-referral-params",
};

/** The `io` program: global options, one subcommand per registry entry, in help groups. */
function program(sinks: Sinks, result: { code: number }): Command {
  const io = new Command("io")
    .description("The IO protocol's command line: io.net's tokenomics on Solana (the embedded chain without --url)")
    .version(version(), "-V, --version")
    .helpOption("-h, --help", "this help; io <command> --help for a command's")
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .configureOutput({
      writeOut: (s) => sinks.out(s.replace(/\n$/, "")),
      writeErr: (s) => sinks.err(s.replace(/\n$/, "")),
    })
    .helpCommand("help [command]", "a command's help (as io <command> --help)");
  for (const option of globalOptions()) io.addOption(option);
  // Registered group by group, in GROUPS' order: the help lists groups as it meets them.
  const groups = Object.keys(GROUPS);
  const ordered = [...COMMANDS].sort((a, b) => groups.indexOf(a.group) - groups.indexOf(b.group));
  for (const spec of ordered) {
    const cmd = io
      .command(spec.name)
      .description(spec.summary)
      .helpGroup(GROUPS[spec.group])
      .usage(spec.synopsis ? `${spec.synopsis} [global options]` : "[global options]")
      .exitOverride()
      .showSuggestionAfterError(true)
      .configureOutput({
        writeOut: (s) => sinks.out(s.replace(/\n$/, "")),
        writeErr: (s) => sinks.err(s.replace(/\n$/, "")),
      });
    for (const flags of spec.options) {
      const option = new Option(flags);
      if (REPEATABLE.has(option.long?.slice(2) ?? "")) option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
      cmd.addOption(option);
    }
    cmd.action(async (_opts: unknown, self: Command) => {
      result.code = await runCommand(spec, flagsOf(self), sinks);
    });
  }
  return io;
}

/**
 * Runs `io` with `argv` (no "node io" prefix). Lines go to `out`, errors to `err` (both to `out`
 * when only it is given, as the in-process tests read them), progress bars to `terminal` (a
 * terminal's stderr; none without); returns the exit code: 0, 1 for a failed command or
 * transaction, 2 for a usage error.
 */
export async function main(
  argv: string[],
  out: (line: string) => void = console.log,
  err: (line: string) => void = out,
  terminal?: (text: string) => void,
): Promise<number> {
  const sinks: Sinks = { out, err, terminal };
  const result = { code: 0 };
  // `io referral register|status|claim|params`: the referral commands by their short names.
  const referral = argv[0] === "referral" ? REFERRAL[argv[1] ?? ""] : undefined;
  if (referral) argv = [referral, ...argv.slice(2)];
  // `io reputation <user>`: the user as a positional argument (as --user).
  if (argv[0] === "reputation" && argv[1] !== undefined && !argv[1].startsWith("-")) argv = ["reputation", "--user", argv[1], ...argv.slice(2)];
  // `io priority-tier <user>`: likewise.
  if (argv[0] === "priority-tier" && argv[1] !== undefined && !argv[1].startsWith("-")) argv = ["priority-tier", "--user", argv[1], ...argv.slice(2)];
  // `io sync-usage <user>`: likewise.
  if (argv[0] === "sync-usage" && argv[1] !== undefined && !argv[1].startsWith("-")) argv = ["sync-usage", "--user", argv[1], ...argv.slice(2)];
  const io = program(sinks, result);
  if (argv.length === 0) {
    out(io.helpInformation().replace(/\n$/, ""));
    return 0;
  }
  try {
    await io.parseAsync(argv, { from: "user" });
    return result.code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
      if (e.code === "io.output") err(e.message);
      return USAGE_ERROR;
    }
    err(`error: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

/** The shell's entry point (cli/bin/io.js): stdout, stderr, and progress bars on a terminal. */
export function runFromShell(argv: string[]): Promise<number> {
  const terminal = process.stderr.isTTY === true ? (text: string) => void process.stderr.write(text) : undefined;
  return main(argv, (l) => void process.stdout.write(`${l}\n`), (l) => void process.stderr.write(`${l}\n`), terminal);
}
