/**
 * io_token's wallet-level helpers through a plain Connection and a wallet signer: mintIosd,
 * claimVested and claimAirdrop, each paying into an associated account the helper creates.
 */
import { expect } from "chai";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { getAssociatedTokenAddressSync, TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import { Connection, PublicKey } from "@solana/web3.js";
import { Wallet } from "@coral-xyz/anchor";
import BN from "bn.js";
import { buildAirdropTree, claimAirdrop, claimVested, IO, IoProgramError, ioMintKey, iosdMintKey, mintIosd, sendTransaction, tokenBalance } from "../sdk/src";
import { sdkWorld } from "./sdk-world";

const AIRDROP = new BN(300_000_000); // 3 IO

describe("sdk io_token helpers", () => {
  let tree = "";
  const w = sdkWorld("io-sdk-token-", async (cli, admin, user) => {
    // A price for IOSD, a vesting grant of 2,400 IO to the user, and an airdrop of 3 IO to it
    expect((await cli.run("submit-price", "--keypair", admin, "--price", "2", "--confidence", "0.01")).code).to.equal(0);
    const grant = await cli.run("add-beneficiary", "--keypair", admin, "--bucket", "1", "--beneficiary", user.toBase58(), "--amount", "2400");
    expect(grant.code, grant.out).to.equal(0);
    const csv = join(cli.dir, "airdrop.csv");
    tree = join(cli.dir, "tree.json");
    writeFileSync(csv, `wallet,amount\n${user.toBase58()},${AIRDROP.toString()}\n${PublicKey.unique().toBase58()},100000000\n`);
    expect((await cli.run("airdrop-build", "--csv", csv, "--out", tree)).code).to.equal(0);
    const created = await cli.run("create-airdrop", "--keypair", admin, "--id", "1", "--tree", tree, "--days", "30");
    expect(created.code, created.out).to.equal(0);
  });
  let connection: Connection;
  let wallet: Wallet;
  const account = (mint: PublicKey) => getAssociatedTokenAddressSync(mint, w.user.publicKey, true, TOKEN_2022_PROGRAM_ID);

  before(() => {
    connection = new Connection(w.rpc.url, "confirmed");
    wallet = new Wallet(w.user);
  });

  it("mintIosd burns IO for IOSD into an IOSD account it creates", async () => {
    // Given the user's 50 IO and no IOSD account
    const iosd = account(iosdMintKey()[0]);
    expect(await connection.getAccountInfo(iosd)).to.equal(null);
    const io = await tokenBalance(connection, account(ioMintKey()[0]), TOKEN_2022_PROGRAM_ID);
    // When it mints IOSD with 10 IO at $2 (confidence $0.01)
    const { transaction } = await mintIosd(connection, wallet.publicKey, { ioAmount: IO.muln(10) });
    await sendTransaction(connection, wallet, transaction);
    // Then 10 IO left its IO account and its new IOSD account holds about $20 (the conservative price)
    expect(io!.sub((await tokenBalance(connection, account(ioMintKey()[0]), TOKEN_2022_PROGRAM_ID))!).eq(IO.muln(10))).to.equal(true);
    const minted = (await tokenBalance(connection, iosd, TOKEN_2022_PROGRAM_ID))!;
    expect(minted.gt(new BN(19_000_000))).to.equal(true);
    expect(minted.lte(new BN(20_000_000))).to.equal(true);
    // And minting with more IO than held is refused by the helper, naming the balance
    expect(String(await mintIosd(connection, wallet.publicKey, { ioAmount: IO.muln(1_000) }).catch((e: unknown) => e))).to.contain("less than");
  });

  it("claimAirdrop takes the user's 3 IO with its proof, once; the second claim is the program's named refusal", async () => {
    const ioAccount = account(ioMintKey()[0]);
    const before = (await tokenBalance(connection, ioAccount, TOKEN_2022_PROGRAM_ID))!;
    // Given the same tree the CLI built (the same CSV order)
    const proof = buildAirdropTree([
      { wallet: w.user.publicKey, amount: AIRDROP },
      ...(JSON.parse(readFileSync(tree, "utf8")) as { claims: { wallet: string; amount: string }[] }).claims
        .filter((c) => c.wallet !== w.user.publicKey.toBase58())
        .map((c) => ({ wallet: new PublicKey(c.wallet), amount: new BN(c.amount) })),
    ]).proofs.get(w.user.publicKey.toBase58())!;
    // When the user claims
    await sendTransaction(connection, wallet, (await claimAirdrop(connection, wallet.publicKey, { id: 1, amount: AIRDROP, proof })).transaction);
    // Then 3 IO arrived
    expect((await tokenBalance(connection, ioAccount, TOKEN_2022_PROGRAM_ID))!.sub(before).eq(AIRDROP)).to.equal(true);
    // When it claims again; Then the program refuses by name and nothing moves
    const again = await claimAirdrop(connection, wallet.publicKey, { id: 1, amount: AIRDROP, proof }).then((t) => sendTransaction(connection, wallet, t.transaction)).catch((e: unknown) => e);
    expect(again).to.be.instanceOf(IoProgramError);
    expect((await tokenBalance(connection, ioAccount, TOKEN_2022_PROGRAM_ID))!.sub(before).eq(AIRDROP)).to.equal(true);
  });

  it("claimVested takes nothing before the cliff (named refusal) and the unlocked IO after it", async () => {
    const ioAccount = account(ioMintKey()[0]);
    const before = (await tokenBalance(connection, ioAccount, TOKEN_2022_PROGRAM_ID))!;
    const early = await claimVested(connection, wallet.publicKey, { bucket: 1 }).then((t) => sendTransaction(connection, wallet, t.transaction)).catch((e: unknown) => e);
    expect(early).to.be.instanceOf(IoProgramError);
    // When 13 months pass (the clock moved on the chain) and the user claims
    w.chain.setUnixTime(w.chain.now() + BigInt(13 * 730 * 3600));
    await sendTransaction(connection, wallet, (await claimVested(connection, wallet.publicKey, { bucket: 1 })).transaction);
    // Then IO of the 2,400 granted arrived
    const got = (await tokenBalance(connection, ioAccount, TOKEN_2022_PROGRAM_ID))!.sub(before);
    expect(got.gtn(0)).to.equal(true);
    expect(got.lte(IO.muln(2_400))).to.equal(true);
  });
});
