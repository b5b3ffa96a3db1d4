/** The airdrop tree file written by `io airdrop-build` and read by the airdrop commands. */
import { readFileSync } from "fs";
import { PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import type { AirdropTree } from "../sdk/src/io-token/merkle";

export interface AirdropFile {
  root: string;
  total: string;
  claims: { wallet: string; amount: string; proof: string[] }[];
}

export function toFile(tree: AirdropTree, amounts: Map<string, BN>): AirdropFile {
  return {
    root: tree.root.toString("hex"),
    total: tree.total.toString(),
    claims: Array.from(tree.proofs.entries()).map(([wallet, proof]) => ({
      wallet,
      amount: amounts.get(wallet)!.toString(),
      proof: proof.map((p) => p.toString("hex")),
    })),
  };
}

export function readAirdropFile(path: string): AirdropFile {
  return JSON.parse(readFileSync(path, "utf8")) as AirdropFile;
}

/** The claim of `wallet` in the file, or an error naming the wallet. */
export function claimOf(file: AirdropFile, wallet: PublicKey): { amount: BN; proof: Buffer[] } {
  const c = file.claims.find((x) => x.wallet === wallet.toBase58());
  if (!c) throw new Error(`${wallet.toBase58()} is not in this airdrop`);
  return { amount: new BN(c.amount), proof: c.proof.map((p) => Buffer.from(p, "hex")) };
}
