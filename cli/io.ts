/**
 * The `io` command. One file per command in cli/commands/, named after the instruction it sends.
 * Global options: --url <rpc> (default http://127.0.0.1:8899), --keypair <path>
 * (default ~/.config/solana/id.json).
 */
import { parseFlags } from "./args";
import { context, Context } from "./context";
import * as acceptAdmin from "./commands/accept-admin";
import * as genesis from "./commands/genesis";
import * as initialize from "./commands/initialize";
import * as proposeAdmin from "./commands/propose-admin";

interface Command {
  usage: string;
  run(ctx: Context, flags: Map<string, string>): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  initialize,
  "propose-admin": proposeAdmin,
  "accept-admin": acceptAdmin,
  genesis,
};

function help(): string {
  return [
    "usage: io <command> [--url <rpc>] [--keypair <path>] [options]",
    "",
    ...Object.values(COMMANDS).map((c) => `  io ${c.usage}`),
  ].join("\n");
}

export async function main(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const { positional, flags } = parseFlags(argv);
  const command = COMMANDS[positional[0] ?? ""];
  if (!command || flags.has("help")) {
    out(help());
    return command || positional.length === 0 ? 0 : 2;
  }
  try {
    return await command.run(context(flags, out), flags);
  } catch (e) {
    out(`error: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
