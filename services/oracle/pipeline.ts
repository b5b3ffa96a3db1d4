/**
 * A bounded pipeline of batches: at most `limit` in flight at once. `add` waits for a free slot
 * before starting the next one (so a round keeps building batches while earlier ones await
 * confirmation), `drain` waits for every one started and rethrows the first error.
 *
 * The poster and settler put each job in at most one batch per round, so batches in flight at
 * once never share a job; each batch is still written ahead, sent and driven to its outcome by
 * the runner (confirmed, failed, or expired by block height) exactly as one at a time.
 */
export class Pipeline {
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | null = null;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`batches in flight: a positive integer, not ${limit}`);
  }

  /** Batches in flight. */
  get size(): number {
    return this.running.size;
  }

  /** Whether a batch started so far has thrown (the round stops building more). */
  get failed(): boolean {
    return this.failure !== null;
  }

  /**
   * Waits for a free slot, then starts `task` without waiting for it; returns false, starting
   * nothing, when `cancelled` says so once the slot is free (SIGTERM while waiting) or a batch failed.
   */
  async add(task: () => Promise<void>, cancelled: () => boolean = () => false): Promise<boolean> {
    while (this.running.size >= this.limit) await Promise.race(this.running);
    if (cancelled() || this.failure !== null) return false;
    const p: Promise<void> = task()
      .catch((error: unknown) => {
        if (this.failure === null) this.failure = { error };
      })
      .finally(() => this.running.delete(p));
    this.running.add(p);
    return true;
  }

  /** Waits for every batch started; throws the first error any of them threw. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
    if (this.failure !== null) {
      const { error } = this.failure;
      this.failure = null;
      throw error;
    }
  }
}
