/**
 * IOSD on the real .so files: IO burned for IOSD at io_oracle's conservative price, refused on
 * a stale or unhealthy price and beyond the rate limit, never transferable, every unit accounted.
 */
import { expect } from "chai";
import BN from "bn.js";
import {
  createAssociatedTokenAccountIdempotentInstruction,
  createTransferCheckedInstruction,
  getAssociatedTokenAddressSync,
  TOKEN_2022_PROGRAM_ID,
  unpackMint,
} from "@solana/spl-token";
import { Keypair, PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import {
  decodeIosdState,
  DEFAULT_PRICE_PARAMS,
  initializeOracleInstruction,
  initIosdInstruction,
  IO_ORACLE_PROGRAM_ID,
  iosdMintKey,
  iosdStateKey,
  mintIosdInstruction,
  parseIoTokenEvents,
  priceFeedKey,
  releaseInstruction,
  setIosdParamsInstruction,
  setIosdSpenderInstruction,
  authorityKey,
  IO_TOKEN_PROGRAM_ID,
  jobsAuthorityKey,
  setOracleSetInstruction,
  submitPriceInstruction,
} from "../sdk/src";
import { ioTokenCoder } from "./anchor-coder";
import { expectError, expectOk, TestChain } from "./harness";
import { initialize, ioAccount, ioBalance, ioSupply, ioTokenChain } from "./fixtures";

const IO = new BN(100_000_000);
const RATE_LIMIT = new BN(1_000_000_000); // 1,000 IOSD per window
const PARAMS = { confMultiple: 2, maxPriceAge: 600, rateLimit: RATE_LIMIT, rateWindow: 3_600 };


describe("IOSD", () => {
  let chain: TestChain;
  let admin: Keypair;
  let oracles: Keypair[];
  let user: Keypair;
  let userIo: PublicKey;
  let userIosd: PublicKey;

  const iosdBalance = () => new BN(chain.account(userIosd) ? chain.account(userIosd)!.data.readBigUInt64LE(64).toString() : "0");
  const iosdSupply = () => new BN(unpackMint(iosdMintKey()[0], chain.account(iosdMintKey()[0]), TOKEN_2022_PROGRAM_ID).supply.toString());
  const mint = (io: BN) => chain.send([mintIosdInstruction({ user: user.publicKey, userIo, userIosd, ioAmount: io })], [user]);
  /** Two of three oracles post `price` USD with `conf` USD confidence (8 decimals). */
  const post = (price: number, conf = 0.001) => {
    for (const o of oracles.slice(0, 2)) {
      expectOk(
        chain.send(
          [
            submitPriceInstruction({
              oracle: o.publicKey,
              setVersion: 1,
              price: new BN(Math.round(price * 1e8)),
              confidence: new BN(Math.round(conf * 1e8)),
              timestamp: new BN(chain.now().toString()),
            }),
          ],
          [o],
        ),
      );
    }
  };
  const watched = () => [userIo, userIosd, iosdStateKey()[0], iosdMintKey()[0]];

  beforeEach(() => {
    // Given the protocol and io_oracle (3 oracles, quorum 2) with IO/USD accepted at $2.00 ± 0.01
    ({ chain, upgradeAuthority: admin } = ioTokenChain());
    chain.setUnixTime(1_800_000_000n);
    expectOk(initialize(chain, admin));
    chain.deployUpgradeable(IO_ORACLE_PROGRAM_ID, "io_oracle", admin.publicKey);
    expectOk(
      chain.send([initializeOracleInstruction({ payer: admin.publicKey, ...DEFAULT_PRICE_PARAMS })], [admin]),
    );
    oracles = [chain.wallet(), chain.wallet(), chain.wallet()];
    expectOk(chain.send([setOracleSetInstruction({ admin: admin.publicKey, quorum: 2, members: oracles.map((o) => o.publicKey) })], [admin]));
    post(2.0, 0.01);
    // And IOSD initialised, and a user holding 1,000 IO
    expectOk(chain.send([initIosdInstruction({ admin: admin.publicKey, name: "IO Dollar", symbol: "IOSD", uri: "https://io.net/iosd.json", ...PARAMS })], [admin]));
    user = chain.wallet();
    userIo = ioAccount(chain, user.publicKey);
    expectOk(chain.send([releaseInstruction({ admin: admin.publicKey, bucket: 4, amount: IO.muln(1_000), destination: userIo })], [admin]));
    userIosd = getAssociatedTokenAddressSync(iosdMintKey()[0], user.publicKey, false, TOKEN_2022_PROGRAM_ID);
    expectOk(
      chain.send(
        [createAssociatedTokenAccountIdempotentInstruction(user.publicKey, userIosd, user.publicKey, iosdMintKey()[0], TOKEN_2022_PROGRAM_ID)],
        [user],
      ),
    );
  });

  it("burns IO and mints IOSD at the conservative price, every base unit accounted", () => {
    const supplyBefore = ioSupply(chain);
    // When the user burns 100 IO at $2.00 with confidence $0.01 (multiple 2 -> $1.98)
    const res = expectOk(mint(IO.muln(100)));
    // Then 198 IOSD, rounded down; IO supply and the user's IO fell by exactly 100 IO
    expect(iosdBalance().toString()).to.equal("198000000");
    expect(iosdSupply().toString()).to.equal("198000000");
    expect(ioBalance(chain, userIo).toString()).to.equal(IO.muln(900).toString());
    expect(supplyBefore.sub(ioSupply(chain)).toString()).to.equal(IO.muln(100).toString());
    const state = decodeIosdState(chain.account(iosdStateKey()[0])!);
    expect(state.ioBurned.toString()).to.equal(IO.muln(100).toString());
    expect(state.iosdMinted.toString()).to.equal("198000000");
    const [event] = parseIoTokenEvents(res.logs);
    expect(event.name).to.equal("iosdMinted");
    expect((event.data.conservativePrice as BN).toString()).to.equal("198000000");
  });

  it("refuses a stale price, an unhealthy price and a foreign price feed, changing nothing", () => {
    const before = chain.snapshot(watched());
    chain.warp(601);
    expectError(mint(IO), "StalePrice");
    // A rejected median (a 50% jump) makes the feed unhealthy
    post(3.0);
    expectError(mint(IO), "UnhealthyPrice");
    // A median with too wide a confidence (5% against the 2% bound) also makes it unhealthy
    chain.warp(1);
    post(2.0, 0.1);
    expectError(mint(IO), "UnhealthyPrice");
    // A look-alike feed owned by another program
    const fake = Keypair.generate().publicKey;
    chain.setAccount(fake, { data: chain.account(priceFeedKey()[0])!.data, owner: SystemProgram.programId });
    expectError(
      chain.send([mintIosdInstruction({ user: user.publicKey, userIo, userIosd, ioAmount: IO, priceFeed: fake })], [user]),
      "InvalidPriceFeed",
    );
    expect(chain.snapshot(watched())).to.equal(before);
  });

  it("refuses the excess over the rate limit and recovers linearly over time", () => {
    // 500 IO at $1.98 = 990 IOSD of the 1,000 per hour
    expectOk(mint(IO.muln(500)));
    const before = chain.snapshot(watched());
    expectError(mint(IO.muln(10)), "RateLimited"); // 19.8 more would exceed 1,000
    expect(chain.snapshot(watched())).to.equal(before);
    // After 36 minutes 600 IOSD of room decayed back: 200 IO (396 IOSD) fits
    chain.warp(36 * 60);
    post(2.0, 0.01);
    expectOk(mint(IO.muln(200)));
    expect(iosdBalance().toString()).to.equal(new BN(990 + 396).muln(1_000_000).toString());
  });

  it("IOSD cannot be transferred", () => {
    expectOk(mint(IO.muln(10)));
    const other = chain.wallet();
    const otherIosd = getAssociatedTokenAddressSync(iosdMintKey()[0], other.publicKey, false, TOKEN_2022_PROGRAM_ID);
    expectOk(
      chain.send(
        [createAssociatedTokenAccountIdempotentInstruction(other.publicKey, otherIosd, other.publicKey, iosdMintKey()[0], TOKEN_2022_PROGRAM_ID)],
        [other],
      ),
    );
    const res = chain.send(
      [createTransferCheckedInstruction(userIosd, iosdMintKey()[0], otherIosd, user.publicKey, 1_000_000, 6, [], TOKEN_2022_PROGRAM_ID)],
      [user],
    );
    expect(res.ok).to.equal(false);
    // Token-2022 NonTransferable: "Transfer is disabled for this mint" (error 0x25)
    expect(res.logs.join("\n"), res.logs.join("\n")).to.contain("Transfer is disabled for this mint");
    expect(iosdBalance().toString()).to.equal("19800000");
  });

  it("only the named spender (io_jobs' authority) can hold or release IOSD", () => {
    expectOk(mint(IO.muln(10)));
    const thief = chain.wallet();
    const meta = (pubkey: PublicKey, isWritable: boolean, isSigner = false) => ({ pubkey, isWritable, isSigner });
    const release = new TransactionInstruction({
      programId: IO_TOKEN_PROGRAM_ID,
      keys: [
        meta(thief.publicKey, false, true),
        meta(iosdStateKey()[0], true),
        meta(iosdMintKey()[0], true),
        meta(userIosd, true),
        meta(authorityKey()[0], false),
        meta(TOKEN_2022_PROGRAM_ID, false),
      ],
      data: ioTokenCoder.instruction.encode("releaseIosd", { amount: new BN(1_000_000), retire: new BN(0) }),
    });
    const before = chain.snapshot([userIo, userIosd, iosdMintKey()[0]]);
    // init_iosd named io_jobs' authority, which only io_jobs can sign for
    expect(decodeIosdState(chain.account(iosdStateKey()[0])!).spender.equals(jobsAuthorityKey()[0])).to.equal(true);
    expectError(chain.send([release], [thief]), "NotIosdSpender");
    expectError(chain.send([setIosdSpenderInstruction({ admin: thief.publicKey, spender: thief.publicKey })], [thief]), "Unauthorized");
    // With nothing held the admin may re-name it (here: the same key); with IOSD held it may not (io-jobs-adversarial)
    expectOk(chain.send([setIosdSpenderInstruction({ admin: admin.publicKey, spender: jobsAuthorityKey()[0] })], [admin]));
    expectError(chain.send([release], [thief]), "NotIosdSpender");
    const hold = new TransactionInstruction({
      programId: IO_TOKEN_PROGRAM_ID,
      keys: [
        meta(user.publicKey, false, true),
        meta(userIosd, true),
        meta(iosdMintKey()[0], true),
        meta(iosdStateKey()[0], true),
        meta(thief.publicKey, false, true),
        meta(TOKEN_2022_PROGRAM_ID, false),
      ],
      data: ioTokenCoder.instruction.encode("holdIosd", { amount: new BN(1_000_000) }),
    });
    expectError(chain.send([hold], [thief, user]), "NotIosdSpender");
    expect(chain.snapshot([userIo, userIosd, iosdMintKey()[0]])).to.equal(before);
    expect(decodeIosdState(chain.account(iosdStateKey()[0])!).held.toString()).to.equal("0");
  });

  it("only the admin sets the IOSD parameters, within bounds", () => {
    const stranger = chain.wallet();
    expectError(chain.send([setIosdParamsInstruction({ admin: stranger.publicKey, ...PARAMS })], [stranger]), "Unauthorized");
    expectError(chain.send([setIosdParamsInstruction({ admin: admin.publicKey, ...PARAMS, rateWindow: 0 })], [admin]), "InvalidParams");
    expectOk(chain.send([setIosdParamsInstruction({ admin: admin.publicKey, ...PARAMS, confMultiple: 3 })], [admin]));
    expect(decodeIosdState(chain.account(iosdStateKey()[0])!).confMultiple).to.equal(3);
  });
});
