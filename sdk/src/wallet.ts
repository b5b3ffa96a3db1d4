/**
 * What the wallet-level helpers share: a ready transaction (fee payer and a recent blockhash set;
 * `sendTransaction` in tx.ts re-sets both), associated token accounts created when missing, and a
 * token account's balance.
 */
import {
  createAssociatedTokenAccountIdempotentInstruction,
  getAssociatedTokenAddressSync,
  unpackAccount,
} from "@solana/spl-token";
import { Connection, PublicKey, Transaction, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";

/** A transaction a wallet can sign as is, with what the helper resolved for it. */
export type Prepared<T = object> = { transaction: Transaction } & T;

/** `instructions` in a transaction paid by `payer` over the latest blockhash. */
export async function readyTransaction(connection: Connection, payer: PublicKey, instructions: TransactionInstruction[]): Promise<Transaction> {
  const { blockhash, lastValidBlockHeight } = await connection.getLatestBlockhash("confirmed");
  return new Transaction({ feePayer: payer, blockhash, lastValidBlockHeight }).add(...instructions);
}

/** `owner`'s associated account of `mint` under `tokenProgram`, and the instruction creating it (paid by `payer`) when it is missing. */
export async function associatedAccount(
  connection: Connection,
  owner: PublicKey,
  mint: PublicKey,
  tokenProgram: PublicKey,
  payer: PublicKey = owner,
): Promise<{ address: PublicKey; create: TransactionInstruction | null }> {
  const address = getAssociatedTokenAddressSync(mint, owner, true, tokenProgram);
  const exists = (await connection.getAccountInfo(address, "confirmed")) !== null;
  return { address, create: exists ? null : createAssociatedTokenAccountIdempotentInstruction(payer, address, owner, mint, tokenProgram) };
}

/** A token account's balance (base units), or null when it does not exist. */
export async function tokenBalance(connection: Connection, account: PublicKey, tokenProgram: PublicKey): Promise<BN | null> {
  const info = await connection.getAccountInfo(account, "confirmed");
  return info ? new BN(unpackAccount(account, info, tokenProgram).amount.toString()) : null;
}

/** Reads an account that must exist, or throws `missing`. */
export async function mustRead<T>(connection: Connection, address: PublicKey, decode: (info: { data: Buffer; owner: PublicKey }) => T, missing: string): Promise<T> {
  const info = await connection.getAccountInfo(address, "confirmed");
  if (!info) throw new Error(missing);
  return decode(info);
}
