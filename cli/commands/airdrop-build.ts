import { readFileSync, writeFileSync } from "fs";
// Narrow imports (not the SDK's index, which loads Anchor and SPL Token): an offline command starts fast.
import { formatAmount } from "../../sdk/src/format";
import { IO_DECIMALS } from "../../sdk/src/io-token/constants";
import { AirdropEntry, buildAirdropTree, parseAirdropCsv } from "../../sdk/src/io-token/merkle";
import { toFile } from "../airdrop-file";
import { required } from "../flags";
import { Output } from "../output";

/** Lines parsed between two redraws of the progress bar. */
const CHUNK = 10_000;

/** The CSV's entries, parsed CHUNK lines at a time so that a large file shows its progress. */
function parseWithProgress(csv: string, output: Output): AirdropEntry[] {
  const lines = csv.split(/\r?\n/);
  const bar = output.progress("reading the CSV", lines.length);
  const entries: AirdropEntry[] = [];
  for (let i = 0; i < lines.length; i += CHUNK) {
    try {
      entries.push(...parseAirdropCsv(lines.slice(i, i + CHUNK).join("\n")));
    } catch (e) {
      // The SDK numbers the chunk's entry lines: number them in the whole file's entries.
      const message = e instanceof Error ? e.message : String(e);
      throw new Error(message.replace(/^line (\d+):/, (_, n: string) => `entry ${entries.length + Number(n)}:`));
    }
    bar.tick(Math.min(CHUNK, lines.length - i));
  }
  bar.done();
  return entries;
}

/** `io airdrop-build`: the Merkle tree of a CSV, for `create-airdrop` and `claim-airdrop`. */
export async function offline(flags: Map<string, string>, out: (line: string) => void, output: Output): Promise<number> {
  const entries = parseWithProgress(readFileSync(required(flags, "csv"), "utf8"), output);
  const hashing = output.progress("building the Merkle tree", 1);
  const tree = buildAirdropTree(entries);
  hashing.tick();
  hashing.done();
  const path = required(flags, "out");
  writeFileSync(path, JSON.stringify(toFile(tree, new Map(entries.map((e) => [e.wallet.toBase58(), e.amount]))), null, 2) + "\n");
  output.set("wallets", entries.length);
  output.set("total", tree.total);
  output.set("root", tree.root.toString("hex"));
  output.set("out", path);
  out(`${entries.length} wallets, ${formatAmount(tree.total, IO_DECIMALS)} IO, root ${tree.root.toString("hex")}`);
  out(`wrote ${path}`);
  return 0;
}
