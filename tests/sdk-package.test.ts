/**
 * @io-protocol/sdk as a package: the jobs+staking subset bundles for the browser (no Node
 * built-in, peers external) under 150 KB minified and without the IDLs (the SDK decodes with the
 * generated code), and the packed tarball installs into an empty
 * folder and runs its quick start there (tests/sdk-quickstart.test.ts).
 */
import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { builtinModules } from "module";
import { tmpdir } from "os";
import { join } from "path";
import { REPO_ROOT } from "../cli/chain";
import { IO_JOBS_IDL } from "../sdk/src/idl/io_jobs";
import { IO_STAKING_IDL } from "../sdk/src/idl/io_staking";
import { buildSdk, PEERS } from "./sdk-build";

/** Every `docs` string in an IDL (instructions, their accounts, accounts, types and fields). */
function idlDocs(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(idlDocs);
  if (!value || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => (k === "docs" && Array.isArray(v) ? v.filter((d): d is string => typeof d === "string") : idlDocs(v)));
}

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
    // And the IDLs are not in it: the SDK decodes and encodes with the generated code, so none of
    // io_jobs' and io_staking's IDL texts (instruction, account, type and field docs, which only the
    // IDL objects carry as strings) is in the bundle, nor the IDL objects' exports
    const docs = [IO_JOBS_IDL, IO_STAKING_IDL].flatMap((idl) => idlDocs(idl)).filter((d) => d.length >= 24);
    expect(docs.length).to.be.greaterThan(50);
    const leaked = docs.filter((d) => text.includes(JSON.stringify(d).slice(1, -1)));
    expect(leaked, `IDL text in the bundle: ${leaked.slice(0, 3).join(" | ")}`).to.deep.equal([]);
    for (const name of ["IO_JOBS_IDL", "IO_STAKING_IDL"]) expect(text).not.to.contain(name);
  });

  it("the IDL check above sees an IDL that is in a bundle", () => {
    // Given an app importing the io_jobs IDL itself (as an app using Anchor's Program does)
    const entry = join(dir, "with-idl.ts");
    writeFileSync(entry, 'export { IO_JOBS_IDL } from "@io-protocol/sdk";\n');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require("esbuild") as typeof import("esbuild");
    const res = esbuild.buildSync({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      platform: "browser",
      format: "esm",
      write: false,
      logLevel: "silent",
      external: PEERS.flatMap((p) => [p, `${p}/*`]),
      absWorkingDir: REPO_ROOT,
      nodePaths: [join(REPO_ROOT, "node_modules")],
    });
    // When its docs are looked for as the subset test looks; Then most are found
    const text = Buffer.from(res.outputFiles[0].contents).toString("utf8");
    const docs = idlDocs(IO_JOBS_IDL).filter((d) => d.length >= 24);
    const found = docs.filter((d) => text.includes(JSON.stringify(d).slice(1, -1)));
    expect(found.length).to.be.greaterThan(docs.length / 2);
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
