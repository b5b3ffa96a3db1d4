import { AccountInfo, Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import { ProgramErrorInfo } from "../../sdk/src";

/** The outcome of one transaction. */
export type TxResult =
  | { ok: true; signature: string; logs: string[]; computeUnits: number }
  | {
      ok: false;
      logs: string[];
      computeUnits: number;
      /** The runtime's description of the transaction error. */
      error: string;
      /** Our program's named error, when one of our programs returned it. */
      programError: ProgramErrorInfo | null;
    };

/** A listing filter: the account data holds `bytes` at `offset` (RPC's memcmp). */
export interface AccountFilter {
  offset: number;
  bytes: Buffer;
}

/** An account found by a listing. */
export interface ListedAccount {
  pubkey: PublicKey;
  account: AccountInfo<Buffer>;
}

/** What the CLI, the migrations and the services need of a chain: the embedded one or RPC. */
export interface Chain {
  /** Which implementation (chain/kind.ts tells without loading either). */
  readonly kind: "embedded" | "rpc";
  readonly description: string;
  getAccount(pubkey: PublicKey): Promise<AccountInfo<Buffer> | null>;
  /** The chain's clock (unix seconds), as programs see it. */
  unixTime(): Promise<number>;
  /** Signs with `signers` (the first pays the fee) and sends; never throws for a program error. */
  sendTransaction(instructions: TransactionInstruction[], signers: Keypair[]): Promise<TxResult>;
  /** The accounts `programId` owns that match every filter; throws where the endpoint does not
   * list accounts (many public RPCs disable getProgramAccounts). */
  getProgramAccounts(programId: PublicKey, filters: AccountFilter[]): Promise<ListedAccount[]>;
}
