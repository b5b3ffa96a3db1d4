import { Buffer } from "buffer";
import { TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import { PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import { accountMeta } from "../anchor";
import { ioTokenCoder } from "./coder";
import BN from "bn.js";
import { BUCKETS, IO_TOKEN_PROGRAM_ID } from "./constants";
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

const coder = ioTokenCoder.instruction;

const meta = accountMeta;

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
  return new TransactionInstruction({
    programId,
    keys: [
      meta(args.payer, true, true),
      meta(programDataKey(programId)[0], false),
      meta(configKey(programId)[0], true),
      meta(authorityKey(programId)[0], false),
      meta(ioMintKey(programId)[0], true),
      ...BUCKETS.map((b) => meta(vaultKey(b.index, programId)[0], true)),
      meta(TOKEN_2022_PROGRAM_ID, false),
      meta(SystemProgram.programId, false),
    ],
    data: coder.encode("initialize", { name: args.name, symbol: args.symbol, uri: args.uri }),
  });
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
  return new TransactionInstruction({
    programId,
    keys: [meta(args.admin, false, true), meta(configKey(programId)[0], true)],
    data: coder.encode("proposeAdmin", { newAdmin: args.newAdmin }),
  });
}

export interface AcceptAdminArgs {
  newAdmin: PublicKey;
  programId?: PublicKey;
}

/** `accept_admin`: step two of the admin hand-over, signed by the proposed admin. */
export function acceptAdminInstruction(args: AcceptAdminArgs): TransactionInstruction {
  const programId = args.programId ?? IO_TOKEN_PROGRAM_ID;
  return new TransactionInstruction({
    programId,
    keys: [meta(args.newAdmin, false, true), meta(configKey(programId)[0], true)],
    data: coder.encode("acceptAdmin", {}),
  });
}

function ix(programId: PublicKey, keys: ReturnType<typeof meta>[], data: Buffer): TransactionInstruction {
  return new TransactionInstruction({ programId, keys, data });
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
  return ix(
    programId,
    [
      meta(args.admin, true, true),
      meta(configKey(programId)[0], false),
      meta(emissionKey(programId)[0], true),
      meta(args.rewardsVault, false),
      meta(SystemProgram.programId, false),
    ],
    coder.encode("initEmissions", {}),
  );
}

/** `set_rewards_vault`: emissions go to another IO token account. Admin only. */
export function setRewardsVaultInstruction(args: InitEmissionsArgs): TransactionInstruction {
  const programId = args.programId ?? IO_TOKEN_PROGRAM_ID;
  return ix(
    programId,
    [
      meta(args.admin, false, true),
      meta(configKey(programId)[0], false),
      meta(emissionKey(programId)[0], true),
      meta(args.rewardsVault, false),
    ],
    coder.encode("setRewardsVault", {}),
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
  return ix(
    programId,
    [
      meta(emissionKey(programId)[0], true),
      meta(authorityKey(programId)[0], false),
      meta(ioMintKey(programId)[0], true),
      meta(args.rewardsVault, true),
      meta(TOKEN_2022_PROGRAM_ID, false),
    ],
    coder.encode("crank", {}),
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
  return ix(
    programId,
    [
      meta(args.admin, true, true),
      meta(configKey(programId)[0], true),
      meta(grantKey(args.bucket, args.beneficiary, programId)[0], true),
      meta(SystemProgram.programId, false),
    ],
    coder.encode("addBeneficiary", { bucket: args.bucket, beneficiary: args.beneficiary, amount: args.amount }),
  );
}

/** `lock_genesis`: no more grants. Admin only. */
export function lockGenesisInstruction(args: { admin: PublicKey; programId?: PublicKey }): TransactionInstruction {
  const programId = args.programId ?? IO_TOKEN_PROGRAM_ID;
  return ix(programId, [meta(args.admin, false, true), meta(configKey(programId)[0], true)], coder.encode("lockGenesis", {}));
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
  return ix(
    programId,
    [
      meta(args.beneficiary, false, true),
      meta(configKey(programId)[0], true),
      meta(grantKey(args.bucket, args.beneficiary, programId)[0], true),
      meta(authorityKey(programId)[0], false),
      meta(ioMintKey(programId)[0], false),
      meta(vaultKey(args.bucket, programId)[0], true),
      meta(args.destination, true),
      meta(TOKEN_2022_PROGRAM_ID, false),
    ],
    coder.encode("claimVested", {}),
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
  return ix(
    programId,
    [
      meta(args.admin, false, true),
      meta(configKey(programId)[0], false),
      meta(authorityKey(programId)[0], false),
      meta(ioMintKey(programId)[0], false),
      meta(vaultKey(args.bucket, programId)[0], true),
      meta(args.destination, true),
      meta(TOKEN_2022_PROGRAM_ID, false),
    ],
    coder.encode("release", { bucket: args.bucket, amount: args.amount }),
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
  return ix(
    programId,
    [
      meta(args.admin, true, true),
      meta(configKey(programId)[0], false),
      meta(airdropKey(args.id, programId)[0], true),
      meta(airdropVaultKey(args.id, programId)[0], true),
      meta(authorityKey(programId)[0], false),
      meta(ioMintKey(programId)[0], false),
      meta(vaultKey(4, programId)[0], true),
      meta(TOKEN_2022_PROGRAM_ID, false),
      meta(SystemProgram.programId, false),
    ],
    coder.encode("createAirdrop", { id: args.id, root: Array.from(args.root), total: args.total, deadline: args.deadline }),
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
  return ix(
    programId,
    [
      meta(args.claimant, true, true),
      meta(airdrop, true),
      meta(receiptKey(airdrop, args.claimant, programId)[0], true),
      meta(airdropVaultKey(args.id, programId)[0], true),
      meta(authorityKey(programId)[0], false),
      meta(ioMintKey(programId)[0], false),
      meta(args.destination, true),
      meta(TOKEN_2022_PROGRAM_ID, false),
      meta(SystemProgram.programId, false),
    ],
    coder.encode("claimAirdrop", { amount: args.amount, proof: args.proof.map((p) => Array.from(p)) }),
  );
}

/** `close_airdrop`: after the deadline, returns the unclaimed IO to the community vault. */
export function closeAirdropInstruction(args: { id: number; programId?: PublicKey }): TransactionInstruction {
  const programId = args.programId ?? IO_TOKEN_PROGRAM_ID;
  return ix(
    programId,
    [
      meta(configKey(programId)[0], false),
      meta(airdropKey(args.id, programId)[0], true),
      meta(airdropVaultKey(args.id, programId)[0], true),
      meta(authorityKey(programId)[0], false),
      meta(ioMintKey(programId)[0], false),
      meta(vaultKey(4, programId)[0], true),
      meta(TOKEN_2022_PROGRAM_ID, false),
    ],
    coder.encode("closeAirdrop", {}),
  );
}

/** `set_remint_cap`: net emissions, burned IO re-mintable per hour. Admin only. */
export function setRemintCapInstruction(args: { admin: PublicKey; capPerHour: BN; programId?: PublicKey }): TransactionInstruction {
  const programId = args.programId ?? IO_TOKEN_PROGRAM_ID;
  return ix(
    programId,
    [meta(args.admin, false, true), meta(configKey(programId)[0], false), meta(emissionKey(programId)[0], true)],
    coder.encode("setRemintCap", { capPerHour: args.capPerHour }),
  );
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
  return ix(
    programId,
    [
      meta(configKey(programId)[0], false),
      meta(iosdStateKey(programId)[0], false),
      meta(iosdMintKey(programId)[0], false),
      ...BUCKETS.map((b) => meta(vaultKey(b.index, programId)[0], false)),
      ...(args.airdropIds ?? []).flatMap((id) => [meta(airdropKey(id, programId)[0], false), meta(airdropVaultKey(id, programId)[0], false)]),
    ],
    coder.encode("proveReserves", {}),
  );
}
