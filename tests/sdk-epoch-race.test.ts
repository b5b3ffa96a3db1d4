/**
 * The epoch a staking transaction needs, at an epoch boundary: a stake built while the node's
 * participant has no registration, then, while it is in flight, an oracle registers the node for
 * the open epoch and the epoch closes. The SDK's `stake` passed the open epoch's Epoch account
 * (`epochFor`), which the settlement now needs: it lands. Built as the CLI's `lastEpochOf` does
 * (the config, "any valid address" without a registration), the same race fails with WrongEpoch,
 * which the transaction layer reports as "build it again and retry".
 */
import { expect } from "chai";
import { readFileSync } from "fs";
import { join } from "path";
import { Connection, Keypair } from "@solana/web3.js";
import { Wallet } from "@coral-xyz/anchor";
import {
  attestAvailabilityInstruction,
  closeEpochInstruction,
  epochKey,
  fetchParticipant,
  fetchPosition,
  fetchStakingConfig,
  hasRegistration,
  IO,
  IoProgramError,
  lastEpochOf,
  sendTransaction,
  stake,
  stakeInstruction,
} from "../sdk/src";
import { sdkWorld } from "./sdk-world";

describe("sdk stake at an epoch boundary", () => {
  const w = sdkWorld("io-sdk-epoch-", async (cli, _admin, _user, owner, node) => {
    // The node's owner stakes 150 IO of its own (above the 100 IO a node needs to register weight)
    const staked = await cli.run("stake", "--keypair", owner, "--node", node.toBase58(), "--amount", "150");
    expect(staked.code, staked.out).to.equal(0);
  });
  let connection: Connection;
  let wallet: Wallet;
  let admin: Keypair;

  before(() => {
    connection = new Connection(w.rpc.url, "confirmed");
    wallet = new Wallet(w.user);
    admin = Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(join(w.cli.dir, "admin.json"), "utf8")) as number[]));
  });

  /** While "in flight": the oracle (the admin) registers the node for the open epoch, then the epoch closes. */
  async function registerAndClose(): Promise<number> {
    const config = await fetchStakingConfig(connection);
    const p = await fetchParticipant(connection, w.participant);
    const attest = attestAvailabilityInstruction({ oracle: admin.publicKey, participant: w.participant, lastEpoch: lastEpochOf(p), epoch: config.epoch, passed: true, reputationBps: 10_000, hardwareClass: 1 });
    const res = w.chain.send([attest], [admin]);
    expect(res.ok, res.ok ? "" : res.logs.join("\n")).to.equal(true);
    expect(hasRegistration(await fetchParticipant(connection, w.participant))).to.equal(true);
    w.chain.setUnixTime(BigInt(config.epochStart.toNumber() + config.openEpochLength + 1));
    const closed = w.chain.send([closeEpochInstruction({ payer: admin.publicKey, epoch: config.epoch })], [admin]);
    expect(closed.ok, closed.ok ? "" : closed.logs.join("\n")).to.equal(true);
    return config.epoch;
  }

  it("the SDK's stake lands after a registration and an epoch close in flight; lastEpochOf's config account fails with WrongEpoch and the retry hint", async () => {
    // Given the participant with no registration
    expect(hasRegistration(await fetchParticipant(connection, w.participant))).to.equal(false);
    const config = await fetchStakingConfig(connection);
    // When the user builds a stake of 2 IO with the SDK, and one as lastEpochOf would (the config)
    const { transaction } = await stake(connection, wallet.publicKey, { participant: w.participant, amount: IO.muln(2) });
    expect(transaction.instructions[0].keys[4].pubkey.equals(epochKey(config.epoch)[0])).to.equal(true);
    const p = await fetchParticipant(connection, w.participant);
    const naive = stakeInstruction({ ...{ staker: wallet.publicKey, participant: w.participant, stakerIo: transaction.instructions[0].keys[5].pubkey, amount: IO.muln(2) }, lastEpoch: lastEpochOf(p) });
    // And, in flight, the node registers for the open epoch and the epoch closes
    const closedEpoch = await registerAndClose();
    expect(closedEpoch).to.equal(config.epoch);
    // Then the naive one fails with WrongEpoch, whose message says to build it again
    const err = await sendTransaction(connection, wallet, [naive]).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(IoProgramError);
    expect((err as IoProgramError).info.name).to.equal("WrongEpoch");
    expect((err as IoProgramError).message).to.contain("build it again and retry");
    expect(await fetchPosition(connection, w.participant, wallet.publicKey)).to.equal(null);
    // And the SDK's, unchanged, lands (settling the registration of the closed epoch)
    await sendTransaction(connection, wallet, transaction);
    const pos = await fetchPosition(connection, w.participant, wallet.publicKey);
    expect(pos!.active.add(pos!.pending).eq(IO.muln(2))).to.equal(true);
  });
});
