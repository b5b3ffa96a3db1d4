/**
 * The embedded chain: LiteSVM 1.5.0 running the built `.so` files in this process.
 * Transactions are built with @solana/web3.js v1 and cross over as bytes.
 */
import { address, lamports } from "@solana/kit";
import {
  AccountInfo,
  AddressLookupTableAccount,
  ComputeBudgetProgram,
  Keypair,
  LAMPORTS_PER_SOL,
  PublicKey,
  TransactionInstruction,
  TransactionMessage,
  VersionedTransaction,
} from "@solana/web3.js";
import { readFileSync } from "fs";
import { base58 } from "./base58";
import { join } from "path";
import { Clock, FailedTransactionMetadata, LiteSVM, TransactionMetadata } from "litesvm";
// Narrow imports (not the SDK's index): the embedded chain is on every read-only command's path.
import { programErrorFromLogs } from "../../sdk/src/errors";
import { BPF_LOADER_UPGRADEABLE_ID } from "../../sdk/src/io-token/constants";
import { programDataKey } from "../../sdk/src/io-token/pdas";
import { REPO_ROOT } from "../repo";
import { loadKeypair } from "./keypair";
import { AccountFilter, Chain, ListedAccount, TxResult } from "./types";
import { kitTransaction, signedWire, signVersioned } from "./wire";

export { REPO_ROOT };
export { loadKeypair };
export const DEPLOY_DIR = join(REPO_ROOT, "target", "deploy");

/** A program's keypair from keys/ (its address is the program id). */
export function programKeypair(name: string): Keypair {
  return loadKeypair(join(REPO_ROOT, "keys", `${name}-keypair.json`));
}

/** What LiteSVM's native handle offers for reading an account. */
interface NativeAccount {
  lamports(): bigint;
  data(): Uint8Array;
  owner(): Uint8Array;
  executable(): boolean;
}

/** What the embedded chain uses of LiteSVM's native handle. */
interface NativeSvm {
  getAccount(pubkey: Uint8Array): NativeAccount | null;
  sendLegacyTransaction(wire: Uint8Array): TransactionMetadata | FailedTransactionMetadata;
  sendVersionedTransaction(wire: Uint8Array): TransactionMetadata | FailedTransactionMetadata;
  simulateLegacyTransaction?(wire: Uint8Array): { meta(): TransactionMetadata } | FailedTransactionMetadata;
}

/**
 * LiteSVM 1.5.0's native handle (`inner`). Its public API converts through @solana/kit's codecs:
 * an account read base58-encodes and decodes addresses (0.16 ms a read; 0.012 ms natively), and
 * a transaction is re-encoded from kit's form (0.4 ms). The native calls take the raw bytes.
 * Falls back to the public API if a LiteSVM version lacks them.
 */
function nativeSvm(svm: LiteSVM): NativeSvm | null {
  const inner = (svm as unknown as { inner?: Partial<Record<keyof NativeSvm, unknown>> }).inner;
  const ok = (["getAccount", "sendLegacyTransaction", "sendVersionedTransaction"] as const).every((f) => typeof inner?.[f] === "function");
  return ok ? (inner as NativeSvm) : null;
}

export class EmbeddedChain implements Chain {
  readonly kind = "embedded" as const;
  readonly description = "embedded chain (LiteSVM 1.5.0)";

  /** Called with each successful transaction sent (not simulated): the in-process indexer's feed. */
  onTransaction: ((tx: { signature: string; logs: string[]; slot: number; unixTime: number }) => void) | null = null;

  /** Transactions sent (landed or failed, not simulated): whether the state changed. */
  sent = 0;

  /** --with-compute-unit-price: a compute-unit price instruction on every transaction sent. */
  computeUnitPrice: number | undefined = undefined;

  constructor(readonly svm: LiteSVM = new LiteSVM()) {}

  /** The compute-budget instructions a transaction starts with. */
  private budget(computeUnits: number | undefined): TransactionInstruction[] {
    return [
      ...(computeUnits ? [ComputeBudgetProgram.setComputeUnitLimit({ units: computeUnits })] : []),
      ...(this.computeUnitPrice !== undefined ? [ComputeBudgetProgram.setComputeUnitPrice({ microLamports: this.computeUnitPrice })] : []),
    ];
  }

  airdrop(to: PublicKey, sol: number): void {
    const res = this.svm.airdrop(address(to.toBase58()), lamports(BigInt(Math.round(sol * LAMPORTS_PER_SOL))));
    if (!(res instanceof TransactionMetadata)) throw new Error(`airdrop failed: ${String(res)}`);
  }

  /** A new funded keypair. */
  wallet(sol = 10): Keypair {
    const kp = Keypair.generate();
    this.airdrop(kp.publicKey, sol);
    return kp;
  }

  /** Loads a program as immutable (loader v2), as `solana-test-validator --bpf-program` does. */
  deploy(programId: PublicKey, soName: string): void {
    this.svm.addProgramFromFile(address(programId.toBase58()), join(DEPLOY_DIR, `${soName}.so`));
  }

  /**
   * Loads a program through the upgradeable loader (v3) with `upgradeAuthority`, as
   * `solana program deploy` leaves it: a Program account pointing at a ProgramData account
   * that names the upgrade authority (none: immutable) and holds the ELF.
   */
  deployUpgradeable(programId: PublicKey, soName: string, upgradeAuthority: PublicKey | null): void {
    const elf = readFileSync(join(DEPLOY_DIR, `${soName}.so`));
    const [programData] = programDataKey(programId);
    const header = Buffer.alloc(45);
    header.writeUInt32LE(3, 0); // UpgradeableLoaderState::ProgramData
    header.writeBigUInt64LE(0n, 4); // deployment slot
    if (upgradeAuthority) {
      header.writeUInt8(1, 12);
      upgradeAuthority.toBuffer().copy(header, 13);
    }
    this.setAccount(programData, { data: Buffer.concat([header, elf]), owner: BPF_LOADER_UPGRADEABLE_ID });
    const program = Buffer.alloc(36);
    program.writeUInt32LE(2, 0); // UpgradeableLoaderState::Program
    programData.toBuffer().copy(program, 4);
    this.setAccount(programId, { data: program, owner: BPF_LOADER_UPGRADEABLE_ID, executable: true });
  }

  /** Writes an account directly (rent-exempt lamports unless given). */
  setAccount(
    pubkey: PublicKey,
    account: { data: Buffer; owner: PublicKey; executable?: boolean; lamports?: bigint },
  ): void {
    this.svm.setAccount({
      address: address(pubkey.toBase58()),
      data: new Uint8Array(account.data),
      executable: account.executable ?? false,
      lamports: lamports(account.lamports ?? this.svm.minimumBalanceForRentExemption(BigInt(account.data.length))),
      programAddress: address(account.owner.toBase58()),
      space: BigInt(account.data.length),
    });
  }

  account(pubkey: PublicKey): AccountInfo<Buffer> | null {
    const native = nativeSvm(this.svm);
    if (native) {
      const acc = native.getAccount(pubkey.toBytes());
      if (!acc) return null;
      const data = acc.data();
      return {
        data: Buffer.from(data.buffer, data.byteOffset, data.byteLength),
        executable: acc.executable(),
        lamports: Number(acc.lamports()),
        owner: new PublicKey(acc.owner()),
        rentEpoch: 0,
      };
    }
    const acc = this.svm.getAccount(address(pubkey.toBase58()));
    if (!acc.exists) return null;
    return {
      data: Buffer.from(acc.data),
      executable: acc.executable,
      lamports: Number(acc.lamports),
      owner: new PublicKey(acc.programAddress),
      rentEpoch: 0,
    };
  }

  /** Signs and sends `instructions`; the first signer pays the fee. */
  send(instructions: TransactionInstruction[], signers: Keypair[], opts: { computeUnits?: number } = {}): TxResult {
    return this.sendWire(signedWire([...this.budget(opts.computeUnits), ...instructions], signers, this.svm.latestBlockhash()), false);
  }

  /** As `send`, as a v0 transaction whose accounts may come from address lookup tables. */
  sendV0(
    instructions: TransactionInstruction[],
    signers: Keypair[],
    lookupTables: AddressLookupTableAccount[],
    opts: { computeUnits?: number } = {},
  ): TxResult {
    const budget = this.budget(opts.computeUnits);
    const message = new TransactionMessage({
      payerKey: signers[0].publicKey,
      recentBlockhash: this.svm.latestBlockhash(),
      instructions: [...budget, ...instructions],
    }).compileToV0Message(lookupTables);
    const tx = new VersionedTransaction(message);
    signVersioned(tx, signers);
    return this.sendWire(tx.serialize(), true);
  }

  /**
   * Runs `instructions` without committing anything (no fee, no state change, no blockhash used
   * up): the result and logs a send would give now. For read-only proofs such as prove_reserves.
   */
  simulate(instructions: TransactionInstruction[], signers: Keypair[]): TxResult {
    return this.simulateWire(signedWire(instructions, signers, this.svm.latestBlockhash()));
  }

  /** As `simulate`, for a legacy transaction's wire bytes. */
  simulateWire(bytes: Uint8Array): TxResult {
    const native = nativeSvm(this.svm);
    const res = native?.simulateLegacyTransaction ? native.simulateLegacyTransaction(bytes) : this.svm.simulateTransaction(kitTransaction(bytes));
    if (res instanceof FailedTransactionMetadata) {
      const meta = res.meta();
      const logs = meta.logs();
      return { ok: false, logs, computeUnits: Number(meta.computeUnitsConsumed()), error: res.toString(), programError: programErrorFromLogs(logs) };
    }
    const meta = res.meta();
    return { ok: true, signature: base58(meta.signature()), logs: meta.logs(), computeUnits: Number(meta.computeUnitsConsumed()) };
  }

  /** Sends a signed transaction's wire bytes. */
  private sendWire(bytes: Uint8Array, versioned: boolean): TxResult {
    const native = nativeSvm(this.svm);
    const res = native
      ? versioned
        ? native.sendVersionedTransaction(bytes)
        : native.sendLegacyTransaction(bytes)
      : this.svm.sendTransaction(kitTransaction(bytes));
    // A fresh blockhash per transaction, so identical transactions are not duplicates.
    this.svm.expireBlockhash();
    this.sent++;
    if (res instanceof FailedTransactionMetadata) {
      const meta = res.meta();
      const logs = meta.logs();
      return {
        ok: false,
        logs,
        computeUnits: Number(meta.computeUnitsConsumed()),
        error: res.toString(),
        programError: programErrorFromLogs(logs),
      };
    }
    const sent = {
      ok: true as const,
      signature: base58(res.signature()),
      logs: res.logs(),
      computeUnits: Number(res.computeUnitsConsumed()),
    };
    this.reportLanded(sent.signature, sent.logs);
    return sent;
  }

  /** Tells `onTransaction` of a transaction that landed: `send`'s, and those submitted to `svm` directly (the oracle service's EmbeddedSender). */
  reportLanded(signature: string, logs: string[]): void {
    if (!this.onTransaction) return;
    const clock = this.svm.getClock();
    this.onTransaction({ signature, logs, slot: Number(clock.slot), unixTime: Number(clock.unixTimestamp) });
  }

  async getAccount(pubkey: PublicKey): Promise<AccountInfo<Buffer> | null> {
    return this.account(pubkey);
  }

  async unixTime(): Promise<number> {
    return Number(this.now());
  }

  async getProgramAccounts(programId: PublicKey, filters: AccountFilter[]): Promise<ListedAccount[]> {
    const matches = (data: Buffer) => filters.every((f) => data.subarray(f.offset, f.offset + f.bytes.length).equals(f.bytes));
    return this.svm
      .getProgramAccounts(address(programId.toBase58()))
      .map((acc) => ({
        pubkey: new PublicKey(acc.address),
        account: {
          data: Buffer.from(acc.data),
          executable: acc.executable,
          lamports: Number(acc.lamports),
          owner: new PublicKey(acc.programAddress),
          rentEpoch: 0,
        },
      }))
      .filter(({ account }) => matches(account.data));
  }

  /** The CLI's path: like RpcChain, which sends with the limit its simulation measured, a
   * transaction may use up to the 1,400,000 CU a transaction can have (a proposal of several
   * large upgrades needs more than the 200,000 default). */
  async sendTransaction(instructions: TransactionInstruction[], signers: Keypair[]): Promise<TxResult> {
    return this.send(instructions, signers, { computeUnits: 1_400_000 });
  }

  now(): bigint {
    return this.svm.getClock().unixTimestamp;
  }

  /** Moves the clock forward by `seconds` (and the slot by as many 400 ms slots). */
  warp(seconds: number): void {
    const c = this.svm.getClock();
    const slots = BigInt(Math.ceil((seconds * 1000) / 400));
    this.svm.setClock(
      new Clock(c.slot + slots, c.epochStartTimestamp, c.epoch, c.leaderScheduleEpoch, c.unixTimestamp + BigInt(seconds)),
    );
  }

  /**
   * Puts `keys` back as they are on `source` (an account `source` lacks is emptied), and its
   * clock: a chain reused from a snapshot instead of restoring a new LiteSVM each time, since
   * LiteSVM 1.5.0 never frees an instance's native memory (litesvm#345; ~17 MB per instance).
   * Accounts already equal are left alone, and so are programs and sysvars, which are not state:
   * writing a program account again drops it from LiteSVM's caches (UnsupportedProgramId).
   */
  copyFrom(source: EmbeddedChain, keys: PublicKey[]): void {
    for (const key of keys) {
      if (key.toBase58().startsWith("Sysvar")) continue;
      const want = source.account(key);
      const have = this.account(key);
      if (want?.executable || have?.executable) continue;
      const same = want && have ? want.lamports === have.lamports && want.owner.equals(have.owner) && want.data.equals(have.data) : want === have;
      if (same) continue;
      this.setAccount(key, want ? { data: want.data, owner: want.owner, lamports: BigInt(want.lamports) } : { data: Buffer.alloc(0), owner: PublicKey.default, lamports: 0n });
    }
    this.svm.setClock(source.svm.getClock());
  }

  /** Sets the clock's unix time (LiteSVM starts at 0), leaving the slot as it is. */
  setUnixTime(unixTimestamp: bigint): void {
    const c = this.svm.getClock();
    this.svm.setClock(new Clock(c.slot, c.epochStartTimestamp, c.epoch, c.leaderScheduleEpoch, unixTimestamp));
  }
}
