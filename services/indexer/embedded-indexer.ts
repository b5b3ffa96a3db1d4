/**
 * On the embedded chain there is no RPC history: the indexer sits in-process and stores each
 * successful transaction's events from its logs as the chain sends it (slot and time from the
 * chain's clock, position = order within the slot).
 */
import { decodeEvents, involvesFollowed } from "./decode";
import { IndexStore } from "./store";

/** What the embedded chain reports of a successful transaction. */
export interface ObservedTransaction {
  signature: string;
  logs: readonly string[];
  slot: number;
  unixTime: number;
}

export class EmbeddedIndexer {
  private queue: Promise<void> = Promise.resolve();
  private failure: unknown = null;

  constructor(readonly store: IndexStore) {}

  /**
   * Queues `tx` for storage when it involves a followed program (the chain calls this
   * synchronously; `flush` waits for the writes). No cursor: nothing is read back from a history.
   */
  observe(tx: ObservedTransaction): void {
    if (!involvesFollowed(tx.logs)) return;
    const events = decodeEvents(tx.logs);
    this.queue = this.queue.then(async () => {
      try {
        const txIndex = await this.store.nextIndexInSlot(tx.slot);
        await this.store.record({ signature: tx.signature, slot: tx.slot, txIndex, blockTime: tx.unixTime }, events, []);
      } catch (e) {
        this.failure ??= e;
      }
    });
  }

  /** Waits until every observed transaction is stored; throws the first write error. */
  async flush(): Promise<void> {
    await this.queue;
    if (this.failure) throw this.failure;
  }
}
