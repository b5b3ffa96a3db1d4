/**
 * The supply identity: genesis + emitted + re-minted − burned = the IO mint's supply, from the
 * indexed events, hour by hour, checked against the supply the chain itself reports: inside events
 * (io_buyback's `lotBought.supplyAfter`, io_jobs' `ioFeesBurned.supply`, after their transaction)
 * and, for the last hour, the mint account read now. Emitted is also checked against io_token's
 * own running total (`emissionsMinted.totalMinted`). A mismatch is reported, never smoothed over.
 *
 * Burn causes: IOSD (`iosdMinted.ioBurned`), buyback (`lotBought.ioBurned`), IO job fees
 * (`ioFeesBurned.amount`), slashing (`slashUpdate` with state 0 and a non-zero amount: only
 * execute_slash emits one; a dismissal emits amount 0).
 *
 * Holders' own burns: anyone may burn their IO with Token-2022 directly, which no program of ours
 * sees. Only io_token's mint authority (a PDA, every mint with an event) can raise the supply, so
 * a chain supply BELOW the computed one is IO burned outside the protocol: it is counted as
 * `holders` (inferred, never decreasing) and is no alarm. A chain supply ABOVE it, or a holders'
 * figure that would have to shrink, is IO that appeared without an event: always an alarm. The
 * inference cannot tell a holder's burn from a protocol burn whose event the index lost; the page
 * labels the figure as inferred.
 */
import { EventRow, IndexStore } from "../indexer/store";

export const SUPPLY_EVENTS = ["initialized", "emissionsMinted", "iosdMinted", "lotBought", "ioFeesBurned", "slashUpdate"] as const;

export type BurnCause = "iosd" | "buyback" | "fees" | "slashing";
export const BURN_CAUSES: readonly BurnCause[] = ["iosd", "buyback", "fees", "slashing"];
/** The causes events name, plus IO burned by holders outside the protocol (inferred). */
export type SupplyBurn = BurnCause | "holders";
export const SUPPLY_BURNS: readonly SupplyBurn[] = [...BURN_CAUSES, "holders"];

/** Decimal strings of base units (1 IO = 10^8). */
export interface SupplyHour {
  /** Unix time of the hour's start. */
  hour: number;
  genesis: string;
  emitted: string;
  reminted: string;
  burned: Record<SupplyBurn, string>;
  /** genesis + emitted + re-minted − burned at the hour's end (cumulative). */
  supply: string;
  /** The chain's own figure for the supply at the hour's last check, and where it came from. */
  observed: string | null;
  observedAt: string | null;
  /** null: nothing on chain to check against in that hour. */
  ok: boolean | null;
}

export interface Mismatch {
  what: "supply" | "emitted";
  /** The transaction (or "mint account" for the live read). */
  at: string;
  expected: string;
  observed: string;
}

export interface SupplyIdentity {
  genesisKnown: boolean;
  totals: { genesis: string; emitted: string; reminted: string; burned: Record<SupplyBurn, string>; burnedTotal: string; computed: string };
  /** The IO mint's supply read from the chain now. */
  chainSupply: string;
  hours: SupplyHour[];
  mismatches: Mismatch[];
  /** true: every check held; false: an alarm; null: the genesis is not indexed (nothing to check). */
  ok: boolean | null;
}

const big = (v: unknown): bigint => BigInt(String(v ?? "0"));

/** A burn's cause and amount, or null when `e` burns nothing. */
export function burnOf(e: EventRow): { cause: BurnCause; amount: bigint } | null {
  if (e.name === "iosdMinted") return { cause: "iosd", amount: big(e.data.ioBurned) };
  if (e.name === "lotBought") return { cause: "buyback", amount: big(e.data.ioBurned) };
  if (e.name === "ioFeesBurned") return { cause: "fees", amount: big(e.data.amount) };
  if (e.name === "slashUpdate" && Number(e.data.state) === 0 && big(e.data.amount) > 0n) return { cause: "slashing", amount: big(e.data.amount) };
  return null;
}

/** The identity over `events` (chain order) against `chainSupply` (the mint's supply now). */
export function supplyIdentity(events: readonly EventRow[], chainSupply: bigint): SupplyIdentity {
  let genesis = 0n;
  let genesisKnown = false;
  let emitted = 0n;
  let reminted = 0n;
  const burned: Record<SupplyBurn, bigint> = { iosd: 0n, buyback: 0n, fees: 0n, slashing: 0n, holders: 0n };
  const hours: SupplyHour[] = [];
  const mismatches: Mismatch[] = [];
  const total = () => genesis + emitted + reminted - Object.values(burned).reduce((a, b) => a + b, 0n);
  const str = (r: Record<SupplyBurn, bigint>) => ({ iosd: r.iosd.toString(), buyback: r.buyback.toString(), fees: r.fees.toString(), slashing: r.slashing.toString(), holders: r.holders.toString() });
  /** Checks the chain's `observed` supply: a shortfall is holders' burns, an excess an alarm. */
  const check = (observed: bigint): boolean => {
    const shortfall = total() - observed;
    if (shortfall < 0n) return false;
    burned.holders += shortfall;
    return true;
  };
  let current: SupplyHour | null = null;
  const closeTx = (signature: string, observed: bigint | null) => {
    if (!current) return;
    current.supply = total().toString();
    current.genesis = genesis.toString();
    current.emitted = emitted.toString();
    current.reminted = reminted.toString();
    current.burned = str(burned);
    if (observed !== null && genesisKnown) {
      const expected = total();
      const ok = check(observed);
      current.supply = total().toString();
      current.burned = str(burned);
      current.observed = observed.toString();
      current.observedAt = signature;
      current.ok = current.ok === false ? false : ok;
      if (!ok) mismatches.push({ what: "supply", at: signature, expected: expected.toString(), observed: observed.toString() });
    }
  };
  let i = 0;
  while (i < events.length) {
    const sig = events[i].signature;
    let observed: bigint | null = null;
    const hour = Math.floor((events[i].blockTime ?? 0) / 3_600) * 3_600;
    if (!current || current.hour !== hour) {
      current = { hour, genesis: "0", emitted: "0", reminted: "0", burned: str(burned), supply: "0", observed: null, observedAt: null, ok: null };
      hours.push(current);
    }
    for (; i < events.length && events[i].signature === sig; i++) {
      const e = events[i];
      if (e.name === "initialized" && e.program === "io_token") {
        genesis = big(e.data.genesisSupply);
        genesisKnown = true;
      } else if (e.name === "emissionsMinted") {
        emitted += big(e.data.amount);
        reminted += big(e.data.reminted);
        if (big(e.data.totalMinted) !== emitted && genesisKnown) {
          mismatches.push({ what: "emitted", at: sig, expected: emitted.toString(), observed: big(e.data.totalMinted).toString() });
          current.ok = false;
        }
      } else {
        const burn = burnOf(e);
        if (burn) burned[burn.cause] += burn.amount;
        if (e.name === "lotBought") observed = big(e.data.supplyAfter);
        if (e.name === "ioFeesBurned") observed = big(e.data.supply);
      }
    }
    closeTx(sig, observed);
  }
  if (genesisKnown) {
    if (current) {
      current.observed = chainSupply.toString();
      current.observedAt = "mint account";
    }
    const expected = total();
    if (!check(chainSupply)) {
      mismatches.push({ what: "supply", at: "mint account", expected: expected.toString(), observed: chainSupply.toString() });
      if (current) current.ok = false;
    } else {
      if (current) {
        current.supply = total().toString();
        current.burned = str(burned);
      }
      if (current && current.ok === null) current.ok = true;
    }
  }
  const burnedTotal = Object.values(burned).reduce((a, b) => a + b, 0n);
  return {
    genesisKnown,
    totals: { genesis: genesis.toString(), emitted: emitted.toString(), reminted: reminted.toString(), burned: str(burned), burnedTotal: burnedTotal.toString(), computed: total().toString() },
    chainSupply: chainSupply.toString(),
    hours,
    mismatches,
    ok: genesisKnown ? mismatches.length === 0 : null,
  };
}

/** The identity from the store's events. */
export async function supplyIdentityOf(store: IndexStore, chainSupply: bigint): Promise<SupplyIdentity> {
  return supplyIdentity(await store.events({ names: SUPPLY_EVENTS }), chainSupply);
}
