import {
  createAssociatedTokenAccountIdempotentInstruction,
  getAssociatedTokenAddressSync,
  TOKEN_2022_PROGRAM_ID,
  unpackAccount,
  unpackMint,
} from "@solana/spl-token";
import { Keypair, PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { LiteSVM } from "litesvm";
import {
  authorityKey,
  BUCKETS,
  configKey,
  initEmissionsInstruction,
  initializeInstruction,
  IO_TOKEN_PROGRAM_ID,
  ioMintKey,
  vaultKey,
} from "../sdk/src";
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

/** Creates (idempotently) `owner`'s IO associated token account and returns its address. */
export function ioAccount(chain: TestChain, owner: PublicKey): PublicKey {
  const [mint] = ioMintKey();
  const ata = getAssociatedTokenAddressSync(mint, owner, true, TOKEN_2022_PROGRAM_ID);
  const res = chain.send(
    [createAssociatedTokenAccountIdempotentInstruction(chain.payer.publicKey, ata, owner, mint, TOKEN_2022_PROGRAM_ID)],
    [chain.payer],
  );
  if (!res.ok) throw new Error(`creating the IO account of ${owner.toBase58()} failed: ${res.error}`);
  return ata;
}

/** An IO token account's balance in base units. */
export function ioBalance(chain: TestChain, account: PublicKey): BN {
  return new BN(unpackAccount(account, chain.account(account), TOKEN_2022_PROGRAM_ID).amount.toString());
}

/** The IO mint's supply in base units. */
export function ioSupply(chain: TestChain): BN {
  const [mint] = ioMintKey();
  return new BN(unpackMint(mint, chain.account(mint), TOKEN_2022_PROGRAM_ID).supply.toString());
}

/** An initialised protocol with emissions going to a fresh rewards vault. */
export function withEmissions(): { chain: TestChain; admin: Keypair; rewardsVault: PublicKey } {
  const { chain, upgradeAuthority: admin } = ioTokenChain();
  const init = initialize(chain, admin);
  if (!init.ok) throw new Error(init.error);
  const rewardsVault = ioAccount(chain, Keypair.generate().publicKey);
  const res = chain.send([initEmissionsInstruction({ admin: admin.publicKey, rewardsVault })], [admin]);
  if (!res.ok) throw new Error(`init_emissions failed: ${res.error}\n${res.logs.join("\n")}`);
  return { chain, admin, rewardsVault };
}
