/**
 * The test chain is the embedded chain (LiteSVM running the built `.so` files) plus a funded
 * payer and state snapshots; nothing about the chain is simulated in TypeScript.
 */
import { expect } from "chai";
import { AddressLookupTableAccount, AddressLookupTableProgram, Keypair, PublicKey, SYSVAR_SLOT_HASHES_PUBKEY } from "@solana/web3.js";
import { LiteSVM } from "litesvm";
import { EmbeddedChain, TxResult } from "../cli/chain";

export { programKeypair } from "../cli/chain";
export type { TxResult } from "../cli/chain";

export class TestChain extends EmbeddedChain {
  /** Pays fees unless a test says otherwise. */
  readonly payer: Keypair;

  /** `svm` lets the benchmark run the same chain under another compute budget. */
  constructor(svm: LiteSVM = new LiteSVM()) {
    super(svm);
    this.payer = this.wallet(100);
  }

  /** Raw bytes, lamports and owner of accounts, for "state did not change" assertions. */
  snapshot(pubkeys: PublicKey[]): string {
    return pubkeys
      .map((k) => {
        const a = this.account(k);
        return a ? `${k.toBase58()}:${a.lamports}:${a.owner.toBase58()}:${a.data.toString("hex")}` : `${k.toBase58()}:none`;
      })
      .join("|");
  }
}

/** Throws with the logs when a transaction that should succeed failed. */
export function expectOk(res: TxResult): Extract<TxResult, { ok: true }> {
  if (!res.ok) throw new Error(`transaction failed: ${res.error}\n${res.logs.join("\n")}`);
  return res;
}

/** Asserts that a transaction failed with our program error `name` (the logs in the message). */
export function expectError(res: TxResult, name: string): void {
  if (res.ok) throw new Error(`expected ${name}, but the transaction succeeded`);
  expect(res.programError?.name, `${res.error}\n${res.logs.join("\n")}`).to.equal(name);
}

/**
 * An address lookup table holding `addresses`, created and extended by the real ALT program,
 * then one slot later (when its addresses become usable) read back for v0 transactions.
 */
export function createLookupTable(chain: TestChain, addresses: PublicKey[]): AddressLookupTableAccount {
  const authority = chain.payer;
  // The newest slot of the SlotHashes sysvar (a u64 count, then (slot, hash) pairs, newest first)
  const slotHashes = chain.account(SYSVAR_SLOT_HASHES_PUBKEY)!.data;
  const [create, table] = AddressLookupTableProgram.createLookupTable({
    authority: authority.publicKey,
    payer: authority.publicKey,
    recentSlot: slotHashes.readBigUInt64LE(8),
  });
  expectOk(chain.send([create], [authority]));
  for (let i = 0; i < addresses.length; i += 20) {
    const extend = AddressLookupTableProgram.extendLookupTable({
      lookupTable: table,
      authority: authority.publicKey,
      payer: authority.publicKey,
      addresses: addresses.slice(i, i + 20),
    });
    expectOk(chain.send([extend], [authority]));
  }
  chain.warp(1);
  return new AddressLookupTableAccount({ key: table, state: AddressLookupTableAccount.deserialize(chain.account(table)!.data) });
}
