import { Keypair, PublicKey } from "@solana/web3.js";
import { LiteSVM } from "litesvm";
import { BUCKETS, initializeInstruction, IO_TOKEN_PROGRAM_ID, authorityKey, configKey, ioMintKey, vaultKey } from "../sdk/src";
import { TestChain, TxResult } from "./harness";

export const METADATA = { name: "IO", symbol: "IO", uri: "https://io.net/io-token.json" };

/** A chain with io_token deployed through the upgradeable loader, and its upgrade authority. */
export function ioTokenChain(svm?: LiteSVM): { chain: TestChain; upgradeAuthority: Keypair } {
  const chain = new TestChain(svm);
  const upgradeAuthority = chain.wallet(10);
  chain.deployUpgradeable(IO_TOKEN_PROGRAM_ID, "io_token", upgradeAuthority.publicKey);
  return { chain, upgradeAuthority };
}

/** Every account `initialize` creates. */
export function protocolAccounts(): PublicKey[] {
  return [configKey()[0], authorityKey()[0], ioMintKey()[0], ...BUCKETS.map((b) => vaultKey(b.index)[0])];
}

/** Sends `initialize` signed by `payer` (within the default 200,000 CU budget). */
export function initialize(chain: TestChain, payer: Keypair, metadata = METADATA): TxResult {
  return chain.send([initializeInstruction({ payer: payer.publicKey, ...metadata })], [payer]);
}
