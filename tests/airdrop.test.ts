/**
 * The genesis airdrop on the real .so: a Merkle tree built by the SDK from a CSV, claims once
 * each, refusals that change nothing, and the unclaimed rest back to the community vault.
 */
import { expect } from "chai";
import BN from "bn.js";
import { Keypair } from "@solana/web3.js";
import {
  airdropKey,
  airdropVaultKey,
  buildAirdropTree,
  claimAirdropInstruction,
  closeAirdropInstruction,
  createAirdropInstruction,
  decodeAirdrop,
  parseAirdropCsv,
  parseIoTokenEvents,
  receiptKey,
  vaultKey,
  verifyAirdropProof,
} from "../sdk/src";
import { expectError, expectOk, TestChain } from "./harness";
import { initialize, ioAccount, ioBalance, ioTokenChain } from "./fixtures";

const DAY = 86_400n;


describe("airdrop", () => {
  let chain: TestChain;
  let admin: Keypair;
  let wallets: Keypair[];
  let tree: ReturnType<typeof buildAirdropTree>;
  let amounts: BN[];
  let deadline: bigint;
  const ID = 1;

  const claim = (w: Keypair, amount: BN, proof: Buffer[], destination = ioAccount(chain, w.publicKey)) =>
    chain.send([claimAirdropInstruction({ claimant: w.publicKey, id: ID, amount, proof, destination })], [w]);
  const proofOf = (w: Keypair) => tree.proofs.get(w.publicKey.toBase58())!;
  const watched = () => [airdropKey(ID)[0], airdropVaultKey(ID)[0], vaultKey(4)[0]];

  beforeEach(() => {
    // Given five eligible wallets in a CSV, and the airdrop funded from the community vault
    ({ chain, upgradeAuthority: admin } = ioTokenChain());
    expectOk(initialize(chain, admin));
    wallets = Array.from({ length: 5 }, () => chain.wallet(1));
    amounts = wallets.map((_, i) => new BN(1_000_000_000).muln(i + 1));
    const csv = ["wallet,amount", ...wallets.map((w, i) => `${w.publicKey.toBase58()},${amounts[i].toString()}`)].join("\n");
    tree = buildAirdropTree(parseAirdropCsv(csv));
    deadline = chain.now() + 30n * DAY;
    const res = expectOk(
      chain.send(
        [
          createAirdropInstruction({
            admin: admin.publicKey,
            id: ID,
            root: tree.root,
            total: tree.total,
            deadline: new BN(deadline.toString()),
          }),
        ],
        [admin],
      ),
    );
    expect(parseIoTokenEvents(res.logs)[0].name).to.equal("airdropCreated");
  });

  it("pays each eligible wallet exactly once", () => {
    wallets.forEach((w, i) => {
      expect(verifyAirdropProof(tree.root, w.publicKey, amounts[i], proofOf(w))).to.equal(true);
      const res = expectOk(claim(w, amounts[i], proofOf(w)));
      expect(parseIoTokenEvents(res.logs)[0].name).to.equal("airdropClaimed");
      expect(ioBalance(chain, ioAccount(chain, w.publicKey)).toString()).to.equal(amounts[i].toString());
      expect(chain.account(receiptKey(airdropKey(ID)[0], w.publicKey)[0])).to.not.equal(null);
    });
    const state = decodeAirdrop(chain.account(airdropKey(ID)[0])!);
    expect(state.claimed.toString()).to.equal(tree.total.toString());
    expect(ioBalance(chain, airdropVaultKey(ID)[0]).toString()).to.equal("0");
  });

  it("refuses a second claim, a wrong amount, a forged proof and a wallet not in the tree", () => {
    const [w0, w1] = wallets;
    expectOk(claim(w0, amounts[0], proofOf(w0)));
    const before = chain.snapshot(watched());
    expectError(claim(w0, amounts[0], proofOf(w0)), "AlreadyClaimed");
    expectError(claim(w1, amounts[1].addn(1), proofOf(w1)), "InvalidProof");
    const forged = proofOf(w1).map((p, i) => (i === 0 ? Buffer.alloc(32, 7) : p));
    expectError(claim(w1, amounts[1], forged), "InvalidProof");
    expectError(claim(w1, amounts[1], proofOf(w1), airdropVaultKey(ID)[0]), "InvalidDestination");
    const outsider = chain.wallet(1);
    expectError(claim(outsider, amounts[1], proofOf(w1)), "InvalidProof");
    expect(chain.snapshot(watched())).to.equal(before);
  });

  it("refuses claims after the deadline and returns the unclaimed IO to the community vault", () => {
    expectOk(claim(wallets[0], amounts[0], proofOf(wallets[0])));
    const community = ioBalance(chain, vaultKey(4)[0]);
    // Before the deadline nobody can close it
    expectError(chain.send([closeAirdropInstruction({ id: ID })], [chain.payer]), "AirdropOpen");
    // After it, claims fail and anyone closes it
    chain.setUnixTime(deadline + 1n);
    expectError(claim(wallets[1], amounts[1], proofOf(wallets[1])), "AirdropExpired");
    const res = expectOk(chain.send([closeAirdropInstruction({ id: ID })], [chain.payer]));
    const unclaimed = tree.total.sub(amounts[0]);
    expect((parseIoTokenEvents(res.logs)[0].data.returned as BN).toString()).to.equal(unclaimed.toString());
    expect(ioBalance(chain, vaultKey(4)[0]).toString()).to.equal(community.add(unclaimed).toString());
    expect(decodeAirdrop(chain.account(airdropKey(ID)[0])!).closed).to.equal(true);
    expectError(chain.send([closeAirdropInstruction({ id: ID })], [chain.payer]), "AirdropClosed");
  });

  it("only the admin creates an airdrop, once per id, funded by the community vault", () => {
    const stranger = chain.wallet();
    const args = { id: 2, root: tree.root, total: tree.total, deadline: new BN((deadline + DAY).toString()) };
    expectError(chain.send([createAirdropInstruction({ admin: stranger.publicKey, ...args })], [stranger]), "Unauthorized");
    expectError(
      chain.send([createAirdropInstruction({ admin: admin.publicKey, ...args, id: ID })], [admin]),
      "AlreadyExists",
    );
    expectError(
      chain.send([createAirdropInstruction({ admin: admin.publicKey, ...args, deadline: new BN(chain.now().toString()) })], [admin]),
      "AirdropExpired",
    );
    expectError(
      chain.send([createAirdropInstruction({ admin: admin.publicKey, ...args, total: new BN("25000000000000001") })], [admin]),
      "InsufficientFunds",
    );
    expect(chain.account(airdropKey(2)[0])).to.equal(null);
  });
});
