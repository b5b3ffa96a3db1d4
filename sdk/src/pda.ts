/**
 * Program-derived addresses, derived once: `PublicKey.findProgramAddressSync` costs about half a
 * millisecond in JavaScript (sha256 and an off-curve check per bump tried), and instruction
 * builders need the same config, authority and vault addresses on every call.
 */
import { Buffer } from "buffer";
import { PublicKey } from "@solana/web3.js";

const cache = new WeakMap<PublicKey, Map<string, [PublicKey, number]>>();

/** `PublicKey.findProgramAddressSync(seeds, programId)`, remembered per program and seeds. */
export function findPda(seeds: (Buffer | Uint8Array)[], programId: PublicKey): [PublicKey, number] {
  let byProgram = cache.get(programId);
  if (!byProgram) {
    byProgram = new Map();
    cache.set(programId, byProgram);
  }
  const id = seeds.map((s) => Buffer.from(s.buffer, s.byteOffset, s.byteLength).toString("hex")).join(":");
  let found = byProgram.get(id);
  if (!found) {
    found = PublicKey.findProgramAddressSync(seeds, programId);
    byProgram.set(id, found);
  }
  return found;
}
