import { Keypair } from "@solana/web3.js";
import { readFileSync } from "fs";

/** A keypair file as the Solana CLI writes it (a JSON array of 64 bytes). */
export function loadKeypair(path: string): Keypair {
  const secret = JSON.parse(readFileSync(path, "utf8")) as number[];
  return Keypair.fromSecretKey(Uint8Array.from(secret));
}
