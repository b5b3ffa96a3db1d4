/**
 * io_jobs nodes on the real .so: a node is bound to its owner's key; nobody else (an oracle, an
 * admin, another user) can change or retire it — io.net's April 2024 incident, made impossible.
 */
import { expect } from "chai";
import { createHash } from "crypto";
import BN from "bn.js";
import { Keypair, PublicKey, SystemProgram } from "@solana/web3.js";
import {
  attestUsageInstruction,
  cancelJobInstruction,
  claimEarningsInstruction,
  Currency,
  CURRENCY_NAMES,
  currencyAccounts,
  decodeIosdState,
  decodeJob,
  decodeJobsConfig,
  decodeNode,
  disputeJobInstruction,
  endJobInstruction,
  iosdStateKey,
  jobKey,
  jobsConfigKey,
  nodeKey,
  openJobInstruction,
  oracleConfigKey,
  parseIoJobsEvents,
  refundUnstartedInstruction,
  registerNodeInstruction,
  resolveDisputeInstruction,
  retireNodeInstruction,
  setJobParamsInstruction,
  DEFAULT_JOBS_PARAMS,
  setOracleSetInstruction,
  settleJobsInstruction,
  SettleJob,
  updateNodeInstruction,
} from "../sdk/src";
import { createLookupTable, expectError, expectOk, TestChain } from "./harness";
import { JobsWorld, USD, User } from "./jobs-world";

const TERMS = { hardwareClass: 3, pricePerHour: new BN(1_250_000), usdShareBps: 7_000 }; // $1.25/GPU-h, 70% USD


describe("io_jobs nodes", () => {
  let chain: TestChain;
  let owner: Keypair;
  let deviceId: Buffer;
  let node: PublicKey;

  beforeEach(() => {
    // register_node reads the referral terms in the config: io_jobs initialised
    chain = new JobsWorld().chain;
    owner = chain.wallet();
    deviceId = createHash("sha256").update("worker-device-key-1").digest();
    [node] = nodeKey(owner.publicKey, deviceId);
  });

  const register = (signer = owner, terms = TERMS) =>
    chain.send([registerNodeInstruction({ owner: signer.publicKey, deviceId, ...terms })], [signer]);

  it("registers a node under its owner and lets only that owner update and retire it", () => {
    const res = expectOk(register());
    // the owner joins at its first node (its profile, no referrer), then the node is registered
    expect(parseIoJobsEvents(res.logs).map((e) => e.name)).to.deep.equal(["referralRegistered", "nodeRegistered"]);
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

const ORACLE_QUORUM = [0, 1];
const HOUR = 3_600;

describe("io_jobs jobs", () => {
  let w: JobsWorld;
  let u: User;
  let nonce = 0;

  beforeEach(() => {
    w = new JobsWorld();
    u = w.user();
  });

  const open = (currency: Currency, hours = 10, user = u): PublicKey => {
    const n = new BN(nonce++);
    expectOk(w.chain.send([w.openJobInstruction(user, n, hours, currency)], [user.wallet]));
    return jobKey(user.wallet.publicKey, n)[0];
  };
  const exitArgs = (job: PublicKey, currency: Currency, user = u) => ({
    job,
    node: w.node,
    user: user.wallet.publicKey,
    userToken: user.token[currency],
    ...w.money(currency),
  });
  const attestBy = (oracle: Keypair, job: PublicKey, hours: number) =>
    w.chain.send([attestUsageInstruction({ oracle: oracle.publicKey, job, hours })], [oracle]);
  const attest = (job: PublicKey, hours: number, oracles = ORACLE_QUORUM) => oracles.forEach((i) => expectOk(attestBy(w.oracles[i], job, hours)));
  const entry = (job: PublicKey, currency: Currency, user = u): SettleJob => ({
    job,
    node: w.node,
    user: user.wallet.publicKey,
    userToken: user.token[currency],
  });
  const settle = (currency: Currency, jobs: SettleJob[]) =>
    w.chain.send([settleJobsInstruction({ caller: w.chain.payer.publicKey, jobs, ...w.money(currency) })], [w.chain.payer]);
  const job = (key: PublicKey) => decodeJob(w.chain.account(key)!);
  const node = () => decodeNode(w.chain.account(w.node)!);
  /** Where a currency's money sits: the user, the escrow (IOSD: held), the fee vault (IOSD: retired), the node's earnings. */
  const ledger = (currency: Currency) => {
    const c = currencyAccounts(currency, w.usdcMint);
    const iosd = currency === Currency.Iosd ? decodeIosdState(w.chain.account(iosdStateKey()[0])!) : null;
    return {
      user: w.balance(u.token[currency]),
      escrow: iosd ? iosd.held : w.balance(c.vault),
      fees: iosd ? iosd.retired : w.balance(c.feeVault),
      earnings: node().earnings[currency],
    };
  };

  // 10 h at $2.00/h: $20 (+2% facilitation in USDC); IO at the conservative $1.98, rounded up.
  const PAYMENT: Record<Currency, string> = { [Currency.Usdc]: "20000000", [Currency.Io]: "1010101011", [Currency.Iosd]: "20000000" };
  const SERVED = { cancel: 0, "no-show": 0, "early end": 4, "run out": 10 };
  type ExitKind = keyof typeof SERVED;

  /** Runs one exit, checks that every base unit is accounted for, and returns the split. */
  const runExit = (currency: Currency, kind: ExitKind) => {
    const before = ledger(currency);
    const key = open(currency);
    const j = job(key);
    const held = j.payment.add(j.facilitationFee);
    expect(j.payment.toString()).to.equal(PAYMENT[currency]);
    expect(j.facilitationFee.toString()).to.equal(currency === Currency.Usdc ? "400000" : "0");
    expect(ledger(currency).escrow.sub(before.escrow).toString()).to.equal(held.toString());
    expect(node().openJobs).to.equal(1);
    const rent = w.chain.account(key)!.lamports;
    const lamportsBefore = w.chain.account(u.wallet.publicKey)!.lamports;
    let logs: string[];
    if (kind === "cancel") {
      logs = expectOk(w.chain.send([cancelJobInstruction(exitArgs(key, currency))], [u.wallet])).logs;
    } else if (kind === "no-show") {
      const stranger = w.chain.wallet();
      const refund = () => w.chain.send([refundUnstartedInstruction({ caller: stranger.publicKey, ...exitArgs(key, currency) })], [stranger]);
      expectError(refund(), "JobNotTimedOut");
      w.chain.warp(HOUR);
      logs = expectOk(refund()).logs;
    } else {
      w.chain.warp(SERVED[kind] * HOUR); // usage is at most the hours begun since opening
      attest(key, SERVED[kind]);
      if (kind === "early end") expectOk(w.chain.send([endJobInstruction({ caller: u.wallet.publicKey, job: key, node: w.node })], [u.wallet]));
      expectError(settle(currency, [entry(key, currency)]), "NotSettleable"); // inside the challenge window
      w.chain.warp(HOUR);
      logs = expectOk(settle(currency, [entry(key, currency)])).logs;
    }
    const after = ledger(currency);
    const refund = after.user.sub(before.user).add(held);
    const supplier = after.earnings.sub(before.earnings);
    const collected = after.fees.sub(before.fees);
    // Conservation: supplier + refund + fees (with the token share) = what was paid, to the base unit
    expect(refund.add(supplier).add(collected).toString(), kind).to.equal(held.toString());
    // The escrow keeps only the supplier's unclaimed share
    expect(after.escrow.sub(before.escrow).toString()).to.equal(supplier.toString());
    // The job closed and its rent went back to the user (who paid no fee for a stranger's or the crank's transaction)
    expect(w.chain.account(key)).to.equal(null);
    const fee = kind === "cancel" || kind === "early end" ? 5_000 : 0;
    expect(w.chain.account(u.wallet.publicKey)!.lamports).to.equal(lamportsBefore + rent - fee);
    expect(node().openJobs).to.equal(0);
    const events = parseIoJobsEvents(logs);
    const settled = events.find((e) => e.name === "jobSettled");
    if (settled) {
      expect(settled.data.servedHours).to.equal(SERVED[kind]);
      expect((settled.data.supplier as BN).toString()).to.equal(supplier.toString());
      expect((settled.data.refund as BN).toString()).to.equal(refund.toString());
      expect((settled.data.fees as BN).add(settled.data.buyback as BN).toString()).to.equal(collected.toString());
    } else {
      expect(events.map((e) => e.name)).to.deep.equal(["jobRefunded"]);
      expect(refund.toString()).to.equal(held.toString());
    }
    return { refund, supplier, collected, points: settled ? (settled.data.points as BN) : new BN(0) };
  };

  for (const currency of [Currency.Usdc, Currency.Io, Currency.Iosd]) {
    describe(`paid in ${CURRENCY_NAMES[currency]}`, () => {
      for (const kind of Object.keys(SERVED) as ExitKind[]) {
        it(`${kind}: every base unit accounted for`, () => {
          const { supplier, points } = runExit(currency, kind);
          const served = SERVED[kind];
          // The token share's USD value becomes computing points: 20% of the pay after the 5% network fee
          expect(points.toString()).to.equal(new BN(served).mul(USD).muln(2).muln(95).muln(20).divn(10_000).toString());
          expect(node().computingPoints.toString()).to.equal(points.toString());
          if (served === 0) {
            expect(supplier.toString()).to.equal("0");
            return;
          }
          // The owner claims its earnings to its own account; the escrow is back where it started
          const to = w.tokenAccount(w.nodeOwner.publicKey, currency);
          const claim = claimEarningsInstruction({ owner: w.nodeOwner.publicKey, node: w.node, to, ...w.money(currency) });
          expectOk(w.chain.send([claim], [w.nodeOwner]));
          expect(w.balance(to).toString()).to.equal(supplier.toString());
          expect(node().earnings[currency].toString()).to.equal("0");
          expectError(w.chain.send([claim], [w.nodeOwner]), "NothingToClaim");
        });
      }
    });
  }

  it("USDC figures: the 5% network fee, the 2% supplier and facilitation fees, the token share", () => {
    // Early end after 4 of 10 hours: pay $8; fee $0.40; USD share 80% of $7.60 = $6.08 less 2%; token share $1.52
    const early = runExit(Currency.Usdc, "early end");
    expect([early.supplier, early.refund, early.collected].map(String)).to.deep.equal(["5958400", "12240000", String(400_000 + 121_600 + 160_000 + 1_520_000)]);
    const full = runExit(Currency.Usdc, "run out");
    expect([full.supplier, full.refund, full.collected].map(String)).to.deep.equal(["14896000", "0", String(1_000_000 + 304_000 + 400_000 + 3_800_000)]);
    const config = decodeJobsConfig(w.chain.account(jobsConfigKey()[0])!);
    expect(config.fees[Currency.Usdc].toString()).to.equal(String(681_600 + 1_704_000));
    expect(config.buyback[Currency.Usdc].toString()).to.equal(String(1_520_000 + 3_800_000));
    expect(config.buybackUsd.toString()).to.equal(String(1_520_000 + 3_800_000));
  });

  /**
   * Settles `count` jobs of distinct users in one v0 transaction through a lookup table. Each job
   * locks four accounts (job, the user's token account, the user's wallet and profile; the node is
   * shared) on top of 13 fixed ones (payer, config, mint, escrow, fee vault, authorities, programs).
   */
  const settleBatch = (count: number) => {
    const users = Array.from({ length: count }, () => w.user());
    const keys = users.map((user) => open(Currency.Usdc, 2, user));
    w.chain.warp(2 * HOUR);
    keys.forEach((key) => attest(key, 2));
    w.chain.warp(HOUR);
    const jobs = keys.map((key, i) => entry(key, Currency.Usdc, users[i]));
    const ix = settleJobsInstruction({ caller: w.chain.payer.publicKey, jobs, ...w.money(Currency.Usdc) });
    const table = createLookupTable(w.chain, [...new Set(ix.keys.map((k) => k.pubkey.toBase58()))].map((k) => new PublicKey(k)));
    const feesBefore = w.balance(currencyAccounts(Currency.Usdc, w.usdcMint).feeVault);
    const res = expectOk(w.chain.sendV0([ix], [w.chain.payer], [table], { computeUnits: 1_400_000 }));
    expect(parseIoJobsEvents(res.logs).filter((e) => e.name === "jobSettled")).to.have.length(count);
    expect(keys.every((key) => w.chain.account(key) === null)).to.equal(true);
    // Each 2-hour $4 job: supplier $2.9792, fees $0.3408 with the token share $0.76
    expect(node().earnings[Currency.Usdc].toString()).to.equal(String(count * 2_979_200));
    expect(w.balance(currencyAccounts(Currency.Usdc, w.usdcMint).feeVault).sub(feesBefore).toString()).to.equal(String(count * (340_800 + 760_000)));
  };

  // LiteSVM runs mainnet's feature set: 64 account locks per transaction, so 13 + 4 x 12 = 61
  // (13 jobs would lock 65). Before demand-side reputation (the user's profile) it was 17.
  it("settles 12 jobs of distinct users in one transaction, the most the 64 account locks allow", () => {
    settleBatch(12);
  });

  it("refuses to settle twice, a job listed twice, another currency's job, and a running job, changing nothing", () => {
    const a = open(Currency.Usdc, 2);
    const b = open(Currency.Io, 2);
    const running = open(Currency.Usdc);
    w.chain.warp(2 * HOUR);
    attest(a, 2);
    attest(b, 2);
    w.chain.warp(HOUR);
    const watched = [a, b, running, w.node, jobsConfigKey()[0], u.token[Currency.Usdc]];
    const before = w.chain.snapshot(watched);
    expectError(settle(Currency.Usdc, [entry(a, Currency.Usdc), entry(a, Currency.Usdc)]), "InvalidJob");
    expectError(settle(Currency.Usdc, [entry(b, Currency.Usdc)]), "CurrencyMismatch");
    expectError(settle(Currency.Usdc, [entry(running, Currency.Usdc)]), "NotSettleable");
    const bad = settleJobsInstruction({ caller: w.chain.payer.publicKey, jobs: [entry(a, Currency.Usdc)], ...w.money(Currency.Usdc) });
    bad.keys.pop(); // three accounts for the job instead of four
    expectError(w.chain.send([bad], [w.chain.payer]), "BatchAccounts");
    expect(w.chain.snapshot(watched)).to.equal(before);
    expectOk(settle(Currency.Usdc, [entry(a, Currency.Usdc)]));
    expectError(settle(Currency.Usdc, [entry(a, Currency.Usdc)]), "InvalidJob");
  });

  it("refuses paying or refunding with someone else's account, and a substituted fee vault", () => {
    const other = w.user();
    const args = { user: u.wallet.publicKey, node: w.node, nonce: new BN(999), hours: 1, userToken: other.token[Currency.Usdc], maxPayment: w.quote(Currency.Usdc, 1), ...w.money(Currency.Usdc) };
    expectError(w.chain.send([openJobInstruction(args)], [u.wallet]), "WrongTokenAccount");
    const key = open(Currency.Usdc);
    w.chain.warp(HOUR);
    const refund = refundUnstartedInstruction({ caller: other.wallet.publicKey, ...exitArgs(key, Currency.Usdc), userToken: other.token[Currency.Usdc] });
    expectError(w.chain.send([refund], [other.wallet]), "WrongTokenAccount");
    expectError(w.chain.send([cancelJobInstruction({ ...exitArgs(key, Currency.Usdc), user: other.wallet.publicKey })], [other.wallet]), "NotJobUser");
    attest(key, 1);
    w.chain.warp(HOUR);
    const ix = settleJobsInstruction({ caller: w.chain.payer.publicKey, jobs: [entry(key, Currency.Usdc)], ...w.money(Currency.Usdc) });
    ix.keys[4] = { ...ix.keys[4], pubkey: other.token[Currency.Usdc] }; // the fee vault
    expectError(w.chain.send([ix], [w.chain.payer]), "InvalidVault");
  });

  it("attestations: quorum, members only, monotonic, within the hours paid, reset by a new oracle set", () => {
    const key = open(Currency.Usdc);
    w.chain.warp(9 * HOUR);
    const [o0, o1, o2] = w.oracles;
    const stranger = w.chain.wallet();
    const before = w.chain.snapshot([key]);
    expectError(attestBy(stranger, key, 3), "NotOracle");
    expectError(attestBy(o0, key, 11), "UsageExceedsJob");
    expect(w.chain.snapshot([key])).to.equal(before);
    // One oracle of a quorum of two cannot move the accepted usage
    expectOk(attestBy(o0, key, 6));
    expect(job(key).attestedHours).to.equal(0);
    expectError(attestBy(o0, key, 6), "AttestationReused");
    expectError(attestBy(o0, key, 5), "UsageDecreased");
    // The second sees only 3: the quorum-th (second) highest of (6, 3) is accepted
    expectOk(attestBy(o1, key, 3));
    expect(job(key).attestedHours).to.equal(3);
    expectOk(attestBy(o2, key, 6));
    expect(job(key).attestedHours).to.equal(6);
    expectError(w.chain.send([cancelJobInstruction(exitArgs(key, Currency.Usdc))], [u.wallet]), "JobStarted");
    // A new oracle set: the removed oracle is refused, and the old round no longer counts
    const fresh = w.chain.wallet();
    const set = setOracleSetInstruction({ admin: w.admin.publicKey, quorum: 2, members: [o1.publicKey, fresh.publicKey] });
    expectOk(w.chain.send([set], [w.admin]));
    expectError(attestBy(o0, key, 8), "NotOracle");
    expectOk(attestBy(o1, key, 8));
    expect(job(key).attestedHours).to.equal(6);
    expectOk(attestBy(fresh, key, 9));
    expect(job(key).attestedHours).to.equal(8);
    // A look-alike oracle config owned by another program is refused
    const fake = Keypair.generate().publicKey;
    w.chain.setAccount(fake, { data: w.chain.account(oracleConfigKey()[0])!.data, owner: SystemProgram.programId });
    const forged = attestUsageInstruction({ oracle: o1.publicKey, job: key, hours: 10 });
    forged.keys[1] = { ...forged.keys[1], pubkey: fake };
    expectError(w.chain.send([forged], [o1]), "InvalidOracleConfig");
  });

  it("a dispute freezes the job until a fresh quorum agrees; once per job", () => {
    const key = open(Currency.Usdc);
    w.chain.warp(6 * HOUR);
    attest(key, 6);
    expectOk(w.chain.send([endJobInstruction({ caller: u.wallet.publicKey, job: key, node: w.node })], [u.wallet]));
    expectError(w.chain.send([disputeJobInstruction({ user: w.nodeOwner.publicKey, job: key })], [w.nodeOwner]), "NotJobUser");
    expectOk(w.chain.send([disputeJobInstruction({ user: u.wallet.publicKey, job: key })], [u.wallet]));
    w.chain.warp(2 * HOUR);
    expectError(settle(Currency.Usdc, [entry(key, Currency.Usdc)]), "JobDisputed");
    // A fresh round: the oracles agree on 4 hours; that is final
    attest(key, 4, [1, 2]);
    expect(job(key).attestedHours).to.equal(4);
    expectError(attestBy(w.oracles[0], key, 5), "UsageFinal");
    expectError(w.chain.send([disputeJobInstruction({ user: u.wallet.publicKey, job: key })], [u.wallet]), "NotDisputable");
    const res = expectOk(settle(Currency.Usdc, [entry(key, Currency.Usdc)]));
    expect(parseIoJobsEvents(res.logs).find((e) => e.name === "jobSettled")!.data.servedHours).to.equal(4);
  });

  it("the admin resolves a dispute with the final hours; nobody else can", () => {
    const key = open(Currency.Iosd);
    w.chain.warp(3 * HOUR);
    attest(key, 3);
    expectOk(w.chain.send([endJobInstruction({ caller: u.wallet.publicKey, job: key, node: w.node })], [u.wallet]));
    expectError(w.chain.send([resolveDisputeInstruction({ admin: w.admin.publicKey, job: key, hours: 2 })], [w.admin]), "NotDisputed");
    expectOk(w.chain.send([disputeJobInstruction({ user: u.wallet.publicKey, job: key })], [u.wallet]));
    const stranger = w.chain.wallet();
    expectError(w.chain.send([resolveDisputeInstruction({ admin: stranger.publicKey, job: key, hours: 2 })], [stranger]), "Unauthorized");
    expectError(w.chain.send([resolveDisputeInstruction({ admin: w.admin.publicKey, job: key, hours: 11 })], [w.admin]), "UsageExceedsJob");
    expectOk(w.chain.send([resolveDisputeInstruction({ admin: w.admin.publicKey, job: key, hours: 2 })], [w.admin]));
    const res = expectOk(settle(Currency.Iosd, [entry(key, Currency.Iosd)]));
    expect(parseIoJobsEvents(res.logs).find((e) => e.name === "jobSettled")!.data.servedHours).to.equal(2);
  });

  it("a node with open jobs or unclaimed earnings cannot retire; governed fees apply to jobs opened after the change", () => {
    const retire = () => w.chain.send([retireNodeInstruction({ owner: w.nodeOwner.publicKey, node: w.node })], [w.nodeOwner]);
    const before = open(Currency.Usdc, 1);
    expectError(retire(), "NodeBusy");
    const params = { ...DEFAULT_JOBS_PARAMS, networkFeeBps: 1_000 };
    expectError(w.chain.send([setJobParamsInstruction({ admin: u.wallet.publicKey, ...params })], [u.wallet]), "Unauthorized");
    expectError(w.chain.send([setJobParamsInstruction({ admin: w.admin.publicKey, ...params, challengeWindow: 0 })], [w.admin]), "InvalidParams");
    expectError(w.chain.send([setJobParamsInstruction({ admin: w.admin.publicKey, ...params, disputeWindow: 0 })], [w.admin]), "InvalidParams");
    expectOk(w.chain.send([setJobParamsInstruction({ admin: w.admin.publicKey, ...params })], [w.admin]));
    expect(decodeJobsConfig(w.chain.account(jobsConfigKey()[0])!).disputeWindow).to.equal(DEFAULT_JOBS_PARAMS.disputeWindow);
    const after = open(Currency.Usdc, 1);
    w.chain.warp(HOUR);
    attest(before, 1);
    attest(after, 1);
    w.chain.warp(HOUR);
    const res = expectOk(settle(Currency.Usdc, [entry(before, Currency.Usdc), entry(after, Currency.Usdc)]));
    const [old, fresh] = parseIoJobsEvents(res.logs).filter((e) => e.name === "jobSettled");
    // Opened before: $2 at 5%: fee $0.10; USD share 80% of $1.90 = $1.52 less 2%; facilitation $0.04 kept
    expect((old.data.supplier as BN).toString()).to.equal("1489600");
    expect((old.data.fees as BN).toString()).to.equal(String(100_000 + 30_400 + 40_000));
    // Opened after: $2 at 10%: fee $0.20; USD share 80% of $1.80 = $1.44 less 2%; facilitation $0.04 kept
    expect((fresh.data.supplier as BN).toString()).to.equal("1411200");
    expect((fresh.data.fees as BN).toString()).to.equal(String(200_000 + 28_800 + 40_000));
    expectError(retire(), "NodeBusy");
    const to = w.tokenAccount(w.nodeOwner.publicKey, Currency.Usdc);
    expectOk(w.chain.send([claimEarningsInstruction({ owner: w.nodeOwner.publicKey, node: w.node, to, ...w.money(Currency.Usdc) })], [w.nodeOwner]));
    expectOk(retire());
    expect(w.chain.account(w.node)).to.equal(null);
  });
});
