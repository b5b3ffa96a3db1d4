/**
 * Sending in steps the poster can record between: simulate, sign (the signature is known
 * before anything leaves), submit, then look the signature up. RPC (solana-test-validator or
 * a cluster) and the embedded chain (LiteSVM) implement it.
 */
import { signature as kitSignature } from "@solana/kit";
import { ComputeBudgetProgram, Connection, Keypair, PublicKey, SendTransactionError, Transaction, TransactionInstruction } from "@solana/web3.js";
import { utils } from "@coral-xyz/anchor";
import { FailedTransactionMetadata, TransactionMetadata } from "litesvm";
import { programErrorFromLogs, ProgramErrorInfo } from "../../sdk/src";
import { EmbeddedChain, kitTransaction, signLegacy } from "../../cli/chain";
import { redactUrl } from "../../cli/cluster";

/** The largest serialized transaction the network accepts. */
export const PACKET_DATA_SIZE = 1232;

export type Simulation =
  | { ok: true; units: number }
  | {
      ok: false;
      error: string;
      logs: string[];
      programError: ProgramErrorInfo | null;
      /** The index (in the simulated instructions) of the instruction that failed, when known. */
      failedInstruction: number | null;
    };

export interface SignedTx {
  signature: string;
  wire: Buffer;
  lastValidBlockHeight: number;
}

/** The node's preflight refused the transaction: as sent, it cannot land. */
export class PreflightFailure extends Error {}

export type TxStatus = { state: "confirmed" } | { state: "failed"; error: string } | { state: "unknown" };

export interface TxSender {
  readonly description: string;
  simulate(instructions: TransactionInstruction[], signer: Keypair): Promise<Simulation>;
  /**
   * Signs with compute-budget instructions: a unit limit and a unit price (micro-lamports per
   * unit, the priority fee); returns null when it exceeds PACKET_DATA_SIZE. The transaction is
   * valid until the block height returned with it.
   */
  sign(instructions: TransactionInstruction[], signer: Keypair, units: number, microLamports: number): Promise<SignedTx | null>;
  submit(tx: SignedTx): Promise<void>;
  status(signature: string): Promise<TxStatus>;
  blockHeight(): Promise<number>;
  /** Recent priority fees (micro-lamports per unit) paid by transactions writing `accounts`. */
  recentPriorityFees(accounts: PublicKey[]): Promise<number[]>;
  /** An account's balance in lamports (the fee payer's, for the metric). */
  balance(account: PublicKey): Promise<number>;
}

/** The serialized size of a legacy transaction of `instructions` paid by `payer` (one signer), with its two compute-budget instructions. */
export function transactionSize(instructions: TransactionInstruction[], payer: PublicKey): number {
  const tx = new Transaction({ feePayer: payer, recentBlockhash: PublicKey.default.toBase58() });
  tx.add(ComputeBudgetProgram.setComputeUnitLimit({ units: 1 }), ComputeBudgetProgram.setComputeUnitPrice({ microLamports: 1 }), ...instructions);
  const message = tx.serializeMessage();
  const signatures = tx.compileMessage().header.numRequiredSignatures;
  return message.length + 1 + 64 * signatures;
}

/** Top-level instructions run before the failure: "Program X invoke [1]" lines, less one. */
function failedIndex(logs: string[]): number | null {
  const n = logs.filter((l) => / invoke \[1\]$/.test(l)).length;
  return n > 0 ? n - 1 : null;
}

function signWith(instructions: TransactionInstruction[], signer: Keypair, units: number, microLamports: number, blockhash: string, lastValidBlockHeight: number): SignedTx | null {
  const tx = new Transaction({ feePayer: signer.publicKey, blockhash, lastValidBlockHeight });
  tx.add(ComputeBudgetProgram.setComputeUnitLimit({ units }), ComputeBudgetProgram.setComputeUnitPrice({ microLamports }), ...instructions);
  let wire: Buffer;
  try {
    signLegacy(tx, [signer]);
    wire = tx.serialize({ verifySignatures: false });
  } catch {
    return null; // too large
  }
  if (wire.length > PACKET_DATA_SIZE) return null;
  return { signature: utils.bytes.bs58.encode(tx.signature!), wire, lastValidBlockHeight };
}

export class RpcSender implements TxSender {
  readonly description: string;
  constructor(readonly connection: Connection) {
    this.description = `RPC ${redactUrl(connection.rpcEndpoint)}`; // an API key in the URL stays out of logs and /health
  }

  async simulate(instructions: TransactionInstruction[], signer: Keypair): Promise<Simulation> {
    const { blockhash, lastValidBlockHeight } = await this.connection.getLatestBlockhash("confirmed");
    const tx = new Transaction({ feePayer: signer.publicKey, blockhash, lastValidBlockHeight }).add(...instructions);
    signLegacy(tx, [signer]);
    const sim = await this.connection.simulateTransaction(tx);
    const logs = sim.value.logs ?? [];
    if (!sim.value.err) return { ok: true, units: sim.value.unitsConsumed ?? 0 };
    return { ok: false, error: JSON.stringify(sim.value.err), logs, programError: programErrorFromLogs(logs), failedInstruction: failedIndex(logs) };
  }

  async sign(instructions: TransactionInstruction[], signer: Keypair, units: number, microLamports: number): Promise<SignedTx | null> {
    const { blockhash, lastValidBlockHeight } = await this.connection.getLatestBlockhash("confirmed");
    return signWith(instructions, signer, units, microLamports, blockhash, lastValidBlockHeight);
  }

  async recentPriorityFees(accounts: PublicKey[]): Promise<number[]> {
    const fees = await this.connection.getRecentPrioritizationFees({ lockedWritableAccounts: accounts.slice(0, 128) });
    return fees.map((f) => f.prioritizationFee);
  }

  async balance(account: PublicKey): Promise<number> {
    return this.connection.getBalance(account, "confirmed");
  }

  async submit(tx: SignedTx): Promise<void> {
    try {
      await this.connection.sendRawTransaction(tx.wire, { preflightCommitment: "confirmed", maxRetries: 0 });
    } catch (e) {
      // Preflight keeps a transaction that would fail (e.g. a job another instance just settled) off the chain.
      if (e instanceof SendTransactionError && /custom program error|InstructionError/.test(`${e.message} ${(e.logs ?? []).join(" ")}`)) {
        throw new PreflightFailure(e.message);
      }
      throw e;
    }
  }

  async status(signature: string): Promise<TxStatus> {
    const { value } = await this.connection.getSignatureStatuses([signature], { searchTransactionHistory: true });
    const s = value[0];
    if (!s) return { state: "unknown" };
    if (s.err) return { state: "failed", error: JSON.stringify(s.err) };
    return s.confirmationStatus === "confirmed" || s.confirmationStatus === "finalized" ? { state: "confirmed" } : { state: "unknown" };
  }

  async blockHeight(): Promise<number> {
    return this.connection.getBlockHeight("confirmed");
  }
}

/** LiteSVM: a transaction lands (or fails) the moment it is submitted. */
export class EmbeddedSender implements TxSender {
  readonly description: string;
  /**
   * Signed and not yet submitted: signature -> blockhash. LiteSVM takes only its latest
   * blockhash, and each submission expires it (so a rebuilt transaction of the same
   * instructions is a new one); with several batches signed at once (the poster and settler
   * pipeline them) it is expired only once none signed with it waits to be submitted.
   */
  private readonly unsent = new Map<string, string>();
  constructor(readonly chain: EmbeddedChain) {
    this.description = chain.description;
  }

  async simulate(instructions: TransactionInstruction[], signer: Keypair): Promise<Simulation> {
    const tx = new Transaction({ feePayer: signer.publicKey, recentBlockhash: this.chain.svm.latestBlockhash() }).add(...instructions);
    signLegacy(tx, [signer]);
    const res = this.chain.svm.simulateTransaction(kitTransaction(tx.serialize({ verifySignatures: false })));
    if (res instanceof FailedTransactionMetadata) {
      const logs = res.meta().logs();
      return { ok: false, error: res.toString(), logs, programError: programErrorFromLogs(logs), failedInstruction: failedIndex(logs) };
    }
    return { ok: true, units: Number(res.meta().computeUnitsConsumed()) };
  }

  async sign(instructions: TransactionInstruction[], signer: Keypair, units: number, microLamports: number): Promise<SignedTx | null> {
    const slot = Number(this.chain.svm.getClock().slot);
    const blockhash = this.chain.svm.latestBlockhash();
    const signed = signWith(instructions, signer, units, microLamports, blockhash, slot + 150);
    if (signed) this.unsent.set(signed.signature, blockhash);
    return signed;
  }

  async recentPriorityFees(): Promise<number[]> {
    return []; // no other traffic
  }

  async balance(account: PublicKey): Promise<number> {
    return this.chain.account(account)?.lamports ?? 0;
  }

  async submit(tx: SignedTx): Promise<void> {
    const res = this.chain.svm.sendTransaction(kitTransaction(tx.wire));
    this.unsent.delete(tx.signature);
    const latest = this.chain.svm.latestBlockhash();
    if (![...this.unsent.values()].includes(latest)) this.chain.svm.expireBlockhash();
    // The in-process indexer sees what the service lands, as it sees the chain's own sends.
    if (res instanceof TransactionMetadata) this.chain.reportLanded(tx.signature, res.logs());
  }

  async status(signature: string): Promise<TxStatus> {
    const res = this.chain.svm.getTransaction(kitSignature(signature));
    if (res === null) return { state: "unknown" };
    if (res instanceof TransactionMetadata) return { state: "confirmed" };
    return { state: "failed", error: res.toString() };
  }

  async blockHeight(): Promise<number> {
    return Number(this.chain.svm.getClock().slot);
  }
}
