/** The service's counters and gauges, rendered in the Prometheus text exposition format. */
export class Metrics {
  reportsAccepted = 0;
  /** Refusals by reason code. */
  readonly reportsRefused = new Map<string, number>();
  attestationsPosted = 0;
  attestTransactions = 0;
  settlementsPosted = 0;
  settleTransactions = 0;
  pricesPosted = 0;
  cranks = 0;
  /** Unix seconds of the last successful crank (0: none). */
  lastCrank = 0;
  rpcErrors = 0;
  pending = 0;
  /** Exact copies of accepted reports, answered as the first time. */
  reportsDuplicate = 0;
  /** Batches that reached an outcome, by kind and status ("confirmed", "failed", "expired"). */
  readonly batches = new Map<string, number>();
  /** The fee payer's balance in lamports at the last look, by the post round or a readiness check (-1: not read yet). */
  feePayerLamports = -1;
  /** Service rounds (post, price, crank) that ended in an error. */
  roundsFailed = 0;
  /** Price quotes not posted because the source's own time was older than the maximum age. */
  staleQuotes = 0;
  /** The priority fee (micro-lamports per compute unit) of the last signed transaction. */
  priorityFee = 0;

  /** Open HTTP connections. */
  httpConnections = 0;
  /** Requests refused before intake, by reason (rate-limited-node, rate-limited-address, too-large, connection-cap). */
  readonly httpRefusals = new Map<string, number>();
  /** Keys held by the rate limits and entries in the intake's caches (set by their owners). */
  limiterKeys: () => { nodes: number; addresses: number } = () => ({ nodes: 0, addresses: 0 });
  cacheEntries: () => { nodes: number; jobs: number } = () => ({ nodes: 0, jobs: 0 });
  /** The last readiness check: null before the first; otherwise its reasons (none: ready). */
  readiness: { reasons: string[]; checkedAt: number } | null = null;

  batchOutcome(kind: string, status: string): void {
    const key = `${kind}/${status}`;
    this.batches.set(key, (this.batches.get(key) ?? 0) + 1);
  }

  httpRefused(reason: string): void {
    this.httpRefusals.set(reason, (this.httpRefusals.get(reason) ?? 0) + 1);
  }

  refused(reason: string): void {
    this.reportsRefused.set(reason, (this.reportsRefused.get(reason) ?? 0) + 1);
  }

  render(): string {
    const lines: string[] = [];
    const metric = (name: string, type: "counter" | "gauge", help: string, samples: [string, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
    };
    const refused = [...this.reportsRefused.entries()].sort(([a], [b]) => a.localeCompare(b));
    metric("io_oracle_reports_total", "counter", "Usage reports received, by result and refusal reason.", [
      ['{result="accepted"}', this.reportsAccepted],
      ...refused.map(([reason, n]): [string, number] => [`{result="refused",reason="${reason}"}`, n]),
    ]);
    metric("io_oracle_attestations_posted_total", "counter", "attest_usage instructions confirmed on chain.", [["", this.attestationsPosted]]);
    metric("io_oracle_attest_transactions_total", "counter", "Confirmed transactions carrying attestations.", [["", this.attestTransactions]]);
    metric("io_oracle_settlements_posted_total", "counter", "Jobs settled by this instance.", [["", this.settlementsPosted]]);
    metric("io_oracle_settle_transactions_total", "counter", "Confirmed settle_jobs transactions.", [["", this.settleTransactions]]);
    metric("io_oracle_prices_posted_total", "counter", "submit_price transactions confirmed.", [["", this.pricesPosted]]);
    metric("io_oracle_cranks_total", "counter", "Emission cranks confirmed.", [["", this.cranks]]);
    metric("io_oracle_last_crank_timestamp_seconds", "gauge", "Unix time of the last confirmed crank (0: none).", [["", this.lastCrank]]);
    metric("io_oracle_rpc_errors_total", "counter", "RPC calls that failed (each failed call once, whether or not a retry then succeeded).", [["", this.rpcErrors]]);
    metric("io_oracle_attestations_pending", "gauge", "Jobs whose accepted figure is not yet confirmed on chain.", [["", this.pending]]);
    metric("io_oracle_reports_duplicate_total", "counter", "Exact copies of accepted reports (answered as the first time, not recorded again).", [["", this.reportsDuplicate]]);
    const batches = [...this.batches.entries()].sort(([a], [b]) => a.localeCompare(b));
    metric("io_oracle_batches_total", "counter", "Transactions that reached an outcome, by kind and status (failed: landed with an error or refused by preflight; expired: its blockhash passed unlanded).", batches.map(([k, n]): [string, number] => {
      const [kind, status] = k.split("/");
      return [`{kind="${kind}",status="${status}"}`, n];
    }));
    metric("io_oracle_fee_payer_lamports", "gauge", "The oracle key's balance, which pays every fee, at the last look (each post round and readiness check; -1: not read yet).", [["", this.feePayerLamports]]);
    metric("io_oracle_rounds_failed_total", "counter", "Service rounds that ended in an error (after their RPC retries).", [["", this.roundsFailed]]);
    metric("io_oracle_price_quotes_stale_total", "counter", "Price quotes not posted: the source's own time was older than priceMaxAgeSeconds.", [["", this.staleQuotes]]);
    metric("io_oracle_priority_fee_micro_lamports", "gauge", "The compute-unit price of the last signed transaction.", [["", this.priorityFee]]);
    const http = [...this.httpRefusals.entries()].sort(([a], [b]) => a.localeCompare(b));
    metric("io_oracle_http_refused_total", "counter", "Requests refused before intake: rate-limited-node, rate-limited-address, too-large, connection-cap.", http.map(([reason, n]): [string, number] => [`{reason="${reason}"}`, n]));
    metric("io_oracle_http_connections", "gauge", "Open HTTP connections.", [["", this.httpConnections]]);
    const caches = this.cacheEntries();
    const limiters = this.limiterKeys();
    metric("io_oracle_cache_entries", "gauge", "Entries in the intake's account caches and the rate limits' key sets (each bounded).", [
      ['{cache="node"}', caches.nodes],
      ['{cache="job"}', caches.jobs],
      ['{cache="node-limit"}', limiters.nodes],
      ['{cache="address-limit"}', limiters.addresses],
    ]);
    const r = this.readiness;
    metric("io_oracle_ready", "gauge", "1 when the last readiness check passed (see /ready), 0 otherwise.", [["", r !== null && r.reasons.length === 0 ? 1 : 0]]);
    metric("io_oracle_not_ready", "gauge", "1 per reason the last readiness check failed.", (r?.reasons ?? []).map((code): [string, number] => [`{reason="${code}"}`, 1]));
    metric("io_oracle_readiness_checked_timestamp_seconds", "gauge", "Unix time of the last readiness check (0: none).", [["", r ? Math.floor(r.checkedAt / 1000) : 0]]);
    return lines.join("\n") + "\n";
  }
}
