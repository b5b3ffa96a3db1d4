/**
 * The hand-over to governance on the real .so files, in the attack matrix's world (all six
 * programs initialised, the admin their upgrade authority, a separate governance guardian):
 * io_governance's permissionless accept_admin for each of the five programs and its refusals,
 * then cli/handover.ts (what `migrations/deploy.ts --handover` runs), after which EVERY admin
 * instruction of every program, built valid by its attack-matrix fixture before the hand-over,
 * is refused to the old admin key, and so are the loader's upgrade-authority changes.
 */
import { expect } from "chai";
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import {
  acceptGovernanceAdminInstruction,
  ADMIN_TARGETS,
  decodeBuybackConfig,
  decodeGovernanceConfig,
  executorKey,
  governanceConfigKey,
  IO_GOVERNANCE_PROGRAM_ID,
  jobsConfigKey,
  programDataKey,
  proposeAdminInstruction,
  proposeBuybackAdminInstruction,
  proposeJobsAdminInstruction,
  proposeOracleAdminInstruction,
  proposeStakingAdminInstruction,
} from "../sdk/src";
import { ADMIN_ROLES, handOver, setUpgradeAuthorityInstruction, upgradeAuthorityOf, UPGRADEABLE_PROGRAMS } from "../cli/handover";
import { expectError, expectOk } from "./harness";
import { FIXTURES } from "./matrix/fixtures";
import { INSTRUCTIONS } from "./matrix/idl";
import { Scene } from "./matrix/scene";
import { Fixture } from "./matrix/spec";
import { BuiltWorld, buildWorld, fixed, MatrixChain, restore } from "./matrix/world";

const [EXECUTOR] = executorKey();
const PROPOSE: ((admin: PublicKey, newAdmin: PublicKey) => TransactionInstruction)[] = [
  (admin, newAdmin) => proposeAdminInstruction({ admin, newAdmin }),
  (admin, newAdmin) => proposeOracleAdminInstruction({ admin, newAdmin }),
  (admin, newAdmin) => proposeJobsAdminInstruction({ admin, newAdmin }),
  (admin, newAdmin) => proposeStakingAdminInstruction({ admin, newAdmin }),
  (admin, newAdmin) => proposeBuybackAdminInstruction({ admin, newAdmin }),
];

/** Whether `key`'s 32 bytes appear in the config's data (read without trusting a decoder). */
function holds(chain: MatrixChain, config: PublicKey, key: PublicKey): boolean {
  return chain.account(config)!.data.includes(key.toBuffer());
}

/**
 * Every admin power: the instructions whose IDL names a signer `admin`, plus those an admin
 * signs under another name (io_staking's resolve_slash before the deadline, io_buyback's pause).
 */
const ADMIN_INSTRUCTIONS = INSTRUCTIONS.filter((ix) => ix.accounts.some((a) => a.signer && a.name === "admin"))
  .map((ix) => ix.id)
  .concat(["io_staking.resolve_slash", "io_buyback.pause"]);

describe("io_governance accept_admin and the hand-over", function () {
  this.timeout(300_000);
  let world: BuiltWorld;
  before(() => {
    world = buildWorld();
  });
  const fresh = () => restore(world);

  describe("accept_admin", () => {
    it("completes each program's hand-over once its admin proposed the executor; anyone may send it", () => {
      const chain = fresh();
      const admin = world.keys.admin;
      const anyone = fixed("hand-over caller");
      chain.airdrop(anyone.publicKey, 1);
      for (let target = 0; target < ADMIN_TARGETS.length; target++) {
        const { name, config } = ADMIN_TARGETS[target];
        // Given the admin proposed the executor (step one).
        expectOk(chain.send([PROPOSE[target](admin.publicKey, EXECUTOR)], [chain.payer, admin]));
        expect(holds(chain, config, admin.publicKey), name).to.equal(true);
        // When anyone (not the admin) sends accept_admin for it.
        const res = expectOk(chain.send([acceptGovernanceAdminInstruction({ target })], [anyone]));
        // Then the executor is the admin and nothing is pending.
        const roles = ADMIN_ROLES[target].roles(chain.account(config)!);
        expect(roles.admin.toBase58(), name).to.equal(EXECUTOR.toBase58());
        expect(roles.pendingAdmin.toBase58(), name).to.equal(PublicKey.default.toBase58());
        expect(res.logs.some((l) => l.includes(`Program ${IO_GOVERNANCE_PROGRAM_ID.toBase58()} success`)), name).to.equal(true);
      }
    });

    it("refuses a target whose pending admin is not the executor, and a replay, leaving state unchanged", () => {
      const chain = fresh();
      const admin = world.keys.admin;
      const [config] = jobsConfigKey();
      // Given nothing proposed: the target itself refuses inside the CPI.
      let before = chain.snapshot([config]);
      expectError(chain.send([acceptGovernanceAdminInstruction({ target: 2 })], [chain.payer]), "NoPendingAdmin");
      expect(chain.snapshot([config])).to.equal(before);
      // Given another key proposed: the executor is not the pending admin.
      expectOk(chain.send([proposeJobsAdminInstruction({ admin: admin.publicKey, newAdmin: Keypair.generate().publicKey })], [chain.payer, admin]));
      before = chain.snapshot([config]);
      expectError(chain.send([acceptGovernanceAdminInstruction({ target: 2 })], [chain.payer]), "Unauthorized");
      expect(chain.snapshot([config])).to.equal(before);
      // Replay: accepted once, the same instruction again finds nothing pending.
      expectOk(chain.send([proposeJobsAdminInstruction({ admin: admin.publicKey, newAdmin: EXECUTOR })], [chain.payer, admin]));
      expectOk(chain.send([acceptGovernanceAdminInstruction({ target: 2 })], [chain.payer]));
      chain.svm.expireBlockhash();
      before = chain.snapshot([config]);
      expectError(chain.send([acceptGovernanceAdminInstruction({ target: 2 })], [chain.payer]), "NoPendingAdmin");
      expect(chain.snapshot([config])).to.equal(before);
    });

    it("refuses a wrong config, executor, program or target account, and an unknown target, by name", () => {
      const chain = fresh();
      const admin = world.keys.admin;
      expectOk(chain.send([proposeJobsAdminInstruction({ admin: admin.publicKey, newAdmin: EXECUTOR })], [chain.payer, admin]));
      const [config] = jobsConfigKey();
      const watched = [config, governanceConfigKey()[0]];
      const before = chain.snapshot(watched);
      const valid = () => acceptGovernanceAdminInstruction({ target: 2 });
      const swap = (index: number, pubkey: PublicKey) => {
        const ix = valid();
        ix.keys[index] = { ...ix.keys[index], pubkey };
        return ix;
      };
      const cases: [string, TransactionInstruction, string][] = [
        // The governance config replaced by another program's config.
        ["config", swap(0, config), "InvalidConfig"],
        ["executor", swap(1, Keypair.generate().publicKey), "InvalidTarget"],
        ["target program (io_oracle for io_jobs)", swap(2, ADMIN_TARGETS[1].program), "InvalidTarget"],
        ["target config (io_oracle's for io_jobs)", swap(3, ADMIN_TARGETS[1].config), "InvalidTarget"],
      ];
      const unknown = valid();
      unknown.data[8] = 5;
      cases.push(["target 5", unknown, "InvalidAction"]);
      for (const [label, ix, error] of cases) {
        const res = chain.send([ix], [chain.payer]);
        expect(res.ok, label).to.equal(false);
        expect(res.ok ? "" : res.programError?.name, label).to.equal(error);
        expect(chain.snapshot(watched), label).to.equal(before);
      }
      // The control: the valid instruction succeeds on the same state.
      expectOk(chain.send([valid()], [chain.payer]));
    });
  });

  describe("hand-over (cli/handover.ts, migrations/deploy.ts --handover)", () => {
    it("moves every admin role, io_buyback's guardian and every upgrade authority; a second run sends nothing", async () => {
      const chain = fresh();
      const admin = world.keys.admin;
      const lines: string[] = [];
      const report = await handOver(chain, admin, (l) => lines.push(l));
      expect(Object.values(report.admin)).to.deep.equal(Array(5).fill("handed-over"));
      expect(Object.values(report.upgradeAuthority)).to.deep.equal(Array(6).fill("handed-over"));
      expect(report.buybackGuardian).to.equal("set");
      for (const { config } of ADMIN_TARGETS) expect(holds(chain, config, EXECUTOR)).to.equal(true);
      for (const { program } of UPGRADEABLE_PROGRAMS) expect(upgradeAuthorityOf(chain.account(programDataKey(program)[0])!.data)!.toBase58()).to.equal(EXECUTOR.toBase58());
      const guardian = decodeGovernanceConfig(chain.account(governanceConfigKey()[0])!).guardian;
      expect(decodeBuybackConfig(chain.account(ADMIN_TARGETS[4].config)!).guardian.toBase58()).to.equal(guardian.toBase58());
      // A second run finds everything done and sends nothing.
      const watched = [...ADMIN_TARGETS.map((t) => t.config), ...UPGRADEABLE_PROGRAMS.map((p) => programDataKey(p.program)[0])];
      const before = chain.snapshot(watched);
      const again: string[] = [];
      const second = await handOver(chain, admin, (l) => again.push(l));
      expect(Object.values(second.admin)).to.deep.equal(Array(5).fill("already"));
      expect(Object.values(second.upgradeAuthority)).to.deep.equal(Array(6).fill("already"));
      expect(again[again.length - 1]).to.equal("hand-over: already done, nothing sent");
      expect(chain.snapshot(watched)).to.equal(before);
    });

    it(`refuses every admin instruction of every program to the old admin key afterwards (${ADMIN_INSTRUCTIONS.length} instructions)`, async () => {
      const admin = world.keys.admin;
      const refused: string[] = [];
      for (const id of ADMIN_INSTRUCTIONS) {
        const fixtures = ([] as Fixture[]).concat(FIXTURES[id]);
        for (const fixture of fixtures) {
          const label = `${id}${fixture.label ? ` (${fixture.label})` : ""}`;
          // Given the instruction built valid for the admin (by its attack-matrix fixture) ...
          const chain = fresh();
          const built = fixture.build(new Scene(chain, world.keys));
          expect(built.signers.map((k) => k.publicKey.toBase58()), label).to.include(admin.publicKey.toBase58());
          // ... When the programs are handed over and the old key sends it.
          await handOver(chain, admin);
          const watched = built.ix.keys.filter((k) => k.isWritable).map((k) => k.pubkey);
          const before = chain.snapshot(watched);
          const res = chain.send([built.ix], [chain.payer, ...built.signers]);
          // Then it is refused by name and nothing changed.
          expect(res.ok, `${label} succeeded after the hand-over`).to.equal(false);
          expect(res.ok ? "" : res.programError?.name, `${label}: ${res.ok ? "" : res.error}`).to.equal("Unauthorized");
          expect(chain.snapshot(watched), label).to.equal(before);
          refused.push(label);
        }
      }
      console.log(`      refused to the old admin key: ${refused.join(", ")}`);
      expect(refused.length).to.be.at.least(ADMIN_INSTRUCTIONS.length);
    });

    it("the old key can no longer move any program's upgrade authority (the loader refuses)", async () => {
      const chain = fresh();
      const admin = world.keys.admin;
      await handOver(chain, admin);
      for (const { name, program } of UPGRADEABLE_PROGRAMS) {
        const [programData] = programDataKey(program);
        const before = chain.snapshot([programData]);
        const res = chain.send([setUpgradeAuthorityInstruction({ program, authority: admin.publicKey, newAuthority: admin.publicKey })], [chain.payer, admin]);
        expect(res.ok, name).to.equal(false);
        expect(res.ok ? "" : res.error, name).to.include("IncorrectAuthority");
        expect(chain.snapshot([programData]), name).to.equal(before);
      }
    });
  });
});
