/**
 * The books the fuzzer checks after every step, read from the chain through the ledger. Each
 * invariant has a name (in reports and in the closing note) and returns what is wrong, if anything.
 */
import { PublicKey, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import { createHash } from "crypto";
import {
  ADMIN_CALLS,
  BPF_LOADER_UPGRADEABLE_ID,
  decodeBuffer,
  decodeBuybackConfig,
  proveBuybackReservesInstruction,
  airdropKey,
  airdropVaultKey,
  decodeAirdrop,
  IO_TOKEN_PROGRAM_ID,
  proveReservesInstruction,
  proveStakingReservesInstruction,
  cumulativeEmission,
  Currency,
  decodeEmissionState,
  decodeEpoch,
  decodeIosdState,
  decodeJob,
  decodeJobsConfig,
  decodeNode,
  decodeUserProfile,
  ParticipantKind,
  userProfileKey,
  discountedFeeBps,
  priorityTierOf,
  reputationScore,
  decodeOracleConfig,
  decodePosition,
  decodePriceFeed,
  decodeStakingConfig,
  decodeVestingGrant,
  decodeGovernanceConfig,
  decodeProposal,
  decodeTokenConfig,
  ADMIN_TARGETS,
  executorKey,
  governanceConfigKey,
  depositVaultKey,
  proposalKey,
  IosdState,
  proveJobsReservesInstruction,
  GovAction,
  govParam,
  JOB_PARAMS,
  MAX_ACTIONS,
  proposalActions,
} from "../../sdk/src";
import { big, Ctx } from "./context";
import { idOf } from "./ledger";
import { honestConduct, HONEST_ORACLES, ownBuffer, possibleStakers } from "./world";

export interface Violation {
  invariant: string;
  detail: string;
}

/** The invariants and what each one means, for the report. */
export const INVARIANTS: Record<string, string> = {
  "failed-tx-changes-nothing": "a failed transaction leaves every account it named as it was (the fee payer's lamports aside)",
  "no-debit-without-signature": "a wallet's token account never loses tokens in a transaction its owner did not sign",
  "supply-equals-balances": "per mint (IO, IOSD, USDC), the balances of all token accounts add up to the supply",
  "io-cap": "IO's supply never exceeds 800,000,000 IO",
  "emission-follows-schedule": "io_token's minted emission equals the schedule at its last cranked hour",
  "io-supply-changes-explained": "IO's supply moves only by emissions and re-mints (up), IOSD burns, io_jobs' IO fee burns, io_buyback's burns and slashes (down)",
  "jobs-escrow-equals-obligations": "each io_jobs escrow (USDC, IO) holds exactly its open jobs' payments and fees plus the nodes' unclaimed earnings plus the referrers' unclaimed income, besides what was donated to it (what a twisted transaction with no io_jobs or io_governance instruction paid there)",
  "iosd-held-equals-obligations": "IOSD held for io_jobs equals its open IOSD jobs' payments plus the nodes' and referrers' unclaimed IOSD",
  "jobs-fee-vaults-equal-fees": "each fee vault holds exactly the fees and token shares io_jobs recorded and has not swept (IOSD: retired), besides what was donated to it (what a twisted transaction with no io_jobs or io_governance instruction paid there)",
  "iosd-conservation": "IOSD supply + held + retired = IOSD ever minted",
  "slashable-stake-stays": "while a slash is pending, contested or upheld, the operator's own stake (active and cooling) leaves only by the slash",
  "stake-vault-equals-positions": "the stake vault holds exactly every position's active, pending and cooling stake",
  "participant-stake-matches-positions": "a participant's own stake and delegated stake equal its positions' active stake",
  "delegations-at-least-minimum": "a position staked to another participant holds 0 or at least 1 IO, active and active plus pending (so delegated stake is 0 or at least 1 IO)",
  "staking-books": "emitted = paid + liabilities + carried",
  "staking-liabilities-itemised": "liabilities = unsettled epoch remainders + participants' claimable + stakers owed + positions' rewards",
  "rewards-vault-covers": "the rewards vault holds at least liabilities + carried",
  "genesis-vaults-cover-grants": "each vesting bucket's vault holds at least its grants' unclaimed amounts",
  "reserves-proven": "io_token's, io_staking's, io_jobs' and io_buyback's prove_reserves succeed (no vault short) with the obligations computed here: grants and airdrops unclaimed, IOSD supply + held, positions' stake, liabilities + carried; io_buyback's vaults: the live lot or what io_jobs swept in less what was sold, what it swept to incentives less what was spent",
  "usage-within-honest-votes": "a job's accepted usage never exceeds what an honest oracle attested (unless the admin resolved it)",
  "price-within-band-of-honest": "an accepted IO/USD price is within the agreement band of an honest oracle's submission",
  "jobs-books-equal-obligations": "io_jobs' own counters (escrowed, earned per currency) equal the open jobs' payments and fees and the nodes' unclaimed earnings",
  "jobs-sweeps-conserve": "USDC swept = to_buyback + to_incentives with to_buyback at least the token shares swept, IO swept = IO burned, and io_buyback's two vaults hold, with what io_buyback sold and spent, at least what was swept to them",
  "buyback-vault-covers-lot": "io_buyback's USDC vault holds at least what is left of the live lot",
  "buyback-usdc-conserved": "USDC into io_buyback's vault (io_jobs' to_buyback, and USDC minted there) = USDC held + USDC paid to buyers (usdc_sold), to the base unit",
  "incentives-usdc-conserved": "USDC into the incentives vault (io_jobs' to_incentives, and USDC minted there) = USDC held + USDC spent, to the base unit",
  "every-unit-returns": "from the episode's end state, honest actions return every escrowed and staked unit to its owner",
  "voting-total-equals-positions": "io_staking's voting total equals every position's active plus pending stake, and no position's power base exceeds its stake",
  "votes-within-eligible": "no proposal's yes + no + abstain exceeds the stake eligible at its snapshot (no stake votes twice)",
  "end-within-lock-end": "no proposal's voting end (late-quorum and late-swing extensions included) passes its lock end, which its voters' positions are locked until",
  "proposal-actions-within-bounds": "every proposal holds 1 to 4 actions, no two changing the same thing (two admin calls of one target only with different keys), each parameter within its program's declared bounds and each admin call within its call's bounds with a key exactly where it takes one; io_jobs' and io_token's governed parameters stay within them whatever was executed",
  "guardian-named-by-governance": "io_governance's guardian is the one it was initialised with or a key an executed proposal's guardian action (target 1) named, and a proposal replacing it carries guardian actions only (spends are covered by incentives-usdc-conserved, proposed admins by admins-admin-or-executor)",
  "upgrade-buffer-one-proposal": "every upgrade buffer a proposal names and has not reclaimed nor executed is held by the executor and named by no other such proposal; a reclaimed one is closed; every staker's own buffer is held by that staker, or by the executor for exactly one such proposal of that staker, or closed by its reclaim (nobody else can put another's buffer to a vote or take its rent)",
  "deposit-vault-equals-unrefunded": "io_governance's deposit vault holds exactly the deposits of the proposals not yet refunded, besides what was donated to it (what a twisted transaction with no io_governance instruction paid there), and a proposal is refunded at most once",
  "referral-books": "per currency, referral income credited = owed + claimed to the base unit, io_jobs' referral_owed equals its referrers' profiles, and the escrows (IOSD: held) hold it beside open jobs and earnings",
  "referrals-acyclic": "a profile's referrer is never itself and joined no later than it (so no cycle), and no referrer's income exceeds the highest cap ever in force",
  "node-referral-terms": "every node's owner joined no later than the node's registration, and the node keeps its owner's referrer and referral end with a share the config had (none when the owner has no referrer or registered after the end); every live job of a node keeps the node's referrer and its share cut to the share in force at opening when it opened before the node's referral end with a share above 0, and none otherwise",
  "jobs-after-joining": "every live job's user joined no later than the job opened, and the job's referrer is its user's (none when it pays no share)",
  "conduct-penalty-honest": "every profile's attested conduct penalty is 0 (none agreed yet) or within the band its honest oracles vote, whatever the two colluders (fewer than the quorum of 3) vote and when, and once agreed never returns to none",
  "reputation-monotone": "every profile's reputation counters (jobs settled, hours served, USD paid, USD of network fees paid, disputes lost, jobs abandoned) only rise, none moves before a job settles, and a score never exceeds the fees paid",
  "discount-fixed-within-table": "every live job's discount is at most 5,000 bps and at most the most the discount table ever granted, and its network fee is a fee the config had, less exactly that discount (rounded down): the discount never moves after open_job",
  "priority-tier-from-active-stake": "io_staking's priority thresholds are always a valid table (each at most 800,000,000 IO, those in use first and rising strictly), and every participant's tier as the SDK reads it from its one account is the highest threshold met by its positions' active stake alone (own and delegated; pending and cooling stake never count)",
  "usage-synced-within-paid": "every user participant's synced usage (points_synced) is at most its io_jobs profile's paid_usd, and io_staking's open_usage is the sum of the user participants' usage registered in the open epoch (a node's points never count there)",
  "usage-not-synced-while-off": "while usage rewards are off (usage_bps or max_usage_rate 0), no user participant's synced usage (points_synced) moves: usage synced then would earn nothing (review 18u, finding 2)",
  "admins-admin-or-executor": "every program's admin is the original admin key or io_governance's executor (after a hand-over the admin proposed), never a third key",
};

const IO_CAP = 800_000_000n * 100_000_000n;
/** io_staking's MIN_DELEGATION: 1 IO. */
const MIN_DELEGATION = 100_000_000n;
const GENESIS = 500_000_000n * 100_000_000n;

/** Per mint (in the order given), the sum of the tracked token accounts' balances. */
function balances(ctx: Ctx, mints: Buffer[]): bigint[] {
  const totals = mints.map(() => 0n);
  for (const key of ctx.tracked.tokenAccounts) {
    const info = ctx.ledger.tokenBalance(key);
    if (!info) continue;
    const i = mints.findIndex((m) => m.equals(info.mint));
    if (i >= 0) totals[i] += info.amount;
  }
  return totals;
}

const scheduleCache = new Map<string, bigint>();
function schedule(hour: bigint): bigint {
  const id = hour.toString();
  let v = scheduleCache.get(id);
  if (v === undefined) {
    v = big(cumulativeEmission(hour));
    scheduleCache.set(id, v);
  }
  return v;
}

/** IO's total ever minted less its supply: what has been burned. */
export function ioBurned(ctx: Ctx): bigint {
  const e = ctx.ledger.view(ctx.tracked.emission, decodeEmissionState);
  if (!e) return 0n;
  return GENESIS + big(e.minted) + big(e.reminted) - ctx.ledger.supply(ctx.tracked.ioMint);
}

export function iosdState(ctx: Ctx): IosdState | null {
  return ctx.ledger.view(ctx.tracked.iosdState, decodeIosdState);
}

/** Each ADMIN_TARGETS program's admin, read from its config (one function each: the ledger caches views by decoder). */
const ADMIN_OF: ((info: Parameters<typeof decodeTokenConfig>[0]) => PublicKey)[] = [
  (i) => decodeTokenConfig(i).admin,
  (i) => decodeOracleConfig(i).admin,
  (i) => decodeJobsConfig(i).admin,
  (i) => decodeStakingConfig(i).admin,
  (i) => decodeBuybackConfig(i).admin,
];

/** Every invariant that reads only the current state. */
export function checkBooks(ctx: Ctx): Violation[] {
  const out: Violation[] = [];
  const fail = (invariant: string, detail: string) => out.push({ invariant, detail });
  const { ledger, tracked } = ctx;

  // Supplies.
  const mints = [tracked.ioMint, tracked.iosdMint, tracked.usdcMint];
  const totals = balances(ctx, mints.map((m) => m.toBuffer()));
  mints.forEach((mint, i) => {
    const supply = ledger.supply(mint);
    if (supply !== totals[i]) fail("supply-equals-balances", `${mint.toBase58()}: supply ${supply}, balances ${totals[i]}`);
  });
  const ioSupply = ledger.supply(tracked.ioMint);
  if (ioSupply > IO_CAP) fail("io-cap", `supply ${ioSupply}`);
  const emission = ledger.view(tracked.emission, decodeEmissionState);
  if (emission) {
    const expected = schedule(big(emission.lastHour));
    if (big(emission.minted) !== expected) fail("emission-follows-schedule", `minted ${emission.minted} at hour ${emission.lastHour}, schedule ${expected}`);
  }

  // io_jobs.
  const config = ledger.view(tracked.jobsConfig, decodeJobsConfig);
  const iosd = iosdState(ctx);
  const open = [0n, 0n, 0n];
  for (const job of ctx.jobs) {
    const s = ledger.view(job.key, decodeJob);
    if (!s) continue;
    open[s.currency] += big(s.payment) + big(s.facilitationFee);
    if (!job.adminResolved && s.attestedHours > job.maxHonest) {
      fail("usage-within-honest-votes", `job ${job.key.toBase58()} accepted ${s.attestedHours} h, honest at most ${job.maxHonest} h`);
    }
  }
  const earnings = [0n, 0n, 0n];
  for (const n of ctx.nodes()) {
    const node = ledger.view(n.node, decodeNode);
    if (!node) continue;
    for (let c = 0; c < 3; c++) earnings[c] += big(node.earnings[c]);
  }
  // Referral income (issue 18): kept in escrow for the referrers until claimed.
  const refOwed = [0n, 0n, 0n];
  const claimedRef = [0n, 0n, 0n];
  const profiles = new Map<string, ReturnType<typeof decodeUserProfile>>();
  for (const p of tracked.profiles) {
    const profile = ledger.view(p.key, decodeUserProfile);
    if (!profile) continue;
    profiles.set(p.user.toBase58(), profile);
    for (let c = 0; c < 3; c++) {
      refOwed[c] += big(profile.referralOwed[c]);
      claimedRef[c] += big(profile.referralClaimed[c]);
    }
  }
  if (config) ctx.referralCapMax = ctx.referralCapMax > big(config.referralCapUsd) ? ctx.referralCapMax : big(config.referralCapUsd);
  const none = PublicKey.default.toBase58();
  for (const [user, profile] of profiles) {
    const referrer = profile.referrer.toBase58();
    if (referrer !== none) {
      const theirs = profiles.get(referrer);
      if (referrer === user) fail("referrals-acyclic", `${user} refers itself`);
      // Referrers outside the tracked actors cannot join in the fuzzer's world (only they sign).
      else if (!theirs) fail("referrals-acyclic", `${user}'s referrer ${referrer} has no profile`);
      else if (theirs.joinedAt.gt(profile.joinedAt)) fail("referrals-acyclic", `${user} joined at ${profile.joinedAt} before its referrer ${referrer} (${theirs.joinedAt})`);
    }
    if (big(profile.referralUsd) > ctx.referralCapMax) fail("referrals-acyclic", `${user} credited $${profile.referralUsd} over every cap in force (${ctx.referralCapMax})`);
  }
  // Supplier referrals (issue 18): a node keeps the referral its owner's profile and the terms in
  // force at its registration gave; a job keeps its node's when it opened inside the period.
  if (config) ctx.referralShares.add(config.referralBps);
  const nodeTerms = new Map<string, ReturnType<typeof decodeNode>>();
  for (const n of ctx.nodes()) {
    const node = ledger.view(n.node, decodeNode);
    if (!node) continue;
    nodeTerms.set(n.node.toBase58(), node);
    const owner = profiles.get(node.owner.toBase58());
    const at = node.registeredAt;
    const where = `node ${n.node.toBase58()} (registered ${at})`;
    if (!owner || owner.joinedAt.gt(at)) {
      fail("node-referral-terms", `${where}: its owner joined ${owner ? owner.joinedAt.toString() : "never"}`);
    } else if (node.referralBps > 0) {
      const same = node.referrer.equals(owner.referrer) && node.referralUntil.eq(owner.referralUntil);
      if (!same || owner.referrer.equals(PublicKey.default) || !at.lt(owner.referralUntil) || !ctx.referralShares.has(node.referralBps)) {
        fail("node-referral-terms", `${where}: keeps ${node.referrer.toBase58()} until ${node.referralUntil} at ${node.referralBps} bps; owner's ${owner.referrer.toBase58()} until ${owner.referralUntil}; shares seen ${[...ctx.referralShares].join(",")}`);
      }
    } else {
      const due = !owner.referrer.equals(PublicKey.default) && at.lt(owner.referralUntil);
      if (!node.referrer.equals(PublicKey.default) || !node.referralUntil.isZero() || (due && !ctx.referralShares.has(0))) {
        fail("node-referral-terms", `${where}: no share but referrer ${node.referrer.toBase58()} until ${node.referralUntil} (owner's period ${due ? "running" : "over"}, shares seen ${[...ctx.referralShares].join(",")})`);
      }
    }
  }
  for (const job of ctx.jobs) {
    const s = ledger.view(job.key, decodeJob);
    const node = s && nodeTerms.get(s.node.toBase58());
    if (!s || !node) continue;
    // The share is the node's cut to the share in force at opening (review 18, finding S1).
    const seenAt = `${job.key.toBase58()}@${s.openedAt.toString()}`;
    if (!ctx.referralShareAtOpen.has(seenAt) && config) ctx.referralShareAtOpen.set(seenAt, config.referralBps);
    const inForce = ctx.referralShareAtOpen.get(seenAt);
    if (inForce === undefined) continue;
    const share = Math.min(node.referralBps, inForce);
    const due = share > 0 && s.openedAt.lt(node.referralUntil);
    const ok = due ? s.nodeReferrer.equals(node.referrer) && s.nodeReferralBps === share : s.nodeReferrer.equals(PublicKey.default) && s.nodeReferralBps === 0;
    if (!ok) fail("node-referral-terms", `job ${job.key.toBase58()} keeps ${s.nodeReferrer.toBase58()} at ${s.nodeReferralBps} bps; its node ${node.referrer.toBase58()} at ${node.referralBps} bps until ${node.referralUntil}, ${inForce} bps in force, opened ${s.openedAt}`);
  }
  // Demand-side reputation (issue 18, slice 2).
  if (config) {
    ctx.networkFees.add(config.networkFeeBps);
    for (const b of config.discountBps) ctx.discountMax = Math.max(ctx.discountMax, b);
  }
  for (const p of tracked.profiles) {
    const profile = ledger.view(p.key, decodeUserProfile);
    if (!profile) continue;
    const now = [big(profile.jobsSettled), big(profile.hoursPaid), big(profile.paidUsd), big(profile.feesUsd), big(profile.disputesLost), big(profile.abandoned)];
    const seen = ctx.reputationSeen.get(p.key.toBase58());
    if (seen && now.some((v, i) => v < seen[i])) fail("reputation-monotone", `${p.user.toBase58()}: counters ${now.join(",")} fell from ${seen.join(",")}`);
    if (big(profile.jobsSettled) === 0n && now.slice(1).some((v) => v > 0n)) fail("reputation-monotone", `${p.user.toBase58()}: history without a settled job`);
    if (config && reputationScore(profile, config.strikeUsd).gt(profile.feesUsd)) fail("reputation-monotone", `${p.user.toBase58()}: score above fees paid`);
    ctx.reputationSeen.set(p.key.toBase58(), now);
    const [lo, hi] = honestConduct(p.user);
    const penalty = profile.conductPenaltyBps;
    if (penalty !== 0 && (penalty < lo || penalty > hi)) fail("conduct-penalty-honest", `${p.user.toBase58()}: penalty ${penalty} outside the honest band ${lo}..${hi}`);
    if (penalty === 0 && ctx.conductAgreed.has(p.key.toBase58())) fail("conduct-penalty-honest", `${p.user.toBase58()}: an agreed penalty went back to none`);
    if (penalty !== 0) ctx.conductAgreed.add(p.key.toBase58());
  }
  for (const job of ctx.jobs) {
    const s = ledger.view(job.key, decodeJob);
    if (!s) continue;
    if (s.discountBps > 5_000 || s.discountBps > ctx.discountMax || ![...ctx.networkFees].some((f) => discountedFeeBps(f, s.discountBps) === s.networkFeeBps)) {
      fail("discount-fixed-within-table", `job ${job.key.toBase58()}: ${s.discountBps} bps off (table at most ${ctx.discountMax}), network fee ${s.networkFeeBps} (fees seen ${[...ctx.networkFees].join(",")})`);
    }
  }
  for (const job of ctx.jobs) {
    const s = ledger.view(job.key, decodeJob);
    if (!s) continue;
    const profile = profiles.get(s.user.toBase58());
    if (!profile || profile.joinedAt.gt(s.openedAt)) {
      fail("jobs-after-joining", `job ${job.key.toBase58()} opened at ${s.openedAt}, its user joined ${profile ? profile.joinedAt.toString() : "never"}`);
    } else if (s.referralBps > 0 ? !s.referrer.equals(profile.referrer) : !s.referrer.equals(PublicKey.default)) {
      fail("jobs-after-joining", `job ${job.key.toBase58()} pays ${s.referrer.toBase58()} (${s.referralBps} bps), its user's referrer is ${profile.referrer.toBase58()}`);
    }
  }
  if (config) {
    for (let c = 0; c < 3; c++) {
      if (big(config.referralOwed[c]) !== refOwed[c] || big(config.referralCredited[c]) !== refOwed[c] + claimedRef[c]) {
        fail("referral-books", `currency ${c}: refOwed ${config.referralOwed[c]} (profiles ${refOwed[c]}), credited ${config.referralCredited[c]} (refOwed + claimed ${refOwed[c] + claimedRef[c]})`);
      }
    }
  }
  for (const c of [Currency.Usdc, Currency.Io] as const) {
    const escrow = ledger.tokenAmount(tracked.escrow[c]) - ctx.donation(tracked.escrow[c]);
    if (escrow !== open[c] + earnings[c] + refOwed[c]) fail("jobs-escrow-equals-obligations", `currency ${c}: escrow ${escrow}, open jobs ${open[c]} + earnings ${earnings[c]} + referral income ${refOwed[c]}`);
    if (config) {
      const feeVault = ledger.tokenAmount(tracked.feeVault[c]) - ctx.donation(tracked.feeVault[c]);
      const recorded = big(config.fees[c]) + big(config.buyback[c]) - big(config.sweptFees[c]) - big(config.sweptBuyback[c]);
      if (feeVault !== recorded) fail("jobs-fee-vaults-equal-fees", `currency ${c}: vault ${feeVault}, recorded and unswept ${recorded}`);
    }
  }
  if (config) {
    for (const c of [Currency.Usdc, Currency.Io, Currency.Iosd] as const) {
      if (big(config.escrowed[c]) !== open[c] || big(config.earned[c]) !== earnings[c]) {
        fail("jobs-books-equal-obligations", `currency ${c}: escrowed ${config.escrowed[c]} (open jobs ${open[c]}), earned ${config.earned[c]} (nodes ${earnings[c]})`);
      }
    }
    const usdcSwept = big(config.sweptFees[Currency.Usdc]) + big(config.sweptBuyback[Currency.Usdc]);
    const routed = big(config.toBuyback) + big(config.toIncentives);
    if (routed !== usdcSwept) fail("jobs-sweeps-conserve", `USDC swept ${usdcSwept}, routed ${routed}`);
    if (big(config.toBuyback) < big(config.sweptBuyback[Currency.Usdc])) fail("jobs-sweeps-conserve", `to_buyback ${config.toBuyback} < token shares swept ${config.sweptBuyback[Currency.Usdc]}`);
    const ioSwept = big(config.sweptFees[Currency.Io]) + big(config.sweptBuyback[Currency.Io]);
    if (big(config.ioBurned) !== ioSwept) fail("jobs-sweeps-conserve", `IO swept ${ioSwept}, burned ${config.ioBurned}`);
    // What io_buyback sold and spent left its vaults: held + sold (spent) covers what was swept there.
    const [buybackVault, incentivesVault] = tracked.buybackVaults.map((k) => ledger.tokenAmount(k));
    const bbBooks = ledger.view(tracked.buybackConfig, decodeBuybackConfig);
    const sold = bbBooks ? big(bbBooks.usdcSold) : 0n;
    const spent = bbBooks ? big(bbBooks.incentivesSpent) : 0n;
    if (buybackVault + sold < big(config.toBuyback) || incentivesVault + spent < big(config.toIncentives)) {
      fail(
        "jobs-sweeps-conserve",
        `buyback vault ${buybackVault} + sold ${sold} (swept ${config.toBuyback}), incentives vault ${incentivesVault} + spent ${spent} (swept ${config.toIncentives})`,
      );
    }
  }
  if (iosd) {
    const held = big(iosd.held);
    if (held !== open[Currency.Iosd] + earnings[Currency.Iosd] + refOwed[Currency.Iosd]) {
      fail("iosd-held-equals-obligations", `held ${held}, open jobs ${open[Currency.Iosd]} + earnings ${earnings[Currency.Iosd]} + referral income ${refOwed[Currency.Iosd]}`);
    }
    if (config && big(iosd.retired) !== big(config.fees[Currency.Iosd]) + big(config.buyback[Currency.Iosd])) {
      fail("jobs-fee-vaults-equal-fees", `IOSD retired ${iosd.retired}, recorded ${config.fees[Currency.Iosd]} + ${config.buyback[Currency.Iosd]}`);
    }
    const supply = ledger.supply(tracked.iosdMint);
    if (supply + held + big(iosd.retired) !== big(iosd.iosdMinted)) {
      fail("iosd-conservation", `supply ${supply} + held ${held} + retired ${iosd.retired} != minted ${iosd.iosdMinted}`);
    }
  }

  // io_staking.
  const sc = ledger.view(tracked.stakingConfig, decodeStakingConfig);
  let positionsStake = 0n;
  let positionRewards = 0n;
  let votingStake = 0n;
  const perParticipant = new Map<string, { own: bigint; delegated: bigint }>();
  for (const key of ctx.positions()) {
    const pos = ctx.ledger.view(key, decodePosition);
    if (!pos) continue;
    positionsStake += big(pos.active) + big(pos.pending) + big(pos.cooling);
    votingStake += big(pos.active) + big(pos.pending);
    if (big(pos.powerBase) > big(pos.active) + big(pos.pending)) {
      fail("voting-total-equals-positions", `${key.toBase58()}: power base ${pos.powerBase} above its stake ${pos.active} + ${pos.pending}`);
    }
    positionRewards += big(pos.rewards);
    const id = idOf(pos.participant);
    const entry = perParticipant.get(id) ?? { own: 0n, delegated: 0n };
    const p = ctx.participant(pos.participant);
    if (p && p.authority.equals(pos.staker)) entry.own += big(pos.active);
    else {
      entry.delegated += big(pos.active);
      const held = (stake: bigint) => stake === 0n || stake >= MIN_DELEGATION;
      if (!held(big(pos.active)) || !held(big(pos.active) + big(pos.pending))) {
        fail("delegations-at-least-minimum", `${key.toBase58()}: active ${pos.active}, pending ${pos.pending}`);
      }
    }
    perParticipant.set(id, entry);
  }
  for (const [id, e] of perParticipant) {
    if (e.delegated !== 0n && e.delegated < MIN_DELEGATION) fail("delegations-at-least-minimum", `participant ${id}: delegated ${e.delegated}`);
  }
  const stakeVault = ledger.tokenAmount(tracked.stakeVault);
  if (stakeVault !== positionsStake) fail("stake-vault-equals-positions", `vault ${stakeVault}, positions ${positionsStake}`);
  let claimable = 0n;
  let owed = 0n;
  for (const key of ctx.participants()) {
    const p = ctx.participant(key);
    if (!p) continue;
    claimable += big(p.claimable);
    owed += big(p.stakersOwed);
    const e = perParticipant.get(idOf(key)) ?? { own: 0n, delegated: 0n };
    if (big(p.ownStake) !== e.own || big(p.delegated) !== e.delegated) {
      fail("participant-stake-matches-positions", `${key.toBase58()}: own ${p.ownStake}/${e.own}, delegated ${p.delegated}/${e.delegated}`);
    }
    if (sc) {
      // The tier from the positions' active stake, computed here independently of the SDK's rule.
      const active = e.own + e.delegated;
      let expected = 0;
      sc.priorityIo.forEach((t, i) => {
        if (t !== 0 && active >= BigInt(t) * MIN_DELEGATION) expected = i + 1;
      });
      const read = priorityTierOf(p.key, p, sc).tier;
      if (read !== expected) fail("priority-tier-from-active-stake", `${key.toBase58()}: tier ${read} read, ${expected} from active stake ${active} (thresholds ${sc.priorityIo.join(",")})`);
    }
  }
  // Usage rewards for teams (issue 18, slice 4).
  if (sc) {
    let openUsage = 0n;
    for (const key of ctx.participants()) {
      const p = ctx.participant(key);
      if (!p || p.kind !== ParticipantKind.User) continue;
      const profile = ledger.view(ctx.pda(`profile:${p.key.toBase58()}`, () => userProfileKey(p.key)[0]), decodeUserProfile);
      const paid = profile ? big(profile.paidUsd) : 0n;
      if (big(p.pointsSynced) > paid) fail("usage-synced-within-paid", `${key.toBase58()}: synced ${p.pointsSynced} above paid_usd ${paid}`);
      if (p.regEpoch === sc.epoch) openUsage += big(p.regPoints);
    }
    if (big(sc.openUsage) !== openUsage) fail("usage-synced-within-paid", `open_usage ${sc.openUsage} != users' registered usage ${openUsage}`);
    // Since the previous check: set_usage_params and sync_usage are separate transactions, so a
    // config off now was off for any sync of this step.
    const off = sc.usageBps === 0 || big(sc.maxUsageRate) === 0n;
    const seen = lastSynced.get(ctx) ?? new Map<string, bigint>();
    lastSynced.set(ctx, seen);
    for (const key of ctx.participants()) {
      const p = ctx.participant(key);
      if (!p || p.kind !== ParticipantKind.User) continue;
      const id = key.toBase58();
      const before = seen.get(id);
      if (off && before !== undefined && before !== big(p.pointsSynced)) fail("usage-not-synced-while-off", `${id}: points_synced ${before} -> ${p.pointsSynced} with usage off`);
      seen.set(id, big(p.pointsSynced));
    }
  }
  if (sc) {
    const t = sc.priorityIo;
    const inUse = t.filter((x) => x !== 0);
    const valid = t.length === 3 && t.every((x) => x <= 800_000_000) && t.slice(0, inUse.length).every((x, i) => x !== 0 && (i === 0 || x > t[i - 1])) && t.slice(inUse.length).every((x) => x === 0);
    if (!valid) fail("priority-tier-from-active-stake", `thresholds ${t.join(",")} are not a valid table`);
  }
  if (sc && big(sc.votingTotal) !== votingStake) fail("voting-total-equals-positions", `voting total ${sc.votingTotal}, positions ${votingStake}`);
  // Governance: the votes on each proposal stay within what was eligible at its snapshot.
  const gov = ledger.view(ctx.pda("gov config", () => governanceConfigKey()[0]), decodeGovernanceConfig);
  const namedGuardians = new Set([ctx.keys.guardian.publicKey.toBase58()]);
  let unrefunded = 0n;
  // Upgrade buffers: each named buffer's live (unreclaimed, unexecuted) proposals and proposers.
  const bufferOf = (key: PublicKey) =>
    ledger.view(key, (info) => {
      if (!info.owner.equals(BPF_LOADER_UPGRADEABLE_ID)) throw new Error("not the loader's");
      return decodeBuffer(info.data);
    });
  const liveBuffers = new Map<string, { proposers: PublicKey[]; at: string[] }>();
  const reclaimedBuffers = new Set<string>();
  for (let i = 0; gov && i < gov.proposalCount.toNumber(); i++) {
    const p = ledger.view(ctx.pda(`proposal:${i}`, () => proposalKey(i)[0]), decodeProposal);
    if (p && p.depositRefunded === 0) unrefunded += big(p.deposit);
    if (p && p.depositRefunded > 1) fail("deposit-vault-equals-unrefunded", `proposal ${i}: refunded flag ${p.depositRefunded}`);
    if (p && big(p.yes) + big(p.no) + big(p.abstain) > big(p.eligible)) {
      fail("votes-within-eligible", `proposal ${i}: ${p.yes} + ${p.no} + ${p.abstain} > eligible ${p.eligible}`);
    }
    // Late-quorum and late-swing extensions never move the end past the lock end voters are locked until.
    if (p && big(p.end) > big(p.lockEnd)) fail("end-within-lock-end", `proposal ${i}: end ${p.end} > lock end ${p.lockEnd}`);
    if (!p) continue;
    const actions = proposalActions(p);
    if (p.state === 2) actions.filter((a) => a.action === GovAction.Guardian && a.target === 1).forEach((a) => namedGuardians.add(a.key.toBase58()));
    // A proposal replacing governance's guardian carries guardian actions only (it cannot be vetoed).
    if (actions.some((a) => a.action === GovAction.Guardian && a.target === 1) && actions.some((a) => a.action !== GovAction.Guardian)) {
      fail("guardian-named-by-governance", `proposal ${i} bundles a guardian replacement with other actions`);
    }
    if (p.actionCount < 1 || p.actionCount > MAX_ACTIONS) fail("proposal-actions-within-bounds", `proposal ${i}: ${p.actionCount} actions`);
    actions.forEach((a, k) => {
      if (a.action !== GovAction.Upgrade) {
        if ((p.buffersReclaimed | p.buffersHeld) & (1 << k)) fail("upgrade-buffer-one-proposal", `proposal ${i} action ${k}: buffer held or reclaimed, but not an upgrade`);
        return;
      }
      // Every upgrade's buffer was taken from the proposer at propose (a 0-lamport buffer, which
      // the runtime drops, is refused there), and only such a buffer is reclaimed.
      if (!(p.buffersHeld & (1 << k))) fail("upgrade-buffer-one-proposal", `proposal ${i} action ${k}: an upgrade whose buffer propose did not take`);
      const id = a.key.toBase58();
      if (p.buffersReclaimed & (1 << k)) {
        reclaimedBuffers.add(id);
        if (bufferOf(a.key)) fail("upgrade-buffer-one-proposal", `proposal ${i} action ${k}: buffer ${id} reclaimed but still open`);
      } else if (p.state !== 2) {
        const e = liveBuffers.get(id) ?? { proposers: [], at: [] };
        e.proposers.push(p.proposer);
        e.at.push(`proposal ${i} action ${k}`);
        liveBuffers.set(id, e);
      }
    });
    actions.forEach((a, k) => {
      const param = a.action === GovAction.Param ? govParam(a.target) : undefined;
      if (a.action === GovAction.Param && (!param || a.value.lt(param.min) || a.value.gt(param.max))) {
        fail("proposal-actions-within-bounds", `proposal ${i} action ${k}: parameter ${a.target} = ${a.value}`);
      }
      // An admin call (action 6) within its call's bounds, with a key exactly where it takes one.
      const call = a.action === GovAction.AdminCall ? ADMIN_CALLS[a.target] : undefined;
      if (a.action === GovAction.AdminCall && (!call || a.value.lt(call.min) || a.value.gt(call.max) || (call.key === undefined) !== a.key.equals(PublicKey.default))) {
        fail("proposal-actions-within-bounds", `proposal ${i} action ${k}: admin call ${a.target} value ${a.value} key ${a.key.toBase58()}`);
      }
      // Two calls of one target are the same thing only with the same key (two disputes differ).
      const same = (b: typeof a) => (a.action === GovAction.AdminCall ? b.target === a.target && b.key.equals(a.key) : b.target === a.target || a.action === GovAction.OracleSet);
      if (actions.slice(0, k).some((b) => b.action === a.action && same(b))) {
        fail("proposal-actions-within-bounds", `proposal ${i} action ${k} repeats an earlier one`);
      }
    });
  }
  for (const [id, e] of liveBuffers) {
    const b = bufferOf(new PublicKey(id));
    if (e.at.length > 1) fail("upgrade-buffer-one-proposal", `buffer ${id} named by ${e.at.join(", ")}`);
    if (!b || !b.authority?.equals(executorKey()[0])) fail("upgrade-buffer-one-proposal", `buffer ${id} of ${e.at[0]} is not held by the executor (${b?.authority?.toBase58() ?? "closed"})`);
  }
  for (const staker of possibleStakers(ctx.keys)) {
    const key = ownBuffer(staker.kp.publicKey);
    const b = bufferOf(key);
    const live = liveBuffers.get(key.toBase58());
    if (b?.authority?.equals(staker.kp.publicKey)) continue;
    if (b?.authority?.equals(executorKey()[0]) && live && live.proposers.every((x) => x.equals(staker.kp.publicKey))) continue;
    if (!b && reclaimedBuffers.has(key.toBase58())) continue;
    fail("upgrade-buffer-one-proposal", `${staker.kp.publicKey.toBase58()}'s buffer: authority ${b?.authority?.toBase58() ?? "closed"}, live proposals ${live?.at.join(", ") ?? "none"}`);
  }
  const depositVault = ctx.pda("deposit vault", () => depositVaultKey()[0]);
  const vault = ledger.tokenAmount(depositVault) - ctx.donation(depositVault);
  if (vault !== unrefunded) fail("deposit-vault-equals-unrefunded", `vault ${vault} (besides ${ctx.donation(depositVault)} donated), unrefunded deposits ${unrefunded}`);
  if (gov && !namedGuardians.has(gov.guardian.toBase58())) fail("guardian-named-by-governance", `guardian ${gov.guardian.toBase58()} named by no executed proposal`);
  const jobsConfig = ledger.view(tracked.jobsConfig, decodeJobsConfig);
  if (jobsConfig) {
    JOB_PARAMS.forEach((param) => {
      const v = (jobsConfig as unknown as Record<string, number>)[param.name];
      if (v < param.min.toNumber() || v > param.max.toNumber()) fail("proposal-actions-within-bounds", `io_jobs ${param.name} = ${v} outside ${param.min}..${param.max}`);
    });
  }
  // io_token's governed parameters (ids 88-92) stay within their bounds whatever was executed.
  const iosdNow = iosdState(ctx);
  if (iosdNow) {
    const inForce: [number, BN][] = [
      [89, new BN(iosdNow.confMultiple)],
      [90, new BN(iosdNow.maxPriceAge)],
      [91, iosdNow.rateLimit],
      [92, new BN(iosdNow.rateWindow)],
    ];
    for (const [id, v] of inForce) {
      const q = govParam(id)!;
      if (v.lt(q.min) || v.gt(q.max)) fail("proposal-actions-within-bounds", `io_token ${q.name} = ${v} outside ${q.min}..${q.max}`);
    }
  }
  // Admin roles: only the admin key or, handed over, the executor.
  ADMIN_TARGETS.forEach((t, i) => {
    const admin = ledger.view(ctx.pda(`admin config:${t.name}`, () => t.config), ADMIN_OF[i]);
    const c = admin ? { admin } : null;
    if (c && !c.admin.equals(ctx.keys.admin.publicKey) && !c.admin.equals(executorKey()[0])) fail("admins-admin-or-executor", `${t.name}: admin ${c.admin.toBase58()}`);
  });
  if (sc) {
    const emitted = big(sc.emitted);
    const paid = big(sc.paid);
    const liabilities = big(sc.liabilities);
    const carried = big(sc.carried);
    if (emitted !== paid + liabilities + carried) fail("staking-books", `emitted ${emitted} != paid ${paid} + liabilities ${liabilities} + carried ${carried}`);
    let remaining = 0n;
    for (const index of ctx.epochs) {
      const e = ledger.view(ctx.epochKey(index), decodeEpoch);
      if (e) remaining += big(e.remaining);
    }
    const itemised = remaining + claimable + owed + positionRewards;
    if (liabilities !== itemised) {
      fail("staking-liabilities-itemised", `liabilities ${liabilities} != epochs ${remaining} + claimable ${claimable} + owed ${owed} + rewards ${positionRewards}`);
    }
    const vault = ledger.tokenAmount(tracked.rewardsVault);
    if (vault < liabilities + carried) fail("rewards-vault-covers", `vault ${vault} < liabilities ${liabilities} + carried ${carried}`);
  }

  // io_buyback: vaults cover the lot; USDC conserved.
  const bb = ledger.view(tracked.buybackConfig, decodeBuybackConfig);
  if (bb) {
    const vault = ledger.tokenAmount(tracked.buybackVault);
    if (vault < big(bb.lotRemaining)) fail("buyback-vault-covers-lot", `vault ${vault} < lot remaining ${bb.lotRemaining}`);
    const swept = config ? { buyback: big(config.toBuyback), incentives: big(config.toIncentives) } : { buyback: 0n, incentives: 0n };
    const into = ctx.buybackIn + swept.buyback;
    if (vault + big(bb.usdcSold) !== into) fail("buyback-usdc-conserved", `vault ${vault} + sold ${bb.usdcSold} != in ${into} (swept ${swept.buyback})`);
    const incentives = ledger.tokenAmount(tracked.incentivesVault);
    const intoIncentives = ctx.incentivesIn + swept.incentives;
    if (incentives + big(bb.incentivesSpent) !== intoIncentives) {
      fail("incentives-usdc-conserved", `vault ${incentives} + spent ${bb.incentivesSpent} != in ${intoIncentives} (swept ${swept.incentives})`);
    }
  }

  // Genesis vaults cover their grants.
  const outstanding = new Map<number, bigint>();
  for (const g of tracked.grants) {
    const grant = ledger.view(g.key, decodeVestingGrant);
    if (grant) outstanding.set(g.bucket, (outstanding.get(g.bucket) ?? 0n) + big(grant.amount) - big(grant.claimed));
  }
  for (const [bucket, owedIo] of outstanding) {
    const vault = ledger.tokenAmount(tracked.genesisVaults[bucket]);
    if (vault < owedIo) fail("genesis-vaults-cover-grants", `bucket ${bucket}: vault ${vault} < grants ${owedIo}`);
  }

  // The programs' own proofs of reserves agree: none short, the same obligations.
  if (PROVE_EVERY_STEP) out.push(...checkReserves(ctx, { positionsStake, outstanding }));
  return out;
}

/** Whether checkBooks runs the proofs after every step (else the runner runs them once per episode). */
export const PROVE_EVERY_STEP = true;

/** prove_reserves instructions, built once (their PDAs cost ~0.5 ms each to derive in JS). */
const proofInstructions = new Map<string, TransactionInstruction>();
function proofInstruction(id: string, build: () => TransactionInstruction): TransactionInstruction {
  let ix = proofInstructions.get(id);
  if (!ix) {
    ix = build();
    proofInstructions.set(id, ix);
  }
  return ix;
}

/** The fuzzer's airdrops (ids 0 and 1) that exist now. */
export function liveAirdrops(ctx: Ctx): number[] {
  return [0, 1].filter((id) => ctx.ledger.get(ctx.pda(`airdrop:${id}`, () => airdropKey(id)[0]))?.owner.equals(IO_TOKEN_PROGRAM_ID));
}

/** io_token's prove_reserves naming the live airdrops, io_staking's, io_jobs' and io_buyback's. */
export function proofsNow(ctx: Ctx): { program: string; ix: TransactionInstruction }[] {
  const ids = liveAirdrops(ctx);
  return [
    { program: "io_token", ix: proofInstruction(`token:${ids.join(",")}`, () => proveReservesInstruction({ airdropIds: ids })) },
    { program: "io_staking", ix: proofInstruction("staking", () => proveStakingReservesInstruction()) },
    { program: "io_jobs", ix: proofInstruction("jobs", () => proveJobsReservesInstruction({ usdcMint: ctx.keys.usdcMint })) },
    { program: "io_buyback", ix: proofInstruction("buyback", () => proveBuybackReservesInstruction()) },
  ];
}

const RESERVES_PROVEN = createHash("sha256").update("event:ReservesProven").digest().subarray(0, 8);

/** The ReservesProven events of a transaction of one instruction without CPIs (every "Program
 * data" line is its own), read at their Borsh offsets: Anchor's EventParser costs more than the
 * simulation itself at this rate. */
function provenIn(logs: string[]): { vault: string; obligations: bigint }[] {
  const out: { vault: string; obligations: bigint }[] = [];
  for (const line of logs) {
    if (!line.startsWith("Program data: ")) continue;
    const data = Buffer.from(line.slice("Program data: ".length), "base64");
    if (data.length !== 8 + 32 + 24 || !data.subarray(0, 8).equals(RESERVES_PROVEN)) continue;
    out.push({ vault: idOf(new PublicKey(data.subarray(8, 40))), obligations: data.readBigUInt64LE(48) });
  }
  return out;
}

/** Per episode, each user participant's points_synced at the previous check (usage-not-synced-while-off). */
const lastSynced = new WeakMap<Ctx, Map<string, bigint>>();

/** Per episode, each proof's last result and the ledger entries of the accounts it read then: a
 * transaction changes only accounts it names, so while none of them was named the proof's result
 * is the same and is not simulated again. */
const lastProofs = new WeakMap<Ctx, Map<string, { reads: (object | null)[]; error: string | null; proven: { vault: string; obligations: bigint }[] }>>();

/**
 * Every program's prove_reserves (simulated: nothing committed), compared vault by vault with the
 * obligations computed from the accounts where the fuzzer keeps them: `positionsStake` and the vesting buckets' `outstanding`
 * from checkBooks when given (else computed again).
 */
export function checkReserves(ctx: Ctx, books?: { positionsStake: bigint; outstanding: Map<number, bigint> }): Violation[] {
  const out: Violation[] = [];
  const fail = (detail: string) => out.push({ invariant: "reserves-proven", detail });
  const { ledger, tracked } = ctx;
  const expected = new Map<string, bigint>();
  const { positionsStake, outstanding } = books ?? stakeAndGrants(ctx);
  expected.set(idOf(tracked.stakeVault), positionsStake);
  const sc = ledger.view(tracked.stakingConfig, decodeStakingConfig);
  if (sc) expected.set(idOf(tracked.rewardsVault), big(sc.liabilities) + big(sc.carried));
  tracked.genesisVaults.forEach((vault, bucket) => expected.set(idOf(vault), outstanding.get(bucket) ?? 0n));
  const iosd = iosdState(ctx);
  if (iosd) expected.set(idOf(tracked.iosdMint), ledger.supply(tracked.iosdMint) + big(iosd.held));
  for (const id of liveAirdrops(ctx)) {
    const a = ledger.view(ctx.pda(`airdrop:${id}`, () => airdropKey(id)[0]), decodeAirdrop);
    if (a) expected.set(idOf(ctx.pda(`airdrop_vault:${id}`, () => airdropVaultKey(id)[0])), a.closed ? 0n : big(a.total) - big(a.claimed));
  }
  // io_buyback's vaults owe the live lot's remainder or what io_jobs swept in and was not sold (the
  // larger), and what it swept to incentives and was not spent.
  const bb = ledger.view(tracked.buybackConfig, decodeBuybackConfig);
  if (bb) {
    const jc = ledger.view(tracked.jobsConfig, decodeJobsConfig);
    const swept = jc ? { buyback: big(jc.toBuyback), incentives: big(jc.toIncentives) } : { buyback: 0n, incentives: 0n };
    const unsold = swept.buyback > big(bb.usdcSold) ? swept.buyback - big(bb.usdcSold) : 0n;
    const lot = big(bb.lotRemaining);
    expected.set(idOf(tracked.buybackVault), unsold > lot ? unsold : lot);
    const unspent = swept.incentives > big(bb.incentivesSpent) ? swept.incentives - big(bb.incentivesSpent) : 0n;
    expected.set(idOf(tracked.incentivesVault), unspent);
  }
  let cache = lastProofs.get(ctx);
  if (!cache) {
    cache = new Map();
    lastProofs.set(ctx, cache);
  }
  for (const { program, ix } of proofsNow(ctx)) {
    const reads = ix.keys.map((k) => ledger.get(k.pubkey));
    let last = cache.get(program);
    if (!last || last.reads.length !== reads.length || last.reads.some((r, i) => r !== reads[i])) {
      const res = ctx.chain.simulate([ix], [ctx.chain.payer]);
      last = { reads, error: res.ok ? null : (res.programError?.name ?? res.error), proven: res.ok ? provenIn(res.logs) : [] };
      cache.set(program, last);
    }
    if (last.error !== null) {
      fail(`${program}: prove_reserves failed: ${last.error}`);
      continue;
    }
    for (const p of last.proven) {
      const want = expected.get(p.vault);
      if (want !== undefined && p.obligations !== want) fail(`${program}: ${p.vault} proves obligations ${p.obligations}, the books say ${want}`);
    }
  }
  return out;
}

/** The positions' stake and the vesting buckets' unclaimed grants, as checkBooks computes them. */
function stakeAndGrants(ctx: Ctx): { positionsStake: bigint; outstanding: Map<number, bigint> } {
  let positionsStake = 0n;
  for (const key of ctx.positions()) {
    const pos = ctx.ledger.view(key, decodePosition);
    if (pos) positionsStake += big(pos.active) + big(pos.pending) + big(pos.cooling);
  }
  const outstanding = new Map<number, bigint>();
  for (const g of ctx.tracked.grants) {
    const grant = ctx.ledger.view(g.key, decodeVestingGrant);
    if (grant) outstanding.set(g.bucket, (outstanding.get(g.bucket) ?? 0n) + big(grant.amount) - big(grant.claimed));
  }
  return { positionsStake, outstanding };
}

/** The price invariant, checked when a step changed the feed's price. */
export function checkPrice(ctx: Ctx, before: bigint | null): Violation[] {
  const feed = ctx.ledger.view(ctx.tracked.priceFeed, decodePriceFeed);
  if (!feed || big(feed.price) === before) return [];
  const oracle = ctx.ledger.view(ctx.tracked.oracleConfig, decodeOracleConfig) as ({ agreementBps?: number } & object) | null;
  const band = oracle?.agreementBps;
  if (band === undefined) return []; // io_oracle without an agreement band (before the quorum rule)
  const price = big(feed.price);
  const near = [...ctx.honestPrices.entries()].some(([i, h]) => {
    if (!HONEST_ORACLES.includes(i)) return false;
    const [lo, hi] = price < BigInt(h) ? [price, BigInt(h)] : [BigInt(h), price];
    return hi * 10_000n <= lo * (10_000n + BigInt(band));
  });
  return near ? [] : [{ invariant: "price-within-band-of-honest", detail: `accepted ${price}, honest ${[...ctx.honestPrices.values()].join(",")}` }];
}
