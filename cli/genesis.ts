/**
 * Initialising the protocol and reading its genesis back from a chain (embedded or RPC):
 * shared by migrations/deploy.ts, the main job and the CLI.
 */
import {
  createAssociatedTokenAccountIdempotentInstruction,
  getAssociatedTokenAddressSync,
  TOKEN_2022_PROGRAM_ID,
  unpackAccount,
} from "@solana/spl-token";
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import {
  BUCKETS,
  configKey,
  decodeIoMint,
  decodeEmissionState,
  decodeTokenConfig,
  emissionKey,
  formatAmount,
  initEmissionsInstruction,
  initIosdInstruction,
  initializeOracleInstruction,
  IO_ORACLE_PROGRAM_ID,
  iosdStateKey,
  oracleConfigKey,
  setOracleSetInstruction,
  initializeInstruction,
  IO_DECIMALS,
  IO_TOKEN_PROGRAM_ID,
  IoMintInfo,
  ioMintKey,
  TokenConfig,
  vaultKey,
} from "../sdk/src";
import { Chain, EmbeddedChain } from "./chain";

export const DEFAULT_METADATA = {
  name: "IO",
  symbol: "IO",
  uri: "https://io.net/io-token.json",
};

export interface GenesisReport {
  config: TokenConfig;
  mint: PublicKey;
  metadata: IoMintInfo;
  vaults: { label: string; vault: PublicKey; amount: BN }[];
  total: BN;
}

/** Sends `initialize` unless the config exists; returns whether it was sent. */
export async function initializeProtocol(
  chain: Chain,
  upgradeAuthority: Keypair,
  metadata = DEFAULT_METADATA,
): Promise<"initialized" | "already-initialized"> {
  if (await chain.getAccount(configKey()[0])) return "already-initialized";
  const res = await chain.sendTransaction(
    [initializeInstruction({ payer: upgradeAuthority.publicKey, ...metadata })],
    [upgradeAuthority],
  );
  if (!res.ok) {
    const named = res.programError ? `${res.programError.name}: ${res.programError.msg}` : res.error;
    throw new Error(`initialize failed: ${named}`);
  }
  return "initialized";
}

/** Reads the config, the IO mint with its metadata and the five vaults back from the chain. */
export async function readGenesis(chain: Chain): Promise<GenesisReport> {
  const configInfo = await chain.getAccount(configKey()[0]);
  if (!configInfo) throw new Error("the protocol is not initialised on this chain");
  const config = decodeTokenConfig(configInfo);
  const [mint] = ioMintKey();
  const mintInfo = await chain.getAccount(mint);
  if (!mintInfo) throw new Error(`IO mint ${mint.toBase58()} not found`);
  const vaults = [];
  let total = new BN(0);
  for (const bucket of BUCKETS) {
    const [vault] = vaultKey(bucket.index);
    const account = unpackAccount(vault, await chain.getAccount(vault), TOKEN_2022_PROGRAM_ID);
    const amount = new BN(account.amount.toString());
    vaults.push({ label: bucket.label, vault, amount });
    total = total.add(amount);
  }
  return { config, mint, metadata: decodeIoMint(mint, mintInfo), vaults, total };
}

/** The report as printed by the main job and `deploy.ts`. */
export function formatGenesis(r: GenesisReport): string {
  const io = (v: BN) => `${formatAmount(v, IO_DECIMALS)} IO`;
  const width = Math.max(...r.vaults.map((v) => io(v.amount).length), io(r.total).length);
  const lines = [
    `IO mint        ${r.mint.toBase58()} (Token-2022)`,
    `  name         ${r.metadata.name}`,
    `  symbol       ${r.metadata.symbol}`,
    `  uri          ${r.metadata.uri}`,
    `  decimals     ${r.metadata.decimals}`,
    `  supply       ${io(r.metadata.supply)}`,
    `  mint auth.   ${r.metadata.mintAuthority?.toBase58() ?? "none"} (program PDA)`,
    `  freeze auth. ${r.metadata.freezeAuthority?.toBase58() ?? "none"}`,
    `admin          ${r.config.admin.toBase58()}`,
    `genesis        ${new Date(r.config.genesisTs.toNumber() * 1000).toISOString()}`,
    "",
    "Genesis distribution",
    ...r.vaults.map((v) => `  ${v.label.padEnd(22)} ${io(v.amount).padStart(width)}  ${v.vault.toBase58()}`),
    `  ${"Total".padEnd(22)} ${io(r.total).padStart(width)}`,
  ];
  return lines.join("\n");
}

/** `owner`'s IO token account (created if missing). */
export function ensureIoAccount(chain: Chain, payer: Keypair, owner: PublicKey): Promise<PublicKey> {
  return ensureTokenAccount(chain, payer, owner, ioMintKey()[0]);
}

/** `owner`'s associated Token-2022 account of `mint` (created if missing). */
export async function ensureTokenAccount(chain: Chain, payer: Keypair, owner: PublicKey, mint: PublicKey): Promise<PublicKey> {
  const ata = getAssociatedTokenAddressSync(mint, owner, true, TOKEN_2022_PROGRAM_ID);
  if (!(await chain.getAccount(ata))) {
    const res = await chain.sendTransaction(
      [createAssociatedTokenAccountIdempotentInstruction(payer.publicKey, ata, owner, mint, TOKEN_2022_PROGRAM_ID)],
      [payer],
    );
    if (!res.ok) throw new Error(`creating the token account of ${owner.toBase58()} failed: ${res.error}`);
  }
  return ata;
}

/** Sends `init_emissions` unless the emission state exists; returns the rewards vault in use. */
export async function initEmissions(chain: Chain, admin: Keypair, rewardsVault?: PublicKey): Promise<PublicKey> {
  const existing = await chain.getAccount(emissionKey()[0]);
  if (existing) return decodeEmissionState(existing).rewardsVault;
  const vault = rewardsVault ?? (await ensureIoAccount(chain, admin, admin.publicKey));
  const res = await chain.sendTransaction([initEmissionsInstruction({ admin: admin.publicKey, rewardsVault: vault })], [admin]);
  if (!res.ok) throw new Error(`init_emissions failed: ${res.programError?.name ?? res.error}`);
  return vault;
}

/** Default oracle and IOSD parameters of a new cluster (governed afterwards). */
export const DEFAULT_PRICE_PARAMS = { staleness: 600, maxMoveBps: 2_000, maxConfBps: 200 };
export const DEFAULT_IOSD = {
  name: "IO Dollar",
  symbol: "IOSD",
  uri: "https://io.net/iosd.json",
  confMultiple: 2,
  maxPriceAge: 600,
  rateLimit: new BN(10_000_000_000), // 10,000 IOSD
  rateWindow: 3_600,
};

async function send(chain: Chain, what: string, ixs: TransactionInstruction[], signers: Keypair[]): Promise<void> {
  const res = await chain.sendTransaction(ixs, signers);
  if (!res.ok) throw new Error(`${what} failed: ${res.programError?.name ?? res.error}`);
}

/** Initialises io_oracle (`oracles` with `quorum`) and IOSD unless they exist. */
export async function initOracleAndIosd(chain: Chain, admin: Keypair, oracles: PublicKey[], quorum: number): Promise<void> {
  if (!(await chain.getAccount(oracleConfigKey()[0]))) {
    await send(chain, "io_oracle initialize", [initializeOracleInstruction({ payer: admin.publicKey, ...DEFAULT_PRICE_PARAMS })], [admin]);
    await send(chain, "set_oracle_set", [setOracleSetInstruction({ admin: admin.publicKey, quorum, members: oracles })], [admin]);
  }
  if (!(await chain.getAccount(iosdStateKey()[0]))) {
    await send(chain, "init_iosd", [initIosdInstruction({ admin: admin.publicKey, ...DEFAULT_IOSD })], [admin]);
  }
}

/** A fresh embedded chain with io_token and io_oracle deployed (upgrade authority `admin`),
 * the protocol initialised, emissions started, `admin` the single oracle (quorum 1) and IOSD
 * ready; its clock at `unixTime`. */
export async function bootstrapEmbedded(admin: Keypair, unixTime: bigint, metadata = DEFAULT_METADATA): Promise<EmbeddedChain> {
  const chain = new EmbeddedChain();
  chain.setUnixTime(unixTime);
  chain.airdrop(admin.publicKey, 100);
  chain.deployUpgradeable(IO_TOKEN_PROGRAM_ID, "io_token", admin.publicKey);
  chain.deployUpgradeable(IO_ORACLE_PROGRAM_ID, "io_oracle", admin.publicKey);
  await initializeProtocol(chain, admin, metadata);
  await initEmissions(chain, admin);
  await initOracleAndIosd(chain, admin, [admin.publicKey], 1);
  return chain;
}
