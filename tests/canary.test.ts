/**
 * Toolchain canary (TOOLCHAIN.md, trap 1): cold code and panics must behave on chain. Without
 * `-profile-guided-section-prefix=false` the cold path fails with `unsupported BPF instruction`
 * and an out-of-bounds panic was seen to jump into other code and succeed.
 */
import { expect } from "chai";
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import { TestChain, programKeypair } from "./harness";

describe("toolchain canary", () => {
  let chain: TestChain;
  let programId: PublicKey;

  function call(data: number[], signer: Keypair = chain.payer) {
    return chain.send([new TransactionInstruction({ programId, keys: [], data: Buffer.from(data) })], [signer]);
  }

  before(() => {
    chain = new TestChain();
    programId = programKeypair("toolchain_canary").publicKey;
    chain.deploy(programId, "toolchain_canary");
  });

  it("runs the plain path", () => {
    // Given the canary; When called with [0]; Then it succeeds.
    expect(call([0]).ok).to.equal(true);
  });

  it("returns the error of a #[cold] function", () => {
    // Given a #[cold] #[inline(never)] error helper; When called; Then its custom error comes back.
    const res = call([1]);
    expect(res.ok).to.equal(false);
    expect(res.ok ? "" : res.error).to.contain("Custom(6001)");
  });

  it("reads an in-bounds index", () => {
    // Given TABLE = [11, 22, 33, 44]; When index 1 is read; Then 6100 + 22 comes back.
    const res = call([2, 1]);
    expect(res.ok ? "" : res.error).to.contain("Custom(6122)");
  });

  it("fails the transaction when an index is out of bounds", () => {
    // Given index 200 into a 4-element table; When read; Then the panic handler aborts the
    // transaction (no custom error, no success, our handler's message in the logs).
    const res = call([2, 200]);
    expect(res.ok).to.equal(false);
    expect(res.ok ? "" : res.error).not.to.contain("Custom(");
    expect(res.logs).to.include("Program log: program panicked");
  });
});
