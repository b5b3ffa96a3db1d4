/**
 * The `io` command's conventions (issue 16): commander's parsing (unknown commands and options
 * refused with a suggestion, per-command and grouped help, --version), the `solana` CLI's
 * -u/-k/-C/--output/--with-compute-unit-price, errors on stderr, read-only commands that leave
 * the embedded chain's file untouched, progress bars only on a terminal, and the start time of
 * the compiled command (printed, not asserted).
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import { createHash, randomBytes } from "crypto";
import { existsSync, readFileSync, statSync, writeFileSync } from "fs";
import { createConnection } from "net";
import { join } from "path";
import { Keypair, PublicKey } from "@solana/web3.js";
import { REPO_ROOT } from "../cli/repo";
import { CLUSTER_MONIKERS, clusterUrl } from "../cli/cluster";
import { main as io, USAGE_ERROR } from "../cli/io";
import { COMMANDS, GROUPS } from "../cli/registry";
import { cliSession, publicKeyOf, registeredNode } from "./cli-session";

/** A run with stdout, stderr and the terminal (progress bars) kept apart. */
interface Run {
  code: number;
  out: string;
  err: string;
  terminal: string;
}

async function runApart(argv: string[], terminal = false): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  let drawn = "";
  const code = await io(argv, (l) => out.push(l), (l) => err.push(l), terminal ? (t) => (drawn += t) : undefined);
  return { code, out: out.join("\n"), err: err.join("\n"), terminal: drawn };
}

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

/** Whether something answers on 127.0.0.1:`port` (a validator another suite left running). */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("io CLI conventions (commander, solana flags, --output json)", function () {
  this.timeout(180_000);
  const cli = cliSession("io-cli-conv-");
  /** The session's chain, with the suite's argv appended. */
  const apart = (...argv: string[]) => runApart([...argv, "--state", cli.state]);
  let admin: string;
  let owner: string;
  let user: string;
  let node: string;
  let job: string;

  before(async () => {
    // Given a chain with a node (its owner staked 15,000 IO before the open epoch), a proposal,
    // and a user's open USDC job
    admin = cli.keypair("admin");
    owner = cli.keypair("owner");
    user = cli.keypair("user");
    expect((await cli.run("status", "--keypair", admin)).code).to.equal(0);
    node = await registeredNode(cli, admin, owner, "conv-gpu", "15100");
    expect((await cli.run("stake", "--keypair", owner, "--node", node, "--amount", "15000")).code).to.equal(0);
    expect((await cli.run("close-epoch", "--keypair", admin, "--warp", "24")).code).to.equal(0);
    const proposed = await cli.run("gov-propose", "--keypair", owner, "--job-param", "networkFeeBps", "--value", "700");
    expect(proposed.code, proposed.out).to.equal(0);
    expect((await cli.run("faucet-usdc", "--keypair", admin, "--to", publicKeyOf(user).toBase58(), "--amount", "50")).code).to.equal(0);
    const opened = await cli.run("open-job", "--keypair", user, "--node", node, "--currency", "usdc", "--hours", "2");
    expect(opened.code, opened.out).to.equal(0);
    job = /^job (\w+)/m.exec(opened.out)![1];
  });

  it("refuses an unknown command or option with a suggestion, on stderr, as a usage error", async () => {
    // When a command is misspelt; Then exit 2, nothing on stdout, the suggestion on stderr
    const command = await runApart(["stak", "--amount", "1"]);
    expect(command.code).to.equal(USAGE_ERROR);
    expect(command.out).to.equal("");
    expect(command.err).to.contain("error: unknown command 'stak'");
    expect(command.err).to.contain("(Did you mean stake?)");
    // When an option is misspelt; Then the same with the option's suggestion, and nothing is sent
    const before = sha256(cli.state);
    const option = await apart("stake", "--keypair", owner, "--node", node, "--amout", "1");
    expect(option.code).to.equal(USAGE_ERROR);
    expect(option.err).to.contain("error: unknown option '--amout'");
    expect(option.err).to.contain("(Did you mean --amount?)");
    expect(sha256(cli.state)).to.equal(before);
    // When an option's value is missing; Then a usage error naming it
    const missing = await runApart(["show-job", "--job"]);
    expect(missing.code).to.equal(USAGE_ERROR);
    expect(missing.err).to.contain("option '--job <pubkey>' argument missing");
  });

  it("prints grouped top-level help, each command's help with the global options, and the version", async () => {
    const top = await runApart(["--help"]);
    expect(top.code).to.equal(0);
    let at = -1;
    for (const heading of Object.values(GROUPS)) {
      // each group once, in GROUPS' order
      const found = top.out.indexOf(heading);
      expect(found, heading).to.be.greaterThan(at);
      at = found;
    }
    for (const spec of COMMANDS) expect(top.out).to.match(new RegExp(`^  ${spec.name}\\b`, "m"));
    const stake = await runApart(["stake", "--help"]);
    expect(stake.code).to.equal(0);
    expect(stake.out).to.contain("Usage: io stake");
    expect(stake.out).to.contain("--amount <IO>");
    expect(stake.out).to.contain("-u, --url <url-or-moniker>");
    expect(stake.out).to.contain("-k, --keypair <path>");
    const version = await runApart(["--version"]);
    expect(version.out).to.equal((JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version);
  });

  /** Each printing command with the arguments it needs on the suite's chain (explorer serves until stopped: not here). */
  function printing(): Record<string, string[]> {
    const dir = cli.dir;
    const csv = join(dir, "drop.csv");
    writeFileSync(csv, `wallet,amount\n${publicKeyOf(user).toBase58()},100\n${Keypair.generate().publicKey.toBase58()},200\n`);
    return {
      status: [],
      genesis: [],
      schedule: ["--hour", "24"],
      price: [],
      iosd: ["--keypair", owner],
      "vesting-status": ["--keypair", owner],
      "show-job": ["--job", job],
      "show-node": ["--node", node],
      "show-participant": ["--node", node],
      "show-position": ["--keypair", owner, "--node", node],
      "prove-reserves": ["--keypair", admin], // sends the proofs: its transactions are in the document
      "buyback-status": [],
      "gov-list": [],
      "gov-show": ["--proposal", "0"],
      "airdrop-build": ["--csv", csv, "--out", join(dir, "drop.json")],
      address: ["--keypair", user],
      balance: ["--keypair", user],
      jobs: ["--keypair", user],
      positions: ["--keypair", owner],
      index: [],
      "referral-status": ["--keypair", user],
      reputation: [publicKeyOf(user).toBase58(), "--keypair", owner],
      "priority-tier": [publicKeyOf(user).toBase58(), "--keypair", owner],
    };
  }

  it("prints one JSON document for --output json on each read-only and offline command, and json-compact on one line", async () => {
    const commands = printing();
    // Every read-only or offline command of the registry is in the list (a new one must be added)
    for (const spec of COMMANDS.filter((c) => c.readOnly || c.offline)) expect(Object.keys(commands), spec.name).to.include(spec.name);
    for (const [name, args] of Object.entries(commands)) {
      const res = await apart(name, ...args, "--output", "json");
      expect(res.code, `${name}: ${res.err}`).to.equal(0);
      const doc = JSON.parse(res.out) as { command: string; ok: boolean; transactions: unknown[]; lines: string[] };
      expect(doc.command).to.equal(name);
      expect(doc.ok).to.equal(true);
      if (COMMANDS.find((c) => c.name === name)?.readOnly) expect(doc.transactions, name).to.deep.equal([]);
      else expect(doc.transactions.length, name).to.be.at.least(name === "prove-reserves" ? 1 : 0);
      expect(doc.lines.length, name).to.be.greaterThan(0);
      const compact = await apart(name, ...args, "--output", "json-compact");
      expect(compact.out.split("\n"), name).to.have.length(1);
      expect(JSON.parse(compact.out)).to.deep.include({ command: name, ok: true });
    }
    // And the wallet commands' fields are the chain's figures
    const balance = JSON.parse((await apart("balance", "--keypair", user, "--output", "json")).out) as { owner: string; usdc: { amount: string } };
    expect(balance.owner).to.equal(publicKeyOf(user).toBase58());
    expect(Number(balance.usdc.amount)).to.be.greaterThan(0).and.lessThan(50_000_000); // 50 USDC less the job's payment
    const jobs = JSON.parse((await apart("jobs", "--keypair", user, "--output", "json")).out) as { jobs: { address: string; state: string; hours: number }[] };
    expect(jobs.jobs.map((j) => j.address)).to.deep.equal([job]);
    expect(jobs.jobs[0]).to.deep.include({ state: "open", hours: 2 });
    const positions = JSON.parse((await apart("positions", "--keypair", owner, "--output", "json")).out) as { positions: { participant: string; active: string; pending: string }[] };
    expect(positions.positions).to.have.length(1);
    const [position] = positions.positions;
    expect(Number(position.active) + Number(position.pending)).to.equal(1_500_000_000_000); // the 15,000 IO staked
    const status = JSON.parse((await apart("status", "--output", "json")).out) as { minted: string; hour: number };
    expect(Number(status.minted)).to.be.greaterThan(0);
    expect(status.hour).to.be.at.least(24);
    const shown = JSON.parse((await apart("show-job", "--job", job, "--output", "json")).out) as { job: { address: string; user: string; hours: number; currency: number } };
    expect(shown.job).to.deep.include({ address: job, user: publicKeyOf(user).toBase58(), hours: 2, currency: 0 });
    const proposals = JSON.parse((await apart("gov-list", "--output", "json")).out) as { proposals: { index: string; status: string }[] };
    expect(proposals.proposals.map((p) => [p.index, p.status])).to.deep.equal([["0", "Voting"]]); // (a u64: a decimal string)
    const address = JSON.parse((await apart("address", "--keypair", admin, "--output", "json")).out) as { address: string };
    expect(address.address).to.equal(publicKeyOf(admin).toBase58());
  });

  it("prints the transactions in JSON, a failed one with the program's error name, and its error line on stderr", async () => {
    // When a transaction command lands; Then its signature and compute units are in the document
    const landed = await apart("crank", "--keypair", admin, "--warp", "1", "--output", "json");
    expect(landed.code, landed.err).to.equal(0);
    const doc = JSON.parse(landed.out) as { ok: boolean; transactions: { instruction: string; ok: boolean; signature: string; computeUnits: number }[] };
    expect(doc.ok).to.equal(true);
    expect(doc.transactions).to.have.length(1);
    expect(doc.transactions[0]).to.deep.include({ instruction: "crank", ok: true });
    expect(doc.transactions[0].signature).to.match(/^[1-9A-HJ-NP-Za-km-z]{64,88}$/);
    // When one fails (nothing to mint again at once); Then exit 1, ok false and the error named
    const failed = await apart("crank", "--keypair", admin, "--output", "json");
    expect(failed.code).to.equal(1);
    const bad = JSON.parse(failed.out) as { ok: boolean; transactions: { ok: boolean; programError: { name: string } }[] };
    expect(bad.ok).to.equal(false);
    expect(bad.transactions[0].ok).to.equal(false);
    expect(bad.transactions[0].programError.name).to.equal("NothingToMint");
    expect(failed.err).to.contain("crank: failed: NothingToMint");
    // And a thrown error: stderr only, stdout empty even in JSON
    const thrown = await apart("show-job", "--job", Keypair.generate().publicKey.toBase58(), "--output", "json");
    expect(thrown.code).to.equal(1);
    expect(thrown.out).to.equal("");
    expect(thrown.err).to.match(/^error: no job at /);
  });

  it("refuses a keypair path that does not exist (never a fresh key), and defaults to the Solana config's keypair", async () => {
    const missing = join(cli.dir, "missing.json");
    for (const argv of [
      ["status", "--keypair", missing, "--state", cli.state],
      ["balance", "-u", "localhost", "-k", missing],
      ["address", "--keypair", missing],
    ]) {
      const res = await runApart(argv);
      expect(res.code, argv.join(" ")).to.equal(1);
      expect(res.err).to.contain(`no keypair file at ${missing}`);
      expect(existsSync(missing)).to.equal(false);
    }
    // Given a Solana config naming the owner's keypair; Then -u without -k signs with it
    const config = join(cli.dir, "config.yml");
    writeFileSync(config, `---\njson_rpc_url: "http://127.0.0.1:8899"\nkeypair_path: ${owner}\ncommitment: confirmed\n`);
    const fromConfig = await runApart(["address", "-u", "devnet", "-C", config]);
    expect(fromConfig.code, fromConfig.err).to.equal(0);
    expect(fromConfig.out).to.equal(publicKeyOf(owner).toBase58());
    // and a config naming a missing file is the same error
    writeFileSync(config, `keypair_path: '${missing}'\n`);
    const gone = await runApart(["address", "-u", "devnet", "-C", config]);
    expect(gone.code).to.equal(1);
    expect(gone.err).to.contain(`no keypair file at ${missing}`);
  });

  it("takes the solana CLI's monikers and says 'cannot connect to <url>' when nothing answers", async function () {
    expect(clusterUrl("devnet")).to.equal("https://api.devnet.solana.com");
    expect(clusterUrl("m")).to.equal(CLUSTER_MONIKERS["mainnet-beta"]);
    expect(clusterUrl("localhost")).to.equal("http://127.0.0.1:8899");
    const bad = await runApart(["status", "-u", "moonnet"]);
    expect(bad.code).to.equal(1);
    expect(bad.err).to.contain("--url: not a URL nor a moniker (mainnet-beta, devnet, testnet, localhost");
    if (await listening(8899)) this.skip(); // a validator of another suite answers on localhost's port
    const refused = await runApart(["status", "-ul"]);
    expect(refused.code).to.equal(1);
    expect(refused.out).to.equal("");
    expect(refused.err).to.match(/^error: cannot connect to http:\/\/127\.0\.0\.1:8899: /);
  });

  it("never rewrites the chain file on a read-only command, even with --warp; a transaction command does", async () => {
    const bytes = sha256(cli.state);
    const mtime = statSync(cli.state).mtimeMs;
    const readOnly = Object.entries(printing()).filter(([name]) => COMMANDS.find((c) => c.name === name)?.readOnly);
    expect(readOnly.length).to.be.greaterThan(15);
    for (const [name, args] of readOnly) {
      expect((await apart(name, ...args, "--warp", "5")).code, name).to.equal(0);
      expect(sha256(cli.state), name).to.equal(bytes);
    }
    expect(statSync(cli.state).mtimeMs).to.equal(mtime);
    // (the control: a transaction rewrites it)
    expect((await apart("crank", "--keypair", admin, "--warp", "2")).code).to.equal(0);
    expect(sha256(cli.state)).to.not.equal(bytes);
  });

  it("pays --with-compute-unit-price as a priority fee", async () => {
    const lamports = async () => Number((JSON.parse((await apart("balance", "--keypair", admin, "--output", "json")).out) as { sol: { lamports: string } }).sol.lamports);
    const l0 = await lamports();
    expect((await apart("crank", "--keypair", admin, "--warp", "1")).code).to.equal(0);
    const l1 = await lamports();
    expect((await apart("crank", "--keypair", admin, "--warp", "1", "--with-compute-unit-price", "1000000")).code).to.equal(0);
    const l2 = await lamports();
    // Then the first paid the signature fee alone; the second also 1 lamport per compute unit of its limit
    expect(l0 - l1).to.equal(5_000);
    expect(l1 - l2 - 5_000).to.be.at.least(200_000);
    const bad = await apart("crank", "--keypair", admin, "--with-compute-unit-price", "1.5");
    expect(bad.code).to.equal(1);
    expect(bad.err).to.contain("--with-compute-unit-price: micro-lamports per compute unit");
  });

  it("draws a progress bar only on a terminal and never with --output json (airdrop-build of 25,000 wallets)", async () => {
    const csv = join(cli.dir, "large.csv");
    const rows = Array.from({ length: 25_000 }, (_, i) => `${new PublicKey(randomBytes(32)).toBase58()},${i + 1}`);
    writeFileSync(csv, `wallet,amount\n${rows.join("\n")}\n`);
    const tree = join(cli.dir, "large.json");
    const onTerminal = await runApart(["airdrop-build", "--csv", csv, "--out", tree], true);
    expect(onTerminal.code, onTerminal.err).to.equal(0);
    expect(onTerminal.out).to.contain("25000 wallets");
    expect(onTerminal.terminal).to.contain("reading the CSV [");
    expect(onTerminal.terminal).to.contain("10000/25002");
    expect(onTerminal.terminal).to.contain("building the Merkle tree [##############################] 1/1");
    const json = await runApart(["airdrop-build", "--csv", csv, "--out", tree, "--output", "json"], true);
    expect(json.terminal).to.equal("");
    expect(JSON.parse(json.out)).to.deep.include({ command: "airdrop-build", wallets: 25_000 });
    const noTerminal = await runApart(["airdrop-build", "--csv", csv, "--out", tree], false);
    expect(noTerminal.terminal).to.equal("");
  });

  it("settles any number of jobs in transactions of at most 4, with a progress bar on a terminal", async () => {
    // Given 6 one-hour USDC jobs of the user, each attested in full an hour later
    const jobs: string[] = [];
    for (let i = 0; i < 6; i++) {
      const opened = await cli.run("open-job", "--keypair", user, "--node", node, "--currency", "usdc", "--hours", "1");
      expect(opened.code, opened.out).to.equal(0);
      jobs.push(/^job (\w+)/m.exec(opened.out)![1]);
    }
    for (const [i, j] of jobs.entries()) {
      const attested = await cli.run("attest-usage", "--keypair", admin, "--job", j, "--hours", "1", ...(i === 0 ? ["--warp", "1"] : []));
      expect(attested.code, attested.out).to.equal(0);
    }
    // When anyone settles all 6 after the challenge window, on a terminal
    const settled = await runApart(["settle-jobs", "--keypair", admin, "--jobs", jobs.join(","), "--warp", "2", "--state", cli.state], true);
    // Then two transactions (4 + 2), every job settled, and the bar drawn up to 6/6
    expect(settled.code, settled.err).to.equal(0);
    expect(settled.out).to.contain("settle_jobs x4 USDC (transaction 1 of 2): confirmed");
    expect(settled.out).to.contain("settle_jobs x2 USDC (transaction 2 of 2): confirmed");
    for (const j of jobs) expect(settled.out).to.contain(`${j}: 1 hours served`);
    expect(settled.terminal).to.contain("settling [");
    expect(settled.terminal).to.contain("6/6");
    // and they are closed: the user's list no longer holds them
    const left = JSON.parse((await apart("jobs", "--keypair", user, "--output", "json")).out) as { jobs: { address: string }[] };
    for (const j of jobs) expect(left.jobs.map((x) => x.address)).to.not.include(j);
  });

  it("claim-all draws its progress on a terminal: the positions read, then the claims sent", async () => {
    // Given the user's delegation of 2 IO to the node, pending until the next epoch, which has begun
    const released = await cli.run("release", "--keypair", admin, "--bucket", "4", "--amount", "5", "--to", publicKeyOf(user).toBase58());
    expect(released.code, released.out).to.equal(0);
    expect((await cli.run("stake", "--keypair", user, "--node", node, "--amount", "2")).code).to.equal(0);
    const closed = await cli.run("close-epoch", "--keypair", admin, "--warp", "24");
    expect(closed.code, closed.out).to.equal(0);
    // When it claims all on a terminal; Then one claim (activating the stake) is sent and both bars reach 1/1
    const claimed = await runApart(["claim-all", "--keypair", user, "--state", cli.state], true);
    expect(claimed.code, claimed.err).to.equal(0);
    expect(claimed.out, claimed.out + claimed.err).to.contain("claim x1 (transaction 1 of 1): confirmed");
    expect(claimed.terminal).to.match(/reading positions \[#+\] 1\/1/);
    expect(claimed.terminal).to.match(/claiming \[#+\] 1\/1/);
    // and with --output json nothing is drawn
    const again = await runApart(["claim-all", "--keypair", user, "--state", cli.state, "--output", "json"], true);
    expect(again.terminal).to.equal("");
    expect((JSON.parse(again.out) as { command: string }).command).to.equal("claim-all");
  });

  it("prints the compiled command's start time (not asserted: the machine is shared)", async () => {
    const bin = join(REPO_ROOT, "cli", "bin", "io.js");
    execFileSync(process.execPath, [bin, "--version"]); // compiles dist/ first if it is stale
    const time = (argv: string[]) => {
      const started = process.hrtime.bigint();
      execFileSync(process.execPath, [bin, ...argv], { stdio: "ignore" });
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    for (const argv of [["--help"], ["schedule", "--hour", "8760"], ["status", "--state", cli.state], ["balance", "--keypair", user, "--state", cli.state]]) {
      const runs = [time(argv), time(argv), time(argv)].sort((a, b) => a - b);
      console.log(`      io ${argv[0]}: ${runs.map((ms) => `${ms.toFixed(0)} ms`).join(", ")} (3 runs, fastest first)`);
    }
  });
});
