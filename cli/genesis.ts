/**
 * Initialising the protocol and reading its genesis back from a chain (embedded or RPC):
 * shared by migrations/deploy.ts, the main job and the CLI.
 */
import {
  createAssociatedTokenAccountIdempotentInstruction,
  createInitializeMint2Instruction,
  getAssociatedTokenAddressSync,
  MINT_SIZE,
  TOKEN_2022_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
  unpackAccount,
  unpackMint,
} from "@solana/spl-token";
import { Keypair, PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import { createHash } from "crypto";
import {
  BUCKETS,
  configKey,
  Currency,
  CURRENCY_DECIMALS,
  decodeIosdState,
  decodeJobsConfig,
  DEFAULT_JOBS_PARAMS,
  initializeJobsInstruction,
  setReferralParamsInstruction,
  DEFAULT_REFERRAL_PARAMS,
  setDiscountTiersInstruction,
  DEFAULT_DISCOUNT_TIERS,
  setPriorityTiersInstruction,
  DEFAULT_PRIORITY_TIERS,
  setUsageParamsInstruction,
  DEFAULT_USAGE_PARAMS,
  IO_JOBS_PROGRAM_ID,
  jobsAuthorityKey,
  jobsConfigKey,
  decodeIoMint,
  decodeEmissionState,
  decodeStakingConfig,
  DEFAULT_STAKING_PARAMS,
  StakingParams,
  initializeStakingInstruction,
  IO_STAKING_PROGRAM_ID,
  rewardsVaultKey,
  setRewardsVaultInstruction,
  setSlashingInstruction,
  stakingConfigKey,
  decodeTokenConfig,
  emissionKey,
  formatAmount,
  initEmissionsInstruction,
  initIosdInstruction,
  DEFAULT_PRICE_PARAMS,
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
  buybackConfigKey,
  decodeBuybackConfig,
  DEFAULT_BUYBACK_PARAMS,
  initializeBuybackInstruction,
  DEFAULT_GOVERNANCE_PARAMS,
  GovernanceParams,
  governanceConfigKey,
  initializeGovernanceInstruction,
  IO_GOVERNANCE_PROGRAM_ID,
  IO_BUYBACK_PROGRAM_ID,
} from "../sdk/src";
import type { Chain, EmbeddedChain } from "./chain";

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

/** `owner`'s associated account of `mint` (Token-2022 unless `tokenProgram` says; created if missing). */
export async function ensureTokenAccount(
  chain: Chain,
  payer: Keypair,
  owner: PublicKey,
  mint: PublicKey,
  tokenProgram: PublicKey = TOKEN_2022_PROGRAM_ID,
): Promise<PublicKey> {
  const ata = getAssociatedTokenAddressSync(mint, owner, true, tokenProgram);
  if (!(await chain.getAccount(ata))) {
    const res = await chain.sendTransaction(
      [createAssociatedTokenAccountIdempotentInstruction(payer.publicKey, ata, owner, mint, tokenProgram)],
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

/**
 * Points io_token's emissions at `vault`: init_emissions there if emissions have not started,
 * set_rewards_vault if they go elsewhere, nothing if they go there already.
 */
export async function pointEmissionsAt(chain: Chain, admin: Keypair, vault: PublicKey): Promise<"initialized" | "redirected" | "unchanged"> {
  const existing = await chain.getAccount(emissionKey()[0]);
  if (!existing) {
    await initEmissions(chain, admin, vault);
    return "initialized";
  }
  if (decodeEmissionState(existing).rewardsVault.equals(vault)) return "unchanged";
  await send(chain, "set_rewards_vault", [setRewardsVaultInstruction({ admin: admin.publicKey, rewardsVault: vault })], [admin]);
  return "redirected";
}

/**
 * Slashing of a new cluster (governed afterwards with set_slashing): a slash burns 10% of the
 * node's own stake, its operator has one day to contest it, and an oracle's slash vote counts
 * for one day (a quorum of votes within a day opens a slash). The unstaking cooldown (7 days)
 * must exceed the time the oracles need to reach a slash quorum (docs/staking.md).
 */
export const DEFAULT_SLASHING = { slashBps: 1_000, slashWindow: 86_400, slashVoteTtl: 86_400 };

/**
 * Initialises io_staking (DEFAULT_STAKING_PARAMS, a compute rate of at most 10 IO per $1 of
 * computing points among them; `admin` must be its upgrade authority and
 * becomes its admin) and sets DEFAULT_SLASHING, each only if not done yet. Needs io_token
 * initialised (the IO mint). Point emissions at its rewards vault afterwards (pointEmissionsAt).
 */
export async function initStaking(chain: Chain, admin: Keypair, params: StakingParams = DEFAULT_STAKING_PARAMS): Promise<"initialized" | "already-initialized"> {
  const [config] = stakingConfigKey();
  const outcome = (await chain.getAccount(config)) ? "already-initialized" : "initialized";
  if (outcome === "initialized") {
    await send(chain, "io_staking initialize", [initializeStakingInstruction({ payer: admin.publicKey, ...params })], [admin]);
    // The priority tiers of stake and usage rewards for teams (initialize leaves both off) at their
    // defaults (docs/demand-side.md).
    await send(chain, "io_staking set_priority_tiers", [setPriorityTiersInstruction({ admin: admin.publicKey, tiersIo: [...DEFAULT_PRIORITY_TIERS] })], [admin]);
    await send(chain, "io_staking set_usage_params", [setUsageParamsInstruction({ admin: admin.publicKey, ...DEFAULT_USAGE_PARAMS })], [admin]);
  }
  const info = await chain.getAccount(config);
  if (!info) throw new Error("io_staking's config is missing after initialize");
  const current = decodeStakingConfig(info);
  if (current.slashBps === 0 && current.slashWindow === 0) {
    await send(chain, "set_slashing", [setSlashingInstruction({ admin: admin.publicKey, ...DEFAULT_SLASHING })], [admin]);
  }
  return outcome;
}

/** Default IOSD parameters of a new cluster (governed afterwards; the oracle's are the SDK's DEFAULT_PRICE_PARAMS). */
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

/**
 * Initialises io_jobs with `usdcMint` (an SPL Token mint with 6 decimals) and the default
 * parameters, once. Needs IOSD (initOracleAndIosd) first, whose init_iosd names io_jobs'
 * authority IOSD's spender (checked here). Returns the USDC mint in use.
 */
export async function initJobs(chain: Chain, admin: Keypair, usdcMint?: PublicKey): Promise<{ outcome: "initialized" | "already-initialized"; usdcMint: PublicKey }> {
  const [spender] = jobsAuthorityKey();
  const iosdInfo = await chain.getAccount(iosdStateKey()[0]);
  if (!iosdInfo) throw new Error("io_jobs needs IOSD: initialise io_oracle and IOSD first");
  const current = decodeIosdState(iosdInfo).spender;
  if (!current.equals(spender)) {
    throw new Error(`IOSD's spender is ${current.toBase58()}, not io_jobs' authority ${spender.toBase58()}: set_iosd_spender changes it while no IOSD is held`);
  }
  const configInfo = await chain.getAccount(jobsConfigKey()[0]);
  if (configInfo) {
    const configured = decodeJobsConfig(configInfo).mints[Currency.Usdc];
    if (usdcMint && !usdcMint.equals(configured)) {
      throw new Error(`io_jobs is already initialised with the USDC mint ${configured.toBase58()}, not ${usdcMint.toBase58()}`);
    }
    return { outcome: "already-initialized", usdcMint: configured };
  }
  if (!usdcMint) throw new Error("io_jobs is deployed but not initialised: give its USDC mint (--usdc-mint <pubkey> or IO_USDC_MINT)");
  const mintInfo = await chain.getAccount(usdcMint);
  if (!mintInfo || !mintInfo.owner.equals(TOKEN_PROGRAM_ID)) throw new Error(`the USDC mint ${usdcMint.toBase58()} is not an SPL Token mint on ${chain.description}`);
  const decimals = unpackMint(usdcMint, mintInfo, TOKEN_PROGRAM_ID).decimals;
  if (decimals !== CURRENCY_DECIMALS[Currency.Usdc]) throw new Error(`the USDC mint ${usdcMint.toBase58()} has ${decimals} decimals, not 6`);
  await send(chain, "io_jobs initialize", [initializeJobsInstruction({ payer: admin.publicKey, usdcMint, ...DEFAULT_JOBS_PARAMS })], [admin]);
  // The referral terms and the discount table by reputation (initialize leaves both at 0: off) at
  // their defaults (docs/demand-side.md).
  await send(chain, "io_jobs set_referral_params", [setReferralParamsInstruction({ admin: admin.publicKey, ...DEFAULT_REFERRAL_PARAMS })], [admin]);
  await send(chain, "io_jobs set_discount_tiers", [setDiscountTiersInstruction({ admin: admin.publicKey, ...DEFAULT_DISCOUNT_TIERS })], [admin]);
  return { outcome: "initialized", usdcMint };
}

/**
 * Initialises io_buyback with `usdcMint` (io_jobs' USDC) and DEFAULT_BUYBACK_PARAMS, once; the
 * admin becomes its admin and guardian. Refuses a config made with another USDC mint.
 */
export async function initBuyback(chain: Chain, admin: Keypair, usdcMint: PublicKey): Promise<"initialized" | "already-initialized"> {
  const info = await chain.getAccount(buybackConfigKey()[0]);
  if (info) {
    const configured = decodeBuybackConfig(info).usdcMint;
    if (!configured.equals(usdcMint)) throw new Error(`io_buyback is already initialised with the USDC mint ${configured.toBase58()}, not ${usdcMint.toBase58()}`);
    return "already-initialized";
  }
  await send(chain, "io_buyback initialize", [initializeBuybackInstruction({ payer: admin.publicKey, usdcMint, ...DEFAULT_BUYBACK_PARAMS })], [admin]);
  return "initialized";
}

/**
 * Initialises io_governance with `params` (DEFAULT_GOVERNANCE_PARAMS by default) and `guardian` (the admin by default:
 * a multisig in production), once. It governs nothing until each program's admin hands its role
 * to the executor (docs/governance.md, "The hand-over").
 */
export async function initGovernance(
  chain: Chain,
  admin: Keypair,
  guardian: PublicKey = admin.publicKey,
  params: GovernanceParams = DEFAULT_GOVERNANCE_PARAMS,
): Promise<"initialized" | "already-initialized"> {
  if (await chain.getAccount(governanceConfigKey()[0])) return "already-initialized";
  await send(chain, "io_governance initialize", [initializeGovernanceInstruction({ payer: admin.publicKey, guardian, ...params })], [admin]);
  return "initialized";
}

/** The embedded chain's test USDC mint: a keypair from a fixed seed, so its address is the same
 * in every state (the CLI reads it back from io_jobs' config). Its mint authority is the admin. */
export function embeddedUsdcKeypair(): Keypair {
  return Keypair.fromSeed(createHash("sha256").update("io-protocol embedded chain: test USDC mint").digest());
}

/** Creates the test USDC mint (6 decimals, mint authority `admin`) on the embedded chain. */
function createEmbeddedUsdc(chain: EmbeddedChain, admin: Keypair): PublicKey {
  const usdc = embeddedUsdcKeypair();
  const lamports = Number(chain.svm.minimumBalanceForRentExemption(BigInt(MINT_SIZE)));
  const res = chain.send(
    [
      SystemProgram.createAccount({ fromPubkey: admin.publicKey, newAccountPubkey: usdc.publicKey, lamports, space: MINT_SIZE, programId: TOKEN_PROGRAM_ID }),
      createInitializeMint2Instruction(usdc.publicKey, CURRENCY_DECIMALS[Currency.Usdc], admin.publicKey, null),
    ],
    [admin, usdc],
  );
  if (!res.ok) throw new Error(`creating the test USDC mint failed: ${res.error}`);
  return usdc.publicKey;
}

/** A fresh embedded chain with io_token, io_oracle, io_jobs and io_staking deployed (upgrade
 * authority `admin`), the protocol initialised, the admin's IO account created (for releases),
 * io_staking initialised (DEFAULT_STAKING_PARAMS, DEFAULT_SLASHING) and emissions started into
 * its rewards vault, `admin` the single oracle (quorum 1), IOSD ready with io_jobs its spender,
 * a test USDC mint (mint authority `admin`), io_jobs initialised with the default
 * parameters, io_buyback with DEFAULT_BUYBACK_PARAMS and io_governance with
 * DEFAULT_GOVERNANCE_PARAMS (guardian `admin`, no admin role handed to it); its clock at `unixTime`. */
export async function bootstrapEmbedded(admin: Keypair, unixTime: bigint, metadata = DEFAULT_METADATA, given?: EmbeddedChain): Promise<EmbeddedChain> {
  // LiteSVM loads only here, when a chain is bootstrapped.
  const chain = given ?? new (await import("./chain/embedded")).EmbeddedChain();
  chain.setUnixTime(unixTime);
  chain.airdrop(admin.publicKey, 100);
  chain.deployUpgradeable(IO_TOKEN_PROGRAM_ID, "io_token", admin.publicKey);
  chain.deployUpgradeable(IO_ORACLE_PROGRAM_ID, "io_oracle", admin.publicKey);
  chain.deployUpgradeable(IO_JOBS_PROGRAM_ID, "io_jobs", admin.publicKey);
  chain.deployUpgradeable(IO_STAKING_PROGRAM_ID, "io_staking", admin.publicKey);
  chain.deployUpgradeable(IO_BUYBACK_PROGRAM_ID, "io_buyback", admin.publicKey);
  chain.deployUpgradeable(IO_GOVERNANCE_PROGRAM_ID, "io_governance", admin.publicKey);
  await initializeProtocol(chain, admin, metadata);
  await ensureIoAccount(chain, admin, admin.publicKey);
  await initStaking(chain, admin);
  await pointEmissionsAt(chain, admin, rewardsVaultKey()[0]);
  await initOracleAndIosd(chain, admin, [admin.publicKey], 1);
  const { usdcMint } = await initJobs(chain, admin, createEmbeddedUsdc(chain, admin));
  await initBuyback(chain, admin, usdcMint);
  await initGovernance(chain, admin);
  return chain;
}
