/**
 * Compute-unit benchmark: runs every instruction on the real .so in LiteSVM and splits its cost
 * into CPIs (the callee programs' consumption, from the runtime's logs), our syscalls (measured
 * by running the same transaction again with every syscall cost set to zero) and our own code.
 * Writes bench/cu.json and prints a table. CU are exact and repeatable; no timings.
 */
import { createBuybackVaults } from "../tests/buyback-vaults";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { AddressLookupTableAccount, Keypair, PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import { ComputeBudget, LiteSVM } from "litesvm";
import BN from "bn.js";
import {
  createAssociatedTokenAccountIdempotentInstruction,
  getAssociatedTokenAddressSync,
  TOKEN_2022_PROGRAM_ID,
} from "@solana/spl-token";
import {
  adminCallAction,
  acceptAdminInstruction,
  addBeneficiaryInstruction,
  buildAirdropTree,
  claimAirdropInstruction,
  claimVestedInstruction,
  closeAirdropInstruction,
  crankInstruction,
  createAirdropInstruction,
  initEmissionsInstruction,
  initializeInstruction,
  acceptJobsAdminInstruction,
  acceptStakingAdminInstruction,
  attestAvailabilityInstruction,
  claimInstruction,
  closeEpochInstruction,
  contestSlashInstruction,
  executeSlashInstruction,
  initializeStakingInstruction,
  IO_STAKING_PROGRAM_ID,
  ParticipantKind,
  proposeStakingAdminInstruction,
  proveReservesInstruction,
  proveStakingReservesInstruction,
  registerParticipantInstruction,
  resolveSlashInstruction,
  rewardsVaultKey,
  setRewardShareInstruction,
  setSlashingInstruction,
  setPriorityTiersInstruction,
  setUsageParamsInstruction,
  syncUsageInstruction,
  participantKey,
  DEFAULT_USAGE_PARAMS,
  DEFAULT_PRIORITY_TIERS,
  setStakingParamsInstruction,
  stakeInstruction,
  syncPointsInstruction,
  unstakeInstruction,
  voteSlashInstruction,
  withdrawInstruction,
  attestUsageInstruction,
  attestReputationInstruction,
  cancelJobInstruction,
  claimEarningsInstruction,
  proveJobsReservesInstruction,
  sweepIoFeesInstruction,
  sweepUsdcFeesInstruction,
  Currency,
  CURRENCY_NAMES,
  DEFAULT_JOBS_PARAMS,
  disputeJobInstruction,
  endJobInstruction,
  jobsAuthorityKey,
  proposeJobsAdminInstruction,
  proposeOracleAdminInstruction,
  resolveDisputeInstruction,
  setIosdSpenderInstruction,
  setJobParamsInstruction,
  settleJobsInstruction,
  setDiscountTiersInstruction,
  DEFAULT_DISCOUNT_TIERS,
  registerReferralInstruction,
  setReferralParamsInstruction,
  claimReferralInstruction,
  DEFAULT_REFERRAL_PARAMS,
  SettleJob,
  DEFAULT_PRICE_PARAMS,
  initializeOracleInstruction,
  jobKey,
  refundUnstartedInstruction,
  nodeKey,
  registerNodeInstruction,
  retireNodeInstruction,
  updateNodeInstruction,
  initIosdInstruction,
  iosdMintKey,
  mintIosdInstruction,
  IO_ORACLE_PROGRAM_ID,
  IO_TOKEN_PROGRAM_ID,
  lockGenesisInstruction,
  proposeAdminInstruction,
  releaseInstruction,
  setIosdParamsInstruction,
  setOracleSetInstruction,
  setPriceParamsInstruction,
  setRemintCapInstruction,
  setRewardsVaultInstruction,
  submitPriceInstruction,
  cancelInstruction,
  ActionSpec,
  executeInstruction,
  executorKey,
  GovAction,
  initializeGovernanceInstruction,
  IO_GOVERNANCE_PROGRAM_ID,
  IO_BUYBACK_PROGRAM_ID as BUYBACK_ID_FOR_UPGRADE,
  BPF_LOADER_UPGRADEABLE_ID,
  BUFFER_HEADER,
  governanceConfigKey,
  ioAccountOf,
  ioMintKey as ioMintForDeposit,
  reclaimBufferInstruction,
  refundDepositInstruction,
  upgradeAction,
  lockPositionInstruction,
  positionKey,
  proposalKey,
  proposeInstruction,
  queueInstruction,
  vetoInstruction,
  acceptGovernanceAdminInstruction,
  VoteChoice,
  voteInstruction,
} from "../sdk/src";
import { createLookupTable, expectOk, TestChain } from "../tests/harness";
import { IO, JobsWorld, User } from "../tests/jobs-world";
import { DAY, StakingWorld, STAKING_PARAMS } from "../tests/staking-world";
import { createHash } from "crypto";
import { DEPLOY_DIR } from "../cli/chain";

/** The toolchain canary's .so: the code an upgrade row installs. */
function CANARY_SO(): Buffer {
  return readFileSync(join(DEPLOY_DIR, "toolchain_canary.so"));
}
import { initialize, ioAccount, ioTokenChain, METADATA } from "../tests/fixtures";
import { BuybackWorld } from "../tests/buyback-world";
import {
  acceptBuybackAdminInstruction,
  DEFAULT_BUYBACK_PARAMS,
  incentivesVaultKey,
  pauseBuybackInstruction,
  proposeBuybackAdminInstruction,
  proveBuybackReservesInstruction,
  setBuybackParamsInstruction,
  setGuardianInstruction,
  spendIncentivesInstruction,
  startLotInstruction,
  unpauseBuybackInstruction,
} from "../sdk/src";

interface Scenario {
  program: string;
  instruction: string;
  /** Jobs in a batch instruction: the row also reports CU per job. */
  jobs?: number;
  /** Prepares a fresh chain and returns the transaction to measure (v0 when it has lookup tables). */
  prepare: (
    chain: TestChain,
    upgradeAuthority: Keypair,
  ) => { ixs: TransactionInstruction[]; signers: Keypair[]; lookupTables?: AddressLookupTableAccount[] };
}

export interface CuRow {
  program: string;
  instruction: string;
  total: number;
  cpi: number;
  syscalls: number;
  own: number;
  /** For a batch: jobs settled and total CU per job. */
  jobs?: number;
  perJob?: number;
}

/** Fixed keys, so PDA bump searches (and so CU) are the same on every run. */
const fixed = (n: number) => Keypair.fromSeed(Uint8Array.from({ length: 32 }, () => n));
const HOUR = 3_600;

function emissionsReady(chain: TestChain, authority: Keypair): PublicKey {
  expectOk(initialize(chain, authority));
  const vault = ioAccount(chain, fixed(1).publicKey);
  expectOk(chain.send([initEmissionsInstruction({ admin: authority.publicKey, rewardsVault: vault })], [authority]));
  return vault;
}

function crankAt(hour: number): Scenario["prepare"] {
  return (chain, authority) => {
    const rewardsVault = emissionsReady(chain, authority);
    chain.setUnixTime(chain.now() + BigInt(hour * HOUR));
    return { ixs: [crankInstruction({ rewardsVault })], signers: [chain.payer] };
  };
}

/** An airdrop of 8 fixed wallets (proofs of depth 3), returning wallet 0's claim. */
function airdropReady(chain: TestChain, authority: Keypair) {
  expectOk(initialize(chain, authority));
  const wallets = Array.from({ length: 8 }, (_, i) => fixed(10 + i));
  for (const w of wallets) chain.airdrop(w.publicKey, 1);
  const tree = buildAirdropTree(wallets.map((w, i) => ({ wallet: w.publicKey, amount: new BN(1_000 + i) })));
  const deadline = new BN((chain.now() + 86_400n).toString());
  expectOk(chain.send([createAirdropInstruction({ admin: authority.publicKey, id: 7, root: tree.root, total: tree.total, deadline })], [authority]));
  const w = wallets[0];
  const claim = claimAirdropInstruction({
    claimant: w.publicKey,
    id: 7,
    amount: new BN(1_000),
    proof: tree.proofs.get(w.publicKey.toBase58())!,
    destination: ioAccount(chain, w.publicKey),
  });
  return { claim, claimant: w, tree, root: tree.root };
}

/** io_oracle deployed by `authority` with `n` fixed oracles and quorum 2. */
function oracleReady(chain: TestChain, authority: Keypair, n = 3): Keypair[] {
  chain.deployUpgradeable(IO_ORACLE_PROGRAM_ID, "io_oracle", authority.publicKey);
  expectOk(chain.send([initializeOracleInstruction({ payer: authority.publicKey, ...ORACLE_PARAMS })], [authority]));
  const oracles = Array.from({ length: n }, (_, i) => fixed(30 + i));
  for (const o of oracles) chain.airdrop(o.publicKey, 1);
  expectOk(chain.send([setOracleSetInstruction({ admin: authority.publicKey, quorum: 2, members: oracles.map((o) => o.publicKey) })], [authority]));
  return oracles;
}

const ORACLE_PARAMS = DEFAULT_PRICE_PARAMS;

const submit = (chain: TestChain, oracle: Keypair, price: number) =>
  submitPriceInstruction({
    oracle: oracle.publicKey,
    setVersion: 1,
    price: new BN(price),
    confidence: new BN(price / 1_000),
    timestamp: new BN(chain.now().toString()),
  });

const IOSD_PARAMS = { confMultiple: 2, maxPriceAge: 600, rateLimit: new BN(10_000_000_000), rateWindow: 3_600 };

/** io_token with IOSD, io_oracle with an accepted price, and a fixed user holding 100 IO. */
function iosdReady(chain: TestChain, authority: Keypair) {
  expectOk(initialize(chain, authority));
  const [a, b] = oracleReady(chain, authority);
  expectOk(chain.send([submit(chain, a, 200_000_000)], [a]));
  expectOk(chain.send([submit(chain, b, 200_000_000)], [b]));
  expectOk(chain.send([initIosdInstruction({ admin: authority.publicKey, name: "IO Dollar", symbol: "IOSD", uri: "https://io.net/iosd.json", ...IOSD_PARAMS })], [authority]));
  const user = fixed(40);
  chain.airdrop(user.publicKey, 1);
  const userIo = ioAccount(chain, user.publicKey);
  expectOk(chain.send([releaseInstruction({ admin: authority.publicKey, bucket: 4, amount: new BN(10_000_000_000), destination: userIo })], [authority]));
  const userIosd = getAssociatedTokenAddressSync(iosdMintKey()[0], user.publicKey, false, TOKEN_2022_PROGRAM_ID);
  expectOk(chain.send([createAssociatedTokenAccountIdempotentInstruction(user.publicKey, userIosd, user.publicKey, iosdMintKey()[0], TOKEN_2022_PROGRAM_ID)], [user]));
  return { user, userIo, userIosd };
}

const NODE_TERMS = { hardwareClass: 3, pricePerHour: new BN(1_250_000), usdShareBps: 7_000 };

/** A registered node of a fixed owner (register_node reads the config: io_jobs initialised). */
function nodeReady(chain: TestChain, authority: Keypair): { owner: Keypair; node: PublicKey } {
  const { w } = world(chain, authority);
  const owner = w.funded(fixed(60));
  const deviceId = Buffer.alloc(32, 7);
  expectOk(chain.send([registerNodeInstruction({ owner: owner.publicKey, deviceId, ...NODE_TERMS })], [owner]));
  return { owner, node: nodeKey(owner.publicKey, deviceId)[0] };
}

/** The io_jobs world with fixed keys, and a fixed user holding every currency. */
function world(chain: TestChain, authority: Keypair, initializeJobs = true): { w: JobsWorld; user: User } {
  const w = new JobsWorld({ base: { chain, upgradeAuthority: authority }, usdcMint: fixed(70), nodeOwner: fixed(71), initializeJobs });
  return { w, user: w.user(fixed(72)) };
}

/** `count` 2-hour USDC jobs of fixed users, attested in full two hours later and past their challenge window. */
function settledReady(w: JobsWorld, count: number, currency = Currency.Usdc): SettleJob[] {
  const jobs = Array.from({ length: count }, (_, i) => {
    const user = w.user(fixed(100 + i));
    const nonce = new BN(1);
    expectOk(w.chain.send([w.openJobInstruction(user, nonce, 2, currency)], [user.wallet]));
    const [job] = jobKey(user.wallet.publicKey, nonce);
    return { job, node: w.node, user: user.wallet.publicKey, userToken: user.token[currency] };
  });
  w.chain.warp(2 * HOUR);
  for (const { job } of jobs) attestByQuorum(w, job, 2);
  w.chain.warp(HOUR);
  return jobs;
}

/** Referral terms at their defaults, and `user` joined referred by a fixed referrer (returned). */
function referredBy(w: JobsWorld, user: User): User {
  const admin = w.admin;
  expectOk(w.chain.send([setReferralParamsInstruction({ admin: admin.publicKey, ...DEFAULT_REFERRAL_PARAMS })], [admin]));
  const referrer = w.user(fixed(73));
  expectOk(w.chain.send([registerReferralInstruction({ user: referrer.wallet.publicKey, referrer: PublicKey.default })], [referrer.wallet]));
  expectOk(w.chain.send([registerReferralInstruction({ user: user.wallet.publicKey, referrer: referrer.wallet.publicKey })], [user.wallet]));
  return referrer;
}

/** `user`'s 2-hour USDC job, nonce 1, attested in full and past its challenge window. */
function referredSettleable(w: JobsWorld, user: User): PublicKey {
  expectOk(w.chain.send([w.openJobInstruction(user, new BN(1), 2, Currency.Usdc)], [user.wallet]));
  const [job] = jobKey(user.wallet.publicKey, new BN(1));
  w.chain.warp(2 * HOUR);
  attestByQuorum(w, job, 2);
  w.chain.warp(HOUR);
  return job;
}

/** Two oracles (the quorum) attest `hours` for `job`. */
function attestByQuorum(w: JobsWorld, job: PublicKey, hours: number): void {
  for (const o of w.oracles.slice(0, 2)) expectOk(w.chain.send([attestUsageInstruction({ oracle: o.publicKey, job, hours })], [o]));
}

/** A user's open 10-hour job in `currency`, nonce 1, at the quote. */
function openReady(w: JobsWorld, user: User, currency: Currency): PublicKey {
  expectOk(w.chain.send([w.openJobInstruction(user, new BN(1), 10, currency)], [user.wallet]));
  return jobKey(user.wallet.publicKey, new BN(1))[0];
}

/** The lookup table a batch settlement reads its accounts from. */
function batchTable(chain: TestChain, ix: TransactionInstruction): AddressLookupTableAccount {
  return createLookupTable(chain, [...new Set(ix.keys.map((k) => k.pubkey.toBase58()))].map((k) => new PublicKey(k)));
}

/** The staking world with fixed keys. */
/** io_buyback initialised over JobsWorld, $1,000 in its USDC vault (and $300 in incentives), with fixed keys. */
function buybackWorld(chain: TestChain, authority: Keypair, initializeBuyback = true): BuybackWorld {
  const w = new BuybackWorld({ base: { chain, upgradeAuthority: authority }, usdcMint: fixed(70), nodeOwner: fixed(71), initializeBuyback });
  if (initializeBuyback) {
    w.fundVault(IO.muln(10)); // $1,000 in USDC base units
    w.fundVault(IO.muln(3), incentivesVaultKey()[0]);
  }
  return w;
}

function stakingWorld(chain: TestChain, authority: Keypair): StakingWorld {
  return new StakingWorld({ base: { chain, upgradeAuthority: authority }, usdcMint: fixed(70), nodeOwner: fixed(71) });
}

/** A fixed staker key for any index (fixed() takes a byte). */
const stakerKey = (i: number) => Keypair.fromSeed(createHash("sha256").update(`staker-${i}`).digest());

/** The number of stakers for the "same CU whatever the number of stakers" rows. */
const STAKERS = 1_000;

/** A staking world with one node (1,000 IO own stake, 2% share) and `stakers` delegations of 1 IO. */
function stakedNode(chain: TestChain, authority: Keypair, stakers: number) {
  const s = stakingWorld(chain, authority);
  const a = s.node("bench-node", 200, IO.muln(1_000), 0, fixed(73));
  const all = Array.from({ length: stakers }, (_, i) => {
    const staker = s.wallet(IO, stakerKey(i));
    expectOk(s.stake(staker.wallet, staker.io, a.participant, IO));
    return staker;
  });
  return { s, a, stakers: all };
}

/** `stakedNode` with the node attested available in epoch 0; `first` is the first staker. */
function epochReady(chain: TestChain, authority: Keypair, stakers: number) {
  const { s, a, stakers: all } = stakedNode(chain, authority, stakers);
  for (const o of s.jobs.oracles.slice(0, 2)) {
    const ix = attestAvailabilityInstruction({ oracle: o.publicKey, participant: a.participant, lastEpoch: s.lastEpoch(a.participant), epoch: 0, passed: true, reputationBps: 9_000, hardwareClass: 3 });
    expectOk(chain.send([ix], [o]));
  }
  return { s, a, first: all[0], all };
}

/**
 * Usage rewards (the default terms): a staked node, and a user participant whose settled 2-hour job
 * on it left usage (its profile's paid_usd) and computing points to sync.
 */
function usageUser(chain: TestChain, authority: Keypair) {
  const { s, a } = stakedNode(chain, authority, 0);
  expectOk(chain.send([setUsageParamsInstruction({ admin: authority.publicKey, ...DEFAULT_USAGE_PARAMS })], [authority]));
  const user = s.jobs.user(fixed(76));
  const ix = registerParticipantInstruction({ authority: user.wallet.publicKey, key: user.wallet.publicKey, kind: ParticipantKind.User, shareBps: 200 });
  expectOk(chain.send([ix], [user.wallet]));
  expectOk(chain.send([s.jobs.openJobInstruction(user, new BN(1), 2, Currency.Usdc, { node: a.node })], [user.wallet]));
  const [job] = jobKey(user.wallet.publicKey, new BN(1));
  chain.warp(2 * HOUR);
  attestByQuorum(s.jobs, job, 2);
  chain.warp(3_600);
  const jobs = [{ job, node: a.node, user: user.wallet.publicKey, userToken: user.token[Currency.Usdc] }];
  expectOk(chain.send([settleJobsInstruction({ caller: chain.payer.publicKey, jobs, ...s.jobs.money(Currency.Usdc) })], [chain.payer]));
  return { s, a, user, participant: participantKey(user.wallet.publicKey)[0] };
}

/** The largest batch of distinct users' jobs under the 64 account locks (see tests/io-jobs.test.ts). */
export const MAX_BATCH = 12;

const scenarios: Scenario[] = [
  {
    program: "io_token",
    instruction: "initialize",
    prepare: (_chain, authority) => ({
      ixs: [initializeInstruction({ payer: authority.publicKey, ...METADATA })],
      signers: [authority],
    }),
  },
  {
    program: "io_token",
    instruction: "propose_admin",
    prepare: (chain, authority) => {
      expectOk(initialize(chain, authority));
      return {
        ixs: [proposeAdminInstruction({ admin: authority.publicKey, newAdmin: new PublicKey(IO_TOKEN_PROGRAM_ID) })],
        signers: [authority],
      };
    },
  },
  {
    program: "io_token",
    instruction: "accept_admin",
    prepare: (chain, authority) => {
      expectOk(initialize(chain, authority));
      const successor = chain.wallet();
      expectOk(chain.send([proposeAdminInstruction({ admin: authority.publicKey, newAdmin: successor.publicKey })], [authority]));
      return { ixs: [acceptAdminInstruction({ newAdmin: successor.publicKey })], signers: [successor] };
    },
  },
  {
    program: "io_token",
    instruction: "init_emissions",
    prepare: (chain, authority) => {
      expectOk(initialize(chain, authority));
      const vault = ioAccount(chain, fixed(1).publicKey);
      return { ixs: [initEmissionsInstruction({ admin: authority.publicKey, rewardsVault: vault })], signers: [authority] };
    },
  },
  {
    program: "io_token",
    instruction: "set_rewards_vault",
    prepare: (chain, authority) => {
      emissionsReady(chain, authority);
      const vault = ioAccount(chain, fixed(2).publicKey);
      return { ixs: [setRewardsVaultInstruction({ admin: authority.publicKey, rewardsVault: vault })], signers: [authority] };
    },
  },
  { program: "io_token", instruction: "crank (hour 1)", prepare: crankAt(1) },
  { program: "io_token", instruction: "crank (hour 170,000)", prepare: crankAt(170_000) },
  {
    program: "io_token",
    instruction: "add_beneficiary",
    prepare: (chain, authority) => {
      expectOk(initialize(chain, authority));
      return {
        ixs: [addBeneficiaryInstruction({ admin: authority.publicKey, bucket: 1, beneficiary: fixed(3).publicKey, amount: new BN(1_000_000) })],
        signers: [authority],
      };
    },
  },
  {
    program: "io_token",
    instruction: "lock_genesis",
    prepare: (chain, authority) => {
      expectOk(initialize(chain, authority));
      return { ixs: [lockGenesisInstruction({ admin: authority.publicKey })], signers: [authority] };
    },
  },
  {
    program: "io_token",
    instruction: "claim_vested",
    prepare: (chain, authority) => {
      expectOk(initialize(chain, authority));
      const beneficiary = fixed(4);
      chain.airdrop(beneficiary.publicKey, 1);
      expectOk(
        chain.send(
          [addBeneficiaryInstruction({ admin: authority.publicKey, bucket: 2, beneficiary: beneficiary.publicKey, amount: new BN(3_600_000) })],
          [authority],
        ),
      );
      const destination = ioAccount(chain, beneficiary.publicKey);
      chain.setUnixTime(chain.now() + BigInt(20 * 730 * HOUR));
      return { ixs: [claimVestedInstruction({ beneficiary: beneficiary.publicKey, bucket: 2, destination })], signers: [beneficiary] };
    },
  },
  {
    program: "io_token",
    instruction: "release",
    prepare: (chain, authority) => {
      expectOk(initialize(chain, authority));
      const destination = ioAccount(chain, fixed(5).publicKey);
      return { ixs: [releaseInstruction({ admin: authority.publicKey, bucket: 4, amount: new BN(1_000), destination })], signers: [authority] };
    },
  },
  {
    program: "io_token",
    instruction: "create_airdrop",
    prepare: (chain, authority) => {
      expectOk(initialize(chain, authority));
      const deadline = new BN((chain.now() + 86_400n).toString());
      return {
        ixs: [createAirdropInstruction({ admin: authority.publicKey, id: 7, root: Buffer.alloc(32, 1), total: new BN(10_000), deadline })],
        signers: [authority],
      };
    },
  },
  {
    program: "io_token",
    instruction: "claim_airdrop (proof depth 3)",
    prepare: (chain, authority) => {
      const { claim, claimant } = airdropReady(chain, authority);
      return { ixs: [claim], signers: [claimant] };
    },
  },
  {
    program: "io_oracle",
    instruction: "initialize",
    prepare: (chain, authority) => {
      chain.deployUpgradeable(IO_ORACLE_PROGRAM_ID, "io_oracle", authority.publicKey);
      return { ixs: [initializeOracleInstruction({ payer: authority.publicKey, ...ORACLE_PARAMS })], signers: [authority] };
    },
  },
  {
    program: "io_oracle",
    instruction: "set_oracle_set (10 members)",
    prepare: (chain, authority) => {
      oracleReady(chain, authority);
      const members = Array.from({ length: 10 }, (_, i) => fixed(50 + i).publicKey);
      return { ixs: [setOracleSetInstruction({ admin: authority.publicKey, quorum: 6, members })], signers: [authority] };
    },
  },
  {
    program: "io_oracle",
    instruction: "set_price_params",
    prepare: (chain, authority) => {
      chain.deployUpgradeable(IO_ORACLE_PROGRAM_ID, "io_oracle", authority.publicKey);
      expectOk(chain.send([initializeOracleInstruction({ payer: authority.publicKey, ...ORACLE_PARAMS })], [authority]));
      return { ixs: [setPriceParamsInstruction({ admin: authority.publicKey, ...ORACLE_PARAMS, staleness: 300 })], signers: [authority] };
    },
  },
  {
    program: "io_oracle",
    instruction: "submit_price (no quorum yet)",
    prepare: (chain, authority) => {
      const [o] = oracleReady(chain, authority);
      return { ixs: [submit(chain, o, 200_000_000)], signers: [o] };
    },
  },
  {
    program: "io_oracle",
    instruction: "submit_price (2nd of 3, 25% apart: no quorum agrees)",
    prepare: (chain, authority) => {
      const [a, b] = oracleReady(chain, authority);
      expectOk(chain.send([submit(chain, a, 200_000_000)], [a]));
      return { ixs: [submit(chain, b, 250_000_000)], signers: [b] };
    },
  },
  {
    program: "io_oracle",
    instruction: "submit_price (3rd of 3, the agreeing quorum's lower median accepted)",
    prepare: (chain, authority) => {
      const [a, b, c] = oracleReady(chain, authority);
      expectOk(chain.send([submit(chain, a, 200_000_000)], [a]));
      expectOk(chain.send([submit(chain, b, 201_000_000)], [b]));
      return { ixs: [submit(chain, c, 199_000_000)], signers: [c] };
    },
  },
  {
    program: "io_token",
    instruction: "init_iosd",
    prepare: (chain, authority) => {
      expectOk(initialize(chain, authority));
      return {
        ixs: [initIosdInstruction({ admin: authority.publicKey, name: "IO Dollar", symbol: "IOSD", uri: "https://io.net/iosd.json", ...IOSD_PARAMS })],
        signers: [authority],
      };
    },
  },
  {
    program: "io_token",
    instruction: "set_iosd_params",
    prepare: (chain, authority) => {
      iosdReady(chain, authority);
      return { ixs: [setIosdParamsInstruction({ admin: authority.publicKey, ...IOSD_PARAMS, confMultiple: 3 })], signers: [authority] };
    },
  },
  {
    program: "io_token",
    instruction: "mint_iosd",
    prepare: (chain, authority) => {
      const { user, userIo, userIosd } = iosdReady(chain, authority);
      return { ixs: [mintIosdInstruction({ user: user.publicKey, userIo, userIosd, ioAmount: new BN(1_000_000_000) })], signers: [user] };
    },
  },
  {
    program: "io_token",
    instruction: "set_remint_cap",
    prepare: (chain, authority) => {
      emissionsReady(chain, authority);
      return { ixs: [setRemintCapInstruction({ admin: authority.publicKey, capPerHour: new BN(1_000_000_000) })], signers: [authority] };
    },
  },
  {
    program: "io_jobs",
    instruction: "register_node (the owner's first step: creates its profile)",
    prepare: (chain, authority) => {
      // register_node reads the referral terms in the config: io_jobs initialised
      const { w } = world(chain, authority);
      const owner = w.funded(fixed(60));
      return { ixs: [registerNodeInstruction({ owner: owner.publicKey, deviceId: Buffer.alloc(32, 7), ...NODE_TERMS })], signers: [owner] };
    },
  },
  {
    program: "io_jobs",
    instruction: "register_node (a referred owner: the node keeps its referral)",
    prepare: (chain, authority) => {
      const { w, user } = world(chain, authority);
      referredBy(w, user);
      return { ixs: [registerNodeInstruction({ owner: user.wallet.publicKey, deviceId: Buffer.alloc(32, 7), ...NODE_TERMS })], signers: [user.wallet] };
    },
  },
  {
    program: "io_jobs",
    instruction: "update_node",
    prepare: (chain, authority) => {
      const { owner, node } = nodeReady(chain, authority);
      return { ixs: [updateNodeInstruction({ owner: owner.publicKey, node, ...NODE_TERMS, pricePerHour: new BN(2_000_000) })], signers: [owner] };
    },
  },
  {
    program: "io_jobs",
    instruction: "retire_node",
    prepare: (chain, authority) => {
      const { owner, node } = nodeReady(chain, authority);
      return { ixs: [retireNodeInstruction({ owner: owner.publicKey, node })], signers: [owner] };
    },
  },
  {
    program: "io_jobs",
    instruction: "initialize",
    prepare: (chain, authority) => ({ ixs: [world(chain, authority, false).w.initializeInstruction()], signers: [authority] }),
  },
  {
    program: "io_jobs",
    instruction: "set_job_params",
    prepare: (chain, authority) => {
      world(chain, authority);
      return { ixs: [setJobParamsInstruction({ admin: authority.publicKey, ...DEFAULT_JOBS_PARAMS })], signers: [authority] };
    },
  },
  {
    program: "io_jobs",
    instruction: "propose_admin",
    prepare: (chain, authority) => {
      world(chain, authority);
      return { ixs: [proposeJobsAdminInstruction({ admin: authority.publicKey, newAdmin: fixed(90).publicKey })], signers: [authority] };
    },
  },
  {
    program: "io_jobs",
    instruction: "accept_admin",
    prepare: (chain, authority) => {
      world(chain, authority);
      const next = fixed(90);
      chain.airdrop(next.publicKey, 1);
      expectOk(chain.send([proposeJobsAdminInstruction({ admin: authority.publicKey, newAdmin: next.publicKey })], [authority]));
      return { ixs: [acceptJobsAdminInstruction({ newAdmin: next.publicKey })], signers: [next] };
    },
  },
  ...[Currency.Usdc, Currency.Io, Currency.Iosd].map(
    (currency): Scenario => ({
      program: "io_jobs",
      instruction: `open_job (${CURRENCY_NAMES[currency]})`,
      prepare: (chain, authority) => {
        // A user that joined already (its profile exists, no referrer): what every later job costs
        const { w, user } = world(chain, authority);
        expectOk(chain.send([registerReferralInstruction({ user: user.wallet.publicKey, referrer: PublicKey.default })], [user.wallet]));
        return { ixs: [w.openJobInstruction(user, new BN(1), 10, currency)], signers: [user.wallet] };
      },
    }),
  ),
  {
    program: "io_jobs",
    instruction: "open_job (USDC, the user's first job: creates its profile)",
    prepare: (chain, authority) => {
      const { w, user } = world(chain, authority);
      return { ixs: [w.openJobInstruction(user, new BN(1), 10, Currency.Usdc)], signers: [user.wallet] };
    },
  },
  {
    program: "io_jobs",
    instruction: "open_job (USDC, referred user)",
    prepare: (chain, authority) => {
      const { w, user } = world(chain, authority);
      referredBy(w, user);
      return { ixs: [w.openJobInstruction(user, new BN(1), 10, Currency.Usdc)], signers: [user.wallet] };
    },
  },
  {
    program: "io_jobs",
    instruction: "register_referral",
    prepare: (chain, authority) => {
      const { w, user } = world(chain, authority);
      const referrer = w.user(fixed(73));
      expectOk(chain.send([registerReferralInstruction({ user: referrer.wallet.publicKey, referrer: PublicKey.default })], [referrer.wallet]));
      return { ixs: [registerReferralInstruction({ user: user.wallet.publicKey, referrer: referrer.wallet.publicKey })], signers: [user.wallet] };
    },
  },
  {
    program: "io_jobs",
    instruction: "set_referral_params",
    prepare: (chain, authority) => {
      world(chain, authority);
      return { ixs: [setReferralParamsInstruction({ admin: authority.publicKey, ...DEFAULT_REFERRAL_PARAMS })], signers: [authority] };
    },
  },
  {
    program: "io_jobs",
    instruction: "set_discount_tiers",
    prepare: (chain, authority) => {
      world(chain, authority);
      return { ixs: [setDiscountTiersInstruction({ admin: authority.publicKey, ...DEFAULT_DISCOUNT_TIERS })], signers: [authority] };
    },
  },
  {
    program: "io_jobs",
    instruction: "open_job (USDC, a user whose score reaches a discount tier)",
    prepare: (chain, authority) => {
      // The user settled one 2-hour job ($0.20 of network fee) and the table grants 10% from $0.10
      const { w } = world(chain, authority);
      const tiers = { ...DEFAULT_DISCOUNT_TIERS, tiers: DEFAULT_DISCOUNT_TIERS.tiers.map((t, i) => ({ ...t, scoreUsd: new BN(100_000 * (i + 1)) })) };
      expectOk(chain.send([setDiscountTiersInstruction({ admin: authority.publicKey, ...tiers })], [authority]));
      const jobs = settledReady(w, 1);
      expectOk(chain.send([settleJobsInstruction({ caller: chain.payer.publicKey, jobs, ...w.money(Currency.Usdc) })], [chain.payer]));
      // settledReady's first user (fixed(100)), its token accounts already there; its settled job closed, so nonce 1 is free again (the same job PDA as the other open_job rows)
      const wallet = fixed(100);
      const token = {} as User["token"];
      for (const c of [Currency.Usdc, Currency.Io, Currency.Iosd]) token[c] = w.tokenAccount(wallet.publicKey, c);
      return { ixs: [w.openJobInstruction({ wallet, token }, new BN(1), 10, Currency.Usdc)], signers: [wallet] };
    },
  },
  {
    program: "io_jobs",
    instruction: "settle_jobs (1 USDC job, referred user)",
    prepare: (chain, authority) => {
      const { w, user } = world(chain, authority);
      const referrer = referredBy(w, user);
      const job = referredSettleable(w, user);
      const jobs = [{ job, node: w.node, user: user.wallet.publicKey, userToken: user.token[Currency.Usdc], referrer: referrer.wallet.publicKey }];
      return { ixs: [settleJobsInstruction({ caller: chain.payer.publicKey, jobs, ...w.money(Currency.Usdc) })], signers: [chain.payer] };
    },
  },
  {
    program: "io_jobs",
    instruction: "settle_jobs (1 USDC job, referred node)",
    prepare: (chain, authority) => {
      const { w, user } = world(chain, authority);
      // A node whose owner joined referred by the referrer, and the (unreferred) user's job on it
      const owner = w.funded(fixed(74));
      const referrer = referredBy(w, { wallet: owner, token: user.token });
      const deviceId = Buffer.alloc(32, 74);
      expectOk(chain.send([registerNodeInstruction({ owner: owner.publicKey, deviceId, ...NODE_TERMS })], [owner]));
      const [node] = nodeKey(owner.publicKey, deviceId);
      expectOk(w.chain.send([w.openJobInstruction(user, new BN(1), 2, Currency.Usdc, { node })], [user.wallet]));
      const [job] = jobKey(user.wallet.publicKey, new BN(1));
      w.chain.warp(2 * HOUR);
      attestByQuorum(w, job, 2);
      w.chain.warp(HOUR);
      const jobs = [{ job, node, user: user.wallet.publicKey, userToken: user.token[Currency.Usdc], nodeReferrer: referrer.wallet.publicKey }];
      return { ixs: [settleJobsInstruction({ caller: chain.payer.publicKey, jobs, ...w.money(Currency.Usdc) })], signers: [chain.payer] };
    },
  },
  {
    program: "io_jobs",
    instruction: "claim_referral (USDC)",
    prepare: (chain, authority) => {
      const { w, user } = world(chain, authority);
      const referrer = referredBy(w, user);
      const job = referredSettleable(w, user);
      const jobs = [{ job, node: w.node, user: user.wallet.publicKey, userToken: user.token[Currency.Usdc], referrer: referrer.wallet.publicKey }];
      expectOk(chain.send([settleJobsInstruction({ caller: chain.payer.publicKey, jobs, ...w.money(Currency.Usdc) })], [chain.payer]));
      const to = referrer.token[Currency.Usdc];
      return { ixs: [claimReferralInstruction({ referrer: referrer.wallet.publicKey, to, ...w.money(Currency.Usdc) })], signers: [referrer.wallet] };
    },
  },
  ...[Currency.Usdc, Currency.Iosd].map(
    (currency): Scenario => ({
      program: "io_jobs",
      instruction: `cancel_job (${CURRENCY_NAMES[currency]})`,
      prepare: (chain, authority) => {
        const { w, user } = world(chain, authority);
        const job = openReady(w, user, currency);
        const args = { job, node: w.node, user: user.wallet.publicKey, userToken: user.token[currency], ...w.money(currency) };
        return { ixs: [cancelJobInstruction(args)], signers: [user.wallet] };
      },
    }),
  ),
  {
    program: "io_jobs",
    instruction: "settle_jobs (1 USDC job, dispute past its deadline)",
    prepare: (chain, authority) => {
      const { w, user } = world(chain, authority);
      const job = openReady(w, user, Currency.Usdc);
      chain.warp(5 * HOUR);
      attestByQuorum(w, job, 5);
      expectOk(chain.send([disputeJobInstruction({ user: user.wallet.publicKey, job })], [user.wallet]));
      chain.warp(DEFAULT_JOBS_PARAMS.disputeWindow);
      const jobs = [{ job, node: w.node, user: user.wallet.publicKey, userToken: user.token[Currency.Usdc] }];
      return { ixs: [settleJobsInstruction({ caller: chain.payer.publicKey, jobs, ...w.money(Currency.Usdc) })], signers: [chain.payer] };
    },
  },
  {
    program: "io_jobs",
    instruction: "refund_unstarted (USDC)",
    prepare: (chain, authority) => {
      const { w, user } = world(chain, authority);
      const job = openReady(w, user, Currency.Usdc);
      chain.warp(3_600);
      const args = { job, node: w.node, user: user.wallet.publicKey, userToken: user.token[Currency.Usdc], ...w.money(Currency.Usdc) };
      return { ixs: [refundUnstartedInstruction({ caller: chain.payer.publicKey, ...args })], signers: [chain.payer] };
    },
  },
  ...[1, 2].map(
    (nth): Scenario => ({
      program: "io_jobs",
      instruction: `attest_reputation (${nth === 1 ? "first of a quorum of two: no figure yet" : "second: the quorum agrees from both sides"})`,
      prepare: (chain, authority) => {
        const { w, user } = world(chain, authority);
        expectOk(chain.send([registerReferralInstruction({ user: user.wallet.publicKey, referrer: PublicKey.default })], [user.wallet]));
        const [a, b] = w.oracles;
        if (nth === 2) expectOk(chain.send([attestReputationInstruction({ oracle: a.publicKey, user: user.wallet.publicKey, penaltyBps: 1_000 })], [a]));
        const oracle = nth === 2 ? b : a;
        return { ixs: [attestReputationInstruction({ oracle: oracle.publicKey, user: user.wallet.publicKey, penaltyBps: 1_000 })], signers: [oracle] };
      },
    }),
  ),
  ...[1, 2].map(
    (nth): Scenario => ({
      program: "io_jobs",
      instruction: `attest_usage (${nth === 1 ? "first of a quorum of two" : "second: the quorum-th highest accepted"})`,
      prepare: (chain, authority) => {
        const { w, user } = world(chain, authority);
        const job = openReady(w, user, Currency.Usdc);
        chain.warp(5 * HOUR);
        const [a, b] = w.oracles;
        if (nth === 2) expectOk(chain.send([attestUsageInstruction({ oracle: a.publicKey, job, hours: 5 })], [a]));
        const oracle = nth === 2 ? b : a;
        return { ixs: [attestUsageInstruction({ oracle: oracle.publicKey, job, hours: 5 })], signers: [oracle] };
      },
    }),
  ),
  {
    program: "io_jobs",
    instruction: "attest_usage (dispute round: the second agreeing vote resolves)",
    prepare: (chain, authority) => {
      const { w, user } = world(chain, authority);
      const job = openReady(w, user, Currency.Usdc);
      chain.warp(5 * HOUR);
      attestByQuorum(w, job, 5);
      expectOk(chain.send([disputeJobInstruction({ user: user.wallet.publicKey, job })], [user.wallet]));
      const [a, b] = w.oracles;
      expectOk(chain.send([attestUsageInstruction({ oracle: a.publicKey, job, hours: 4 })], [a]));
      return { ixs: [attestUsageInstruction({ oracle: b.publicKey, job, hours: 4 })], signers: [b] };
    },
  },
  {
    program: "io_jobs",
    instruction: "attest_usage (dispute round: the vote also raises the usage round, and resolves)",
    prepare: (chain, authority) => {
      // Both rounds sorted: b had no usage figure, so its dispute vote enters the usage round too.
      const { w, user } = world(chain, authority);
      const job = openReady(w, user, Currency.Usdc);
      chain.warp(5 * HOUR);
      const [a, b, c] = w.oracles;
      expectOk(chain.send([attestUsageInstruction({ oracle: a.publicKey, job, hours: 5 })], [a]));
      expectOk(chain.send([attestUsageInstruction({ oracle: c.publicKey, job, hours: 1 })], [c]));
      expectOk(chain.send([disputeJobInstruction({ user: user.wallet.publicKey, job })], [user.wallet]));
      expectOk(chain.send([attestUsageInstruction({ oracle: a.publicKey, job, hours: 5 })], [a]));
      return { ixs: [attestUsageInstruction({ oracle: b.publicKey, job, hours: 5 })], signers: [b] };
    },
  },
  {
    program: "io_jobs",
    instruction: "end_job",
    prepare: (chain, authority) => {
      const { w, user } = world(chain, authority);
      const job = openReady(w, user, Currency.Usdc);
      return { ixs: [endJobInstruction({ caller: user.wallet.publicKey, job, node: w.node })], signers: [user.wallet] };
    },
  },
  {
    program: "io_jobs",
    instruction: "end_job (by the node's owner)",
    prepare: (chain, authority) => {
      const { w, user } = world(chain, authority);
      const job = openReady(w, user, Currency.Usdc);
      return { ixs: [endJobInstruction({ caller: w.nodeOwner.publicKey, job, node: w.node })], signers: [w.nodeOwner] };
    },
  },
  {
    program: "io_jobs",
    instruction: "dispute_job",
    prepare: (chain, authority) => {
      const { w, user } = world(chain, authority);
      const job = openReady(w, user, Currency.Usdc);
      chain.warp(5 * HOUR);
      attestByQuorum(w, job, 5);
      return { ixs: [disputeJobInstruction({ user: user.wallet.publicKey, job })], signers: [user.wallet] };
    },
  },
  {
    program: "io_jobs",
    instruction: "resolve_dispute",
    prepare: (chain, authority) => {
      const { w, user } = world(chain, authority);
      const job = openReady(w, user, Currency.Usdc);
      chain.warp(5 * HOUR);
      attestByQuorum(w, job, 5);
      expectOk(chain.send([disputeJobInstruction({ user: user.wallet.publicKey, job })], [user.wallet]));
      return { ixs: [resolveDisputeInstruction({ admin: authority.publicKey, job, hours: 4 })], signers: [authority] };
    },
  },
  ...[Currency.Usdc, Currency.Io, Currency.Iosd].map(
    (currency): Scenario => ({
      program: "io_jobs",
      instruction: `settle_jobs (1 ${CURRENCY_NAMES[currency]} job)`,
      prepare: (chain, authority) => {
        const { w } = world(chain, authority);
        const jobs = settledReady(w, 1, currency);
        return { ixs: [settleJobsInstruction({ caller: chain.payer.publicKey, jobs, ...w.money(currency) })], signers: [chain.payer] };
      },
    }),
  ),
  {
    program: "io_jobs",
    instruction: `settle_jobs (${MAX_BATCH} USDC jobs, lookup table)`,
    jobs: MAX_BATCH,
    prepare: (chain, authority) => {
      const { w } = world(chain, authority);
      const jobs = settledReady(w, MAX_BATCH);
      const ix = settleJobsInstruction({ caller: chain.payer.publicKey, jobs, ...w.money(Currency.Usdc) });
      return { ixs: [ix], signers: [chain.payer], lookupTables: [batchTable(chain, ix)] };
    },
  },
  ...[Currency.Usdc, Currency.Iosd].map(
    (currency): Scenario => ({
      program: "io_jobs",
      instruction: `claim_earnings (${CURRENCY_NAMES[currency]})`,
      prepare: (chain, authority) => {
        const { w } = world(chain, authority);
        const jobs = settledReady(w, 1, currency);
        expectOk(chain.send([settleJobsInstruction({ caller: chain.payer.publicKey, jobs, ...w.money(currency) })], [chain.payer]));
        const to = w.tokenAccount(w.nodeOwner.publicKey, currency);
        return { ixs: [claimEarningsInstruction({ owner: w.nodeOwner.publicKey, node: w.node, to, ...w.money(currency) })], signers: [w.nodeOwner] };
      },
    }),
  ),
  {
    program: "io_token",
    instruction: "set_iosd_spender",
    prepare: (chain, authority) => {
      const { w } = world(chain, authority);
      return { ixs: [setIosdSpenderInstruction({ admin: authority.publicKey, spender: jobsAuthorityKey()[0] })], signers: [w.admin] };
    },
  },
  {
    program: "io_staking",
    instruction: "initialize",
    prepare: (chain, authority) => {
      world(chain, authority);
      chain.deployUpgradeable(IO_STAKING_PROGRAM_ID, "io_staking", authority.publicKey);
      return { ixs: [initializeStakingInstruction({ payer: authority.publicKey, ...STAKING_PARAMS })], signers: [authority] };
    },
  },
  {
    program: "io_staking",
    instruction: "set_staking_params",
    prepare: (chain, authority) => {
      stakingWorld(chain, authority);
      return { ixs: [setStakingParamsInstruction({ admin: authority.publicKey, ...STAKING_PARAMS })], signers: [authority] };
    },
  },
  {
    program: "io_staking",
    instruction: "set_slashing",
    prepare: (chain, authority) => {
      stakingWorld(chain, authority);
      return { ixs: [setSlashingInstruction({ admin: authority.publicKey, slashBps: 1_000, slashWindow: DAY, slashVoteTtl: DAY })], signers: [authority] };
    },
  },
  {
    program: "io_staking",
    instruction: "set_priority_tiers",
    prepare: (chain, authority) => {
      stakingWorld(chain, authority);
      return { ixs: [setPriorityTiersInstruction({ admin: authority.publicKey, tiersIo: DEFAULT_PRIORITY_TIERS })], signers: [authority] };
    },
  },
  {
    program: "io_staking",
    instruction: "set_usage_params",
    prepare: (chain, authority) => {
      stakingWorld(chain, authority);
      return { ixs: [setUsageParamsInstruction({ admin: authority.publicKey, ...DEFAULT_USAGE_PARAMS })], signers: [authority] };
    },
  },
  {
    program: "io_staking",
    instruction: "register_participant (node)",
    prepare: (chain, authority) => {
      const s = stakingWorld(chain, authority);
      const owner = s.jobs.nodeOwner;
      const ix = registerParticipantInstruction({ authority: owner.publicKey, key: s.jobs.node, kind: ParticipantKind.Node, shareBps: 200 });
      return { ixs: [ix], signers: [owner] };
    },
  },
  {
    program: "io_staking",
    instruction: "set_reward_share",
    prepare: (chain, authority) => {
      const { a } = stakedNode(chain, authority, 0);
      return { ixs: [setRewardShareInstruction({ authority: a.owner.publicKey, participant: a.participant, shareBps: 300 })], signers: [a.owner] };
    },
  },
  ...[true, false].map(
    (own): Scenario => ({
      program: "io_staking",
      instruction: `stake (${own ? "own, new position" : "delegated, new position"})`,
      prepare: (chain, authority) => {
        const { s, a } = stakedNode(chain, authority, 0);
        const staker = own ? { wallet: a.owner, io: a.ownerIo } : s.wallet(IO.muln(100), stakerKey(0));
        const ix = stakeInstruction({ staker: staker.wallet.publicKey, participant: a.participant, lastEpoch: s.lastEpoch(a.participant), stakerIo: staker.io, amount: IO.muln(10) });
        return { ixs: [ix], signers: [staker.wallet] };
      },
    }),
  ),
  {
    program: "io_staking",
    instruction: "unstake",
    prepare: (chain, authority) => {
      const { s, a } = stakedNode(chain, authority, 0);
      const ix = unstakeInstruction({ staker: a.owner.publicKey, participant: a.participant, lastEpoch: s.lastEpoch(a.participant), amount: IO.muln(10) });
      return { ixs: [ix], signers: [a.owner] };
    },
  },
  {
    program: "io_staking",
    instruction: "withdraw",
    prepare: (chain, authority) => {
      const { s, a } = stakedNode(chain, authority, 0);
      const unstake = unstakeInstruction({ staker: a.owner.publicKey, participant: a.participant, lastEpoch: s.lastEpoch(a.participant), amount: IO.muln(10) });
      expectOk(chain.send([unstake], [a.owner]));
      chain.warp(STAKING_PARAMS.cooldown);
      return { ixs: [withdrawInstruction({ staker: a.owner.publicKey, participant: a.participant, stakerIo: a.ownerIo })], signers: [a.owner] };
    },
  },
  ...[1, 2, 3].map(
    (nth): Scenario => ({
      program: "io_staking",
      instruction: `attest_availability (${["first vote", "second: quorum, weight registered", "third: the figure rises, the difference registered"][nth - 1]})`,
      prepare: (chain, authority) => {
        const { s, a } = stakedNode(chain, authority, 0);
        // Reputations 90%, 95%, 100%: the figure (the 2nd highest vote) is 90% after two votes, 95% after three
        const vote = (i: number) =>
          attestAvailabilityInstruction({
            oracle: s.jobs.oracles[i].publicKey,
            participant: a.participant,
            lastEpoch: s.lastEpoch(a.participant),
            epoch: 0,
            passed: true,
            reputationBps: [9_000, 9_500, 10_000][i],
            hardwareClass: 3,
          });
        for (let i = 0; i < nth - 1; i++) expectOk(chain.send([vote(i)], [s.jobs.oracles[i]]));
        return { ixs: [vote(nth - 1)], signers: [s.jobs.oracles[nth - 1]] };
      },
    }),
  ),
  {
    program: "io_staking",
    instruction: "sync_points",
    prepare: (chain, authority) => {
      const { s, a } = stakedNode(chain, authority, 0);
      // A settled 2-hour job on the node: computing points to sync
      const user = s.jobs.user(fixed(74));
      expectOk(chain.send([s.jobs.openJobInstruction(user, new BN(1), 2, Currency.Usdc, { node: a.node })], [user.wallet]));
      const [job] = jobKey(user.wallet.publicKey, new BN(1));
      chain.warp(2 * HOUR);
      attestByQuorum(s.jobs, job, 2);
      chain.warp(3_600);
      const jobs = [{ job, node: a.node, user: user.wallet.publicKey, userToken: user.token[Currency.Usdc] }];
      expectOk(chain.send([settleJobsInstruction({ caller: chain.payer.publicKey, jobs, ...s.jobs.money(Currency.Usdc) })], [chain.payer]));
      return { ixs: [syncPointsInstruction({ participant: a.participant, node: a.node, lastEpoch: s.lastEpoch(a.participant) })], signers: [chain.payer] };
    },
  },
  ...[1, STAKERS].map(
    (stakers): Scenario => ({
      program: "io_staking",
      instruction: `close_epoch (${stakers} staker${stakers > 1 ? "s" : ""})`,
      prepare: (chain, authority) => {
        const { s } = epochReady(chain, authority, stakers);
        const epoch = s.config().epoch;
        chain.warp(DAY);
        expectOk(chain.send([crankInstruction({ rewardsVault: rewardsVaultKey()[0] })], [chain.payer]));
        return { ixs: [closeEpochInstruction({ payer: chain.payer.publicKey, epoch })], signers: [chain.payer] };
      },
    }),
  ),
  {
    program: "io_staking",
    instruction: "close_epoch (computing points synced, the compute rate at its cap)",
    prepare: (chain, authority) => {
      const { s, a } = epochReady(chain, authority, 1);
      // A settled 2-hour job on the node: a few dollars of points, far below what the pool pays at the cap
      const user = s.jobs.user(fixed(74));
      expectOk(chain.send([s.jobs.openJobInstruction(user, new BN(1), 2, Currency.Usdc, { node: a.node })], [user.wallet]));
      const [job] = jobKey(user.wallet.publicKey, new BN(1));
      chain.warp(2 * HOUR);
      attestByQuorum(s.jobs, job, 2);
      chain.warp(3_600);
      const jobs = [{ job, node: a.node, user: user.wallet.publicKey, userToken: user.token[Currency.Usdc] }];
      expectOk(chain.send([settleJobsInstruction({ caller: chain.payer.publicKey, jobs, ...s.jobs.money(Currency.Usdc) })], [chain.payer]));
      expectOk(chain.send([syncPointsInstruction({ participant: a.participant, node: a.node, lastEpoch: s.lastEpoch(a.participant) })], [chain.payer]));
      const epoch = s.config().epoch;
      chain.warp(DAY);
      expectOk(chain.send([crankInstruction({ rewardsVault: rewardsVaultKey()[0] })], [chain.payer]));
      return { ixs: [closeEpochInstruction({ payer: chain.payer.publicKey, epoch })], signers: [chain.payer] };
    },
  },
  {
    program: "io_staking",
    instruction: "sync_usage (a user's settled job, settling nothing)",
    prepare: (chain, authority) => {
      const { s, user, participant } = usageUser(chain, authority);
      return { ixs: [syncUsageInstruction({ user: user.wallet.publicKey, lastEpoch: s.lastEpoch(participant) })], signers: [chain.payer] };
    },
  },
  {
    program: "io_staking",
    instruction: "close_epoch (computing points and usage synced, both rates at their caps)",
    prepare: (chain, authority) => {
      const { s, a, user, participant } = usageUser(chain, authority);
      expectOk(chain.send([syncUsageInstruction({ user: user.wallet.publicKey, lastEpoch: s.lastEpoch(participant) })], [chain.payer]));
      expectOk(chain.send([syncPointsInstruction({ participant: a.participant, node: a.node, lastEpoch: s.lastEpoch(a.participant) })], [chain.payer]));
      const epoch = s.config().epoch;
      chain.warp(DAY);
      expectOk(chain.send([crankInstruction({ rewardsVault: rewardsVaultKey()[0] })], [chain.payer]));
      return { ixs: [closeEpochInstruction({ payer: chain.payer.publicKey, epoch })], signers: [chain.payer] };
    },
  },
  {
    program: "io_staking",
    instruction: "claim (a delegator compounding, settling the node's epoch)",
    prepare: (chain, authority) => {
      const { s, a, first } = epochReady(chain, authority, 1);
      expectOk(s.closeEpoch());
      expectOk(chain.send([claimInstruction({ staker: first.wallet.publicKey, participant: a.participant, lastEpoch: s.lastEpoch(a.participant), to: first.io })], [first.wallet]));
      for (const o of s.jobs.oracles.slice(0, 2)) {
        const ix = attestAvailabilityInstruction({ oracle: o.publicKey, participant: a.participant, lastEpoch: s.lastEpoch(a.participant), epoch: 1, passed: true, reputationBps: 9_000, hardwareClass: 3 });
        expectOk(chain.send([ix], [o]));
      }
      expectOk(s.closeEpoch());
      const ix = claimInstruction({ staker: first.wallet.publicKey, participant: a.participant, lastEpoch: s.lastEpoch(a.participant), to: first.io, compound: true });
      return { ixs: [ix], signers: [first.wallet] };
    },
  },
  ...[1, STAKERS].map(
    (stakers): Scenario => ({
      program: "io_staking",
      instruction: `claim (a staker of ${stakers}, settling the node's epoch)`,
      prepare: (chain, authority) => {
        const { s, a, first, all } = epochReady(chain, authority, stakers);
        expectOk(s.closeEpoch());
        // A second epoch in which every stake is active (each staker's claim of nothing activates
        // it); the first staker's claim after it settles the node's epoch and pays its share
        for (const st of all) {
          expectOk(chain.send([claimInstruction({ staker: st.wallet.publicKey, participant: a.participant, lastEpoch: s.lastEpoch(a.participant), to: st.io })], [st.wallet]));
        }
        for (const o of s.jobs.oracles.slice(0, 2)) {
          const ix = attestAvailabilityInstruction({ oracle: o.publicKey, participant: a.participant, lastEpoch: s.lastEpoch(a.participant), epoch: 1, passed: true, reputationBps: 9_000, hardwareClass: 3 });
          expectOk(chain.send([ix], [o]));
        }
        expectOk(s.closeEpoch());
        const ix = claimInstruction({ staker: first.wallet.publicKey, participant: a.participant, lastEpoch: s.lastEpoch(a.participant), to: first.io });
        return { ixs: [ix], signers: [first.wallet] };
      },
    }),
  ),
  {
    program: "io_staking",
    instruction: "vote_slash (the vote reaching quorum)",
    prepare: (chain, authority) => {
      const { s, a } = stakedNode(chain, authority, 0);
      const vote = (i: number) => voteSlashInstruction({ oracle: s.jobs.oracles[i].publicKey, participant: a.participant, reason: 1 });
      expectOk(chain.send([vote(0)], [s.jobs.oracles[0]]));
      return { ixs: [vote(1)], signers: [s.jobs.oracles[1]] };
    },
  },
  ...(["contest_slash", "resolve_slash", "execute_slash"] as const).map(
    (name): Scenario => ({
      program: "io_staking",
      instruction: name,
      prepare: (chain, authority) => {
        const { s, a } = stakedNode(chain, authority, 0);
        for (const i of [0, 1]) expectOk(chain.send([voteSlashInstruction({ oracle: s.jobs.oracles[i].publicKey, participant: a.participant, reason: 1 })], [s.jobs.oracles[i]]));
        const contest = contestSlashInstruction({ authority: a.owner.publicKey, participant: a.participant });
        if (name === "contest_slash") return { ixs: [contest], signers: [a.owner] };
        expectOk(chain.send([contest], [a.owner]));
        const resolve = resolveSlashInstruction({ caller: authority.publicKey, participant: a.participant, uphold: true });
        if (name === "resolve_slash") return { ixs: [resolve], signers: [authority] };
        expectOk(chain.send([resolve], [authority]));
        return { ixs: [executeSlashInstruction({ participant: a.participant, operator: a.owner.publicKey })], signers: [chain.payer] };
      },
    }),
  ),
  {
    program: "io_staking",
    instruction: "propose_admin",
    prepare: (chain, authority) => {
      stakingWorld(chain, authority);
      return { ixs: [proposeStakingAdminInstruction({ admin: authority.publicKey, newAdmin: fixed(91).publicKey })], signers: [authority] };
    },
  },
  {
    program: "io_staking",
    instruction: "accept_admin",
    prepare: (chain, authority) => {
      stakingWorld(chain, authority);
      const next = fixed(91);
      chain.airdrop(next.publicKey, 1);
      expectOk(chain.send([proposeStakingAdminInstruction({ admin: authority.publicKey, newAdmin: next.publicKey })], [authority]));
      return { ixs: [acceptStakingAdminInstruction({ newAdmin: next.publicKey })], signers: [next] };
    },
  },
  {
    program: "io_token",
    instruction: "close_airdrop",
    prepare: (chain, authority) => {
      airdropReady(chain, authority);
      chain.setUnixTime(chain.now() + 2n * 86_400n);
      return { ixs: [closeAirdropInstruction({ id: 7 })], signers: [chain.payer] };
    },
  },
  {
    program: "io_jobs",
    instruction: "sweep_io_fees",
    prepare: (chain, authority) => {
      const { w } = world(chain, authority);
      const jobs = settledReady(w, 1, Currency.Io);
      expectOk(chain.send([settleJobsInstruction({ caller: chain.payer.publicKey, jobs, ...w.money(Currency.Io) })], [chain.payer]));
      return { ixs: [sweepIoFeesInstruction({ caller: chain.payer.publicKey })], signers: [chain.payer] };
    },
  },
  {
    program: "io_jobs",
    instruction: "sweep_usdc_fees",
    prepare: (chain, authority) => {
      const { w } = world(chain, authority);
      createBuybackVaults(chain, w.usdcMint);
      const jobs = settledReady(w, 1, Currency.Usdc);
      expectOk(chain.send([settleJobsInstruction({ caller: chain.payer.publicKey, jobs, ...w.money(Currency.Usdc) })], [chain.payer]));
      return { ixs: [sweepUsdcFeesInstruction({ caller: chain.payer.publicKey, usdcMint: w.usdcMint })], signers: [chain.payer] };
    },
  },
  {
    program: "io_jobs",
    instruction: "prove_reserves",
    prepare: (chain, authority) => {
      const { w } = world(chain, authority);
      return { ixs: [proveJobsReservesInstruction({ usdcMint: w.usdcMint })], signers: [chain.payer] };
    },
  },
  {
    program: "io_token",
    instruction: "prove_reserves (5 genesis vaults, IOSD, 1 airdrop)",
    prepare: (chain, authority) => {
      stakingWorld(chain, authority);
      const tree = buildAirdropTree([0, 1].map((i) => ({ wallet: fixed(10 + i).publicKey, amount: new BN(1_000 + i) })));
      const deadline = new BN((chain.now() + 86_400n).toString());
      expectOk(chain.send([createAirdropInstruction({ admin: authority.publicKey, id: 7, root: tree.root, total: tree.total, deadline })], [authority]));
      return { ixs: [proveReservesInstruction({ airdropIds: [7] })], signers: [chain.payer] };
    },
  },
  {
    program: "io_staking",
    instruction: "prove_reserves",
    prepare: (chain, authority) => {
      stakedNode(chain, authority, 1);
      return { ixs: [proveStakingReservesInstruction()], signers: [chain.payer] };
    },
  },
  {
    program: "io_buyback",
    instruction: "initialize",
    prepare: (chain, authority) => {
      const w = buybackWorld(chain, authority, false);
      return { ixs: [w.initializeBuybackInstruction()], signers: [authority] };
    },
  },
  {
    program: "io_buyback",
    instruction: "set_buyback_params",
    prepare: (chain, authority) => {
      buybackWorld(chain, authority);
      return { ixs: [setBuybackParamsInstruction({ admin: authority.publicKey, ...DEFAULT_BUYBACK_PARAMS })], signers: [authority] };
    },
  },
  {
    program: "io_buyback",
    instruction: "set_guardian",
    prepare: (chain, authority) => {
      buybackWorld(chain, authority);
      return { ixs: [setGuardianInstruction({ admin: authority.publicKey, guardian: fixed(92).publicKey })], signers: [authority] };
    },
  },
  {
    program: "io_buyback",
    instruction: "pause",
    prepare: (chain, authority) => {
      buybackWorld(chain, authority);
      return { ixs: [pauseBuybackInstruction({ caller: authority.publicKey })], signers: [authority] };
    },
  },
  {
    program: "io_buyback",
    instruction: "unpause",
    prepare: (chain, authority) => {
      buybackWorld(chain, authority);
      expectOk(chain.send([pauseBuybackInstruction({ caller: authority.publicKey })], [authority]));
      return { ixs: [unpauseBuybackInstruction({ admin: authority.publicKey })], signers: [authority] };
    },
  },
  {
    program: "io_buyback",
    instruction: "start_lot",
    prepare: (chain, authority) => {
      buybackWorld(chain, authority);
      return { ixs: [startLotInstruction()], signers: [chain.payer] };
    },
  },
  {
    program: "io_buyback",
    instruction: "buy (burn + transfer)",
    prepare: (chain, authority) => {
      const w = buybackWorld(chain, authority);
      expectOk(chain.send([startLotInstruction()], [chain.payer]));
      const buyer = w.user(fixed(93));
      return { ixs: [w.buyInstruction(buyer, { usdc: new BN(10_000_000), maxIo: IO.muln(10) })], signers: [buyer.wallet] };
    },
  },
  {
    program: "io_buyback",
    instruction: "spend_incentives",
    prepare: (chain, authority) => {
      const w = buybackWorld(chain, authority);
      const destination = w.tokenAccount(fixed(94).publicKey, Currency.Usdc);
      return { ixs: [spendIncentivesInstruction({ admin: authority.publicKey, usdcMint: w.usdcMint, destination, amount: new BN(1_000_000) })], signers: [authority] };
    },
  },
  {
    program: "io_buyback",
    instruction: "prove_reserves",
    prepare: (chain, authority) => {
      buybackWorld(chain, authority);
      expectOk(chain.send([startLotInstruction()], [chain.payer]));
      return { ixs: [proveBuybackReservesInstruction()], signers: [chain.payer] };
    },
  },
  {
    program: "io_buyback",
    instruction: "propose_admin",
    prepare: (chain, authority) => {
      buybackWorld(chain, authority);
      return { ixs: [proposeBuybackAdminInstruction({ admin: authority.publicKey, newAdmin: fixed(91).publicKey })], signers: [authority] };
    },
  },
  {
    program: "io_buyback",
    instruction: "accept_admin",
    prepare: (chain, authority) => {
      buybackWorld(chain, authority);
      const next = fixed(91);
      chain.airdrop(next.publicKey, 1);
      expectOk(chain.send([proposeBuybackAdminInstruction({ admin: authority.publicKey, newAdmin: next.publicKey })], [authority]));
      return { ixs: [acceptBuybackAdminInstruction({ newAdmin: next.publicKey })], signers: [next] };
      },
    },
  {
    program: "io_governance",
    instruction: "initialize",
    prepare: (chain, authority) => {
      stakingWorld(chain, authority);
      chain.deployUpgradeable(IO_GOVERNANCE_PROGRAM_ID, "io_governance", authority.publicKey);
      return { ixs: [initializeGovernanceInstruction({ payer: authority.publicKey, guardian: fixed(75).publicKey, ...GOV_PARAMS })], signers: [authority] };
    },
  },
  {
    program: "io_governance",
    instruction: "propose (an io_jobs parameter)",
    prepare: (chain, authority) => {
      const g = govReady(chain, authority);
      const ix = proposeInstruction({ proposer: g.owner.publicKey, position: g.position, index: 0, action: GovAction.JobParam, target: 0, value: new BN(600) });
      return { ixs: [ix], signers: [g.owner] };
    },
  },
  {
    program: "io_governance",
    instruction: "propose (4 actions: three io_jobs parameters and a 10-member oracle set)",
    prepare: (chain, authority) => {
      const g = govReady(chain, authority);
      const members = Array.from({ length: 10 }, (_, i) => fixed(100 + i).publicKey);
      const actions = [0, 3, 8].map((target) => ({ action: GovAction.JobParam, target, value: new BN(600) }));
      actions.push({ action: GovAction.OracleSet, target: 0, value: new BN(6) });
      return { ixs: [proposeInstruction({ proposer: g.owner.publicKey, position: g.position, index: 0, actions, members })], signers: [g.owner] };
    },
  },
  {
    program: "io_staking",
    instruction: "lock_position",
    prepare: (chain, authority) => {
      const g = govProposed(chain, authority);
      return { ixs: [lockPositionInstruction({ staker: g.owner.publicKey, position: g.position, proposal: g.proposal })], signers: [g.owner] };
    },
  },
  {
    program: "io_governance",
    instruction: "vote",
    prepare: (chain, authority) => {
      const g = govProposed(chain, authority);
      expectOk(chain.send([lockPositionInstruction({ staker: g.owner.publicKey, position: g.position, proposal: g.proposal })], [g.owner]));
      return { ixs: [voteInstruction({ voter: g.owner.publicKey, proposal: g.proposal, position: g.position, choice: VoteChoice.Yes })], signers: [g.owner] };
    },
  },
  {
    program: "io_governance",
    instruction: "queue",
    prepare: (chain, authority) => {
      const g = govVoted(chain, authority);
      return { ixs: [queueInstruction({ caller: chain.payer.publicKey, proposal: g.proposal })], signers: [chain.payer] };
    },
  },
  {
    program: "io_governance",
    instruction: "execute (accept io_jobs' admin)",
    prepare: (chain, authority) => {
      const g = govQueued(chain, authority);
      chain.warp(GOV_PARAMS.timelock);
      return { ixs: [executeInstruction({ caller: chain.payer.publicKey, proposal: g.proposal, action: GovAction.AcceptAdmin, target: 2 })], signers: [chain.payer] };
    },
  },
  {
    program: "io_governance",
    instruction: "execute (4 actions: accept io_jobs' and io_oracle's admin, then two io_jobs parameters)",
    prepare: (chain, authority) => {
      const g = govQueued(chain, authority, FOUR_ACTIONS);
      chain.warp(GOV_PARAMS.timelock);
      return { ixs: [executeInstruction({ caller: chain.payer.publicKey, proposal: g.proposal, actions: FOUR_ACTIONS })], signers: [chain.payer] };
    },
  },
  {
    program: "io_governance",
    instruction: "execute (admin call: io_token release of 5 IO from the community bucket)",
    prepare: (chain, authority) => govCallQueued(chain, authority, [0], (g) => [adminCallAction(1, IO.muln(5), g.s.wallet(IO, fixed(96)).io)]),
  },
  {
    program: "io_governance",
    instruction: "execute (admin call: io_staking resolve_slash, upheld)",
    prepare: (chain, authority) =>
      govCallQueued(chain, authority, [3], (g) => {
        for (const o of g.s.jobs.oracles.slice(0, 2)) expectOk(chain.send([voteSlashInstruction({ oracle: o.publicKey, participant: g.participant, reason: 1 })], [o]));
        expectOk(chain.send([contestSlashInstruction({ authority: g.owner.publicKey, participant: g.participant })], [g.owner]));
        return [adminCallAction(2, new BN(1), g.participant)];
      }),
  },
  {
    program: "io_governance",
    instruction: "execute (an io_token parameter: the re-mint cap, io_token's config read-only)",
    prepare: (chain, authority) => govCallQueued(chain, authority, [0], () => [{ action: GovAction.Param, target: 88, value: IO.muln(25) }]),
  },
  {
    program: "io_governance",
    instruction: "cancel",
    prepare: (chain, authority) => {
      const g = govProposed(chain, authority);
      return { ixs: [cancelInstruction({ proposer: g.owner.publicKey, proposal: g.proposal })], signers: [g.owner] };
    },
  },
  {
    program: "io_governance",
    instruction: "veto",
    prepare: (chain, authority) => {
      const g = govQueued(chain, authority);
      return { ixs: [vetoInstruction({ guardian: g.guardian.publicKey, proposal: g.proposal })], signers: [g.guardian] };
    },
  },
  {
    program: "io_governance",
    instruction: "propose (an io_jobs parameter, with a 1 IO deposit: the vault created)",
    prepare: (chain, authority) => {
      const g = govReady(chain, authority);
      govDeposit(chain, authority, g.owner.publicKey);
      const ix = proposeInstruction({ proposer: g.owner.publicKey, position: g.position, index: 0, action: GovAction.JobParam, target: 0, value: new BN(600) });
      return { ixs: [ix], signers: [g.owner] };
    },
  },
  {
    program: "io_governance",
    instruction: "refund_deposit (a cancelled proposal's 1 IO)",
    prepare: (chain, authority) => {
      const g = govReady(chain, authority);
      govDeposit(chain, authority, g.owner.publicKey);
      expectOk(chain.send([proposeInstruction({ proposer: g.owner.publicKey, position: g.position, index: 0, action: GovAction.JobParam, target: 0, value: new BN(600) })], [g.owner]));
      const proposal = proposalKey(0)[0];
      expectOk(chain.send([cancelInstruction({ proposer: g.owner.publicKey, proposal })], [g.owner]));
      return { ixs: [refundDepositInstruction({ proposal, proposer: g.owner.publicKey })], signers: [chain.payer] };
    },
  },
  {
    program: "io_governance",
    instruction: `propose (an upgrade of io_buyback, a ${CANARY_SO().length.toLocaleString("en-US")}-byte buffer hashed and handed to the executor)`,
    prepare: (chain, authority) => {
      // io_buyback deployed through the loader with the executor as its upgrade authority: propose checks it.
      chain.deployUpgradeable(BUYBACK_ID_FOR_UPGRADE, "io_buyback", executorKey()[0]);
      const g = govReady(chain, authority);
      const buffer = heldBuffer(chain, CANARY_SO(), g.owner.publicKey);
      return { ixs: [proposeInstruction({ proposer: g.owner.publicKey, position: g.position, index: 0, actions: [upgradeAction(4, buffer)] })], signers: [g.owner] };
    },
  },
  {
    program: "io_governance",
    instruction: `execute (upgrade io_buyback from a ${CANARY_SO().length.toLocaleString("en-US")}-byte buffer: hash and the loader's Upgrade)`,
    prepare: (chain, authority) => {
      chain.deployUpgradeable(BUYBACK_ID_FOR_UPGRADE, "io_buyback", executorKey()[0]);
      // Held by the node's owner (fixed(73)), who proposes it.
      const buffer = heldBuffer(chain, CANARY_SO(), fixed(73).publicKey);
      const actions = [upgradeAction(4, buffer)];
      const g = govQueued(chain, authority, actions);
      chain.warp(GOV_PARAMS.timelock);
      return { ixs: [executeInstruction({ caller: chain.payer.publicKey, proposal: g.proposal, actions, spill: g.owner.publicKey })], signers: [chain.payer] };
    },
  },
  {
    program: "io_governance",
    instruction: `reclaim_buffer (a cancelled upgrade proposal's ${CANARY_SO().length.toLocaleString("en-US")}-byte buffer: the loader's Close)`,
    prepare: (chain, authority) => {
      chain.deployUpgradeable(BUYBACK_ID_FOR_UPGRADE, "io_buyback", executorKey()[0]);
      const g = govReady(chain, authority);
      const buffer = heldBuffer(chain, CANARY_SO(), g.owner.publicKey);
      expectOk(chain.send([proposeInstruction({ proposer: g.owner.publicKey, position: g.position, index: 0, actions: [upgradeAction(4, buffer)] })], [g.owner]));
      const proposal = proposalKey(0)[0];
      expectOk(chain.send([cancelInstruction({ proposer: g.owner.publicKey, proposal })], [g.owner]));
      return { ixs: [reclaimBufferInstruction({ proposal, position: 0, buffer, proposer: g.owner.publicKey })], signers: [chain.payer] };
    },
  },
  {
    program: "io_governance",
    instruction: "accept_admin (io_jobs, no vote)",
    prepare: (chain, authority) => {
      govReady(chain, authority);
      expectOk(chain.send([proposeJobsAdminInstruction({ admin: authority.publicKey, newAdmin: executorKey()[0] })], [authority]));
      return { ixs: [acceptGovernanceAdminInstruction({ target: 2 })], signers: [chain.payer] };
    },
  },
];

const GOV_PARAMS = { votingPeriod: HOUR, quorumBps: 1_000, thresholdBps: 5_000, timelock: HOUR, gracePeriod: DAY, lateQuorumExtension: HOUR / 2, proposalThreshold: IO.muln(100) };

/** io_governance initialised on a staked node (1,000 IO own stake) whose epoch 0 closed: its owner can propose and vote. */
function govReady(chain: TestChain, authority: Keypair) {
  const { s, a } = stakedNode(chain, authority, 0);
  chain.deployUpgradeable(IO_GOVERNANCE_PROGRAM_ID, "io_governance", authority.publicKey);
  const guardian = fixed(75);
  chain.airdrop(guardian.publicKey, 1);
  expectOk(chain.send([initializeGovernanceInstruction({ payer: authority.publicKey, guardian: guardian.publicKey, ...GOV_PARAMS })], [authority]));
  expectOk(s.closeEpoch());
  return { s, owner: a.owner, participant: a.participant, position: positionKey(a.participant, a.owner.publicKey)[0], guardian };
}

/** Accept io_jobs' and io_oracle's admin roles, then set io_jobs' network fee and fee buyback share. */
const FOUR_ACTIONS: ActionSpec[] = [
  { action: GovAction.AcceptAdmin, target: 2, value: new BN(0) },
  { action: GovAction.AcceptAdmin, target: 1, value: new BN(0) },
  { action: GovAction.JobParam, target: 0, value: new BN(600) },
  { action: GovAction.JobParam, target: 8, value: new BN(2_500) },
];

/** The proposal deposit set to 1 IO (the config's field, as parameter 71 would set it) and 10 IO released to `owner`'s IO account. */
function govDeposit(chain: TestChain, authority: Keypair, owner: PublicKey): void {
  const config = chain.account(governanceConfigKey()[0])!;
  const data = Buffer.from(config.data);
  data.writeBigUInt64LE(BigInt(IO.toString()), 79);
  chain.setAccount(governanceConfigKey()[0], { data, owner: config.owner, lamports: BigInt(config.lamports) });
  const io = ioAccountOf(owner);
  expectOk(chain.send([createAssociatedTokenAccountIdempotentInstruction(chain.payer.publicKey, io, owner, ioMintForDeposit()[0], TOKEN_2022_PROGRAM_ID)], [chain.payer]));
  expectOk(chain.send([releaseInstruction({ admin: authority.publicKey, bucket: 4, amount: IO.muln(10), destination: io })], [authority]));
}

/** A loader v3 buffer holding `so` whose authority is `holder` (its account written directly): the proposer, from whom propose takes it. */
function heldBuffer(chain: TestChain, so: Buffer, holder: PublicKey): PublicKey {
  const buffer = fixed(120).publicKey;
  const header = Buffer.alloc(BUFFER_HEADER);
  header.writeUInt32LE(1, 0);
  header.writeUInt8(1, 4);
  holder.toBuffer().copy(header, 5);
  chain.setAccount(buffer, { data: Buffer.concat([header, so]), owner: BPF_LOADER_UPGRADEABLE_ID });
  return buffer;
}

/** `govReady` and proposal 0 (by default accept io_jobs' admin; the admin proposed the executor to io_jobs and io_oracle). */
function govProposed(chain: TestChain, authority: Keypair, actions: ActionSpec[] = [{ action: GovAction.AcceptAdmin, target: 2, value: new BN(0) }]) {
  const g = govReady(chain, authority);
  expectOk(chain.send([proposeJobsAdminInstruction({ admin: authority.publicKey, newAdmin: executorKey()[0] })], [authority]));
  expectOk(chain.send([proposeOracleAdminInstruction({ admin: authority.publicKey, newAdmin: executorKey()[0] })], [authority]));
  expectOk(chain.send([proposeInstruction({ proposer: g.owner.publicKey, position: g.position, index: 0, actions })], [g.owner]));
  return { ...g, proposal: proposalKey(0)[0] };
}

/** `govProposed`, voted yes by the owner, its voting over. */
function govVoted(chain: TestChain, authority: Keypair, actions?: ActionSpec[]) {
  const g = govProposed(chain, authority, actions);
  const vote = [
    lockPositionInstruction({ staker: g.owner.publicKey, position: g.position, proposal: g.proposal }),
    voteInstruction({ voter: g.owner.publicKey, proposal: g.proposal, position: g.position, choice: VoteChoice.Yes }),
  ];
  expectOk(chain.send(vote, [g.owner]));
  chain.warp(GOV_PARAMS.votingPeriod);
  return g;
}

/**
 * `govReady`, the actions' accounts made, then the admin roles of ADMIN_TARGETS `targets` handed
 * to the executor (each program's propose_admin, then io_governance's accept_admin), proposal 0 of `actions(g)` voted
 * yes by the owner, queued, its timelock passed: the execute instruction.
 */
function govCallQueued(chain: TestChain, authority: Keypair, targets: number[], actions: (g: ReturnType<typeof govReady>) => ActionSpec[]) {
  const g = govReady(chain, authority);
  // The actions' accounts are made (by the admin, where needed) before the hand-over.
  const list = actions(g);
  const propose = [proposeAdminInstruction, proposeOracleAdminInstruction, proposeJobsAdminInstruction, proposeStakingAdminInstruction];
  for (const t of targets) {
    expectOk(chain.send([propose[t]({ admin: authority.publicKey, newAdmin: executorKey()[0] })], [authority]));
    expectOk(chain.send([acceptGovernanceAdminInstruction({ target: t })], [chain.payer]));
  }
  expectOk(chain.send([proposeInstruction({ proposer: g.owner.publicKey, position: g.position, index: 0, actions: list })], [g.owner]));
  const proposal = proposalKey(0)[0];
  const vote = [lockPositionInstruction({ staker: g.owner.publicKey, position: g.position, proposal }), voteInstruction({ voter: g.owner.publicKey, proposal, position: g.position, choice: VoteChoice.Yes })];
  expectOk(chain.send(vote, [g.owner]));
  chain.warp(GOV_PARAMS.votingPeriod);
  expectOk(chain.send([queueInstruction({ caller: chain.payer.publicKey, proposal })], [chain.payer]));
  chain.warp(GOV_PARAMS.timelock);
  return { ixs: [executeInstruction({ caller: chain.payer.publicKey, proposal, actions: list })], signers: [chain.payer] };
}

/** `govVoted`, queued. */
function govQueued(chain: TestChain, authority: Keypair, actions?: ActionSpec[]) {
  const g = govVoted(chain, authority, actions);
  expectOk(chain.send([queueInstruction({ caller: chain.payer.publicKey, proposal: g.proposal })], [chain.payer]));
  return g;
}

/** A compute budget with every syscall cost at zero (byte costs divided away). */
function zeroSyscallBudget(): ComputeBudget {
  const b = new ComputeBudget();
  const max = 2n ** 63n;
  b.log64Units = 0n;
  b.createProgramAddressUnits = 0n;
  b.invokeUnits = 0n;
  b.sha256BaseCost = 0n;
  b.sha256ByteCost = 0n;
  b.logPubkeyUnits = 0n;
  b.cpiBytesPerUnit = max;
  b.sysvarBaseCost = 0n;
  b.syscallBaseCost = 0n;
  b.memOpBaseCost = 0n;
  b.getRemainingComputeUnitsCost = 0n;
  return b;
}

/**
 * Top-level consumption of `programId` and the sum of its direct callees', from the logs.
 * Native callees (the system program) log no "consumed" line; each of their invocations is
 * counted at `nativeCost`, the cost the same chain charges for a top-level call.
 */
function split(logs: string[], programId: string, nativeCost: number): { total: number; callees: number } {
  const stack: { program: string; consumed: number | null }[] = [];
  let total = 0;
  let callees = 0;
  for (const line of logs) {
    const invoke = /^Program (\w+) invoke \[(\d+)\]$/.exec(line);
    if (invoke) {
      stack.push({ program: invoke[1], consumed: null });
      continue;
    }
    const consumed = /^Program (\w+) consumed (\d+) of \d+ compute units$/.exec(line);
    if (consumed && stack.length > 0) {
      stack[stack.length - 1].consumed = Number(consumed[2]);
      continue;
    }
    if (/^Program \w+ (success|failed)/.test(line)) {
      const frame = stack.pop();
      if (!frame) continue;
      if (stack.length === 0 && frame.program === programId) total += frame.consumed ?? 0;
      if (stack.length === 1) callees += frame.consumed ?? nativeCost;
    }
  }
  return { total, callees };
}

/** What the chain charges for one top-level system-program call (a builtin's fixed cost). */
function nativeCost(chain: TestChain): number {
  const to = Keypair.generate().publicKey;
  return expectOk(chain.send([SystemProgram.transfer({ fromPubkey: chain.payer.publicKey, toPubkey: to, lamports: 1_000_000 })], [chain.payer])).computeUnits;
}

function run(scenario: Scenario, svm: LiteSVM): { total: number; callees: number } {
  const { chain, upgradeAuthority } = ioTokenChain(svm);
  const { ixs, signers, lookupTables } = scenario.prepare(chain, upgradeAuthority);
  const res = expectOk(lookupTables ? chain.sendV0(ixs, signers, lookupTables, { computeUnits: 1_400_000 }) : chain.send(ixs, signers));
  return split(res.logs, ixs[0].programId.toBase58(), nativeCost(chain));
}

/** Every scenario's row, or only those whose instruction contains `only`. */
export function measure(only?: string): CuRow[] {
  return scenarios.filter((s) => only === undefined || s.instruction.includes(only)).map((s) => {
    const normal = run(s, new LiteSVM());
    const zero = run(s, new LiteSVM().withComputeBudget(zeroSyscallBudget()));
    const own = zero.total - zero.callees;
    const syscalls = normal.total - normal.callees - own;
    const row: CuRow = { program: s.program, instruction: s.instruction, total: normal.total, cpi: normal.callees, syscalls, own };
    return s.jobs ? { ...row, jobs: s.jobs, perJob: Math.round(normal.total / s.jobs) } : row;
  });
}

/** The table between the README's cu-table markers. */
export function updateReadme(rows: CuRow[]): void {
  const path = join(__dirname, "..", "README.md");
  const readme = readFileSync(path, "utf8");
  const n = (v: number) => v.toLocaleString("en-US");
  const table = [
    "| program | instruction | total | CPIs | syscalls | own |",
    "|---|---|---:|---:|---:|---:|",
    ...rows.map((r) => {
      const [name, ...note] = r.instruction.split(" ");
      const perJob = r.perJob ? `, ${n(r.perJob)} per job` : "";
      const label = ["`" + name + "`", ...note].join(" ") + perJob;
      return `| ${r.program} | ${label} | ${n(r.total)} | ${n(r.cpi)} | ${n(r.syscalls)} | ${n(r.own)} |`;
    }),
  ].join("\n");
  const markers = /<!-- cu-table -->[\s\S]*?<!-- \/cu-table -->/;
  if (!markers.test(readme)) throw new Error("README.md has no cu-table markers");
  const updated = readme.replace(markers, `<!-- cu-table -->\n${table}\n<!-- /cu-table -->`);
  writeFileSync(path, updated);
}

if (require.main === module) {
  // `--only <text>`: measure the matching instructions and print them, writing nothing
  const at = process.argv.indexOf("--only");
  const only = at >= 0 ? process.argv[at + 1] : undefined;
  const rows = measure(only);
  if (only === undefined) {
    writeFileSync(join(__dirname, "cu.json"), JSON.stringify({ unit: "compute units", instructions: rows }, null, 2) + "\n");
    updateReadme(rows);
  }
  const header = ["program", "instruction", "total CU", "CPIs", "syscalls", "own"];
  const cells = rows.map((r) => [r.program, r.instruction, r.total, r.cpi, r.syscalls, r.own].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => (i < 2 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const c of cells) console.log(line(c));
  if (only === undefined) console.log("\nwrote bench/cu.json and the README's table");
}
