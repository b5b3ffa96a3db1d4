/**
 * io_jobs nodes on the real .so: a node is bound to its owner's key; nobody else (an oracle, an
 * admin, another user) can change or retire it — io.net's April 2024 incident, made impossible.
 */
import { expect } from "chai";
import { createHash } from "crypto";
import BN from "bn.js";
import { Keypair, PublicKey, SystemProgram } from "@solana/web3.js";
import {
  createAssociatedTokenAccountIdempotentInstruction,
  createInitializeMint2Instruction,
  createMintToInstruction,
  getAssociatedTokenAddressSync,
  MINT_SIZE,
  TOKEN_PROGRAM_ID,
  unpackAccount,
} from "@solana/spl-token";
import {
  cancelJobInstruction,
  decodeJob,
  refundUnstartedInstruction,
  DEFAULT_JOBS_PARAMS,
  escrowKey,
  initializeJobsInstruction,
  jobKey,
  openJobInstruction,
  programDataKey,
  decodeNode,
  IO_JOBS_PROGRAM_ID,
  nodeKey,
  parseIoJobsEvents,
  registerNodeInstruction,
  retireNodeInstruction,
  updateNodeInstruction,
} from "../sdk/src";
import { expectError, expectOk, TestChain } from "./harness";

const TERMS = { hardwareClass: 3, pricePerHour: new BN(1_250_000), usdShareBps: 7_000 }; // $1.25/GPU-h, 70% USD


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

describe("io_jobs escrow (USDC)", () => {
  let chain: TestChain;
  let admin: Keypair;
  let usdcMint: PublicKey;
  let supplier: Keypair;
  let node: PublicKey;
  let user: Keypair;
  let userUsdc: PublicKey;
  const USDC = (x: number) => new BN(Math.round(x * 1e6));

  const usdcBalance = (account: PublicKey) => new BN(unpackAccount(account, chain.account(account), TOKEN_PROGRAM_ID).amount.toString());
  const open = (nonce: number, hours: number, who = user, whoUsdc = userUsdc, onNode = node) =>
    chain.send([openJobInstruction({ user: who.publicKey, node: onNode, nonce: new BN(nonce), hours, userUsdc: whoUsdc, usdcMint })], [who]);

  beforeEach(() => {
    // Given io_jobs initialised with a real SPL Token USDC mint, a node at $1.25/GPU-h,
    // and a user holding 100 USDC
    chain = new TestChain();
    admin = chain.wallet();
    chain.deployUpgradeable(IO_JOBS_PROGRAM_ID, "io_jobs", admin.publicKey);
    const mint = Keypair.generate();
    usdcMint = mint.publicKey;
    const rent = Number(chain.svm.minimumBalanceForRentExemption(BigInt(MINT_SIZE)));
    expectOk(
      chain.send(
        [
          SystemProgram.createAccount({ fromPubkey: admin.publicKey, newAccountPubkey: usdcMint, lamports: rent, space: MINT_SIZE, programId: TOKEN_PROGRAM_ID }),
          createInitializeMint2Instruction(usdcMint, 6, admin.publicKey, null, TOKEN_PROGRAM_ID),
        ],
        [admin, mint],
      ),
    );
    expectOk(
      chain.send(
        [initializeJobsInstruction({ payer: admin.publicKey, usdcMint, programData: programDataKey(IO_JOBS_PROGRAM_ID)[0], ...DEFAULT_JOBS_PARAMS })],
        [admin],
      ),
    );
    supplier = chain.wallet();
    const deviceId = createHash("sha256").update("gpu-1").digest();
    expectOk(chain.send([registerNodeInstruction({ owner: supplier.publicKey, deviceId, ...TERMS })], [supplier]));
    node = nodeKey(supplier.publicKey, deviceId)[0];
    user = chain.wallet();
    userUsdc = getAssociatedTokenAddressSync(usdcMint, user.publicKey);
    expectOk(
      chain.send(
        [
          createAssociatedTokenAccountIdempotentInstruction(admin.publicKey, userUsdc, user.publicKey, usdcMint),
          createMintToInstruction(usdcMint, userUsdc, admin.publicKey, BigInt(USDC(100).toString())),
        ],
        [admin],
      ),
    );
  });

  it("escrows price x hours plus the 2% facilitation fee, and a cancel refunds every unit", () => {
    // When the user opens 10 hours at $1.25
    const res = expectOk(open(1, 10));
    const [job] = jobKey(user.publicKey, new BN(1));
    const j = decodeJob(chain.account(job)!);
    // Then $12.50 + $0.25 is in escrow
    expect([j.amount.toString(), j.facilitationFee.toString(), j.deposit.toString()]).to.deep.equal(["12500000", "250000", "12750000"]);
    expect(usdcBalance(escrowKey(usdcMint)[0]).toString()).to.equal("12750000");
    expect(usdcBalance(userUsdc).toString()).to.equal(USDC(100).sub(USDC(12.75)).toString());
    expect(parseIoJobsEvents(res.logs)[0].name).to.equal("jobOpened");
    // When cancelled before it starts; Then all of it comes back and the job's rent too
    const lamports = chain.account(user.publicKey)!.lamports;
    const rent = chain.account(job)!.lamports;
    expectOk(chain.send([cancelJobInstruction({ user: user.publicKey, job, userUsdc, usdcMint })], [user]));
    expect(usdcBalance(userUsdc).toString()).to.equal(USDC(100).toString());
    expect(usdcBalance(escrowKey(usdcMint)[0]).toString()).to.equal("0");
    expect(chain.account(job)).to.equal(null);
    expect(chain.account(user.publicKey)!.lamports).to.equal(lamports + rent - 5_000);
  });

  it("refunds a job whose node never started, after the timeout, to the user's own account only", () => {
    expectOk(open(1, 4));
    const [job] = jobKey(user.publicKey, new BN(1));
    const caller = chain.wallet();
    const refund = (to: PublicKey, rentPayer = user.publicKey) =>
      chain.send([refundUnstartedInstruction({ caller: caller.publicKey, job, userUsdc: to, usdcMint, rentPayer })], [caller]);
    // Before the timeout: refused, nothing moves
    const before = chain.snapshot([job, escrowKey(usdcMint)[0], userUsdc]);
    expectError(refund(userUsdc), "JobNotTimedOut");
    expect(chain.snapshot([job, escrowKey(usdcMint)[0], userUsdc])).to.equal(before);
    chain.warp(3_600);
    // After it: not to the caller's account, not with the rent to the caller
    const callerUsdc = getAssociatedTokenAddressSync(usdcMint, caller.publicKey);
    expectOk(chain.send([createAssociatedTokenAccountIdempotentInstruction(caller.publicKey, callerUsdc, caller.publicKey, usdcMint)], [caller]));
    expectError(refund(callerUsdc), "InvalidRefundAccount");
    expectError(refund(userUsdc, caller.publicKey), "InvalidRefundAccount");
    // To the user: every unit back, the job closed
    expectOk(refund(userUsdc));
    expect(usdcBalance(userUsdc).toString()).to.equal(USDC(100).toString());
    expect(chain.account(job)).to.equal(null);
  });

  it("refuses zero hours, a reused nonce, a non-node, more than the balance, and a cancel by anyone else", () => {
    expectError(open(1, 0), "ZeroHours");
    expectOk(open(1, 2));
    expectError(open(1, 2), "JobExists");
    const fake = Keypair.generate().publicKey;
    expectError(open(2, 2, user, userUsdc, fake), "InvalidNode");
    const poor = open(3, 1_000);
    expect(poor.ok).to.equal(false); // $1,250 + fee > 100 USDC: the token program refuses
    expect(chain.account(jobKey(user.publicKey, new BN(3))[0])).to.equal(null);
    const [job] = jobKey(user.publicKey, new BN(1));
    const thief = chain.wallet();
    const thiefUsdc = getAssociatedTokenAddressSync(usdcMint, thief.publicKey);
    expectOk(chain.send([createAssociatedTokenAccountIdempotentInstruction(thief.publicKey, thiefUsdc, thief.publicKey, usdcMint)], [thief]));
    const before = chain.snapshot([job, escrowKey(usdcMint)[0], thiefUsdc]);
    expectError(chain.send([cancelJobInstruction({ user: thief.publicKey, job, userUsdc: thiefUsdc, usdcMint })], [thief]), "NotJobUser");
    expect(chain.snapshot([job, escrowKey(usdcMint)[0], thiefUsdc])).to.equal(before);
  });
});
