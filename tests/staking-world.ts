/**
 * io_staking's world on the real .so files: the jobs world (io_token, io_oracle with three
 * oracles, io_jobs) plus io_staking initialised, io_token's emissions going to its rewards
 * vault, and helpers for nodes, stakers and epochs.
 */
import { Keypair, PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { createHash } from "crypto";
import {
  closeEpochInstruction,
  crankInstruction,
  decodeParticipant,
  decodePosition,
  decodeStakingConfig,
  DEFAULT_STAKING_PARAMS,
  initEmissionsInstruction,
  initializeStakingInstruction,
  IO_STAKING_PROGRAM_ID,
  lastEpochOf,
  nodeKey,
  ParticipantKind,
  participantKey,
  ParticipantState,
  PositionState,
  positionKey,
  registerNodeInstruction,
  registerParticipantInstruction,
  releaseInstruction,
  rewardsVaultKey,
  setSlashingInstruction,
  stakeInstruction,
  StakingConfigState,
  stakingConfigKey,
  StakingParams,
} from "../sdk/src";
import { Currency } from "../sdk/src";
import { IO, JobsWorld, NODE_TERMS, WorldOptions } from "./jobs-world";

export const DAY = 86_400;
/** Test parameters: one-day epochs, 60% availability, 100 IO minimum, 10,000 IO cap, 1-3%, 2-day cooldown. */
export const STAKING_PARAMS: StakingParams = {
  ...DEFAULT_STAKING_PARAMS,
  availabilityBps: 6_000,
  minNodeStake: IO.muln(100),
  weightCap: IO.muln(10_000),
  cooldown: 2 * DAY,
};

export interface StakeNode {
  owner: Keypair;
  node: PublicKey;
  participant: PublicKey;
  ownerIo: PublicKey;
}

export class StakingWorld {
  readonly jobs: JobsWorld;

  constructor(opts: WorldOptions = {}, params: StakingParams = STAKING_PARAMS) {
    this.jobs = new JobsWorld(opts);
    const { chain, admin } = this.jobs;
    chain.deployUpgradeable(IO_STAKING_PROGRAM_ID, "io_staking", admin.publicKey);
    this.jobs.send([initializeStakingInstruction({ payer: admin.publicKey, ...params })], [admin]);
    this.jobs.send([setSlashingInstruction({ admin: admin.publicKey, slashBps: 5_000, slashWindow: DAY, slashVoteTtl: DAY })], [admin]);
    this.jobs.send([initEmissionsInstruction({ admin: admin.publicKey, rewardsVault: rewardsVaultKey()[0] })], [admin]);
  }

  get chain() {
    return this.jobs.chain;
  }

  /** A wallet holding `io` IO in its IO account. */
  wallet(io: BN, wallet = Keypair.generate()): { wallet: Keypair; io: PublicKey } {
    this.jobs.funded(wallet);
    const account = this.jobs.tokenAccount(wallet.publicKey, Currency.Io);
    const admin = this.jobs.admin;
    this.jobs.send([releaseInstruction({ admin: admin.publicKey, bucket: 4, amount: io, destination: account })], [admin]);
    return { wallet, io: account };
  }

  /** A new io_jobs node of class `hardwareClass` whose owner registered it as a participant with `shareBps` and staked `ownStake`. */
  node(name: string, shareBps: number, ownStake: BN, hardwareClass = 0, owner = Keypair.generate()): StakeNode {
    const { wallet, io } = this.wallet(ownStake.add(IO.muln(10)), owner);
    const deviceId = createHash("sha256").update(name).digest();
    this.jobs.send([registerNodeInstruction({ owner: wallet.publicKey, deviceId, ...NODE_TERMS, hardwareClass })], [wallet]);
    const [node] = nodeKey(wallet.publicKey, deviceId);
    this.jobs.send([registerParticipantInstruction({ authority: wallet.publicKey, key: node, kind: ParticipantKind.Node, shareBps })], [wallet]);
    const [participant] = participantKey(node);
    if (!ownStake.isZero()) this.stake(wallet, io, participant, ownStake);
    return { owner: wallet, node, participant, ownerIo: io };
  }

  stake(staker: Keypair, stakerIo: PublicKey, participant: PublicKey, amount: BN) {
    return this.chain.send(
      [stakeInstruction({ staker: staker.publicKey, participant, lastEpoch: this.lastEpoch(participant), stakerIo, amount })],
      [staker],
    );
  }

  config(): StakingConfigState {
    return decodeStakingConfig(this.chain.account(stakingConfigKey()[0])!);
  }

  participant(key: PublicKey): ParticipantState {
    return decodeParticipant(this.chain.account(key)!);
  }

  position(participant: PublicKey, staker: PublicKey): PositionState {
    return decodePosition(this.chain.account(positionKey(participant, staker)[0])!);
  }

  lastEpoch(participant: PublicKey): PublicKey {
    return lastEpochOf(this.participant(participant));
  }

  /** Ends the open epoch: a day passes, anyone cranks the day's emissions, anyone closes it. */
  closeEpoch(warp = DAY) {
    const epoch = this.config().epoch;
    this.chain.warp(warp);
    this.jobs.send([crankInstruction({ rewardsVault: rewardsVaultKey()[0] })], [this.chain.payer]);
    return this.chain.send([closeEpochInstruction({ payer: this.chain.payer.publicKey, epoch })], [this.chain.payer]);
  }

  rewardsVaultBalance(): BN {
    return this.jobs.balance(rewardsVaultKey()[0]);
  }
}
