/**
 * The attack matrix's world, built once on the real .so files and restored from LiteSVM's
 * snapshot bytes for every instruction: all four programs initialised (three oracles, quorum
 * two), users holding USDC, IO and IOSD, a staked node participant with a delegator and a
 * registration outstanding in the closed epoch 0 (epoch 1 closed too, epoch 2 open), a user participant, a vesting grant, an
 * airdrop with one claim made, an open job, a second SPL Token mint, io_buyback with USDC in both
 * vaults and no lot started, and a fee payer that no instruction names. Every actor's key comes from a fixed seed.
 */
import {
  createAssociatedTokenAccountIdempotentInstruction,
  createInitializeMint2Instruction,
  createMintToInstruction,
  getAssociatedTokenAddressSync,
  MINT_SIZE,
  TOKEN_2022_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
} from "@solana/spl-token";
import { AccountInfo, Keypair, PublicKey, SystemProgram } from "@solana/web3.js";
import BN from "bn.js";
import { createHash } from "crypto";
import { LiteSVM } from "litesvm";
import {
  buybackUsdcVaultKey,
  DEFAULT_BUYBACK_PARAMS,
  incentivesVaultKey,
  initializeBuybackInstruction,
  IO_BUYBACK_PROGRAM_ID,
  addBeneficiaryInstruction,
  attestAvailabilityInstruction,
  buildAirdropTree,
  claimAirdropInstruction,
  createAirdropInstruction,
  Currency,
  jobKey,
  ParticipantKind,
  participantKey,
  registerParticipantInstruction,
  initializeGovernanceInstruction,
  IO_GOVERNANCE_PROGRAM_ID,
} from "../../sdk/src";
import { EmbeddedChain } from "../../cli/chain";
import { IO, User } from "../jobs-world";
import { StakeNode, StakingWorld } from "../staking-world";

/** A keypair from a fixed label: the same on every run. */
export function fixed(label: string): Keypair {
  return Keypair.fromSeed(createHash("sha256").update(`io-protocol attack matrix: ${label}`).digest());
}

/** An account's raw state, or null when it does not exist (no lamports). */
export interface Raw {
  lamports: bigint;
  owner: PublicKey;
  executable: boolean;
  data: Buffer;
}

/** The embedded chain restored from snapshot bytes, with raw reads and writes for undo. */
export class MatrixChain extends EmbeddedChain {
  constructor(
    svm: LiteSVM,
    /** Pays every fee; named by no instruction. */
    readonly payer: Keypair,
  ) {
    super(svm);
  }

  raw(key: PublicKey): Raw | null {
    const a: AccountInfo<Buffer> | null = this.account(key);
    if (!a || a.lamports === 0) return null;
    return { lamports: BigInt(a.lamports), owner: a.owner, executable: a.executable, data: Buffer.from(a.data) };
  }

  /** Writes `raw` back (null: the account is gone). */
  put(key: PublicKey, raw: Raw | null): void {
    if (raw) this.setAccount(key, { data: raw.data, owner: raw.owner, executable: raw.executable, lamports: raw.lamports });
    else this.setAccount(key, { data: Buffer.alloc(0), owner: SystemProgram.programId, lamports: 0n });
  }

  /** Lamports, owner and bytes of `keys`, for "state did not change" (a gone account is "none"). */
  snapshot(keys: PublicKey[]): string {
    return keys
      .map((k) => {
        const a = this.raw(k);
        return a ? `${k.toBase58()}:${a.lamports}:${a.owner.toBase58()}:${a.data.toString("hex")}` : `${k.toBase58()}:none`;
      })
      .join("|");
  }
}

export interface Airdrop {
  id: number;
  tree: ReturnType<typeof buildAirdropTree>;
  amounts: Map<string, BN>;
  /** Claimed in the world (its receipt exists). */
  claimed: Keypair;
  /** Eligible and not claimed yet. */
  unclaimed: Keypair;
  deadline: number;
}

/** Everything a fixture needs to know about the world; the same for every restored copy. */
export interface WorldKeys {
  feePayer: Keypair;
  /** The admin of all four programs (their upgrade authority). */
  admin: Keypair;
  oracles: Keypair[];
  usdcMint: PublicKey;
  /** USDC's mint authority (mints test USDC). */
  usdcMintAuthority: Keypair;
  /** A second SPL Token mint with 6 decimals: a USDC look-alike. */
  fakeUsdcMint: PublicKey;
  /** A second Token-2022 mint with 8 decimals and no extensions: an IO look-alike. */
  fakeIoMint: PublicKey;
  /** The io_jobs world's node (no participant, no stake) and its owner. */
  node: { owner: Keypair; node: PublicKey; deviceId: Buffer };
  users: User[];
  stranger: User;
  /** A node participant with own stake and a registration outstanding in closed epoch 0 (epoch 2 is open). */
  stakeNode: StakeNode;
  /** A delegator of `stakeNode` (500 IO, active from epoch 1). */
  delegator: { wallet: Keypair; io: PublicKey };
  /** users[1] registered as a user participant. */
  userParticipant: PublicKey;
  beneficiary: { wallet: Keypair; io: PublicKey; bucket: number };
  airdrop: Airdrop;
  /** An open 10-hour USDC job of users[0] on `node`. */
  job: { key: PublicKey; nonce: BN };
  /** io_governance's guardian (governance initialised with MATRIX_GOV_PARAMS). */
  guardian: Keypair;
}

/** io_governance's rules in the matrix world: a 1-hour vote, 1-hour timelock, 1-day grace. */
export const MATRIX_GOV_PARAMS = {
  votingPeriod: 3_600,
  quorumBps: 1_000,
  thresholdBps: 5_000,
  timelock: 3_600,
  gracePeriod: 86_400,
  lateQuorumExtension: 1_800,
  proposalThreshold: IO.muln(100),
};

export interface BuiltWorld {
  keys: WorldKeys;
  bytes: Uint8Array;
}

/** Builds the world (about a second) and takes its snapshot. */
export function buildWorld(): BuiltWorld {
  const w = new StakingWorld({ usdcMint: fixed("usdc mint"), nodeOwner: fixed("node owner") });
  const jobs = w.jobs;
  const chain = w.chain;
  const admin = jobs.admin;
  const feePayer = fixed("fee payer");
  chain.airdrop(feePayer.publicKey, 1_000);

  // A USDC look-alike: another SPL Token mint with 6 decimals.
  const fake = fixed("fake usdc mint");
  jobs.send(
    [
      SystemProgram.createAccount({ fromPubkey: chain.payer.publicKey, newAccountPubkey: fake.publicKey, lamports: 1_461_600, space: MINT_SIZE, programId: TOKEN_PROGRAM_ID }),
      createInitializeMint2Instruction(fake.publicKey, 6, chain.payer.publicKey, null),
    ],
    [chain.payer, fake],
  );

  // An IO look-alike: another Token-2022 mint with 8 decimals and no extensions.
  const fakeIo = fixed("fake io mint");
  jobs.send(
    [
      SystemProgram.createAccount({ fromPubkey: chain.payer.publicKey, newAccountPubkey: fakeIo.publicKey, lamports: 1_461_600, space: MINT_SIZE, programId: TOKEN_2022_PROGRAM_ID }),
      createInitializeMint2Instruction(fakeIo.publicKey, 8, chain.payer.publicKey, null, TOKEN_2022_PROGRAM_ID),
    ],
    [chain.payer, fakeIo],
  );

  const users = [jobs.user(fixed("user 0")), jobs.user(fixed("user 1"))];
  const stranger = jobs.user(fixed("stranger"));
  // The stranger also holds accounts of the look-alike mints.
  for (const [mint, program] of [
    [fake.publicKey, TOKEN_PROGRAM_ID],
    [fakeIo.publicKey, TOKEN_2022_PROGRAM_ID],
  ]) {
    const account = getAssociatedTokenAddressSync(mint, stranger.wallet.publicKey, false, program);
    jobs.send([createAssociatedTokenAccountIdempotentInstruction(chain.payer.publicKey, account, stranger.wallet.publicKey, mint, program)], [chain.payer]);
  }

  // A staked node participant, a delegator, a user participant.
  const stakeNode = w.node("matrix node", 200, IO.muln(1_000), 0, fixed("operator"));
  const delegator = w.wallet(IO.muln(1_000), fixed("delegator"));
  const res = w.stake(delegator.wallet, delegator.io, stakeNode.participant, IO.muln(500));
  if (!res.ok) throw new Error(`delegating failed: ${res.error}`);
  const u1 = users[1].wallet;
  jobs.send([registerParticipantInstruction({ authority: u1.publicKey, key: u1.publicKey, kind: ParticipantKind.User, shareBps: 200 })], [u1]);

  // Epoch 0: the node's availability attested by a quorum, then the epoch closed: its
  // registration is outstanding in epoch 0 (every position instruction settles it first).
  for (const o of jobs.oracles.slice(0, 2)) {
    const lastEpoch = w.lastEpoch(stakeNode.participant);
    jobs.send([attestAvailabilityInstruction({ oracle: o.publicKey, participant: stakeNode.participant, lastEpoch, epoch: 0, passed: true, reputationBps: 10_000, hardwareClass: 0 })], [o]);
  }
  // Epoch 1 closes too (nothing registered): two Epoch accounts, for "another instance" of one.
  for (const epoch of [0, 1]) {
    const closed = w.closeEpoch();
    if (!closed.ok) throw new Error(`closing epoch ${epoch} failed: ${closed.error}`);
  }
  jobs.postPrice();

  // A vesting grant (genesis stays unlocked: add_beneficiary and lock_genesis have work to do).
  const beneficiary = { ...w.wallet(IO.muln(1), fixed("beneficiary")), bucket: 0 };
  jobs.send([addBeneficiaryInstruction({ admin: admin.publicKey, bucket: 0, beneficiary: beneficiary.wallet.publicKey, amount: IO.muln(1_000_000) })], [admin]);

  // Airdrop 1: two eligible wallets, one of which has claimed.
  const claimed = jobs.funded(fixed("airdrop claimed"));
  const unclaimed = jobs.funded(fixed("airdrop unclaimed"));
  const entries = [
    { wallet: claimed.publicKey, amount: IO.muln(10) },
    { wallet: unclaimed.publicKey, amount: IO.muln(20) },
    { wallet: fixed("airdrop third").publicKey, amount: IO.muln(30) },
  ];
  const tree = buildAirdropTree(entries);
  const deadline = Number(chain.now()) + 30 * 86_400;
  jobs.send([createAirdropInstruction({ admin: admin.publicKey, id: 1, root: tree.root, total: tree.total, deadline: new BN(deadline) })], [admin]);
  const claimedIo = jobs.tokenAccount(claimed.publicKey, Currency.Io);
  jobs.tokenAccount(unclaimed.publicKey, Currency.Io);
  jobs.send(
    [claimAirdropInstruction({ claimant: claimed.publicKey, id: 1, amount: IO.muln(10), proof: tree.proofs.get(claimed.publicKey.toBase58())!, destination: claimedIo })],
    [claimed],
  );
  const airdrop: Airdrop = { id: 1, tree, amounts: new Map(entries.map((e) => [e.wallet.toBase58(), e.amount])), claimed, unclaimed, deadline };

  // An open USDC job, and one of another user.
  const nonce = new BN(1_000);
  jobs.send([jobs.openJobInstruction(users[0], nonce, 10, Currency.Usdc)], [users[0].wallet]);
  jobs.send([jobs.openJobInstruction(users[1], nonce, 10, Currency.Usdc)], [users[1].wallet]);

  // io_buyback initialised, $1,000 in its USDC vault and $300 in the incentives vault (no lot yet).
  chain.deployUpgradeable(IO_BUYBACK_PROGRAM_ID, "io_buyback", admin.publicKey);
  jobs.send([initializeBuybackInstruction({ payer: admin.publicKey, usdcMint: jobs.usdcMint, ...DEFAULT_BUYBACK_PARAMS })], [admin]);
  jobs.send([createMintToInstruction(jobs.usdcMint, buybackUsdcVaultKey()[0], chain.payer.publicKey, 1_000_000_000n)], [chain.payer]);
  jobs.send([createMintToInstruction(jobs.usdcMint, incentivesVaultKey()[0], chain.payer.publicKey, 300_000_000n)], [chain.payer]);

  // io_governance, with a guardian.
  const guardian = jobs.funded(fixed("guardian"));
  chain.deployUpgradeable(IO_GOVERNANCE_PROGRAM_ID, "io_governance", admin.publicKey);
  jobs.send([initializeGovernanceInstruction({ payer: admin.publicKey, guardian: guardian.publicKey, ...MATRIX_GOV_PARAMS })], [admin]);

  const deviceId = createHash("sha256").update("gpu-node-0").digest();
  const keys: WorldKeys = {
    feePayer,
    admin,
    oracles: jobs.oracles,
    usdcMint: jobs.usdcMint,
    usdcMintAuthority: chain.payer,
    fakeUsdcMint: fake.publicKey,
    fakeIoMint: fakeIo.publicKey,
    node: { owner: jobs.nodeOwner, node: jobs.node, deviceId },
    users,
    stranger,
    stakeNode,
    delegator,
    userParticipant: participantKey(u1.publicKey)[0],
    beneficiary,
    airdrop,
    job: { key: jobKey(users[0].wallet.publicKey, nonce)[0], nonce },
    guardian,
  };
  return { keys, bytes: chain.svm.toBytes() };
}

/** A chain restored from the world's bytes. */
export function restore(w: BuiltWorld): MatrixChain {
  return new MatrixChain(LiteSVM.fromBytes(w.bytes), w.keys.feePayer);
}

export const TOKEN_PROGRAMS = [TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID];
