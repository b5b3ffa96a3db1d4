/**
 * The build's own guards can fail: the IR check refuses a constant that holds a pointer (what
 * sbpf-linker 0.1.9 leaves unrelocated), and the built programs are SBF ELF files.
 */
import { expect } from "chai";
import { execFileSync, spawnSync } from "child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { DEPLOY_DIR, REPO_ROOT } from "../cli/chain";

const CHECK = join(REPO_ROOT, "scripts", "check-sbf-ir.sh");

describe("build checks", () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "io-ir-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("check-sbf-ir refuses a constant holding a pointer", () => {
    // Given IR like the one an all-constant seed list `&[CONFIG_SEED]` produced
    const bad = join(dir, "bad.ll");
    writeFileSync(
      bad,
      [
        '@anon.1 = internal unnamed_addr constant [6 x i8] c"config", align 1',
        '@anon.2 = internal unnamed_addr constant <{ ptr, [8 x i8] }> <{ ptr @anon.1, [8 x i8] c"\\06\\00\\00\\00\\00\\00\\00\\00" }>, align 8',
      ].join("\n"),
    );
    // When checked; Then it fails and names the constant
    const res = spawnSync("bash", [CHECK, bad], { encoding: "utf8" });
    expect(res.status).to.equal(1);
    expect(res.stderr).to.contain("@anon.2");
  });

  it("check-sbf-ir accepts constants without pointers, and the programs' own IR", () => {
    const good = join(dir, "good.ll");
    writeFileSync(good, '@anon.1 = internal unnamed_addr constant [6 x i8] c"config", align 1\n');
    execFileSync("bash", [CHECK, good]);
    for (const p of ["io_token", "io_oracle", "io_jobs", "toolchain_canary", "io_buyback", "io_governance"]) {
      execFileSync("bash", [CHECK, join(REPO_ROOT, "target", "ir", p, "post-opt.ll")]);
    }
  });

  it("the programs are SBF (eBPF ELF) shared objects", () => {
    for (const p of ["io_token", "io_oracle", "io_jobs", "toolchain_canary", "io_buyback", "io_governance"]) {
      const elf = readFileSync(join(DEPLOY_DIR, `${p}.so`));
      expect(elf.subarray(0, 4).toString("latin1")).to.equal("\x7fELF");
      expect(elf.readUInt16LE(18), `${p} e_machine`).to.equal(247); // EM_BPF
      expect(elf.readUInt16LE(16), `${p} e_type`).to.equal(3); // ET_DYN
    }
  });
});
