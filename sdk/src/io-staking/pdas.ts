/** io_staking: program id, seeds and PDAs. */
import { Buffer } from "buffer";
import { PublicKey } from "@solana/web3.js";
import { IO_STAKING_ADDRESS } from "../idl/io_staking";
import { findPda } from "../pda";

export const IO_STAKING_PROGRAM_ID = /* @__PURE__ */ new PublicKey(IO_STAKING_ADDRESS);
export const STAKING_CONFIG_SEED = Buffer.from("config");
export const STAKING_AUTHORITY_SEED = Buffer.from("authority");
export const STAKE_VAULT_SEED = Buffer.from("stake_vault");
export const REWARDS_VAULT_SEED = Buffer.from("rewards_vault");
export const EPOCH_SEED = Buffer.from("epoch");
export const PARTICIPANT_SEED = Buffer.from("participant");
export const POSITION_SEED = Buffer.from("position");

/** Participant kinds. */
export enum ParticipantKind {
  Node = 0,
  User = 1,
}

/** Rates and the reward-per-stake accumulator carry 9 decimals. */
export const REWARD_SCALE = 1_000_000_000n;

const pda = (seeds: Buffer[], programId: PublicKey) => findPda(seeds, programId);

export function stakingConfigKey(programId = IO_STAKING_PROGRAM_ID): [PublicKey, number] {
  return pda([STAKING_CONFIG_SEED], programId);
}

export function stakingAuthorityKey(programId = IO_STAKING_PROGRAM_ID): [PublicKey, number] {
  return pda([STAKING_AUTHORITY_SEED], programId);
}

export function stakeVaultKey(programId = IO_STAKING_PROGRAM_ID): [PublicKey, number] {
  return pda([STAKE_VAULT_SEED], programId);
}

/** Where io_token's emissions go (point `set_rewards_vault` here). */
export function rewardsVaultKey(programId = IO_STAKING_PROGRAM_ID): [PublicKey, number] {
  return pda([REWARDS_VAULT_SEED], programId);
}

export function epochKey(index: number, programId = IO_STAKING_PROGRAM_ID): [PublicKey, number] {
  const le = Buffer.alloc(4);
  le.writeUInt32LE(index);
  return pda([EPOCH_SEED, le], programId);
}

/** The participant of an io_jobs node (its address) or of a user (its key). */
export function participantKey(key: PublicKey, programId = IO_STAKING_PROGRAM_ID): [PublicKey, number] {
  return pda([PARTICIPANT_SEED, key.toBuffer()], programId);
}

export function positionKey(participant: PublicKey, staker: PublicKey, programId = IO_STAKING_PROGRAM_ID): [PublicKey, number] {
  return pda([POSITION_SEED, participant.toBuffer(), staker.toBuffer()], programId);
}
