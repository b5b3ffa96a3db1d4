/**
 * io_jobs nodes on the real .so: a node is bound to its owner's key; nobody else (an oracle, an
 * admin, another user) can change or retire it — io.net's April 2024 incident, made impossible.
 */
import { expect } from "chai";
import { createHash } from "crypto";
import BN from "bn.js";
import { Keypair, PublicKey } from "@solana/web3.js";
import {
  decodeNode,
  IO_JOBS_PROGRAM_ID,
  nodeKey,
  parseIoJobsEvents,
  registerNodeInstruction,
  retireNodeInstruction,
  updateNodeInstruction,
} from "../sdk/src";
import { expectOk, TestChain, TxResult } from "./harness";

const TERMS = { hardwareClass: 3, pricePerHour: new BN(1_250_000), usdShareBps: 7_000 }; // $1.25/GPU-h, 70% USD

function expectError(res: TxResult, name: string): void {
  if (res.ok) throw new Error(`expected ${name}, but the transaction succeeded`);
  expect(res.programError?.name, `${res.error}\n${res.logs.join("\n")}`).to.equal(name);
}

describe("io_jobs nodes", () => {
  let chain: TestChain;
  let owner: Keypair;
  let deviceId: Buffer;
  let node: PublicKey;

  beforeEach(() => {
    chain = new TestChain();
    chain.deploy(IO_JOBS_PROGRAM_ID, "io_jobs");
    owner = chain.wallet();
    deviceId = createHash("sha256").update("worker-device-key-1").digest();
    [node] = nodeKey(owner.publicKey, deviceId);
  });

  const register = (signer = owner, terms = TERMS) =>
    chain.send([registerNodeInstruction({ owner: signer.publicKey, deviceId, ...terms })], [signer]);

  it("registers a node under its owner and lets only that owner update and retire it", () => {
    const res = expectOk(register());
    expect(parseIoJobsEvents(res.logs)[0].name).to.equal("nodeRegistered");
    const n = decodeNode(chain.account(node)!);
    expect(n.owner.equals(owner.publicKey)).to.equal(true);
    expect(Buffer.from(n.deviceId).equals(deviceId)).to.equal(true);
    expect([n.hardwareClass, n.pricePerHour.toString(), n.usdShareBps]).to.deep.equal([3, "1250000", 7_000]);

    // Anyone else — another user, an "oracle", the deployer — cannot change or retire it
    const intruder = chain.wallet();
    const before = chain.snapshot([node]);
    const hijack = updateNodeInstruction({ owner: intruder.publicKey, node, ...TERMS, pricePerHour: new BN(1) });
    expectError(chain.send([hijack], [intruder]), "NotNodeOwner");
    expectError(chain.send([retireNodeInstruction({ owner: intruder.publicKey, node })], [intruder]), "NotNodeOwner");
    expect(chain.snapshot([node])).to.equal(before);

    // The owner updates it
    expectOk(chain.send([updateNodeInstruction({ owner: owner.publicKey, node, ...TERMS, pricePerHour: new BN(2_000_000) })], [owner]));
    expect(decodeNode(chain.account(node)!).pricePerHour.toString()).to.equal("2000000");

    // And retires it: the account closes and the rent returns to the owner
    const rent = chain.account(node)!.lamports;
    const ownerBefore = chain.account(owner.publicKey)!.lamports;
    expectOk(chain.send([retireNodeInstruction({ owner: owner.publicKey, node })], [owner]));
    expect(chain.account(node)).to.equal(null);
    expect(chain.account(owner.publicKey)!.lamports).to.equal(ownerBefore + rent - 5_000);
  });

  it("refuses a duplicate registration, a wrong PDA, bad terms, and a signer-less update", () => {
    expectOk(register());
    expectError(register(), "NodeExists");
    const other = chain.wallet();
    const wrong = registerNodeInstruction({ owner: other.publicKey, deviceId, ...TERMS });
    wrong.keys[1] = { ...wrong.keys[1], pubkey: node }; // another owner's node address
    expectError(chain.send([wrong], [other]), "NodeExists");
    const elsewhere = registerNodeInstruction({ owner: other.publicKey, deviceId, ...TERMS });
    elsewhere.keys[1] = { ...elsewhere.keys[1], pubkey: Keypair.generate().publicKey };
    expectError(chain.send([elsewhere], [other]), "InvalidNode");
    expectError(register(other, { ...TERMS, pricePerHour: new BN(0) }), "InvalidNodeParams");
    expectError(register(other, { ...TERMS, usdShareBps: 10_001 }), "InvalidNodeParams");
    const unsigned = updateNodeInstruction({ owner: owner.publicKey, node, ...TERMS });
    unsigned.keys[0] = { ...unsigned.keys[0], isSigner: false };
    expectError(chain.send([unsigned], [other]), "MissingSigner");
  });

  it("the same device under another owner is another node", () => {
    expectOk(register());
    const other = chain.wallet();
    expectOk(register(other));
    expect(nodeKey(other.publicKey, deviceId)[0].equals(node)).to.equal(false);
  });
});
