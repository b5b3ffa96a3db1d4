/**
 * A restored copy of the world with the moves fixtures use to build the state an instruction
 * needs (open a job, attest it, close an epoch ...). Every move must succeed: a fixture that
 * cannot build its state fails loudly, never silently tests something else.
 */
import { createAssociatedTokenAccountIdempotentInstruction, createMintToInstruction, getAssociatedTokenAddressSync } from "@solana/spl-token";
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import { createHash } from "crypto";
import {
  attestUsageInstruction,
  closeEpochInstruction,
  crankInstruction,
  Currency,
  currencyAccounts,
  decodeJobsConfig,
  decodeNode,
  decodeParticipant,
  decodePriceFeed,
  decodeStakingConfig,
  jobKey,
  jobsConfigKey,
  lastEpochOf,
  mintIosdInstruction,
  nodeKey,
  openJobInstruction,
  ParticipantState,
  priceFeedKey,
  quoteJob,
  registerNodeInstruction,
  releaseInstruction,
  rewardsVaultKey,
  StakingConfigState,
  stakingConfigKey,
  submitPriceInstruction,
} from "../../sdk/src";
import { TxResult } from "../harness";
import { IO, NODE_TERMS, USD, User } from "../jobs-world";
import { DAY } from "../staking-world";
import { fixed, MatrixChain, WorldKeys } from "./world";

export const HOUR = 3_600;

export class Scene {
  private nonce = 0;
  private labels = 0;

  constructor(
    readonly chain: MatrixChain,
    readonly k: WorldKeys,
  ) {}

  /** Sends a setup step; it must succeed. */
  send(instructions: TransactionInstruction[], signers: Keypair[]): TxResult {
    const res = this.chain.send(instructions, [this.chain.payer, ...signers]);
    if (!res.ok) throw new Error(`fixture setup failed: ${res.error}\n${res.logs.join("\n")}`);
    return res;
  }

  /** A fresh keypair (fixed per label and scene order) with 10 SOL. */
  wallet(label = `wallet ${this.labels++}`): Keypair {
    const kp = fixed(`scene ${label}`);
    this.chain.airdrop(kp.publicKey, 10);
    return kp;
  }

  warp(seconds: number): void {
    this.chain.warp(seconds);
  }

  now(): number {
    return Number(this.chain.now());
  }

  /** The accounts of `currency` (mint, escrow, fee vault, token program). */
  money(currency: Currency) {
    return currencyAccounts(currency, this.k.usdcMint);
  }

  /** `owner`'s associated token account of `currency`, created if needed. */
  tokenAccount(owner: PublicKey, currency: Currency): PublicKey {
    const { mint, tokenProgram } = this.money(currency);
    const account = getAssociatedTokenAddressSync(mint, owner, true, tokenProgram);
    this.send([createAssociatedTokenAccountIdempotentInstruction(this.chain.payer.publicKey, account, owner, mint, tokenProgram)], []);
    return account;
  }

  /** IO from the community bucket to `to`. */
  giveIo(to: PublicKey, amount: BN): void {
    const admin = this.k.admin;
    this.send([releaseInstruction({ admin: admin.publicKey, bucket: 4, amount, destination: to })], [admin]);
  }

  /** A new wallet with 1,000 USDC, 1,000 IO and 198 IOSD (100 IO burned at $1.98). */
  user(label?: string): User {
    const wallet = this.wallet(label);
    const token = {} as Record<Currency, PublicKey>;
    for (const c of [Currency.Usdc, Currency.Io, Currency.Iosd]) token[c] = this.tokenAccount(wallet.publicKey, c);
    const mintAuthority = this.k.usdcMintAuthority;
    this.send([createMintToInstruction(this.k.usdcMint, token[Currency.Usdc], mintAuthority.publicKey, BigInt(USD.muln(1_000).toString()))], [mintAuthority]);
    this.giveIo(token[Currency.Io], IO.muln(1_100));
    this.send([mintIosdInstruction({ user: wallet.publicKey, userIo: token[Currency.Io], userIosd: token[Currency.Iosd], ioAmount: IO.muln(100) })], [wallet]);
    return { wallet, token };
  }

  /** A quorum of the oracles post IO/USD $2.00 ± 0.01 now. */
  postPrice(): void {
    for (const o of this.k.oracles.slice(0, 2)) {
      const p = { price: new BN(200_000_000), confidence: new BN(1_000_000), timestamp: new BN(this.now()) };
      this.send([submitPriceInstruction({ oracle: o.publicKey, setVersion: 1, ...p })], [o]);
    }
  }

  /** What opening `hours` on `node` in `currency` costs now. */
  quote(currency: Currency, hours: number, node: PublicKey): BN {
    const { pricePerHour } = decodeNode(this.chain.account(node)!);
    const config = decodeJobsConfig(this.chain.account(jobsConfigKey()[0])!);
    const price = currency === Currency.Io ? decodePriceFeed(this.chain.account(priceFeedKey()[0])!) : undefined;
    return quoteJob({ currency, pricePerHour, hours, config, price }).total;
  }

  /** open_job for `user` at the current quote. */
  openJobIx(user: User, currency: Currency, hours = 10, node = this.k.node.node, nonce = new BN(this.nonce++)): { ix: TransactionInstruction; job: PublicKey; nonce: BN } {
    const maxPayment = this.quote(currency, hours, node);
    const ix = openJobInstruction({ user: user.wallet.publicKey, node, nonce, hours, userToken: user.token[currency], maxPayment, currency, usdcMint: this.k.usdcMint });
    return { ix, job: jobKey(user.wallet.publicKey, nonce)[0], nonce };
  }

  /** Opens a job; returns its address. */
  openJob(user: User, currency = Currency.Usdc, hours = 10, node = this.k.node.node): PublicKey {
    const { ix, job } = this.openJobIx(user, currency, hours, node);
    this.send([ix], [user.wallet]);
    return job;
  }

  /** Oracles `oracles` (indexes) attest `hours` on `job`. */
  attest(job: PublicKey, hours: number, oracles = [0, 1]): void {
    for (const i of oracles) {
      const o = this.k.oracles[i];
      this.send([attestUsageInstruction({ oracle: o.publicKey, job, hours })], [o]);
    }
  }

  /** A new io_jobs node of a new owner. */
  registerNode(label = `node ${this.labels++}`): { owner: Keypair; node: PublicKey; deviceId: Buffer } {
    const owner = this.wallet(label);
    const deviceId = createHash("sha256").update(`matrix ${label}`).digest();
    this.send([registerNodeInstruction({ owner: owner.publicKey, deviceId, ...NODE_TERMS })], [owner]);
    return { owner, node: nodeKey(owner.publicKey, deviceId)[0], deviceId };
  }

  stakingConfig(): StakingConfigState {
    return decodeStakingConfig(this.chain.account(stakingConfigKey()[0])!);
  }

  participant(key: PublicKey): ParticipantState {
    return decodeParticipant(this.chain.account(key)!);
  }

  lastEpoch(participant: PublicKey): PublicKey {
    return lastEpochOf(this.participant(participant));
  }

  /** A day passes, the emissions are cranked and the open epoch closed; the price is posted afresh. */
  closeEpoch(): void {
    const epoch = this.stakingConfig().epoch;
    this.warp(DAY);
    this.send([crankInstruction({ rewardsVault: rewardsVaultKey()[0] })], []);
    this.send([closeEpochInstruction({ payer: this.chain.payer.publicKey, epoch })], []);
    this.postPrice();
  }

  /** Makes `keys` not exist (as before the instruction that creates them). */
  erase(keys: PublicKey[]): void {
    for (const key of keys) this.chain.put(key, null);
  }
}
