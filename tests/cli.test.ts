/**
 * The `io` command on the embedded chain (its default without --url), kept in a state file
 * between commands as a user would run them.
 */
import { expect } from "chai";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { Keypair, PublicKey } from "@solana/web3.js";
import { LiteSVM } from "litesvm";
import { getAssociatedTokenAddressSync, TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import { cumulativeEmission, decodeJobsConfig, formatAmount, ioMintKey, jobsConfigKey, stakeVaultKey } from "../sdk/src";
import { EmbeddedChain, loadKeypair } from "../cli/chain";
import { main as io } from "../cli/io";
import { writeKeypair } from "./validator";
import { BUYBACK_USDC_VAULT, INCENTIVES_VAULT } from "./buyback-vaults";

/** The admin's IO associated account, for `release --destination`. */
function adminIo(path: string): string {
  const owner = loadKeypair(path).publicKey;
  return getAssociatedTokenAddressSync(ioMintKey()[0], owner, true, TOKEN_2022_PROGRAM_ID).toBase58();
}

describe("io CLI (embedded chain)", function () {
  this.timeout(60_000);
  let dir: string;
  let state: string;

  async function run(...argv: string[]): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    const code = await io([...argv, "--state", state], (l) => lines.push(l));
    return { code, out: lines.join("\n") };
  }

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "io-cli-"));
    state = join(dir, "chain.bin");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("io schedule prints the cumulative emission in IO and base units", async () => {
    const lines: string[] = [];
    expect(await io(["schedule", "--hour", "8760"], (l) => lines.push(l))).to.equal(0);
    const out = lines.join("\n");
    expect(out).to.contain("37,830,573.24590633 IO");
    expect(out).to.contain("3783057324590633");
    expect(out).to.contain("reached at hour 178082");
  });

  it("bootstraps a state, cranks after a warp, and reports the status", async () => {
    const admin = join(dir, "admin.json");
    writeKeypair(dir, "admin", Keypair.generate());
    const status = await run("status", "--keypair", admin);
    expect(status.code, status.out).to.equal(0);
    expect(status.out).to.contain("new state");
    const early = await run("crank", "--keypair", admin);
    expect(early.code).to.equal(1);
    expect(early.out).to.contain("NothingToMint");
    const crank = await run("crank", "--keypair", admin, "--warp", "24");
    expect(crank.code, crank.out).to.equal(0);
    const after = await run("status", "--keypair", admin);
    expect(after.out).to.match(new RegExp(`minted\\s+${formatAmount(cumulativeEmission(24), 8)} IO`));
  });

  it("posts a price, burns IO for IOSD and shows the figures", async () => {
    const admin = join(dir, "admin.json");
    expect((await run("price", "--keypair", admin)).out).to.contain("no price yet");
    const early = await run("mint-iosd", "--keypair", admin, "--io", "1");
    expect(early.out).to.contain("UnhealthyPrice");
    expect((await run("submit-price", "--keypair", admin, "--price", "2", "--confidence", "0.01")).code).to.equal(0);
    const fund = await run("release", "--keypair", admin, "--bucket", "4", "--amount", "100", "--destination", adminIo(admin));
    expect(fund.code, fund.out).to.equal(0);
    const minted = await run("mint-iosd", "--keypair", admin, "--io", "10");
    expect(minted.code, minted.out).to.equal(0);
    const figures = await run("iosd", "--keypair", admin);
    expect(figures.out).to.contain("your IOSD          19.800000 IOSD"); // 10 IO at $2 - 2 x $0.01
    expect(figures.out).to.contain("IO burned for IOSD 10.00000000 IO");
  });

  it("runs a vesting grant and an airdrop from the command line", async () => {
    const admin = join(dir, "admin.json");
    const investor = Keypair.generate();
    const investorPath = writeKeypair(dir, "investor", investor);
    const grant = await run("add-beneficiary", "--keypair", admin, "--bucket", "1", "--beneficiary", investor.publicKey.toBase58(), "--amount", "2400");
    expect(grant.code, grant.out).to.equal(0);
    const early = await run("claim-vested", "--keypair", investorPath, "--bucket", "1");
    expect(early.out).to.contain("NothingToClaim");
    const claim = await run("claim-vested", "--keypair", investorPath, "--bucket", "1", "--warp", String(13 * 730));
    expect(claim.code, claim.out).to.equal(0);
    const vesting = await run("vesting-status", "--keypair", investorPath);
    expect(vesting.out).to.contain("Series A: granted 2,400.00000000, unlocked 100.00000000, claimed 100.00000000");

    const csv = join(dir, "airdrop.csv");
    const tree = join(dir, "tree.json");
    writeFileSync(csv, `wallet,amount\n${investor.publicKey.toBase58()},500000000\n${Keypair.generate().publicKey.toBase58()},700000000\n`);
    const built = await io(["airdrop-build", "--csv", csv, "--out", tree], () => {});
    expect(built).to.equal(0);
    const created = await run("create-airdrop", "--keypair", admin, "--id", "3", "--tree", tree, "--days", "7");
    expect(created.code, created.out).to.equal(0);
    const claimed = await run("claim-airdrop", "--keypair", investorPath, "--id", "3", "--tree", tree);
    expect(claimed.code, claimed.out).to.equal(0);
    const again = await run("claim-airdrop", "--keypair", investorPath, "--id", "3", "--tree", tree);
    expect(again.out).to.contain("AlreadyClaimed");
    const closed = await run("close-airdrop", "--keypair", admin, "--id", "3", "--warp", String(8 * 24));
    expect(closed.code, closed.out).to.equal(0);
  });

  it("drives a USDC compute job through io_jobs: node, job, attestation, settlement, earnings", async () => {
    // Given the embedded chain (the admin its single oracle, quorum 1; a test USDC mint), a node
    // owner and a user with 100 USDC from the faucet
    const admin = join(dir, "admin.json");
    if (!existsSync(admin)) writeKeypair(dir, "admin", Keypair.generate());
    const owner = writeKeypair(dir, "node-owner", Keypair.generate());
    const user = Keypair.generate();
    const userPath = writeKeypair(dir, "user", user);
    const registered = await run("register-node", "--keypair", owner, "--device", "gpu-0", "--price", "2", "--usd-share-bps", "8000");
    expect(registered.code, registered.out).to.equal(0);
    const node = /^node (\w+)/m.exec(registered.out)![1];
    const funded = await run("faucet-usdc", "--keypair", admin, "--to", user.publicKey.toBase58(), "--amount", "100");
    expect(funded.code, funded.out).to.equal(0);

    // When the user opens a 4-hour USDC job: $8 of compute and the 2% facilitation fee (a
    // bound below that is refused before anything moves; the default bound is the quote)
    const capped = await run("open-job", "--keypair", userPath, "--node", node, "--currency", "usdc", "--hours", "4", "--max-payment", "8.159999");
    expect(capped.code).to.equal(1);
    expect(capped.out).to.contain("PaymentAboveMax (6048)");
    const opened = await run("open-job", "--keypair", userPath, "--node", node, "--currency", "usdc", "--hours", "4");
    expect(opened.code, opened.out).to.equal(0);
    expect(opened.out).to.contain("paying at most 8.160000 USDC");
    expect(opened.out).to.contain("paid 8.160000 USDC: $8.000000 of compute, facilitation fee 0.160000 USDC");
    const job = /^job (\w+)/m.exec(opened.out)![1];
    // and, 3 hours later, the oracle attests 3 hours (not before they have begun), and the node's
    // owner ends the job (the user, or its node's owner, may; nobody else)
    const early = await run("attest-usage", "--keypair", admin, "--job", job, "--hours", "3");
    expect(early.out).to.contain("UsageExceedsElapsed (6047)");
    const attested = await run("attest-usage", "--keypair", admin, "--job", job, "--hours", "3", "--warp", "3");
    expect(attested.code, attested.out).to.equal(0);
    expect(attested.out).to.contain("accepted usage: 3 hours");
    const stranger = await run("end-job", "--keypair", writeKeypair(dir, "stranger", Keypair.generate()), "--job", job);
    expect(stranger.code).to.equal(1);
    expect(stranger.out).to.contain("NotJobParty (6051)");
    expect((await run("end-job", "--keypair", owner, "--job", job)).code).to.equal(0);
    expect((await run("show-job", "--keypair", userPath, "--job", job)).out).to.match(/usage\s+3 of 4 hours accepted/);

    // Then it cannot settle inside the challenge window, and settles once it has passed
    const inWindow = await run("settle-jobs", "--keypair", admin, "--jobs", job);
    expect(inWindow.code).to.equal(1);
    expect(inWindow.out).to.contain("NotSettleable (6035)");
    const settled = await run("settle-jobs", "--keypair", admin, "--jobs", job, "--warp", "2");
    expect(settled.code, settled.out).to.equal(0);
    // 3 h x $2: 80% USD share less the 5% network fee and the 2% USDC supplier fee; 1 h refunded with its fee
    expect(settled.out).to.contain("3 hours served; supplier 4.468800 USDC, refund 2.040000 USDC");
    const shown = await run("show-node", "--keypair", owner, "--node", node);
    expect(shown.out).to.match(/open jobs\s+0/);
    expect(shown.out).to.contain("  4.468800 USDC");
    expect(shown.out).to.match(/computing pts\s+1.140000 USD/);
    const claimed = await run("claim-earnings", "--keypair", owner, "--node", node, "--currency", "usdc");
    expect(claimed.code, claimed.out).to.equal(0);
    expect((await run("show-node", "--keypair", owner, "--node", node)).out).to.contain("  0.000000 USDC");
  });

  it("refuses someone else's update-node with NotNodeOwner and leaves the node unchanged", async () => {
    // Given a node of one owner
    const owner = writeKeypair(dir, "owner-2", Keypair.generate());
    const other = writeKeypair(dir, "other", Keypair.generate());
    const registered = await run("register-node", "--keypair", owner, "--device", "gpu-1", "--price", "2", "--usd-share-bps", "8000");
    expect(registered.code, registered.out).to.equal(0);
    const node = /^node (\w+)/m.exec(registered.out)![1];
    // When another wallet changes its price; Then NotNodeOwner, and the terms stay
    const refused = await run("update-node", "--keypair", other, "--node", node, "--price", "3");
    expect(refused.code).to.equal(1);
    expect(refused.out).to.contain("NotNodeOwner (6007): Only the node's owner may change or retire it");
    expect((await run("show-node", "--keypair", other, "--node", node)).out).to.match(/terms\s+\$2\.000000 per GPU-hour/);
    // and bad input is refused before anything is sent
    const bad = await run("open-job", "--keypair", other, "--node", node, "--currency", "eur", "--hours", "1");
    expect(bad.out).to.contain("error: --currency must be usdc, io or iosd, not eur");
  });

  it("drives io_staking: a node participant stakes, the oracle attests, epochs close, owner and staker claim what show-position predicts", async () => {
    // Given the embedded chain (the admin its single oracle; emissions going to io_staking's
    // rewards vault), a node whose owner holds 1,100 IO and a staker holding 100 IO
    const admin = join(dir, "admin.json");
    if (!existsSync(admin)) writeKeypair(dir, "admin", Keypair.generate());
    const owner = Keypair.generate();
    const ownerPath = writeKeypair(dir, "staking-owner", owner);
    const staker = Keypair.generate();
    const stakerPath = writeKeypair(dir, "staker", staker);
    for (const [who, amount] of [[owner, "1100"], [staker, "100"]] as const) {
      const funded = await run("release", "--keypair", admin, "--bucket", "4", "--amount", amount, "--to", who.publicKey.toBase58());
      expect(funded.code, funded.out).to.equal(0);
    }
    const registered = await run("register-node", "--keypair", ownerPath, "--device", "gpu-staking", "--price", "2", "--usd-share-bps", "8000");
    expect(registered.code, registered.out).to.equal(0);
    const node = /^node (\w+)/m.exec(registered.out)![1];

    // When the owner registers the node as a participant (3% to stakers) and stakes 1,000 IO,
    // and the staker delegates 50 IO
    const participant = await run("register-participant", "--keypair", ownerPath, "--node", node, "--share-bps", "300");
    expect(participant.code, participant.out).to.equal(0);
    const address = /^participant (\w+)/m.exec(participant.out)![1];
    expect((await run("stake", "--keypair", ownerPath, "--node", node, "--amount", "1000")).out).to.contain("1,000.00000000 IO added to the participant's own stake");
    const delegated = await run("stake", "--keypair", stakerPath, "--participant", address, "--amount", "50");
    expect(delegated.code, delegated.out).to.equal(0);
    expect(delegated.out).to.match(/earns the participant's share from epoch \d+/);
    // and the oracle passes it at 90%: 1,000 IO own stake x 90% (measured class 0; the oracle set is the admin alone)
    const attested = await run("attest-availability", "--keypair", admin, "--node", node, "--reputation-bps", "9000");
    expect(attested.code, attested.out).to.equal(0);
    expect(attested.out).to.contain("factor 9000 bps");
    expect(attested.out).to.match(/availability weight \+900\.00000000 registered for epoch \d+/);

    // Then a day later the epoch closes, the crank first; the next one cannot close before its length
    const closed = await run("close-epoch", "--keypair", stakerPath, "--warp", "24");
    expect(closed.code, closed.out).to.equal(0);
    expect(closed.out).to.contain("crank + close_epoch: confirmed");
    expect(closed.out).to.match(/epoch \d+ closed: [\d,.]+ IO to assign; availability [\d,.]+ IO/);
    expect((await run("close-epoch", "--keypair", stakerPath)).out).to.match(/error: epoch \d+ has not ended: it ends at/);
    // and the owner claims exactly what show-position predicted
    const predicted = /claim now\s+([\d,.]+) IO/.exec((await run("show-position", "--keypair", ownerPath, "--node", node)).out)![1];
    expect(predicted).to.not.equal("0.00000000");
    const claimed = await run("claim", "--keypair", ownerPath, "--node", node);
    expect(claimed.code, claimed.out).to.equal(0);
    expect(claimed.out).to.contain(`claimed ${predicted} IO`);
    // and the staker, whose stake waited for this epoch, activates it with a claim of nothing
    const activated = await run("claim", "--keypair", stakerPath, "--node", node);
    expect(activated.out, activated.out).to.contain("nothing to pay yet: pending stake activated");
    expect((await run("show-participant", "--keypair", stakerPath, "--node", node)).out).to.match(/selection wt\.\s+1,050\.00000000 IO/);

    // When the node passes the next epoch too and it closes
    expect((await run("attest-availability", "--keypair", admin, "--node", node)).code).to.equal(0);
    expect((await run("close-epoch", "--keypair", stakerPath, "--warp", "24")).code).to.equal(0);
    // Then the staker's claim-all pays its 3% share, as show-position predicted
    const position = (await run("show-position", "--keypair", stakerPath, "--node", node)).out;
    expect(position).to.match(/cooldown\s+604800 s for an unstake now \(committed when staked\)/);
    const share = /claim now\s+([\d,.]+) IO/.exec(position)![1];
    expect(share).to.not.equal("0.00000000");
    const all = await run("claim-all", "--keypair", stakerPath);
    expect(all.code, all.out).to.equal(0);
    expect(all.out).to.contain(`claimed ${share} IO from 1 position(s)`);
  });

  it("refuses set-reward-share outside the governed 1-3% with ShareOutOfBounds and leaves the share unchanged", async () => {
    // Given a node participant with a 2% share
    const admin = join(dir, "admin.json");
    if (!existsSync(admin)) writeKeypair(dir, "admin", Keypair.generate());
    const owner = writeKeypair(dir, "share-owner", Keypair.generate());
    const registered = await run("register-node", "--keypair", owner, "--device", "gpu-share", "--price", "2", "--usd-share-bps", "8000");
    const node = /^node (\w+)/m.exec(registered.out)![1];
    expect((await run("register-participant", "--keypair", owner, "--node", node, "--share-bps", "200")).code).to.equal(0);
    // When its owner sets 3.5%; Then ShareOutOfBounds, and the share and its pending change stay
    const refused = await run("set-reward-share", "--keypair", owner, "--node", node, "--share-bps", "350");
    expect(refused.code).to.equal(1);
    expect(refused.out).to.contain("ShareOutOfBounds (6017): The reward share is outside the governed bounds");
    const shown = (await run("show-participant", "--keypair", owner, "--node", node)).out;
    expect(shown).to.match(/share\s+2% to stakers/);
    expect(shown).to.match(/pending share\s+none/);
    // and bad input is refused before anything is sent
    expect((await run("register-participant", "--keypair", owner, "--node", node, "--user", "--share-bps", "200")).out).to.contain("error: register a node");
    expect((await run("stake", "--keypair", owner, "--node", node, "--amount", "1.123456789")).out).to.contain("error: --amount: not an amount with at most 8 decimals");
    // (a switch given a value: commander refuses the stray argument, a usage error)
    const switched = await run("claim", "--keypair", owner, "--node", node, "--compound", "yes");
    expect(switched.code).to.equal(2);
    expect(switched.out).to.contain("error: too many arguments for 'claim'");
  });

  it("the admin's set-job-params, set-staking-params, set-slashing and set-price-params; anyone else's is refused", async () => {
    const admin = join(dir, "admin.json");
    if (!existsSync(admin)) writeKeypair(dir, "admin", Keypair.generate());
    await run("status", "--keypair", admin); // bootstraps the state if no earlier test did
    const stranger = writeKeypair(dir, "params-stranger", Keypair.generate());
    const refused = await run("set-slashing", "--keypair", stranger, "--slash-bps", "10000");
    expect(refused.code).to.equal(1);
    expect(refused.out).to.contain("Unauthorized");
    const bad = await run("set-job-params", "--keypair", admin, "--challenge-window", "0");
    expect(bad.out).to.contain("InvalidParams");
    expect((await run("set-job-params", "--keypair", admin, "--dispute-window", "0")).out).to.contain("InvalidParams");
    expect((await run("set-slashing", "--keypair", admin, "--slash-vote-ttl", "0")).out).to.contain("InvalidParams");
    expect((await run("set-price-params", "--keypair", stranger, "--agreement-bps", "200")).out).to.contain("Unauthorized");
    expect((await run("set-price-params", "--keypair", admin, "--agreement-bps", "0")).out).to.contain("InvalidParams");
    expect((await run("set-staking-params", "--keypair", admin, "--max-compute-rate", "0")).out).to.contain("InvalidParams");
    expect((await run("set-staking-params", "--keypair", admin, "--max-compute-rate", "1.000000000001")).out).to.contain(
      "error: --max-compute-rate: not an amount of IO per $1 of computing points with at most 11 decimals",
    );
    expect((await run("set-staking-params", "--keypair", stranger, "--max-compute-rate", "100")).out).to.contain("Unauthorized");
    const ok = [
      await run("set-job-params", "--keypair", admin, "--network-fee-bps", "600"),
      await run("set-staking-params", "--keypair", admin, "--cooldown", "3600", "--weight-cap", "50000"),
      await run("set-slashing", "--keypair", admin, "--slash-bps", "2000", "--slash-vote-ttl", "3600"),
      await run("set-price-params", "--keypair", admin, "--agreement-bps", "150"),
    ];
    for (const r of ok) expect(r.code, r.out).to.equal(0);
    // The compute rate's cap, in IO per $1 of points; the other staking parameters keep their values
    const capped = await run("set-staking-params", "--keypair", admin, "--max-compute-rate", "0.5");
    expect(capped.code, capped.out).to.equal(0);
    expect(capped.out).to.contain("compute rate at most 0.5 IO per $1 of computing points (max_compute_rate 50000000000)");
    expect(ok[1].out).to.contain("compute rate at most 10 IO per $1 of computing points");
    // The other price parameters kept their values
    expect((await run("price", "--keypair", admin)).out).to.contain("a quorum agrees within 1.50%; moves up to 20.00%, confidence up to 2.00%");
  });

  it("set-staking-params: an epoch length applies from the next epoch (close-epoch and show-participant tell the open epoch's own end); out-of-bounds lengths are refused", async () => {
    // Given the embedded chain with a node participant, and an open epoch opened with the one-day default
    const admin = join(dir, "admin.json");
    if (!existsSync(admin)) writeKeypair(dir, "admin", Keypair.generate());
    await run("status", "--keypair", admin);
    const owner = writeKeypair(dir, "length-owner", Keypair.generate());
    const node = /^node (\w+)/m.exec((await run("register-node", "--keypair", owner, "--device", "gpu-length", "--price", "2", "--usd-share-bps", "8000")).out)![1];
    expect((await run("register-participant", "--keypair", owner, "--node", node, "--share-bps", "200")).code).to.equal(0);
    expect((await run("close-epoch", "--keypair", admin, "--warp", "24")).code).to.equal(0);
    const fromNow = async () => Number(/\((\d+) s from now\)/.exec((await run("close-epoch", "--keypair", admin)).out)![1]);
    expect(await fromNow()).to.be.within(86_000, 86_400);
    // When the admin sets two-day epochs (and 31-day epochs or cooldowns are refused)
    expect((await run("set-staking-params", "--keypair", admin, "--epoch-length", "2678400")).out).to.contain("InvalidParams");
    expect((await run("set-staking-params", "--keypair", admin, "--cooldown", "2592001")).out).to.contain("InvalidParams");
    const set = await run("set-staking-params", "--keypair", admin, "--epoch-length", "172800");
    expect(set.code, set.out).to.equal(0);
    expect(set.out).to.match(/epoch length 172800 s from epoch \d+; the open epoch \d+ keeps its 86400 s/);
    // Then the open epoch still ends a day after it opened, and show-participant says so; the next lasts two days
    expect(await fromNow()).to.be.within(86_000, 86_400);
    expect((await run("show-participant", "--keypair", owner, "--node", node)).out).to.match(/open epoch\s+\d+, ends \S+ \(later epochs: 172800 s\)/);
    expect((await run("close-epoch", "--keypair", admin, "--warp", "24")).code).to.equal(0);
    expect(await fromNow()).to.be.within(172_000, 172_800);
    expect((await run("set-staking-params", "--keypair", admin, "--epoch-length", "86400")).code).to.equal(0);
  });
  it("sweep-usdc-fees and sweep-io-fees: refused while nothing is unswept; the USDC goes 80/20 into io_buyback's vaults", async () => {
    // Given a settled 2-hour USDC job (its fees and token share in the USDC fee vault)
    const admin = join(dir, "admin.json");
    if (!existsSync(admin)) writeKeypair(dir, "admin", Keypair.generate());
    const owner = writeKeypair(dir, "sweep-node-owner", Keypair.generate());
    const user = Keypair.generate();
    const userPath = writeKeypair(dir, "sweep-user", user);
    const registered = await run("register-node", "--keypair", owner, "--device", "gpu-sweep", "--price", "2", "--usd-share-bps", "8000");
    expect(registered.code, registered.out).to.equal(0);
    const node = /^node (\w+)/m.exec(registered.out)![1];
    expect((await run("faucet-usdc", "--keypair", admin, "--to", user.publicKey.toBase58(), "--amount", "10")).code).to.equal(0);
    const opened = await run("open-job", "--keypair", userPath, "--node", node, "--currency", "usdc", "--hours", "2");
    expect(opened.code, opened.out).to.equal(0);
    const job = /^job (\w+)/m.exec(opened.out)![1];
    expect((await run("attest-usage", "--keypair", admin, "--job", job, "--hours", "2", "--warp", "2")).code).to.equal(0);
    const settled = await run("settle-jobs", "--keypair", admin, "--jobs", job, "--warp", "2");
    expect(settled.code, settled.out).to.equal(0);
    const sweeper = writeKeypair(dir, "sweeper", Keypair.generate());

    // No IO job settled: nothing to burn; a buyback share above 100% is refused
    const io = await run("sweep-io-fees", "--keypair", sweeper);
    expect(io.code).to.equal(1);
    expect(io.out).to.contain("NothingToSweep (6052)");
    expect((await run("set-job-params", "--keypair", admin, "--fee-buyback-bps", "10001")).out).to.contain("InvalidParams");

    // Then, io_buyback's two vaults being there (the embedded chain initialises io_buyback; without
    // them the sweep is BuybackNotReady: tests/io-jobs-sweep.test.ts), anyone sweeps: token shares
    // and 80% of the fees to the buyback
    const swept = await run("sweep-usdc-fees", "--keypair", sweeper);
    expect(swept.code, swept.out).to.equal(0);
    // Everything unswept so far (this job's, and any earlier test's) went out: the fee vault is empty
    const after = new EmbeddedChain(LiteSVM.fromBytes(readFileSync(state)));
    const config = decodeJobsConfig(after.account(jobsConfigKey()[0])!);
    const balance = (k: PublicKey) => after.account(k)!.data.readBigUInt64LE(64).toString();
    expect(balance(config.feeVaults[0])).to.equal("0");
    expect([balance(BUYBACK_USDC_VAULT), balance(INCENTIVES_VAULT)]).to.deep.equal([config.toBuyback.toString(), config.toIncentives.toString()]);
    const fees = config.fees[0];
    const shares = config.buyback[0];
    expect(config.toIncentives.toString()).to.equal(fees.sub(fees.muln(8_000).divn(10_000)).toString());
    expect(swept.out).to.contain(`to the buyback ${formatAmount(config.toBuyback, 6)} USDC, to incentives ${formatAmount(config.toIncentives, 6)} USDC`);
    expect(swept.out).to.contain(`token shares ${formatAmount(shares, 6)} USDC`);
    expect((await run("sweep-usdc-fees", "--keypair", sweeper)).out).to.contain("NothingToSweep (6052)");
  });

  it("prove-reserves proves every known program's vaults and prints vault | balance | obligations | surplus; a short vault fails it, marked SHORT", async () => {
    // Given the state the commands above left (grants, an airdrop, IOSD, stake, closed epochs)
    const admin = join(dir, "admin.json");
    // When anyone proves the reserves
    const proved = await run("prove-reserves", "--keypair", admin);
    // Then every program's transaction is confirmed and each vault has its row, none short
    expect(proved.code, proved.out).to.equal(0);
    expect(proved.out).to.contain("io_token prove_reserves: confirmed");
    expect(proved.out).to.contain("io_staking prove_reserves: confirmed");
    expect(proved.out).to.match(/^vault\s+balance\s+obligations\s+surplus$/m);
    for (const name of ["genesis seed", "genesis community", "airdrop", "IOSD", "stake vault", "rewards vault"]) expect(proved.out).to.contain(name);
    expect(proved.out).to.not.contain("SHORT");
    // and the stake vault owes exactly what it holds (nobody sent IO to it outside a stake)
    const stake = /io_staking stake vault\s+([\d,.]+) IO\s+([\d,.]+) IO\s+([\d,.]+) IO/.exec(proved.out)!;
    expect(stake[1]).to.equal(stake[2]);
    expect(stake[3]).to.equal("0.00000000");

    // When the stake vault is rewritten one base unit short of what it owes
    const chain = new EmbeddedChain(LiteSVM.fromBytes(readFileSync(state)));
    const [vault] = stakeVaultKey();
    const info = chain.account(vault)!;
    const data = Buffer.from(info.data);
    data.writeBigUInt64LE(data.readBigUInt64LE(64) - 1n, 64);
    chain.setAccount(vault, { data, owner: info.owner, lamports: BigInt(info.lamports) });
    writeFileSync(state, chain.svm.toBytes());
    // Then prove-reserves fails naming ReservesShort and marks the stake vault SHORT, the other proofs still shown
    const short = await run("prove-reserves", "--keypair", admin);
    expect(short.code, short.out).to.equal(1);
    expect(short.out).to.contain("io_staking prove_reserves: failed: ReservesShort");
    expect(short.out).to.match(/io_staking stake vault\s+[\d,.]+ IO\s+[\d,.]+ IO\s+SHORT/);
    expect(short.out).to.match(/io_staking rewards vault\s+[\d,.]+ IO\s+[\d,.]+ IO\s+[\d,.]+ IO/);
    expect(short.out).to.contain("io_token prove_reserves: confirmed");
  });
});
