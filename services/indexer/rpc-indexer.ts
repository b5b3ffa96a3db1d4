/**
 * Follows the programs over JSON-RPC: for each program, the signatures newer than its cursor
 * (`getSignaturesForAddress` with `until`, paged with `before`), merged across programs and put
 * in chain order (slot, then the position in the block from `getBlock`), then each transaction
 * (`getTransaction`) is decoded and stored with the cursors of the programs it involves, in one
 * database transaction. Killed at any point, a restart re-reads from the cursors: no gap (a
 * program's cursor only moves to a transaction once every older one of it is stored) and no
 * duplicate (rows are keyed by signature).
 */
import { Connection, Finality, PublicKey } from "@solana/web3.js";
import { decodeEvents, FollowedProgram, PROGRAMS } from "./decode";
import { IndexStore } from "./store";

export interface RpcIndexerOptions {
  /** `finalized` (default: nothing indexed can be rolled back) or `confirmed`. */
  commitment?: Finality;
  /** A pause between transactions, to go easy on a rate-limited endpoint (default 0). */
  throttleMs?: number;
  programs?: readonly FollowedProgram[];
}

interface Pending {
  signature: string;
  slot: number;
  programs: Set<string>;
  txIndex: number;
}

export interface IndexRun {
  /** Transactions seen (failed ones included: they only move the cursors). */
  seen: number;
  /** Transactions stored (successful, new). */
  stored: number;
  events: number;
}

export class RpcIndexer {
  private readonly commitment: Finality;
  private readonly throttleMs: number;
  private readonly programs: readonly FollowedProgram[];

  constructor(
    readonly connection: Connection,
    readonly store: IndexStore,
    opts: RpcIndexerOptions = {},
  ) {
    this.commitment = opts.commitment ?? "finalized";
    this.throttleMs = opts.throttleMs ?? 0;
    this.programs = opts.programs ?? PROGRAMS;
  }

  /** The signatures of `programId` newer than `until`, oldest first. */
  private async newSignatures(programId: PublicKey, until: string | undefined): Promise<{ signature: string; slot: number }[]> {
    const out: { signature: string; slot: number }[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await this.connection.getSignaturesForAddress(programId, { until, before, limit: 1_000 }, this.commitment);
      out.push(...page.map((s) => ({ signature: s.signature, slot: s.slot })));
      if (page.length < 1_000) break;
      before = page[page.length - 1].signature;
    }
    return out.reverse();
  }

  /** Everything new across the programs, in chain order. */
  async pending(): Promise<Pending[]> {
    const bySignature = new Map<string, Pending>();
    for (const p of this.programs) {
      const cursor = await this.store.cursor(p.name);
      for (const s of await this.newSignatures(p.programId, cursor?.signature)) {
        const entry = bySignature.get(s.signature) ?? { signature: s.signature, slot: s.slot, programs: new Set<string>(), txIndex: -1 };
        entry.programs.add(p.name);
        bySignature.set(s.signature, entry);
      }
    }
    const all = [...bySignature.values()];
    const bySlot = new Map<number, Pending[]>();
    for (const e of all) {
      const list = bySlot.get(e.slot);
      if (list) list.push(e);
      else bySlot.set(e.slot, [e]);
    }
    for (const [slot, inSlot] of bySlot) {
      // (getBlock with transactionDetails "signatures": web3.js 1.x types it as getBlockSignatures)
      const block = await this.connection.getBlockSignatures(slot, this.commitment);
      const position = new Map(block.signatures.map((s, i) => [s, i]));
      for (const e of inSlot) {
        const i = position.get(e.signature);
        if (i === undefined) throw new Error(`${e.signature} is not in the block at slot ${slot}`);
        e.txIndex = i;
      }
    }
    return all.sort((a, b) => a.slot - b.slot || a.txIndex - b.txIndex);
  }

  /** Indexes everything new, oldest first; at most `limit` transactions when given. */
  async run(limit = Infinity): Promise<IndexRun> {
    const result: IndexRun = { seen: 0, stored: 0, events: 0 };
    for (const p of await this.pending()) {
      if (result.seen >= limit) break;
      const tx = await this.connection.getTransaction(p.signature, { commitment: this.commitment, maxSupportedTransactionVersion: 0 });
      if (!tx || !tx.meta) throw new Error(`getTransaction ${p.signature}: not found`);
      const events = tx.meta.err ? null : decodeEvents(tx.meta.logMessages ?? []);
      const record = { signature: p.signature, slot: tx.slot, txIndex: p.txIndex, blockTime: tx.blockTime ?? null };
      const fresh = await this.store.record(record, events, [...p.programs]);
      result.seen++;
      if (fresh) {
        result.stored++;
        result.events += events?.length ?? 0;
      }
      if (this.throttleMs > 0) await new Promise((r) => setTimeout(r, this.throttleMs));
    }
    return result;
  }
}
