/**
 * The fuzzer's operations: for each, `gen` draws a descriptor (plain data: who, which account,
 * which figures) and `build` turns a descriptor into a transaction against the chain as it is
 * then. Replaying descriptors rebuilds the same transactions, which is what shrinking needs.
 * Honest actors behave (oracles 0-2 attest the truth), colluders (oracles 3 and 4) attack,
 * and every actor also sends what it should not: others' accounts, stale epochs, absurd figures.
 */
import { PublicKey, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import {
  vaultKey,
  attestAvailabilityInstruction,
  attestUsageInstruction,
  attestReputationInstruction,
  cancelJobInstruction,
  claimEarningsInstruction,
  claimInstruction,
  claimVestedInstruction,
  closeEpochInstruction,
  contestSlashInstruction,
  crankInstruction,
  Currency,
  decodeJob,
  decodeOracleConfig,
  decodeStakingConfig,
  disputeJobInstruction,
  endJobInstruction,
  executeSlashInstruction,
  JobState,
  PositionState,
  mintIosdInstruction,
  openJobInstruction,
  nodeKey,
  ParticipantKind,
  participantKey,
  proposeJobsAdminInstruction,
  acceptGovernanceAdminInstruction,
  refundUnstartedInstruction,
  registerNodeInstruction,
  registerParticipantInstruction,
  releaseInstruction,
  resolveDisputeInstruction,
  resolveSlashInstruction,
  retireNodeInstruction,
  setJobParamsInstruction,
  setOracleSetInstruction,
  setRemintCapInstruction,
  setRewardShareInstruction,
  setSlashingInstruction,
  settleJobsInstruction,
  stakeInstruction,
  submitPriceInstruction,
  syncPointsInstruction,
  unstakeInstruction,
  updateNodeInstruction,
  voteSlashInstruction,
  withdrawInstruction,
  DEFAULT_JOBS_PARAMS,
  DEFAULT_REFERRAL_PARAMS,
  claimReferralInstruction,
  decodeUserProfile,
  registerReferralInstruction,
  setReferralParamsInstruction,
  setDiscountTiersInstruction,
  setPriorityTiersInstruction,
  setUsageParamsInstruction,
  syncUsageInstruction,
  MAX_USAGE_BPS,
  MAX_USAGE_RATE,
  userProfileKey,
  sweepIoFeesInstruction,
  sweepUsdcFeesInstruction,
  acceptStakingAdminInstruction,
  initializeOracleInstruction,
  cancelInstruction,
  initializeGovernanceInstruction,
  decodeGovernanceConfig,
  decodeProposal,
  executeInstruction,
  executorKey,
  governanceConfigKey,
  lockPositionInstruction,
  proposalKey,
  proposeInstruction,
  proposalActions,
  ActionSpec,
  GovAction,
  GOV_PARAMS,
  queueInstruction,
  vetoInstruction,
  voteInstruction,
  reclaimBufferInstruction,
  refundDepositInstruction,
  upgradeAction,
} from "../../sdk/src";
import { createHash } from "crypto";
import {
  acceptAdminInstruction,
  acceptJobsAdminInstruction,
  acceptOracleAdminInstruction,
  addBeneficiaryInstruction,
  AirdropTree,
  authorityKey,
  buildAirdropTree,
  claimAirdropInstruction,
  closeAirdropInstruction,
  createAirdropInstruction,
  DEFAULT_PRICE_PARAMS,
  DEFAULT_STAKING_PARAMS,
  decodeEmissionState,
  decodeJobsConfig,
  decodeNode,
  decodePriceFeed,
  quoteJob,
  initEmissionsInstruction,
  initializeInstruction,
  initializeJobsInstruction,
  initializeStakingInstruction,
  initIosdInstruction,
  IO_TOKEN_PROGRAM_ID,
  jobsAuthorityKey,
  lockGenesisInstruction,
  proposeAdminInstruction,
  proposeOracleAdminInstruction,
  proposeStakingAdminInstruction,
  setIosdParamsInstruction,
  setIosdSpenderInstruction,
  setPriceParamsInstruction,
  setRewardsVaultInstruction,
  setStakingParamsInstruction,
} from "../../sdk/src";
import {
  acceptBuybackAdminInstruction,
  buyInstruction,
  decodeBuybackConfig,
  initializeBuybackInstruction,
  pauseBuybackInstruction,
  proposeBuybackAdminInstruction,
  quoteBuy,
  setBuybackParamsInstruction,
  setGuardianInstruction,
  spendIncentivesInstruction,
  spendAction,
  startLotInstruction,
  unpauseBuybackInstruction,
} from "../../sdk/src";
import { createMintToInstruction } from "@solana/spl-token";
import { ioTokenCoder } from "../anchor-coder";
import { Ctx, JobRecord, Tx } from "./context";
import { proofsNow } from "./invariants";
import { Rng } from "./rng";
import { honestConduct, COLLUDERS, FUZZ_BUYBACK_PARAMS, FUZZ_DISCOUNT_TIERS, FUZZ_PRIORITY_TIERS, FUZZ_USAGE_PARAMS, FUZZ_GOV_PARAMS, HONEST_ORACLES, ownBuffer, UPGRADE_BUFFER } from "./world";

/** A step as plain data. */
export type Desc = { op: string } & Record<string, number | string | boolean>;

export interface OpDef {
  weight: number;
  /** The IDL instructions (program.instruction) this operation sends. */
  covers: string[];
  gen(ctx: Ctx, rng: Rng): Desc | null;
  build(ctx: Ctx, d: Desc): Tx | null;
}

const IO = new BN(100_000_000);
const USD = new BN(1_000_000);
const HOUR = 3_600;

const num = (d: Desc, k: string): number => Number(d[k]);

/** set_staking_params' epoch length and cooldown: ordinary ones, both at their 30-day bound, and refused ones (0, one second beyond, u32::MAX: the review's 136-year freeze). */
const STAKING_LENGTHS: { epochLength: number; cooldown: number }[] = [
  { epochLength: 86_400, cooldown: 2 * 86_400 },
  { epochLength: 3_600, cooldown: 60 },
  { epochLength: 7 * 86_400, cooldown: 86_400 },
  { epochLength: 30 * 86_400, cooldown: 30 * 86_400 },
  { epochLength: 0, cooldown: 86_400 },
  { epochLength: 86_400, cooldown: 0 },
  { epochLength: 30 * 86_400 + 1, cooldown: 2 * 86_400 },
  { epochLength: 86_400, cooldown: 30 * 86_400 + 1 },
  { epochLength: 4_294_967_295, cooldown: 4_294_967_295 },
];
const actors = ["u0", "u1", "u2", "u3", "s0", "s1", "s2", "o0", "o1", "o2", "x"];

/** The honest oracles' prices in a price round: the truth within ±0.01%. */
export function roundPrices(d: Desc): number[] {
  const jitter = d.op === "warp" ? num(d, "seconds") % 3 : num(d, "jitter");
  return HONEST_ORACLES.map((_, k) => Math.round(num(d, "price") * (1 + (((k + jitter) % 3) - 1) / 10_000)));
}

/** The honest oracles' round of `d` (its price and jitter) as one transaction. */
function priceRound(ctx: Ctx, d: Desc): Tx {
  const setVersion = oracleSetVersion(ctx);
  const signers = HONEST_ORACLES.map((i) => ctx.keys.oracles[i]);
  const prices = roundPrices(d);
  const instructions = signers.map((o, k) => {
    const price = new BN(prices[k]);
    return submitPriceInstruction({ oracle: o.publicKey, setVersion, price, confidence: price.divn(200), timestamp: new BN(ctx.now()) });
  });
  return { instructions, signers };
}

/** A job the fuzzer opened (live or not), as "user:nonce" (stable when shrinking removes steps). */
function pickJob(ctx: Ctx, rng: Rng, want: (s: JobState) => boolean = () => true): string | null {
  if (ctx.jobs.length === 0) return null;
  // Mostly a live job in the state the operation wants; sometimes any job, closed or never opened.
  const live = rng.chance(0.85) ? ctx.jobs.filter((j) => jobState(ctx, j) !== null) : [];
  const fitting = live.filter((j) => want(jobState(ctx, j) as JobState));
  const from = fitting.length > 0 ? fitting : live.length > 0 ? live : ctx.jobs;
  const job = from[rng.int(from.length)];
  return `${job.user}:${job.nonce}`;
}

/** Mostly a node that exists (some were retired or never registered); sometimes any. */
function pickNode(ctx: Ctx, rng: Rng): number {
  const nodes = ctx.nodes();
  const live = nodes.map((n, i) => (ctx.ledger.view(n.node, decodeNode) ? i : -1)).filter((i) => i >= 0);
  return live.length > 0 && rng.chance(0.9) ? live[rng.int(live.length)] : rng.int(nodes.length);
}

/** Mostly a (staker, participant) pair whose position exists and `want`s; else any pair. */
function pickPosition(ctx: Ctx, rng: Rng, want: (p: PositionState) => boolean): { staker: string; p: number } {
  const participants = ctx.participants();
  if (rng.chance(0.8)) {
    const pairs: { staker: string; p: number }[] = [];
    participants.forEach((participant, p) => {
      for (const staker of actors) {
        const pos = ctx.position(participant, ctx.wallet(staker).kp.publicKey);
        if (pos && want(pos)) pairs.push({ staker, p });
      }
    });
    if (pairs.length > 0) return pairs[rng.int(pairs.length)];
  }
  return { staker: rng.pick(actors), p: rng.int(participants.length) };
}

/** Mostly a world node whose participant is in slash state `states`; else any. */
function pickSlashed(ctx: Ctx, rng: Rng, states: number[]): number {
  const nodes = ctx.keys.nodes.map((n, i) => ({ i, p: ctx.participant(n.participant) })).filter(({ p }) => p !== null && states.includes(p.slashState));
  return nodes.length > 0 && rng.chance(0.8) ? nodes[rng.int(nodes.length)].i : rng.int(ctx.keys.nodes.length);
}

/** The job a descriptor names, if the episode opened it. */
function jobOf(ctx: Ctx, ref: string | number | boolean): JobRecord | undefined {
  const [user, nonce] = String(ref).split(":").map(Number);
  return ctx.jobByKey.get(ctx.jobKey(user, nonce).toBase58());
}

function jobState(ctx: Ctx, job: JobRecord): JobState | null {
  return ctx.ledger.view(job.key, decodeJob);
}

/** The hours the node really served by now (what honest oracles see). */
export function honestHours(ctx: Ctx, job: JobRecord, s: JobState): number {
  const end = s.state === 2 ? Number(s.endedAt) : ctx.now();
  const elapsed = Math.max(0, end - Number(s.openedAt));
  return Math.min(s.hours, Math.floor((job.served * elapsed) / HOUR));
}

/** The accounts a job's exit names: its node and currency as the chain has them. */
export function exitAccounts(ctx: Ctx, job: JobRecord) {
  const user = ctx.keys.users[job.user];
  const s = jobState(ctx, job);
  const currency = (s?.currency ?? job.currency) as Currency;
  return {
    job: job.key,
    node: s?.node ?? job.node,
    user: user.kp.publicKey,
    userToken: user.token[currency],
    // A job opened with a referral share settles with its referrer's profile after its accounts.
    referrer: s && s.referralBps > 0 ? s.referrer : undefined,
    // A job of a referred node with a supplier fee: the node referrer's profile follows.
    nodeReferrer: s && s.nodeReferralBps > 0 && s.supplierFeeBps > 0 ? s.nodeReferrer : undefined,
    currency,
    usdcMint: ctx.keys.usdcMint,
  };
}

/** The actors that may hold a profile: the users (u0..u3), the stranger, and the node owners (o0..o2, joined at their first node). */
export const PROFILE_ACTORS = ["u0", "u1", "u2", "u3", "x", "o0", "o1", "o2"];
/** Who may register an extra node: the node owners (joined, unreferred) or a user, perhaps referred (supplier referrals). */
const NODE_REGISTRANTS = ["o0", "o1", "u0", "u1", "u2", "u1", "u2", "u3"];

function oracleSetVersion(ctx: Ctx): number {
  return ctx.ledger.view(ctx.tracked.oracleConfig, decodeOracleConfig)?.setVersion ?? 0;
}

function openEpoch(ctx: Ctx): number {
  return ctx.ledger.view(ctx.tracked.stakingConfig, decodeStakingConfig)?.epoch ?? 0;
}

/** An amount of base units: zero, dust, whole units or a lot. */
function amount(rng: Rng, unit: BN): string {
  switch (rng.int(6)) {
    case 0:
      return "0";
    case 1:
      return String(rng.range(1, 1_000));
    case 2:
      return unit.muln(rng.range(1, 5)).toString();
    case 3:
      return unit.muln(rng.range(1, 200)).toString();
    case 4:
      return unit.muln(rng.range(1, 3)).addn(rng.range(1, 99_999)).toString();
    default:
      return unit.muln(100_000).toString();
  }
}

export const OPS: Record<string, OpDef> = {
  warp: {
    weight: 60,
    covers: [],
    gen: (ctx, rng) => {
      const r = rng.int(100);
      // Mostly seconds to minutes (prices stay fresh), sometimes hours, rarely days or months.
      const long = rng.chance(0.003); // now and then most of a year: vesting unlocks, emissions decay
      const seconds = long
        ? rng.range(200 * 86_400, 400 * 86_400)
        : r < 70
          ? rng.range(1, 600)
          : r < 92
            ? rng.range(600, 3 * HOUR)
            : r < 99
              ? rng.range(3 * HOUR, 2 * 86_400)
              : rng.range(2 * 86_400, 40 * 86_400);
      // Most of the time the honest oracles' service posts a price round as time passes.
      return { op: "warp", seconds, round: rng.chance(0.6), price: ctx.truePrice };
    },
    build: (ctx, d) => {
      ctx.chain.warp(num(d, "seconds"));
      return d.round ? priceRound(ctx, d) : null;
    },
  },

  crank: {
    weight: 8,
    covers: ["io_token.crank"],
    gen: (_ctx, rng) => ({ op: "crank", wrongVault: rng.chance(0.05) }),
    build: (ctx, d) => {
      const current = ctx.ledger.view(ctx.tracked.emission, decodeEmissionState)?.rewardsVault ?? ctx.tracked.rewardsVault;
      return { instructions: [crankInstruction({ rewardsVault: d.wrongVault ? ctx.keys.stranger.token[Currency.Io] : current })], signers: [] };
    },
  },

  submit_price: {
    weight: 25,
    covers: ["io_oracle.submit_price"],
    gen: (ctx, rng) => {
      const oracle = rng.int(5);
      const honest = HONEST_ORACLES.includes(oracle);
      if (honest && rng.chance(0.1)) ctx.truePrice = Math.max(1_000_000, Math.round(ctx.truePrice * (1 + (rng.int(7) - 3) / 1_000)));
      const t = ctx.truePrice;
      const price = honest
        ? Math.round(t * (1 + (rng.int(7) - 3) / 10_000))
        : rng.pick([t * 8, Math.round(t * 1.0099), Math.round(t * 1.011), Math.round(t * 1.19), Math.round(t / 8), 1, Math.round(t * 0.99)]);
      const confidence = honest ? Math.round(t / 200) : rng.pick([0, Math.round(t / 200), t, Math.round(t / 10)]);
      const age = honest ? rng.int(30) : rng.pick([0, 599, 601, -59, -61]);
      const stale = rng.chance(0.05);
      return { op: "submit_price", oracle, price, confidence, age, stale };
    },
    build: (ctx, d) => {
      const o = ctx.keys.oracles[num(d, "oracle")];
      const setVersion = oracleSetVersion(ctx) - (d.stale ? 1 : 0);
      const args = { price: new BN(num(d, "price")), confidence: new BN(num(d, "confidence")), timestamp: new BN(ctx.now() - num(d, "age")) };
      return { instructions: [submitPriceInstruction({ oracle: o.publicKey, setVersion, ...args })], signers: [o] };
    },
  },

  price_round: {
    weight: 20,
    covers: ["io_oracle.submit_price"],
    // The honest oracles' service posts a round: the three of them, the truth, in one transaction.
    gen: (ctx, rng) => {
      if (rng.chance(0.2)) ctx.truePrice = Math.max(1_000_000, Math.round(ctx.truePrice * (1 + (rng.int(7) - 3) / 1_000)));
      return { op: "price_round", price: ctx.truePrice, jitter: rng.int(3) };
    },
    build: (ctx, d) => priceRound(ctx, d),
  },

  collude_price: {
    weight: 4,
    covers: ["io_oracle.submit_price"],
    // The two colluders post the same false price together: with one fresh honest price beside
    // them they are a quorum of three, which must still not agree with a price outside the band.
    gen: (ctx, rng) => ({ op: "collude_price", price: Math.round(ctx.truePrice * rng.pick([1.011, 1.05, 1.19, 0.95, 0.989])) }),
    build: (ctx, d) => {
      const setVersion = oracleSetVersion(ctx);
      const signers = COLLUDERS.map((i) => ctx.keys.oracles[i]);
      const price = new BN(num(d, "price"));
      const instructions = signers.map((o) => submitPriceInstruction({ oracle: o.publicKey, setVersion, price, confidence: price.divn(200), timestamp: new BN(ctx.now()) }));
      return { instructions, signers };
    },
  },

  set_oracle_set: {
    weight: 1,
    covers: ["io_oracle.set_oracle_set"],
    // The admin reorders the same five members (quorum 3): a new version mid-round.
    gen: (_ctx, rng) => ({ op: "set_oracle_set", rotate: rng.int(5), signer: rng.chance(0.2) ? "x" : "a" }),
    build: (ctx, d) => {
      const members = ctx.keys.oracles.map((_, i) => ctx.keys.oracles[(i + num(d, "rotate")) % 5].publicKey);
      const admin = d.signer === "a" ? ctx.keys.admin : ctx.keys.stranger.kp;
      return { instructions: [setOracleSetInstruction({ admin: admin.publicKey, quorum: 3, members })], signers: [admin] };
    },
  },

  mint_iosd: {
    weight: 4,
    covers: ["io_token.mint_iosd"],
    gen: (_ctx, rng) => ({ op: "mint_iosd", actor: rng.pick(actors), amount: amount(rng, IO) }),
    build: (ctx, d) => {
      const w = ctx.wallet(String(d.actor));
      const ix = mintIosdInstruction({ user: w.kp.publicKey, userIo: w.token[Currency.Io], userIosd: w.token[Currency.Iosd], ioAmount: new BN(String(d.amount)) });
      return { instructions: [ix], signers: [w.kp] };
    },
  },

  claim_vested: {
    weight: 2,
    covers: ["io_token.claim_vested"],
    gen: (_ctx, rng) => ({ op: "claim_vested", b: rng.int(2), signer: rng.chance(0.2) ? "x" : "b" }),
    build: (ctx, d) => {
      const b = ctx.keys.beneficiaries[num(d, "b")];
      const signer = d.signer === "b" ? b.wallet.kp : ctx.keys.stranger.kp;
      const ix = claimVestedInstruction({ beneficiary: signer.publicKey, bucket: b.bucket, destination: b.wallet.token[Currency.Io] });
      return { instructions: [ix], signers: [signer] };
    },
  },

  release: {
    weight: 1,
    covers: ["io_token.release"],
    gen: (_ctx, rng) => ({ op: "release", to: rng.pick(actors), amount: amount(rng, IO), signer: rng.chance(0.3) ? "x" : "a" }),
    build: (ctx, d) => {
      const admin = d.signer === "a" ? ctx.keys.admin : ctx.keys.stranger.kp;
      const ix = releaseInstruction({ admin: admin.publicKey, bucket: 4, amount: new BN(String(d.amount)), destination: ctx.wallet(String(d.to)).token[Currency.Io] });
      return { instructions: [ix], signers: [admin] };
    },
  },

  set_remint_cap: {
    weight: 1,
    covers: ["io_token.set_remint_cap"],
    gen: (_ctx, rng) => ({ op: "set_remint_cap", cap: amount(rng, IO), signer: rng.chance(0.3) ? "x" : "a" }),
    build: (ctx, d) => {
      const admin = d.signer === "a" ? ctx.keys.admin : ctx.keys.stranger.kp;
      return { instructions: [setRemintCapInstruction({ admin: admin.publicKey, capPerHour: new BN(String(d.cap)) })], signers: [admin] };
    },
  },

  register_node: {
    weight: 2,
    covers: ["io_jobs.register_node"],
    gen: (ctx, rng) => (ctx.extraNodes.length >= 4 ? null : { op: "register_node", owner: rng.pick(NODE_REGISTRANTS), device: rng.int(3), price: rng.range(1, 20) }),
    build: (ctx, d) => {
      // (recorded sequences name a node owner by its index)
      const owner = typeof d.owner === "number" ? ctx.keys.nodes[d.owner].owner : ctx.wallet(String(d.owner));
      const deviceId = createHash("sha256").update(`extra device ${d.device}`).digest();
      const [node] = nodeKey(owner.kp.publicKey, deviceId);
      if (!ctx.extraNodes.some((n) => n.node.equals(node))) {
        ctx.extraNodes.push({ index: 3 + ctx.extraNodes.length, owner, deviceId, node, participant: participantKey(node)[0] });
      }
      const ix = registerNodeInstruction({ owner: owner.kp.publicKey, deviceId, hardwareClass: 1, pricePerHour: USD.muln(num(d, "price")), usdShareBps: 5_000 });
      return { instructions: [ix], signers: [owner.kp] };
    },
  },

  update_node: {
    weight: 4,
    covers: ["io_jobs.update_node"],
    gen: (ctx, rng) => ({
      op: "update_node",
      node: rng.int(ctx.nodes().length),
      price: rng.pick([1, 2, 3, 5, 20, 1_000, 0]),
      share: rng.pick([0, 5_000, 8_000, 10_000, 10_001]),
      klass: rng.int(10),
      stranger: rng.chance(0.1),
    }),
    build: (ctx, d) => {
      const n = ctx.nodes()[num(d, "node") % ctx.nodes().length];
      const owner = d.stranger ? ctx.keys.stranger.kp : n.owner.kp;
      const ix = updateNodeInstruction({ owner: owner.publicKey, node: n.node, hardwareClass: num(d, "klass"), pricePerHour: USD.muln(num(d, "price")).divn(2), usdShareBps: num(d, "share") });
      return { instructions: [ix], signers: [owner] };
    },
  },

  retire_node: {
    weight: 1,
    covers: ["io_jobs.retire_node"],
    // Mostly a node registered during the episode: retiring the world's nodes ends most of its story.
    gen: (ctx, rng) => ({ op: "retire_node", node: ctx.extraNodes.length > 0 && rng.chance(0.9) ? 3 + rng.int(ctx.extraNodes.length) : rng.int(ctx.nodes().length) }),
    build: (ctx, d) => {
      const n = ctx.nodes()[num(d, "node") % ctx.nodes().length];
      return { instructions: [retireNodeInstruction({ owner: n.owner.kp.publicKey, node: n.node })], signers: [n.owner.kp] };
    },
  },

  open_job: {
    weight: 20,
    covers: ["io_jobs.open_job"],
    gen: (ctx, rng) => {
      const user = rng.int(ctx.keys.users.length);
      const reuse = rng.chance(0.05) && ctx.nextNonce[user] > 0;
      const nonce = reuse ? rng.int(ctx.nextNonce[user]) : ctx.nextNonce[user];
      const hours = rng.chance(0.05) ? rng.pick([0, 5_000_000]) : rng.range(1, 12);
      return {
        op: "open_job",
        user,
        nonce,
        node: pickNode(ctx, rng),
        currency: rng.int(3),
        hours,
        served: rng.pick([0, 0.5, 1, 1, 1]),
        // The most the user lets the escrow take: the quote, one unit less, or no limit.
        guard: rng.pick(["quote", "quote", "quote", "low", "none"]),
      };
    },
    build: (ctx, d) => {
      const user = ctx.keys.users[num(d, "user")];
      const nonce = num(d, "nonce");
      const node = ctx.nodes()[num(d, "node") % ctx.nodes().length].node;
      const currency = num(d, "currency") as Currency;
      const key = ctx.jobKey(num(d, "user"), nonce);
      ctx.nextNonce[num(d, "user")] = Math.max(ctx.nextNonce[num(d, "user")], nonce + 1);
      ctx.addJob({ key, user: num(d, "user"), nonce, node, currency, served: num(d, "served"), maxHonest: 0, adminResolved: false });
      const quote = quoteNow(ctx, node, currency, num(d, "hours"));
      const maxPayment = d.guard === "none" || !quote ? U64_MAX : d.guard === "low" ? BN.max(quote.subn(1), new BN(0)) : quote;
      const ix = openJobInstruction({
        user: user.kp.publicKey,
        node,
        nonce: new BN(nonce),
        hours: num(d, "hours"),
        userToken: user.token[currency],
        currency,
        usdcMint: ctx.keys.usdcMint,
        maxPayment,
      });
      return { instructions: [ix], signers: [user.kp] };
    },
  },

  cancel_job: {
    weight: 3,
    covers: ["io_jobs.cancel_job"],
    gen: (ctx, rng) => {
      const job = pickJob(ctx, rng, (s) => s.attestedHours === 0);
      return job === null ? null : { op: "cancel_job", job, stranger: rng.chance(0.1) };
    },
    build: (ctx, d) => {
      const job = jobOf(ctx, d.job);
      if (!job) return null;
      const a = exitAccounts(ctx, job);
      const user = d.stranger ? ctx.keys.stranger.kp : ctx.keys.users[job.user].kp;
      return { instructions: [cancelJobInstruction({ ...a, user: user.publicKey })], signers: [user] };
    },
  },

  refund_unstarted: {
    weight: 3,
    covers: ["io_jobs.refund_unstarted"],
    gen: (ctx, rng) => {
      const job = pickJob(ctx, rng, (s) => s.attestedHours === 0);
      return job === null ? null : { op: "refund_unstarted", job, caller: rng.pick(actors) };
    },
    build: (ctx, d) => {
      const job = jobOf(ctx, d.job);
      if (!job) return null;
      const caller = ctx.wallet(String(d.caller)).kp;
      return { instructions: [refundUnstartedInstruction({ ...exitAccounts(ctx, job), caller: caller.publicKey })], signers: [caller] };
    },
  },

  attest_usage: {
    weight: 30,
    covers: ["io_jobs.attest_usage"],
    gen: (ctx, rng) => {
      const j = pickJob(ctx, rng);
      const job = j === null ? undefined : jobOf(ctx, j);
      if (j === null || !job) return null;
      const s = jobState(ctx, job);
      if (!s) return null;
      const oracle = rng.int(5);
      const truth = honestHours(ctx, job, s);
      const elapsedCap = Math.ceil(Math.max(0, (s.state === 2 ? Number(s.endedAt) : ctx.now()) - Number(s.openedAt)) / HOUR);
      const hours = HONEST_ORACLES.includes(oracle)
        ? Math.max(0, truth - (rng.chance(0.2) ? 1 : 0))
        : rng.pick([0, s.hours, elapsedCap, truth + 1, Math.max(0, truth - 1), s.hours + 1, rng.int(s.hours + 1)]);
      return { op: "attest_usage", job: j, oracle, hours };
    },
    build: (ctx, d) => {
      const job = jobOf(ctx, d.job);
      if (!job) return null;
      const o = ctx.keys.oracles[num(d, "oracle")];
      return { instructions: [attestUsageInstruction({ oracle: o.publicKey, job: job.key, hours: num(d, "hours") })], signers: [o] };
    },
  },

  attest_reputation: {
    weight: 4,
    covers: ["io_jobs.attest_reputation"],
    // Honest oracles attest within the user's band (honestConduct); colluders vote the extremes,
    // just outside the band, or past the bound. Profiles that do not exist are refused.
    gen: (ctx, rng) => {
      const user = rng.pick(PROFILE_ACTORS);
      const oracle = rng.int(5);
      const [lo, hi] = honestConduct(ctx.wallet(user).kp.publicKey);
      const penaltyBps = HONEST_ORACLES.includes(oracle) ? rng.range(lo, hi) : rng.pick([0, 10_000, lo - 1, hi + 1, 10_001, rng.int(10_001)]);
      return { op: "attest_reputation", user, oracle, penaltyBps };
    },
    build: (ctx, d) => {
      const o = ctx.keys.oracles[num(d, "oracle")];
      const user = ctx.wallet(String(d.user)).kp.publicKey;
      return { instructions: [attestReputationInstruction({ oracle: o.publicKey, user, penaltyBps: num(d, "penaltyBps") })], signers: [o] };
    },
  },

  end_job: {
    weight: 6,
    covers: ["io_jobs.end_job"],
    gen: (ctx, rng) => {
      const job = pickJob(ctx, rng, (s) => s.state === 1);
      // The user, the node's owner (a user who walked away), a stranger, or the user naming another node.
      return job === null ? null : { op: "end_job", job, by: rng.pick(["user", "user", "user", "owner", "owner", "stranger", "wrong node"]) };
    },
    build: (ctx, d) => {
      const job = jobOf(ctx, d.job);
      if (!job) return null;
      const node = jobState(ctx, job)?.node ?? job.node;
      const owner = ctx.nodes().find((n) => n.node.equals(node))?.owner.kp;
      const signer = d.by === "stranger" ? ctx.keys.stranger.kp : d.by === "owner" && owner ? owner : ctx.keys.users[job.user].kp;
      const named = d.by === "wrong node" ? ctx.nodes().find((n) => !n.node.equals(node))?.node ?? node : node;
      return { instructions: [endJobInstruction({ caller: signer.publicKey, job: job.key, node: named })], signers: [signer] };
    },
  },

  dispute_job: {
    weight: 3,
    covers: ["io_jobs.dispute_job"],
    gen: (ctx, rng) => {
      const now = ctx.now();
      const job = pickJob(ctx, rng, (s) => s.dispute === 0 && s.attestedHours > 0 && now < s.settleAfter.toNumber());
      return job === null ? null : { op: "dispute_job", job, stranger: rng.chance(0.1) };
    },
    build: (ctx, d) => {
      const job = jobOf(ctx, d.job);
      if (!job) return null;
      const user = d.stranger ? ctx.keys.stranger.kp : ctx.keys.users[job.user].kp;
      return { instructions: [disputeJobInstruction({ user: user.publicKey, job: job.key })], signers: [user] };
    },
  },

  resolve_dispute: {
    weight: 1,
    covers: ["io_jobs.resolve_dispute"],
    gen: (ctx, rng) => {
      const job = pickJob(ctx, rng, (s) => s.dispute === 1);
      return job === null ? null : { op: "resolve_dispute", job, hours: rng.int(13), signer: rng.chance(0.2) ? "x" : "a" };
    },
    build: (ctx, d) => {
      const job = jobOf(ctx, d.job);
      if (!job) return null;
      const admin = d.signer === "a" ? ctx.keys.admin : ctx.keys.stranger.kp;
      return { instructions: [resolveDisputeInstruction({ admin: admin.publicKey, job: job.key, hours: num(d, "hours") })], signers: [admin] };
    },
  },

  settle_jobs: {
    weight: 12,
    covers: ["io_jobs.settle_jobs"],
    gen: (ctx, rng) => {
      const now = ctx.now();
      const first = pickJob(ctx, rng, (s) => now >= s.settleAfter.toNumber());
      if (first === null) return null;
      const count = rng.range(1, 3);
      const jobs = [first];
      for (let i = 1; i < count; i++) {
        const other = pickJob(ctx, rng);
        const same = other !== null && jobOf(ctx, other)?.currency === jobOf(ctx, first)?.currency;
        if (other !== null && (same || rng.chance(0.2))) jobs.push(other);
      }
      // Now and then a referred job without its referrer's profile, or with another's.
      // And now and then the user's profile left out, or another user's in its place.
      const profile = rng.pick(["own", "own", "own", "own", "own", "own", "own", "own", "own", "own", "own", "own", "missing", "other"]);
      return { op: "settle_jobs", jobs: jobs.join(","), caller: rng.pick(actors), referrer: rng.pick(["own", "own", "own", "own", "own", "own", "own", "own", "none", "other"]), profile };
    },
    build: (ctx, d) => {
      const list = String(d.jobs)
        .split(",")
        .map((ref) => jobOf(ctx, ref))
        .filter((j): j is JobRecord => j !== undefined);
      if (list.length === 0) return null;
      const caller = ctx.wallet(String(d.caller)).kp;
      const jobs = list.map((job) => {
        const a = exitAccounts(ctx, job);
        const other = ctx.keys.users[(job.user + 1) % ctx.keys.users.length].kp.publicKey;
        const referrer = d.referrer === "none" ? undefined : d.referrer === "other" && a.referrer ? other : a.referrer;
        const profile = d.profile === "other" ? userProfileKey(other)[0] : undefined;
        return { job: a.job, node: a.node, user: a.user, userToken: a.userToken, referrer, profile };
      });
      const ix = settleJobsInstruction({ caller: caller.publicKey, jobs, currency: exitAccounts(ctx, list[0]).currency, usdcMint: ctx.keys.usdcMint });
      // The first job's profile (after the nine fixed accounts and its four) left out.
      if (d.profile === "missing") ix.keys.splice(13, 1);
      return { instructions: [ix], signers: [caller] };
    },
  },

  claim_earnings: {
    weight: 4,
    covers: ["io_jobs.claim_earnings"],
    gen: (ctx, rng) => {
      const owed = ctx.nodes().flatMap((n, i) => [0, 1, 2].filter((c) => !(ctx.ledger.view(n.node, decodeNode)?.earnings[c].isZero() ?? true)).map((c) => ({ i, c })));
      const pick = owed.length > 0 && rng.chance(0.8) ? owed[rng.int(owed.length)] : { i: rng.int(ctx.nodes().length), c: rng.int(3) };
      return { op: "claim_earnings", node: pick.i, currency: pick.c, to: rng.chance(0.1) ? "x" : "own", stranger: rng.chance(0.1) };
    },
    build: (ctx, d) => {
      const n = ctx.nodes()[num(d, "node") % ctx.nodes().length];
      const currency = num(d, "currency") as Currency;
      const owner = d.stranger ? ctx.keys.stranger.kp : n.owner.kp;
      const to = d.to === "own" ? n.owner.token[currency] : ctx.keys.stranger.token[currency];
      const ix = claimEarningsInstruction({ owner: owner.publicKey, node: n.node, to, currency, usdcMint: ctx.keys.usdcMint });
      return { instructions: [ix], signers: [owner] };
    },
  },

  set_job_params: {
    weight: 1,
    covers: ["io_jobs.set_job_params"],
    gen: (_ctx, rng) => ({
      op: "set_job_params",
      fee: rng.pick([0, 500, 1_000, 10_000, 10_001]),
      window: rng.pick([1, 600, 3_600, 0]),
      signer: rng.chance(0.3) ? "x" : "a",
      feeBuyback: rng.pick([8_000, 0, 10_000, 3_333, 10_001]),
    }),
    build: (ctx, d) => {
      const admin = d.signer === "a" ? ctx.keys.admin : ctx.keys.stranger.kp;
      const feeBuybackBps = d.feeBuyback === undefined ? DEFAULT_JOBS_PARAMS.feeBuybackBps : num(d, "feeBuyback");
      const params = { ...DEFAULT_JOBS_PARAMS, networkFeeBps: num(d, "fee"), challengeWindow: num(d, "window"), feeBuybackBps };
      return { instructions: [setJobParamsInstruction({ admin: admin.publicKey, ...params })], signers: [admin] };
    },
  },

  register_referral: {
    weight: 2,
    covers: ["io_jobs.register_referral"],
    gen: (_ctx, rng) => ({
      op: "register_referral",
      user: rng.pick(PROFILE_ACTORS),
      // Another actor (joined or not; the node operators joined at their first node), itself, or nobody.
      referrer: rng.pick([...PROFILE_ACTORS, "self", "none", "none"]),
    }),
    build: (ctx, d) => {
      const user = ctx.wallet(String(d.user)).kp;
      const referrer = d.referrer === "none" ? PublicKey.default : d.referrer === "self" ? user.publicKey : ctx.wallet(String(d.referrer)).kp.publicKey;
      return { instructions: [registerReferralInstruction({ user: user.publicKey, referrer })], signers: [user] };
    },
  },

  claim_referral: {
    weight: 3,
    covers: ["io_jobs.claim_referral"],
    gen: (ctx, rng) => {
      const owed = ctx.tracked.profiles.flatMap((p, i) =>
        [0, 1, 2].filter((c) => !(ctx.ledger.view(p.key, decodeUserProfile)?.referralOwed[c].isZero() ?? true)).map((c) => ({ i, c })),
      );
      const pick = owed.length > 0 && rng.chance(0.8) ? owed[rng.int(owed.length)] : { i: rng.int(PROFILE_ACTORS.length), c: rng.int(3) };
      return { op: "claim_referral", referrer: PROFILE_ACTORS[pick.i], currency: pick.c, to: rng.chance(0.1) ? "x" : "own", stranger: rng.chance(0.1) };
    },
    build: (ctx, d) => {
      const currency = num(d, "currency") as Currency;
      const referrer = ctx.wallet(String(d.referrer));
      const signer = d.stranger ? ctx.keys.stranger.kp : referrer.kp;
      const to = d.to === "own" ? referrer.token[currency] : ctx.keys.stranger.token[currency];
      const ix = claimReferralInstruction({ referrer: signer.publicKey, to, currency, usdcMint: ctx.keys.usdcMint });
      // A stranger signing for the referrer's profile.
      if (d.stranger) ix.keys[2].pubkey = ctx.tracked.profiles[PROFILE_ACTORS.indexOf(String(d.referrer))].key;
      return { instructions: [ix], signers: [signer] };
    },
  },

  set_referral_params: {
    weight: 1,
    covers: ["io_jobs.set_referral_params"],
    gen: (_ctx, rng) => ({
      op: "set_referral_params",
      // Mostly the defaults (referral income keeps flowing), sometimes off, tiny, at or past the bounds.
      bps: rng.pick([2_000, 2_000, 2_000, 0, 5_000, 1, 5_001]),
      period: rng.pick([365 * 86_400, 365 * 86_400, 0, 3_600, 5 * 365 * 86_400, 5 * 365 * 86_400 + 1]),
      cap: rng.pick(["10000000000", "10000000000", "10000000000", "0", "1000000", "250000", "18446744073709551615"]),
      signer: rng.chance(0.3) ? "x" : "a",
    }),
    build: (ctx, d) => {
      const admin = d.signer === "a" ? ctx.keys.admin : ctx.keys.stranger.kp;
      const params = { ...DEFAULT_REFERRAL_PARAMS, referralBps: num(d, "bps"), referralPeriod: num(d, "period"), referralCapUsd: new BN(String(d.cap)) };
      return { instructions: [setReferralParamsInstruction({ admin: admin.publicKey, ...params })], signers: [admin] };
    },
  },

  set_discount_tiers: {
    weight: 1,
    covers: ["io_jobs.set_discount_tiers"],
    gen: (_ctx, rng) => ({
      op: "set_discount_tiers",
      // Mostly the world's table, sometimes off, at the 50% bound, past it, or falling tier to tier.
      table: rng.pick(["world", "world", "world", "off", "max", "over", "falling"]),
      strike: rng.pick(["200000", "0", "18446744073709551615"]),
      signer: rng.chance(0.3) ? "x" : "a",
    }),
    build: (ctx, d) => {
      const admin = d.signer === "a" ? ctx.keys.admin : ctx.keys.stranger.kp;
      const bps = { world: [1_000, 2_500, 5_000], off: [0, 0, 0], max: [5_000, 5_000, 5_000], over: [1_000, 2_500, 5_001], falling: [2_500, 1_000, 5_000] }[String(d.table)] ?? [0, 0, 0];
      const tiers = FUZZ_DISCOUNT_TIERS.tiers.map((t, i) => ({ scoreUsd: t.scoreUsd, discountBps: bps[i] }));
      return { instructions: [setDiscountTiersInstruction({ admin: admin.publicKey, tiers, strikeUsd: new BN(String(d.strike)) })], signers: [admin] };
    },
  },

  set_priority_tiers: {
    weight: 1,
    covers: ["io_staking.set_priority_tiers"],
    gen: (_ctx, rng) => ({
      op: "set_priority_tiers",
      // Mostly the world's table, sometimes one tier, off, at the supply cap, past it, falling,
      // equal, or a tier in use above one that is off.
      table: rng.pick(["world", "world", "world", "one", "off", "cap", "over", "falling", "equal", "gap"]),
      signer: rng.chance(0.3) ? "x" : "a",
    }),
    build: (ctx, d) => {
      const admin = d.signer === "a" ? ctx.keys.admin : ctx.keys.stranger.kp;
      const tables: Record<string, number[]> = {
        world: [...FUZZ_PRIORITY_TIERS],
        one: [100, 0, 0],
        off: [0, 0, 0],
        cap: [1, 2, 800_000_000],
        over: [1, 2, 800_000_001],
        falling: [500, 50, 1_000],
        equal: [50, 50, 500],
        gap: [0, 50, 500],
      };
      const tiersIo = tables[String(d.table)] ?? [0, 0, 0];
      return { instructions: [setPriorityTiersInstruction({ admin: admin.publicKey, tiersIo })], signers: [admin] };
    },
  },

  set_usage_params: {
    weight: 1,
    covers: ["io_staking.set_usage_params"],
    gen: (_ctx, rng) => ({
      op: "set_usage_params",
      // Mostly the world's terms, sometimes off, at the bounds, past either, or a cap that always binds.
      terms: rng.pick(["world", "world", "world", "off", "max", "bps-over", "rate-over", "tiny-cap"]),
      signer: rng.chance(0.3) ? "x" : "a",
    }),
    build: (ctx, d) => {
      const admin = d.signer === "a" ? ctx.keys.admin : ctx.keys.stranger.kp;
      const terms: Record<string, [number, BN]> = {
        world: [FUZZ_USAGE_PARAMS.usageBps, FUZZ_USAGE_PARAMS.maxUsageRate],
        off: [0, new BN(0)],
        max: [MAX_USAGE_BPS, MAX_USAGE_RATE],
        "bps-over": [MAX_USAGE_BPS + 1, FUZZ_USAGE_PARAMS.maxUsageRate],
        "rate-over": [FUZZ_USAGE_PARAMS.usageBps, MAX_USAGE_RATE.addn(1)],
        "tiny-cap": [MAX_USAGE_BPS, new BN(1)],
      };
      const [usageBps, maxUsageRate] = terms[String(d.terms)] ?? [0, new BN(0)];
      return { instructions: [setUsageParamsInstruction({ admin: admin.publicKey, usageBps, maxUsageRate })], signers: [admin] };
    },
  },

  sync_usage: {
    weight: 6,
    covers: ["io_staking.sync_usage"],
    // A user's own profile mostly (users[0] is a participant from the start, the others once
    // register_participant ran); sometimes another user's profile, a node, or a node participant.
    gen: (ctx, rng) => ({ op: "sync_usage", user: rng.chance(0.6) ? 0 : rng.int(ctx.keys.users.length), twist: rng.pick(["none", "none", "none", "none", "none", "none", "other", "node", "node-participant"]) }),
    build: (ctx, d) => {
      const users = ctx.keys.users;
      const i = num(d, "user");
      const user = users[i].kp.publicKey;
      const participant = d.twist === "node-participant" ? ctx.keys.nodes[0].participant : participantKey(user)[0];
      const profile = d.twist === "other" ? userProfileKey(users[(i + 1) % users.length].kp.publicKey)[0] : d.twist === "node" ? ctx.keys.nodes[0].node : undefined;
      const ix = syncUsageInstruction({ user, lastEpoch: ctx.lastEpoch(participant), profile });
      ix.keys[1].pubkey = participant;
      return { instructions: [ix], signers: [] };
    },
  },

  register_participant: {
    weight: 1,
    covers: ["io_staking.register_participant"],
    gen: (ctx, rng) => (ctx.extraParticipants.length >= 2 ? null : { op: "register_participant", user: rng.range(1, 3), share: rng.pick([100, 300, 301, 50]) }),
    build: (ctx, d) => {
      const u = ctx.keys.users[num(d, "user")];
      const [participant] = participantKey(u.kp.publicKey);
      if (!ctx.extraParticipants.some((p) => p.equals(participant))) ctx.extraParticipants.push(participant);
      const ix = registerParticipantInstruction({ authority: u.kp.publicKey, key: u.kp.publicKey, kind: ParticipantKind.User, shareBps: num(d, "share") });
      return { instructions: [ix], signers: [u.kp] };
    },
  },

  set_reward_share: {
    weight: 2,
    covers: ["io_staking.set_reward_share"],
    gen: (ctx, rng) => ({ op: "set_reward_share", p: rng.int(ctx.participants().length), share: rng.pick([100, 200, 300, 301, 0]), stranger: rng.chance(0.1) }),
    build: (ctx, d) => {
      const participant = ctx.participants()[num(d, "p") % ctx.participants().length];
      const p = ctx.participant(participant);
      const authority = d.stranger || !p ? ctx.keys.stranger.kp : authorityKeypair(ctx, p.authority);
      return { instructions: [setRewardShareInstruction({ authority: authority.publicKey, participant, shareBps: num(d, "share") })], signers: [authority] };
    },
  },

  stake: {
    weight: 14,
    covers: ["io_staking.stake"],
    gen: (ctx, rng) => ({ op: "stake", staker: rng.pick(actors), p: rng.int(ctx.participants().length), amount: amount(rng, IO), stale: rng.chance(0.05) }),
    build: (ctx, d) => {
      const w = ctx.wallet(String(d.staker));
      const participant = ctx.participants()[num(d, "p") % ctx.participants().length];
      const stale = Math.max(0, openEpoch(ctx) - 2);
      const lastEpoch = d.stale ? ctx.epochKey(stale) : ctx.lastEpoch(participant);
      const ix = stakeInstruction({ staker: w.kp.publicKey, participant, lastEpoch, stakerIo: w.token[Currency.Io], amount: new BN(String(d.amount)) });
      return { instructions: [ix], signers: [w.kp] };
    },
  },

  unstake: {
    weight: 8,
    covers: ["io_staking.unstake"],
    gen: (ctx, rng) => ({ op: "unstake", ...pickPosition(ctx, rng, (pos) => !pos.active.isZero()), amount: amount(rng, IO), all: rng.chance(0.4) }),
    build: (ctx, d) => {
      const w = ctx.wallet(String(d.staker));
      const participant = ctx.participants()[num(d, "p") % ctx.participants().length];
      const pos = ctx.position(participant, w.kp.publicKey);
      const amt = d.all && pos && !pos.active.isZero() ? pos.active : new BN(String(d.amount));
      const ix = unstakeInstruction({ staker: w.kp.publicKey, participant, lastEpoch: ctx.lastEpoch(participant), amount: amt });
      return { instructions: [ix], signers: [w.kp] };
    },
  },

  withdraw: {
    weight: 5,
    covers: ["io_staking.withdraw"],
    gen: (ctx, rng) => ({ op: "withdraw", ...pickPosition(ctx, rng, (pos) => !pos.cooling.isZero()) }),
    build: (ctx, d) => {
      const w = ctx.wallet(String(d.staker));
      const participant = ctx.participants()[num(d, "p") % ctx.participants().length];
      return { instructions: [withdrawInstruction({ staker: w.kp.publicKey, participant, stakerIo: w.token[Currency.Io] })], signers: [w.kp] };
    },
  },

  claim: {
    weight: 8,
    covers: ["io_staking.claim"],
    gen: (ctx, rng) => ({ op: "claim", ...pickPosition(ctx, rng, () => true), compound: rng.chance(0.3), to: rng.chance(0.05) ? "x" : "own" }),
    build: (ctx, d) => {
      const w = ctx.wallet(String(d.staker));
      const participant = ctx.participants()[num(d, "p") % ctx.participants().length];
      const to = d.to === "own" ? w.token[Currency.Io] : ctx.keys.stranger.token[Currency.Io];
      const ix = claimInstruction({ staker: w.kp.publicKey, participant, lastEpoch: ctx.lastEpoch(participant), to, compound: Boolean(d.compound) });
      return { instructions: [ix], signers: [w.kp] };
    },
  },

  attest_availability: {
    weight: 12,
    covers: ["io_staking.attest_availability"],
    gen: (ctx, rng) => {
      const node = rng.int(ctx.keys.nodes.length);
      const oracle = rng.int(5);
      const honest = HONEST_ORACLES.includes(oracle);
      // The truth: node 0 passes at ~90%, node 1 at ~70%, node 2 fails.
      const truth = [9_000, 7_000, 0][node];
      const passed = honest ? truth > 0 : rng.chance(0.5);
      const reputation = honest ? Math.max(0, truth + rng.range(-300, 300)) : rng.pick([1, 10_000, 0, 10_001]);
      // The class the oracle measured: the truth is the node's index; colluders claim the top class or none.
      const klass = honest ? node : rng.pick([0, 8, 255]);
      return { op: "attest_availability", node, oracle, passed, reputation, klass, stale: rng.chance(0.05) };
    },
    build: (ctx, d) => {
      const n = ctx.keys.nodes[num(d, "node")];
      const o = ctx.keys.oracles[num(d, "oracle")];
      const epoch = Math.max(0, openEpoch(ctx) - (d.stale ? 1 : 0));
      const ix = attestAvailabilityInstruction({
        oracle: o.publicKey,
        participant: n.participant,
        lastEpoch: ctx.lastEpoch(n.participant),
        epoch,
        passed: Boolean(d.passed),
        reputationBps: num(d, "reputation"),
        hardwareClass: num(d, "klass"),
      });
      return { instructions: [ix], signers: [o] };
    },
  },

  sync_points: {
    weight: 6,
    covers: ["io_staking.sync_points"],
    gen: (ctx, rng) => ({ op: "sync_points", node: rng.int(ctx.keys.nodes.length), wrong: rng.chance(0.05) }),
    build: (ctx, d) => {
      const n = ctx.keys.nodes[num(d, "node")];
      const node = d.wrong ? ctx.keys.nodes[(num(d, "node") + 1) % ctx.keys.nodes.length].node : n.node;
      return { instructions: [syncPointsInstruction({ participant: n.participant, node, lastEpoch: ctx.lastEpoch(n.participant) })], signers: [] };
    },
  },

  close_epoch: {
    weight: 6,
    covers: ["io_staking.close_epoch"],
    gen: (_ctx, rng) => ({ op: "close_epoch", offset: rng.chance(0.1) ? rng.pick([-1, 1]) : 0, crank: rng.chance(0.7) }),
    build: (ctx, d) => {
      const epoch = Math.max(0, openEpoch(ctx) + num(d, "offset"));
      if (!ctx.epochs.includes(epoch)) ctx.epochs.push(epoch);
      const close = closeEpochInstruction({ payer: ctx.chain.payer.publicKey, epoch });
      return { instructions: d.crank ? [crankInstruction({ rewardsVault: ctx.tracked.rewardsVault }), close] : [close], signers: [] };
    },
  },

  vote_slash: {
    weight: 4,
    covers: ["io_staking.vote_slash"],
    gen: (ctx, rng) => {
      // Colluders vote often; honest oracles vote only against node 2 (the one that fails its tests).
      const oracle = rng.chance(0.7) ? rng.pick(COLLUDERS) : rng.pick(HONEST_ORACLES);
      const node = HONEST_ORACLES.includes(oracle) ? 2 : rng.int(ctx.keys.nodes.length);
      return { op: "vote_slash", oracle, node, reason: rng.int(4) };
    },
    build: (ctx, d) => {
      const o = ctx.keys.oracles[num(d, "oracle")];
      return { instructions: [voteSlashInstruction({ oracle: o.publicKey, participant: ctx.keys.nodes[num(d, "node")].participant, reason: num(d, "reason") })], signers: [o] };
    },
  },

  slash_round: {
    weight: 1,
    covers: ["io_staking.vote_slash"],
    // The honest oracles agree that node 2 (the one failing its tests) misbehaved, in one transaction.
    gen: (_ctx, rng) => ({ op: "slash_round", reason: rng.int(4) }),
    build: (ctx, d) => {
      const signers = HONEST_ORACLES.map((i) => ctx.keys.oracles[i]);
      const participant = ctx.keys.nodes[2].participant;
      return { instructions: signers.map((o) => voteSlashInstruction({ oracle: o.publicKey, participant, reason: num(d, "reason") })), signers };
    },
  },

  contest_slash: {
    weight: 2,
    covers: ["io_staking.contest_slash"],
    gen: (ctx, rng) => ({ op: "contest_slash", node: pickSlashed(ctx, rng, [1]), stranger: rng.chance(0.1) }),
    build: (ctx, d) => {
      const n = ctx.keys.nodes[num(d, "node")];
      const who = d.stranger ? ctx.keys.stranger.kp : n.owner.kp;
      return { instructions: [contestSlashInstruction({ authority: who.publicKey, participant: n.participant })], signers: [who] };
    },
  },

  resolve_slash: {
    weight: 1,
    covers: ["io_staking.resolve_slash"],
    gen: (ctx, rng) => ({ op: "resolve_slash", node: pickSlashed(ctx, rng, [2]), uphold: rng.chance(0.5), signer: rng.chance(0.2) ? "x" : "a" }),
    build: (ctx, d) => {
      const admin = d.signer === "a" ? ctx.keys.admin : ctx.keys.stranger.kp;
      const ix = resolveSlashInstruction({ caller: admin.publicKey, participant: ctx.keys.nodes[num(d, "node")].participant, uphold: Boolean(d.uphold) });
      return { instructions: [ix], signers: [admin] };
    },
  },

  execute_slash: {
    weight: 2,
    covers: ["io_staking.execute_slash"],
    gen: (ctx, rng) => ({ op: "execute_slash", node: pickSlashed(ctx, rng, [1, 3]), wrongOperator: rng.chance(0.1) }),
    build: (ctx, d) => {
      const n = ctx.keys.nodes[num(d, "node")];
      const operator = d.wrongOperator ? ctx.keys.stranger.kp.publicKey : n.owner.kp.publicKey;
      return { instructions: [executeSlashInstruction({ participant: n.participant, operator })], signers: [] };
    },
  },

  set_slashing: {
    weight: 1,
    covers: ["io_staking.set_slashing"],
    gen: (_ctx, rng) => ({
      op: "set_slashing",
      bps: rng.pick([0, 1_000, 5_000, 10_000, 10_001]),
      window: rng.pick([0, 3_600, 86_400]),
      ttl: rng.pick([0, 3_600, 86_400, 30 * 86_400]),
      signer: rng.chance(0.3) ? "x" : "a",
    }),
    build: (ctx, d) => {
      const admin = d.signer === "a" ? ctx.keys.admin : ctx.keys.stranger.kp;
      const ix = setSlashingInstruction({ admin: admin.publicKey, slashBps: num(d, "bps"), slashWindow: num(d, "window"), slashVoteTtl: num(d, "ttl") });
      return { instructions: [ix], signers: [admin] };
    },
  },

  // Admin hand-overs and re-initialisations, tried by the wrong people: all must fail.
  hostile_admin: {
    weight: 2,
    covers: [
      "io_token.initialize",
      "io_token.propose_admin",
      "io_token.accept_admin",
      "io_token.init_emissions",
      "io_token.add_beneficiary",
      "io_token.lock_genesis",
      "io_token.init_iosd",
      "io_oracle.initialize",
      "io_oracle.propose_admin",
      "io_oracle.accept_admin",
      "io_jobs.initialize",
      "io_jobs.propose_admin",
      "io_jobs.accept_admin",
      "io_staking.initialize",
      "io_staking.propose_admin",
      "io_staking.accept_admin",
      "io_buyback.initialize",
      "io_buyback.propose_admin",
      "io_buyback.accept_admin",
      "io_governance.initialize",
    ],
    gen: (_ctx, rng) => ({ op: "hostile_admin", which: rng.int(HOSTILE.length), admin: rng.chance(0.3) }),
    build: (ctx, d) => {
      // The admin itself re-initialising, or a stranger doing anything admin-only.
      const who = d.admin ? ctx.keys.admin : ctx.keys.stranger.kp;
      return { instructions: [HOSTILE[num(d, "which")](ctx, who.publicKey)], signers: [who] };
    },
  },

  set_params: {
    weight: 1,
    covers: ["io_oracle.set_price_params", "io_token.set_iosd_params", "io_staking.set_staking_params", "io_token.set_rewards_vault"],
    gen: (_ctx, rng) => ({ op: "set_params", which: rng.int(4), variant: rng.int(4), lengths: rng.int(STAKING_LENGTHS.length), signer: rng.chance(0.3) ? "x" : "a" }),
    build: (ctx, d) => {
      const admin = d.signer === "a" ? ctx.keys.admin : ctx.keys.stranger.kp;
      const v = num(d, "variant");
      const ixs = [
        () =>
          setPriceParamsInstruction({
            admin: admin.publicKey,
            staleness: [600, 60, 0, 3_600][v],
            maxMoveBps: [2_000, 500, 10_000, 0][v],
            maxConfBps: [200, 100, 10_000, 1][v],
            agreementBps: [100, 50, 0, 10_000][v],
          }),
        () => setIosdParamsInstruction({ admin: admin.publicKey, confMultiple: [2, 0, 10, 255][v], maxPriceAge: [600, 60, 0, 86_400][v], rateLimit: USD.muln([1_000, 1, 0, 1_000_000][v]), rateWindow: [3_600, 1, 0, 86_400][v] }),
        () =>
          setStakingParamsInstruction({
            admin: admin.publicKey,
            ...DEFAULT_STAKING_PARAMS,
            // The epoch length and cooldown, within their bounds (1 s to 30 days) or beyond (refused);
            // sequences recorded before the field existed take them from the variant.
            ...(d.lengths === undefined
              ? { epochLength: [86_400, 3_600, 0, 7 * 86_400][v], cooldown: [2 * 86_400, 60, 0, 86_400][v] }
              : STAKING_LENGTHS[num(d, "lengths")]),
            minNodeStake: IO.muln([100, 1, 0, 10_000][v]),
            // The compute rate's cap: the default (10 IO per $1 of points), one base unit per 1e9
            // points (nearly every compute pool carries), 0 (refused), none to speak of.
            maxComputeRate: [DEFAULT_STAKING_PARAMS.maxComputeRate, new BN(1), new BN(0), new BN("18446744073709551615")][v],
          }),
        () => setRewardsVaultInstruction({ admin: admin.publicKey, rewardsVault: v === 0 ? ctx.tracked.rewardsVault : ctx.keys.stranger.token[Currency.Io] }),
      ];
      return { instructions: [ixs[num(d, "which")]()], signers: [admin] };
    },
  },

  // IOSD's spender: the admin naming itself (or a stranger) and then releasing what io_jobs holds.
  iosd_spender: {
    weight: 1,
    covers: ["io_token.set_iosd_spender", "io_token.hold_iosd", "io_token.release_iosd"],
    gen: (_ctx, rng) => ({ op: "iosd_spender", step: rng.int(4), amount: amount(rng, USD) }),
    build: (ctx, d) => {
      const admin = ctx.keys.admin;
      const x = ctx.keys.stranger;
      const spender = num(d, "step") === 0 ? admin.publicKey : jobsAuthorityKey()[0];
      const amt = new BN(String(d.amount));
      switch (num(d, "step")) {
        case 0:
        case 1:
          return { instructions: [setIosdSpenderInstruction({ admin: admin.publicKey, spender })], signers: [admin] };
        case 2: {
          const keys = [meta(admin.publicKey, false, true), meta(ctx.tracked.iosdState, true), meta(ctx.tracked.iosdMint, true), meta(x.token[Currency.Iosd], true), meta(authorityKey()[0], false), meta(TOKEN_2022, false)];
          return { instructions: [ioTokenIx("releaseIosd", keys, { amount: amt, retire: new BN(0) })], signers: [admin] };
        }
        default: {
          const keys = [meta(x.kp.publicKey, false, true), meta(x.token[Currency.Iosd], true), meta(ctx.tracked.iosdMint, true), meta(ctx.tracked.iosdState, true), meta(x.kp.publicKey, false, true), meta(TOKEN_2022, false)];
          return { instructions: [ioTokenIx("holdIosd", keys, { amount: amt })], signers: [x.kp] };
        }
      }
    },
  },

  prove_reserves: {
    weight: 1,
    covers: ["io_token.prove_reserves", "io_staking.prove_reserves", "io_jobs.prove_reserves", "io_buyback.prove_reserves"],
    gen: (ctx, rng) => ({ op: "prove_reserves", program: rng.int(proofsNow(ctx).length) }),
    build: (ctx, d) => {
      const proof = proofsNow(ctx)[num(d, "program")];
      return { instructions: [proof.ix], signers: [] };
    },
  },

  airdrop: {
    weight: 2,
    covers: ["io_token.create_airdrop", "io_token.claim_airdrop", "io_token.close_airdrop"],
    gen: (_ctx, rng) => ({ op: "airdrop", id: rng.int(2), step: rng.pick(["create", "claim", "claim", "claim", "close"]), user: rng.int(4), wrong: rng.chance(0.15), days: rng.range(0, 10) }),
    build: (ctx, d) => {
      const id = num(d, "id");
      const tree = airdropTree(ctx);
      if (d.step === "create") {
        const deadline = new BN(ctx.now() + num(d, "days") * 86_400 + 3_600);
        const ix = createAirdropInstruction({ admin: ctx.keys.admin.publicKey, id, root: tree.root, total: tree.total, deadline });
        return { instructions: [ix], signers: [ctx.keys.admin] };
      }
      if (d.step === "close") return { instructions: [closeAirdropInstruction({ id })], signers: [] };
      const user = ctx.keys.users[num(d, "user")];
      const proof = tree.proofs.get(user.kp.publicKey.toBase58()) ?? [];
      const claimAmount = AIRDROP_AMOUNT.addn(d.wrong ? 1 : 0);
      const ix = claimAirdropInstruction({ claimant: user.kp.publicKey, id, amount: claimAmount, proof, destination: user.token[Currency.Io] });
      return { instructions: [ix], signers: [user.kp] };
    },
  },

  sweep_io_fees: {
    weight: 2,
    covers: ["io_jobs.sweep_io_fees"],
    gen: (_ctx, rng) => ({ op: "sweep_io_fees", actor: rng.pick(actors) }),
    build: (ctx, d) => {
      const caller = ctx.wallet(String(d.actor)).kp;
      return { instructions: [sweepIoFeesInstruction({ caller: caller.publicKey })], signers: [caller] };
    },
  },

  sweep_usdc_fees: {
    weight: 2,
    covers: ["io_jobs.sweep_usdc_fees"],
    // Now and then the attacker names its own account as a destination (InvalidVault).
    gen: (_ctx, rng) => ({ op: "sweep_usdc_fees", actor: rng.pick(actors), steal: rng.chance(0.1) ? rng.int(2) : -1 }),
    build: (ctx, d) => {
      const caller = ctx.wallet(String(d.actor)).kp;
      const ix = sweepUsdcFeesInstruction({ caller: caller.publicKey, usdcMint: ctx.keys.usdcMint });
      const steal = num(d, "steal");
      if (steal >= 0) ix.keys[4 + steal] = { ...ix.keys[4 + steal], pubkey: ctx.keys.stranger.token[Currency.Usdc] };
      return { instructions: [ix], signers: [caller] };
    },
  },


  // ---------------------------------------------------------------- io_buyback
  // USDC arriving in io_buyback's vaults (minted there: the stand-in for io_jobs' sweep).
  buyback_fund: {
    weight: 2,
    covers: [],
    gen: (_ctx, rng) => ({ op: "buyback_fund", incentives: rng.chance(0.3), amount: amount(rng, USD.muln(100)) }),
    build: (ctx, d) => {
      const amt = BigInt(String(d.amount));
      if (amt === 0n) return null;
      const vault = d.incentives ? ctx.tracked.incentivesVault : ctx.tracked.buybackVault;
      return { instructions: [createMintToInstruction(ctx.keys.usdcMint, vault, ctx.keys.payer.publicKey, amt)], signers: [] };
    },
  },

  start_lot: {
    weight: 3,
    covers: ["io_buyback.start_lot"],
    gen: () => ({ op: "start_lot" }),
    build: () => ({ instructions: [startLotInstruction()], signers: [] }),
  },

  // Anyone buys: at the quote, one IO base unit under it, above it, late, at a wrong lot, into the vault.
  buyback_buy: {
    weight: 6,
    covers: ["io_buyback.buy"],
    gen: (_ctx, rng) => ({
      op: "buyback_buy",
      actor: rng.pick(actors),
      usdc: amount(rng, USD.muln(50)),
      maxIo: rng.pick(["quote", "quote", "quote", "under", "double"]),
      lot: rng.pick([0, 0, 0, 0, 1, -1]),
      late: rng.chance(0.05),
      intoVault: rng.chance(0.05),
    }),
    build: (ctx, d) => {
      const config = ctx.ledger.view(ctx.tracked.buybackConfig, decodeBuybackConfig);
      const feed = ctx.ledger.view(ctx.tracked.priceFeed, decodePriceFeed);
      if (!config || !feed) return null;
      const usdc = new BN(String(d.usdc));
      const quote = quoteBuy(config, feed, usdc, ctx.now());
      const io = quote?.io ?? IO;
      const maxIo = d.maxIo === "under" ? BN.max(io.subn(1), new BN(0)) : d.maxIo === "double" ? io.muln(2) : io;
      const w = ctx.wallet(String(d.actor));
      const ix = buyInstruction({
        buyer: w.kp.publicKey,
        buyerIo: w.token[Currency.Io],
        buyerUsdc: d.intoVault ? ctx.tracked.buybackVault : w.token[Currency.Usdc],
        usdcMint: ctx.keys.usdcMint,
        lotId: BN.max(config.lotId.addn(num(d, "lot")), new BN(0)),
        usdc,
        maxIo,
        deadline: new BN(ctx.now() + (d.late ? -1 : 60)),
      });
      return { instructions: [ix], signers: [w.kp] };
    },
  },

  // The admin (or the stranger, or the guardian where it may) governs: parameters, guardian, pause, incentives.
  buyback_admin: {
    weight: 2,
    covers: ["io_buyback.set_buyback_params", "io_buyback.set_guardian", "io_buyback.pause", "io_buyback.unpause", "io_buyback.spend_incentives"],
    gen: (_ctx, rng) => ({
      op: "buyback_admin",
      step: rng.pick(["params", "guardian", "pause", "unpause", "unpause", "spend", "spend"]),
      variant: rng.int(4),
      signer: rng.pick(["a", "a", "a", "x", "u1"]),
      amount: amount(rng, USD.muln(20)),
      into: rng.pick(["user", "user", "user", "vault", "incentives"]),
    }),
    build: (ctx, d) => {
      const who = d.signer === "a" ? ctx.keys.admin : ctx.wallet(String(d.signer)).kp;
      const v = num(d, "variant");
      switch (d.step) {
        case "params": {
          // The world's parameters, shorter lots, an out-of-bounds floor x multiplier, a tight premium
          const variants = [
            FUZZ_BUYBACK_PARAMS,
            { ...FUZZ_BUYBACK_PARAMS, lotPeriod: 600, maxLot: USD.muln(100) },
            { ...FUZZ_BUYBACK_PARAMS, floorBps: 7_000 },
            { ...FUZZ_BUYBACK_PARAMS, premiumBps: 0, confMultiple: 0 },
          ];
          return { instructions: [setBuybackParamsInstruction({ admin: who.publicKey, ...variants[v] })], signers: [who] };
        }
        case "guardian": {
          const guardian = [ctx.keys.users[1].kp.publicKey, ctx.keys.admin.publicKey, PublicKey.default, ctx.keys.stranger.kp.publicKey][v];
          return { instructions: [setGuardianInstruction({ admin: who.publicKey, guardian })], signers: [who] };
        }
        case "pause":
          return { instructions: [pauseBuybackInstruction({ caller: who.publicKey })], signers: [who] };
        case "unpause":
          return { instructions: [unpauseBuybackInstruction({ admin: who.publicKey })], signers: [who] };
        default: {
          const destination =
            d.into === "vault" ? ctx.tracked.buybackVault : d.into === "incentives" ? ctx.tracked.incentivesVault : ctx.keys.users[v % 4].token[Currency.Usdc];
          const ix = spendIncentivesInstruction({ admin: who.publicKey, usdcMint: ctx.keys.usdcMint, destination, amount: new BN(String(d.amount)) });
          return { instructions: [ix], signers: [who] };
        }
      }
    },
  },

  // Governance: proposals by stakers (and by the guardian), votes with the position locked (or
  // not), queueing, execution, cancels and vetoes, each by the right actor or not; now and then
  // the admin proposes the executor as io_jobs' admin, so an accepted hand-over and then
  // parameter changes can pass and execute.
  gov_propose: {
    weight: 4,
    covers: ["io_governance.propose"],
    gen: (ctx, rng) => ({
      op: "gov_propose",
      ...pickPosition(ctx, rng, (pos) => !pos.active.isZero()),
      by: rng.chance(0.05) ? "g" : "staker",
      // 0: an io_jobs parameter (index 0..9, 9 unknown), 1: an oracle set, 2: accept an admin role,
      // 3: a spend from the incentives vault, 4: a guardian (io_buyback's or governance's own),
      // 5: propose an admin away from governance, 6: an admin call (ADMIN_CALLS, target 8 unknown),
      // 9: an upgrade (the proposer's own buffer, another's, the executor's or a wallet)
      action: rng.chance(0.1) ? 9 : rng.chance(0.5) ? 0 : rng.chance(0.4) ? 2 : rng.chance(0.2) ? 1 : rng.chance(0.3) ? 6 : rng.chance(0.15) ? 9 : 3 + rng.int(4),
      // A key action's key: a user's USDC account or wallet, the incentives vault, the stranger, zero.
      key: rng.int(5),
      target: rng.int(10),
      value: rng.chance(0.8) ? rng.range(1, 9_000) : rng.pick([0, 10_001, 4_294_967_295]),
      index: rng.chance(0.9) ? "next" : rng.int(4),
      // Further io_jobs parameter actions after the first (0..4: 4 makes five, refused), each
      // with its own target and value (a repeated target is refused as a duplicate).
      more: rng.chance(0.7) ? 0 : rng.int(5),
      // Mostly io_jobs' parameters, else any program's (GOV_PARAMS), or an unknown id.
      moreTarget: rng.chance(0.6) ? rng.int(10) : rng.chance(0.9) ? GOV_PARAMS[rng.int(GOV_PARAMS.length)].id : rng.int(256),
      moreValue: rng.chance(0.9) ? rng.range(1, 9_000) : 10_001,
    }),
    build: (ctx, d) => {
      const owner = ctx.wallet(String(d.staker));
      const w = d.by === "g" ? ctx.keys.guardian : owner.kp;
      const participant = ctx.participants()[num(d, "p") % ctx.participants().length];
      const position = ctx.positionKey(participant, owner.kp.publicKey);
      const index = d.index === "next" ? govCount(ctx) : num(d, "index");
      const action = num(d, "action");
      const target = action === 2 ? num(d, "target") % 4 : action === 1 ? 0 : num(d, "target");
      // An oracle-set proposal names the honest three with quorum value % 4 (0 and 1 refused)
      const members = action === 1 ? HONEST_ORACLES.map((i) => ctx.keys.oracles[i].publicKey) : [];
      const keyPick = num(d, "key");
      const actions: ActionSpec[] = [];
      if (action === 6) {
        actions.push(fuzzCall(ctx, num(d, "target") % 9, keyPick, num(d, "value")));
      } else if (action === 9) {
        // Mostly io_governance (5: the only program whose upgrade authority is the executor in
        // this world), else 6 (unknown, InvalidAction) or 1 (io_oracle, InvalidTarget). The key: the proposer's own buffer
        // (handed over by the proposal, once), another staker's (BufferNotProposers), the world's
        // executor-held buffer (BufferNotProposers) or a wallet (InvalidBuffer).
        const t = num(d, "target");
        const buffer = [ownBuffer(owner.kp.publicKey), ownBuffer(owner.kp.publicKey), ownBuffer(owner.kp.publicKey), ownBuffer(ctx.keys.users[1].kp.publicKey), t % 2 ? UPGRADE_BUFFER.publicKey : ctx.keys.users[1].kp.publicKey][keyPick];
        actions.push(upgradeAction(t < 8 ? 5 : t === 8 ? 6 : 1, buffer));
      } else if (action === 3) {
        const dest = [ctx.keys.users[1].token[Currency.Usdc], ctx.keys.users[2].token[Currency.Usdc], ctx.tracked.incentivesVault, ctx.keys.users[1].kp.publicKey, ctx.keys.users[3].token[Currency.Usdc]][keyPick];
        actions.push(spendAction(new BN(num(d, "value")).muln(keyPick === 4 ? 1_000 : 1), dest));
      } else if (action === 4 || action === 5) {
        const key = [ctx.keys.users[1].kp.publicKey, ctx.keys.stranger.kp.publicKey, ctx.keys.guardian.publicKey, ctx.keys.admin.publicKey, PublicKey.default][keyPick];
        // Target 2 of a guardian action and 5 of a propose-admin action are unknown (InvalidAction).
        // The SDK has no config for an unknown admin target, so that one is built with target 0
        // and its byte (the first action's, at 8 + 8 + 4 + 1) set afterwards, as a client could.
        const raw = action === 4 ? num(d, "target") % 3 : num(d, "target") % 6;
        actions.push({ action, target: action === 5 && raw === 5 ? 0 : raw, value: new BN(0), key });
      } else {
        const value = action === 2 ? new BN(0) : action === 1 ? new BN(num(d, "value") % 4) : new BN(num(d, "value"));
        actions.push({ action, target, value });
      }
      for (let k = 0; k < num(d, "more"); k++) {
        actions.push({ action: GovAction.Param, target: (num(d, "moreTarget") + k) % 256, value: new BN(num(d, "moreValue") + k) });
      }
      // The deposit comes from the proposer's IO account (Token-2022 refuses it if short).
      const ix = proposeInstruction({ proposer: w.publicKey, position, index, actions, members, proposerIo: owner.token[Currency.Io] });
      if (action === 5 && num(d, "target") % 6 === 5) ix.data[21] = 5;
      return { instructions: [ix], signers: [w] };
    },
  },

  gov_vote: {
    weight: 10,
    covers: ["io_staking.lock_position", "io_governance.vote"],
    gen: (ctx, rng) => ({
      op: "gov_vote",
      ...pickPosition(ctx, rng, (pos) => !pos.active.isZero() || !pos.pending.isZero()),
      proposal: recentProposal(ctx, rng),
      choice: rng.chance(0.95) ? rng.int(3) : 3,
      lock: rng.chance(0.9),
      by: rng.chance(0.05) ? "g" : "staker",
    }),
    build: (ctx, d) => {
      const owner = ctx.wallet(String(d.staker));
      const w = d.by === "g" ? ctx.keys.guardian : owner.kp;
      const participant = ctx.participants()[num(d, "p") % ctx.participants().length];
      const position = ctx.positionKey(participant, owner.kp.publicKey);
      const proposal = govProposalKey(ctx, num(d, "proposal"));
      const ixs: TransactionInstruction[] = [];
      if (d.lock) ixs.push(lockPositionInstruction({ staker: w.publicKey, position, proposal }));
      ixs.push(voteInstruction({ voter: w.publicKey, proposal, position, choice: num(d, "choice") }));
      return { instructions: ixs, signers: [w] };
    },
  },

  gov_queue_execute: {
    weight: 3,
    covers: ["io_governance.queue", "io_governance.execute"],
    gen: (ctx, rng) => ({ op: "gov_queue_execute", proposal: recentProposal(ctx, rng), execute: rng.chance(0.5), by: rng.chance(0.1) ? "g" : "x" }),
    build: (ctx, d) => {
      const caller = d.by === "g" ? ctx.keys.guardian : ctx.keys.stranger.kp;
      const proposal = govProposalKey(ctx, num(d, "proposal"));
      if (!d.execute) return { instructions: [queueInstruction({ caller: caller.publicKey, proposal })], signers: [caller] };
      const p = ctx.ledger.view(proposal, decodeProposal);
      const actions = p
        ? proposalActions(p).map((a) => ({
            action: a.action,
            target: a.action === 2 || a.action === 5 ? Math.min(a.target, 3) : a.action === 4 ? Math.min(a.target, 1) : a.action === 9 ? Math.min(a.target, 5) : a.target,
            key: a.key,
          }))
        : [{ action: 0, target: 0 }];
      // An upgrade's spill account is the proposer (its buffer's lamports go there).
      const ix = executeInstruction({ caller: caller.publicKey, proposal, actions, usdcMint: ctx.keys.usdcMint, spill: p?.proposer ?? caller.publicKey });
      return { instructions: [ix], signers: [caller] };
    },
  },

  gov_cancel_veto: {
    weight: 2,
    covers: ["io_governance.cancel", "io_governance.veto"],
    gen: (ctx, rng) => ({ op: "gov_cancel_veto", proposal: recentProposal(ctx, rng), what: rng.int(10), who: rng.pick(["g", "x", "o0", "s0", "proposer"]) }),
    build: (ctx, d) => {
      const what = num(d, "what");
      const admin = ctx.keys.admin;
      // The admin's half of io_jobs' hand-over to the executor.
      if (what === 0) return { instructions: [proposeJobsAdminInstruction({ admin: admin.publicKey, newAdmin: executorKey()[0] })], signers: [admin] };
      const proposal = govProposalKey(ctx, num(d, "proposal"));
      const p = ctx.ledger.view(proposal, decodeProposal);
      const proposer = p ? actors.map((a) => ctx.wallet(a).kp).find((k) => k.publicKey.equals(p.proposer)) : undefined;
      const who = d.who === "g" ? ctx.keys.guardian : d.who === "proposer" ? (proposer ?? ctx.keys.stranger.kp) : ctx.wallet(String(d.who)).kp;
      if (what < 3) return { instructions: [cancelInstruction({ proposer: who.publicKey, proposal })], signers: [who] };
      return { instructions: [vetoInstruction({ guardian: who.publicKey, proposal })], signers: [who] };
    },
  },
  // Upgrade buffers: anyone asks for the buffer of a proposal's action back, to its proposer or
  // to another; only for an upgrade action of a proposal that can never execute, once.
  gov_reclaim_buffer: {
    weight: 2,
    covers: ["io_governance.reclaim_buffer"],
    gen: (ctx, rng) => ({
      op: "gov_reclaim_buffer",
      proposal: recentProposal(ctx, rng),
      // The proposal's first upgrade action, or any slot (5 is past the last).
      position: rng.chance(0.8) ? "upgrade" : rng.int(6),
      to: rng.chance(0.8) ? "proposer" : rng.pick(actors),
      // The action's buffer, or another staker's.
      buffer: rng.chance(0.9) ? "action" : rng.pick(actors),
      by: rng.pick(["x", "g", "s0"]),
    }),
    build: (ctx, d) => {
      const proposal = govProposalKey(ctx, num(d, "proposal"));
      const p = ctx.ledger.view(proposal, decodeProposal);
      const actions = p ? proposalActions(p) : [];
      const first = actions.findIndex((a) => a.action === GovAction.Upgrade);
      const position = d.position === "upgrade" ? Math.max(first, 0) : num(d, "position");
      const key = actions[position]?.key ?? ownBuffer(ctx.keys.stranger.kp.publicKey);
      const buffer = d.buffer === "action" ? key : ownBuffer(ctx.wallet(String(d.buffer)).kp.publicKey);
      const to = d.to === "proposer" ? (p?.proposer ?? ctx.keys.stranger.kp.publicKey) : ctx.wallet(String(d.to)).kp.publicKey;
      const caller = d.by === "g" ? ctx.keys.guardian : d.by === "x" ? ctx.keys.stranger.kp : ctx.wallet(String(d.by)).kp;
      const ix = reclaimBufferInstruction({ proposal, position, buffer, proposer: to });
      return { instructions: [ix], signers: [caller] };
    },
  },
  // Deposits: anyone asks for a proposal's deposit back, to its proposer's IO account or to
  // another's; only once, only after the voting, only to the proposer.
  gov_refund_deposit: {
    weight: 2,
    covers: ["io_governance.refund_deposit"],
    gen: (ctx, rng) => ({ op: "gov_refund_deposit", proposal: recentProposal(ctx, rng), to: rng.chance(0.8) ? "proposer" : rng.pick(actors), by: rng.pick(["x", "g", "s0"]) }),
    build: (ctx, d) => {
      const proposal = govProposalKey(ctx, num(d, "proposal"));
      const p = ctx.ledger.view(proposal, decodeProposal);
      const byKey = actors.map((a) => ctx.wallet(a)).find((w) => p && w.kp.publicKey.equals(p.proposer));
      const to = d.to === "proposer" ? (byKey ?? ctx.keys.stranger) : ctx.wallet(String(d.to));
      const caller = d.by === "g" ? ctx.keys.guardian : d.by === "x" ? ctx.keys.stranger.kp : ctx.wallet(String(d.by)).kp;
      const ix = refundDepositInstruction({ proposal, proposer: p?.proposer ?? to.kp.publicKey, proposerIo: to.token[Currency.Io] });
      return { instructions: [ix], signers: [caller] };
    },
  },
  // The hand-over without a vote: now and then the admin proposes the executor as io_jobs'
  // admin (or a stranger tries to), and anyone sends io_governance's accept_admin for one of the
  // five programs or an unknown one: only a target whose pending admin is the executor accepts.
  gov_accept_admin: {
    weight: 2,
    covers: ["io_governance.accept_admin"],
    gen: (_ctx, rng) => ({ op: "gov_accept_admin", propose: rng.int(4), target: rng.int(6), by: rng.pick(["x", "g", "s0"]) }),
    build: (ctx, d) => {
      const ixs: TransactionInstruction[] = [];
      const propose = num(d, "propose");
      const signers: (typeof ctx.keys.admin)[] = [];
      if (propose === 0) {
        ixs.push(proposeJobsAdminInstruction({ admin: ctx.keys.admin.publicKey, newAdmin: executorKey()[0] }));
        signers.push(ctx.keys.admin);
      } else if (propose === 1) {
        ixs.push(proposeJobsAdminInstruction({ admin: ctx.keys.stranger.kp.publicKey, newAdmin: executorKey()[0] }));
        signers.push(ctx.keys.stranger.kp);
      }
      const caller = d.by === "g" ? ctx.keys.guardian : d.by === "x" ? ctx.keys.stranger.kp : ctx.wallet(String(d.by)).kp;
      const target = num(d, "target");
      const ix = acceptGovernanceAdminInstruction({ target: Math.min(target, 4) });
      if (target === 5) ix.data[8] = 5;
      ixs.push(ix);
      return { instructions: ixs, signers: [caller, ...signers] };
    },
  },
};

/**
 * An admin call (action 6) of `target` (8 unknown). Its key (`keyPick` 0..4): 0-2 the kind the
 * call takes (a user's IO account for a release or a rewards vault, a participant, a job of the
 * episode, none, a stranger's key for the IOSD spender), 3 io_token's community vault, 4 none:
 * mismatches are refused at proposal time. Its value the drawn one scaled per call (a release in
 * IO, a verdict 0..2, hours), out-of-bound values included.
 */
function fuzzCall(ctx: Ctx, target: number, keyPick: number, value: number): ActionSpec {
  const job = ctx.jobs[value % Math.max(1, ctx.jobs.length)]?.key ?? ctx.jobKey(0, 0);
  const right = [
    ctx.keys.users[1].token[Currency.Io],
    ctx.keys.users[2].token[Currency.Io],
    ctx.participants()[value % ctx.participants().length],
    job,
    undefined,
    ctx.keys.users[3].token[Currency.Io],
    undefined,
    ctx.keys.stranger.kp.publicKey,
    ctx.keys.users[1].token[Currency.Io],
  ][target];
  const key = keyPick < 3 ? right : keyPick === 3 ? vaultKey(4)[0] : undefined;
  const scaled = target <= 1 ? new BN(value % 50).mul(IO) : target === 2 ? new BN(value % 3) : target === 3 ? new BN(value % 12) : new BN(value % 7 === 0 ? 1 : 0);
  return { action: GovAction.AdminCall, target, value: scaled, key };
}

/** Mostly the latest proposal, else any (or the next, not made yet). */
function recentProposal(ctx: Ctx, rng: Rng): number {
  const count = govCount(ctx);
  return rng.chance(0.7) ? Math.max(0, count - 1) : rng.int(count + 1);
}

/** Proposals made so far in the episode (io_governance's count). */
function govCount(ctx: Ctx): number {
  const c = ctx.ledger.view(ctx.pda("gov config", () => governanceConfigKey()[0]), decodeGovernanceConfig);
  return c ? c.proposalCount.toNumber() : 0;
}

function govProposalKey(ctx: Ctx, index: number): PublicKey {
  return ctx.pda(`proposal:${index}`, () => proposalKey(index)[0]);
}

const U64_MAX = new BN("18446744073709551615");

/** What open_job would take now at the node's terms (the SDK's quote), or null when it cannot be quoted. */
function quoteNow(ctx: Ctx, node: PublicKey, currency: Currency, hours: number): BN | null {
  const n = ctx.ledger.view(node, decodeNode);
  const config = ctx.ledger.view(ctx.tracked.jobsConfig, decodeJobsConfig);
  const feed = ctx.ledger.view(ctx.tracked.priceFeed, decodePriceFeed);
  if (!n || !config || hours <= 0) return null;
  try {
    return quoteJob({ currency, pricePerHour: n.pricePerHour, hours, config, price: feed ?? undefined }).total;
  } catch {
    return null;
  }
}

const TOKEN_2022 = new PublicKey("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");
const AIRDROP_AMOUNT = IO.muln(100);

/** The airdrop every episode uses: 100 IO to each user. */
function airdropTree(ctx: Ctx): AirdropTree {
  return buildAirdropTree(ctx.keys.users.map((u) => ({ wallet: u.kp.publicKey, amount: AIRDROP_AMOUNT })));
}

function meta(pubkey: PublicKey, isWritable: boolean, isSigner = false) {
  return { pubkey, isWritable, isSigner };
}

/** An io_token instruction the SDK has no builder for (hold_iosd and release_iosd are io_jobs' CPIs). */
function ioTokenIx(name: string, keys: ReturnType<typeof meta>[], args: object): TransactionInstruction {
  return new TransactionInstruction({ programId: IO_TOKEN_PROGRAM_ID, keys, data: ioTokenCoder.instruction.encode(name, args) });
}

/** Admin-only instructions of every program, for `hostile_admin`. */
const HOSTILE: ((ctx: Ctx, who: PublicKey) => TransactionInstruction)[] = [
  (_ctx, who) => initializeInstruction({ payer: who, name: "IO", symbol: "IO", uri: "https://io.net" }),
  (_ctx, who) => proposeAdminInstruction({ admin: who, newAdmin: who }),
  (_ctx, who) => acceptAdminInstruction({ newAdmin: who }),
  (ctx, who) => initEmissionsInstruction({ admin: who, rewardsVault: ctx.tracked.rewardsVault }),
  (ctx, who) => addBeneficiaryInstruction({ admin: who, bucket: 0, beneficiary: ctx.keys.stranger.kp.publicKey, amount: IO }),
  (_ctx, who) => lockGenesisInstruction({ admin: who }),
  (_ctx, who) => initIosdInstruction({ admin: who, name: "IOSD", symbol: "IOSD", uri: "https://io.net", confMultiple: 2, maxPriceAge: 600, rateLimit: USD, rateWindow: 60 }),
  (_ctx, who) => initializeOracleInstruction({ payer: who, ...DEFAULT_PRICE_PARAMS }),
  (_ctx, who) => proposeOracleAdminInstruction({ admin: who, newAdmin: who }),
  (_ctx, who) => acceptOracleAdminInstruction({ newAdmin: who }),
  (ctx, who) => initializeJobsInstruction({ payer: who, usdcMint: ctx.keys.usdcMint, ...DEFAULT_JOBS_PARAMS }),
  (_ctx, who) => proposeJobsAdminInstruction({ admin: who, newAdmin: who }),
  (_ctx, who) => acceptJobsAdminInstruction({ newAdmin: who }),
  (_ctx, who) => initializeStakingInstruction({ payer: who, ...DEFAULT_STAKING_PARAMS }),
  (_ctx, who) => proposeStakingAdminInstruction({ admin: who, newAdmin: who }),
  (_ctx, who) => acceptStakingAdminInstruction({ newAdmin: who }),
  (ctx, who) => initializeBuybackInstruction({ payer: who, usdcMint: ctx.keys.usdcMint, ...FUZZ_BUYBACK_PARAMS }),
  (_ctx, who) => proposeBuybackAdminInstruction({ admin: who, newAdmin: who }),
  (_ctx, who) => acceptBuybackAdminInstruction({ newAdmin: who }),
  (_ctx, who) => initializeGovernanceInstruction({ payer: who, guardian: who, ...FUZZ_GOV_PARAMS }),
];

/** The keypair of a participant's authority among the world's actors. */
function authorityKeypair(ctx: Ctx, authority: PublicKey) {
  for (const a of actors) {
    const w = ctx.wallet(a);
    if (w.kp.publicKey.equals(authority)) return w.kp;
  }
  return ctx.keys.stranger.kp;
}
