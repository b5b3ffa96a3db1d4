/** Proofs of reserves: every program's `prove_reserves` emits the same `ReservesProven` event. */
import { PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { ProgramEvent } from "./anchor";

/** One vault's proof: its balance, what it owes, and the difference (0 when short). */
export interface ReservesProof {
  vault: PublicKey;
  balance: BN;
  obligations: BN;
  surplus: BN;
  /** The balance is below the obligations. */
  short: boolean;
}

/** The `ReservesProven` events among a program's decoded events, in order. */
export function reservesProofs(events: ProgramEvent[]): ReservesProof[] {
  return events
    .filter((e) => e.name === "reservesProven")
    .map((e) => {
      const d = e.data as { vault: PublicKey; balance: BN; obligations: BN; surplus: BN };
      return { vault: d.vault, balance: d.balance, obligations: d.obligations, surplus: d.surplus, short: d.balance.lt(d.obligations) };
    });
}
