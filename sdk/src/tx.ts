/**
 * The transaction layer a wallet uses: over a wallet-adapter-style signer (never a Keypair), it
 * simulates unsigned, sets the compute-unit limit from the simulation plus a margin, adds a
 * priority fee (given, or estimated from `getRecentPrioritizationFees`), has the wallet sign,
 * sends with preflight, confirms by block height (polling, no websocket) and, when the blockhash
 * expires before the transaction lands, signs again over a fresh blockhash. A program's failure is
 * thrown as `IoProgramError` with the program's error name (ours, SPL Token's and Token-2022's).
 */
import {
  Commitment,
  ComputeBudgetProgram,
  Connection,
  PublicKey,
  SendTransactionError,
  Transaction,
  TransactionInstruction,
  VersionedTransaction,
} from "@solana/web3.js";
import { IoProgramError, ProgramErrorInfo, programErrorFromLogs } from "./errors";

/** What a wallet adapter offers (Phantom, Solflare, @solana/wallet-adapter, Anchor's Wallet). */
export interface WalletSigner {
  publicKey: PublicKey;
  signTransaction<T extends Transaction | VersionedTransaction>(tx: T): Promise<T>;
  signAllTransactions?<T extends Transaction | VersionedTransaction>(txs: T[]): Promise<T[]>;
}

/** Where a send is, for a wallet's UI. */
export type SendStatus =
  | { kind: "simulated"; computeUnits: number; computeUnitLimit: number; priorityFee: number }
  | { kind: "signed"; attempt: number }
  | { kind: "sent"; signature: string; attempt: number; lastValidBlockHeight: number }
  | { kind: "expired"; signature: string; attempt: number }
  | { kind: "confirmed"; signature: string; slot: number };

export interface SendOptions {
  /** Micro-lamports per compute unit; default: estimated from recent fees on the written accounts. */
  priorityFee?: number;
  /** The limit is the simulated units times this, plus `cuHeadroom` (defaults 1.1 and 1,000). */
  cuMargin?: number;
  cuHeadroom?: number;
  /** Sends over a fresh blockhash at most this many times in all (default 3). */
  maxAttempts?: number;
  /** Default "confirmed". */
  commitment?: Commitment;
  /** Status polling interval in milliseconds (default 500). */
  pollMs?: number;
  onStatus?: (s: SendStatus) => void;
}

export interface SendResult {
  signature: string;
  slot: number;
  computeUnits: number;
  computeUnitLimit: number;
  priorityFee: number;
  attempts: number;
}

/** Every attempt's blockhash expired before its transaction landed. */
export class TransactionExpiredError extends Error {
  constructor(readonly signatures: string[]) {
    super(`the transaction expired ${signatures.length} time(s) without landing (last ${signatures[signatures.length - 1]}); send it again`);
    this.name = "TransactionExpiredError";
  }
}

/** The transaction failed without a named program error. */
export class TransactionFailedError extends Error {
  constructor(message: string, readonly logs: string[]) {
    super(message);
    this.name = "TransactionFailedError";
  }
}

export const TOKEN_PROGRAM_ADDRESS = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";
export const TOKEN_2022_PROGRAM_ADDRESS = "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb";

/** SPL Token's error enum (spl-token/program/src/error.rs), which Token-2022 extends. */
const TOKEN_ERRORS: readonly [string, string][] = [
  ["NotRentExempt", "Lamport balance below rent-exempt threshold"],
  ["InsufficientFunds", "Insufficient funds"],
  ["InvalidMint", "Invalid Mint"],
  ["MintMismatch", "Account not associated with this Mint"],
  ["OwnerMismatch", "Owner does not match"],
  ["FixedSupply", "Fixed supply"],
  ["AlreadyInUse", "Already in use"],
  ["InvalidNumberOfProvidedSigners", "Invalid number of provided signers"],
  ["InvalidNumberOfRequiredSigners", "Invalid number of required signers"],
  ["UninitializedState", "State is uninitialized"],
  ["NativeNotSupported", "Instruction does not support native tokens"],
  ["NonNativeHasBalance", "Non-native account can only be closed if its balance is zero"],
  ["InvalidInstruction", "Invalid instruction"],
  ["InvalidState", "State is invalid for requested operation"],
  ["Overflow", "Operation overflowed"],
  ["AuthorityTypeNotSupported", "Account does not support specified authority type"],
  ["MintCannotFreeze", "This token mint cannot freeze accounts"],
  ["AccountFrozen", "Account is frozen"],
  ["MintDecimalsMismatch", "The provided decimals value different from the Mint decimals"],
  ["NonNativeNotSupported", "Instruction does not support non-native tokens"],
];

/** Token-2022's errors after SPL Token's (token-2022/program/src/error.rs, from 20). */
const TOKEN_2022_ERRORS: readonly [string, string][] = [
  ["ExtensionTypeMismatch", "Extension type does not match already existing extensions"],
  ["ExtensionBaseMismatch", "Extension does not match the base type provided"],
  ["ExtensionAlreadyInitialized", "Extension already initialized on this account"],
  ["ConfidentialTransferAccountHasBalance", "An account can only be closed if its confidential balance is zero"],
  ["ConfidentialTransferAccountNotApproved", "Account not approved for confidential transfers"],
  ["ConfidentialTransferDepositsAndTransfersDisabled", "Account not accepting deposits or transfers"],
  ["ConfidentialTransferElGamalPubkeyMismatch", "ElGamal public key mismatch"],
  ["ConfidentialTransferBalanceMismatch", "Balance mismatch"],
  ["MintHasSupply", "Mint has non-zero supply. Burn all tokens before closing the mint"],
  ["NoAuthorityExists", "No authority exists to perform the desired operation"],
  ["TransferFeeExceedsMaximum", "Transfer fee exceeds maximum of 10,000 basis points"],
  ["MintRequiredForTransfer", "Mint required for this account to transfer tokens, use `transfer_checked` or `transfer_checked_with_fee`"],
  ["FeeMismatch", "Calculated fee does not match expected fee"],
  ["FeeParametersMismatch", "Fee parameters associated with confidential transfer zero-knowledge proofs do not match fee parameters in mint"],
  ["ImmutableOwner", "The owner authority cannot be changed"],
  ["AccountHasWithheldTransferFees", "An account can only be closed if its withheld fee balance is zero"],
  ["NoMemo", "No memo in previous instruction; required for recipient to receive a transfer"],
  ["NonTransferable", "Transfer is disabled for this mint"],
  ["NonTransferableNeedsImmutableOwnership", "Non-transferable tokens can't be minted to an account without immutable ownership"],
];

/** The named error of SPL Token (`spl_token`) or Token-2022 (`spl_token_2022`) for a custom code, or null. */
export function tokenErrorInfo(programId: string, code: number): ProgramErrorInfo | null {
  const program = programId === TOKEN_PROGRAM_ADDRESS ? "spl_token" : programId === TOKEN_2022_PROGRAM_ADDRESS ? "spl_token_2022" : null;
  if (!program) return null;
  const table = program === "spl_token" ? TOKEN_ERRORS : [...TOKEN_ERRORS, ...TOKEN_2022_ERRORS];
  const entry = table[code];
  return entry ? { program, code, name: entry[0], msg: entry[1] } : null;
}

const FAILED = /^Program (\w+) failed: custom program error: 0x([0-9a-f]+)$/;

/** The named error in a failed transaction's logs: one of our programs' first, else a token program's; null if none. */
export function namedErrorFromLogs(logs: string[]): ProgramErrorInfo | null {
  const ours = programErrorFromLogs(logs);
  if (ours) return ours;
  for (const line of logs) {
    const m = FAILED.exec(line);
    const info = m ? tokenErrorInfo(m[1], parseInt(m[2], 16)) : null;
    if (info) return info;
  }
  return null;
}

/** The error to throw for a failure with `logs`: IoProgramError when a program named it. */
export function errorFromLogs(what: string, logs: string[]): Error {
  const info = namedErrorFromLogs(logs);
  if (info) {
    // io_staking's WrongEpoch at a wallet's stake/unstake/claim: an epoch closed in flight.
    if (info.program === "io_staking" && info.name === "WrongEpoch") {
      return new IoProgramError({ ...info, msg: `${info.msg} (an epoch closed while the transaction was in flight: build it again and retry)` }, logs);
    }
    return new IoProgramError(info, logs);
  }
  return new TransactionFailedError(`${what}${logs.length ? `\n${logs.join("\n")}` : ""}`, logs);
}

const isBudget = (ix: TransactionInstruction) => ix.programId.equals(ComputeBudgetProgram.programId);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The most compute units a transaction may use. */
export const MAX_COMPUTE_UNITS = 1_400_000;

/** The median of the non-zero recent priority fees paid on `accounts` (0 when none were paid). */
export async function estimatePriorityFee(connection: Connection, accounts: PublicKey[]): Promise<number> {
  const fees = (await connection.getRecentPrioritizationFees({ lockedWritableAccounts: accounts.slice(0, 128) }))
    .map((f) => f.prioritizationFee)
    .filter((f) => f > 0)
    .sort((a, b) => a - b);
  return fees.length ? fees[Math.floor(fees.length / 2)] : 0;
}

function build(instructions: TransactionInstruction[], payer: PublicKey, blockhash: string, lastValidBlockHeight: number, units: number, fee: number): Transaction {
  const tx = new Transaction({ feePayer: payer, blockhash, lastValidBlockHeight });
  tx.add(ComputeBudgetProgram.setComputeUnitLimit({ units }));
  if (fee > 0) tx.add(ComputeBudgetProgram.setComputeUnitPrice({ microLamports: fee }));
  return tx.add(...instructions);
}

/**
 * Simulates `instructions` unsigned (as `payer`) and returns the compute units used; throws
 * IoProgramError (or TransactionFailedError) when the simulation fails.
 */
export async function simulateUnsigned(connection: Connection, instructions: TransactionInstruction[], payer: PublicKey, commitment: Commitment = "confirmed"): Promise<number> {
  const { blockhash, lastValidBlockHeight } = await connection.getLatestBlockhash(commitment);
  const tx = build(instructions, payer, blockhash, lastValidBlockHeight, MAX_COMPUTE_UNITS, 0);
  const sim = await connection.simulateTransaction(new VersionedTransaction(tx.compileMessage()), { sigVerify: false, replaceRecentBlockhash: true, commitment });
  if (sim.value.err) throw errorFromLogs(`simulation failed: ${JSON.stringify(sim.value.err)}`, sim.value.logs ?? []);
  return sim.value.unitsConsumed ?? 0;
}

/**
 * Sends `transaction` (or instructions) signed by `wallet`, the fee payer: see the module's
 * comment. Compute-budget instructions already in it are replaced by this layer's.
 */
export async function sendTransaction(
  connection: Connection,
  wallet: WalletSigner,
  transaction: Transaction | TransactionInstruction[],
  opts: SendOptions = {},
): Promise<SendResult> {
  const commitment = opts.commitment ?? "confirmed";
  const status = opts.onStatus ?? (() => undefined);
  const instructions = (Array.isArray(transaction) ? transaction : transaction.instructions).filter((ix) => !isBudget(ix));
  const payer = wallet.publicKey;
  const computeUnits = await simulateUnsigned(connection, instructions, payer, commitment);
  const computeUnitLimit = Math.min(MAX_COMPUTE_UNITS, Math.ceil(computeUnits * (opts.cuMargin ?? 1.1)) + (opts.cuHeadroom ?? 1_000));
  const writable = [...new Map(instructions.flatMap((ix) => ix.keys.filter((k) => k.isWritable).map((k) => [k.pubkey.toBase58(), k.pubkey] as const))).values()];
  const priorityFee = opts.priorityFee ?? (await estimatePriorityFee(connection, writable));
  status({ kind: "simulated", computeUnits, computeUnitLimit, priorityFee });
  const maxAttempts = opts.maxAttempts ?? 3;
  const pollMs = opts.pollMs ?? 500;
  const sent: string[] = [];
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const { blockhash, lastValidBlockHeight } = await connection.getLatestBlockhash(commitment);
    const signed = await wallet.signTransaction(build(instructions, payer, blockhash, lastValidBlockHeight, computeUnitLimit, priorityFee));
    status({ kind: "signed", attempt });
    let signature: string;
    try {
      signature = await connection.sendRawTransaction(signed.serialize(), { preflightCommitment: commitment, maxRetries: 0 });
    } catch (e) {
      if (e instanceof SendTransactionError) throw errorFromLogs(e.message, (await e.getLogs(connection).catch(() => null)) ?? e.logs ?? []);
      throw e;
    }
    sent.push(signature);
    status({ kind: "sent", signature, attempt, lastValidBlockHeight });
    for (;;) {
      const [st] = (await connection.getSignatureStatuses([signature])).value;
      if (st?.err) {
        const tx = await connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 }).catch(() => null);
        throw errorFromLogs(`transaction ${signature} failed: ${JSON.stringify(st.err)}`, tx?.meta?.logMessages ?? []);
      }
      if (st && (st.confirmationStatus === "finalized" || st.confirmationStatus === commitment || (commitment === "processed" && st.confirmationStatus))) {
        status({ kind: "confirmed", signature, slot: st.slot });
        return { signature, slot: st.slot, computeUnits, computeUnitLimit, priorityFee, attempts: attempt };
      }
      if (!st && (await connection.getBlockHeight(commitment)) > lastValidBlockHeight) {
        // One more look: it may have landed just before the blockhash expired.
        const [late] = (await connection.getSignatureStatuses([signature], { searchTransactionHistory: true })).value;
        if (!late) break;
        continue;
      }
      await sleep(pollMs);
    }
    status({ kind: "expired", signature, attempt });
  }
  throw new TransactionExpiredError(sent);
}
