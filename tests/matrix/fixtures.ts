/**
 * One valid fixture per instruction of the four IDLs, keyed by "program.instruction": on a fresh
 * copy of the world it builds the state the instruction needs and returns the instruction, its
 * signers, and what a replay (and, for creating instructions, a second creation) answers.
 * Several variants where the money takes different paths (USDC, IO, IOSD). The attack matrix
 * fails for an IDL instruction missing here.
 */
import { TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import {
  acceptAdminInstruction,
  acceptGovernanceAdminInstruction,
  acceptJobsAdminInstruction,
  acceptOracleAdminInstruction,
  acceptStakingAdminInstruction,
  addBeneficiaryInstruction,
  attestAvailabilityInstruction,
  attestUsageInstruction,
  attestReputationInstruction,
  authorityKey,
  BUCKETS,
  cancelJobInstruction,
  claimAirdropInstruction,
  claimEarningsInstruction,
  claimReferralInstruction,
  DEFAULT_REFERRAL_PARAMS,
  registerReferralInstruction,
  setReferralParamsInstruction,
  setDiscountTiersInstruction,
  setPriorityTiersInstruction,
  setUsageParamsInstruction,
  syncUsageInstruction,
  DEFAULT_USAGE_PARAMS,
  DEFAULT_PRIORITY_TIERS,
  DEFAULT_DISCOUNT_TIERS,
  claimInstruction,
  claimVestedInstruction,
  closeAirdropInstruction,
  closeEpochInstruction,
  configKey,
  contestSlashInstruction,
  crankInstruction,
  createAirdropInstruction,
  Currency,
  DEFAULT_JOBS_PARAMS,
  DEFAULT_PRICE_PARAMS,
  disputeJobInstruction,
  emissionKey,
  endJobInstruction,
  epochKey,
  escrowKey,
  executeSlashInstruction,
  feeVaultKey,
  initEmissionsInstruction,
  initializeInstruction,
  initializeJobsInstruction,
  initializeOracleInstruction,
  initializeStakingInstruction,
  initIosdInstruction,
  ioMintKey,
  iosdMintKey,
  iosdStateKey,
  jobsAuthorityKey,
  jobsConfigKey,
  lockGenesisInstruction,
  mintIosdInstruction,
  oracleConfigKey,
  ParticipantKind,
  priceFeedKey,
  proposeAdminInstruction,
  proveJobsReservesInstruction,
  sweepIoFeesInstruction,
  sweepUsdcFeesInstruction,
  proposeJobsAdminInstruction,
  proposeOracleAdminInstruction,
  proposeStakingAdminInstruction,
  proveReservesInstruction,
  proveStakingReservesInstruction,
  refundUnstartedInstruction,
  nodeKey,
  registerNodeInstruction,
  registerParticipantInstruction,
  releaseInstruction,
  reclaimBufferInstruction,
  refundDepositInstruction,
  BPF_LOADER_UPGRADEABLE_ID,
  BUFFER_HEADER,
  IO_GOVERNANCE_PROGRAM_ID,
  resolveDisputeInstruction,
  resolveSlashInstruction,
  retireNodeInstruction,
  rewardsVaultKey,
  setIosdParamsInstruction,
  setIosdSpenderInstruction,
  setJobParamsInstruction,
  setOracleSetInstruction,
  setPriceParamsInstruction,
  setRemintCapInstruction,
  setRewardShareInstruction,
  setRewardsVaultInstruction,
  setSlashingInstruction,
  setStakingParamsInstruction,
  settleJobsInstruction,
  stakeInstruction,
  stakeVaultKey,
  stakingConfigKey,
  submitPriceInstruction,
  syncPointsInstruction,
  unstakeInstruction,
  updateNodeInstruction,
  vaultKey,
  voteSlashInstruction,
  withdrawInstruction,
  acceptBuybackAdminInstruction,
  buybackConfigKey,
  buybackUsdcVaultKey,
  buyInstruction,
  DEFAULT_BUYBACK_PARAMS,
  incentivesVaultKey,
  initializeBuybackInstruction,
  pauseBuybackInstruction,
  proposeBuybackAdminInstruction,
  proveBuybackReservesInstruction,
  setBuybackParamsInstruction,
  setGuardianInstruction,
  spendIncentivesInstruction,
  startLotInstruction,
  unpauseBuybackInstruction,
  cancelInstruction,
  decodeGovernanceConfig,
  executeInstruction,
  executorKey,
  GovAction,
  governanceConfigKey,
  initializeGovernanceInstruction,
  lockPositionInstruction,
  positionKey,
  proposalKey,
  proposeInstruction,
  queueInstruction,
  vetoInstruction,
  VoteChoice,
  voteInstruction,
} from "../../sdk/src";
import { ioTokenCoder } from "../anchor-coder";
import { METADATA } from "../fixtures";
import { setUpgradeAuthorityInstruction } from "../../cli/handover";
import { IO, NODE_TERMS, USD, User } from "../jobs-world";
import { DAY, STAKING_PARAMS } from "../staking-world";
import { PROGRAM_IDS } from "./idl";
import { HOUR, Scene } from "./scene";
import { Built, Fixture } from "./spec";
import { fixed, MATRIX_GOV_PARAMS } from "./world";

const IOSD_PARAMS = { confMultiple: 2, maxPriceAge: 600, rateLimit: USD.muln(1_000_000), rateWindow: 3_600 };

/** io_token's CPI-only instructions have no SDK builder: the IDL's accounts in order. */
function holdIosdIx(owner: PublicKey, ownerIosd: PublicKey, spender: PublicKey, amount: BN): TransactionInstruction {
  return new TransactionInstruction({
    programId: PROGRAM_IDS.io_token,
    keys: [
      { pubkey: owner, isSigner: true, isWritable: false },
      { pubkey: ownerIosd, isSigner: false, isWritable: true },
      { pubkey: iosdMintKey()[0], isSigner: false, isWritable: true },
      { pubkey: iosdStateKey()[0], isSigner: false, isWritable: true },
      { pubkey: spender, isSigner: true, isWritable: false },
      { pubkey: TOKEN_2022_PROGRAM_ID, isSigner: false, isWritable: false },
    ],
    data: ioTokenCoder.instruction.encode("holdIosd", { amount }),
  });
}

function releaseIosdIx(spender: PublicKey, to: PublicKey, amount: BN, retire: BN): TransactionInstruction {
  return new TransactionInstruction({
    programId: PROGRAM_IDS.io_token,
    keys: [
      { pubkey: spender, isSigner: true, isWritable: false },
      { pubkey: iosdStateKey()[0], isSigner: false, isWritable: true },
      { pubkey: iosdMintKey()[0], isSigner: false, isWritable: true },
      { pubkey: to, isSigner: false, isWritable: true },
      { pubkey: authorityKey()[0], isSigner: false, isWritable: false },
      { pubkey: TOKEN_2022_PROGRAM_ID, isSigner: false, isWritable: false },
    ],
    data: ioTokenCoder.instruction.encode("releaseIosd", { amount, retire }),
  });
}

/** The IOSD spender as a keypair the test holds (the admin may name one while nothing is held). */
function spenderKeypair(s: Scene): Keypair {
  const spender = fixed("iosd spender");
  s.send([setIosdSpenderInstruction({ admin: s.k.admin.publicKey, spender: spender.publicKey })], [s.k.admin]);
  return spender;
}

/** Back to the spender as deployed: io_jobs' authority PDA (nothing may be held). */
function realSpender(s: Scene): void {
  s.send([setIosdSpenderInstruction({ admin: s.k.admin.publicKey, spender: jobsAuthorityKey()[0] })], [s.k.admin]);
}

/** `ix` with account `index` not signing. */
function unsigned(ix: TransactionInstruction, index: number): TransactionInstruction {
  const keys = ix.keys.map((k, i) => (i === index ? { ...k, isSigner: false } : { ...k }));
  return new TransactionInstruction({ programId: ix.programId, keys, data: ix.data });
}

const NEXT_ADMIN = fixed("next admin");

/** The two admin hand-over fixtures of a program. */
function adminFixtures(
  propose: (a: { admin: PublicKey; newAdmin: PublicKey }) => TransactionInstruction,
  accept: (a: { newAdmin: PublicKey }) => TransactionInstruction,
): { propose: Fixture; accept: Fixture } {
  return {
    propose: {
      build: (s) => ({ ix: propose({ admin: s.k.admin.publicKey, newAdmin: NEXT_ADMIN.publicKey }), signers: [s.k.admin] }),
      replay: { idempotent: "proposing the same successor again leaves it pending" },
    },
    accept: {
      build: (s) => {
        s.send([propose({ admin: s.k.admin.publicKey, newAdmin: NEXT_ADMIN.publicKey })], [s.k.admin]);
        return { ix: accept({ newAdmin: NEXT_ADMIN.publicKey }), signers: [NEXT_ADMIN] };
      },
      replay: { refused: "NoPendingAdmin" },
    },
  };
}

const tokenAdmin = adminFixtures(proposeAdminInstruction, acceptAdminInstruction);
const oracleAdmin = adminFixtures(proposeOracleAdminInstruction, acceptOracleAdminInstruction);
const jobsAdmin = adminFixtures(proposeJobsAdminInstruction, acceptJobsAdminInstruction);
const stakingAdmin = adminFixtures(proposeStakingAdminInstruction, acceptStakingAdminInstruction);
const buybackAdmin = adminFixtures(proposeBuybackAdminInstruction, acceptBuybackAdminInstruction);

/** users[0]'s buy of $10 of the live lot (started here, at a fresh price), at most twice the IO the start rate asks. */
function buyFixture(s: Scene): Built {
  s.postPrice();
  s.send([startLotInstruction()], []);
  const user = s.k.users[0];
  const ix = buyInstruction({
    buyer: user.wallet.publicKey,
    buyerIo: user.token[Currency.Io],
    buyerUsdc: user.token[Currency.Usdc],
    usdcMint: s.k.usdcMint,
    lotId: new BN(1),
    usdc: USD.muln(10),
    maxIo: IO.muln(20),
    deadline: new BN(s.now() + 600),
  });
  return { ix, signers: [user.wallet] };
}

const CURRENCY_LABEL: Record<Currency, string> = { [Currency.Usdc]: "USDC", [Currency.Io]: "IO", [Currency.Iosd]: "IOSD" };

/** The accounts of a job's exit: job, node, user and its token account of the currency. */
function exitArgs(s: Scene, job: PublicKey, user: User, currency: Currency) {
  return { job, node: s.k.node.node, user: user.wallet.publicKey, userToken: user.token[currency], currency, usdcMint: s.k.usdcMint };
}

/** A job of `hours` on `node`, fully attested and out of its challenge window: settleable. */
function settleableJob(s: Scene, currency: Currency, user: User, node = s.k.node.node, hours = 2): PublicKey {
  const job = s.openJob(user, currency, hours, node);
  s.warp(hours * HOUR);
  s.attest(job, hours);
  s.warp(DEFAULT_JOBS_PARAMS.challengeWindow + 1);
  return job;
}

function settleIx(s: Scene, caller: PublicKey, job: PublicKey, user: User, currency: Currency, node = s.k.node.node): TransactionInstruction {
  const jobs = [{ job, node, user: user.wallet.publicKey, userToken: user.token[currency] }];
  return settleJobsInstruction({ caller, jobs, currency, usdcMint: s.k.usdcMint });
}

const openJob = (currency: Currency): Fixture => ({
  label: CURRENCY_LABEL[currency],
  build: (s) => {
    const user = s.k.users[0];
    return { ix: s.openJobIx(user, currency, 10).ix, signers: [user.wallet] };
  },
  replay: { refused: "JobExists" },
  again: { expect: "JobExists" },
});

const cancelJob = (currency: Currency): Fixture => ({
  label: CURRENCY_LABEL[currency],
  build: (s) => {
    const user = s.k.users[0];
    const job = s.openJob(user, currency);
    return { ix: cancelJobInstruction(exitArgs(s, job, user, currency)), signers: [user.wallet] };
  },
  replay: { refused: "InvalidJob" },
  revived: "InvalidJob",
});

const settleJobs = (currency: Currency): Fixture => ({
  label: CURRENCY_LABEL[currency],
  build: (s) => {
    const user = s.k.users[0];
    const job = settleableJob(s, currency, user);
    const caller = s.wallet("settler");
    return { ix: settleIx(s, caller.publicKey, job, user, currency), signers: [caller] };
  },
  replay: { refused: "InvalidJob" },
  revived: "InvalidJob",
  remaining: ["job", "node", "user_token", "user", "profile"],
  extra: (_s, first) => {
    // The same job twice in one batch: settled (and closed) by the first group, refused at the second
    const group = first.ix.keys.slice(-5);
    const ix = new TransactionInstruction({ programId: first.ix.programId, keys: [...first.ix.keys, ...group.map((k) => ({ ...k }))], data: first.ix.data });
    return [{ cls: "dup", label: "the same job twice in one batch", build: { ix, signers: first.signers }, expect: "InvalidJob" }];
  },
});

const claimEarnings = (currency: Currency): Fixture => ({
  label: CURRENCY_LABEL[currency],
  build: (s) => {
    const user = s.k.users[0];
    const job = settleableJob(s, currency, user);
    const caller = s.wallet("settler");
    s.send([settleIx(s, caller.publicKey, job, user, currency)], [caller]);
    const { owner, node } = s.k.node;
    const to = s.tokenAccount(owner.publicKey, currency);
    return { ix: claimEarningsInstruction({ owner: owner.publicKey, node, to, currency, usdcMint: s.k.usdcMint }), signers: [owner] };
  },
  replay: { refused: "NothingToClaim" },
});

/** A user who joined referred by users[0] (the referral terms at their defaults), with a job of
 * `currency` served and past its challenge window: it settles with users[0]'s profile. */
function referredSettleable(s: Scene, currency: Currency): { user: User; job: PublicKey } {
  const admin = s.k.admin;
  s.send([setReferralParamsInstruction({ admin: admin.publicKey, ...DEFAULT_REFERRAL_PARAMS })], [admin]);
  const user = s.user("referred");
  s.send([registerReferralInstruction({ user: user.wallet.publicKey, referrer: s.k.users[0].wallet.publicKey })], [user.wallet]);
  return { user, job: settleableJob(s, currency, user) };
}

function settleReferredIx(s: Scene, caller: PublicKey, job: PublicKey, user: User, currency: Currency): TransactionInstruction {
  const jobs = [{ job, node: s.k.node.node, user: user.wallet.publicKey, userToken: user.token[currency], referrer: s.k.users[0].wallet.publicKey }];
  return settleJobsInstruction({ caller, jobs, currency, usdcMint: s.k.usdcMint });
}

const settleReferred = (currency: Currency): Fixture => ({
  label: `${CURRENCY_LABEL[currency]} referred`,
  build: (s) => {
    const { user, job } = referredSettleable(s, currency);
    const caller = s.wallet("settler");
    return { ix: settleReferredIx(s, caller.publicKey, job, user, currency), signers: [caller] };
  },
  replay: { refused: "InvalidJob" },
  revived: "InvalidJob",
  remaining: ["job", "node", "user_token", "user", "profile", "referrer_profile"],
});

/** A node whose owner joined referred by users[0] (the referral terms at their defaults), with a
 * plain user's USDC job on it served and past its challenge window: it settles with users[0]'s
 * profile as the node referrer's, credited its share of the supplier fee. */
const settleReferredNode = (currency: Currency): Fixture => ({
  label: `${CURRENCY_LABEL[currency]} referred node`,
  build: (s) => {
    const admin = s.k.admin;
    s.send([setReferralParamsInstruction({ admin: admin.publicKey, ...DEFAULT_REFERRAL_PARAMS })], [admin]);
    const owner = s.wallet("referred node owner");
    s.send([registerReferralInstruction({ user: owner.publicKey, referrer: s.k.users[0].wallet.publicKey })], [owner]);
    const deviceId = Buffer.alloc(32, 11);
    s.send([registerNodeInstruction({ owner: owner.publicKey, deviceId, ...NODE_TERMS })], [owner]);
    const [node] = nodeKey(owner.publicKey, deviceId);
    const user = s.user("node referral payer");
    const job = settleableJob(s, currency, user, node);
    const caller = s.wallet("settler");
    const jobs = [{ job, node, user: user.wallet.publicKey, userToken: user.token[currency], nodeReferrer: s.k.users[0].wallet.publicKey }];
    return { ix: settleJobsInstruction({ caller: caller.publicKey, jobs, currency, usdcMint: s.k.usdcMint }), signers: [caller] };
  },
  replay: { refused: "InvalidJob" },
  revived: "InvalidJob",
  remaining: ["job", "node", "user_token", "user", "profile", "node_referrer_profile"],
});

const claimReferral = (currency: Currency): Fixture => ({
  label: CURRENCY_LABEL[currency],
  build: (s) => {
    // users[0]'s referred user's job settled: users[0] is owed its share of the network fee
    const { user, job } = referredSettleable(s, currency);
    const caller = s.wallet("settler");
    s.send([settleReferredIx(s, caller.publicKey, job, user, currency)], [caller]);
    const referrer = s.k.users[0];
    return { ix: claimReferralInstruction({ referrer: referrer.wallet.publicKey, to: referrer.token[currency], currency, usdcMint: s.k.usdcMint }), signers: [referrer.wallet] };
  },
  replay: { refused: "NothingToClaimReferral" },
});

/** The staked node's position instructions settle its registration outstanding in epoch 0. */
const epoch0 = () => epochKey(0)[0];

export const FIXTURES: Record<string, Fixture | Fixture[]> = {
  // ---------------------------------------------------------------- io_token
  "io_token.initialize": {
    build: (s) => {
      // io_token deployed but not initialised: its config, IO mint and genesis vaults erased
      s.erase([configKey()[0], ioMintKey()[0], ...BUCKETS.map((b) => vaultKey(b.index)[0])]);
      return { ix: initializeInstruction({ payer: s.k.admin.publicKey, ...METADATA }), signers: [s.k.admin] };
    },
    replay: { refused: "AlreadyInitialized" },
    again: {
      expect: "AlreadyInitialized",
      build: (s) => ({ ix: initializeInstruction({ payer: s.k.admin.publicKey, name: "IO2", symbol: "IO2", uri: "https://example.com" }), signers: [s.k.admin] }),
    },
  },
  "io_token.propose_admin": tokenAdmin.propose,
  "io_token.accept_admin": tokenAdmin.accept,
  "io_token.init_emissions": {
    build: (s) => {
      s.erase([emissionKey()[0]]);
      return { ix: initEmissionsInstruction({ admin: s.k.admin.publicKey, rewardsVault: rewardsVaultKey()[0] }), signers: [s.k.admin] };
    },
    replay: { refused: "AlreadyExists" },
    again: {
      expect: "AlreadyExists",
      build: (s) => ({ ix: initEmissionsInstruction({ admin: s.k.admin.publicKey, rewardsVault: s.k.users[0].token[Currency.Io] }), signers: [s.k.admin] }),
    },
  },
  "io_token.set_rewards_vault": {
    build: (s) => ({ ix: setRewardsVaultInstruction({ admin: s.k.admin.publicKey, rewardsVault: s.k.users[0].token[Currency.Io] }), signers: [s.k.admin] }),
    replay: { idempotent: "the same vault again" },
  },
  "io_token.crank": {
    build: (s) => {
      s.warp(2 * HOUR);
      return { ix: crankInstruction({ rewardsVault: rewardsVaultKey()[0] }), signers: [] };
    },
    replay: { refused: "NothingToMint" },
  },
  "io_token.set_remint_cap": {
    build: (s) => ({ ix: setRemintCapInstruction({ admin: s.k.admin.publicKey, capPerHour: IO.muln(10) }), signers: [s.k.admin] }),
    replay: { idempotent: "the same cap from the same hour" },
  },
  "io_token.add_beneficiary": {
    build: (s) => ({
      ix: addBeneficiaryInstruction({ admin: s.k.admin.publicKey, bucket: 1, beneficiary: fixed("new beneficiary").publicKey, amount: IO.muln(1_000) }),
      signers: [s.k.admin],
    }),
    replay: { refused: "AlreadyExists" },
    again: {
      expect: "AlreadyExists",
      build: (s) => ({
        ix: addBeneficiaryInstruction({ admin: s.k.admin.publicKey, bucket: 1, beneficiary: fixed("new beneficiary").publicKey, amount: IO.muln(2_000) }),
        signers: [s.k.admin],
      }),
    },
  },
  "io_token.lock_genesis": {
    build: (s) => ({ ix: lockGenesisInstruction({ admin: s.k.admin.publicKey }), signers: [s.k.admin] }),
    replay: { refused: "GenesisLocked" },
  },
  "io_token.claim_vested": {
    build: (s) => {
      s.warp(13 * 730 * HOUR); // the first part of the seed bucket unlocks after month 13
      const b = s.k.beneficiary;
      return { ix: claimVestedInstruction({ beneficiary: b.wallet.publicKey, bucket: b.bucket, destination: b.io }), signers: [b.wallet] };
    },
    replay: { refused: "NothingToClaim" },
  },
  "io_token.release": {
    build: (s) => ({
      ix: releaseInstruction({ admin: s.k.admin.publicKey, bucket: 4, amount: IO.muln(5), destination: s.k.users[0].token[Currency.Io] }),
      signers: [s.k.admin],
    }),
    replay: { repeats: "the admin releases the amount again" },
  },
  "io_token.create_airdrop": {
    build: (s) => ({
      ix: createAirdropInstruction({ admin: s.k.admin.publicKey, id: 2, root: Buffer.alloc(32, 7), total: IO.muln(100), deadline: new BN(s.now() + DAY) }),
      signers: [s.k.admin],
    }),
    replay: { refused: "AlreadyExists" },
    again: {
      expect: "AlreadyExists",
      build: (s) => ({
        ix: createAirdropInstruction({ admin: s.k.admin.publicKey, id: 2, root: Buffer.alloc(32, 8), total: IO.muln(200), deadline: new BN(s.now() + 2 * DAY) }),
        signers: [s.k.admin],
      }),
    },
  },
  "io_token.claim_airdrop": {
    build: (s) => {
      const a = s.k.airdrop;
      const w = a.unclaimed;
      const amount = a.amounts.get(w.publicKey.toBase58())!;
      const destination = s.tokenAccount(w.publicKey, Currency.Io);
      return { ix: claimAirdropInstruction({ claimant: w.publicKey, id: a.id, amount, proof: a.tree.proofs.get(w.publicKey.toBase58())!, destination }), signers: [w] };
    },
    replay: { refused: "AlreadyClaimed" },
    again: { expect: "AlreadyClaimed" },
  },
  "io_token.close_airdrop": {
    build: (s) => {
      s.warp(s.k.airdrop.deadline - s.now() + 1);
      return { ix: closeAirdropInstruction({ id: s.k.airdrop.id }), signers: [] };
    },
    replay: { refused: "AirdropClosed" },
    afterClose: (s) => {
      const a = s.k.airdrop;
      const w = a.unclaimed;
      const destination = s.tokenAccount(w.publicKey, Currency.Io);
      const ix = claimAirdropInstruction({
        claimant: w.publicKey,
        id: a.id,
        amount: a.amounts.get(w.publicKey.toBase58())!,
        proof: a.tree.proofs.get(w.publicKey.toBase58())!,
        destination,
      });
      return [{ label: "claim_airdrop of the closed airdrop", build: { ix, signers: [w] }, expect: "AirdropClosed" }];
    },
  },
  "io_token.init_iosd": {
    build: (s) => {
      s.erase([iosdStateKey()[0], iosdMintKey()[0]]);
      return { ix: initIosdInstruction({ admin: s.k.admin.publicKey, name: "IO Dollar", symbol: "IOSD", uri: "https://io.net/iosd.json", ...IOSD_PARAMS }), signers: [s.k.admin] };
    },
    replay: { refused: "AlreadyExists" },
    again: { expect: "AlreadyExists" },
  },
  "io_token.set_iosd_params": {
    build: (s) => ({ ix: setIosdParamsInstruction({ admin: s.k.admin.publicKey, ...IOSD_PARAMS, rateLimit: USD.muln(2_000_000) }), signers: [s.k.admin] }),
    replay: { idempotent: "the same parameters again" },
  },
  "io_token.mint_iosd": {
    build: (s) => {
      const u = s.k.users[0];
      return { ix: mintIosdInstruction({ user: u.wallet.publicKey, userIo: u.token[Currency.Io], userIosd: u.token[Currency.Iosd], ioAmount: IO.muln(10) }), signers: [u.wallet] };
    },
    replay: { repeats: "the user burns 10 IO again for the same IOSD (within the rate limit)" },
  },
  "io_token.set_iosd_spender": {
    build: (s) => ({ ix: setIosdSpenderInstruction({ admin: s.k.admin.publicKey, spender: fixed("iosd spender").publicKey }), signers: [s.k.admin] }),
    replay: { idempotent: "the same spender again" },
  },
  // CPI-only: the spender is io_jobs' authority PDA; here the admin has named a keypair instead
  // (allowed while nothing is held), so the instruction can be sent at the top level at all.
  "io_token.hold_iosd": {
    build: (s) => {
      const spender = spenderKeypair(s);
      const u = s.k.users[0];
      return { ix: holdIosdIx(u.wallet.publicKey, u.token[Currency.Iosd], spender.publicKey, USD.muln(5)), signers: [u.wallet, spender] };
    },
    replay: { repeats: "the spender holds another 5 IOSD of the owner's, with the owner's signature" },
    extra: (s) => {
      // As deployed: the spender is io_jobs' authority, which signs only through io_jobs
      const u = s.k.users[0];
      const attacker = s.k.stranger.wallet;
      const prepare = (sc: Scene) => realSpender(sc);
      const hold = (spender: PublicKey) => holdIosdIx(u.wallet.publicKey, u.token[Currency.Iosd], spender, USD.muln(5));
      return [
        {
          cls: "impostor",
          label: "spender: io_jobs' authority is the spender; the attacker signs as spender",
          prepare,
          expect: "NotIosdSpender",
          build: { ix: hold(attacker.publicKey), signers: [u.wallet, attacker] },
        },
        {
          cls: "signer",
          label: "spender: io_jobs' authority named at the top level, unsigned",
          prepare,
          expect: "MissingSigner",
          build: { ix: unsigned(hold(jobsAuthorityKey()[0]), 4), signers: [u.wallet] },
        },
      ];
    },
  },
  "io_token.release_iosd": {
    build: (s) => {
      const spender = spenderKeypair(s);
      const u = s.k.users[0];
      s.send([holdIosdIx(u.wallet.publicKey, u.token[Currency.Iosd], spender.publicKey, USD.muln(10))], [u.wallet, spender]);
      return { ix: releaseIosdIx(spender.publicKey, s.k.users[1].token[Currency.Iosd], USD.muln(6), new BN(0)), signers: [spender] };
    },
    replay: { refused: "InsufficientHeldIosd" },
    extra: (s) => {
      // As deployed: io_jobs' authority is the spender and holds the IOSD of an open job; an attacker releases it to itself
      const attacker = s.k.stranger;
      const prepare = (sc: Scene) => {
        const spender = fixed("iosd spender");
        sc.send([releaseIosdIx(spender.publicKey, sc.k.users[0].token[Currency.Iosd], USD.muln(10), new BN(0))], [spender]);
        realSpender(sc);
        sc.openJob(sc.k.users[0], Currency.Iosd, 2);
      };
      const to = attacker.token[Currency.Iosd];
      const release = (spender: PublicKey) => releaseIosdIx(spender, to, USD.muln(4), new BN(0));
      return [
        {
          cls: "impostor",
          label: "spender: io_jobs' authority holds a job's IOSD; the attacker signs as spender",
          prepare,
          expect: "NotIosdSpender",
          build: { ix: release(attacker.wallet.publicKey), signers: [attacker.wallet] },
        },
        {
          cls: "signer",
          label: "spender: io_jobs' authority named at the top level, unsigned",
          prepare,
          expect: "MissingSigner",
          build: { ix: unsigned(release(jobsAuthorityKey()[0]), 0), signers: [] },
        },
      ];
    },
  },

  // ---------------------------------------------------------------- io_oracle
  "io_oracle.initialize": {
    build: (s) => {
      s.erase([oracleConfigKey()[0], priceFeedKey()[0]]);
      return { ix: initializeOracleInstruction({ payer: s.k.admin.publicKey, ...DEFAULT_PRICE_PARAMS }), signers: [s.k.admin] };
    },
    replay: { refused: "AlreadyInitialized" },
    again: {
      expect: "AlreadyInitialized",
      build: (s) => ({ ix: initializeOracleInstruction({ payer: s.k.admin.publicKey, ...DEFAULT_PRICE_PARAMS, staleness: 60 }), signers: [s.k.admin] }),
    },
  },
  "io_oracle.propose_admin": oracleAdmin.propose,
  "io_oracle.accept_admin": oracleAdmin.accept,
  "io_oracle.set_oracle_set": {
    build: (s) => ({ ix: setOracleSetInstruction({ admin: s.k.admin.publicKey, quorum: 2, members: s.k.oracles.map((o) => o.publicKey) }), signers: [s.k.admin] }),
    replay: { repeats: "every call starts a new set version (submissions of the old set stop counting)" },
  },
  "io_oracle.set_price_params": {
    build: (s) => ({ ix: setPriceParamsInstruction({ admin: s.k.admin.publicKey, ...DEFAULT_PRICE_PARAMS, staleness: 900 }), signers: [s.k.admin] }),
    replay: { idempotent: "the same parameters again" },
  },
  "io_oracle.submit_price": {
    build: (s) => {
      const o = s.k.oracles[2];
      const ix = submitPriceInstruction({ oracle: o.publicKey, setVersion: 1, price: new BN(201_000_000), confidence: new BN(1_000_000), timestamp: new BN(s.now()) });
      return { ix, signers: [o] };
    },
    replay: { idempotent: "the oracle's slot already holds this submission: the aggregate is the same" },
  },

  // ---------------------------------------------------------------- io_jobs
  "io_jobs.register_node": {
    build: (s) => {
      const owner = s.wallet("new node owner");
      return { ix: registerNodeInstruction({ owner: owner.publicKey, deviceId: Buffer.alloc(32, 9), ...NODE_TERMS }), signers: [owner] };
    },
    replay: { refused: "NodeExists" },
    again: {
      expect: "NodeExists",
      build: (_s, first) => ({ ix: registerNodeInstruction({ owner: first.signers[0].publicKey, deviceId: Buffer.alloc(32, 9), ...NODE_TERMS, pricePerHour: USD.muln(9) }), signers: first.signers }),
    },
  },
  "io_jobs.update_node": {
    build: (s) => {
      const { owner, node } = s.k.node;
      return { ix: updateNodeInstruction({ owner: owner.publicKey, node, hardwareClass: 3, pricePerHour: USD.muln(3), usdShareBps: 7_000 }), signers: [owner] };
    },
    replay: { idempotent: "the same terms again" },
  },
  "io_jobs.retire_node": {
    build: (s) => {
      const n = s.registerNode("retiring");
      return { ix: retireNodeInstruction({ owner: n.owner.publicKey, node: n.node }), signers: [n.owner] };
    },
    replay: { refused: "InvalidNode" },
    revived: "InvalidNode",
  },
  "io_jobs.initialize": {
    build: (s) => {
      // io_jobs deployed but not initialised: its config, escrows and fee vaults erased
      const usdc = s.k.usdcMint;
      const [io] = ioMintKey();
      s.erase([jobsConfigKey()[0], escrowKey(usdc)[0], feeVaultKey(usdc)[0], escrowKey(io)[0], feeVaultKey(io)[0]]);
      return { ix: initializeJobsInstruction({ payer: s.k.admin.publicKey, usdcMint: usdc, ...DEFAULT_JOBS_PARAMS }), signers: [s.k.admin] };
    },
    replay: { refused: "AlreadyInitialized" },
    again: {
      expect: "AlreadyInitialized",
      build: (s) => ({ ix: initializeJobsInstruction({ payer: s.k.admin.publicKey, usdcMint: s.k.usdcMint, ...DEFAULT_JOBS_PARAMS, networkFeeBps: 0 }), signers: [s.k.admin] }),
    },
  },
  "io_jobs.set_job_params": {
    build: (s) => ({ ix: setJobParamsInstruction({ admin: s.k.admin.publicKey, ...DEFAULT_JOBS_PARAMS, challengeWindow: 7_200 }), signers: [s.k.admin] }),
    replay: { idempotent: "the same parameters again" },
  },
  "io_jobs.propose_admin": jobsAdmin.propose,
  "io_jobs.accept_admin": jobsAdmin.accept,
  "io_jobs.open_job": [openJob(Currency.Usdc), openJob(Currency.Io), openJob(Currency.Iosd)],
  "io_jobs.cancel_job": [cancelJob(Currency.Usdc), cancelJob(Currency.Iosd)],
  "io_jobs.refund_unstarted": {
    build: (s) => {
      const user = s.k.users[0];
      const job = s.openJob(user);
      s.warp(DEFAULT_JOBS_PARAMS.startTimeout + 1);
      const caller = s.wallet("refunder");
      return { ix: refundUnstartedInstruction({ caller: caller.publicKey, ...exitArgs(s, job, user, Currency.Usdc) }), signers: [caller] };
    },
    replay: { refused: "InvalidJob" },
    revived: "InvalidJob",
  },
  "io_jobs.attest_usage": {
    build: (s) => {
      const job = s.openJob(s.k.users[0]);
      s.warp(2 * HOUR);
      const o = s.k.oracles[0];
      return { ix: attestUsageInstruction({ oracle: o.publicKey, job, hours: 1 }), signers: [o] };
    },
    replay: { refused: "AttestationReused" },
  },
  "io_jobs.attest_reputation": {
    build: (s) => {
      // users[0] joined by its first job; an oracle of the set attests its conduct
      s.openJob(s.k.users[0]);
      const o = s.k.oracles[0];
      return { ix: attestReputationInstruction({ oracle: o.publicKey, user: s.k.users[0].wallet.publicKey, penaltyBps: 1_000 }), signers: [o] };
    },
    replay: { idempotent: "the same vote again: a member's vote is its latest figure" },
  },
  "io_jobs.end_job": {
    build: (s) => {
      const user = s.k.users[0];
      const job = s.openJob(user);
      return { ix: endJobInstruction({ caller: user.wallet.publicKey, job, node: s.k.node.node }), signers: [user.wallet] };
    },
    replay: { refused: "JobEnded" },
  },
  "io_jobs.dispute_job": {
    build: (s) => {
      const user = s.k.users[0];
      const job = s.openJob(user);
      s.warp(2 * HOUR);
      s.attest(job, 2);
      return { ix: disputeJobInstruction({ user: user.wallet.publicKey, job }), signers: [user.wallet] };
    },
    replay: { refused: "NotDisputable" },
  },
  "io_jobs.resolve_dispute": {
    build: (s) => {
      const user = s.k.users[0];
      const job = s.openJob(user);
      s.warp(2 * HOUR);
      s.attest(job, 2);
      s.send([disputeJobInstruction({ user: user.wallet.publicKey, job })], [user.wallet]);
      return { ix: resolveDisputeInstruction({ admin: s.k.admin.publicKey, job, hours: 1 }), signers: [s.k.admin] };
    },
    replay: { refused: "NotDisputed" },
  },
  "io_jobs.settle_jobs": [settleJobs(Currency.Usdc), settleJobs(Currency.Io), settleJobs(Currency.Iosd), settleReferred(Currency.Usdc), settleReferred(Currency.Iosd), settleReferredNode(Currency.Usdc)],
  "io_jobs.claim_earnings": [claimEarnings(Currency.Usdc), claimEarnings(Currency.Iosd)],
  "io_jobs.register_referral": {
    build: (s) => {
      // A newcomer (no job yet) names users[0], who joined by its first job
      const user = s.wallet("newcomer");
      return { ix: registerReferralInstruction({ user: user.publicKey, referrer: s.k.users[0].wallet.publicKey }), signers: [user] };
    },
    replay: { refused: "ProfileExists" },
    again: { expect: "ProfileExists" },
  },
  "io_jobs.claim_referral": [claimReferral(Currency.Usdc), claimReferral(Currency.Iosd)],
  "io_jobs.set_referral_params": {
    build: (s) => ({ ix: setReferralParamsInstruction({ admin: s.k.admin.publicKey, ...DEFAULT_REFERRAL_PARAMS }), signers: [s.k.admin] }),
    replay: { idempotent: "the same parameters again" },
  },
  "io_jobs.set_discount_tiers": {
    build: (s) => ({ ix: setDiscountTiersInstruction({ admin: s.k.admin.publicKey, ...DEFAULT_DISCOUNT_TIERS }), signers: [s.k.admin] }),
    replay: { idempotent: "the same table again" },
  },
  "io_jobs.sweep_io_fees": {
    build: (s) => {
      // An IO job settled: its network fee and token share wait in the IO fee vault
      const user = s.k.users[0];
      const job = settleableJob(s, Currency.Io, user);
      const caller = s.wallet("settler");
      s.send([settleIx(s, caller.publicKey, job, user, Currency.Io)], [caller]);
      const sweeper = s.wallet("sweeper");
      return { ix: sweepIoFeesInstruction({ caller: sweeper.publicKey }), signers: [sweeper] };
    },
    replay: { refused: "NothingToSweep" },
  },
  "io_jobs.sweep_usdc_fees": {
    build: (s) => {
      // A USDC job settled: its fees and token share wait in the USDC fee vault
      const user = s.k.users[0];
      const job = settleableJob(s, Currency.Usdc, user);
      const caller = s.wallet("settler");
      s.send([settleIx(s, caller.publicKey, job, user, Currency.Usdc)], [caller]);
      const sweeper = s.wallet("sweeper");
      return { ix: sweepUsdcFeesInstruction({ caller: sweeper.publicKey, usdcMint: s.k.usdcMint }), signers: [sweeper] };
    },
    replay: { refused: "NothingToSweep" },
  },
  "io_jobs.prove_reserves": {
    build: (s) => ({ ix: proveJobsReservesInstruction({ usdcMint: s.k.usdcMint }), signers: [] }),
    replay: { idempotent: "a proof reads only" },
  },

  // ---------------------------------------------------------------- io_staking
  "io_staking.initialize": {
    build: (s) => {
      s.erase([stakingConfigKey()[0], stakeVaultKey()[0], rewardsVaultKey()[0]]);
      return { ix: initializeStakingInstruction({ payer: s.k.admin.publicKey, ...STAKING_PARAMS }), signers: [s.k.admin] };
    },
    replay: { refused: "AlreadyInitialized" },
    again: {
      expect: "AlreadyInitialized",
      build: (s) => ({ ix: initializeStakingInstruction({ payer: s.k.admin.publicKey, ...STAKING_PARAMS, cooldown: 1 }), signers: [s.k.admin] }),
    },
  },
  "io_staking.set_staking_params": {
    build: (s) => ({ ix: setStakingParamsInstruction({ admin: s.k.admin.publicKey, ...STAKING_PARAMS, cooldown: 3 * DAY }), signers: [s.k.admin] }),
    replay: { idempotent: "the same parameters again" },
  },
  "io_staking.set_slashing": {
    build: (s) => ({ ix: setSlashingInstruction({ admin: s.k.admin.publicKey, slashBps: 4_000, slashWindow: DAY, slashVoteTtl: DAY }), signers: [s.k.admin] }),
    replay: { idempotent: "the same parameters again" },
  },
  "io_staking.set_priority_tiers": {
    build: (s) => ({ ix: setPriorityTiersInstruction({ admin: s.k.admin.publicKey, tiersIo: DEFAULT_PRIORITY_TIERS }), signers: [s.k.admin] }),
    replay: { idempotent: "the same thresholds again" },
  },
  "io_staking.set_usage_params": {
    build: (s) => ({ ix: setUsageParamsInstruction({ admin: s.k.admin.publicKey, ...DEFAULT_USAGE_PARAMS }), signers: [s.k.admin] }),
    replay: { idempotent: "the same terms again" },
  },
  "io_staking.register_participant": [
    {
      label: "node",
      build: (s) => {
        const n = s.registerNode("new participant node");
        return { ix: registerParticipantInstruction({ authority: n.owner.publicKey, key: n.node, kind: ParticipantKind.Node, shareBps: 200 }), signers: [n.owner] };
      },
      replay: { refused: "ParticipantExists" },
      again: {
        expect: "ParticipantExists",
        build: (_s, first) => {
          const authority = first.signers[0];
          const key = first.ix.keys[2].pubkey;
          return { ix: registerParticipantInstruction({ authority: authority.publicKey, key, kind: ParticipantKind.Node, shareBps: 300 }), signers: [authority] };
        },
      },
    },
    {
      label: "user",
      build: (s) => {
        const u = s.wallet("new user participant");
        return { ix: registerParticipantInstruction({ authority: u.publicKey, key: u.publicKey, kind: ParticipantKind.User, shareBps: 200 }), signers: [u] };
      },
      replay: { refused: "ParticipantExists" },
      again: { expect: "ParticipantExists" },
    },
  ],
  "io_staking.set_reward_share": {
    build: (s) => {
      const u = s.k.users[1].wallet;
      return { ix: setRewardShareInstruction({ authority: u.publicKey, participant: s.k.userParticipant, shareBps: 300 }), signers: [u] };
    },
    replay: { idempotent: "the same share from the same epoch" },
  },
  "io_staking.stake": [
    {
      label: "existing position",
      build: (s) => {
        const d = s.k.delegator;
        const participant = s.k.stakeNode.participant;
        return { ix: stakeInstruction({ staker: d.wallet.publicKey, participant, lastEpoch: epoch0(), stakerIo: d.io, amount: IO.muln(200) }), signers: [d.wallet] };
      },
      replay: { repeats: "the staker stakes another 200 IO" },
    },
    {
      label: "new position",
      build: (s) => {
        const u = s.k.users[0];
        const participant = s.k.stakeNode.participant;
        return { ix: stakeInstruction({ staker: u.wallet.publicKey, participant, lastEpoch: epoch0(), stakerIo: u.token[Currency.Io], amount: IO.muln(200) }), signers: [u.wallet] };
      },
      replay: { repeats: "the staker stakes another 200 IO into the position it opened" },
      again: { expect: { legit: "a position is created by the first stake and reused by the next: a second stake adds to it" } },
    },
  ],
  "io_staking.unstake": {
    build: (s) => {
      const d = s.k.delegator;
      return { ix: unstakeInstruction({ staker: d.wallet.publicKey, participant: s.k.stakeNode.participant, lastEpoch: epoch0(), amount: IO.muln(100) }), signers: [d.wallet] };
    },
    replay: { repeats: "another 100 IO into cooldown" },
  },
  "io_staking.withdraw": {
    build: (s) => {
      const d = s.k.delegator;
      const participant = s.k.stakeNode.participant;
      s.send([unstakeInstruction({ staker: d.wallet.publicKey, participant, lastEpoch: epoch0(), amount: IO.muln(100) })], [d.wallet]);
      s.warp(STAKING_PARAMS.cooldown);
      return { ix: withdrawInstruction({ staker: d.wallet.publicKey, participant, stakerIo: d.io }), signers: [d.wallet] };
    },
    replay: { refused: "CooldownActive" },
  },
  "io_staking.claim": {
    build: (s) => {
      const n = s.k.stakeNode;
      return { ix: claimInstruction({ staker: n.owner.publicKey, participant: n.participant, lastEpoch: epoch0(), to: n.ownerIo }), signers: [n.owner] };
    },
    replay: { refused: "NothingToClaim" },
  },
  "io_staking.attest_availability": {
    build: (s) => {
      // The open epoch: oracle 0 has voted; oracle 1's vote makes the quorum, which settles epoch 0's registration
      const n = s.k.stakeNode;
      const epoch = s.stakingConfig().epoch;
      const vote = (i: number) =>
        attestAvailabilityInstruction({ oracle: s.k.oracles[i].publicKey, participant: n.participant, lastEpoch: epoch0(), epoch, passed: true, reputationBps: 10_000, hardwareClass: 0 });
      s.send([vote(0)], [s.k.oracles[0]]);
      return { ix: vote(1), signers: [s.k.oracles[1]] };
    },
    replay: { refused: "AlreadyAttested" },
  },
  "io_staking.sync_points": {
    build: (s) => {
      // The staked node earns computing points from a settled job
      const n = s.k.stakeNode;
      const user = s.k.users[0];
      const job = settleableJob(s, Currency.Usdc, user, n.node);
      const caller = s.wallet("settler");
      s.send([settleIx(s, caller.publicKey, job, user, Currency.Usdc, n.node)], [caller]);
      return { ix: syncPointsInstruction({ participant: n.participant, node: n.node, lastEpoch: epoch0() }), signers: [] };
    },
    replay: { idempotent: "no new points since the last sync" },
  },
  "io_staking.sync_usage": {
    build: (s) => {
      // The user participant (users[1]) synced a settled job's usage in an epoch that has closed,
      // and paid for another since: the sync settles the closed registration (at the usage rate)
      // and registers the new usage
      const user = s.k.users[1];
      const caller = s.wallet("settler");
      const settleOne = () => {
        const job = settleableJob(s, Currency.Usdc, user);
        s.send([settleIx(s, caller.publicKey, job, user, Currency.Usdc)], [caller]);
      };
      s.send([setUsageParamsInstruction({ admin: s.k.admin.publicKey, ...DEFAULT_USAGE_PARAMS })], [s.k.admin]);
      settleOne();
      s.send([syncUsageInstruction({ user: user.wallet.publicKey, lastEpoch: s.lastEpoch(s.k.userParticipant) })], []);
      s.closeEpoch();
      settleOne();
      return { ix: syncUsageInstruction({ user: user.wallet.publicKey, lastEpoch: s.lastEpoch(s.k.userParticipant) }), signers: [] };
    },
    replay: { idempotent: "no new usage since the last sync" },
  },
  "io_staking.close_epoch": {
    build: (s) => {
      s.warp(DAY);
      s.send([crankInstruction({ rewardsVault: rewardsVaultKey()[0] })], []);
      const payer = s.wallet("epoch closer");
      return { ix: closeEpochInstruction({ payer: payer.publicKey, epoch: s.stakingConfig().epoch }), signers: [payer] };
    },
    replay: { refused: "WrongEpoch" },
    again: { expect: "WrongEpoch" },
  },
  "io_staking.vote_slash": {
    build: (s) => {
      const o = s.k.oracles[0];
      return { ix: voteSlashInstruction({ oracle: o.publicKey, participant: s.k.stakeNode.participant, reason: 1 }), signers: [o] };
    },
    replay: { refused: "AlreadyAttested" },
  },
  "io_staking.contest_slash": {
    build: (s) => {
      const n = s.k.stakeNode;
      slashPending(s);
      return { ix: contestSlashInstruction({ authority: n.owner.publicKey, participant: n.participant }), signers: [n.owner] };
    },
    replay: { refused: "NoSlash" },
  },
  "io_staking.resolve_slash": {
    build: (s) => {
      const n = s.k.stakeNode;
      slashPending(s);
      s.send([contestSlashInstruction({ authority: n.owner.publicKey, participant: n.participant })], [n.owner]);
      return { ix: resolveSlashInstruction({ caller: s.k.admin.publicKey, participant: n.participant, uphold: true }), signers: [s.k.admin] };
    },
    replay: { refused: "NoSlash" },
  },
  "io_staking.execute_slash": {
    build: (s) => {
      const n = s.k.stakeNode;
      slashPending(s);
      s.warp(DAY);
      return { ix: executeSlashInstruction({ participant: n.participant, operator: n.owner.publicKey }), signers: [] };
    },
    replay: { refused: "NoSlash" },
  },
  "io_staking.propose_admin": stakingAdmin.propose,
  "io_staking.accept_admin": stakingAdmin.accept,
  // Proofs of reserves: permissionless and read-only; the airdrop (one claim made) and its vault follow io_token's fixed accounts
  "io_token.prove_reserves": {
    build: (s) => ({ ix: proveReservesInstruction({ airdropIds: [s.k.airdrop.id] }), signers: [] }),
    replay: { idempotent: "a proof reads and changes nothing" },
    remaining: ["airdrop", "airdrop_vault"],
  },
  "io_staking.prove_reserves": {
    build: () => ({ ix: proveStakingReservesInstruction(), signers: [] }),
    replay: { idempotent: "a proof reads and changes nothing" },
  },

  // ---------------------------------------------------------------- io_buyback
  "io_buyback.initialize": {
    build: (s) => {
      s.erase([buybackConfigKey()[0], buybackUsdcVaultKey()[0], incentivesVaultKey()[0]]);
      return { ix: initializeBuybackInstruction({ payer: s.k.admin.publicKey, usdcMint: s.k.usdcMint, ...DEFAULT_BUYBACK_PARAMS }), signers: [s.k.admin] };
    },
    replay: { refused: "AlreadyInitialized" },
    again: {
      expect: "AlreadyInitialized",
      build: (s) => ({ ix: initializeBuybackInstruction({ payer: s.k.admin.publicKey, usdcMint: s.k.usdcMint, ...DEFAULT_BUYBACK_PARAMS, premiumBps: 0 }), signers: [s.k.admin] }),
    },
  },
  "io_buyback.set_buyback_params": {
    build: (s) => ({ ix: setBuybackParamsInstruction({ admin: s.k.admin.publicKey, ...DEFAULT_BUYBACK_PARAMS, premiumBps: 50 }), signers: [s.k.admin] }),
    replay: { idempotent: "the same parameters again" },
  },
  "io_buyback.set_guardian": {
    build: (s) => ({ ix: setGuardianInstruction({ admin: s.k.admin.publicKey, guardian: s.k.users[1].wallet.publicKey }), signers: [s.k.admin] }),
    replay: { idempotent: "the same guardian again" },
  },
  "io_buyback.pause": {
    build: (s) => ({ ix: pauseBuybackInstruction({ caller: s.k.admin.publicKey }), signers: [s.k.admin] }),
    replay: { idempotent: "paused already" },
  },
  "io_buyback.unpause": {
    build: (s) => {
      s.send([pauseBuybackInstruction({ caller: s.k.admin.publicKey })], [s.k.admin]);
      return { ix: unpauseBuybackInstruction({ admin: s.k.admin.publicKey }), signers: [s.k.admin] };
    },
    replay: { idempotent: "not paused already" },
  },
  "io_buyback.start_lot": {
    build: (s) => {
      s.postPrice();
      return { ix: startLotInstruction(), signers: [] };
    },
    replay: { refused: "LotLive" },
  },
  "io_buyback.buy": {
    build: buyFixture,
    replay: { repeats: "the buyer buys another $10 of the lot at the same rate" },
  },
  "io_buyback.spend_incentives": {
    build: (s) => {
      const ix = spendIncentivesInstruction({ admin: s.k.admin.publicKey, usdcMint: s.k.usdcMint, destination: s.k.users[1].token[Currency.Usdc], amount: USD.muln(25) });
      return { ix, signers: [s.k.admin] };
    },
    replay: { repeats: "another $25 paid" },
  },
  "io_buyback.prove_reserves": {
    build: () => ({ ix: proveBuybackReservesInstruction(), signers: [] }),
    replay: { idempotent: "a proof changes nothing" },
  },
  "io_buyback.propose_admin": buybackAdmin.propose,
  "io_buyback.accept_admin": buybackAdmin.accept,
  "io_staking.lock_position": {
    build: (s) => {
      const n = s.k.stakeNode;
      const proposal = govProposal(s);
      return { ix: lockPositionInstruction({ staker: n.owner.publicKey, position: positionKey(n.participant, n.owner.publicKey)[0], proposal }), signers: [n.owner] };
    },
    replay: { idempotent: "the lock already reaches the proposal's lock end" },
  },

  // ---------------------------------------------------------------- io_governance
  "io_governance.initialize": {
    build: (s) => {
      s.erase([governanceConfigKey()[0]]);
      return { ix: initializeGovernanceInstruction({ payer: s.k.admin.publicKey, guardian: s.k.guardian.publicKey, ...MATRIX_GOV_PARAMS }), signers: [s.k.admin] };
    },
    replay: { refused: "AlreadyInitialized" },
    again: {
      expect: "AlreadyInitialized",
      build: (s) => ({ ix: initializeGovernanceInstruction({ payer: s.k.admin.publicKey, guardian: s.k.admin.publicKey, ...MATRIX_GOV_PARAMS }), signers: [s.k.admin] }),
    },
  },
  "io_governance.propose": {
    build: (s) => {
      govDeposit(s);
      const n = s.k.stakeNode;
      const position = positionKey(n.participant, n.owner.publicKey)[0];
      return { ix: proposeInstruction({ proposer: n.owner.publicKey, position, index: 0, action: GovAction.JobParam, target: 0, value: new BN(600) }), signers: [n.owner] };
    },
    replay: { refused: "WrongProposalIndex" },
    // Each action's target config follows the IDL's accounts (one action here).
    remaining: ["target_config"],
    again: { expect: "WrongProposalIndex" },
  },
  "io_governance.vote": {
    build: (s) => {
      const n = s.k.stakeNode;
      const position = positionKey(n.participant, n.owner.publicKey)[0];
      const proposal = govProposal(s);
      s.send([lockPositionInstruction({ staker: n.owner.publicKey, position, proposal })], [n.owner]);
      return { ix: voteInstruction({ voter: n.owner.publicKey, proposal, position, choice: VoteChoice.Yes }), signers: [n.owner] };
    },
    replay: { refused: "AlreadyVoted" },
    again: { expect: "AlreadyVoted" },
  },
  "io_governance.queue": {
    build: (s) => {
      const proposal = govProposal(s);
      govVote(s, proposal);
      s.warp(MATRIX_GOV_PARAMS.votingPeriod);
      const caller = s.wallet("queuer");
      return { ix: queueInstruction({ caller: caller.publicKey, proposal }), signers: [caller] };
    },
    replay: { refused: "WrongState" },
  },
  "io_governance.execute": {
    build: (s) => {
      const proposal = govQueued(s);
      s.warp(MATRIX_GOV_PARAMS.timelock);
      const caller = s.wallet("executor caller");
      return { ix: executeInstruction({ caller: caller.publicKey, proposal, action: GovAction.AcceptAdmin, target: 2 }), signers: [caller] };
    },
    replay: { refused: "NotQueued" },
    // Each action's program and config follow the IDL's accounts (one action here).
    remaining: ["target_program", "target_config"],
  },
  "io_governance.cancel": {
    build: (s) => {
      const proposal = govProposal(s);
      return { ix: cancelInstruction({ proposer: s.k.stakeNode.owner.publicKey, proposal }), signers: [s.k.stakeNode.owner] };
    },
    replay: { refused: "WrongState" },
  },
  "io_governance.accept_admin": {
    build: (s) => {
      // The admin proposed the executor as io_jobs' admin; anyone completes it.
      s.send([proposeJobsAdminInstruction({ admin: s.k.admin.publicKey, newAdmin: executorKey()[0] })], [s.k.admin]);
      return { ix: acceptGovernanceAdminInstruction({ target: 2 }), signers: [] };
    },
    replay: { refused: "NoPendingAdmin" },
  },
  "io_governance.veto": {
    build: (s) => {
      const proposal = govQueued(s);
      return { ix: vetoInstruction({ guardian: s.k.guardian.publicKey, proposal }), signers: [s.k.guardian] };
    },
    replay: { refused: "NotQueued" },
  },
  "io_governance.reclaim_buffer": {
    build: (s) => {
      // io_governance's upgrade authority handed to the executor, a loader buffer held by the
      // staked node's owner, its upgrade proposal (which hands the buffer to the executor), then
      // cancelled by it: the proposal can never execute, anyone gives the buffer back.
      const n = s.k.stakeNode;
      s.send([setUpgradeAuthorityInstruction({ program: IO_GOVERNANCE_PROGRAM_ID, authority: s.k.admin.publicKey, newAuthority: executorKey()[0] })], [s.k.admin]);
      const buffer = s.wallet("upgrade buffer").publicKey;
      const header = Buffer.alloc(BUFFER_HEADER);
      header.writeUInt32LE(1, 0);
      header.writeUInt8(1, 4);
      n.owner.publicKey.toBuffer().copy(header, 5);
      s.chain.setAccount(buffer, { data: Buffer.concat([header, Buffer.alloc(64, 0x5a)]), owner: BPF_LOADER_UPGRADEABLE_ID });
      const proposal = govProposal(s, GovAction.Upgrade, 5, new BN(0), buffer);
      s.send([cancelInstruction({ proposer: n.owner.publicKey, proposal })], [n.owner]);
      return { ix: reclaimBufferInstruction({ proposal, position: 0, buffer, proposer: n.owner.publicKey }), signers: [] };
    },
    replay: { refused: "BufferAlreadyReclaimed" },
  },
  "io_governance.refund_deposit": {
    build: (s) => {
      // A proposal that took the deposit, and its voting over; anyone asks for it back.
      govDeposit(s);
      const n = s.k.stakeNode;
      const proposal = govProposal(s);
      s.warp(MATRIX_GOV_PARAMS.votingPeriod);
      return { ix: refundDepositInstruction({ proposal, proposer: n.owner.publicKey }), signers: [] };
    },
    replay: { refused: "DepositAlreadyRefunded" },
  },
};

/** The staked node's owner proposes (its 1,000 IO own stake, untouched since epoch 0, votes); `action` defaults to accepting io_jobs' admin. */
function govProposal(s: Scene, action = GovAction.AcceptAdmin, target = 2, value = new BN(0), key?: PublicKey): PublicKey {
  const n = s.k.stakeNode;
  const index = decodeGovernanceConfig(s.chain.account(governanceConfigKey()[0])!).proposalCount;
  const position = positionKey(n.participant, n.owner.publicKey)[0];
  s.send([proposeInstruction({ proposer: n.owner.publicKey, position, index, action, target, value, key })], [n.owner]);
  return proposalKey(index)[0];
}

/** The proposal deposit set to 1 IO (as parameter 71 would: the config's field written in place) and 5 IO released to the staked node's owner's IO account. */
function govDeposit(s: Scene): void {
  const config = s.chain.account(governanceConfigKey()[0])!;
  const data = Buffer.from(config.data);
  data.writeBigUInt64LE(BigInt(IO.toString()), 79);
  s.chain.setAccount(governanceConfigKey()[0], { data, owner: config.owner, lamports: BigInt(config.lamports) });
  const owner = s.k.stakeNode.owner.publicKey;
  s.send([releaseInstruction({ admin: s.k.admin.publicKey, bucket: 4, amount: IO.muln(5), destination: s.tokenAccount(owner, Currency.Io) })], [s.k.admin]);
}

/** The owner locks its position and votes yes on `proposal`. */
function govVote(s: Scene, proposal: PublicKey): void {
  const n = s.k.stakeNode;
  const position = positionKey(n.participant, n.owner.publicKey)[0];
  s.send(
    [lockPositionInstruction({ staker: n.owner.publicKey, position, proposal }), voteInstruction({ voter: n.owner.publicKey, proposal, position, choice: VoteChoice.Yes })],
    [n.owner],
  );
}

/** A proposal to accept io_jobs' admin (proposed to the executor first), passed and queued. */
function govQueued(s: Scene): PublicKey {
  s.send([proposeJobsAdminInstruction({ admin: s.k.admin.publicKey, newAdmin: executorKey()[0] })], [s.k.admin]);
  const proposal = govProposal(s);
  govVote(s, proposal);
  s.warp(MATRIX_GOV_PARAMS.votingPeriod);
  s.send([queueInstruction({ caller: s.k.users[0].wallet.publicKey, proposal })], [s.k.users[0].wallet]);
  return proposal;
}

/** A quorum of oracles votes to slash the staked node: its slash is pending. */
function slashPending(s: Scene): void {
  for (const o of s.k.oracles.slice(0, 2)) {
    s.send([voteSlashInstruction({ oracle: o.publicKey, participant: s.k.stakeNode.participant, reason: 1 })], [o]);
  }
}

/** The fixtures of an instruction, as a list. */
export function fixturesOf(id: string): Fixture[] {
  const f = FIXTURES[id];
  return f === undefined ? [] : Array.isArray(f) ? f : [f];
}

export type { Built };
