/**
 * The poster and settler pipelined (issue 13, "Load", the chain side): up to `inFlight`
 * transactions in flight at once while the round builds the next, never more, and still every
 * job attested once and settled once (each job in one batch; a second round sends nothing). The
 * sender here lands a transaction only some time after it is submitted, as a cluster does, so
 * batches really overlap. (The chaos suite, tests/service-chaos.test.ts, kills and faults the
 * pipelined service on solana-test-validator.)
 */
import { expect } from "chai";
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import { attestUsageInstruction, Currency, decodeJob, endJobInstruction, jobKey, nodeKey, registerNodeInstruction } from "../sdk/src";
import { silentLogger } from "../services/oracle/log";
import { Metrics } from "../services/oracle/metrics";
import { Pipeline } from "../services/oracle/pipeline";
import { onChainFigure, Poster } from "../services/oracle/poster";
import { Runner } from "../services/oracle/runner";
import { EmbeddedSender, SignedTx, Simulation, TxSender, TxStatus } from "../services/oracle/sender";
import { Settler } from "../services/oracle/settler";
import { SqliteStore } from "../services/oracle/sqlite-store";
import { JobsWorld, NODE_TERMS } from "./jobs-world";

const HOUR = 3_600;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The embedded chain, landing each submitted transaction `delayMs` after its first submission; counts how many were in flight at once. */
class SlowSender implements TxSender {
  readonly description = "embedded (slow)";
  inFlight = 0;
  mostInFlight = 0;
  private readonly submitted = new Set<string>();

  constructor(
    private readonly inner: EmbeddedSender,
    private readonly delayMs: number,
  ) {}

  simulate(instructions: TransactionInstruction[], signer: Keypair): Promise<Simulation> {
    return this.inner.simulate(instructions, signer);
  }
  sign(instructions: TransactionInstruction[], signer: Keypair, units: number, microLamports: number): Promise<SignedTx | null> {
    return this.inner.sign(instructions, signer, units, microLamports);
  }
  async submit(tx: SignedTx): Promise<void> {
    if (this.submitted.has(tx.signature)) return;
    this.submitted.add(tx.signature);
    this.inFlight++;
    this.mostInFlight = Math.max(this.mostInFlight, this.inFlight);
    setTimeout(() => {
      this.inFlight--;
      void this.inner.submit(tx);
    }, this.delayMs);
  }
  status(signature: string): Promise<TxStatus> {
    return this.inner.status(signature);
  }
  blockHeight(): Promise<number> {
    return this.inner.blockHeight();
  }
  recentPriorityFees(): Promise<number[]> {
    return Promise.resolve([]);
  }
  balance(account: PublicKey): Promise<number> {
    return this.inner.balance(account);
  }
}

describe("oracle poster and settler, pipelined", function () {
  this.timeout(120_000);
  let world: JobsWorld;
  const device = Keypair.generate();
  let node: PublicKey;

  before(() => {
    world = new JobsWorld();
    world.send([registerNodeInstruction({ owner: world.nodeOwner.publicKey, deviceId: device.publicKey.toBuffer(), ...NODE_TERMS })], [world.nodeOwner]);
    node = nodeKey(world.nodeOwner.publicKey, device.publicKey.toBuffer())[0];
  });

  const idOf = (j: PublicKey) => ({ job: j.toBase58(), openedAt: decodeJob(world.chain.account(j)!).openedAt.toNumber() });

  /** `n` 1-hour USDC jobs on the node, 20 per user. */
  function openJobs(n: number): { job: PublicKey; user: ReturnType<JobsWorld["user"]> }[] {
    const out: { job: PublicKey; user: ReturnType<JobsWorld["user"]> }[] = [];
    world.postPrice();
    let user = world.user();
    for (let i = 0; i < n; i++) {
      if (i % 20 === 0 && i > 0) user = world.user();
      world.send([world.openJobInstruction(user, new BN(i % 20), 1, Currency.Usdc, { node })], [user.wallet]);
      out.push({ job: jobKey(user.wallet.publicKey, new BN(i % 20))[0], user });
    }
    return out;
  }

  it("Pipeline: at most `limit` tasks at once, waits for all, rethrows the first error and stops taking more", async () => {
    const p = new Pipeline(2);
    let running = 0;
    let most = 0;
    const task = (ms: number, fail = false) => async () => {
      running++;
      most = Math.max(most, running);
      await sleep(ms);
      running--;
      if (fail) throw new Error(`failed after ${ms}`);
    };
    for (const ms of [30, 10, 20, 10, 5]) await p.add(task(ms));
    await p.drain();
    expect([most, running, p.size]).to.deep.equal([2, 0, 0]);
    await p.add(task(5, true));
    await p.add(task(20));
    await sleep(10);
    expect(p.failed).to.equal(true);
    let thrown = "";
    await p.drain().catch((e: Error) => (thrown = e.message));
    expect(thrown).to.equal("failed after 5");
    expect(running).to.equal(0); // the other task was waited for
    expect(() => new Pipeline(0)).to.throw(/positive integer/);
    // A task waiting for a slot is not started once `cancelled` says so (SIGTERM while waiting)
    let stop = false;
    let started = 0;
    const counted = (ms: number) => async () => {
      started++;
      await sleep(ms);
    };
    expect(await p.add(counted(30))).to.equal(true);
    expect(await p.add(counted(30))).to.equal(true);
    setTimeout(() => (stop = true), 5);
    expect(await p.add(counted(30), () => stop)).to.equal(false);
    await p.drain();
    expect(started).to.equal(2);
  });

  it("the poster keeps up to 3 attest batches in flight, never more, and attests each of 95 jobs once", async () => {
    // Given 95 jobs wanted at 1 hour (5 batches of 19), and a sender that lands 1 s after submission
    const jobs = openJobs(95);
    world.chain.warp(60);
    const store = new SqliteStore(":memory:");
    for (const { job } of jobs) await store.want(idOf(job), node.toBase58(), 1);
    const metrics = new Metrics();
    const sender = new SlowSender(new EmbeddedSender(world.chain), 1_000);
    const runner = new Runner(sender, world.oracles[0], store, metrics, silentLogger, { pollMs: 20, backoffMs: 1 });
    const poster = new Poster(world.chain, store, runner, metrics, silentLogger, { maxBatch: 64, inFlight: 3 });
    // When the poster runs one round
    expect(await poster.tick()).to.equal(95);
    // Then 3 batches were in flight at once, and never more
    expect(sender.mostInFlight).to.equal(3);
    // And every job holds oracle 0's hour, each in exactly one confirmed batch
    for (const { job } of jobs) expect(onChainFigure(decodeJob(world.chain.account(job)!), 0, 1)).to.equal(1);
    const batches = await store.batches("attest");
    expect(batches.every((b) => b.status === "confirmed")).to.equal(true);
    const items = batches.flatMap((b) => b.items.map((i) => i.job));
    expect(items.length).to.equal(95);
    expect(new Set(items).size).to.equal(95);
    // And another round sends nothing
    expect(await poster.tick()).to.equal(0);
    expect((await store.batches("attest")).length).to.equal(batches.length);
  });

  it("the settler keeps up to 2 settle batches in flight and settles each of 40 jobs once", async () => {
    // Given 40 ended jobs attested by a quorum (this oracle through its poster, oracle 1 directly), past their window
    const jobs = openJobs(40);
    world.chain.warp(60);
    const store = new SqliteStore(":memory:");
    for (const { job } of jobs) await store.want(idOf(job), node.toBase58(), 1);
    const metrics = new Metrics();
    const sender = new SlowSender(new EmbeddedSender(world.chain), 1_000);
    const runner = new Runner(sender, world.oracles[0], store, metrics, silentLogger, { pollMs: 20, backoffMs: 1 });
    const poster = new Poster(world.chain, store, runner, metrics, silentLogger, { maxBatch: 64, inFlight: 3 });
    expect(await poster.tick()).to.equal(40);
    for (const { job, user } of jobs) {
      world.send([attestUsageInstruction({ oracle: world.oracles[1].publicKey, job, hours: 1 })], [world.oracles[1]]);
      world.send([endJobInstruction({ caller: user.wallet.publicKey, job, node })], [user.wallet]);
    }
    world.chain.warp(HOUR + 10);
    sender.mostInFlight = 0;
    const settler = new Settler(world.chain, store, runner, metrics, silentLogger, { settle: true, watchMs: 0, retryMs: 0, inFlight: 2 }, poster);
    // When the settler runs one round
    expect(await settler.tick()).to.equal(40);
    // Then at most 2 batches were in flight at once (and more than one batch was needed)
    const batches = await store.batches("settle");
    expect(batches.length).to.be.greaterThan(2);
    expect(sender.mostInFlight).to.equal(2);
    // And every job is closed, each in exactly one confirmed settle batch; another round sends nothing
    for (const { job } of jobs) expect(world.chain.account(job)).to.equal(null);
    expect(batches.every((b) => b.status === "confirmed")).to.equal(true);
    const items = batches.flatMap((b) => b.items.map((i) => i.job));
    expect(new Set(items).size).to.equal(40);
    expect(items.length).to.equal(40);
    expect(await settler.tick()).to.equal(0);
    expect((await store.batches("settle")).length).to.equal(batches.length);
  });
});
