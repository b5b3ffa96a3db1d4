/**
 * The SDK's transaction layer against a real solana-test-validator, behind the chaos proxy
 * (tests/chaos-proxy.ts) that swallows sends: a transaction whose first send never reaches the
 * cluster is confirmed after its blockhash expires (the validator's real block height passing
 * lastValidBlockHeight) by a second send over a fresh blockhash; with one attempt allowed, the
 * layer throws TransactionExpiredError and nothing moved.
 */
import { expect } from "chai";
import { Wallet } from "@coral-xyz/anchor";
import { Connection, Keypair, LAMPORTS_PER_SOL, SystemProgram } from "@solana/web3.js";
import { SendStatus, sendTransaction, TransactionExpiredError } from "../sdk/src";
import { ChaosProxy } from "./chaos-proxy";
import { LocalValidator } from "./validator";

const RPC_PORT = 23_899;

describe("sdk transaction layer on solana-test-validator", function () {
  this.timeout(300_000);
  let validator: LocalValidator;
  let proxy: ChaosProxy;
  const payer = Keypair.generate();

  before(async () => {
    validator = await LocalValidator.start({ programs: [], mint: payer.publicKey, rpcPort: RPC_PORT });
    proxy = await ChaosProxy.start(validator.url, 1);
  });
  after(async () => {
    if (proxy) await proxy.stop();
    if (validator) await validator.stop();
  });

  it("retries on an expired blockhash: the swallowed first send expires, the second over a fresh blockhash is confirmed; one attempt only throws TransactionExpiredError", async () => {
    // Given a wallet (a signer, not a Keypair, for the layer) and two recipients
    const connection = new Connection(proxy.url, "confirmed");
    const wallet = new Wallet(payer);
    const [retried, abandoned] = [Keypair.generate().publicKey, Keypair.generate().publicKey];
    const statuses: SendStatus[] = [];
    // And the proxy swallowing the next two sends (answered with their signature, never forwarded)
    proxy.swallowNextSends = 2;
    // When both transfers are sent at once, one with the default three attempts and one with a single attempt
    const started = Date.now();
    const [ok, failed] = await Promise.all([
      sendTransaction(connection, wallet, [SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: retried, lamports: LAMPORTS_PER_SOL })], {
        onStatus: (s) => statuses.push(s),
        pollMs: 400,
      }),
      sendTransaction(connection, wallet, [SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: abandoned, lamports: LAMPORTS_PER_SOL })], { maxAttempts: 1, pollMs: 400 }).catch((e: unknown) => e),
    ]);
    console.log(`      expiry seen and retried in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // Then the first was confirmed on its second attempt, after its first expired
    expect(ok.attempts).to.equal(2);
    expect(statuses.map((s) => s.kind)).to.deep.equal(["simulated", "signed", "sent", "expired", "signed", "sent", "confirmed"]);
    const sent = statuses.filter((s): s is Extract<SendStatus, { kind: "sent" }> => s.kind === "sent");
    expect(sent[0].signature).to.not.equal(sent[1].signature);
    expect(sent[1].lastValidBlockHeight).to.be.above(sent[0].lastValidBlockHeight);
    expect(ok.signature).to.equal(sent[1].signature);
    expect(await connection.getBalance(retried, "confirmed")).to.equal(LAMPORTS_PER_SOL);
    // And the block height really passed the first blockhash's validity
    expect(await connection.getBlockHeight("confirmed")).to.be.above(sent[0].lastValidBlockHeight);
    // And the single-attempt one threw TransactionExpiredError naming its signature, and moved nothing
    expect(failed).to.be.instanceOf(TransactionExpiredError);
    expect((failed as TransactionExpiredError).signatures).to.have.length(1);
    expect(await connection.getBalance(abandoned, "confirmed")).to.equal(0);
    expect(proxy.counts.swallowed).to.equal(2);
  });
});
