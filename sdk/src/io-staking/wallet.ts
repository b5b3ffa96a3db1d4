/**
 * io_staking for a wallet: `stake`, `unstake`, `withdraw` and `claim` resolve the accounts (the
 * staker's IO account under Token-2022, created when missing where IO is paid out) and the Epoch
 * account a settlement may need, and return a ready transaction; the fetchers decode state with
 * enum-typed fields. Amounts are BN.
 *
 * The epoch a transaction needs: an instruction that touches a participant settles its
 * registration when the registration's epoch has closed, and then needs that Epoch account
 * (`lastEpoch`). The helpers pass the Epoch of the registration (or, with none, of the open
 * epoch, the only one a registration made in flight can name), so an epoch closing while the
 * transaction is in flight does not fail it. A registration made and its epoch closed in flight
 * both fails it with WrongEpoch, which the transaction layer reports as "build it again and retry".
 */
import { Buffer } from "buffer";
import { TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import { Connection, GetProgramAccountsFilter, PublicKey } from "@solana/web3.js";
import { utils } from "@coral-xyz/anchor";
import BN from "bn.js";
import { ioMintKey } from "../io-token/pdas";
import { associatedAccount, mustRead, Prepared, readyTransaction, tokenBalance } from "../wallet";
import { decodeEpoch, decodeParticipant, decodePosition, decodeStakingConfig, EpochState, ParticipantState, PositionState, StakingConfigState } from "./accounts";
import { Position_ACCOUNT_DISCRIMINATOR } from "./generated";
import { claimInstruction, stakeInstruction, unstakeInstruction, withdrawInstruction } from "./instructions";
import { epochKey, IO_STAKING_PROGRAM_ID, ParticipantKind, positionKey, stakingConfigKey } from "./pdas";
import { closedRegistration, hasRegistration, pendingRewards } from "./rewards";

/** A participant's slash, as the program numbers it. */
export enum SlashStatus {
  None = 0,
  Pending = 1,
  Contested = 2,
  Upheld = 3,
}

export interface Participant extends Omit<ParticipantState, "kind" | "slashState"> {
  address: PublicKey;
  kind: ParticipantKind;
  slashState: SlashStatus;
}

export interface Position extends PositionState {
  address: PublicKey;
}

function typedParticipant(address: PublicKey, p: ParticipantState): Participant {
  if (p.kind !== ParticipantKind.Node && p.kind !== ParticipantKind.User) throw new Error(`unknown participant kind ${p.kind}`);
  if (![SlashStatus.None, SlashStatus.Pending, SlashStatus.Contested, SlashStatus.Upheld].includes(p.slashState)) throw new Error(`unknown slash state ${p.slashState}`);
  return { ...p, address, kind: p.kind, slashState: p.slashState as SlashStatus };
}

export async function fetchStakingConfig(connection: Connection, programId = IO_STAKING_PROGRAM_ID): Promise<StakingConfigState> {
  return mustRead(connection, stakingConfigKey(programId)[0], (i) => decodeStakingConfig(i, programId), "io_staking is not initialised on this cluster");
}

export async function fetchParticipant(connection: Connection, address: PublicKey, programId = IO_STAKING_PROGRAM_ID): Promise<Participant> {
  return typedParticipant(address, await mustRead(connection, address, (i) => decodeParticipant(i, programId), `no participant at ${address.toBase58()}`));
}

/** `staker`'s position with `participant`, or null when it never staked there. */
export async function fetchPosition(connection: Connection, participant: PublicKey, staker: PublicKey, programId = IO_STAKING_PROGRAM_ID): Promise<Position | null> {
  const [address] = positionKey(participant, staker, programId);
  const info = await connection.getAccountInfo(address, "confirmed");
  return info ? { ...decodePosition(info, programId), address } : null;
}

/** What `claim` would pay `staker` from its position with `participant` now (zero without a position). */
export async function fetchPendingRewards(connection: Connection, participant: PublicKey, staker: PublicKey, programId = IO_STAKING_PROGRAM_ID): Promise<BN> {
  const [config, p, position] = await Promise.all([fetchStakingConfig(connection, programId), fetchParticipant(connection, participant, programId), fetchPosition(connection, participant, staker, programId)]);
  if (!position) return new BN(0);
  const closed = closedRegistration(config, p);
  let epoch: EpochState | null = null;
  if (closed !== null) {
    epoch = await mustRead(connection, epochKey(closed, programId)[0], (i) => decodeEpoch(i, programId), `epoch ${closed} has no Epoch account`);
  }
  return pendingRewards(p, position, config, epoch);
}

/** Position accounts: discriminator (8), version, bump, participant (32), staker (32). */
export const POSITION_STAKER_OFFSET = 8 + 1 + 1 + 32;

/** Every position of `staker` (getProgramAccounts: many public RPCs refuse it). */
export async function positionsOf(connection: Connection, staker: PublicKey, programId = IO_STAKING_PROGRAM_ID): Promise<Position[]> {
  const filters: GetProgramAccountsFilter[] = [
    { memcmp: { offset: 0, bytes: utils.bytes.bs58.encode(Buffer.from(Position_ACCOUNT_DISCRIMINATOR)) } },
    { memcmp: { offset: POSITION_STAKER_OFFSET, bytes: staker.toBase58() } },
  ];
  const listed = await connection.getProgramAccounts(programId, { commitment: "confirmed", filters });
  return listed.map(({ pubkey, account }) => ({ ...decodePosition(account, programId), address: pubkey }));
}

/** The Epoch account a transaction touching `p` passes (see the module's comment). */
export function epochFor(config: Pick<StakingConfigState, "epoch">, p: ParticipantState, programId = IO_STAKING_PROGRAM_ID): PublicKey {
  return epochKey(hasRegistration(p) ? p.regEpoch : config.epoch, programId)[0];
}

/** The Epoch account (`lastEpoch`) a transaction touching `participant` passes now, for apps building with Anchor's `Program`. */
export async function fetchLastEpoch(connection: Connection, participant: PublicKey, programId = IO_STAKING_PROGRAM_ID): Promise<PublicKey> {
  return (await positionContext(connection, participant, programId)).lastEpoch;
}

async function positionContext(connection: Connection, participant: PublicKey, programId: PublicKey) {
  const [config, p] = await Promise.all([fetchStakingConfig(connection, programId), fetchParticipant(connection, participant, programId)]);
  return { lastEpoch: epochFor(config, p, programId), participant: p };
}

/** `stake` `amount` IO (base units) from `staker`'s IO account with `participant`. */
export async function stake(connection: Connection, staker: PublicKey, params: { participant: PublicKey; amount: BN }, programId = IO_STAKING_PROGRAM_ID): Promise<Prepared> {
  if (params.amount.lten(0)) throw new Error("the amount to stake must be above zero");
  const { lastEpoch } = await positionContext(connection, params.participant, programId);
  const { address: stakerIo } = await associatedAccount(connection, staker, ioMintKey()[0], TOKEN_2022_PROGRAM_ID);
  const balance = (await tokenBalance(connection, stakerIo, TOKEN_2022_PROGRAM_ID)) ?? new BN(0);
  if (balance.lt(params.amount)) throw new Error(`${staker.toBase58()} holds ${balance.toString()} IO base units, less than ${params.amount.toString()}`);
  const ix = stakeInstruction({ staker, participant: params.participant, lastEpoch, stakerIo, amount: params.amount }, programId);
  return { transaction: await readyTransaction(connection, staker, [ix]) };
}

/** `unstake` `amount` IO of active stake into cooldown. */
export async function unstake(connection: Connection, staker: PublicKey, params: { participant: PublicKey; amount: BN }, programId = IO_STAKING_PROGRAM_ID): Promise<Prepared> {
  if (params.amount.lten(0)) throw new Error("the amount to unstake must be above zero");
  const { lastEpoch } = await positionContext(connection, params.participant, programId);
  const ix = unstakeInstruction({ staker, participant: params.participant, lastEpoch, amount: params.amount }, programId);
  return { transaction: await readyTransaction(connection, staker, [ix]) };
}

/** `withdraw` cooled-down stake to `staker`'s IO account (created when missing). */
export async function withdraw(connection: Connection, staker: PublicKey, params: { participant: PublicKey }, programId = IO_STAKING_PROGRAM_ID): Promise<Prepared> {
  const { address: stakerIo, create } = await associatedAccount(connection, staker, ioMintKey()[0], TOKEN_2022_PROGRAM_ID);
  const ix = withdrawInstruction({ staker, participant: params.participant, stakerIo }, programId);
  return { transaction: await readyTransaction(connection, staker, create ? [create, ix] : [ix]) };
}

/** `claim` the position's rewards to `staker`'s IO account (created when missing), or re-stake them (`compound`). */
export async function claim(connection: Connection, staker: PublicKey, params: { participant: PublicKey; compound?: boolean }, programId = IO_STAKING_PROGRAM_ID): Promise<Prepared> {
  const { lastEpoch } = await positionContext(connection, params.participant, programId);
  const { address: to, create } = await associatedAccount(connection, staker, ioMintKey()[0], TOKEN_2022_PROGRAM_ID);
  const ix = claimInstruction({ staker, participant: params.participant, lastEpoch, to, compound: params.compound }, programId);
  return { transaction: await readyTransaction(connection, staker, create ? [create, ix] : [ix]) };
}
