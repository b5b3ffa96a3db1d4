/**
 * Readiness: whether this instance can do its work now, with the reasons when not. Liveness
 * (/health) says only that the process serves requests; readiness (/ready) reads the chain:
 *
 * - `rpc-unreachable`: the RPC did not answer (or not within `timeoutMs`);
 * - `oracle-config-missing`: no io_oracle config at its address (wrong cluster?);
 * - `not-in-oracle-set`: this key is not a member of the current oracle set (its attestations
 *   and prices would be refused with NotOracle);
 * - `low-balance`: the fee payer (this key) holds less than `minBalanceLamports`;
 * - `post-round-failing`, `price-round-failing`, `crank-round-failing`: that loop's last round
 *   threw (the error is in the detail);
 * - `stopping`: shutting down.
 *
 * A check reads two accounts (the io_oracle config and the fee payer, whose balance it also
 * hands to `onBalance`: the service's one balance gauge); its result is reused for `cacheMs` and
 * concurrent callers share one check, so an unauthenticated /ready flood costs no more RPC reads
 * than one caller.
 */
import { PublicKey } from "@solana/web3.js";
import { decodeOracleConfig, oracleConfigKey } from "../../sdk/src";
import { Readiness } from "./http";
import { ChainReader } from "./intake";
import { errorText } from "./log";

export interface ReadinessOptions {
  minBalanceLamports: number;
  cacheMs: number;
  timeoutMs: number;
  /** Told the fee payer's balance at each check (the service keeps its one balance gauge, io_oracle_fee_payer_lamports, with it). */
  onBalance?: (lamports: number) => void;
}

/** What the service reports about itself besides the chain. */
export interface ServiceState {
  stopping(): boolean;
  /** Each loop ("post", "price", "crank") whose last round threw, with its error. */
  failingRounds(): [string, string][];
}

export class ReadinessCheck {
  private last: { at: number; result: Readiness } | null = null;
  private running: Promise<Readiness> | null = null;

  constructor(
    private readonly chain: ChainReader,
    private readonly oracle: PublicKey,
    private readonly state: ServiceState,
    private readonly opts: ReadinessOptions,
    private readonly redact: (text: string) => string = (t) => t,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The cached result if fresh, else a new check (one at a time). */
  async check(): Promise<Readiness> {
    if (this.last && this.now() - this.last.at < this.opts.cacheMs) return this.last.result;
    this.running ??= this.probe().finally(() => (this.running = null));
    return this.running;
  }

  private async probe(): Promise<Readiness> {
    const reasons: { code: string; detail: string }[] = [];
    const out: Readiness = { ready: false, reasons, oracle: this.oracle.toBase58() };
    if (this.state.stopping()) reasons.push({ code: "stopping", detail: "shutting down" });
    try {
      const [config, payer] = await this.withTimeout(Promise.all([this.chain.getAccount(oracleConfigKey()[0]), this.chain.getAccount(this.oracle)]));
      const lamports = payer?.lamports ?? 0;
      out.balanceLamports = lamports;
      this.opts.onBalance?.(lamports);
      if (lamports < this.opts.minBalanceLamports) {
        reasons.push({ code: "low-balance", detail: `the fee payer holds ${lamports} lamports, less than ${this.opts.minBalanceLamports}` });
      }
      if (!config) reasons.push({ code: "oracle-config-missing", detail: `no io_oracle config at ${oracleConfigKey()[0].toBase58()}` });
      else {
        const set = decodeOracleConfig(config);
        out.setVersion = set.setVersion;
        out.quorum = set.quorum;
        if (!set.members.some((m) => m.equals(this.oracle))) {
          reasons.push({ code: "not-in-oracle-set", detail: `${this.oracle.toBase58()} is not among the ${set.members.length} members of oracle set version ${set.setVersion}` });
        }
      }
    } catch (e) {
      reasons.push({ code: "rpc-unreachable", detail: this.redact(errorText(e)) });
    }
    for (const [loop, error] of this.state.failingRounds()) reasons.push({ code: `${loop}-round-failing`, detail: this.redact(error) });
    out.ready = reasons.length === 0;
    this.last = { at: this.now(), result: out };
    return out;
  }

  private withTimeout<T>(p: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.opts.timeoutMs} ms`)), this.opts.timeoutMs);
    });
    return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
  }
}
