/**
 * The stateful fuzzer over the real .so files: episodes of random operations from the world's
 * snapshot, the books checked after every step, then the honest drain (every escrowed and
 * staked unit must find its way back). A failure is shrunk to a short sequence and printed as a
 * ready test. Seeded: the same seed gives the same operations and the same result.
 */
import { PublicKey, TransactionInstruction } from "@solana/web3.js";
import { LiteSVM } from "litesvm";
import { createHash } from "crypto";
import { decodePriceFeed, depositVaultKey, IO_GOVERNANCE_PROGRAM_ID, IO_JOBS_PROGRAM_ID } from "../../sdk/src";
import { big, Ctx, Tx } from "./context";
import { drain } from "./drain";
import { checkBooks, checkPrice, INVARIANTS, Violation } from "./invariants";
import { idOf } from "./ledger";
import { send } from "./send";
import { Desc, OPS, roundPrices } from "./ops";
import { Rng } from "./rng";
import { BuiltWorld, buildWorld, FuzzChain, HONEST_ORACLES } from "./world";

export interface FuzzOptions {
  /** Operations in all (at least). */
  ops: number;
  seed: number;
  /** Operations per episode before its drain. */
  episodeOps?: number;
  /** Budget for shrinking a failure, in replayed steps. */
  shrinkSteps?: number;
  log?: (line: string) => void;
}

export interface Failure {
  seed: number;
  episode: number;
  violation: Violation;
  /** The shrunk sequence that still fails the same invariant. */
  ops: Desc[];
  test: string;
}

export interface FuzzReport {
  seed: number;
  episodes: number;
  ops: number;
  transactions: number;
  failedTransactions: number;
  drainTransactions: number;
  seconds: number;
  opsPerSecond: number;
  invariants: string[];
  /** Operations run, and of them succeeded, per operation name. */
  opCounts: Record<string, { run: number; ok: number }>;
  failures: Failure[];
}

/** The probability that a step's transaction gets a generic twist (a wrong account, a missing signature, a duplicate). */
const TWIST = 0.1;
const SYSTEM_PROGRAM = "11111111111111111111111111111111";

let world: BuiltWorld | null = null;
/** The world, built once per process. */
export function theWorld(): BuiltWorld {
  if (!world) world = buildWorld();
  return world;
}

/** Per world: the snapshot as a chain, and the one chain every episode runs on, put back to the
 * snapshot between episodes (a new LiteSVM per episode would never be freed: litesvm#345). */
const chains = new WeakMap<BuiltWorld, { snapshot: FuzzChain; work: FuzzChain }>();

/** A fresh episode: the world's chain as it was at the snapshot. */
export function newEpisode(w: BuiltWorld): Ctx {
  let c = chains.get(w);
  if (!c) {
    c = { snapshot: new FuzzChain(LiteSVM.fromBytes(w.snapshot), w.keys.payer), work: new FuzzChain(LiteSVM.fromBytes(w.snapshot), w.keys.payer) };
    chains.set(w, c);
  } else {
    c.work.reset(c.snapshot);
  }
  return new Ctx(c.work, w.keys, w.tracked);
}

function episodeSeed(seed: number, episode: number): number {
  return createHash("sha256").update(`${seed}:${episode}`).digest().readUInt32LE(0);
}

/** Draws the next operation (null ones are redrawn). */
export function generate(ctx: Ctx, rng: Rng): Desc {
  const weights: Record<string, number> = {};
  for (const [name, def] of Object.entries(OPS)) weights[name] = def.weight;
  for (;;) {
    const d = OPS[rng.weighted(weights)].gen(ctx, rng);
    if (!d) continue;
    if (d.op !== "warp" && rng.chance(TWIST)) {
      d.twist = rng.pick(["swap", "swap", "unsign", "dup"]);
      d.twistA = rng.int(64);
      d.twistB = rng.int(1024);
    }
    return d;
  }
}

/** Every account key a step could be twisted to: the world's accounts, jobs, programs. */
function pool(ctx: Ctx): PublicKey[] {
  const t = ctx.tracked;
  return [
    ...t.tokenAccounts,
    t.ioMint,
    t.iosdMint,
    t.usdcMint,
    t.jobsConfig,
    t.stakingConfig,
    t.iosdState,
    t.emission,
    t.priceFeed,
    t.oracleConfig,
    ...ctx.participants(),
    ...ctx.nodes().map((n) => n.node),
    ...ctx.jobs.slice(-8).map((j) => j.key),
    ...ctx.keys.users.map((u) => u.kp.publicKey),
    ctx.keys.stranger.kp.publicKey,
    new PublicKey("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"),
    new PublicKey("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb"),
    new PublicKey(SYSTEM_PROGRAM),
  ];
}

/** Applies the descriptor's twist to the last instruction: it should fail, or leave the books right. */
function twist(ctx: Ctx, d: Desc, tx: Tx): void {
  const ix = tx.instructions[tx.instructions.length - 1];
  const keys = ix.keys.map((k) => ({ ...k }));
  const a = Number(d.twistA) % keys.length;
  if (d.twist === "swap") {
    const candidates = pool(ctx);
    keys[a].pubkey = candidates[Number(d.twistB) % candidates.length];
  } else if (d.twist === "unsign") {
    const signers = keys.map((k, i) => (k.isSigner ? i : -1)).filter((i) => i >= 0);
    if (signers.length === 0) return;
    const i = signers[a % signers.length];
    const key = keys[i].pubkey;
    keys[i].isSigner = false;
    if (!tx.instructions.some((other, n) => n !== tx.instructions.length - 1 && other.keys.some((k) => k.isSigner && k.pubkey.equals(key)))) {
      tx.signers = tx.signers.filter((s) => !s.publicKey.equals(key));
    }
  } else if (d.twist === "dup") {
    const writable = keys.map((k, i) => (k.isWritable ? i : -1)).filter((i) => i >= 0);
    if (writable.length < 2) return;
    const i = writable[a % writable.length];
    const j = writable[(a + 1 + (Number(d.twistB) % (writable.length - 1))) % writable.length];
    keys[j].pubkey = keys[i].pubkey;
    keys[j].isSigner = keys[j].isSigner && keys[i].isSigner;
  }
  tx.instructions[tx.instructions.length - 1] = new TransactionInstruction({ programId: ix.programId, keys, data: ix.data });
}

/** What a step's result was, for the counts. */
export interface StepResult {
  sent: boolean;
  ok: boolean;
  violations: Violation[];
}

/** Runs one descriptor: builds, sends, records what honest actors did, checks everything. */
export function step(ctx: Ctx, d: Desc): StepResult {
  const def = OPS[d.op];
  let tx: Tx | null;
  try {
    tx = def.build(ctx, d);
  } catch (e) {
    // An argument the instruction's encoding cannot hold: nothing reaches the chain.
    if (e instanceof RangeError) return { sent: false, ok: true, violations: [] };
    throw e;
  }
  if (!tx) return { sent: false, ok: true, violations: [] };
  if (d.twist) twist(ctx, d, tx);
  const feed = ctx.ledger.view(ctx.tracked.priceFeed, decodePriceFeed);
  const priceBefore = feed ? big(feed.price) : null;
  // A twisted transaction in which no io_jobs code runs can pay into an io_jobs escrow or fee vault
  // (the twist named the vault as the destination of the signer's own money: the harness's USDC
  // mint (buyback_fund), a sale to the buyback (buyback_buy), a staker's withdrawal or claim), but
  // cannot change io_jobs' books: what it paid there is a donation, surplus the books never count.
  // Likewise io_governance's deposit vault, for a twisted transaction with no io_governance code.
  const jobsVaults = d.twist && !runsIoJobs(tx) ? ioJobsVaults(ctx) : [];
  const govVaults = d.twist && !runsIoGovernance(tx) ? [depositVault(ctx)] : [];
  const watched = [...jobsVaults, ...govVaults];
  const held = watched.map((v) => ctx.ledger.tokenAmount(v));
  const res = send(ctx, tx, `${d.op}${d.twist ? `/${d.twist}` : ""}`);
  if (res.ok) {
    watched.forEach((v, i) => donate(ctx, v, ctx.ledger.tokenAmount(v) - held[i]));
    remember(ctx, d, tx);
  }
  const violations = [...res.violations, ...checkBooks(ctx), ...checkPrice(ctx, priceBefore)];
  return { sent: true, ok: res.ok, violations };
}

/** io_jobs' escrows and fee vaults: what lands there outside io_jobs' books is a donation. */
function ioJobsVaults(ctx: Ctx): PublicKey[] {
  return [...Object.values(ctx.tracked.escrow), ...Object.values(ctx.tracked.feeVault)];
}

/** Whether io_jobs' code may run in `tx`: an instruction of io_jobs, or of io_governance (whose
 * execute and accept_admin call io_jobs). */
function runsIoJobs(tx: Tx): boolean {
  return tx.instructions.some((ix) => ix.programId.equals(IO_JOBS_PROGRAM_ID) || ix.programId.equals(IO_GOVERNANCE_PROGRAM_ID));
}

/** io_governance's deposit vault: what lands there outside a proposal's deposit is a donation. */
function depositVault(ctx: Ctx): PublicKey {
  return ctx.pda("deposit vault", () => depositVaultKey()[0]);
}

/** Whether io_governance's code runs in `tx` (only it moves proposal deposits). */
function runsIoGovernance(tx: Tx): boolean {
  return tx.instructions.some((ix) => ix.programId.equals(IO_GOVERNANCE_PROGRAM_ID));
}

/** Records `amount` (when positive) paid into `vault` by the harness or a twisted step as donated. */
function donate(ctx: Ctx, vault: PublicKey, amount: bigint): void {
  if (amount > 0n) ctx.donated.set(vault.toBase58(), ctx.donation(vault) + amount);
}

/** What the honest actors' successful steps tell the oracle-safety invariants. */
function remember(ctx: Ctx, d: Desc, tx: Tx): void {
  const oracle = Number(d.oracle);
  // What an honest oracle signed is an honest vote, on whichever job the (possibly twisted)
  // instruction named; the admin's resolution likewise.
  const jobOf = () => ctx.jobByKey.get(idOf(tx.instructions[tx.instructions.length - 1].keys[2].pubkey));
  if (d.op === "attest_usage" && HONEST_ORACLES.includes(oracle)) {
    const job = jobOf();
    if (job) job.maxHonest = Math.max(job.maxHonest, Number(d.hours));
  }
  if (d.op === "submit_price" && HONEST_ORACLES.includes(oracle)) ctx.honestPrices.set(oracle, Number(d.price));
  if (d.op === "price_round" || (d.op === "warp" && d.round)) roundPrices(d).forEach((price, k) => ctx.honestPrices.set(HONEST_ORACLES[k], price));
  if (d.op === "buyback_fund") {
    // Where the (possibly twisted) mint really went.
    const to = tx.instructions[tx.instructions.length - 1].keys[1].pubkey;
    const amount = BigInt(String(d.amount));
    if (to.equals(ctx.tracked.buybackVault)) ctx.buybackIn += amount;
    if (to.equals(ctx.tracked.incentivesVault)) ctx.incentivesIn += amount;
    // Twisted into an io_jobs escrow or fee vault: step() counted it as a donation.
  }
  if (d.op === "resolve_dispute" && d.signer === "a") {
    const job = jobOf();
    if (job) job.adminResolved = true;
  }
}

/** Replays `ops` from the world's snapshot, then drains; returns the first violation, if any. */
export function replay(ops: Desc[], w: BuiltWorld = theWorld()): Violation | null {
  const ctx = newEpisode(w);
  for (const d of ops) {
    const r = step(ctx, d);
    if (r.violations.length > 0) return r.violations[0];
  }
  return drain(ctx).violations[0] ?? null;
}

/** Removes chunks of `ops` while the same invariant still fails, within `budget` replayed steps. */
function shrink(ops: Desc[], invariant: string, budget: number, w: BuiltWorld): Desc[] {
  let current = ops;
  let spent = 0;
  let chunk = Math.max(1, Math.floor(current.length / 2));
  while (chunk >= 1 && spent < budget) {
    let removed = false;
    for (let start = 0; start < current.length && spent < budget; start += chunk) {
      const candidate = [...current.slice(0, start), ...current.slice(start + chunk)];
      spent += candidate.length + 50;
      const v = replay(candidate, w);
      if (v && v.invariant === invariant) {
        current = candidate;
        removed = true;
        start -= chunk;
      }
    }
    if (!removed) chunk = Math.floor(chunk / 2);
  }
  return current;
}

/** A failure as a mocha test to paste into tests/fuzz-regressions.test.ts. */
function asTest(f: Omit<Failure, "test">): string {
  const body = f.ops.map((d) => `      ${JSON.stringify(d)},`).join("\n");
  return [
    `  it("fuzz seed ${f.seed} episode ${f.episode}: ${f.violation.invariant}", () => {`,
    `    // ${f.violation.detail.replace(/\n/g, " ")}`,
    `    const ops: Desc[] = [`,
    body,
    `    ];`,
    `    expect(replay(ops)).to.equal(null);`,
    `  });`,
  ].join("\n");
}

export function runFuzz(opts: FuzzOptions): FuzzReport {
  const log = opts.log ?? (() => undefined);
  const episodeOps = opts.episodeOps ?? 2_000;
  const w = theWorld();
  const started = Date.now();
  const report: FuzzReport = {
    seed: opts.seed,
    episodes: 0,
    ops: 0,
    transactions: 0,
    failedTransactions: 0,
    drainTransactions: 0,
    seconds: 0,
    opsPerSecond: 0,
    invariants: Object.keys(INVARIANTS),
    opCounts: {},
    failures: [],
  };
  for (let episode = 0; report.ops < opts.ops; episode++) {
    const rng = new Rng(episodeSeed(opts.seed, episode));
    const ctx = newEpisode(w);
    const ops: Desc[] = [];
    let failure: Violation | null = null;
    for (let i = 0; i < episodeOps && report.ops < opts.ops; i++) {
      const d = generate(ctx, rng);
      ops.push(d);
      const r = step(ctx, d);
      report.ops++;
      const count = (report.opCounts[d.op] ??= { run: 0, ok: 0 });
      count.run++;
      if (r.sent) {
        report.transactions++;
        if (r.ok) count.ok++;
        else report.failedTransactions++;
      }
      if (r.violations.length > 0) {
        failure = r.violations[0];
        break;
      }
    }
    if (!failure) {
      const drained = drain(ctx);
      report.drainTransactions += drained.transactions;
      failure = drained.violations[0] ?? null;
    }
    report.episodes++;
    if (failure) {
      log(`episode ${episode}: ${failure.invariant}: ${failure.detail} (after ${ops.length} operations); shrinking`);
      const shrunk = shrink(ops, failure.invariant, opts.shrinkSteps ?? 20_000, w);
      const f = { seed: opts.seed, episode, violation: replay(shrunk, w) ?? failure, ops: shrunk };
      report.failures.push({ ...f, test: asTest(f) });
      log(asTest(f));
    }
    log(`episode ${episode}: ${ops.length} operations, ${report.ops} in all, ${Math.round(report.ops / ((Date.now() - started) / 1000))} ops/s`);
  }
  report.seconds = (Date.now() - started) / 1000;
  report.opsPerSecond = Math.round(report.ops / report.seconds);
  return report;
}
