/**
 * The packed SDK in an empty folder: `npm pack ./sdk`, the tarball unpacked into the folder's
 * node_modules as npm installs it (offline: the peers and the SDK's own dependencies are the
 * repo's installed copies, linked in, since no registry is reached), and the quick-start snippets
 * of docs/sdk.md (the same as the README's) run there as ES modules by plain `node` against the
 * embedded chain's JSON-RPC endpoint: paying for a job and staking with the SDK's helpers, and
 * with Anchor's Program over the SDK's IDLs (which resolve the PDAs and associated accounts).
 * Each snippet is at most 10 lines, `npm install` included.
 */
import { expect } from "chai";
import { execFile, execFileSync } from "child_process";
import { promisify } from "util";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { PublicKey } from "@solana/web3.js";
import { REPO_ROOT } from "../cli/chain";
import { address } from "@solana/kit";
import { decodeJob, decodePosition, IO, IO_JOBS_PROGRAM_ID, positionKey } from "../sdk/src";
import { buildSdk, SDK_DIR } from "./sdk-build";
import { sdkWorld } from "./sdk-world";

/** The fenced blocks tagged `js quickstart:<name>` in a Markdown file, by name. */
export function quickstarts(markdown: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of markdown.matchAll(/^```js quickstart:([\w-]+)\n([\s\S]*?)^```$/gm)) found.set(m[1], m[2]);
  return found;
}

const pkg = JSON.parse(readFileSync(join(SDK_DIR, "package.json"), "utf8")) as { name: string; peerDependencies: Record<string, string>; dependencies: Record<string, string> };

/** Links the repo's installed packages (peers and the SDK's dependencies with theirs) into `modules`, except the SDK itself. */
function linkRepoModules(modules: string): void {
  const repo = join(REPO_ROOT, "node_modules");
  for (const entry of readdirSync(repo)) {
    if (entry.startsWith(".") || entry === "@io-protocol") continue;
    if (entry.startsWith("@")) {
      mkdirSync(join(modules, entry), { recursive: true });
      for (const scoped of readdirSync(join(repo, entry))) symlinkSync(join(repo, entry, scoped), join(modules, entry, scoped));
    } else {
      symlinkSync(join(repo, entry), join(modules, entry));
    }
  }
}

describe("sdk quick start from the packed tarball", () => {
  const w = sdkWorld("io-sdk-quickstart-");
  let dir: string;
  const docs = quickstarts(readFileSync(join(REPO_ROOT, "docs", "sdk.md"), "utf8"));

  before(function () {
    this.timeout(300_000);
    buildSdk();
    dir = mkdtempSync(join(tmpdir(), "io-sdk-app-"));
    // Given the tarball npm pack makes, unpacked into an empty app's node_modules
    const tarball = execFileSync("npm", ["pack", SDK_DIR, "--pack-destination", dir, "--silent"], { encoding: "utf8" }).trim().split("\n").pop()!;
    const target = join(dir, "node_modules", "@io-protocol", "sdk");
    mkdirSync(target, { recursive: true });
    execFileSync("tar", ["-xzf", join(dir, tarball), "-C", target, "--strip-components=1"]);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "app", private: true, type: "module", dependencies: { [pkg.name]: `file:${tarball}` } }));
    linkRepoModules(join(dir, "node_modules"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("the tarball holds the built package only: dist (ESM, CJS, types) and package.json, no sources or tests", () => {
    const files = execFileSync("tar", ["-tzf", join(dir, readdirSync(dir).find((f) => f.endsWith(".tgz"))!)], { encoding: "utf8" }).trim().split("\n");
    expect(files).to.include.members(["package/package.json", "package/dist/cjs/index.js", "package/dist/esm/index.mjs", "package/dist/types/index.d.ts", "package/dist/esm/io-jobs/index.mjs"]);
    expect(files.filter((f) => f.startsWith("package/src/") || f.endsWith(".test.ts") || f.includes("litesvm"))).to.deep.equal([]);
    // and its declared peers are the four libraries only
    expect(Object.keys(pkg.peerDependencies).sort()).to.deep.equal(["@coral-xyz/anchor", "@solana/spl-token", "@solana/web3.js", "bn.js"]);
    expect(Object.keys(pkg.dependencies).filter((d) => /litesvm|sqlite|pg$/.test(d))).to.deep.equal([]);
  });

  it("the README's quick-start snippets are docs/sdk.md's, and each is at most 10 lines", () => {
    const readme = quickstarts(readFileSync(join(REPO_ROOT, "README.md"), "utf8"));
    expect([...docs.keys()].sort()).to.deep.equal(["anchor-job", "anchor-stake", "sdk-job", "sdk-stake"]);
    for (const [name, code] of docs) {
      expect(readme.get(name), `README snippet ${name}`).to.equal(code);
      const lines = code.trimEnd().split("\n").length;
      console.log(`      ${name}: ${lines} lines from npm install to a confirmed transaction`);
      expect(lines).to.be.at.most(10);
      expect(code.split("\n")[0]).to.match(/^\/\/ npm install @io-protocol\/sdk /);
    }
  });

  /** Runs a snippet as its own process (asynchronously: the endpoint answers from this one). */
  const run = async (name: string): Promise<string> => {
    const file = join(dir, `${name}.mjs`);
    writeFileSync(file, docs.get(name)!);
    const env = { ...process.env, RPC_URL: w.rpc.url, KEYPAIR: w.userPath, NODE: w.node.toBase58(), PARTICIPANT: w.participant.toBase58(), NODE_PATH: "" };
    return (await promisify(execFile)(process.execPath, [file], { cwd: dir, env, encoding: "utf8", timeout: 120_000 })).stdout;
  };

  it("the job snippet runs in the app folder with plain node and pays a job on the embedded chain", async () => {
    // When the snippet runs against the endpoint with the user's keypair
    const out = await run("sdk-job");
    // Then it printed the job and its transaction, and the job is on chain, the user's, for 2 hours
    const m = /^job (\w+) paid in (\w+)$/m.exec(out);
    expect(m, out).to.not.equal(null);
    expect(w.rpc.landed.has(m![2])).to.equal(true);
    const job = decodeJob(w.chain.account(new PublicKey(m![1]))!);
    expect(job.user.equals(w.user.publicKey)).to.equal(true);
    expect(job.hours).to.equal(2);
    // And it came from the installed package, not the repo's sources
    expect(existsSync(join(dir, "node_modules", "@io-protocol", "sdk", "dist", "esm", "index.mjs"))).to.equal(true);
  });

  it("the stake snippet runs there too and stakes 5 IO with the participant", async () => {
    const out = await run("sdk-stake");
    const m = /^5 IO staked in (\w+)$/m.exec(out);
    expect(m, out).to.not.equal(null);
    const pos = decodePosition(w.chain.account(positionKey(w.participant, w.user.publicKey)[0])!);
    expect(pos.active.add(pos.pending).eq(IO.muln(5))).to.equal(true);
  });

  it("the Anchor job snippet opens a job with program.methods.openJob and only the node and the currency's accounts", async () => {
    // Given the accounts the snippet names: only the node and the USDC mint, escrow and token program
    expect(docs.get("anchor-job")).to.contain(".accounts({ node: new PublicKey(process.env.NODE), mint, vault, tokenProgram })");
    const out = await run("anchor-job");
    // Then Anchor resolved the rest (the job from the nonce, the user's associated USDC account, ...) and the job landed
    const m = /^job paid in (\w+)$/m.exec(out);
    expect(m, out).to.not.equal(null);
    expect(w.rpc.landed.has(m![1])).to.equal(true);
    const mine = w.chain.svm
      .getProgramAccounts(address(IO_JOBS_PROGRAM_ID.toBase58()))
      .map((a) => w.chain.account(new PublicKey(a.address))!)
      .filter((a) => a.data.length > 200)
      .flatMap((a) => {
        try {
          return [decodeJob(a)];
        } catch {
          return [];
        }
      })
      .filter((j) => j.user.equals(w.user.publicKey));
    expect(mine.map((j) => j.hours).sort()).to.deep.equal([2, 2]);
  });

  it("the Anchor stake snippet stakes 5 IO more with program.methods.stake and only the participant and its Epoch account", async () => {
    const out = await run("anchor-stake");
    const m = /^5 IO staked in (\w+)$/m.exec(out);
    expect(m, out).to.not.equal(null);
    const pos = decodePosition(w.chain.account(positionKey(w.participant, w.user.publicKey)[0])!);
    expect(pos.active.add(pos.pending).eq(IO.muln(10))).to.equal(true);
  });

  it("the installed package also loads through require (CommonJS) per subpath, and its types check under Node16 resolution", async () => {
    // When a CommonJS script requires two subpaths and the root
    const cjs = join(dir, "check.cjs");
    writeFileSync(
      cjs,
      'const jobs = require("@io-protocol/sdk/io-jobs"); const staking = require("@io-protocol/sdk/io-staking"); const root = require("@io-protocol/sdk");\n' +
        'console.log([typeof jobs.openJob, typeof staking.stake, typeof root.sendTransaction, jobs.IO_JOBS_PROGRAM_ID.toBase58(), require.resolve("@io-protocol/sdk/io-jobs")].join(" "));\n',
    );
    const out = (await promisify(execFile)(process.execPath, [cjs], { cwd: dir, encoding: "utf8" })).stdout.trim().split(" ");
    // Then the functions are there, from the package's CommonJS build
    expect(out.slice(0, 4)).to.deep.equal(["function", "function", "function", IO_JOBS_PROGRAM_ID.toBase58()]);
    expect(out[4]).to.contain(join("node_modules", "@io-protocol", "sdk", "dist", "cjs", "io-jobs", "index.js"));
    // And a TypeScript app using the subpaths' types compiles with Node16 module resolution (the exports map's "types")
    writeFileSync(
      join(dir, "app.ts"),
      'import { openJob, Currency, JobStatus, type Job } from "@io-protocol/sdk/io-jobs";\nimport { stake } from "@io-protocol/sdk/io-staking";\nimport { sendTransaction, type WalletSigner } from "@io-protocol/sdk";\n' +
        "export const used: [typeof openJob, typeof stake, typeof sendTransaction, Currency, JobStatus] = [openJob, stake, sendTransaction, Currency.Usdc, JobStatus.Open];\nexport type Both = [Job, WalletSigner];\n" +
        '// @ts-expect-error: the SDK has no such export\nimport { noSuchHelper } from "@io-protocol/sdk/io-jobs";\nexport const x = noSuchHelper;\n',
    );
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "node16", moduleResolution: "node16", target: "es2020", strict: true, noEmit: true, skipLibCheck: true, types: ["node"] }, files: ["app.ts"] }));
    await promisify(execFile)(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", join(dir, "tsconfig.json")], { cwd: dir, encoding: "utf8" });
  });
});
