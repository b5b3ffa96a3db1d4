/**
 * io_token instruction builders: each returns one instruction. They are thin wrappers over the
 * generated builders (./generated.ts, from the IDL: accounts, flags and data encoding), which
 * resolve the PDAs the caller does not name.
 */
import { Buffer } from "buffer";
import { PublicKey, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import { BUCKETS, IO_TOKEN_PROGRAM_ID } from "./constants";
import * as gen from "./generated";
import {
  airdropKey,
  airdropVaultKey,
  authorityKey,
  configKey,
  emissionKey,
  grantKey,
  ioMintKey,
  programDataKey,
  receiptKey,
  vaultKey,
} from "./pdas";
import { iosdMintKey, iosdStateKey } from "./iosd";

/** The five genesis vaults, as the IDL names them (seed, series A, core contributors, ecosystem, community). */
function genesisVaults(programId: PublicKey) {
  const [vaultSeed, vaultSeriesA, vaultCoreContributors, vaultEcosystem, vaultCommunity] = BUCKETS.map((b) => vaultKey(b.index, programId)[0]);
  return { vaultSeed, vaultSeriesA, vaultCoreContributors, vaultEcosystem, vaultCommunity };
}

export interface InitializeArgs {
  /** Pays for the accounts; must be the program's upgrade authority. Becomes the admin. */
  payer: PublicKey;
  name: string;
  symbol: string;
  uri: string;
  programId?: PublicKey;
}

/** `initialize`: config, IO mint with metadata, and the 500M IO genesis in the five vaults. */
export function initializeInstruction(args: InitializeArgs): TransactionInstruction {
  const programId = args.programId ?? IO_TOKEN_PROGRAM_ID;
  return gen.initialize(
    {
      payer: args.payer,
      programData: programDataKey(programId)[0],
      config: configKey(programId)[0],
      authority: authorityKey(programId)[0],
      ioMint: ioMintKey(programId)[0],
      ...genesisVaults(programId),
    },
    { name: args.name, symbol: args.symbol, uri: args.uri },
    programId,
  );
}

export interface ProposeAdminArgs {
  admin: PublicKey;
  /** The successor; `PublicKey.default` cancels a pending proposal. */
  newAdmin: PublicKey;
  programId?: PublicKey;
}

/** `propose_admin`: step one of the admin hand-over, signed by the current admin. */
export function proposeAdminInstruction(args: ProposeAdminArgs): TransactionInstruction {
  const programId = args.programId ?? IO_TOKEN_PROGRAM_ID;
  return gen.proposeAdmin({ admin: args.admin, config: configKey(programId)[0] }, { newAdmin: args.newAdmin }, programId);
}

export interface AcceptAdminArgs {
  newAdmin: PublicKey;
  programId?: PublicKey;
}

/** `accept_admin`: step two of the admin hand-over, signed by the proposed admin. */
export function acceptAdminInstruction(args: AcceptAdminArgs): TransactionInstruction {
  const programId = args.programId ?? IO_TOKEN_PROGRAM_ID;
  return gen.acceptAdmin({ newAdmin: args.newAdmin, config: configKey(programId)[0] }, {}, programId);
}

export interface InitEmissionsArgs {
  admin: PublicKey;
  /** An IO token account (Token-2022) that receives the emissions. */
  rewardsVault: PublicKey;
  programId?: PublicKey;
}

/** `init_emissions`: the emission state, counting whole hours from genesis. Admin only. */
export function initEmissionsInstruction(args: InitEmissionsArgs): TransactionInstruction {
  const programId = args.programId ?? IO_TOKEN_PROGRAM_ID;
  return gen.initEmissions(
    { admin: args.admin, config: configKey(programId)[0], emission: emissionKey(programId)[0], rewardsVault: args.rewardsVault },
    {},
    programId,
  );
}

/** `set_rewards_vault`: emissions go to another IO token account. Admin only. */
export function setRewardsVaultInstruction(args: InitEmissionsArgs): TransactionInstruction {
  const programId = args.programId ?? IO_TOKEN_PROGRAM_ID;
  return gen.setRewardsVault(
    { admin: args.admin, config: configKey(programId)[0], emission: emissionKey(programId)[0], rewardsVault: args.rewardsVault },
    {},
    programId,
  );
}

export interface CrankArgs {
  /** The rewards vault recorded in the emission state. */
  rewardsVault: PublicKey;
  programId?: PublicKey;
}

/** `crank`: mints the schedule up to the current whole hour. Anyone may send it. */
export function crankInstruction(args: CrankArgs): TransactionInstruction {
  const programId = args.programId ?? IO_TOKEN_PROGRAM_ID;
  return gen.crank(
    { emission: emissionKey(programId)[0], authority: authorityKey(programId)[0], ioMint: ioMintKey(programId)[0], rewardsVault: args.rewardsVault },
    {},
    programId,
  );
}

export interface AddBeneficiaryArgs {
  admin: PublicKey;
  /** 0 seed, 1 series A, 2 core contributors. */
  bucket: number;
  beneficiary: PublicKey;
  amount: BN;
  programId?: PublicKey;
}

/** `add_beneficiary`: a grant in a vesting bucket, before `lock_genesis`. Admin only. */
export function addBeneficiaryInstruction(args: AddBeneficiaryArgs): TransactionInstruction {
  const programId = args.programId ?? IO_TOKEN_PROGRAM_ID;
  return gen.addBeneficiary(
    { admin: args.admin, config: configKey(programId)[0], grant: grantKey(args.bucket, args.beneficiary, programId)[0] },
    { bucket: args.bucket, beneficiary: args.beneficiary, amount: args.amount },
    programId,
  );
}

/** `lock_genesis`: no more grants. Admin only. */
export function lockGenesisInstruction(args: { admin: PublicKey; programId?: PublicKey }): TransactionInstruction {
  const programId = args.programId ?? IO_TOKEN_PROGRAM_ID;
  return gen.lockGenesis({ admin: args.admin, config: configKey(programId)[0] }, {}, programId);
}

export interface ClaimVestedArgs {
  beneficiary: PublicKey;
  bucket: number;
  /** An IO token account to receive the unlocked IO. */
  destination: PublicKey;
  programId?: PublicKey;
}

/** `claim_vested`: the beneficiary takes what has unlocked. */
export function claimVestedInstruction(args: ClaimVestedArgs): TransactionInstruction {
  const programId = args.programId ?? IO_TOKEN_PROGRAM_ID;
  return gen.claimVested(
    {
      beneficiary: args.beneficiary,
      config: configKey(programId)[0],
      grant: grantKey(args.bucket, args.beneficiary, programId)[0],
      authority: authorityKey(programId)[0],
      ioMint: ioMintKey(programId)[0],
      vault: vaultKey(args.bucket, programId)[0],
      destination: args.destination,
    },
    {},
    programId,
  );
}

export interface ReleaseArgs {
  admin: PublicKey;
  /** 3 research & ecosystem, 4 community. */
  bucket: number;
  amount: BN;
  destination: PublicKey;
  programId?: PublicKey;
}

/** `release`: IO out of research & ecosystem or community. Admin only. */
export function releaseInstruction(args: ReleaseArgs): TransactionInstruction {
  const programId = args.programId ?? IO_TOKEN_PROGRAM_ID;
  return gen.release(
    {
      admin: args.admin,
      config: configKey(programId)[0],
      authority: authorityKey(programId)[0],
      ioMint: ioMintKey(programId)[0],
      vault: vaultKey(args.bucket, programId)[0],
      destination: args.destination,
    },
    { bucket: args.bucket, amount: args.amount },
    programId,
  );
}

export interface CreateAirdropArgs {
  admin: PublicKey;
  id: number;
  root: Buffer;
  total: BN;
  /** Unix time after which claims fail and anyone may close the airdrop. */
  deadline: BN;
  programId?: PublicKey;
}

/** `create_airdrop`: funds airdrop `id` from the community vault. Admin only. */
export function createAirdropInstruction(args: CreateAirdropArgs): TransactionInstruction {
  const programId = args.programId ?? IO_TOKEN_PROGRAM_ID;
  return gen.createAirdrop(
    {
      admin: args.admin,
      config: configKey(programId)[0],
      airdrop: airdropKey(args.id, programId)[0],
      airdropVault: airdropVaultKey(args.id, programId)[0],
      authority: authorityKey(programId)[0],
      ioMint: ioMintKey(programId)[0],
      communityVault: vaultKey(4, programId)[0],
    },
    { id: args.id, root: args.root, total: args.total, deadline: args.deadline },
    programId,
  );
}

export interface ClaimAirdropArgs {
  claimant: PublicKey;
  id: number;
  amount: BN;
  proof: Buffer[];
  destination: PublicKey;
  programId?: PublicKey;
}

/** `claim_airdrop`: the claimant takes its amount with a Merkle proof, once. */
export function claimAirdropInstruction(args: ClaimAirdropArgs): TransactionInstruction {
  const programId = args.programId ?? IO_TOKEN_PROGRAM_ID;
  const [airdrop] = airdropKey(args.id, programId);
  return gen.claimAirdrop(
    {
      claimant: args.claimant,
      airdrop,
      receipt: receiptKey(airdrop, args.claimant, programId)[0],
      airdropVault: airdropVaultKey(args.id, programId)[0],
      authority: authorityKey(programId)[0],
      ioMint: ioMintKey(programId)[0],
      destination: args.destination,
    },
    { amount: args.amount, proof: args.proof },
    programId,
  );
}

/** `close_airdrop`: after the deadline, returns the unclaimed IO to the community vault. */
export function closeAirdropInstruction(args: { id: number; programId?: PublicKey }): TransactionInstruction {
  const programId = args.programId ?? IO_TOKEN_PROGRAM_ID;
  return gen.closeAirdrop(
    {
      config: configKey(programId)[0],
      airdrop: airdropKey(args.id, programId)[0],
      airdropVault: airdropVaultKey(args.id, programId)[0],
      authority: authorityKey(programId)[0],
      ioMint: ioMintKey(programId)[0],
      communityVault: vaultKey(4, programId)[0],
    },
    {},
    programId,
  );
}

/** `set_remint_cap`: net emissions, burned IO re-mintable per hour. Admin only. */
export function setRemintCapInstruction(args: { admin: PublicKey; capPerHour: BN; programId?: PublicKey }): TransactionInstruction {
  const programId = args.programId ?? IO_TOKEN_PROGRAM_ID;
  return gen.setRemintCap({ admin: args.admin, config: configKey(programId)[0], emission: emissionKey(programId)[0] }, { capPerHour: args.capPerHour }, programId);
}

export interface ProveReservesArgs {
  /** Open or closed airdrops whose vaults to prove too (each adds its airdrop and vault). */
  airdropIds?: number[];
  programId?: PublicKey;
}

/**
 * `prove_reserves`: permissionless; one `ReservesProven` event per genesis vault, per airdrop
 * vault named, and for IOSD; fails with `ReservesShort` when a vault holds less than it owes.
 */
export function proveReservesInstruction(args: ProveReservesArgs = {}): TransactionInstruction {
  const programId = args.programId ?? IO_TOKEN_PROGRAM_ID;
  // Each airdrop named adds its airdrop and vault after the fixed accounts (read-only).
  const airdrops = (args.airdropIds ?? []).flatMap((id) => [airdropKey(id, programId)[0], airdropVaultKey(id, programId)[0]]);
  return gen.proveReserves(
    { config: configKey(programId)[0], iosdState: iosdStateKey(programId)[0], iosdMint: iosdMintKey(programId)[0], ...genesisVaults(programId) },
    {},
    programId,
    airdrops.map((pubkey) => ({ pubkey, isSigner: false, isWritable: false })),
  );
}
