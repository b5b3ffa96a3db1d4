/**
 * What the io_staking commands share: the config, participants, positions and epochs read back,
 * the participant flag and IO amounts shown. What a claim would pay now is the SDK's
 * (`previewClaim`, `settlementOf`).
 */
import { getAssociatedTokenAddressSync, TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import { PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import {
  closedRegistration,
  decodeEpoch,
  decodeParticipant,
  decodePosition,
  decodeStakingConfig,
  epochKey,
  EpochState,
  formatAmount,
  IO_DECIMALS,
  IO_STAKING_IDL,
  IO_STAKING_PROGRAM_ID,
  ioMintKey,
  ParticipantKind,
  participantKey,
  ParticipantState,
  positionKey,
  PositionState,
  StakingConfigState,
  stakingConfigKey,
} from "../sdk/src";
import { decodeAs, ProgramName } from "./accounts";
import { Chain } from "./chain";
import { pubkeyFlag } from "./flags";

export async function readStakingConfig(chain: Chain): Promise<StakingConfigState> {
  const info = await chain.getAccount(stakingConfigKey()[0]);
  if (!info) throw new Error("io_staking is not initialised on this chain (an embedded state from before io_staking: remove it to bootstrap again)");
  return decodeStakingConfig(info);
}

const STAKING: ProgramName = { name: "io_staking", id: IO_STAKING_PROGRAM_ID };

export async function readParticipant(chain: Chain, address: PublicKey): Promise<ParticipantState> {
  const info = await chain.getAccount(address);
  if (!info) throw new Error(`no participant at ${address.toBase58()} (register it with io register-participant)`);
  return decodeAs(STAKING, "participant", address, info, (i) => decodeParticipant(i));
}

/** `staker`'s position with `participant`, or null if it never staked there. */
export async function readPosition(chain: Chain, participant: PublicKey, staker: PublicKey): Promise<PositionState | null> {
  const [address] = positionKey(participant, staker);
  const info = await chain.getAccount(address);
  return info ? decodeAs(STAKING, "position", address, info, (i) => decodePosition(i)) : null;
}

/** A closed epoch, or null while it is open. */
export async function readEpoch(chain: Chain, index: number): Promise<EpochState | null> {
  const [address] = epochKey(index);
  const info = await chain.getAccount(address);
  return info ? decodeAs(STAKING, "epoch", address, info, (i) => decodeEpoch(i)) : null;
}

/** `--participant <address>`, or `--node <io_jobs node>` for the node's participant. */
export async function participantFlag(chain: Chain, flags: Map<string, string>): Promise<{ address: PublicKey; participant: ParticipantState }> {
  if (flags.has("participant") === flags.has("node")) throw new Error("give the participant: --participant <address> or --node <io_jobs node>");
  const address = flags.has("node") ? participantKey(pubkeyFlag(flags, "node"))[0] : pubkeyFlag(flags, "participant");
  return { address, participant: await readParticipant(chain, address) };
}

/** `amount` base units of IO: "12.50000000 IO". */
export function io(amount: BN): string {
  return `${formatAmount(amount, IO_DECIMALS)} IO`;
}

/** `owner`'s associated IO account (Token-2022). */
export function ioAccountOf(owner: PublicKey): PublicKey {
  return getAssociatedTokenAddressSync(ioMintKey()[0], owner, true, TOKEN_2022_PROGRAM_ID);
}

export function kindName(p: ParticipantState): string {
  return p.kind === ParticipantKind.Node ? "node" : p.kind === ParticipantKind.User ? "user" : `kind ${p.kind}`;
}

export const SLASH_STATES = ["none", "pending (contest window open)", "contested (the admin decides)", "upheld (can be executed)"];

/** The Epoch account of the participant's closed registration, when it has one. */
export async function outstandingEpoch(chain: Chain, config: StakingConfigState, p: ParticipantState): Promise<EpochState | null> {
  const index = closedRegistration(config, p);
  if (index === null) return null;
  const epoch = await readEpoch(chain, index);
  if (!epoch) throw new Error(`epoch ${index} is before the open epoch ${config.epoch} but has no Epoch account`);
  return epoch;
}

/** Position accounts: discriminator (8), version, bump, participant (32), staker (32). */
const POSITION_STAKER_OFFSET = 8 + 1 + 1 + 32;

function positionDiscriminator(): Buffer {
  const found = IO_STAKING_IDL.accounts.find((a) => a.name === "position");
  if (!found) throw new Error("io_staking's IDL has no position account");
  return Buffer.from(found.discriminator);
}

/** Every position of `staker`, from the chain's account listing (getProgramAccounts). */
export async function positionsOf(chain: Chain, staker: PublicKey): Promise<{ address: PublicKey; position: PositionState }[]> {
  const filters = [
    { offset: 0, bytes: positionDiscriminator() },
    { offset: POSITION_STAKER_OFFSET, bytes: staker.toBuffer() },
  ];
  const listed = await chain.getProgramAccounts(IO_STAKING_PROGRAM_ID, filters);
  return listed.map(({ pubkey, account }) => ({ address: pubkey, position: decodeAs(STAKING, "position", pubkey, account, (i) => decodePosition(i)) }));
}
