/**
 * The main job. On the embedded chain (default): deploy and initialise the protocol, print the
 * genesis read back from the chain, then crank a simulated year (once a day) and print the
 * supply curve month by month, burn IO for IOSD, run a USDC compute job through io_jobs, and
 * run two io_staking epochs (nodes and stakers, availability and compute rewards) to a table of
 * who earned what, run a month of jobs whose fees io_buyback auctions for IO that is burned (and
 * partly re-minted by the next crank); last, the oracle service runs in-process against the same chain: simulated
 * workers POST signed usage reports over HTTP, the service attests and settles their jobs; then
 * governance: io_jobs handed to io_governance, a holder proposes and votes a network-fee change,
 * executed after the timelock (the clock warped), the diff read back and the old admin refused.
 * The demand side: a referred user, a discount applied by reputation, a priority tier read
 * back from the user's stake, and usage rewards paid to the user for the USD its jobs paid.
 * With --url/--keypair [--usdc-mint]: migrations/deploy.ts against that cluster.
 */
import { Keypair, PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { createMintToInstruction, TOKEN_PROGRAM_ID, unpackMint, TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import { createHash } from "crypto";
import {
  attestAvailabilityInstruction,
  previewClaim,
  attestUsageInstruction,
  claimInstruction,
  closeEpochInstruction,
  decodeParticipant,
  decodePosition,
  decodeStakingConfig,
  ioPerUsdOfCap,
  setUsageParamsInstruction,
  decodeEpoch,
  epochKey,
  syncUsageInstruction,
  DEFAULT_USAGE_PARAMS,
  lastEpochOf,
  parseIoStakingEvents,
  ParticipantKind,
  participantKey,
  positionKey,
  registerParticipantInstruction,
  rewardsVaultKey,
  stakeInstruction,
  stakingConfigKey,
  syncPointsInstruction,
  USD_DECIMALS,
  Currency,
  DEFAULT_JOBS_PARAMS,
  decodeJobsConfig,
  decodeNode,
  endJobInstruction,
  jobKey,
  jobsConfigKey,
  nodeKey,
  openJobInstruction,
  quoteJob,
  parseIoJobsEvents,
  proveJobsReservesInstruction,
  registerNodeInstruction,
  settleJobsInstruction,
  crankInstruction,
  iosdMintKey,
  mintIosdInstruction,
  parseIoTokenEvents,
  releaseInstruction,
  submitPriceInstruction,
  decodeEmissionState,
  decodeJob,
  decodeUserProfile,
  registerReferralInstruction,
  claimReferralInstruction,
  settleJobFromState,
  setDiscountTiersInstruction,
  setPriorityTiersInstruction,
  priorityTierOf,
  unstakeInstruction,
  DiscountTiers,
  reputationOf,
  userProfileKey,
  emissionKey,
  signUsageReport,
  EMBEDDED_GENESIS_HASH,
  usageReportDeployment,
  usageReportToJson,
  formatAmount,
  IO_DECIMALS,
  ioMintKey,
  MONTH_HOURS,
  buyInstruction,
  decodeBuybackConfig,
  buybackConfigKey,
  decodePriceFeed,
  parseIoBuybackEvents,
  priceFeedKey,
  proveBuybackReservesInstruction,
  quoteBuy,
  setRemintCapInstruction,
  startLotInstruction,
  sweepUsdcFeesInstruction,
  acceptGovernanceAdminInstruction,
  decodeProposal,
  executeInstruction,
  executorKey,
  GovAction,
  governanceConfigKey,
  decodeGovernanceConfig,
  JOB_PARAMS,
  lockPositionInstruction,
  parseIoGovernanceEvents,
  proposalKey,
  proposalStatus,
  proposeInstruction,
  proposeJobsAdminInstruction,
  queueInstruction,
  setJobParamsInstruction,
  VoteChoice,
  voteInstruction,
} from "../sdk/src";

/** The embedded chain's deployment: what the simulated workers sign their reports for. */
const EMBEDDED_DEPLOYMENT = usageReportDeployment(EMBEDDED_GENESIS_HASH);
import { parseFlags } from "../cli/args";
import { clusterUrl } from "../cli/cluster";
import { EmbeddedChain } from "../cli/chain";
import { bootstrapEmbedded, ensureIoAccount, ensureTokenAccount, formatGenesis, readGenesis } from "../cli/genesis";
import { outstandingEpoch } from "../cli/staking";
import { SimulatedPriceSource } from "../services/oracle/price-source";
import { DEFAULT_CONFIG } from "../services/oracle/config";
import { JsonLogger } from "../services/oracle/log";
import { EmbeddedSender } from "../services/oracle/sender";
import { OracleService } from "../services/oracle/service";
import { SqliteStore } from "../services/oracle/sqlite-store";
import { deploy, usdcMintOption } from "../migrations/deploy";
import { openDb } from "../services/indexer/db";
import { EmbeddedIndexer } from "../services/indexer/embedded-indexer";
import { IndexStore } from "../services/indexer/store";
import { ExplorerServer } from "../services/explorer/server";

export async function supplyCurve(chain: EmbeddedChain, log: (line: string) => void): Promise<void> {
  const emission = () => decodeEmissionState(chain.account(emissionKey()[0])!);
  const supply = () => new BN(unpackMint(ioMintKey()[0], chain.account(ioMintKey()[0]), TOKEN_2022_PROGRAM_ID).supply.toString());
  const { rewardsVault, startTs } = emission();
  const cranker = chain.wallet(1);
  const io = (v: BN) => formatAmount(v, IO_DECIMALS).padStart(22);
  log("");
  log("A simulated year: the crank once a day and at each 730-hour month end (1 IO = 10^8 base units; # = 1M IO)");
  log(`${"month".padEnd(6)}${"emitted in month".padStart(26)}${"emitted in total".padStart(26)}${"IO supply".padStart(26)}`);
  let lastMonthTotal = new BN(0);
  // A crank every 24 hours, and one exactly at each 730-hour month end for the printout.
  const hours = new Set<number>();
  for (let h = 24; h <= 12 * MONTH_HOURS; h += 24) hours.add(h);
  for (let m = 1; m <= 12; m++) hours.add(m * MONTH_HOURS);
  for (const hour of Array.from(hours).sort((a, b) => a - b)) {
    chain.setUnixTime(BigInt(startTs.toNumber() + hour * 3_600));
    const res = chain.send([crankInstruction({ rewardsVault })], [cranker]);
    if (!res.ok) throw new Error(`crank at hour ${hour} failed: ${res.error}`);
    if (hour % MONTH_HOURS === 0) {
      const total = emission().minted;
      const bar = "#".repeat(Math.round(total.div(new BN(10).pow(new BN(14))).toNumber()));
      log(`${String(hour / MONTH_HOURS).padEnd(6)}${io(total.sub(lastMonthTotal)).padStart(26)}${io(total).padStart(26)}${io(supply()).padStart(26)}  ${bar}`);
      lastMonthTotal = total;
    }
  }
}

/** The admin (the embedded chain's single oracle) posts the simulated IO/USD; a user burns IO for IOSD. */
export async function iosdDemo(chain: EmbeddedChain, admin: Keypair, log: (line: string) => void): Promise<void> {
  const now = Number(chain.now());
  const quote = await new SimulatedPriceSource(42, 2.0, 5, now - 3_600).quote(now);
  const posted = chain.send(
    [submitPriceInstruction({ oracle: admin.publicKey, setVersion: 1, price: quote.price, confidence: quote.confidence, timestamp: new BN(now) })],
    [admin],
  );
  if (!posted.ok) throw new Error(`submit_price failed: ${posted.error}`);
  const user = chain.wallet(1);
  const userIo = await ensureIoAccount(chain, user, user.publicKey);
  const userIosd = await ensureTokenAccount(chain, user, user.publicKey, iosdMintKey()[0]);
  const IO = new BN(100_000_000);
  const funded = chain.send([releaseInstruction({ admin: admin.publicKey, bucket: 4, amount: IO.muln(1_000), destination: userIo })], [admin]);
  if (!funded.ok) throw new Error(`release failed: ${funded.error}`);
  const res = chain.send([mintIosdInstruction({ user: user.publicKey, userIo, userIosd, ioAmount: IO.muln(1_000) })], [user]);
  if (!res.ok) throw new Error(`mint_iosd failed: ${res.error}`);
  const [event] = parseIoTokenEvents(res.logs);
  const d = event.data as { ioBurned: BN; iosdMinted: BN; price: BN; conservativePrice: BN };
  log("");
  log("IOSD: the single embedded oracle posts the simulated IO/USD; a user burns IO for IOSD");
  log(`  IO/USD ${formatAmount(d.price, 8)} (conservative ${formatAmount(d.conservativePrice, 8)}): burned ${formatAmount(d.ioBurned, IO_DECIMALS)} IO, minted ${formatAmount(d.iosdMinted, 6)} IOSD`);
}

type Sent = ReturnType<EmbeddedChain["send"]>;

function ok(what: string, res: Sent): Sent {
  if (!res.ok) throw new Error(`${what} failed: ${res.programError?.name ?? res.error}`);
  return res;
}

/** A node and a USDC-paying user of the jobs demo, reused by the staking demo. */
export interface JobsCast {
  usdcMint: PublicKey;
  owner: Keypair;
  node: PublicKey;
  user: Keypair;
  userUsdc: PublicKey;
}

interface JobSettled {
  servedHours: number;
  supplier: BN;
  refund: BN;
  /** Fees routed to the fee vault (net of the referral). */
  fees: BN;
  buyback: BN;
  /** The referrer's share of the network fee (0 without a referrer). */
  referral: BN;
  /** Read back from the job before it settled: the network fee it opened with, and the discount its user's reputation earned. */
  networkFeeBps: number;
  discountBps: number;
}

/** The USDC the user's account pays for `hours` on `node` now: open_job's `maxPayment`. */
function usdcQuote(chain: EmbeddedChain, node: PublicKey, hours: number): BN {
  const config = decodeJobsConfig(chain.account(jobsConfigKey()[0])!);
  return quoteJob({ currency: Currency.Usdc, pricePerHour: decodeNode(chain.account(node)!).pricePerHour, hours, config }).total;
}

/** The user pays `hours` of USDC compute on `node` into escrow (at most the quote), `served`
 * hours pass and the oracle (the admin) attests them, the user ends the job, the challenge
 * window passes and the user settles it. */
function runJob(chain: EmbeddedChain, admin: Keypair, cast: JobsCast, node: PublicKey, nonce: number, hours: number, served: number): JobSettled {
  const { user, userUsdc, usdcMint } = cast;
  const money = { currency: Currency.Usdc, usdcMint };
  const [job] = jobKey(user.publicKey, new BN(nonce));
  const maxPayment = usdcQuote(chain, node, hours);
  ok("open_job", chain.send([openJobInstruction({ user: user.publicKey, node, nonce: new BN(nonce), hours, userToken: userUsdc, maxPayment, ...money })], [user]));
  chain.warp(served * 3_600); // io_jobs takes no more hours than have begun
  ok("attest_usage", chain.send([attestUsageInstruction({ oracle: admin.publicKey, job, hours: served })], [admin]));
  ok("end_job", chain.send([endJobInstruction({ caller: user.publicKey, job, node })], [user]));
  chain.warp(DEFAULT_JOBS_PARAMS.challengeWindow + 1);
  // A job opened with a referral share settles with its referrer's profile after its accounts.
  const opened = decodeJob(chain.account(job)!);
  const entry = settleJobFromState(job, opened, userUsdc);
  const res = ok("settle_jobs", chain.send([settleJobsInstruction({ caller: user.publicKey, jobs: [entry], ...money })], [user]));
  const events = parseIoJobsEvents(res.logs);
  const referral = events.find((e) => e.name === "referralEarned")?.data as { amount: BN } | undefined;
  const settled = events.find((e) => e.name === "jobSettled")!.data as unknown as JobSettled;
  return { ...settled, referral: referral?.amount ?? new BN(0), networkFeeBps: opened.networkFeeBps, discountBps: opened.discountBps };
}

/** A node registers, a user pays a 4-hour USDC job into escrow, the oracle attests 3 hours, the user
 * ends it, the challenge window passes and anyone settles: the node earns, the user gets the unused hour back. */
export async function jobsDemo(chain: EmbeddedChain, admin: Keypair, log: (line: string) => void): Promise<JobsCast> {
  const usdcMint = decodeJobsConfig(chain.account(jobsConfigKey()[0])!).mints[Currency.Usdc];
  const owner = chain.wallet(1);
  const deviceId = createHash("sha256").update("gpu-node-0").digest();
  const [node] = nodeKey(owner.publicKey, deviceId);
  ok("register_node", chain.send([registerNodeInstruction({ owner: owner.publicKey, deviceId, hardwareClass: 2, pricePerHour: new BN(2_000_000), usdShareBps: 8_000 })], [owner]));
  const user = chain.wallet(1);
  const userUsdc = await ensureTokenAccount(chain, user, user.publicKey, usdcMint, TOKEN_PROGRAM_ID);
  ok("mint_to", chain.send([createMintToInstruction(usdcMint, userUsdc, admin.publicKey, 100_000_000n)], [admin]));
  const cast = { usdcMint, owner, node, user, userUsdc };
  // Referrals (docs/demand-side.md): a referrer joins, and the user joins naming it before its first job.
  const referrer = chain.wallet(1);
  ok("register_referral", chain.send([registerReferralInstruction({ user: referrer.publicKey, referrer: PublicKey.default })], [referrer]));
  ok("register_referral", chain.send([registerReferralInstruction({ user: user.publicKey, referrer: referrer.publicKey })], [user]));
  const d = runJob(chain, admin, cast, node, 1, 4, 3);
  const usdc = (v: BN) => `${formatAmount(v, 6)} USDC`;
  log("");
  log("io_jobs: a node at $2/GPU-hour (80% USD share); a referred user pays 4 hours in USDC; the oracle attests 3; the user ends it; the window passes; settled");
  log(`  served ${d.servedHours} h: node ${usdc(d.supplier)}, refund ${usdc(d.refund)}, fees to the fee vault ${usdc(d.fees)}, token share ${usdc(d.buyback)}, referrer ${usdc(d.referral)}`);
  // Read back from the chain: the user's profile names its referrer; the referrer's holds the income, then claims it
  const profile = decodeUserProfile(chain.account(userProfileKey(user.publicKey)[0])!);
  const referrerUsdc = await ensureTokenAccount(chain, referrer, referrer.publicKey, usdcMint, TOKEN_PROGRAM_ID);
  const owed = decodeUserProfile(chain.account(userProfileKey(referrer.publicKey)[0])!).referralOwed[Currency.Usdc];
  ok("claim_referral", chain.send([claimReferralInstruction({ referrer: referrer.publicKey, to: referrerUsdc, currency: Currency.Usdc, usdcMint })], [referrer]));
  const claimed = decodeUserProfile(chain.account(userProfileKey(referrer.publicKey)[0])!).referralClaimed[Currency.Usdc];
  log(`  referral (read back): user ${user.publicKey.toBase58()} referred by ${profile.referrer.toBase58()} until ${new Date(profile.referralUntil.toNumber() * 1000).toISOString()}; the referrer was owed ${usdc(owed)} (20% of the 5% network fee), claimed ${usdc(claimed)}`);
  log(`  node earnings ${usdc(decodeNode(chain.account(node)!).earnings[Currency.Usdc])} to claim`);
  // Anyone proves io_jobs' reserves: each vault against what the program owes from it
  const proof = ok("prove_reserves", chain.send([proveJobsReservesInstruction({ usdcMint })], [user]));
  const vaults = ["USDC escrow", "USDC fee vault", "IO escrow", "IO fee vault", "IOSD held"];
  const proven = parseIoJobsEvents(proof.logs).filter((e) => e.name === "reservesProven");
  log("  prove_reserves (balance / obligations / surplus, base units):");
  proven.forEach((e, i) => {
    const p = e.data as { balance: BN; obligations: BN; surplus: BN };
    log(`    ${vaults[i].padEnd(15)} ${p.balance.toString()} / ${p.obligations.toString()} / ${p.surplus.toString()}`);
  });
  return cast;
}

const IO = new BN(100_000_000);
const DAY = 86_400;

interface Earner {
  label: string;
  wallet: Keypair;
  io: PublicKey;
  /** The participants it holds positions with. */
  participants: PublicKey[];
  staked: BN;
}

/**
 * io_staking: three nodes register as participants and stake their own IO (the jobs demo's node
 * among them, serving another job), two stakers delegate, the oracle attests availability and
 * sync_points registers the computing points; two epochs close (a day passes, the crank mints,
 * close_epoch splits the new IO); everyone claims, each claim checked against the amount the
 * CLI predicts (cli/staking.ts), and emitted = paid + owed + carried is checked to the base unit.
 */
export async function stakingDemo(chain: EmbeddedChain, admin: Keypair, cast: JobsCast, log: (line: string) => void): Promise<void> {
  const io = (v: BN) => formatAmount(v, IO_DECIMALS);
  const config = () => decodeStakingConfig(chain.account(stakingConfigKey()[0])!);
  const participantOf = (p: PublicKey) => decodeParticipant(chain.account(p)!);
  const funded = async (wallet: Keypair, amount: BN): Promise<PublicKey> => {
    const account = await ensureIoAccount(chain, admin, wallet.publicKey);
    ok("release", chain.send([releaseInstruction({ admin: admin.publicKey, bucket: 4, amount, destination: account })], [admin]));
    return account;
  };
  const stake = (staker: Keypair, stakerIo: PublicKey, participant: PublicKey, amount: BN) =>
    ok("stake", chain.send([stakeInstruction({ staker: staker.publicKey, participant, lastEpoch: lastEpochOf(participantOf(participant)), stakerIo, amount })], [staker]));
  /** The oracle's verdict, with the hardware class it measured on the node (the owner's declared class is not used). */
  const attest = (participant: PublicKey, passed: boolean, reputationBps: number, hardwareClass: number) => {
    const ix = attestAvailabilityInstruction({ oracle: admin.publicKey, participant, lastEpoch: lastEpochOf(participantOf(participant)), epoch: config().epoch, passed, reputationBps, hardwareClass });
    ok("attest_availability", chain.send([ix], [admin]));
  };
  /** One transaction of claims, one per participant (as `io claim-all` sends them); returns what arrived. */
  const claimAll = async (e: Earner): Promise<BN> => {
    const cfg = config();
    let predicted = new BN(0);
    const ixs = [];
    for (const participant of e.participants) {
      const p = participantOf(participant);
      const pos = decodePosition(chain.account(positionKey(participant, e.wallet.publicKey)[0])!);
      predicted = predicted.add(previewClaim(cfg, p, pos, await outstandingEpoch(chain, cfg, p)).total);
      ixs.push(claimInstruction({ staker: e.wallet.publicKey, participant, lastEpoch: lastEpochOf(p), to: e.io }));
    }
    const res = ok(`claim (${e.label})`, chain.send(ixs, [e.wallet]));
    const paid = parseIoStakingEvents(res.logs).filter((ev) => ev.name === "claimed").reduce((sum, ev) => sum.add(ev.data.amount as BN), new BN(0));
    if (!paid.eq(predicted)) throw new Error(`${e.label} claimed ${io(paid)} IO, the CLI predicted ${io(predicted)} IO`);
    return paid;
  };
  /** A day passes, the crank mints the emissions into the rewards vault, anyone closes the epoch. */
  const closeEpoch = (): { rewards: BN; availability: BN; compute: BN; carried: BN } => {
    const epoch = config().epoch;
    chain.warp(DAY);
    const payer = chain.wallet(1);
    const res = ok("crank + close_epoch", chain.send([crankInstruction({ rewardsVault: rewardsVaultKey()[0] }), closeEpochInstruction({ payer: payer.publicKey, epoch })], [payer]));
    return parseIoStakingEvents(res.logs).find((ev) => ev.name === "epochClosed")!.data as { rewards: BN; availability: BN; compute: BN; carried: BN };
  };

  // Three nodes: the jobs demo's (class 2, 3% to stakers, 1,000 IO own), B (class 0, 1%, 500 IO), C (class 4, 2%, 2,000 IO);
  // the oracle measures each at that class.
  const nodes = [
    { label: "node A owner", owner: cast.owner, node: cast.node, shareBps: 300, own: IO.muln(1_000), cls: 2 },
    { label: "node B owner", owner: chain.wallet(1), node: PublicKey.default, shareBps: 100, own: IO.muln(500), cls: 0 },
    { label: "node C owner", owner: chain.wallet(1), node: PublicKey.default, shareBps: 200, own: IO.muln(2_000), cls: 4 },
  ];
  const earners: Earner[] = [];
  for (const [i, n] of nodes.entries()) {
    if (n.node.equals(PublicKey.default)) {
      const deviceId = createHash("sha256").update(`gpu-node-${i}`).digest();
      ok("register_node", chain.send([registerNodeInstruction({ owner: n.owner.publicKey, deviceId, hardwareClass: n.cls, pricePerHour: new BN(2_000_000), usdShareBps: 8_000 })], [n.owner]));
      n.node = nodeKey(n.owner.publicKey, deviceId)[0];
    }
    ok("register_participant", chain.send([registerParticipantInstruction({ authority: n.owner.publicKey, key: n.node, kind: ParticipantKind.Node, shareBps: n.shareBps })], [n.owner]));
    const [participant] = participantKey(n.node);
    const ownerIo = await funded(n.owner, n.own);
    stake(n.owner, ownerIo, participant, n.own);
    earners.push({ label: `${n.label} (class ${n.cls}, ${n.shareBps / 100}% share)`, wallet: n.owner, io: ownerIo, participants: [participant], staked: n.own });
  }
  const [a, b, c] = earners.map((e) => e.participants[0]);
  // Stakers: S1 delegates 300 IO to A and 100 IO to C, S2 200 IO to B; they earn from epoch 1.
  const s1 = chain.wallet(1);
  const s2 = chain.wallet(1);
  const s1Io = await funded(s1, IO.muln(400));
  const s2Io = await funded(s2, IO.muln(200));
  stake(s1, s1Io, a, IO.muln(300));
  stake(s1, s1Io, c, IO.muln(100));
  stake(s2, s2Io, b, IO.muln(200));
  earners.push({ label: "staker 1 (300 IO to A, 100 IO to C)", wallet: s1, io: s1Io, participants: [a, c], staked: IO.muln(400) });
  earners.push({ label: "staker 2 (200 IO to B)", wallet: s2, io: s2Io, participants: [b], staked: IO.muln(200) });

  log("");
  log("io_staking: emissions go to its rewards vault; three nodes stake their own IO as participants, two stakers delegate");
  // Epoch 0 (open since genesis, so the simulated year's emissions are its pool): the oracle passes A and B, fails C; A serves a job.
  attest(a, true, 9_000, nodes[0].cls);
  attest(b, true, 10_000, nodes[1].cls);
  attest(c, false, 0, nodes[2].cls);
  const served = runJob(chain, admin, cast, nodes[0].node, 2, 2, 2);
  ok("sync_points", chain.send([syncPointsInstruction({ participant: a, node: nodes[0].node, lastEpoch: lastEpochOf(participantOf(a)) })], [s1]));
  const points = participantOf(a).regPoints;
  const e0 = closeEpoch();
  log(`  epoch 0 (open since genesis: the simulated year's emissions): A passes at 90%, B at 100%, C fails; A serves ${served.servedHours} h (${formatAmount(points, USD_DECIMALS)} computing points)`);
  log(`    closed: ${io(e0.rewards)} IO; availability ${io(e0.availability)}, compute ${io(e0.compute)}, carried ${io(e0.carried)}`);
  log(`    (the compute rate is at most ${ioPerUsdOfCap(config().maxComputeRate)} IO per $1 of computing points: what it leaves of the compute pool carries forward)`);
  // Epoch 1: the stakers' claims of nothing activate their stake; all three nodes pass.
  ok("claim (activates)", chain.send([a, c].map((p) => claimInstruction({ staker: s1.publicKey, participant: p, lastEpoch: lastEpochOf(participantOf(p)), to: s1Io })), [s1]));
  ok("claim (activates)", chain.send([claimInstruction({ staker: s2.publicKey, participant: b, lastEpoch: lastEpochOf(participantOf(b)), to: s2Io })], [s2]));
  attest(a, true, 10_000, nodes[0].cls);
  attest(b, true, 10_000, nodes[1].cls);
  attest(c, true, 8_000, nodes[2].cls);
  const e1 = closeEpoch();
  log("  epoch 1 (one day): the stakers' stake is active; A and B pass at 100%, C at 80%");
  log(`    closed: ${io(e1.rewards)} IO; availability ${io(e1.availability)}, compute ${io(e1.compute)}, carried ${io(e1.carried)}`);

  // Everyone claims every position (each claim equal to the CLI's prediction).
  const rows: [string, string, string][] = [];
  for (const e of earners) rows.push([e.label, io(e.staked), io(await claimAll(e))]);
  const width = Math.max(...rows.map((r) => r[0].length));
  log("");
  log("Earnings (IO claimed)");
  log(`  ${"who".padEnd(width)}  ${"staked".padStart(16)}  ${"claimed".padStart(20)}`);
  for (const [who, staked, claimed] of rows) log(`  ${who.padEnd(width)}  ${staked.padStart(16)}  ${claimed.padStart(20)}`);
  const cfg = config();
  const sum = cfg.paid.add(cfg.liabilities).add(cfg.carried);
  if (!sum.eq(cfg.emitted)) throw new Error(`emitted ${io(cfg.emitted)} != paid + owed + carried ${io(sum)}`);
  log(`  emitted ${io(cfg.emitted)} IO = paid ${io(cfg.paid)} + owed ${io(cfg.liabilities)} + carried ${io(cfg.carried)}`);
}

/** Resolves once `condition` holds (polled every 20 ms); throws after `timeoutMs`. */
async function waitFor(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A simulated IO Worker: its device key is its node's deviceId; it serves `serves` of a job's `paid` hours. */
interface Worker {
  label: string;
  device: Keypair;
  node: PublicKey;
  job: PublicKey;
  paid: number;
  serves: number;
  reported: number;
  attested: number;
}

/**
 * The oracle service in-process on this chain (the admin is its sole oracle, quorum 1; SQLite in
 * memory; any free port). Three workers register nodes whose deviceId is their device public key,
 * users open USDC jobs on them; each simulated hour the clock moves and every worker still serving
 * POSTs its signed cumulative hours; a forged report is refused; the service attests, then, once
 * the jobs have run out and the challenge window has passed, settles them; it is stopped gracefully.
 */
export async function serviceDemo(chain: EmbeddedChain, admin: Keypair, usdcMint: PublicKey, log: (line: string) => void): Promise<void> {
  const config = { ...DEFAULT_CONFIG, store: ":memory:", port: 0, postIntervalMs: 50, price: null, crankIntervalSeconds: 0, logLevel: "warn" as const };
  const service = new OracleService({
    config,
    chain,
    sender: new EmbeddedSender(chain),
    store: new SqliteStore(config.store),
    oracle: admin,
    log: new JsonLogger(config.logLevel),
    priceSource: null,
  });
  const url = `http://127.0.0.1:${await service.start()}`;
  try {
    const money = { currency: Currency.Usdc, usdcMint };
    const workers: Worker[] = [];
    for (const [label, paid, serves] of [["A", 2, 2], ["B", 3, 3], ["C", 4, 3]] as [string, number, number][]) {
      const device = Keypair.generate();
      const owner = chain.wallet(1);
      ok("register_node", chain.send([registerNodeInstruction({ owner: owner.publicKey, deviceId: device.publicKey.toBuffer(), hardwareClass: 2, pricePerHour: new BN(2_000_000), usdShareBps: 8_000 })], [owner]));
      const [node] = nodeKey(owner.publicKey, device.publicKey.toBuffer());
      const user = chain.wallet(1);
      const userUsdc = await ensureTokenAccount(chain, user, user.publicKey, usdcMint, TOKEN_PROGRAM_ID);
      ok("mint_to", chain.send([createMintToInstruction(usdcMint, userUsdc, admin.publicKey, 100_000_000n)], [admin]));
      const maxPayment = usdcQuote(chain, node, paid);
      ok("open_job", chain.send([openJobInstruction({ user: user.publicKey, node, nonce: new BN(0), hours: paid, userToken: userUsdc, maxPayment, ...money })], [user]));
      workers.push({ label, device, node, job: jobKey(user.publicKey, new BN(0))[0], paid, serves, reported: 0, attested: 0 });
    }
    const post = async (body: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
      const res = await fetch(`${url}/reports`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const attested = (w: Worker) => decodeJob(chain.account(w.job)!).attestedHours;

    log("");
    log(`Oracle service in-process on this chain (${url}; the admin is the sole oracle, quorum 1): workers A, B, C on their own nodes; jobs of 2, 3 and 4 hours; C's worker stops after 3`);
    for (let hour = 1; hour <= Math.max(...workers.map((w) => w.paid)); hour++) {
      chain.warp(3_600);
      const now = Number(chain.now());
      const serving = workers.filter((w) => hour <= w.serves);
      for (const w of serving) {
        const res = await post(usageReportToJson(signUsageReport({ job: w.job, node: w.node, hours: hour, reportedAt: now }, w.device, EMBEDDED_DEPLOYMENT)));
        if (res.status !== 202) throw new Error(`worker ${w.label}'s report of ${hour} h refused: ${res.status} ${JSON.stringify(res.body)}`);
        w.reported = hour;
      }
      if (hour === 2) {
        // Someone without B's device key claims B's job ran 3 hours.
        const b = workers[1];
        const forged = await post(usageReportToJson(signUsageReport({ job: b.job, node: b.node, hours: 3, reportedAt: now }, Keypair.generate(), EMBEDDED_DEPLOYMENT)));
        log(`  hour 2: a report for B's job signed by another key: HTTP ${forged.status} ${String(forged.body.error)} (${String(forged.body.detail)})`);
      }
      await waitFor(`the hour-${hour} attestations`, () => serving.every((w) => attested(w) === w.reported));
      log(`  hour ${hour}: ${serving.length ? serving.map((w) => `${w.label} ${w.reported} h`).join(", ") + " reported and attested on chain" : "no reports (A and B done, C's worker gone)"}`);
    }
    // (a job fully served and attested may already be settled: its account is closed)
    for (const w of workers) w.attested = chain.account(w.job) ? attested(w) : w.reported;
    // Every job is over (A and B fully served; C expires unserved past start timeout + paid hours); then the window passes.
    chain.warp(DEFAULT_JOBS_PARAMS.startTimeout + DEFAULT_JOBS_PARAMS.challengeWindow + 1);
    await waitFor("the settlements", () => workers.every((w) => chain.account(w.job) === null) && service.metrics.settlementsPosted === workers.length);
    const m = service.metrics;
    log(`  service: ${m.reportsAccepted} reports accepted, ${[...m.reportsRefused.values()].reduce((a, b) => a + b, 0)} refused; ${m.attestationsPosted} attestations in ${m.attestTransactions} transactions; ${m.settlementsPosted} jobs settled in ${m.settleTransactions} transaction(s)`);
    const usdc = (v: BN) => formatAmount(v, 6);
    log(`  ${"job".padEnd(5)}${"paid h".padStart(8)}${"reported h".padStart(12)}${"attested h".padStart(12)}${"settled".padStart(9)}${"supplier USDC".padStart(16)}`);
    for (const w of workers) {
      const settled = chain.account(w.job) === null ? "yes" : "no";
      const earned = decodeNode(chain.account(w.node)!).earnings[Currency.Usdc];
      log(`  ${w.label.padEnd(5)}${String(w.paid).padStart(8)}${String(w.reported).padStart(12)}${String(w.attested).padStart(12)}${settled.padStart(9)}${usdc(earned).padStart(16)}`);
    }
  } finally {
    await service.stop();
  }
  log("  the service stopped gracefully");
}

/** The admin (the embedded oracle) posts the accepted price again, fresh. */
function refreshPrice(chain: EmbeddedChain, admin: Keypair): void {
  const feed = decodePriceFeed(chain.account(priceFeedKey()[0])!);
  ok("submit_price", chain.send([submitPriceInstruction({ oracle: admin.publicKey, setVersion: 1, price: feed.price, confidence: feed.confidence, timestamp: new BN(chain.now().toString()) })], [admin]));
}

/**
 * The loop: a month of USDC jobs pays fees and token shares into io_jobs' fee vault; anyone sweeps
 * them into io_buyback's vaults; anyone starts a lot; a buyer clears it at the rate then (never
 * below the oracle bound), burning IO; the admin allows re-mints and the next crank re-mints part
 * of the burned IO into the rewards vault (net emissions). Everything read back from the chain.
 */
export async function buybackDemo(chain: EmbeddedChain, admin: Keypair, cast: JobsCast, log: (line: string) => void): Promise<void> {
  const usdc = (v: BN) => `${formatAmount(v, 6)} USDC`;
  const io = (v: BN) => `${formatAmount(v, IO_DECIMALS)} IO`;
  const supply = () => new BN(unpackMint(ioMintKey()[0], chain.account(ioMintKey()[0]), TOKEN_2022_PROGRAM_ID).supply.toString());
  log("");
  log("io_buyback: a month of jobs pays fees; anyone sweeps them in; anyone starts a lot; a buyer burns IO for the USDC; the crank re-mints part of it");
  // Thirty daily 8-hour jobs of 10 (one a day), each settled after its challenge window.
  ok("mint_to", chain.send([createMintToInstruction(cast.usdcMint, cast.userUsdc, admin.publicKey, 1_000_000_000n)], [admin]));
  let fees = new BN(0);
  let shares = new BN(0);
  for (let day = 0; day < 30; day++) {
    const d = runJob(chain, admin, cast, cast.node, 1_000 + day, 10, 8);
    fees = fees.add(new BN(d.fees));
    shares = shares.add(new BN(d.buyback));
  }
  log(`  30 jobs settled: fees ${usdc(fees)}, token shares ${usdc(shares)}`);
  const sweeper = chain.wallet(1);
  const swept = ok("sweep_usdc_fees", chain.send([sweepUsdcFeesInstruction({ caller: sweeper.publicKey, usdcMint: cast.usdcMint })], [sweeper]));
  const s = parseIoJobsEvents(swept.logs).find((e) => e.name === "usdcFeesSwept")!.data as { toBuyback: BN; toIncentives: BN };
  log(`  sweep_usdc_fees (anyone): ${usdc(s.toBuyback)} to the buyback vault, ${usdc(s.toIncentives)} to the USD-incentives vault`);
  refreshPrice(chain, admin);
  ok("start_lot", chain.send([startLotInstruction()], [sweeper]));
  const lot = decodeBuybackConfig(chain.account(buybackConfigKey()[0])!);
  log(`  start_lot (anyone): lot ${lot.lotId.toString()} of ${usdc(lot.lotSize)}, ${formatAmount(lot.startRate, IO_DECIMALS)} IO per $1 falling to ${formatAmount(lot.floorRate, IO_DECIMALS)} over ${lot.lotPeriod} s`);
  // Half an hour later a buyer takes the whole lot at the quote then.
  chain.warp(1_800);
  refreshPrice(chain, admin);
  const buyer = chain.wallet(1);
  const buyerIo = await ensureIoAccount(chain, buyer, buyer.publicKey);
  const buyerUsdc = await ensureTokenAccount(chain, buyer, buyer.publicKey, cast.usdcMint, TOKEN_PROGRAM_ID);
  const config = decodeBuybackConfig(chain.account(buybackConfigKey()[0])!);
  const feed = decodePriceFeed(chain.account(priceFeedKey()[0])!);
  const quote = quoteBuy(config, feed, config.lotRemaining, Number(chain.now()))!;
  ok("release", chain.send([releaseInstruction({ admin: admin.publicKey, bucket: 4, amount: quote.io, destination: buyerIo })], [admin]));
  const supplyBefore = supply();
  const bought = ok(
    "buy",
    chain.send(
      [buyInstruction({ buyer: buyer.publicKey, buyerIo, buyerUsdc, usdcMint: cast.usdcMint, lotId: config.lotId, usdc: quote.usdc, maxIo: quote.io, deadline: new BN(Number(chain.now()) + 60) })],
      [buyer],
    ),
  );
  const b = parseIoBuybackEvents(bought.logs).find((e) => e.name === "lotBought")!.data as { usdc: BN; ioBurned: BN; rate: BN; price: BN; supplyAfter: BN };
  log(`  buy (anyone): ${usdc(b.usdc)} for ${io(b.ioBurned)} burned at ${formatAmount(b.rate, IO_DECIMALS)} IO per $1 (IO/USD ${formatAmount(b.price, 8)}; the oracle bound ${formatAmount(quote.boundRate, IO_DECIMALS)}, the auction ${formatAmount(quote.auctionRate, IO_DECIMALS)})`);
  log(`  IO supply ${io(supplyBefore)} -> ${io(b.supplyAfter)} (read back: ${io(supply())})`);
  // Net emissions: the admin allows re-minting 10 IO an hour; the next hourly crank re-mints that much of the burned IO.
  const { rewardsVault } = decodeEmissionState(chain.account(emissionKey()[0])!);
  ok("set_remint_cap", chain.send([setRemintCapInstruction({ admin: admin.publicKey, capPerHour: IO.muln(10) })], [admin]));
  chain.warp(3_600);
  const crank = ok("crank", chain.send([crankInstruction({ rewardsVault })], [sweeper]));
  const c = parseIoTokenEvents(crank.logs)[0].data as { amount: BN; reminted: BN };
  log(`  crank an hour later: the schedule since the last crank ${io(c.amount)} and re-minted ${io(c.reminted)} of the burned IO (cap 10 IO per hour) into the rewards vault; IO supply ${io(supply())}`);
  const proof = ok("prove_reserves", chain.send([proveBuybackReservesInstruction()], [sweeper]));
  const proven = parseIoBuybackEvents(proof.logs).filter((e) => e.name === "reservesProven");
  const totals = decodeBuybackConfig(chain.account(buybackConfigKey()[0])!);
  log(`  io_buyback totals: ${usdc(totals.usdcSold)} sold, ${io(totals.ioBurned)} burned, ${totals.lotsSold.toString()} lot(s) sold out`);
  log("  prove_reserves (balance / obligations / surplus, base units):");
  ["USDC vault", "incentives vault"].forEach((name, i) => {
    const p = proven[i].data as { balance: BN; obligations: BN; surplus: BN };
    log(`    ${name.padEnd(16)} ${p.balance.toString()} / ${p.obligations.toString()} / ${p.surplus.toString()}`);
  });
}

/**
 * Governance: the admin hands io_jobs to io_governance's executor (propose_admin, then anyone's
 * accept_admin, no vote); a holder who staked before the open epoch proposes a network-fee change
 * (its diff on chain before anyone votes), votes with its position locked, and after the vote and
 * the timelock (the clock warped) anyone queues and executes it; the config is read back, and the
 * old admin key's set_job_params is refused.
 */
async function governanceDemo(chain: EmbeddedChain, admin: Keypair, cast: JobsCast, log: (line: string) => void): Promise<void> {
  const io = (v: BN) => `${formatAmount(v, IO_DECIMALS)} IO`;
  const time = (t: BN) => new Date(t.toNumber() * 1000).toISOString();
  const jobsConfig = () => decodeJobsConfig(chain.account(jobsConfigKey()[0])!);
  const [executor] = executorKey();
  log("");
  log("io_governance: the admin hands io_jobs over; a holder proposes and votes a network-fee change; anyone queues and executes it after the vote and the timelock");
  // The hand-over: the admin proposes the executor, anyone completes it without a vote.
  ok("propose_admin", chain.send([proposeJobsAdminInstruction({ admin: admin.publicKey, newAdmin: executor })], [admin]));
  const anyone = chain.wallet(1);
  ok("accept_admin", chain.send([acceptGovernanceAdminInstruction({ target: 2 })], [anyone]));
  log(`  io_jobs' admin: ${admin.publicKey.toBase58()} -> the executor ${executor.toBase58()} (propose_admin, then io_governance accept_admin sent by anyone)`);
  // A holder delegates 20,000 IO to node A (released by the admin of io_token, not handed over here); an epoch closes.
  const holder = chain.wallet(1);
  const holderIo = await ensureIoAccount(chain, admin, holder.publicKey);
  ok("release", chain.send([releaseInstruction({ admin: admin.publicKey, bucket: 4, amount: IO.muln(20_000), destination: holderIo })], [admin]));
  const [participant] = participantKey(cast.node);
  const lastEpoch = lastEpochOf(decodeParticipant(chain.account(participant)!));
  ok("stake", chain.send([stakeInstruction({ staker: holder.publicKey, participant, lastEpoch, stakerIo: holderIo, amount: IO.muln(20_000) })], [holder]));
  const epoch = decodeStakingConfig(chain.account(stakingConfigKey()[0])!).epoch;
  chain.warp(DAY);
  ok("crank + close_epoch", chain.send([crankInstruction({ rewardsVault: rewardsVaultKey()[0] }), closeEpochInstruction({ payer: anyone.publicKey, epoch })], [anyone]));
  log(`  a holder delegates ${io(IO.muln(20_000))} to node A in epoch ${epoch}, which closes: the stake votes on proposals opened from epoch ${epoch + 1}`);
  // The proposal: the network fee to 7%, its diff on chain before anyone votes.
  const position = positionKey(participant, holder.publicKey)[0];
  const index = decodeGovernanceConfig(chain.account(governanceConfigKey()[0])!).proposalCount;
  const [proposal] = proposalKey(index);
  const fee = JOB_PARAMS[0];
  const before = jobsConfig();
  const proposed = ok(
    "propose",
    chain.send([proposeInstruction({ proposer: holder.publicKey, position, index, action: GovAction.JobParam, target: 0, value: new BN(700) })], [holder]),
  );
  const events = parseIoGovernanceEvents(proposed.logs);
  const d = {
    ...(events.find((e) => e.name === "proposed")!.data as { eligible: BN; end: BN }),
    ...(events.find((e) => e.name === "actionProposed")!.data as { oldValue: BN; value: BN }),
  };
  log(`  proposal ${index.toString()}: io_jobs ${fee.name} ${d.oldValue.toString()} -> ${d.value.toString()} bps (bounds ${fee.min}..${fee.max}); eligible ${io(d.eligible)} staked at the start of epoch ${epoch + 1}; voting ends ${time(d.end)}`);
  ok("lock_position + vote", chain.send([lockPositionInstruction({ staker: holder.publicKey, position, proposal }), voteInstruction({ voter: holder.publicKey, proposal, position, choice: VoteChoice.Yes })], [holder]));
  const voted = decodeProposal(chain.account(proposal)!);
  log(`  the holder votes yes with ${io(voted.yes)} (quorum ${voted.quorumBps / 100}% of eligible, threshold above ${voted.thresholdBps / 100}%); its position is locked until ${time(voted.lockEnd)}`);
  // After the vote anyone queues it; after the timelock anyone executes it.
  chain.setUnixTime(BigInt(voted.end.toNumber()));
  ok("queue", chain.send([queueInstruction({ caller: anyone.publicKey, proposal })], [anyone]));
  const queued = decodeProposal(chain.account(proposal)!);
  log(`  ${time(queued.end)}: the vote is over, ${proposalStatus(voted, queued.end.toNumber())}; queued, executable from ${time(queued.eta)} (a ${queued.timelock / 3_600} h timelock)`);
  chain.setUnixTime(BigInt(queued.eta.toNumber()));
  ok("execute", chain.send([executeInstruction({ caller: anyone.publicKey, proposal, action: GovAction.JobParam, target: 0 })], [anyone]));
  const after = jobsConfig();
  log(`  ${time(queued.eta)}: executed (${proposalStatus(decodeProposal(chain.account(proposal)!), queued.eta.toNumber())}); io_jobs' config read back:`);
  for (const p of JOB_PARAMS) {
    const k = p.name as keyof typeof after;
    const was = String(before[k]);
    const now = String(after[k]);
    if (was !== now) log(`    ${p.name}: ${was} -> ${now}`);
  }
  const others = JOB_PARAMS.filter((p) => String(before[p.name as keyof typeof before]) === String(after[p.name as keyof typeof after])).length;
  log(`    (the ${others} other parameters unchanged)`);
  const refused = chain.send([setJobParamsInstruction({ admin: admin.publicKey, ...DEFAULT_JOBS_PARAMS })], [admin]);
  if (refused.ok) throw new Error("the old admin's set_job_params succeeded after the hand-over");
  log(`  the old admin key's set_job_params: refused (${refused.programError?.name ?? refused.error})`);
}

/** Demand-side reputation (docs/demand-side.md): the admin sets a discount table; the jobs demo's
 * user, whose settled jobs paid some $24 of network fees, reads its score and tier from the chain
 * and opens a job that keeps the tier's discount off the network fee; the job settles at it. */
export async function reputationDemo(chain: EmbeddedChain, admin: Keypair, cast: JobsCast, log: (line: string) => void): Promise<void> {
  const usdc = (v: BN) => `${formatAmount(v, 6)} USDC`;
  const tiers: DiscountTiers = {
    tiers: [
      { scoreUsd: new BN(10_000_000), discountBps: 1_000 },
      { scoreUsd: new BN(20_000_000), discountBps: 2_500 },
      { scoreUsd: new BN(100_000_000), discountBps: 5_000 },
    ],
    strikeUsd: new BN(1_000_000),
  };
  ok("set_discount_tiers", chain.send([setDiscountTiersInstruction({ admin: admin.publicKey, ...tiers })], [admin]));
  const read = () => reputationOf(cast.user.publicKey, decodeUserProfile(chain.account(userProfileKey(cast.user.publicKey)[0])!), decodeJobsConfig(chain.account(jobsConfigKey()[0])!));
  const before = read();
  log("");
  log("Demand-side reputation: 10% off the network fee from $10 of network fees paid, 25% from $20, 50% from $100; a dispute lost or a job abandoned costs $1");
  log(`  the user (read back): ${before.jobsSettled} jobs settled, ${before.hoursPaid.toString()} h worth ${usdc(before.paidUsd)}, network fees paid ${usdc(before.feesUsd)}, disputes lost ${before.disputesLost}, abandoned ${before.abandoned}: score ${usdc(before.score)}, tier ${before.tier}`);
  const d = runJob(chain, admin, cast, cast.node, 2_000, 10, 10);
  log(`  its next job (read back from the job): network fee ${d.networkFeeBps} bps instead of ${decodeJobsConfig(chain.account(jobsConfigKey()[0])!).networkFeeBps} (${d.discountBps / 100}% off, fixed at open_job); settled 10 h: fees to the fee vault ${usdc(d.fees)}, token share ${usdc(d.buyback)}`);
  log(`  its score now ${usdc(read().score)}`);
}

/** Stake for priority (docs/demand-side.md): the admin sets the priority thresholds; the jobs
 * demo's user registers as a participant and stakes its own IO; its tier is read back from its
 * participant account; a backer's stake in the same epoch does not count yet; an unstake drops the
 * tier at once. */
export async function priorityDemo(chain: EmbeddedChain, admin: Keypair, cast: JobsCast, log: (line: string) => void): Promise<void> {
  const io = (v: BN) => `${formatAmount(v, IO_DECIMALS)} IO`;
  const tiersIo = [100, 1_000, 10_000];
  ok("set_priority_tiers", chain.send([setPriorityTiersInstruction({ admin: admin.publicKey, tiersIo })], [admin]));
  const { user } = cast;
  const [participant] = participantKey(user.publicKey);
  const read = () => priorityTierOf(user.publicKey, decodeParticipant(chain.account(participant)!), decodeStakingConfig(chain.account(stakingConfigKey()[0])!));
  const funded = async (wallet: Keypair, amount: BN): Promise<PublicKey> => {
    const account = await ensureIoAccount(chain, admin, wallet.publicKey);
    ok("release", chain.send([releaseInstruction({ admin: admin.publicKey, bucket: 4, amount, destination: account })], [admin]));
    return account;
  };
  const stake = (staker: Keypair, stakerIo: PublicKey, amount: BN) =>
    ok("stake", chain.send([stakeInstruction({ staker: staker.publicKey, participant, lastEpoch: lastEpochOf(decodeParticipant(chain.account(participant)!)), stakerIo, amount })], [staker]));
  ok("register_participant", chain.send([registerParticipantInstruction({ authority: user.publicKey, key: user.publicKey, kind: ParticipantKind.User, shareBps: 200 })], [user]));
  const userIo = await funded(user, IO.muln(1_500));
  stake(user, userIo, IO.muln(1_500));
  log("");
  log(`Stake for priority: tier 1 from ${tiersIo[0].toLocaleString("en-US")} IO of counted stake (own + stakers' active), tier 2 from ${tiersIo[1].toLocaleString("en-US")}, tier 3 from ${tiersIo[2].toLocaleString("en-US")}`);
  const staked = read();
  log(`  the user stakes ${io(IO.muln(1_500))} to itself (read back from its participant account): counted stake ${io(staked.stake)}, priority tier ${staked.tier}`);
  const backer = chain.wallet(1);
  const backerIo = await funded(backer, IO.muln(10_000));
  stake(backer, backerIo, IO.muln(10_000));
  const pending = read();
  log(`  a backer stakes ${io(IO.muln(10_000))} to the user in the open epoch: pending until the epoch closes, so still tier ${pending.tier} (counted ${io(pending.stake)})`);
  ok("unstake", chain.send([unstakeInstruction({ staker: user.publicKey, participant, lastEpoch: lastEpochOf(decodeParticipant(chain.account(participant)!)), amount: IO.muln(600) })], [user]));
  const cooled = read();
  log(`  the user unstakes ${io(IO.muln(600))}: tier ${cooled.tier} at once (counted ${io(cooled.stake)}; the ${io(IO.muln(600))} in cooldown does not count)`);
  if (staked.tier !== 2 || pending.tier !== 2 || cooled.tier !== 1) throw new Error(`priority tiers ${staked.tier}, ${pending.tier}, ${cooled.tier}: expected 2, 2, 1`);
}

/** Usage rewards for teams (docs/demand-side.md): the admin turns them on at the documented
 * defaults; anyone syncs the jobs demo's user's usage (the USD its settled jobs paid, from its io_jobs
 * profile); the epoch closes; the user claims, and what it was paid is read back from the chain. */
export async function usageDemo(chain: EmbeddedChain, admin: Keypair, cast: JobsCast, log: (line: string) => void): Promise<void> {
  const io = (v: BN) => `${formatAmount(v, IO_DECIMALS)} IO`;
  const tokenAmountOf = (_: EmbeddedChain, account: PublicKey) => new BN(chain.account(account)!.data.readBigUInt64LE(64).toString());
  ok("set_usage_params", chain.send([setUsageParamsInstruction({ admin: admin.publicKey, ...DEFAULT_USAGE_PARAMS })], [admin]));
  const { user } = cast;
  const [participant] = participantKey(user.publicKey);
  const participantOf = () => decodeParticipant(chain.account(participant)!);
  const anyone = chain.wallet(1);
  ok("sync_usage", chain.send([syncUsageInstruction({ user: user.publicKey, lastEpoch: lastEpochOf(participantOf()) })], [anyone]));
  const usage = participantOf().regPoints;
  const epoch = decodeStakingConfig(chain.account(stakingConfigKey()[0])!).epoch;
  chain.warp(DAY);
  ok("crank + close_epoch", chain.send([crankInstruction({ rewardsVault: rewardsVaultKey()[0] }), closeEpochInstruction({ payer: anyone.publicKey, epoch })], [anyone]));
  const usageRate = decodeEpoch(chain.account(epochKey(epoch)[0])!).usageRate;
  const userIo = await ensureIoAccount(chain, admin, user.publicKey);
  const before = tokenAmountOf(chain, userIo);
  const res = ok("claim", chain.send([claimInstruction({ staker: user.publicKey, participant, lastEpoch: lastEpochOf(participantOf()), to: userIo })], [user]));
  const settled = parseIoStakingEvents(res.logs).find((e) => e.name === "settled")?.data as { reward: BN } | undefined;
  const paid = tokenAmountOf(chain, userIo).sub(before);
  log("");
  log(`Usage rewards for teams: ${DEFAULT_USAGE_PARAMS.usageBps / 100}% of the compute pool, at most ${ioPerUsdOfCap(DEFAULT_USAGE_PARAMS.maxUsageRate)} IO per $1 of usage`);
  log(`  anyone syncs the user's usage: $${formatAmount(usage, 6)} paid in settled jobs (its io_jobs profile's paid_usd); epoch ${epoch} closes at a usage rate of ${ioPerUsdOfCap(usageRate)} IO per $1`);
  log(`  usage rewards paid (read back from the chain): settled ${io(settled?.reward ?? new BN(0))}, claimed into the user's IO account ${io(paid)}`);
  const expected = usage.mul(usageRate).div(new BN(1_000_000_000));
  if (!settled || !settled.reward.eq(expected) || !paid.eq(expected) || paid.isZero()) throw new Error(`usage rewards ${paid.toString()} paid, ${expected.toString()} expected`);
}

async function main(): Promise<void> {
  const { flags } = parseFlags(process.argv.slice(2));
  if (flags.has("url")) {
    await deploy({
      url: flags.has("url") ? clusterUrl(flags.get("url")!) : undefined,
      keypair: flags.get("keypair"),
      rewardsVault: flags.get("rewards-vault"),
      usdcMint: usdcMintOption(flags.get("usdc-mint") ?? process.env.IO_USDC_MINT),
    });
    return;
  }
  const admin = Keypair.generate();
  // --explorer [port]: index the run in-process (SQLite in memory) and serve the explorer at the end.
  const explorerPort = flags.has("explorer") ? (flags.get("explorer") === "true" ? 8787 : Number(flags.get("explorer"))) : null;
  if (explorerPort !== null && !Number.isInteger(explorerPort)) throw new Error("--explorer [port]: a port number");
  const store = explorerPort === null ? null : new IndexStore(await openDb(":memory:"));
  const indexer = store ? new EmbeddedIndexer(store) : null;
  const fresh = new EmbeddedChain();
  if (indexer) fresh.onTransaction = (tx) => indexer.observe(tx);
  const chain = await bootstrapEmbedded(admin, BigInt(Math.floor(Date.now() / 1000)), undefined, fresh);
  console.log(`embedded chain (LiteSVM 1.5.0): io_token, io_oracle, io_jobs, io_staking, io_buyback and io_governance deployed, initialised by ${admin.publicKey.toBase58()}, emissions started into io_staking's rewards vault`);
  console.log("");
  console.log(formatGenesis(await readGenesis(chain)));
  await supplyCurve(chain, console.log);
  await iosdDemo(chain, admin, console.log);
  const cast = await jobsDemo(chain, admin, console.log);
  await stakingDemo(chain, admin, cast, console.log);
  await buybackDemo(chain, admin, cast, console.log);
  await reputationDemo(chain, admin, cast, console.log);
  await priorityDemo(chain, admin, cast, console.log);
  await usageDemo(chain, admin, cast, console.log);
  await serviceDemo(chain, admin, cast.usdcMint, console.log);
  await governanceDemo(chain, admin, cast, console.log);
  if (store && indexer && explorerPort !== null) {
    await indexer.flush();
    const server = new ExplorerServer({ store, chain, port: explorerPort });
    const port = await server.start();
    const n = await store.counts();
    console.log("");
    console.log(`explorer: http://127.0.0.1:${port}/ (this run: ${n.transactions} transactions, ${n.events} events indexed; Ctrl-C stops)`);
    await new Promise<void>((resolve) => {
      process.once("SIGINT", () => resolve());
      process.once("SIGTERM", () => resolve());
    });
    await server.stop();
  } else {
    console.log("");
    console.log("explorer: `npm run main -- --explorer [port]` serves this run's explorer at the end (docs/explorer.md)");
  }
}

// Run as a script; imported (the explorer's tests replay these scenes), it only exports them.
if (require.main === module) {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
