/**
 * The world io_buyback lives in, on the real .so files: JobsWorld's io_token, io_oracle (IO/USD
 * at $2.00 ± 0.01), USDC mint and io_jobs, plus io_buyback deployed upgradeable and initialised
 * by the admin. Until io_jobs' sweep lands, the USDC vault is funded by minting to it directly.
 */
import { createMintToInstruction, TOKEN_PROGRAM_ID, unpackAccount } from "@solana/spl-token";
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import {
  BuybackConfigState,
  BuybackParams,
  buybackConfigKey,
  buybackUsdcVaultKey,
  buyInstruction,
  Currency,
  decodeBuybackConfig,
  DEFAULT_BUYBACK_PARAMS,
  incentivesVaultKey,
  initializeBuybackInstruction,
  IO_BUYBACK_PROGRAM_ID,
  priceFeedKey,
} from "../sdk/src";
import { expectOk, TxResult } from "./harness";
import { JobsWorld, User, WorldOptions } from "./jobs-world";

export { IO, USD } from "./jobs-world";

// PriceFeed: discriminator (8), version, bump, healthy (10), price (11), confidence (19), publish_ts (27).
const FEED_HEALTHY = 10;
const FEED_PRICE = 11;
const FEED_CONFIDENCE = 19;
const FEED_PUBLISH_TS = 27;

export class BuybackWorld extends JobsWorld {
  constructor(opts: WorldOptions & { params?: BuybackParams; initializeBuyback?: boolean } = {}) {
    super(opts);
    this.chain.deployUpgradeable(IO_BUYBACK_PROGRAM_ID, "io_buyback", this.admin.publicKey);
    if (opts.initializeBuyback !== false) expectOk(this.initializeBuyback(opts.params));
  }

  initializeBuyback(params = DEFAULT_BUYBACK_PARAMS, payer = this.admin, usdcMint = this.usdcMint): TxResult {
    return this.chain.send([this.initializeBuybackInstruction(params, payer.publicKey, usdcMint)], [payer]);
  }

  initializeBuybackInstruction(params = DEFAULT_BUYBACK_PARAMS, payer = this.admin.publicKey, usdcMint = this.usdcMint): TransactionInstruction {
    return initializeBuybackInstruction({ payer, usdcMint, ...params });
  }

  config(): BuybackConfigState {
    return decodeBuybackConfig(this.chain.account(buybackConfigKey()[0])!);
  }

  /** Mints `amount` USDC base units into the buyback vault (standing in for io_jobs' sweep). */
  fundVault(amount: BN, vault = buybackUsdcVaultKey()[0]): void {
    this.send([createMintToInstruction(this.usdcMint, vault, this.chain.payer.publicKey, BigInt(amount.toString()))], [this.chain.payer]);
  }

  usdcBalance(account: PublicKey): BN {
    return new BN(unpackAccount(account, this.chain.account(account), TOKEN_PROGRAM_ID).amount.toString());
  }

  vaultBalance(): BN {
    return this.usdcBalance(buybackUsdcVaultKey()[0]);
  }

  incentivesBalance(): BN {
    return this.usdcBalance(incentivesVaultKey()[0]);
  }

  /** Writes io_oracle's price feed directly: a price the quorum accepted `age` seconds ago. */
  setPrice(price: number, conf: number, opts: { healthy?: boolean; age?: number } = {}): void {
    const [feed] = priceFeedKey();
    const info = this.chain.account(feed)!;
    const data = Buffer.from(info.data);
    data[FEED_HEALTHY] = opts.healthy === false ? 0 : 1;
    data.writeBigUInt64LE(BigInt(Math.round(price * 1e8)), FEED_PRICE);
    data.writeBigUInt64LE(BigInt(Math.round(conf * 1e8)), FEED_CONFIDENCE);
    data.writeBigInt64LE(this.chain.now() - BigInt(opts.age ?? 0), FEED_PUBLISH_TS);
    this.chain.setAccount(feed, { data, owner: info.owner, lamports: BigInt(info.lamports) });
  }

  /** A buyer with 1,000 IO and 1,000 USDC (JobsWorld's user). */
  buyer(): User {
    return this.user();
  }

  buyInstruction(buyer: User, args: { lotId?: BN; usdc: BN; maxIo: BN; deadline?: BN; buyerUsdc?: PublicKey; buyerIo?: PublicKey }): TransactionInstruction {
    return buyInstruction({
      buyer: buyer.wallet.publicKey,
      buyerIo: args.buyerIo ?? buyer.token[Currency.Io],
      buyerUsdc: args.buyerUsdc ?? buyer.token[Currency.Usdc],
      usdcMint: this.usdcMint,
      lotId: args.lotId ?? this.config().lotId,
      usdc: args.usdc,
      maxIo: args.maxIo,
      deadline: args.deadline ?? new BN((this.chain.now() + 60n).toString()),
    });
  }

  /** The accounts a refused instruction must leave unchanged. */
  stateKeys(extra: PublicKey[] = []): PublicKey[] {
    return [buybackConfigKey()[0], buybackUsdcVaultKey()[0], incentivesVaultKey()[0], ...extra];
  }

  wallet(): Keypair {
    return this.funded(Keypair.generate());
  }
}
