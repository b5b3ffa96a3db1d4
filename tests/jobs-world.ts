/**
 * The world io_jobs lives in, on the real .so files: io_token (IO, IOSD, whose init_iosd names
 * io_jobs' authority its spender), io_oracle (three oracles, quorum two, IO/USD at $2.00 ± 0.01; or another set, see
 * `oracles`), a real SPL Token USDC mint, io_jobs initialised with the default fees, one
 * registered node (only once io_jobs is initialised) and funded users.
 */
import {
  createAssociatedTokenAccountIdempotentInstruction,
  createInitializeMint2Instruction,
  createMintToInstruction,
  getAssociatedTokenAddressSync,
  MINT_SIZE,
  TOKEN_PROGRAM_ID,
} from "@solana/spl-token";
import { Keypair, PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import { createHash } from "crypto";
import {
  Currency,
  currencyAccounts,
  decodeJobsConfig,
  decodeNode,
  decodePriceFeed,
  DEFAULT_JOBS_PARAMS,
  DEFAULT_PRICE_PARAMS,
  initializeJobsInstruction,
  initializeOracleInstruction,
  initIosdInstruction,
  IO_JOBS_PROGRAM_ID,
  IO_ORACLE_PROGRAM_ID,
  jobsConfigKey,
  mintIosdInstruction,
  nodeKey,
  openJobInstruction,
  priceFeedKey,
  quoteJob,
  registerNodeInstruction,
  releaseInstruction,
  setOracleSetInstruction,
  submitPriceInstruction,
  DiscountTiers,
} from "../sdk/src";
import { initialize, ioTokenChain } from "./fixtures";
import { expectOk, TestChain } from "./harness";

export const IO = new BN(100_000_000); // 1 IO (8 decimals)
export const USD = new BN(1_000_000); // $1 (6 decimals)
/** The node's terms: $2.00 per GPU-hour, 80% paid as USD, 20% as the token share. */
export const NODE_TERMS = { hardwareClass: 2, pricePerHour: USD.muln(2), usdShareBps: 8_000 };
/** The reputation tests' discount table: 10% off the network fee from $0.40 of fees paid, 25% from $1, 50% from $5; a strike costs $0.25. */
export const TEST_DISCOUNT_TIERS: DiscountTiers = {
  tiers: [
    { scoreUsd: new BN(400_000), discountBps: 1_000 },
    { scoreUsd: new BN(1_000_000), discountBps: 2_500 },
    { scoreUsd: new BN(5_000_000), discountBps: 5_000 },
  ],
  strikeUsd: new BN(250_000),
};

export interface User {
  wallet: Keypair;
  /** The user's token account of each currency. */
  token: Record<Currency, PublicKey>;
}

/** Fixed keys (the benchmark wants the same PDAs every run) and how far to set up. */
export interface WorldOptions {
  base?: { chain: TestChain; upgradeAuthority: Keypair };
  usdcMint?: Keypair;
  nodeOwner?: Keypair;
  /** false: io_jobs deployed but not initialised (see `initializeInstruction`). */
  initializeJobs?: boolean;
  /** The oracle set: `count` members (fixed keys), `quorum` of them (default 3 and 2). */
  oracles?: { count: number; quorum: number };
}

export class JobsWorld {
  readonly chain: TestChain;
  readonly admin: Keypair;
  readonly oracles: Keypair[];
  /** The oracle set's quorum. */
  readonly quorum: number;
  readonly usdcMint: PublicKey;
  readonly nodeOwner: Keypair;
  readonly node: PublicKey;

  constructor(opts: WorldOptions = {}) {
    const { chain, upgradeAuthority: admin } = opts.base ?? ioTokenChain();
    this.chain = chain;
    this.admin = admin;
    chain.setUnixTime(1_800_000_000n);
    expectOk(initialize(chain, admin));
    chain.deployUpgradeable(IO_ORACLE_PROGRAM_ID, "io_oracle", admin.publicKey);
    this.send([initializeOracleInstruction({ payer: admin.publicKey, ...DEFAULT_PRICE_PARAMS })], [admin]);
    const set = opts.oracles ?? { count: 3, quorum: 2 };
    this.quorum = set.quorum;
    this.oracles = Array.from({ length: set.count }, (_, i) => this.funded(Keypair.fromSeed(Buffer.alloc(32, i + 1))));
    this.send([setOracleSetInstruction({ admin: admin.publicKey, quorum: set.quorum, members: this.oracles.map((o) => o.publicKey) })], [admin]);
    this.postPrice();
    const iosd = { name: "IO Dollar", symbol: "IOSD", uri: "https://io.net/iosd.json", confMultiple: 2, maxPriceAge: 600 };
    this.send([initIosdInstruction({ admin: admin.publicKey, ...iosd, rateLimit: USD.muln(1_000_000), rateWindow: 3_600 })], [admin]);

    // USDC: a real SPL Token mint with 6 decimals
    const usdc = opts.usdcMint ?? Keypair.generate();
    this.usdcMint = usdc.publicKey;
    const payer = chain.payer;
    this.send(
      [
        SystemProgram.createAccount({ fromPubkey: payer.publicKey, newAccountPubkey: usdc.publicKey, lamports: 1_461_600, space: MINT_SIZE, programId: TOKEN_PROGRAM_ID }),
        createInitializeMint2Instruction(usdc.publicKey, 6, payer.publicKey, null),
      ],
      [payer, usdc],
    );

    chain.deployUpgradeable(IO_JOBS_PROGRAM_ID, "io_jobs", admin.publicKey);
    if (opts.initializeJobs !== false) this.send([this.initializeInstruction()], [admin]);

    this.nodeOwner = this.funded(opts.nodeOwner ?? Keypair.generate());
    const deviceId = createHash("sha256").update("gpu-node-0").digest();
    // register_node reads the referral terms in the config: without it, the node is only named
    if (opts.initializeJobs !== false) this.send([registerNodeInstruction({ owner: this.nodeOwner.publicKey, deviceId, ...NODE_TERMS })], [this.nodeOwner]);
    [this.node] = nodeKey(this.nodeOwner.publicKey, deviceId);
  }

  /** `wallet`, with 10 SOL. */
  funded(wallet: Keypair): Keypair {
    this.chain.airdrop(wallet.publicKey, 10);
    return wallet;
  }

  /** io_jobs' `initialize` with the default parameters, signed by the admin. */
  initializeInstruction(): TransactionInstruction {
    return initializeJobsInstruction({ payer: this.admin.publicKey, usdcMint: this.usdcMint, ...DEFAULT_JOBS_PARAMS });
  }

  send(...args: Parameters<TestChain["send"]>): void {
    expectOk(this.chain.send(...args));
  }

  /** A quorum of the oracles post IO/USD `price` with confidence `conf`, now. */
  postPrice(price = 2.0, conf = 0.01): void {
    for (const o of this.oracles.slice(0, this.quorum)) {
      const p = { price: new BN(Math.round(price * 1e8)), confidence: new BN(Math.round(conf * 1e8)), timestamp: new BN(this.chain.now().toString()) };
      this.send([submitPriceInstruction({ oracle: o.publicKey, setVersion: 1, ...p })], [o]);
    }
  }

  /** A wallet with 1,000 USDC, 1,000 IO and 198 IOSD (100 IO burned at $1.98). */
  user(wallet = Keypair.generate()): User {
    const { chain, admin } = this;
    this.funded(wallet);
    const token = {} as Record<Currency, PublicKey>;
    for (const c of [Currency.Usdc, Currency.Io, Currency.Iosd]) token[c] = this.tokenAccount(wallet.publicKey, c);
    this.send([createMintToInstruction(this.usdcMint, token[Currency.Usdc], chain.payer.publicKey, BigInt(USD.muln(1_000).toString()))], [chain.payer]);
    this.send([releaseInstruction({ admin: admin.publicKey, bucket: 4, amount: IO.muln(1_100), destination: token[Currency.Io] })], [admin]);
    this.send([mintIosdInstruction({ user: wallet.publicKey, userIo: token[Currency.Io], userIosd: token[Currency.Iosd], ioAmount: IO.muln(100) })], [wallet]);
    return { wallet, token };
  }

  /** `owner`'s associated token account of `currency`, created if needed. */
  tokenAccount(owner: PublicKey, currency: Currency): PublicKey {
    const { mint, tokenProgram } = currencyAccounts(currency, this.usdcMint);
    const account = getAssociatedTokenAddressSync(mint, owner, true, tokenProgram);
    const payer = this.chain.payer;
    this.send([createAssociatedTokenAccountIdempotentInstruction(payer.publicKey, account, owner, mint, tokenProgram)], [payer]);
    return account;
  }

  /** A token account's balance in base units (SPL Token and Token-2022 share the layout). */
  balance(account: PublicKey): BN {
    const info = this.chain.account(account);
    return info ? new BN(info.data.readBigUInt64LE(64).toString()) : new BN(0);
  }

  /** The accounts of `currency`. */
  money(currency: Currency): { currency: Currency; usdcMint: PublicKey } {
    return { currency, usdcMint: this.usdcMint };
  }

  /** What opening `hours` on `node` in `currency` costs now (payment + facilitation fee). */
  quote(currency: Currency, hours: number, node = this.node): BN {
    const { pricePerHour } = decodeNode(this.chain.account(node)!);
    const config = decodeJobsConfig(this.chain.account(jobsConfigKey()[0])!);
    const price = currency === Currency.Io ? decodePriceFeed(this.chain.account(priceFeedKey()[0])!) : undefined;
    return quoteJob({ currency, pricePerHour, hours, config, price }).total;
  }

  /** open_job for `user`, at most the current quote unless `maxPayment` is given. */
  openJobInstruction(user: User, nonce: BN, hours: number, currency: Currency, opts: { node?: PublicKey; maxPayment?: BN } = {}): TransactionInstruction {
    const node = opts.node ?? this.node;
    const maxPayment = opts.maxPayment ?? this.quote(currency, hours, node);
    return openJobInstruction({ user: user.wallet.publicKey, node, nonce, hours, userToken: user.token[currency], maxPayment, ...this.money(currency) });
  }
}

