/**
 * The fuzzer's world, built once per run on the real .so files and restored from LiteSVM's
 * snapshot bytes for every episode: all four programs, five oracles with quorum 3 (members 3
 * and 4 collude), users, node operators with staked nodes, delegating stakers, vesting
 * beneficiaries, the admin and a stranger. Every actor's key comes from a fixed seed.
 */
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import { createHash } from "crypto";
import { LiteSVM } from "litesvm";
import {
  addBeneficiaryInstruction,
  airdropVaultKey,
  buybackConfigKey,
  buybackUsdcVaultKey,
  Currency,
  DEFAULT_BUYBACK_PARAMS,
  incentivesVaultKey,
  initializeBuybackInstruction,
  IO_BUYBACK_PROGRAM_ID,
  escrowKey,
  feeVaultKey,
  grantKey,
  iosdMintKey,
  iosdStateKey,
  ioMintKey,
  jobsConfigKey,
  lockGenesisInstruction,
  emissionKey,
  oracleConfigKey,
  participantKey,
  ParticipantKind,
  positionKey,
  priceFeedKey,
  registerParticipantInstruction,
  rewardsVaultKey,
  setOracleSetInstruction,
  stakeVaultKey,
  stakingConfigKey,
  submitPriceInstruction,
  vaultKey,
  initializeGovernanceInstruction,
  depositVaultKey,
  governanceConfigKey,
  executorKey,
  BPF_LOADER_UPGRADEABLE_ID,
  BUFFER_HEADER,
  DEFAULT_REFERRAL_PARAMS,
  registerReferralInstruction,
  setReferralParamsInstruction,
  setDiscountTiersInstruction,
  setPriorityTiersInstruction,
  setUsageParamsInstruction,
  MAX_USAGE_RATE,
  UsageParams,
  DiscountTiers,
  userProfileKey,
  IO_GOVERNANCE_PROGRAM_ID,
} from "../../sdk/src";
import { createMintToInstruction } from "@solana/spl-token";
import { readFileSync } from "fs";
import { join } from "path";
import { DEPLOY_DIR, EmbeddedChain, TxResult } from "../../cli/chain";
import { setUpgradeAuthorityInstruction } from "../../cli/handover";
import { IO, USD } from "../jobs-world";
import { StakingWorld } from "../staking-world";

/** A keypair from a fixed label: the same on every run. */

/** The fuzz world's priority tiers (whole IO of counted stake), low enough that its stakers' IO reaches every tier. */
export const FUZZ_PRIORITY_TIERS: readonly number[] = [1, 50, 500];
/** The fuzz world's usage rewards for teams: 20% of the compute pool, at most 0.01 IO per $1 of usage (the bound). */
export const FUZZ_USAGE_PARAMS: UsageParams = { usageBps: 2_000, maxUsageRate: MAX_USAGE_RATE };

/** The fuzz world's discount table (see below). */
export const FUZZ_DISCOUNT_TIERS: DiscountTiers = {
  tiers: [
    { scoreUsd: new BN(100_000), discountBps: 1_000 },
    { scoreUsd: new BN(1_000_000), discountBps: 2_500 },
    { scoreUsd: new BN(5_000_000), discountBps: 5_000 },
  ],
  strikeUsd: new BN(200_000),
};

export function fixedKeypair(label: string): Keypair {
  let kp = fixedKeypairs.get(label);
  if (kp === undefined) {
    kp = Keypair.fromSeed(createHash("sha256").update(`io-protocol fuzz: ${label}`).digest());
    fixedKeypairs.set(label, kp);
  }
  return kp;
}
/** Derived once per label: deriving an ed25519 public key is the costly part, and invariants ask for the same buffers after every step. */
const fixedKeypairs = new Map<string, Keypair>();

export const HONEST_ORACLES = [0, 1, 2];
/** The conduct penalties (bps) honest oracles attest for `user` (attest_reputation): a band of
 * 1,000 bps from 500 up, fixed per user, that never includes 0 (so an accepted 0 can only mean
 * "none agreed yet"). The colluders vote anything. */
export function honestConduct(user: PublicKey): [number, number] {
  const lo = 500 + ((user.toBytes()[0] * 31) % 8_000);
  return [lo, lo + 1_000];
}
export const COLLUDERS = [3, 4];
export const QUORUM = 3;
/** The band io_oracle accepts between agreeing prices, as the fuzzer assumes it (1%). */
export const AGREEMENT_BPS = 100;
/** USDC in io_buyback's vaults at the snapshot (minted there, standing in for io_jobs' sweep). */
export const BUYBACK_SEED_USDC = 1_000_000_000n;
export const INCENTIVES_SEED_USDC = 300_000_000n;
/** io_buyback's parameters in the world: lots and days small enough for the actors' IO. */
export const FUZZ_BUYBACK_PARAMS = { ...DEFAULT_BUYBACK_PARAMS, maxLot: USD.muln(400), maxDaily: USD.muln(1_500) };

export interface Wallet {
  kp: Keypair;
  /** Its token account of each currency (USDC, IO, IOSD). */
  token: Record<Currency, PublicKey>;
}

export interface FuzzNode {
  index: number;
  owner: Wallet;
  deviceId: Buffer;
  node: PublicKey;
  participant: PublicKey;
}

/** Everything an episode needs to know about the world; the same for every episode of a run. */
export interface WorldKeys {
  payer: Keypair;
  admin: Keypair;
  usdcMint: PublicKey;
  oracles: Keypair[];
  users: Wallet[];
  nodes: FuzzNode[];
  stakers: Wallet[];
  stranger: Wallet;
  beneficiaries: { wallet: Wallet; bucket: number }[];
  /** Participants of kind user (a user staking target), registered at genesis. */
  userParticipants: PublicKey[];
  /** io_governance's guardian (governance initialised with FUZZ_GOV_PARAMS). */
  guardian: Keypair;
}

/** A buffer the executor holds already (handed over outside a proposal): propose refuses it (BufferNotProposers). */
export const UPGRADE_BUFFER = fixedKeypair("upgrade buffer");

/** Each possible staker's own loader buffer (its authority), for its upgrade proposal (propose hands it to the executor). */
export function ownBuffer(staker: PublicKey): PublicKey {
  return fixedKeypair(`upgrade buffer of ${staker.toBase58()}`).publicKey;
}

/** The program bytes of the stakers' buffers: not an ELF, so an upgrade with one fails in the loader (the proposal stays queued, then expires, and reclaim_buffer has work) and never replaces io_governance in the fuzzer's world. */
export const FUZZ_BUFFER_PROGRAM = Buffer.alloc(256, 0x5a);

/** The proposal deposit in the fuzzer: 1 IO; and where GovernanceConfig keeps it (io_common::governance::param(71)). */
export const FUZZ_DEPOSIT = IO;
const GOV_CONFIG_DEPOSIT_OFFSET = 79;

/** io_governance's rules in the fuzzer: a 1-day vote, 10% quorum, 1-hour timelock, 1-day grace, 30-minute late-quorum extension, 1 IO to propose. */
export const FUZZ_GOV_PARAMS = {
  votingPeriod: 86_400,
  quorumBps: 1_000,
  thresholdBps: 5_000,
  timelock: 3_600,
  gracePeriod: 86_400,
  lateQuorumExtension: 1_800,
  proposalThreshold: IO,
};

/** A chain restored from the world's snapshot, paying fees with the world's payer. It remembers
 * every account a transaction named, so an episode's chain can be put back to the snapshot. */
export class FuzzChain extends EmbeddedChain {
  private readonly dirty = new Map<string, PublicKey>();

  constructor(
    svm: LiteSVM,
    readonly payer: Keypair,
  ) {
    super(svm);
  }

  override send(instructions: TransactionInstruction[], signers: Keypair[], opts: { computeUnits?: number } = {}): TxResult {
    for (const ix of instructions) for (const k of ix.keys) this.dirty.set(k.pubkey.toBase58(), k.pubkey);
    for (const s of signers) this.dirty.set(s.publicKey.toBase58(), s.publicKey);
    return super.send(instructions, signers, opts);
  }

  /** Back to `snapshot`'s state: every account a transaction named since, and the clock (only
   * named accounts can change; `copyFrom` skips the unchanged ones and programs). */
  reset(snapshot: EmbeddedChain): void {
    this.copyFrom(snapshot, [...this.dirty.values()]);
    this.dirty.clear();
  }
}

export interface BuiltWorld {
  keys: WorldKeys;
  tracked: Tracked;
  snapshot: Uint8Array;
}

/** Builds the world and takes its snapshot. About a second. */
export function buildWorld(): BuiltWorld {
  const w = new StakingWorld({ usdcMint: fixedKeypair("usdc mint"), nodeOwner: fixedKeypair("jobs world node owner") });
  const jobs = w.jobs;
  const chain = w.chain;
  const admin = jobs.admin;

  // Five oracles, quorum 3: members 3 and 4 collude (fewer than the quorum).
  const extra = [3, 4].map((i) => jobs.funded(fixedKeypair(`oracle ${i}`)));
  const oracles = [...jobs.oracles, ...extra];
  jobs.send([setOracleSetInstruction({ admin: admin.publicKey, quorum: QUORUM, members: oracles.map((o) => o.publicKey) })], [admin]);
  for (const o of oracles.slice(0, QUORUM)) {
    const p = { price: new BN(200_000_000), confidence: new BN(1_000_000), timestamp: new BN(chain.now().toString()) };
    jobs.send([submitPriceInstruction({ oracle: o.publicKey, setVersion: 2, ...p })], [o]);
  }

  const wallet = (label: string): Wallet => {
    const u = jobs.user(fixedKeypair(label));
    return { kp: u.wallet, token: u.token };
  };
  const users = [0, 1, 2, 3].map((i) => wallet(`user ${i}`));
  const stranger = wallet("stranger");

  // Node operators: io_jobs nodes, registered as participants, with own stake.
  const nodes: FuzzNode[] = [0, 1, 2].map((i) => {
    const owner = fixedKeypair(`operator ${i}`);
    const n = w.node(`fuzz node ${i}`, 100 + 100 * i, IO.muln(200 + 300 * i), i, owner);
    const token = {} as Record<Currency, PublicKey>;
    for (const c of [Currency.Usdc, Currency.Io, Currency.Iosd]) token[c] = jobs.tokenAccount(owner.publicKey, c);
    return { index: i, owner: { kp: owner, token }, deviceId: createHash("sha256").update(`fuzz node ${i}`).digest(), node: n.node, participant: n.participant };
  });

  const stakers = [0, 1, 2].map((i) => {
    const s = w.wallet(IO.muln(2_000), fixedKeypair(`staker ${i}`));
    const token = {} as Record<Currency, PublicKey>;
    for (const c of [Currency.Usdc, Currency.Io, Currency.Iosd]) token[c] = jobs.tokenAccount(s.wallet.publicKey, c);
    return { kp: s.wallet, token };
  });

  // Referrals (issue 18) at their default terms: users 1 and 2 joined referred by user 0, user 3
  // and the stranger have not joined (they may still name a referrer, or join by a first job).
  jobs.send([setReferralParamsInstruction({ admin: admin.publicKey, ...DEFAULT_REFERRAL_PARAMS })], [admin]);
  jobs.send([registerReferralInstruction({ user: users[0].kp.publicKey, referrer: PublicKey.default })], [users[0].kp]);
  for (const u of [users[1], users[2]]) jobs.send([registerReferralInstruction({ user: u.kp.publicKey, referrer: users[0].kp.publicKey })], [u.kp]);
  // Demand-side reputation (issue 18, slice 2): a discount table low enough that the users' jobs
  // reach every tier within an episode (10% from $0.10 of network fees paid, 25% from $1, 50%
  // from $5; a strike costs $0.20).
  jobs.send([setDiscountTiersInstruction({ admin: admin.publicKey, ...FUZZ_DISCOUNT_TIERS })], [admin]);

  // Stake for priority (issue 18, slice 3): thresholds the stakers' 2,000 IO each reach.
  jobs.send([setPriorityTiersInstruction({ admin: admin.publicKey, tiersIo: FUZZ_PRIORITY_TIERS })], [admin]);
  // Usage rewards for teams (issue 18, slice 4): a usage pool users' synced usage earns from.
  jobs.send([setUsageParamsInstruction({ admin: admin.publicKey, ...FUZZ_USAGE_PARAMS })], [admin]);

  // A user participant: users[0] others can stake to.
  const userKey = users[0].kp.publicKey;
  jobs.send([registerParticipantInstruction({ authority: userKey, key: userKey, kind: ParticipantKind.User, shareBps: 200 })], [users[0].kp]);

  // Vesting beneficiaries, then genesis locked.
  const beneficiaries = [
    { wallet: wallet("beneficiary seed"), bucket: 0 },
    { wallet: wallet("beneficiary core"), bucket: 2 },
  ];
  for (const b of beneficiaries) {
    jobs.send([addBeneficiaryInstruction({ admin: admin.publicKey, bucket: b.bucket, beneficiary: b.wallet.kp.publicKey, amount: IO.muln(1_000_000) })], [admin]);
  }
  jobs.send([lockGenesisInstruction({ admin: admin.publicKey })], [admin]);

  // io_buyback, with USDC in its vaults.
  chain.deployUpgradeable(IO_BUYBACK_PROGRAM_ID, "io_buyback", admin.publicKey);
  jobs.send([initializeBuybackInstruction({ payer: admin.publicKey, usdcMint: jobs.usdcMint, ...FUZZ_BUYBACK_PARAMS })], [admin]);
  for (const [vault, amount] of [
    [buybackUsdcVaultKey()[0], BUYBACK_SEED_USDC],
    [incentivesVaultKey()[0], INCENTIVES_SEED_USDC],
  ] as const) {
    jobs.send([createMintToInstruction(jobs.usdcMint, vault, chain.payer.publicKey, amount)], [chain.payer]);
  }

  // io_governance, with a guardian.
  const guardian = jobs.funded(fixedKeypair("guardian"));
  chain.deployUpgradeable(IO_GOVERNANCE_PROGRAM_ID, "io_governance", admin.publicKey);
  jobs.send([initializeGovernanceInstruction({ payer: admin.publicKey, guardian: guardian.publicKey, ...FUZZ_GOV_PARAMS })], [admin]);
  // The proposal deposit (parameter 71) as if a proposal had set it to FUZZ_DEPOSIT (that path
  // runs in tests/governance-upgrade.test.ts): the config's field written in place, so that
  // every proposal of the fuzzer moves IO into the deposit vault and refund_deposit has work.
  const govConfig = chain.account(governanceConfigKey()[0])!;
  const withDeposit = Buffer.from(govConfig.data);
  withDeposit.writeBigUInt64LE(BigInt(FUZZ_DEPOSIT.toString()), GOV_CONFIG_DEPOSIT_OFFSET);
  chain.setAccount(governanceConfigKey()[0], { data: withDeposit, owner: govConfig.owner, lamports: BigInt(govConfig.lamports) });
  // A loader v3 buffer of the canary's code whose authority is the executor, for upgrade
  // proposals (the world's programs' upgrade authority is the admin, or they are not upgradeable:
  // propose refuses them, InvalidTarget, since review 15c; before, their execution failed in the
  // loader and left the proposal queued).
  const header = Buffer.alloc(BUFFER_HEADER);
  header.writeUInt32LE(1, 0);
  header.writeUInt8(1, 4);
  executorKey()[0].toBuffer().copy(header, 5);
  chain.setAccount(UPGRADE_BUFFER.publicKey, { data: Buffer.concat([header, readFileSync(join(DEPLOY_DIR, "toolchain_canary.so"))]), owner: BPF_LOADER_UPGRADEABLE_ID });
  // io_governance's upgrade authority handed to the executor (as `--handover` does), so that an
  // upgrade proposal of it (target 5) passes propose's ProgramData check; and one buffer per
  // possible staker, held by it, that its proposal can hand over (and reclaim_buffer give back).
  jobs.send([setUpgradeAuthorityInstruction({ program: IO_GOVERNANCE_PROGRAM_ID, authority: admin.publicKey, newAuthority: executorKey()[0] })], [admin]);

  const keys: WorldKeys = {
    payer: chain.payer,
    admin,
    usdcMint: jobs.usdcMint,
    oracles,
    users,
    nodes,
    stakers,
    stranger,
    beneficiaries,
    userParticipants: [participantKey(userKey)[0]],
    guardian,
  };
  for (const staker of possibleStakers(keys)) {
    const own = Buffer.alloc(BUFFER_HEADER);
    own.writeUInt32LE(1, 0);
    own.writeUInt8(1, 4);
    staker.kp.publicKey.toBuffer().copy(own, 5);
    const data = Buffer.concat([own, FUZZ_BUFFER_PROGRAM]);
    const lamports = chain.svm.minimumBalanceForRentExemption(BigInt(data.length));
    chain.setAccount(ownBuffer(staker.kp.publicKey), { data, owner: BPF_LOADER_UPGRADEABLE_ID, lamports });
  }
  return { keys, tracked: trackedAccounts(keys), snapshot: chain.svm.toBytes() };
}

/** The accounts the invariants read, by kind (positions and epochs come and go). */
export interface Tracked {
  ioMint: PublicKey;
  iosdMint: PublicKey;
  usdcMint: PublicKey;
  /** Every token account of the three mints that the world or the programs created. */
  tokenAccounts: PublicKey[];
  jobsConfig: PublicKey;
  stakingConfig: PublicKey;
  iosdState: PublicKey;
  emission: PublicKey;
  priceFeed: PublicKey;
  oracleConfig: PublicKey;
  escrow: Record<Currency.Usdc | Currency.Io, PublicKey>;
  feeVault: Record<Currency.Usdc | Currency.Io, PublicKey>;
  /** io_buyback's USDC vault and incentives vault (sweep_usdc_fees' destinations). */
  buybackVaults: PublicKey[];
  stakeVault: PublicKey;
  rewardsVault: PublicKey;
  genesisVaults: PublicKey[];
  grants: { key: PublicKey; bucket: number }[];
  /** The io_jobs profiles of the users, the stranger and the node owners (PROFILE_ACTORS' order): referrers, referred users and suppliers. */
  profiles: { user: PublicKey; key: PublicKey }[];
  participants: PublicKey[];
  positions: PublicKey[];
  buybackConfig: PublicKey;
  buybackVault: PublicKey;
  incentivesVault: PublicKey;
}

/** Every staker of a participant: its authority, the stakers, the users, the other operators. */
export function possibleStakers(keys: WorldKeys): Wallet[] {
  return [...keys.stakers, ...keys.users, ...keys.nodes.map((n) => n.owner), keys.stranger];
}

export function trackedAccounts(keys: WorldKeys): Tracked {
  const [ioMint] = ioMintKey();
  const [iosdMint] = iosdMintKey();
  const wallets = [...keys.users, ...keys.stakers, ...keys.nodes.map((n) => n.owner), keys.stranger, ...keys.beneficiaries.map((b) => b.wallet)];
  const escrow = { [Currency.Usdc]: escrowKey(keys.usdcMint)[0], [Currency.Io]: escrowKey(ioMint)[0] };
  const feeVault = { [Currency.Usdc]: feeVaultKey(keys.usdcMint)[0], [Currency.Io]: feeVaultKey(ioMint)[0] };
  const genesisVaults = [0, 1, 2, 3, 4].map((i) => vaultKey(i)[0]);
  const participants = [...keys.nodes.map((n) => n.participant), ...keys.userParticipants];
  const positions = participants.flatMap((p) => possibleStakers(keys).map((s) => positionKey(p, s.kp.publicKey)[0]));
  return {
    ioMint,
    iosdMint,
    usdcMint: keys.usdcMint,
    tokenAccounts: [
      ...wallets.flatMap((w) => [w.token[Currency.Usdc], w.token[Currency.Io], w.token[Currency.Iosd]]),
      escrow[Currency.Usdc],
      escrow[Currency.Io],
      feeVault[Currency.Usdc],
      feeVault[Currency.Io],
      stakeVaultKey()[0],
      rewardsVaultKey()[0],
      ...genesisVaults,
      // The airdrops the fuzzer may create (ids 0 and 1).
      airdropVaultKey(0)[0],
      airdropVaultKey(1)[0],
      buybackUsdcVaultKey()[0],
      incentivesVaultKey()[0],
      depositVaultKey()[0],
    ],
    jobsConfig: jobsConfigKey()[0],
    stakingConfig: stakingConfigKey()[0],
    iosdState: iosdStateKey()[0],
    emission: emissionKey()[0],
    priceFeed: priceFeedKey()[0],
    oracleConfig: oracleConfigKey()[0],
    escrow,
    feeVault,
    buybackVaults: [buybackUsdcVaultKey()[0], incentivesVaultKey()[0]],
    stakeVault: stakeVaultKey()[0],
    rewardsVault: rewardsVaultKey()[0],
    genesisVaults,
    grants: keys.beneficiaries.map((b) => ({ key: grantKey(b.bucket, b.wallet.kp.publicKey)[0], bucket: b.bucket })),
    participants,
    positions,
    buybackConfig: buybackConfigKey()[0],
    buybackVault: buybackUsdcVaultKey()[0],
    incentivesVault: incentivesVaultKey()[0],
    profiles: [...keys.users, keys.stranger, ...keys.nodes.map((n) => n.owner)].map((u) => ({ user: u.kp.publicKey, key: userProfileKey(u.kp.publicKey)[0] })),
  };
}

