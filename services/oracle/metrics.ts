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
    metric("io_oracle_rpc_errors_total", "counter", "RPC calls that failed (and were retried).", [["", this.rpcErrors]]);
    metric("io_oracle_attestations_pending", "gauge", "Jobs whose accepted figure is not yet confirmed on chain.", [["", this.pending]]);
    return lines.join("\n") + "\n";
  }
}
