/**
 * A chain reached over JSON-RPC (`--url`): simulate, size the compute limit from the
 * simulation, send with preflight, confirm, and retry with backoff when the blockhash expires
 * or the RPC fails.
 */
import {
  AccountInfo,
  ComputeBudgetProgram,
  Connection,
  Keypair,
  PublicKey,
  SYSVAR_CLOCK_PUBKEY,
  Transaction,
  TransactionExpiredBlockheightExceededError,
  TransactionError,
  TransactionInstruction,
} from "@solana/web3.js";
import { programErrorFromLogs } from "../../sdk/src/errors";
import { redactUrl } from "../cluster";
import { base58 } from "./base58";
import { AccountFilter, Chain, ListedAccount, TxResult } from "./types";
import { signLegacy } from "./wire";

export interface RpcChainOptions {
  /** Attempts for one transaction (expired blockhash, RPC errors). */
  attempts?: number;
  /** Compute headroom over the simulated units. */
  computeMargin?: number;
  /** Micro-lamports per compute unit (--with-compute-unit-price); none: no priority fee. */
  computeUnitPrice?: number;
}

export class RpcChain implements Chain {
  readonly kind = "rpc" as const;
  readonly connection: Connection;
  readonly description: string;
  private readonly attempts: number;
  private readonly computeMargin: number;
  private readonly computeUnitPrice: number | undefined;
  /** The endpoint as it may be shown (no API key). */
  readonly shownUrl: string;

  constructor(url: string, opts: RpcChainOptions = {}) {
    this.connection = new Connection(url, "confirmed");
    this.description = `RPC ${redactUrl(url)}`; // an API key in the URL stays out of messages
    this.attempts = opts.attempts ?? 4;
    this.computeMargin = opts.computeMargin ?? 1.1;
    this.computeUnitPrice = opts.computeUnitPrice;
    this.shownUrl = redactUrl(url);
  }

  async getAccount(pubkey: PublicKey): Promise<AccountInfo<Buffer> | null> {
    try {
      return await this.connection.getAccountInfo(pubkey);
    } catch (e) {
      throw new Error(`cannot read ${pubkey.toBase58()} from ${this.description}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async getProgramAccounts(programId: PublicKey, filters: AccountFilter[]): Promise<ListedAccount[]> {
    try {
      const found = await this.connection.getProgramAccounts(programId, {
        filters: filters.map((f) => ({ memcmp: { offset: f.offset, bytes: base58(f.bytes) } })),
      });
      return found.map(({ pubkey, account }) => ({ pubkey, account }));
    } catch (e) {
      throw new Error(`${this.description} does not list ${programId.toBase58()}'s accounts (getProgramAccounts): ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** unix_timestamp of the Clock sysvar (offset 32). */
  async unixTime(): Promise<number> {
    const clock = await this.getAccount(SYSVAR_CLOCK_PUBKEY);
    if (!clock) throw new Error(`no Clock sysvar at ${this.description}`);
    return Number(clock.data.readBigInt64LE(32));
  }

  async sendTransaction(instructions: TransactionInstruction[], signers: Keypair[]): Promise<TxResult> {
    let lastError: unknown = null;
    for (let attempt = 0; attempt < this.attempts; attempt++) {
      if (attempt > 0) await sleep(250 * 2 ** attempt);
      try {
        return await this.sendOnce(instructions, signers);
      } catch (e) {
        // Expired blockhashes and transport errors are retried; program errors never throw here.
        lastError = e;
        if (!(e instanceof TransactionExpiredBlockheightExceededError) && !isTransient(e)) throw e;
      }
    }
    throw new Error(`transaction not confirmed after ${this.attempts} attempts: ${String(lastError)}`);
  }

  private async sendOnce(instructions: TransactionInstruction[], signers: Keypair[]): Promise<TxResult> {
    const { blockhash, lastValidBlockHeight } = await this.connection.getLatestBlockhash("confirmed");
    const build = (units: number | null) => {
      const tx = new Transaction({ feePayer: signers[0].publicKey, blockhash, lastValidBlockHeight });
      if (units !== null) tx.add(ComputeBudgetProgram.setComputeUnitLimit({ units }));
      if (this.computeUnitPrice !== undefined) tx.add(ComputeBudgetProgram.setComputeUnitPrice({ microLamports: this.computeUnitPrice }));
      tx.add(...instructions);
      signLegacy(tx, signers);
      return tx;
    };
    const sim = await this.connection.simulateTransaction(build(1_400_000));
    const logs = sim.value.logs ?? [];
    const simulatedUnits = sim.value.unitsConsumed ?? 0;
    if (sim.value.err) {
      return {
        ok: false,
        logs,
        computeUnits: simulatedUnits,
        error: JSON.stringify(sim.value.err),
        programError: programErrorFromLogs(logs),
      };
    }
    const units = Math.min(1_400_000, Math.ceil(simulatedUnits * this.computeMargin) + 1_000);
    const tx = build(units);
    const signature = await this.connection.sendRawTransaction(tx.serialize({ verifySignatures: false }), { preflightCommitment: "confirmed" });
    const status = await this.confirm(signature, lastValidBlockHeight);
    const confirmed = await this.connection.getTransaction(signature, {
      commitment: "confirmed",
      maxSupportedTransactionVersion: 0,
    });
    const finalLogs = confirmed?.meta?.logMessages ?? logs;
    const computeUnits = confirmed?.meta?.computeUnitsConsumed ?? simulatedUnits;
    if (status.err) {
      return {
        ok: false,
        logs: finalLogs,
        computeUnits,
        error: JSON.stringify(status.err),
        programError: programErrorFromLogs(finalLogs),
      };
    }
    return { ok: true, signature, logs: finalLogs, computeUnits };
  }

  /**
   * Polls the signature's status until it is confirmed, failed, or its blockhash has expired
   * (then throws TransactionExpiredBlockheightExceededError, which `sendTransaction` retries).
   * Polling, not a websocket subscription: nothing stays open once the cluster is gone.
   */
  private async confirm(signature: string, lastValidBlockHeight: number): Promise<{ err: TransactionError | null }> {
    for (;;) {
      const { value } = await this.connection.getSignatureStatuses([signature]);
      const status = value[0];
      if (status && (status.err || status.confirmationStatus === "confirmed" || status.confirmationStatus === "finalized")) {
        return { err: status.err };
      }
      if ((await this.connection.getBlockHeight("confirmed")) > lastValidBlockHeight) {
        throw new TransactionExpiredBlockheightExceededError(signature);
      }
      await sleep(300);
    }
  }
}

function isTransient(e: unknown): boolean {
  const msg = e instanceof Error ? e.message : String(e);
  return /fetch failed|ECONNREFUSED|ECONNRESET|timeout|429|503|Blockhash not found/i.test(msg);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
