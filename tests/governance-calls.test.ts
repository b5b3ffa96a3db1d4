/**
 * Every admin power is reachable after the hand-over (issue 15), on the real .so files in the
 * attack matrix's world (all six programs initialised, then cli/handover.ts):
 * - the inventory: docs/governance.md's table names, for every admin-gated instruction of every
 *   IDL, the governance action that reaches it or why none is needed, and each action row leads
 *   to that instruction through the SDK's tables;
 * - each admin call (action 6) and io_token's parameters (action 0, ids 88-92) executed through a
 *   full proposal lifecycle after the hand-over, the old admin's own call refused;
 * - attacks: substituted accounts at execution, out-of-bound values and wrong keys at proposal
 *   time, a release to a destination the proposal does not name, an unpause vetoed, a dispute
 *   past its deadline. Refusals assert the error and unchanged state.
 */
import { expect } from "chai";
import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import BN from "bn.js";
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import {
  ActionSpec,
  ADMIN_CALLS,
  ADMIN_TARGETS,
  adminCallAction,
  buybackConfigKey,
  Currency,
  decodeBuybackConfig,
  decodeEmissionState,
  decodeGovernanceConfig,
  decodeIosdState,
  decodeJob,
  decodeParticipant,
  decodeProposal,
  DISPUTE_RESOLVED,
  disputeJobInstruction,
  emissionKey,
  executeInstruction,
  GOV_PARAMS,
  GovAction,
  governanceConfigKey,
  iosdStateKey,
  IO,
  lockGenesisInstruction,
  lockPositionInstruction,
  pauseBuybackInstruction,
  positionKey,
  proposalActions,
  proposalKey,
  ProposalState,
  proposeInstruction,
  queueInstruction,
  releaseInstruction,
  resolveDisputeInstruction,
  resolveSlashInstruction,
  contestSlashInstruction,
  setIosdParamsInstruction,
  setIosdSpenderInstruction,
  setRemintCapInstruction,
  setRewardsVaultInstruction,
  jobKey,
  setJobParamsInstruction,
  DEFAULT_JOBS_PARAMS,
  unpauseBuybackInstruction,
  vaultKey,
  vetoInstruction,
  voteInstruction,
  voteSlashInstruction,
  VoteChoice,
} from "../sdk/src";
import { handOver } from "../cli/handover";
import { TxResult } from "../cli/chain";
import { expectError, expectOk } from "./harness";
import { INSTRUCTIONS } from "./matrix/idl";
import { Scene } from "./matrix/scene";
import { BuiltWorld, buildWorld, MATRIX_GOV_PARAMS, MatrixChain, restore } from "./matrix/world";

const SLASH_UPHELD = 3;
const SLASH_CONTESTED = 2;

/** An IO (Token-2022) account's balance: the amount at bytes 64..72. */
function balance(chain: MatrixChain, account: PublicKey): bigint {
  return chain.account(account)!.data.readBigUInt64LE(64);
}

// ---------------------------------------------------------------------------------------------
// The inventory (docs/governance.md, "Every admin power after the hand-over")
// ---------------------------------------------------------------------------------------------

interface Row {
  id: string;
  gate: string;
  reach: string;
}

/** The rows of the inventory table: `| program.instruction | gate | reach |`. */
function inventory(): Row[] {
  const doc = readFileSync(join(__dirname, "..", "docs", "governance.md"), "utf8");
  const start = doc.indexOf("## Every admin power after the hand-over");
  expect(start, "the inventory section").to.be.greaterThan(-1);
  const section = doc.slice(start, doc.indexOf("\n## ", start + 3));
  return section
    .split("\n")
    .map((l) => /^\| (io_\w+\.\w+) \| ([^|]+) \| ([^|]+) \|$/.exec(l.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ id: m[1], gate: m[2].trim(), reach: m[3].trim() }));
}

/** Instructions whose handler compares a config's admin (or the upgrade authority) with a signer, read from the programs' sources. */
function adminGatedInSource(): string[] {
  const out: string[] = [];
  const root = join(__dirname, "..", "programs");
  for (const dir of readdirSync(root).filter((d) => d.startsWith("io-"))) {
    const program = dir.replace(/-/g, "_");
    const folder = join(root, dir, "src", "instructions");
    for (const file of readdirSync(folder).filter((f) => f.endsWith(".rs") && f !== "mod.rs")) {
      const src = readFileSync(join(folder, file), "utf8");
      if (/check_admin\(|\.admin\b|program_data|upgrade_authority/.test(src)) out.push(`${program}.${file.replace(/\.rs$/, "")}`);
    }
  }
  return out;
}

/** Admin-gated instructions: an `admin` or `new_admin` signer or `program_data` in the IDL, or an admin check in the source. */
function adminGated(): string[] {
  const fromIdl = INSTRUCTIONS.filter((ix) => ix.accounts.some((a) => (a.signer && (a.name === "admin" || a.name === "new_admin")) || a.name === "program_data")).map((ix) => ix.id);
  return [...new Set([...fromIdl, ...adminGatedInSource()])].sort();
}

/** Why an action row does not lead to `id`, or null when it does (through GOV_PARAMS, ADMIN_CALLS, ADMIN_TARGETS). */
function mismatch(id: string, action: string): string | null {
  const [program, name] = id.split(".");
  let m: RegExpExecArray | null;
  if ((m = /^action 0 param (\d+)(?:-(\d+))?$/.exec(action))) {
    const [lo, hi] = [Number(m[1]), Number(m[2] ?? m[1])];
    for (let p = lo; p <= hi; p++) {
      const q = GOV_PARAMS.find((x) => x.id === p);
      if (!q) return `no parameter ${p}`;
      if (q.program !== program || q.setter !== name) return `parameter ${p} is ${q.program} ${q.setter}`;
    }
    // The range covers every parameter of that setter.
    const all = GOV_PARAMS.filter((x) => x.program === program && x.setter === name).map((x) => x.id);
    if (all.some((p) => p < lo || p > hi)) return `${id} has parameters outside ${lo}-${hi}`;
    return null;
  }
  if (action === "action 1") return id === "io_oracle.set_oracle_set" ? null : "action 1 sets io_oracle's set";
  if (action === "action 3") return id === "io_buyback.spend_incentives" ? null : "action 3 is io_buyback's spend_incentives";
  if ((m = /^action 4 target (\d)$/.exec(action))) return m[1] === "0" && id === "io_buyback.set_guardian" ? null : "action 4 target 0 is io_buyback's set_guardian";
  if ((m = /^action (2|5) target (\d)$/.exec(action))) {
    const t = ADMIN_TARGETS[Number(m[2])];
    const ixName = m[1] === "2" ? "accept_admin" : "propose_admin";
    return t && t.name === program && name === ixName ? null : `action ${m[1]} target ${m[2]} is ${t?.name}.${ixName}`;
  }
  if ((m = /^action 6 call (\d+)$/.exec(action))) {
    const c = ADMIN_CALLS[Number(m[1])];
    return c && c.program === program && c.instruction === name ? null : `call ${m[1]} is ${c?.program}.${c?.instruction}`;
  }
  return `unknown action "${action}"`;
}

describe("governance reaches every admin power after the hand-over", function () {
  this.timeout(300_000);

  describe("inventory (docs/governance.md)", () => {
    it("every admin-gated instruction of the six IDLs has a row with an action that reaches it or an exemption with its reason", () => {
      // Given the inventory table and the admin-gated instructions (IDLs and sources).
      const rows = inventory();
      const gated = adminGated();
      const ids = new Set(INSTRUCTIONS.map((ix) => ix.id));
      const byId = new Map(rows.map((r) => [r.id, r]));
      // Then every gated instruction has a row ...
      const missing = gated.filter((id) => !byId.has(id));
      expect(missing, "admin-gated instructions without a row in docs/governance.md").to.deep.equal([]);
      // ... every row names an instruction of an IDL, once ...
      expect(rows.filter((r) => !ids.has(r.id)).map((r) => r.id), "rows naming no IDL instruction").to.deep.equal([]);
      expect(rows.length, "a row twice").to.equal(byId.size);
      // ... and each is an exemption with a reason or actions that lead to it.
      const wrong: string[] = [];
      for (const r of rows) {
        if (r.reach.startsWith("exempt: ")) {
          if (r.reach.length < "exempt: ".length + 20) wrong.push(`${r.id}: an exemption without its reason`);
          continue;
        }
        for (const action of r.reach.split(", ")) {
          const why = mismatch(r.id, action);
          if (why) wrong.push(`${r.id}: ${why}`);
        }
      }
      expect(wrong).to.deep.equal([]);
      // Every admin call and every governed setter appears in the table.
      for (const c of ADMIN_CALLS) expect(rows.some((r) => r.reach.split(", ").includes(`action 6 call ${c.target}`)), `call ${c.target}`).to.equal(true);
      for (const q of GOV_PARAMS.filter((x) => x.program !== "io_governance")) expect(byId.has(`${q.program}.${q.setter}`), q.setter).to.equal(true);
      console.log(`      ${gated.length} admin-gated instructions: ${rows.filter((r) => !r.reach.startsWith("exempt")).length} reached by an action, ${rows.filter((r) => r.reach.startsWith("exempt")).length} exempt`);
    });

    it("the check fails on a gated instruction without a row and on an action row that leads elsewhere (the test can fail)", () => {
      // Given the real table with one row removed, the gated instruction is reported missing.
      const rows = inventory().filter((r) => r.id !== "io_buyback.unpause");
      expect(adminGated().filter((id) => !rows.some((r) => r.id === id))).to.deep.equal(["io_buyback.unpause"]);
      // And a row pointing at another instruction's call or parameter is refused.
      expect(mismatch("io_buyback.unpause", "action 6 call 0")).to.match(/release/);
      expect(mismatch("io_token.set_remint_cap", "action 0 param 89")).to.match(/set_iosd_params/);
      expect(mismatch("io_token.set_iosd_params", "action 0 param 89-91")).to.match(/outside/);
      expect(mismatch("io_jobs.propose_admin", "action 5 target 3")).to.match(/io_staking/);
    });
  });

  let world: BuiltWorld;
  before(() => {
    world = buildWorld();
  });

  /** The world with every program handed over (cli/handover.ts). */
  async function handedOver(): Promise<MatrixChain> {
    const chain = restore(world);
    await handOver(chain, world.keys.admin);
    return chain;
  }

  const owner = () => world.keys.stakeNode.owner;
  const ownerPosition = () => positionKey(world.keys.stakeNode.participant, owner().publicKey)[0];
  const delegatorPosition = () => positionKey(world.keys.stakeNode.participant, world.keys.delegator.wallet.publicKey)[0];

  function propose(chain: MatrixChain, actions: ActionSpec[]): { res: TxResult; proposal: PublicKey } {
    const index = decodeGovernanceConfig(chain.account(governanceConfigKey()[0])!).proposalCount;
    const res = chain.send([proposeInstruction({ proposer: owner().publicKey, position: ownerPosition(), index, actions })], [chain.payer, owner()]);
    return { res, proposal: proposalKey(index)[0] };
  }

  /** Both stakers vote yes, the vote ends, the proposal is queued; the timelock passes unless `wait` is false. */
  function pass(chain: MatrixChain, proposal: PublicKey, wait = true): void {
    const voters: [Keypair, PublicKey][] = [
      [owner(), ownerPosition()],
      [world.keys.delegator.wallet, delegatorPosition()],
    ];
    for (const [wallet, position] of voters) {
      expectOk(chain.send([lockPositionInstruction({ staker: wallet.publicKey, position, proposal }), voteInstruction({ voter: wallet.publicKey, proposal, position, choice: VoteChoice.Yes })], [chain.payer, wallet]));
    }
    chain.warp(MATRIX_GOV_PARAMS.votingPeriod);
    expectOk(chain.send([queueInstruction({ caller: chain.payer.publicKey, proposal })], [chain.payer]));
    if (wait) chain.warp(MATRIX_GOV_PARAMS.timelock);
  }

  /** The proposal's execute, with the accounts its stored actions name (SDK). */
  function executeIx(chain: MatrixChain, proposal: PublicKey): TransactionInstruction {
    const p = decodeProposal(chain.account(proposal)!);
    return executeInstruction({ caller: chain.payer.publicKey, proposal, actions: proposalActions(p), usdcMint: world.keys.usdcMint });
  }

  /** Proposes `actions`, passes them and executes; returns the execution (asserted ok) and the proposal. */
  function lifecycle(chain: MatrixChain, actions: ActionSpec[]): { res: Extract<TxResult, { ok: true }>; proposal: PublicKey } {
    const { res, proposal } = propose(chain, actions);
    expectOk(res);
    pass(chain, proposal);
    const executed = expectOk(chain.send([executeIx(chain, proposal)], [chain.payer]));
    expect(decodeProposal(chain.account(proposal)!).state).to.equal(ProposalState.Executed);
    return { res: executed, proposal };
  }

  /** The old admin's own call: refused (Unauthorized), nothing it names written. */
  function oldAdminRefused(chain: MatrixChain, ix: TransactionInstruction): void {
    const watched = ix.keys.filter((k) => k.isWritable).map((k) => k.pubkey);
    const before = chain.snapshot(watched);
    expectError(chain.send([ix], [chain.payer, world.keys.admin]), "Unauthorized");
    expect(chain.snapshot(watched)).to.equal(before);
  }

  const cu: Record<string, number> = {};
  after(() => {
    if (Object.keys(cu).length) console.log(`      execute CU by action: ${Object.entries(cu).map(([k, v]) => `${k} ${v.toLocaleString("en-US")}`).join(", ")}`);
  });

  /** A contested slash of the staked node (two oracles voted, the operator contested). */
  function contestedSlash(chain: MatrixChain): PublicKey {
    const n = world.keys.stakeNode;
    for (const o of world.keys.oracles.slice(0, 2)) expectOk(chain.send([voteSlashInstruction({ oracle: o.publicKey, participant: n.participant, reason: 1 })], [chain.payer, o]));
    expectOk(chain.send([contestSlashInstruction({ authority: n.owner.publicKey, participant: n.participant })], [chain.payer, n.owner]));
    expect(decodeParticipant(chain.account(n.participant)!).slashState).to.equal(SLASH_CONTESTED);
    return n.participant;
  }

  /** A user's open 10-hour job (users[0]'s of the world unless given), 2 hours attested by the oracles, disputed by the user. */
  function disputedJob(chain: MatrixChain, job = world.keys.job.key, user = world.keys.users[0].wallet): PublicKey {
    const s = new Scene(chain, world.keys);
    s.warp(2 * 3_600);
    s.attest(job, 2);
    expectOk(chain.send([disputeJobInstruction({ user: user.publicKey, job })], [chain.payer, user]));
    return job;
  }

  describe("each action through a full lifecycle after the hand-over", () => {
    it("releases IO from the community and the research & ecosystem buckets to the named accounts (calls 0 and 1); the old admin's release is refused", async () => {
      // Given every program handed over, and two users' IO accounts.
      const chain = await handedOver();
      const [a, b] = [world.keys.users[0].token[Currency.Io], world.keys.users[1].token[Currency.Io]];
      const [ecosystem, community] = [vaultKey(3)[0], vaultKey(4)[0]];
      const before = [balance(chain, a), balance(chain, b), balance(chain, ecosystem), balance(chain, community)];
      // When one proposal releases 7 IO of R&E to a and 5 IO of community to b.
      lifecycle(chain, [adminCallAction(0, IO.muln(7), a), adminCallAction(1, IO.muln(5), b)]);
      // Then each moved exactly from its bucket to its destination.
      const io = (n: number) => BigInt(IO.muln(n).toString());
      expect([balance(chain, a), balance(chain, b), balance(chain, ecosystem), balance(chain, community)]).to.deep.equal([before[0] + io(7), before[1] + io(5), before[2] - io(7), before[3] - io(5)]);
      // And one release alone, for its compute.
      cu.release = lifecycle(chain, [adminCallAction(1, IO.muln(1), a)]).res.computeUnits;
      // The old admin key can no longer release.
      oldAdminRefused(chain, releaseInstruction({ admin: world.keys.admin.publicKey, bucket: 4, amount: IO.muln(5), destination: a }));
    });

    it("upholds a contested slash (call 2); the old admin's resolve_slash is refused", async () => {
      const chain = await handedOver();
      // Given a contested slash (the matrix's slash window, 1 day, outlasts the 1-hour vote and timelock).
      const participant = contestedSlash(chain);
      oldAdminRefused(chain, resolveSlashInstruction({ caller: world.keys.admin.publicKey, participant, uphold: false }));
      // When governance upholds it.
      cu.resolve_slash = lifecycle(chain, [adminCallAction(2, new BN(1), participant)]).res.computeUnits;
      // Then it is upheld (it can be executed).
      expect(decodeParticipant(chain.account(participant)!).slashState).to.equal(SLASH_UPHELD);
    });

    it("resolves a dispute with the final hours (call 3), two disputes in one proposal allowed; the old admin's resolve_dispute is refused", async () => {
      const chain = await handedOver();
      // Given users[0]'s job disputed after 2 attested hours.
      const job = disputedJob(chain);
      oldAdminRefused(chain, resolveDisputeInstruction({ admin: world.keys.admin.publicKey, job, hours: 1 }));
      // When governance resolves it at 1 hour.
      cu.resolve_dispute = lifecycle(chain, [adminCallAction(3, new BN(1), job)]).res.computeUnits;
      // Then the job's hours are 1 and the dispute is resolved.
      const j = decodeJob(chain.account(job)!);
      expect([j.attestedHours, j.dispute]).to.deep.equal([1, DISPUTE_RESOLVED]);
      // Two disputes (users[0]'s new job and users[1]'s) in one proposal: the same call, different keys.
      const s = new Scene(chain, world.keys);
      const u0 = world.keys.users[0];
      const second = disputedJob(chain, s.openJob(u0), u0.wallet);
      const third = disputedJob(chain, jobKey(world.keys.users[1].wallet.publicKey, world.keys.job.nonce)[0], world.keys.users[1].wallet);
      lifecycle(chain, [adminCallAction(3, new BN(2), second), adminCallAction(3, new BN(0), third)]);
      expect([second, third].map((k) => decodeJob(chain.account(k)!)).map((x) => [x.attestedHours, x.dispute])).to.deep.equal([
        [2, DISPUTE_RESOLVED],
        [0, DISPUTE_RESOLVED],
      ]);
    });

    it("unpauses io_buyback after the guardian paused it (call 4); the old admin's unpause is refused", async () => {
      const chain = await handedOver();
      // Given the guardian (io_governance's, since the hand-over) paused the buyback.
      const guardian = world.keys.guardian;
      expectOk(chain.send([pauseBuybackInstruction({ caller: guardian.publicKey })], [chain.payer, guardian]));
      expect(decodeBuybackConfig(chain.account(buybackConfigKey()[0])!).paused).to.equal(true);
      oldAdminRefused(chain, unpauseBuybackInstruction({ admin: world.keys.admin.publicKey }));
      // When governance unpauses it.
      cu.unpause = lifecycle(chain, [adminCallAction(4, new BN(0))]).res.computeUnits;
      expect(decodeBuybackConfig(chain.account(buybackConfigKey()[0])!).paused).to.equal(false);
    });

    it("moves the rewards vault, locks genesis and names a new IOSD spender (calls 5-7); the old admin's are refused", async () => {
      const chain = await handedOver();
      const newVault = world.keys.users[1].token[Currency.Io];
      const spender = Keypair.generate().publicKey;
      oldAdminRefused(chain, setRewardsVaultInstruction({ admin: world.keys.admin.publicKey, rewardsVault: newVault }));
      oldAdminRefused(chain, lockGenesisInstruction({ admin: world.keys.admin.publicKey }));
      oldAdminRefused(chain, setIosdSpenderInstruction({ admin: world.keys.admin.publicKey, spender }));
      const { res } = lifecycle(chain, [adminCallAction(5, new BN(0), newVault)]);
      cu.set_rewards_vault = res.computeUnits;
      expect(decodeEmissionState(chain.account(emissionKey()[0])!).rewardsVault.toBase58()).to.equal(newVault.toBase58());
      cu.lock_genesis = lifecycle(chain, [adminCallAction(6, new BN(0))]).res.computeUnits;
      // Genesis is locked: the same call again fails inside io_token (GenesisLocked) and stays Queued.
      const again = propose(chain, [adminCallAction(6, new BN(0))]);
      expectOk(again.res);
      pass(chain, again.proposal);
      expectError(chain.send([executeIx(chain, again.proposal)], [chain.payer]), "GenesisLocked");
      expect(decodeProposal(chain.account(again.proposal)!).state).to.equal(ProposalState.Queued);
      // The IOSD spender can change only while no IOSD is held (io_token's own rule): none is, in this world.
      expect(decodeIosdState(chain.account(iosdStateKey()[0])!).held.isZero()).to.equal(true);
      cu.set_iosd_spender = lifecycle(chain, [adminCallAction(7, new BN(0), spender)]).res.computeUnits;
      expect(decodeIosdState(chain.account(iosdStateKey()[0])!).spender.toBase58()).to.equal(spender.toBase58());
    });

    it("sets io_token's re-mint cap and IOSD's parameters (ids 88-92), the others kept; the old admin's setters are refused", async () => {
      const chain = await handedOver();
      const before = decodeIosdState(chain.account(iosdStateKey()[0])!);
      oldAdminRefused(chain, setRemintCapInstruction({ admin: world.keys.admin.publicKey, capPerHour: IO }));
      oldAdminRefused(chain, setIosdParamsInstruction({ admin: world.keys.admin.publicKey, confMultiple: 1, maxPriceAge: 1, rateLimit: new BN(1), rateWindow: 1 }));
      // When one proposal sets the re-mint cap to 25 IO an hour and IOSD's price age to 90 s.
      const param = (target: number, value: BN): ActionSpec => ({ action: GovAction.Param, target, value });
      lifecycle(chain, [param(88, IO.muln(25)), param(90, new BN(90))]);
      expect(decodeEmissionState(chain.account(emissionKey()[0])!).remintCapPerHour.toString()).to.equal(IO.muln(25).toString());
      const after = decodeIosdState(chain.account(iosdStateKey()[0])!);
      expect([after.confMultiple, after.maxPriceAge, after.rateLimit.toString(), after.rateWindow]).to.deep.equal([before.confMultiple, 90, before.rateLimit.toString(), before.rateWindow]);
      cu.param_iosd = lifecycle(chain, [param(92, new BN(7_200))]).res.computeUnits;
      expect(decodeIosdState(chain.account(iosdStateKey()[0])!).rateWindow).to.equal(7_200);
    });
  });

  describe("attacks", () => {
    it("refuses out-of-bound values, missing or extra keys and unknown calls at proposal time, by name, with nothing written", async () => {
      const chain = await handedOver();
      const a = world.keys.users[0].token[Currency.Io];
      const participant = world.keys.stakeNode.participant;
      const job = world.keys.job.key;
      const cases: [string, ActionSpec[], string][] = [
        ["release of 0", [adminCallAction(1, new BN(0), a)], "ParamOutOfBounds"],
        ["resolve_slash verdict 2", [adminCallAction(2, new BN(2), participant)], "ParamOutOfBounds"],
        ["resolve_dispute past u32", [adminCallAction(3, new BN(2).pow(new BN(32)), job)], "ParamOutOfBounds"],
        ["unpause with a value", [adminCallAction(4, new BN(1))], "ParamOutOfBounds"],
        ["unpause with a key", [adminCallAction(4, new BN(0), a)], "InvalidAction"],
        ["lock_genesis with a key", [adminCallAction(6, new BN(0), a)], "InvalidAction"],
        ["set_iosd_spender without its key", [adminCallAction(7, new BN(0))], "InvalidAction"],
        ["unknown call 8", [{ action: GovAction.AdminCall, target: 8, value: new BN(0) }], "InvalidAction"],
        ["two unpauses", [adminCallAction(4, new BN(0)), adminCallAction(4, new BN(0))], "DuplicateAction"],
        ["IOSD price age 0", [{ action: GovAction.Param, target: 90, value: new BN(0) }], "ParamOutOfBounds"],
        ["IOSD window 0", [{ action: GovAction.Param, target: 92, value: new BN(0) }], "ParamOutOfBounds"],
        ["IOSD multiple 256", [{ action: GovAction.Param, target: 89, value: new BN(256) }], "ParamOutOfBounds"],
        ["release to io_token's own community vault", [adminCallAction(0, IO, vaultKey(4)[0])], "InvalidDestination"],
        ["release to a USDC account", [adminCallAction(0, IO, world.keys.users[0].token[Currency.Usdc])], "InvalidDestination"],
        ["rewards vault that is a job", [adminCallAction(5, new BN(0), job)], "InvalidDestination"],
        ["resolve_slash of an io_jobs account", [adminCallAction(2, new BN(1), job)], "InvalidTarget"],
        ["resolve_dispute of an io_staking account", [adminCallAction(3, new BN(1), participant)], "InvalidTarget"],
      ];
      const watched = [governanceConfigKey()[0]];
      const before = chain.snapshot(watched);
      for (const [label, actions, error] of cases) {
        const { res, proposal } = propose(chain, actions);
        expect(res.ok, label).to.equal(false);
        expect(res.ok ? "" : res.programError?.name, `${label}: ${res.ok ? "" : res.error}`).to.equal(error);
        expect(chain.account(proposal), label).to.equal(null);
        expect(chain.snapshot(watched), label).to.equal(before);
      }
      // The named account must be the key: a release naming a but passing b is refused.
      const index = decodeGovernanceConfig(chain.account(governanceConfigKey()[0])!).proposalCount;
      const ix = proposeInstruction({ proposer: owner().publicKey, position: ownerPosition(), index, actions: [adminCallAction(1, IO, a)] });
      ix.keys[ix.keys.length - 1] = { ...ix.keys[ix.keys.length - 1], pubkey: world.keys.users[1].token[Currency.Io] };
      expectError(chain.send([ix], [chain.payer, owner()]), "WrongDestination");
      // A wrong target config: io_jobs' config for a release.
      const wrongConfig = proposeInstruction({ proposer: owner().publicKey, position: ownerPosition(), index, actions: [adminCallAction(1, IO, a)] });
      wrongConfig.keys[6] = { ...wrongConfig.keys[6], pubkey: ADMIN_TARGETS[2].config };
      expectError(chain.send([wrongConfig], [chain.payer, owner()]), "InvalidTarget");
      expect(chain.snapshot(watched)).to.equal(before);
      // The control: the valid proposal is accepted on the same state.
      expectOk(propose(chain, [adminCallAction(1, IO, a)]).res);
    });

    it("refuses substituted accounts at execution (a release to a destination the proposal does not name, another vault, participant, job, config, program), leaving the proposal Queued", async () => {
      const chain = await handedOver();
      const a = world.keys.users[0].token[Currency.Io];
      const other = world.keys.users[1].token[Currency.Io];
      const participant = contestedSlash(chain);
      const job = disputedJob(chain);
      // Given one queued proposal: a release to a, a slash upheld, a dispute resolved, io_token's re-mint cap.
      const { res, proposal } = propose(chain, [adminCallAction(1, IO.muln(3), a), adminCallAction(2, new BN(1), participant), adminCallAction(3, new BN(1), job), { action: GovAction.Param, target: 88, value: IO }]);
      expectOk(res);
      pass(chain, proposal);
      const valid = executeIx(chain, proposal);
      // Accounts: 4 of execute, then release (program + 6), resolve_slash (program + 2), resolve_dispute (program + 2), the parameter (program, emission, io_token's config).
      const at = { releaseVault: 4 + 4, releaseDestination: 4 + 5, releaseProgram: 4, participant: 11 + 2, job: 14 + 2, tokenConfig: 17 + 2, emission: 17 + 1, slashConfig: 11 + 1 };
      const swap = (index: number, pubkey: PublicKey) => {
        const ix = executeIx(chain, proposal);
        ix.keys[index] = { ...ix.keys[index], pubkey };
        return ix;
      };
      const otherParticipant = world.keys.userParticipant;
      const cases: [string, TransactionInstruction, string][] = [
        ["release to a destination the proposal does not name", swap(at.releaseDestination, other), "InvalidTarget"],
        ["the R&E vault for the community's", swap(at.releaseVault, vaultKey(3)[0]), "InvalidTarget"],
        ["io_jobs as the release's program", swap(at.releaseProgram, ADMIN_TARGETS[2].program), "InvalidTarget"],
        ["another participant", swap(at.participant, otherParticipant), "InvalidTarget"],
        ["io_jobs' config for resolve_slash's", swap(at.slashConfig, ADMIN_TARGETS[2].config), "InvalidTarget"],
        ["another job (users[1]'s)", swap(at.job, jobKey(world.keys.users[1].wallet.publicKey, world.keys.job.nonce)[0]), "InvalidTarget"],
        ["io_oracle's config for io_token's", swap(at.tokenConfig, ADMIN_TARGETS[1].config), "InvalidTarget"],
        ["IOSD's state for the emission state", swap(at.emission, iosdStateKey()[0]), "InvalidTarget"],
      ];
      const dropped = executeIx(chain, proposal);
      dropped.keys.pop();
      cases.push(["io_token's config missing", dropped, "NotEnoughAccounts"]);
      const extra = executeIx(chain, proposal);
      extra.keys.push({ pubkey: other, isSigner: false, isWritable: false });
      cases.push(["an extra account", extra, "InvalidTarget"]);
      const watched = [...new Set(valid.keys.filter((k) => k.isWritable).map((k) => k.pubkey.toBase58()))].map((k) => new PublicKey(k));
      const before = chain.snapshot(watched);
      for (const [label, ix, error] of cases) {
        const r = chain.send([ix], [chain.payer]);
        expect(r.ok, label).to.equal(false);
        expect(r.ok ? "" : r.programError?.name, `${label}: ${r.ok ? "" : r.error}`).to.equal(error);
        expect(chain.snapshot(watched), label).to.equal(before);
        expect(decodeProposal(chain.account(proposal)!).state, label).to.equal(ProposalState.Queued);
      }
      // The control: the valid execution succeeds on the same state.
      const before3 = balance(chain, a);
      expectOk(chain.send([valid], [chain.payer]));
      expect(balance(chain, a) - before3).to.equal(BigInt(IO.muln(3).toString()));
    });

    it("an unpause vetoed by the guardian is never executed and the buyback stays paused", async () => {
      const chain = await handedOver();
      const guardian = world.keys.guardian;
      expectOk(chain.send([pauseBuybackInstruction({ caller: guardian.publicKey })], [chain.payer, guardian]));
      // Given a passed, queued unpause, When the guardian vetoes it in the timelock.
      const { res, proposal } = propose(chain, [adminCallAction(4, new BN(0))]);
      expectOk(res);
      pass(chain, proposal, false);
      expectOk(chain.send([vetoInstruction({ guardian: guardian.publicKey, proposal })], [chain.payer, guardian]));
      chain.warp(MATRIX_GOV_PARAMS.timelock);
      // Then executing it is refused and the buyback is still paused.
      const before = chain.snapshot([buybackConfigKey()[0], proposal]);
      expectError(chain.send([executeIx(chain, proposal)], [chain.payer]), "NotQueued");
      expect(chain.snapshot([buybackConfigKey()[0], proposal])).to.equal(before);
      expect(decodeBuybackConfig(chain.account(buybackConfigKey()[0])!).paused).to.equal(true);
      expect(decodeProposal(chain.account(proposal)!).state).to.equal(ProposalState.Vetoed);
    });

    it("a dispute window shorter than the vote plus the timelock: the deadline passes first, io_jobs refuses (DisputeExpired), the proposal stays Queued, the job keeps the round's figure", async () => {
      // Given io_jobs' dispute window at 90 minutes (as the default 3 days is below the default
      // 3-day vote plus 2-day timelock), set by the admin before the hand-over.
      const chain = restore(world);
      const admin = world.keys.admin;
      expectOk(chain.send([setJobParamsInstruction({ admin: admin.publicKey, ...DEFAULT_JOBS_PARAMS, disputeWindow: 5_400 })], [chain.payer, admin]));
      await handOver(chain, admin);
      const user = world.keys.users[0];
      const job = disputedJob(chain, new Scene(chain, world.keys).openJob(user), user.wallet);
      // When governance resolves it as fast as it can: a 1-hour vote, a 1-hour timelock.
      const { res, proposal } = propose(chain, [adminCallAction(3, new BN(1), job)]);
      expectOk(res);
      pass(chain, proposal);
      expect(Number(chain.now())).to.be.greaterThan(decodeJob(chain.account(job)!).disputeDeadline.toNumber());
      const before = chain.snapshot([job, proposal]);
      expectError(chain.send([executeIx(chain, proposal)], [chain.payer]), "DisputeExpired");
      expect(chain.snapshot([job, proposal])).to.equal(before);
      // Then the job keeps the oracles' 2 hours (what settle_jobs pays after the deadline).
      expect(decodeJob(chain.account(job)!).attestedHours).to.equal(2);
    });
  });
});
