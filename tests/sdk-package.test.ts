/**
 * @io-protocol/sdk as a package: the jobs+staking subset bundles for the browser (no Node
 * built-in, peers external) under 150 KB minified, and the packed tarball installs into an empty
 * folder and runs its quick start there (tests/sdk-quickstart.test.ts).
 */
import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { builtinModules } from "module";
import { tmpdir } from "os";
import { join } from "path";
import { REPO_ROOT } from "../cli/chain";
import { buildSdk, PEERS } from "./sdk-build";

const LIMIT = 150 * 1024;

describe("sdk package", () => {
  let dir: string;
  before(() => {
    buildSdk();
    dir = mkdtempSync(join(tmpdir(), "io-sdk-bundle-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("bundles the jobs+staking subset for the browser under 150 KB minified, peers external", () => {
    // Given an app importing everything io-jobs and io-staking export (the worst case for tree shaking)
    const entry = join(dir, "app.ts");
    writeFileSync(entry, 'export * from "@io-protocol/sdk/io-jobs";\nexport * from "@io-protocol/sdk/io-staking";\n');
    // When esbuild bundles it for the browser with the peers left to the app
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require("esbuild") as typeof import("esbuild");
    const res = esbuild.buildSync({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
      external: PEERS.flatMap((p) => [p, `${p}/*`]),
      absWorkingDir: REPO_ROOT,
      nodePaths: [join(REPO_ROOT, "node_modules")],
    });
    const size = res.outputFiles[0].contents.length;
    console.log(`      jobs+staking browser bundle: ${size} bytes minified (${(size / 1024).toFixed(1)} KB), peers external`);
    // Then it is under the limit, came from the package's ESM build, and pulled in no Node built-in
    // (platform browser fails on one; the inputs are checked too)
    expect(size).to.be.below(LIMIT);
    const inputs = Object.keys(res.metafile.inputs);
    expect(inputs.some((i) => i.startsWith("sdk/dist/esm/"))).to.equal(true);
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const imports = Object.values(res.metafile.inputs).flatMap((i) => i.imports.map((x) => x.path));
    expect(imports.filter((p) => builtins.has(p) && p !== "buffer")).to.deep.equal([]);
    // the SDK's exports are there (a builder and a decoder of each program)
    const text = Buffer.from(res.outputFiles[0].contents).toString("utf8");
    for (const name of ["openJobInstruction", "stakeInstruction", "decodeJob", "decodePosition"]) expect(text).to.contain(name);
  });

  it("the subset bundle refuses Node's crypto: the SDK hashes in plain JavaScript", () => {
    // Given a module that imports Node's crypto, as the SDK once did
    const entry = join(dir, "bad.ts");
    writeFileSync(entry, 'import { createHash } from "crypto";\nexport const h = createHash("sha256");\n');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require("esbuild") as typeof import("esbuild");
    // When bundled as the test above bundles the SDK; Then the build fails on it
    expect(() => esbuild.buildSync({ entryPoints: [entry], bundle: true, platform: "browser", write: false, logLevel: "silent", absWorkingDir: REPO_ROOT })).to.throw(/crypto/);
  });
});
