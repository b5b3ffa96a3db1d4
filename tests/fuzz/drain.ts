/**
 * The liveness check at the end of every episode: from whatever state the random steps left,
 * honest actions alone (users end their jobs, honest oracles attest the truth, anyone settles,
 * owners claim, anyone moves past lapsed disputes and undecided slashes, stakers unstake and withdraw; never the admin) must return
 * every escrowed, staked and vested unit: afterwards no job is open, the escrows and the stake vault
 * are empty, io_staking owes nothing and every vesting grant has been claimed. A step that must succeed and fails is a violation.
 */
import BN from "bn.js";
import { PublicKey } from "@solana/web3.js";
import {
  attestUsageInstruction,
  claimEarningsInstruction,
  claimInstruction,
  stakeInstruction,
  claimVestedInstruction,
  configKey,
  closeEpochInstruction,
  crankInstruction,
  Currency,
  decodeEmissionState,
  decodeGovernanceConfig,
  decodeProposal,
  depositVaultKey,
  governanceConfigKey,
  GovAction,
  proposalActions,
  ProposalAccount,
  proposalKey,
  reclaimBufferInstruction,
  refundDepositInstruction,
  decodeJob,
  decodeNode,
  decodeStakingConfig,
  decodeTokenConfig,
  decodeVestingGrant,
  endJobInstruction,
  executeSlashInstruction,
  MONTH_HOURS,
  jobUnstarted,
  refundUnstartedInstruction,
  resolveSlashInstruction,
  settleJobsInstruction,
  claimReferralInstruction,
  decodeUserProfile,
  unstakeInstruction,
  withdrawInstruction,
} from "../../sdk/src";
import { big, Ctx, JobRecord, Tx } from "./context";
import { checkBooks, checkReserves, iosdState, PROVE_EVERY_STEP, Violation } from "./invariants";
import { exitAccounts, honestHours } from "./ops";
import { send } from "./send";
import { HONEST_ORACLES, possibleStakers } from "./world";

const DAY = 86_400;

export function drain(ctx: Ctx): { transactions: number; violations: Violation[] } {
  // Proofs of reserves once per episode (at its end state) when checkBooks does not run them after every step
  const violations: Violation[] = PROVE_EVERY_STEP ? [] : checkReserves(ctx);
  let transactions = 0;
  /** Sends a step that honest actors may take; `must`: its failure (other than the harmless
   * `fine` one) is a liveness violation. */
  const run = (label: string, tx: Tx, must: boolean, fine?: string): boolean => {
    transactions++;
    const res = send(ctx, tx, `drain ${label}`);
    violations.push(...res.violations);
    if (!res.ok && must && res.error !== fine) violations.push({ invariant: "every-unit-returns", detail: `${label} failed: ${res.error}` });
    return res.ok;
  };
  const { keys, tracked } = ctx;

  // Slashes, without the admin: past the decision deadline anyone dismisses a contested one;
  // pending or upheld ones are executed after their window.
  const slashWindow = ctx.ledger.view(tracked.stakingConfig, decodeStakingConfig)?.slashWindow ?? DAY;
  ctx.chain.warp(2 * Math.max(slashWindow, DAY) + 1);
  for (const n of keys.nodes) {
    const p = ctx.participant(n.participant);
    const stranger = keys.stranger.kp;
    if (p?.slashState === 2) run("resolve_slash", { instructions: [resolveSlashInstruction({ caller: stranger.publicKey, participant: n.participant, uphold: false })], signers: [stranger] }, true);
    if (p && (p.slashState === 1 || p.slashState === 3)) {
      run("execute_slash", { instructions: [executeSlashInstruction({ participant: n.participant, operator: n.owner.kp.publicKey })], signers: [] }, true);
    }
  }

  // Jobs: disputes decided, open jobs ended, the truth attested, everything settled.
  const live = (): { job: JobRecord; state: ReturnType<typeof decodeJob> }[] =>
    ctx.jobs.flatMap((job) => {
      const state = ctx.ledger.view(job.key, decodeJob);
      return state ? [{ job, state }] : [];
    });
  // (A dispute needs nobody: past its deadline the usage round's accepted figure settles.)
  for (const { job, state } of live()) {
    const user = keys.users[job.user].kp;
    if (state.state === 1) run("end_job", { instructions: [endJobInstruction({ caller: user.publicKey, job: job.key, node: state.node })], signers: [user] }, true);
  }
  for (const { job, state } of live()) {
    if (state.dispute !== 0) continue;
    const truth = honestHours(ctx, job, state);
    for (const i of HONEST_ORACLES) {
      const o = keys.oracles[i];
      const s = ctx.ledger.view(job.key, decodeJob);
      if (!s || truth <= 0) break;
      // An honest oracle that already attested this much (or more) has nothing to add.
      run("attest_usage", { instructions: [attestUsageInstruction({ oracle: o.publicKey, job: job.key, hours: truth })], signers: [o] }, false);
      job.maxHonest = Math.max(job.maxHonest, truth);
    }
  }
  // Past every challenge window and dispute deadline.
  const deadlines = live().map(({ state }) => Math.max(state.disputeDeadline.toNumber(), state.settleAfter.toNumber()));
  ctx.chain.warp(Math.max(2 * DAY, ...deadlines.map((d) => d - ctx.now() + 1)));
  for (const { job, state } of live()) {
    const exit = exitAccounts(ctx, job);
    // Unstarted (no hours accepted or attested in the round): refunded; otherwise (a colluder's
    // vote alone blocks the refund) the ended job settles on the quorum's figure.
    if (jobUnstarted(state) && state.dispute === 0) {
      run("refund_unstarted", { instructions: [refundUnstartedInstruction({ ...exit, caller: keys.stranger.kp.publicKey })], signers: [keys.stranger.kp] }, true);
    } else {
      const ix = settleJobsInstruction({ caller: keys.stranger.kp.publicKey, jobs: [exit], currency: exit.currency, usdcMint: keys.usdcMint });
      run("settle_jobs", { instructions: [ix], signers: [keys.stranger.kp] }, true);
    }
  }
  // Referral income: every referrer claims what it is owed.
  for (const p of ctx.tracked.profiles) {
    const profile = ctx.ledger.view(p.key, decodeUserProfile);
    if (!profile) continue;
    const wallet = [...keys.users, keys.stranger, ...keys.nodes.map((n) => n.owner)].find((u) => u.kp.publicKey.equals(p.user))!;
    for (const c of [Currency.Usdc, Currency.Io, Currency.Iosd]) {
      if (profile.referralOwed[c].isZero()) continue;
      const ix = claimReferralInstruction({ referrer: p.user, to: wallet.token[c], currency: c, usdcMint: keys.usdcMint });
      run("claim_referral", { instructions: [ix], signers: [wallet.kp] }, true);
    }
  }
  for (const n of ctx.nodes()) {
    const node = ctx.ledger.view(n.node, decodeNode);
    if (!node) continue;
    for (const c of [Currency.Usdc, Currency.Io, Currency.Iosd]) {
      if (node.earnings[c].isZero()) continue;
      const ix = claimEarningsInstruction({ owner: n.owner.kp.publicKey, node: n.node, to: n.owner.token[c], currency: c, usdcMint: keys.usdcMint });
      run("claim_earnings", { instructions: [ix], signers: [n.owner.kp] }, true);
    }
  }

  // Staking: close the epoch, settle and claim everything, unstake everything, wait, withdraw.
  const closeEpoch = () => {
    const config = ctx.ledger.view(tracked.stakingConfig, decodeStakingConfig);
    if (!config) return;
    ctx.chain.warp(config.openEpochLength + 1); // the open epoch closes after the length it opened with
    if (!ctx.epochs.includes(config.epoch)) ctx.epochs.push(config.epoch);
    // The emissions go where io_token's emission state says (the admin may have redirected them).
    const rewardsVault = ctx.ledger.view(tracked.emission, decodeEmissionState)?.rewardsVault ?? tracked.rewardsVault;
    const ixs = [crankInstruction({ rewardsVault }), closeEpochInstruction({ payer: ctx.chain.payer.publicKey, epoch: config.epoch })];
    run("close_epoch", { instructions: ixs, signers: [] }, true);
  };
  const stakers = possibleStakers(keys);
  const eachPosition = (f: (participant: typeof tracked.participants[number], staker: (typeof stakers)[number]) => void) => {
    for (const participant of ctx.participants()) for (const s of stakers) if (ctx.position(participant, s.kp.publicKey)) f(participant, s);
  };
  const claimAll = () =>
    eachPosition((participant, s) => {
      const pos = ctx.position(participant, s.kp.publicKey)!;
      const p = ctx.participant(participant);
      const own = p?.authority.equals(s.kp.publicKey) ?? false;
      const something = !pos.rewards.isZero() || !pos.pending.isZero() || !pos.active.isZero() || (own && p !== null && (!p.claimable.isZero() || !p.regWeight.isZero() || !p.regPoints.isZero()));
      if (!something) return;
      const ix = claimInstruction({ staker: s.kp.publicKey, participant, lastEpoch: ctx.lastEpoch(participant), to: s.token[Currency.Io] });
      run(`claim ${participant.toBase58()} by ${s.kp.publicKey.toBase58()}`, { instructions: [ix], signers: [s.kp] }, true, "NothingToClaim");
    });
  closeEpoch();
  // A participant's own rewards are claimed through its own position: a user participant that
  // earned usage rewards without ever staking to itself (sync_usage needs no stake) stakes 1 base
  // unit of its own IO first, which the drain then unstakes and withdraws with the rest.
  for (const participant of ctx.participants()) {
    const p = ctx.participant(participant);
    const owner = p && stakers.find((s) => s.kp.publicKey.equals(p.authority));
    if (!p || !owner || ctx.position(participant, owner.kp.publicKey)) continue;
    if (p.claimable.isZero() && p.regWeight.isZero() && p.regPoints.isZero()) continue;
    const ix = stakeInstruction({ staker: owner.kp.publicKey, participant, lastEpoch: ctx.lastEpoch(participant), stakerIo: owner.token[Currency.Io], amount: new BN(1) });
    run(`stake 1 to own ${participant.toBase58()} to claim`, { instructions: [ix], signers: [owner.kp] }, true);
  }
  claimAll();
  eachPosition((participant, s) => {
    const pos = ctx.position(participant, s.kp.publicKey)!;
    if (pos.active.isZero()) return;
    const ix = unstakeInstruction({ staker: s.kp.publicKey, participant, lastEpoch: ctx.lastEpoch(participant), amount: pos.active });
    run("unstake", { instructions: [ix], signers: [s.kp] }, true);
  });
  // Each position waits at most the cooldown its stake was committed under (the admin may have
  // raised the governed one since: that must not hold anyone longer), so the longest committed
  // cooldown among the cooling positions is enough.
  let longest = 0;
  eachPosition((participant, s) => {
    const pos = ctx.position(participant, s.kp.publicKey)!;
    if (!pos.cooling.isZero()) longest = Math.max(longest, pos.cooldown);
  });
  ctx.chain.warp(longest + 1);
  eachPosition((participant, s) => {
    const pos = ctx.position(participant, s.kp.publicKey)!;
    if (pos.cooling.isZero()) return;
    run("withdraw", { instructions: [withdrawInstruction({ staker: s.kp.publicKey, participant, stakerIo: s.token[Currency.Io] })], signers: [s.kp] }, true);
  });
  closeEpoch();
  claimAll();

  // Vesting: once every grant has fully unlocked (month 48, core contributors' last part), each
  // beneficiary takes the rest of its grant.
  const genesis = decodeTokenConfig(ctx.chain.account(configKey()[0])!).genesisTs.toNumber();
  const fullyVested = genesis + 49 * MONTH_HOURS * 3_600;
  if (ctx.now() < fullyVested) ctx.chain.warp(fullyVested - ctx.now());
  for (const [i, b] of keys.beneficiaries.entries()) {
    const grant = ctx.ledger.view(tracked.grants[i].key, decodeVestingGrant);
    if (!grant || grant.claimed.eq(grant.amount)) continue;
    const ix = claimVestedInstruction({ beneficiary: b.wallet.kp.publicKey, bucket: b.bucket, destination: b.wallet.token[Currency.Io] });
    run("claim_vested", { instructions: [ix], signers: [b.wallet.kp] }, true);
  }

  // Proposal deposits: every proposal's voting has ended by now (the drain warped days past
  // any end), so anyone returns each unrefunded deposit to its proposer's IO account.
  const gov = ctx.ledger.view(governanceConfigKey()[0], decodeGovernanceConfig);
  const stakersByKey = new Map(possibleStakers(keys).map((s) => [s.kp.publicKey.toBase58(), s]));
  for (let i = 0; gov && i < gov.proposalCount.toNumber(); i++) {
    const proposal = proposalKey(i)[0];
    const p = ctx.ledger.view(proposal, decodeProposal);
    const proposer = p && stakersByKey.get(p.proposer.toBase58());
    if (!p || p.deposit.isZero() || p.depositRefunded !== 0 || !proposer) continue;
    const ix = refundDepositInstruction({ proposal, proposer: proposer.kp.publicKey, proposerIo: proposer.token[Currency.Io] });
    run("refund_deposit", { instructions: [ix], signers: [keys.stranger.kp] }, true);
  }

  // Upgrade buffers: once every proposal naming one can no longer execute (the drain warps past
  // its grace period), anyone gives each unreclaimed buffer back to its proposer.
  const upgrades: { proposal: PublicKey; p: ProposalAccount; position: number; buffer: PublicKey }[] = [];
  for (let i = 0; gov && i < gov.proposalCount.toNumber(); i++) {
    const proposal = proposalKey(i)[0];
    const p = ctx.ledger.view(proposal, decodeProposal);
    if (!p || p.state === 2) continue;
    proposalActions(p).forEach((a, k) => {
      if (a.action === GovAction.Upgrade && !(p.buffersReclaimed & (1 << k))) upgrades.push({ proposal, p, position: k, buffer: a.key });
    });
  }
  const latest = upgrades.reduce((t, u) => Math.max(t, u.p.end.toNumber() + u.p.gracePeriod, u.p.eta.toNumber() + u.p.gracePeriod), 0);
  if (upgrades.length > 0 && ctx.now() <= latest) ctx.chain.warp(latest - ctx.now() + 1);
  for (const u of upgrades) {
    const ix = reclaimBufferInstruction({ proposal: u.proposal, position: u.position, buffer: u.buffer, proposer: u.p.proposer });
    run("reclaim_buffer", { instructions: [ix], signers: [keys.stranger.kp] }, true);
  }

  // Everything is back: no job, empty escrows and stake vault, nothing owed by io_staking, no deposit held.
  const fail = (detail: string) => violations.push({ invariant: "every-unit-returns", detail });
  for (const u of upgrades) {
    const left = ctx.chain.account(u.buffer);
    if (left && left.lamports > 0) fail(`buffer ${u.buffer.toBase58()} of a dead proposal still holds ${left.lamports} lamports`);
  }
  const deposits = ctx.ledger.tokenAmount(depositVaultKey()[0]);
  if (deposits !== 0n) fail(`the deposit vault still holds ${deposits}`);
  const left = live();
  if (left.length > 0) fail(`${left.length} jobs still open, e.g. ${left[0].job.key.toBase58()} (state ${left[0].state.state}, dispute ${left[0].state.dispute})`);
  for (const c of [Currency.Usdc, Currency.Io] as const) {
    const escrow = ctx.ledger.tokenAmount(tracked.escrow[c]) - ctx.donation(tracked.escrow[c]);
    if (escrow !== 0n) fail(`escrow of currency ${c} still holds ${escrow}`);
  }
  for (const g of tracked.grants) {
    const grant = ctx.ledger.view(g.key, decodeVestingGrant);
    if (grant && !grant.claimed.eq(grant.amount)) fail(`grant ${g.key.toBase58()} still holds ${grant.amount.sub(grant.claimed)} unclaimed`);
  }
  const held = iosdState(ctx)?.held ?? new BN(0);
  if (!held.isZero()) fail(`IOSD still held: ${held}`);
  const stake = ctx.ledger.tokenAmount(tracked.stakeVault);
  if (stake !== 0n) fail(`stake vault still holds ${stake}`);
  const after = ctx.ledger.view(tracked.stakingConfig, decodeStakingConfig);
  if (after && big(after.liabilities) !== 0n) fail(`io_staking still owes ${after.liabilities}`);
  violations.push(...checkBooks(ctx));
  if (!PROVE_EVERY_STEP) violations.push(...checkReserves(ctx));
  return { transactions, violations };
}
