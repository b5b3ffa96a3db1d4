import { readFileSync, writeFileSync } from "fs";
import { buildAirdropTree, formatAmount, IO_DECIMALS, parseAirdropCsv } from "../../sdk/src";
import { toFile } from "../airdrop-file";
import { required } from "../flags";

export const usage = "airdrop-build --csv <wallet,amount file> --out <tree.json>   (offline: Merkle root and proofs; amounts in base units)";

/** `io airdrop-build`: the Merkle tree of a CSV, for `create-airdrop` and `claim-airdrop`. */
export async function offline(flags: Map<string, string>, out: (line: string) => void): Promise<number> {
  const entries = parseAirdropCsv(readFileSync(required(flags, "csv"), "utf8"));
  const tree = buildAirdropTree(entries);
  const path = required(flags, "out");
  writeFileSync(path, JSON.stringify(toFile(tree, new Map(entries.map((e) => [e.wallet.toBase58(), e.amount]))), null, 2) + "\n");
  out(`${entries.length} wallets, ${formatAmount(tree.total, IO_DECIMALS)} IO, root ${tree.root.toString("hex")}`);
  out(`wrote ${path}`);
  return 0;
}
