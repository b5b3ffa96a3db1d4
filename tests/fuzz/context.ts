/**
 * One episode's state: the restored chain, the world's keys, the ledger, and what the fuzzer
 * remembers about what it did (jobs it opened, extra nodes, the honest oracles' votes), which
 * the oracle-safety invariants compare the chain's figures with.
 */
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import { Currency, decodeParticipant, decodePosition, epochKey, jobKey, ParticipantState, positionKey, PositionState } from "../../sdk/src";
import { Ledger } from "./ledger";
import { BUYBACK_SEED_USDC, FuzzChain, FuzzNode, INCENTIVES_SEED_USDC, possibleStakers, Tracked, Wallet, WorldKeys } from "./world";

/** A job the fuzzer tried to open. */
export interface JobRecord {
  key: PublicKey;
  user: number;
  nonce: number;
  node: PublicKey;
  currency: Currency;
  /** The fraction of the time the node really serves (the honest oracles' truth): 0, 1/2 or 1. */
  served: number;
  /** The honest oracles' highest figure attested for it, and whether the admin set its usage. */
  maxHonest: number;
  adminResolved: boolean;
}

/** One step: instructions, their signers (the fee payer is added), and a label for reports. */
export interface Tx {
  instructions: TransactionInstruction[];
  signers: Keypair[];
}

export class Ctx {
  readonly ledger: Ledger;
  readonly jobs: JobRecord[] = [];
  readonly jobByKey = new Map<string, JobRecord>();
  /** Nodes registered during the episode (on top of the world's). */
  readonly extraNodes: FuzzNode[] = [];
  /** Participants registered during the episode (users). */
  readonly extraParticipants: PublicKey[] = [];
  readonly nextNonce: number[];
  /** The IO/USD the honest oracles observe (8 decimals), a random walk. */
  truePrice = 200_000_000;
  /** Each honest oracle's latest accepted submission (price), by oracle index. */
  readonly honestPrices = new Map<number, number>();
  /** Epoch accounts that exist or may (closed epochs). */
  readonly epochs: number[] = [];
  /** USDC put into io_buyback's vaults (the snapshot's, then the episode's `buyback_fund` steps). */
  buybackIn = BUYBACK_SEED_USDC;
  incentivesIn = INCENTIVES_SEED_USDC;
  /** USDC and IO a twisted step outside io_jobs paid into an io_jobs escrow or fee vault (the
   * harness's mint, a sale to the buyback, a staker's withdrawal or claim): a donation, surplus
   * the program's books never count (docs/jobs.md, "Sweeps"). */
  readonly donated = new Map<string, bigint>();
  donation(vault: PublicKey): bigint {
    return this.donated.get(vault.toBase58()) ?? 0n;
  }
  /** The highest referral cap io_jobs' config has had (a referrer's income never exceeds it). */
  referralCapMax = 0n;
  /** Each profile's reputation counters as last seen (they only rise), by profile key. */
  readonly reputationSeen = new Map<string, bigint[]>();
  /** Profiles whose conduct penalty was ever agreed (attest_reputation). */
  readonly conductAgreed = new Set<string>();
  /** Every network fee (bps) io_jobs' config has had, and the highest discount its table has granted. */
  readonly networkFees = new Set<number>();
  discountMax = 0;
  /** Every referral share (bps) io_jobs' config has had: a node keeps one of them, or 0. */
  readonly referralShares = new Set<number>();
  /**
   * The config's referral share when each live job (key and opening time) was first seen: the
   * share in force at its opening, since a step opens a job without changing the terms.
   */
  readonly referralShareAtOpen = new Map<string, number>();
  /** Program-derived addresses cost ~0.5 ms each in JS: derived once. */
  private readonly pdas = new Map<string, PublicKey>();

  constructor(
    readonly chain: FuzzChain,
    readonly keys: WorldKeys,
    readonly tracked: Tracked,
  ) {
    this.ledger = new Ledger(chain);
    this.nextNonce = keys.users.map(() => 0);
  }

  now(): number {
    return Number(this.chain.now());
  }

  /** Every node, the world's and the episode's. */
  nodes(): FuzzNode[] {
    return [...this.keys.nodes, ...this.extraNodes];
  }

  participants(): PublicKey[] {
    return [...this.tracked.participants, ...this.extraParticipants];
  }

  /** A PDA, derived once per episode. */
  pda(id: string, derive: () => PublicKey): PublicKey {
    let key = this.pdas.get(id);
    if (!key) {
      key = derive();
      this.pdas.set(id, key);
    }
    return key;
  }

  positionKey(participant: PublicKey, staker: PublicKey): PublicKey {
    return this.pda(`position:${participant.toBase58()}:${staker.toBase58()}`, () => positionKey(participant, staker)[0]);
  }

  epochKey(index: number): PublicKey {
    return this.pda(`epoch:${index}`, () => epochKey(index)[0]);
  }

  jobKey(user: number, nonce: number): PublicKey {
    return this.pda(`job:${user}:${nonce}`, () => jobKey(this.keys.users[user].kp.publicKey, new BN(nonce))[0]);
  }

  private positionList: { participants: number; keys: PublicKey[] } | null = null;
  /** Every position that may exist (the world's participants' and the episode's). */
  positions(): PublicKey[] {
    if (this.positionList?.participants !== this.extraParticipants.length) {
      const extra = this.extraParticipants.flatMap((p) => possibleStakers(this.keys).map((s) => this.positionKey(p, s.kp.publicKey)));
      this.positionList = { participants: this.extraParticipants.length, keys: [...this.tracked.positions, ...extra] };
    }
    return this.positionList.keys;
  }

  participant(key: PublicKey): ParticipantState | null {
    return this.ledger.view(key, decodeParticipant);
  }

  position(participant: PublicKey, staker: PublicKey): PositionState | null {
    return this.ledger.view(this.positionKey(participant, staker), decodePosition);
  }

  /** The `last_epoch` account a participant's instructions need now. */
  lastEpoch(participant: PublicKey): PublicKey {
    const p = this.participant(participant);
    if (!p) return this.tracked.stakingConfig;
    // As the SDK's lastEpochOf, without deriving the epoch's address again.
    const outstanding = !p.regWeight.isZero() || !p.regPoints.isZero();
    return outstanding ? this.epochKey(p.regEpoch) : this.tracked.stakingConfig;
  }

  addJob(job: JobRecord): void {
    if (this.jobByKey.has(job.key.toBase58())) return;
    this.jobs.push(job);
    this.jobByKey.set(job.key.toBase58(), job);
  }

  /** A wallet by actor name: u0..u3 users, s0..s2 stakers, o0..o2 operators, x the stranger, b0/b1 beneficiaries. */
  wallet(actor: string): Wallet {
    const i = Number(actor.slice(1));
    switch (actor[0]) {
      case "u":
        return this.keys.users[i];
      case "s":
        return this.keys.stakers[i];
      case "o":
        return this.keys.nodes[i].owner;
      case "b":
        return this.keys.beneficiaries[i].wallet;
      default:
        return this.keys.stranger;
    }
  }
}

/** A BN as a bigint (through hex: BN's decimal conversion is slow). */
export const big = (b: BN | number): bigint => (typeof b === "number" ? BigInt(b) : b.isNeg() ? -BigInt(`0x${b.abs().toString(16)}`) : BigInt(`0x${b.toString(16)}`));
