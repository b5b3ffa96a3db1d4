/**
 * The attack matrix's engine. For one IDL instruction and each of its fixtures: restore the
 * world, build the fixture's state, send the valid instruction (the control: it must succeed),
 * its replay, second creation and revival, then every mutation the IDL's account flags and the
 * accounts' real state call for, each on the state before the control. A refusal must be the
 * expected named error and leave every account the transaction names as it was; whatever a
 * case changed is written back before the next.
 */
import { PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import { BPF_LOADER_UPGRADEABLE_ID } from "../../sdk/src";
import { TxResult } from "../harness";
import { expected } from "./expect";
import { fixturesOf } from "./fixtures";
import { accountTypeOf, AccountType, accountTypes, IdlInstruction, PROGRAM_IDS, PROGRAMS, programOf } from "./idl";
import { Pools, TokenAccount, tokenKind } from "./pools";
import { Scene } from "./scene";
import { Built, ClassId, CLASSES, CLASS_TITLES, Expect, Fixture } from "./spec";
import { BuiltWorld, fixed, MatrixChain, Raw, restore, TOKEN_PROGRAMS } from "./world";

const IMPOSTOR = fixed("impostor");
/** MATRIX_DISCOVER=1: cases without an expected answer are sent anyway, to see what they get. */
const DISCOVER = process.env.MATRIX_DISCOVER === "1";
/** Lamports a revived (closed, then refunded) address holds. */
const REVIVAL_LAMPORTS = 5_000_000;

export interface CaseResult {
  ix: string;
  cls: ClassId;
  label: string;
  expect: string;
  got: string;
  pass: boolean;
  legit: boolean;
  /** Refused by a program we call or the runtime, without a named error of ours. */
  cpi: boolean;
  /** Succeeds today and should not (tests/attack-matrix-findings.test.ts). */
  finding: boolean;
  detail?: string;
}

interface Cell {
  tested: number;
  legit: number;
  findings: number;
  na: Set<string>;
}

type Kind =
  | { kind: "signer" }
  | { kind: "program" }
  | { kind: "ours"; type: AccountType }
  | { kind: "token"; mint: PublicKey; owner: PublicKey; program: PublicKey }
  | { kind: "mint"; program: PublicKey }
  | { kind: "programData" }
  | { kind: "wallet" }
  | { kind: "created" }
  | { kind: "absent" }
  | { kind: "other"; owner: PublicKey };

interface Slot {
  index: number;
  name: string;
  signer: boolean;
  writable: boolean;
  fixed?: PublicKey;
  key: PublicKey;
  pre: Raw | null;
  kind: Kind;
}

/** A reader of one of our accounts: the revival of a closed type is tried on it later. */
interface Reader {
  idl: IdlInstruction;
  fixture: Fixture;
  slot: string;
  index: number;
  type: string;
}

const show = (e: Expect): string =>
  typeof e === "string"
    ? e
    : "oneOf" in e
      ? e.oneOf.join("|")
      : "named" in e
        ? "any named error"
        : "cpi" in e
          ? `refused by a callee (${e.cpi})`
          : "legit" in e
            ? `legit: ${e.legit}`
            : `FINDING (succeeds): ${e.finding}`;

function describe(res: TxResult): string {
  if (res.ok) return "success";
  if (res.programError) return `${res.programError.program}.${res.programError.name}`;
  const m = /err: (?:InstructionError\(\d+, )?(.+?)\)?, meta/.exec(res.error);
  return `(runtime: ${m ? m[1] : res.error.replace(/\s+/g, " ").slice(0, 120)})`;
}

/** Whether `res` is the answer `e` asks for. */
function judge(res: TxResult, e: Expect): boolean {
  if (typeof e === "object" && ("legit" in e || "finding" in e)) return res.ok;
  if (res.ok) return false;
  const named = res.programError ? `${res.programError.program}.${res.programError.name}` : null;
  const is = (name: string) => named !== null && (name.includes(".") ? named === name : named.endsWith(`.${name}`));
  if (typeof e === "string") return is(e);
  if ("oneOf" in e) return e.oneOf.some(is);
  if ("named" in e) return named !== null;
  return named === null && new RegExp(e.cpi).test(`${res.error}\n${res.logs.join("\n")}`);
}

const cloneIx = (ix: TransactionInstruction, keys = ix.keys.map((k) => ({ ...k }))) => new TransactionInstruction({ programId: ix.programId, keys, data: ix.data });

const uniqueKeys = (...lists: PublicKey[][]): PublicKey[] => {
  const seen = new Map<string, PublicKey>();
  for (const list of lists) for (const k of list) seen.set(k.toBase58(), k);
  return [...seen.values()];
};

const amount = (raw: Raw | null | undefined): bigint => (raw && tokenKind(raw) === "account" ? raw.data.readBigUInt64LE(64) : 0n);

/** After a repeat: every token account moved by as much the second time as the first. */
function sameTokenMoves(chain: MatrixChain, keys: PublicKey[], pre: Map<string, Raw | null>, post: Map<string, Raw | null>): boolean {
  return keys.every((k) => {
    const id = k.toBase58();
    return amount(chain.raw(k)) - amount(post.get(id)) === amount(post.get(id)) - amount(pre.get(id));
  });
}

/** The program that owns copies of `owner`'s accounts in the wrong-owner attack. */
function otherOwner(owner: PublicKey): PublicKey {
  const ours = programOf(owner);
  if (ours) return PROGRAM_IDS[PROGRAMS[(PROGRAMS.indexOf(ours) + 1) % PROGRAMS.length]];
  if (owner.equals(TOKEN_PROGRAMS[0])) return TOKEN_PROGRAMS[1];
  if (owner.equals(TOKEN_PROGRAMS[1])) return TOKEN_PROGRAMS[0];
  return SystemProgram.programId;
}

export class Matrix {
  readonly results: CaseResult[] = [];
  readonly coverage = new Map<string, Map<ClassId, Cell>>();
  readonly readers: Reader[] = [];
  /** Our account types some instruction closes, and by which. */
  readonly closedTypes = new Map<string, string>();

  constructor(
    readonly world: BuiltWorld,
    readonly pools: Pools,
  ) {}

  private cell(ix: string, cls: ClassId): Cell {
    let row = this.coverage.get(ix);
    if (!row) {
      row = new Map(CLASSES.map((c) => [c, { tested: 0, legit: 0, findings: 0, na: new Set<string>() }]));
      this.coverage.set(ix, row);
    }
    return row.get(cls)!;
  }

  private na(ix: string, cls: ClassId, why: string): void {
    this.cell(ix, cls).na.add(why);
  }

  private record(r: CaseResult): void {
    this.results.push(r);
    const c = this.cell(r.ix.split(" ")[0], r.cls);
    if (r.legit) c.legit++;
    else if (r.finding) c.findings++;
    else c.tested++;
  }

  /** The failures among `ix`'s cases (with the instruction id as given). */
  failures(ix: string): CaseResult[] {
    return this.results.filter((r) => !r.pass && r.ix.split(" ")[0] === ix);
  }

  /** Every fixture of `idl`, every class but the revival of other instructions' closed accounts. */
  runInstruction(idl: IdlInstruction): void {
    const fixtures = fixturesOf(idl.id);
    if (fixtures.length === 0) throw new Error(`no fixture for ${idl.id}: add one to tests/matrix/fixtures.ts`);
    for (const f of fixtures) this.runFixture(idl, f);
  }

  private scene(): Scene {
    const chain = restore(this.world);
    return new Scene(chain, this.world.keys);
  }

  private send(chain: MatrixChain, b: Built): TxResult {
    return chain.send([b.ix], [chain.payer, ...b.signers]);
  }

  /** Checks that the fixture's instruction is the IDL's: program, discriminator, accounts and flags. */
  private validate(idl: IdlInstruction, f: Fixture, b: Built): void {
    const where = `${idl.id}${f.label ? ` [${f.label}]` : ""}`;
    const ix = b.ix;
    if (!ix.programId.equals(idl.programId)) throw new Error(`${where}: the fixture's instruction is for ${ix.programId.toBase58()}`);
    if (!ix.data.subarray(0, 8).equals(idl.discriminator)) throw new Error(`${where}: the fixture's instruction has another discriminator`);
    if (ix.keys.length < idl.accounts.length) throw new Error(`${where}: ${ix.keys.length} accounts, the IDL has ${idl.accounts.length}`);
    idl.accounts.forEach((a, i) => {
      const k = ix.keys[i];
      if (k.isSigner !== a.signer || k.isWritable !== a.writable) throw new Error(`${where}: account ${a.name} has flags signer=${k.isSigner} writable=${k.isWritable}, the IDL ${a.signer}/${a.writable}`);
      if (a.address && !k.pubkey.equals(a.address)) throw new Error(`${where}: account ${a.name} is not the IDL's fixed ${a.address.toBase58()}`);
    });
    const extra = ix.keys.length - idl.accounts.length;
    if (extra > 0 && (!f.remaining || extra % f.remaining.length !== 0)) throw new Error(`${where}: ${extra} accounts after the IDL's, and the fixture names ${f.remaining?.length ?? 0}`);
  }

  private slots(idl: IdlInstruction, f: Fixture, b: Built, pre: Map<string, Raw | null>, post: Map<string, Raw | null>): Slot[] {
    return b.ix.keys.map((k, i) => {
      const a = idl.accounts[i];
      const name = a ? a.name : f.remaining![(i - idl.accounts.length) % f.remaining!.length];
      const raw = pre.get(k.pubkey.toBase58()) ?? null;
      const after = post.get(k.pubkey.toBase58()) ?? null;
      let kind: Kind;
      const type = raw ? accountTypeOf(raw.owner, raw.data) : undefined;
      const token = raw ? tokenKind(raw) : undefined;
      if (k.isSigner) kind = { kind: "signer" };
      else if (a?.address || raw?.executable) kind = { kind: "program" };
      else if (!raw) kind = after ? { kind: "created" } : { kind: "absent" };
      else if (raw.owner.equals(BPF_LOADER_UPGRADEABLE_ID)) kind = { kind: "programData" };
      else if (type) kind = { kind: "ours", type };
      else if (token === "account") kind = { kind: "token", mint: new PublicKey(raw.data.subarray(0, 32)), owner: new PublicKey(raw.data.subarray(32, 64)), program: raw.owner };
      else if (token === "mint") kind = { kind: "mint", program: raw.owner };
      else if (raw.owner.equals(SystemProgram.programId)) kind = { kind: "wallet" };
      else kind = { kind: "other", owner: raw.owner };
      return { index: i, name, signer: k.isSigner, writable: k.isWritable, fixed: a?.address, key: k.pubkey, pre: raw, kind };
    });
  }

  private capture(chain: MatrixChain, keys: PublicKey[]): Map<string, Raw | null> {
    return new Map(keys.map((k) => [k.toBase58(), chain.raw(k)]));
  }

  private restoreTo(chain: MatrixChain, state: Map<string, Raw | null>): void {
    for (const [k, raw] of state) {
      const key = new PublicKey(k);
      const now = chain.raw(key);
      const same = raw === null ? now === null : now !== null && now.lamports === raw.lamports && now.owner.equals(raw.owner) && now.data.equals(raw.data);
      if (!same) chain.put(key, raw);
    }
  }

  private runFixture(idl: IdlInstruction, f: Fixture): void {
    const id = `${idl.id}${f.label ? ` [${f.label}]` : ""}`;
    const s = this.scene();
    const chain = s.chain;
    chain.airdrop(IMPOSTOR.publicKey, 10);
    const b = f.build(s);
    this.validate(idl, f, b);
    const keys = uniqueKeys(b.ix.keys.map((k) => k.pubkey), b.watch ?? []);
    const pre = this.capture(chain, keys);
    const preSnap = chain.snapshot(keys);

    // The control: the valid instruction succeeds.
    const control = this.send(chain, b);
    if (!control.ok) throw new Error(`${id}: the valid instruction (control) failed: ${control.error}\n${control.logs.join("\n")}`);
    const post = this.capture(chain, keys);
    const slots = this.slots(idl, f, b, pre, post);
    const created = keys.filter((k) => pre.get(k.toBase58()) === null && post.get(k.toBase58()) !== null);
    const closed = keys.filter((k) => {
      const raw = pre.get(k.toBase58());
      return raw && programOf(raw.owner) && post.get(k.toBase58()) === null;
    });
    // Every account any step below touches, as it was before the control (the undo).
    const before = new Map(pre);
    const remember = (ks: PublicKey[]) => {
      for (const k of ks) if (!before.has(k.toBase58())) before.set(k.toBase58(), chain.raw(k));
    };

    this.replay(id, f, b, chain, keys, pre, post);
    this.restoreTo(chain, post);

    if (created.length > 0) {
      if (!f.again) throw new Error(`${id}: creates ${created.map((k) => k.toBase58()).join(", ")}: the fixture must say what a second creation answers (again)`);
      const again = f.again.build ? f.again.build(s, b) : b;
      remember(again.ix.keys.map((k) => k.pubkey));
      this.attempt(id, "reinit", "sent a second time", f.again.expect, chain, again, []);
      this.restoreTo(chain, post);
    } else {
      if (f.again) throw new Error(`${id}: the fixture says what a second creation answers, but the control created no account`);
      this.na(idl.id, "reinit", "creates no account");
    }

    if (closed.length > 0 || f.afterClose) {
      for (const k of closed) {
        const raw = pre.get(k.toBase58())!;
        const t = accountTypeOf(raw.owner, raw.data);
        if (t && !this.closedTypes.has(t.id)) this.closedTypes.set(t.id, idl.id);
      }
      this.revivalOfOwn(id, f, s, b, closed, remember);
    }
    // Back to the state before the control, for the mutations.
    this.restoreTo(chain, before);
    if (chain.snapshot(keys) !== preSnap) throw new Error(`${id}: could not restore the state before the control`);

    // Readers of our accounts, for the revival of closed types (after every instruction ran).
    for (const slot of slots) {
      if (slot.kind.kind === "ours") this.readers.push({ idl, fixture: f, slot: slot.name, index: slot.index, type: slot.kind.type.id });
    }

    this.mutations(id, idl, f.label, s, b, slots);
    if (f.extra) {
      for (const x of f.extra(s, b)) this.attempt(id, x.cls, x.label, x.expect, chain, x.build, [], x.prepare && (() => x.prepare!(s)));
    }
  }

  private replay(id: string, f: Fixture, b: Built, chain: MatrixChain, keys: PublicKey[], pre: Map<string, Raw | null>, post: Map<string, Raw | null>): void {
    const afterFirst = chain.snapshot(keys);
    const res = this.send(chain, b);
    const r = f.replay;
    let pass: boolean;
    let expect: string;
    if ("refused" in r) {
      expect = r.refused;
      pass = judge(res, r.refused) && chain.snapshot(keys) === afterFirst;
    } else if ("idempotent" in r) {
      expect = `succeeds, changes nothing (${r.idempotent})`;
      pass = res.ok && chain.snapshot(keys) === afterFirst;
    } else {
      expect = `succeeds again (${r.repeats})`;
      pass = res.ok && sameTokenMoves(chain, keys, pre, post);
    }
    this.record({ ix: id, cls: "replay", label: "the same instruction again", expect, got: describe(res), pass, legit: false, cpi: false, finding: false, detail: pass ? undefined : res.logs.slice(-6).join("\n") });
  }

  /** Sends the closer again to its revived (refunded) address, then the fixture's follow-ups. */
  private revivalOfOwn(id: string, f: Fixture, s: Scene, b: Built, closed: PublicKey[], remember: (ks: PublicKey[]) => void): void {
    const chain = s.chain;
    for (const k of closed) {
      s.send([SystemProgram.transfer({ fromPubkey: chain.payer.publicKey, toPubkey: k, lamports: REVIVAL_LAMPORTS })], []);
      const raw = chain.raw(k);
      if (!raw || !raw.owner.equals(SystemProgram.programId) || raw.data.length !== 0) throw new Error(`${id}: the closed ${k.toBase58()} revived as something other than an empty system account`);
    }
    if (closed.length > 0) {
      if (!f.revived) throw new Error(`${id}: closes ${closed.length} account(s): the fixture must say what sending it to the revived address answers (revived)`);
      this.attempt(id, "revival", "again, on the revived (refunded) address", f.revived, chain, b, []);
    }
    for (const u of f.afterClose ? f.afterClose(s, b) : []) {
      remember(u.build.ix.keys.map((k) => k.pubkey));
      this.attempt(id, "revival", u.label, u.expect, chain, u.build, []);
    }
  }

  /**
   * Sends one attacked transaction (after `prepare`) and judges it: the expected answer, and for
   * a refusal every named account unchanged; then writes back whatever it or `prepare` changed.
   */
  private attempt(id: string, cls: ClassId, label: string, e: Expect | undefined, chain: MatrixChain, b: Built, extraKeys: PublicKey[], prepare?: () => void): void {
    const keys = uniqueKeys(b.ix.keys.map((k) => k.pubkey), b.watch ?? [], extraKeys);
    const undo = this.capture(chain, keys);
    prepare?.();
    if (e === undefined && DISCOVER) e = { named: true };
    if (e === undefined) {
      this.record({ ix: id, cls, label, expect: "?", got: "not sent", pass: false, legit: false, cpi: false, finding: false, detail: `no expected answer for ${id} ${cls} (${label}): add one to tests/matrix/expect.ts` });
      this.restoreTo(chain, undo);
      return;
    }
    const snap = chain.snapshot(keys);
    let res: TxResult;
    try {
      res = this.send(chain, b);
    } catch (err) {
      this.record({ ix: id, cls, label, expect: show(e), got: `not sent: ${String(err)}`, pass: false, legit: false, cpi: false, finding: false });
      this.restoreTo(chain, undo);
      return;
    }
    const legit = typeof e === "object" && "legit" in e;
    const cpi = typeof e === "object" && "cpi" in e;
    const finding = typeof e === "object" && "finding" in e;
    const unchanged = legit || finding || chain.snapshot(keys) === snap;
    const pass = judge(res, e) && unchanged;
    const got = describe(res) + (unchanged ? "" : " AND STATE CHANGED");
    this.record({ ix: id, cls, label, expect: show(e), got, pass, legit, cpi, finding, detail: pass ? undefined : res.logs.slice(-8).join("\n") });
    this.restoreTo(chain, undo);
  }

  /** One mutated copy of the valid instruction: `edit` changes its account metas. */
  private mutate(b: Built, edit: (keys: TransactionInstruction["keys"]) => void, signers = b.signers): Built {
    const keys = b.ix.keys.map((k) => ({ ...k }));
    edit(keys);
    return { ix: cloneIx(b.ix, keys), signers, watch: b.watch };
  }

  private exists(chain: MatrixChain, k: PublicKey): boolean {
    return chain.raw(k) !== null;
  }

  private mutations(id: string, idl: IdlInstruction, variant: string | undefined, s: Scene, b: Built, slots: Slot[]): void {
    const chain = s.chain;
    const ixId = idl.id;
    const exp = (slot: Slot, cls: ClassId, kind?: string) => expected(idl, variant, slot.name, cls, kind, slot.fixed !== undefined);
    const orig = b.ix.keys.map((k) => k.pubkey);

    // 1. missing signer; 1b. wrong signer
    const signerSlots = slots.filter((x) => x.signer);
    if (signerSlots.length === 0) {
      this.na(ixId, "signer", "no signer");
      this.na(ixId, "impostor", "no signer");
    }
    for (const slot of signerSlots) {
      // (its keypair dropped too: no instruction here needs its signature any more)
      const others = b.signers.filter((kp) => !kp.publicKey.equals(slot.key));
      const m = this.mutate(b, (keys) => keys.forEach((k) => k.pubkey.equals(slot.key) && (k.isSigner = false)), others);
      this.attempt(id, "signer", `${slot.name} does not sign`, exp(slot, "signer"), chain, m, orig);
      const imp = this.mutate(b, (keys) => (keys[slot.index].pubkey = IMPOSTOR.publicKey), [...b.signers, IMPOSTOR]);
      this.attempt(id, "impostor", `${slot.name} is another wallet, which signs`, exp(slot, "impostor"), chain, imp, orig);
    }

    // 2. wrong owner: the same bytes and lamports at a fresh address, owned by another program
    let owners = 0;
    for (const slot of slots) {
      const k = slot.kind.kind;
      if (!(k === "ours" || k === "token" || k === "mint" || k === "programData" || k === "other" || k === "wallet") || !slot.pre) continue;
      owners++;
      const copy = fixed(`${id} ${slot.name} ${slot.index} copy`).publicKey;
      // (a wallet's copy is owned by the instruction's own program)
      const owner = k === "wallet" ? idl.programId : otherOwner(slot.pre.owner);
      const raw = slot.pre;
      const m = this.mutate(b, (keys) => (keys[slot.index].pubkey = copy));
      const ownerName = programOf(owner) ?? (owner.equals(TOKEN_PROGRAMS[0]) ? "spl-token" : owner.equals(TOKEN_PROGRAMS[1]) ? "token-2022" : owner.toBase58());
      this.attempt(id, "owner", `${slot.name}: its bytes owned by ${ownerName}`, exp(slot, "owner"), chain, m, orig, () =>
        chain.setAccount(copy, { data: raw.data, owner, lamports: raw.lamports }),
      );
    }
    if (owners === 0) this.na(ixId, "owner", "no existing account besides signers and programs");

    // 3. type cosplay: another type of the same program; 3b. another instance (or not the PDA)
    let cosplays = 0;
    let instances = 0;
    for (const slot of slots) {
      const kind = slot.kind;
      if (kind.kind === "ours") {
        for (const t of accountTypes(kind.type.program)) {
          if (t.id === kind.type.id) continue;
          const other = (this.pools.ours.get(t.id) ?? []).find((k) => !k.equals(slot.key) && this.exists(chain, k));
          if (!other) continue;
          cosplays++;
          const m = this.mutate(b, (keys) => (keys[slot.index].pubkey = other));
          this.attempt(id, "cosplay", `${slot.name} (${kind.type.name}) is a ${t.name}`, exp(slot, "cosplay", t.name), chain, m, orig);
        }
        // Another instance, preferably one naming none of the signers (another user's job, another owner's node)
        const candidates = (this.pools.ours.get(kind.type.id) ?? []).filter((k) => !k.equals(slot.key) && !orig.some((o) => o.equals(k)) && this.exists(chain, k));
        const foreign = (k: PublicKey) => !b.signers.some((sg) => chain.raw(k)!.data.includes(sg.publicKey.toBuffer()));
        const another = candidates.find(foreign) ?? candidates[0];
        if (another) {
          instances++;
          const m = this.mutate(b, (keys) => (keys[slot.index].pubkey = another));
          this.attempt(id, "instance", `${slot.name} is another ${kind.type.name}`, exp(slot, "instance"), chain, m, orig);
        } else this.na(ixId, "instance", `${slot.name}: the only ${kind.type.name}`);
      } else if (kind.kind === "wallet") {
        const other = this.pools.wallets.find((w) => !orig.some((o) => o.equals(w)));
        if (!other) continue;
        instances++;
        const m = this.mutate(b, (keys) => (keys[slot.index].pubkey = other));
        this.attempt(id, "instance", `${slot.name} is another wallet`, exp(slot, "instance"), chain, m, orig);
      } else if (kind.kind === "created") {
        instances++;
        const fresh = fixed(`${id} ${slot.name} not the pda`).publicKey;
        const m = this.mutate(b, (keys) => (keys[slot.index].pubkey = fresh));
        this.attempt(id, "instance", `${slot.name} is not its PDA`, exp(slot, "instance"), chain, m, orig);
      }
    }
    if (cosplays === 0) this.na(ixId, "cosplay", "names no account of ours");
    if (instances === 0) this.na(ixId, "instance", "no account of ours, wallet or created account to substitute");

    // 4. duplicate mutable accounts: slot j given slot i's account
    const writable = slots.filter((x) => x.writable);
    let dups = 0;
    let unsignable = 0;
    for (const i of writable) {
      for (const j of writable) {
        if (i === j) continue;
        if (i.key.equals(j.key)) {
          if (i.index < j.index) this.na(ixId, "dup", `${i.name} = ${j.name} in the valid instruction`);
          continue;
        }
        if (j.signer && !i.signer) {
          unsignable++;
          continue;
        }
        dups++;
        const m = this.mutate(b, (keys) => {
          keys[j.index].pubkey = i.key;
        });
        this.attempt(id, "dup", `${j.name} := ${i.name}`, expected(idl, variant, j.name, "dup", i.name, false), chain, m, orig);
      }
    }
    if (unsignable > 0) this.na(ixId, "dup", `${unsignable} pair(s) would put an account nobody can sign for in a signer's slot`);
    if (dups === 0 && writable.length < 2) this.na(ixId, "dup", "fewer than two writable accounts");

    // 5. substituted token account, mint, program, signing PDA, ProgramData
    let subs = 0;
    const sub = (slot: Slot, kind: string, to: PublicKey, what: string) => {
      subs++;
      const m = this.mutate(b, (keys) => (keys[slot.index].pubkey = to));
      this.attempt(id, "substitute", `${slot.name} is ${what}`, exp(slot, "substitute", kind), chain, m, orig);
    };
    for (const slot of slots) {
      const kind = slot.kind;
      const live = <T extends { key: PublicKey }>(xs: T[]) => xs.filter((x) => !x.key.equals(slot.key) && this.exists(chain, x.key));
      if (kind.kind === "token") {
        // Wallets' accounts first: a vault of one of our programs is another case (the programs
        // refuse their own authority's accounts as destinations, InvalidDestination).
        const wallet = (t: TokenAccount) => PublicKey.isOnCurve(t.owner.toBytes());
        const accounts = [...live(this.pools.tokenAccounts).filter(wallet), ...live(this.pools.tokenAccounts).filter((t) => !wallet(t))];
        const same = accounts.filter((t) => t.program.equals(kind.program));
        const otherOwnerAcc = same.find((t) => t.mint.equals(kind.mint) && !t.owner.equals(kind.owner));
        if (otherOwnerAcc) sub(slot, "other-owner", otherOwnerAcc.key, "a token account of the same mint with another owner");
        for (const m of this.pools.mints.filter((m) => m.program.equals(kind.program) && !m.key.equals(kind.mint))) {
          const acc = same.find((t) => t.mint.equals(m.key));
          if (acc) sub(slot, `other-mint/${m.name}`, acc.key, `a token account of another mint (${m.name})`);
        }
        const otherProgram = accounts.find((t) => !t.program.equals(kind.program));
        if (otherProgram) sub(slot, "other-token-program", otherProgram.key, "a token account of the other token program");
      } else if (kind.kind === "mint") {
        for (const m of live(this.pools.mints)) {
          if (m.program.equals(kind.program)) sub(slot, `other-mint/${m.name}`, m.key, `another mint of the same token program (${m.name})`);
          else sub(slot, `other-token-program/${m.name}`, m.key, `a mint of the other token program (${m.name})`);
        }
      } else if (kind.kind === "program") {
        for (const p of this.pools.programs) if (!p.id.equals(slot.key)) sub(slot, `program:${p.name}`, p.id, `the ${p.name} program`);
      } else if (kind.kind === "absent" && slot.name.endsWith("authority")) {
        for (const a of this.pools.authorities) if (!a.key.equals(slot.key)) sub(slot, "authority", a.key, a.name);
        sub(slot, "authority", fixed(`${id} ${slot.name} random`).publicKey, "a random address");
      } else if (kind.kind === "programData") {
        for (const p of live(this.pools.programData)) sub(slot, "program-data", p.key, p.name);
      }
    }
    if (subs === 0) this.na(ixId, "substitute", "no token account, mint, program, signing PDA or ProgramData");
  }

  /** 7 (readers): every instruction that reads an account of a type some instruction closes gets that account revived: an empty system account with lamports. */
  runRevivals(): void {
    for (const r of this.readers) {
      if (!this.closedTypes.has(r.type)) continue;
      const id = `${r.idl.id}${r.fixture.label ? ` [${r.fixture.label}]` : ""}`;
      const s = this.scene();
      const b = r.fixture.build(s);
      const key = b.ix.keys[r.index].pubkey;
      const e = expected(r.idl, r.fixture.label, r.slot, "revival", undefined, false);
      this.attempt(id, "revival", `${r.slot} (${r.type.split(".")[1]}) closed by ${this.closedTypes.get(r.type)} and refunded`, e, s.chain, b, [], () =>
        s.chain.setAccount(key, { data: Buffer.alloc(0), owner: SystemProgram.programId, lamports: BigInt(REVIVAL_LAMPORTS) }),
      );
    }
    for (const row of this.coverage.values()) {
      const c = row.get("revival")!;
      if (c.tested + c.legit === 0 && c.na.size === 0) c.na.add(`closes nothing and reads no account of a type that is closed (${[...this.closedTypes.keys()].map((t) => t.split(".")[1]).join(", ")})`);
    }
  }

  /** The coverage table: instructions x classes, tested (legitimate, findings) or n/a, and the totals. */
  coverageTable(): string {
    const head = ["instruction", ...CLASSES];
    const rows: string[][] = [];
    const totals = new Map<ClassId, { tested: number; legit: number; findings: number; na: number }>(CLASSES.map((c) => [c, { tested: 0, legit: 0, findings: 0, na: 0 }]));
    const notes: string[] = [];
    for (const [ix, row] of this.coverage) {
      rows.push([
        ix,
        ...CLASSES.map((c) => {
          const cell = row.get(c)!;
          const t = totals.get(c)!;
          t.tested += cell.tested;
          t.legit += cell.legit;
          t.findings += cell.findings;
          if (cell.tested + cell.legit + cell.findings === 0) {
            t.na++;
            notes.push(`${ix} ${c}: n/a: ${[...cell.na].join("; ")}`);
            return "n/a";
          }
          if (cell.na.size > 0) notes.push(`${ix} ${c}: partly n/a: ${[...cell.na].join("; ")}`);
          return `${cell.tested}${cell.legit ? `+${cell.legit}L` : ""}${cell.findings ? `+${cell.findings}F` : ""}`;
        }),
      ]);
    }
    rows.push(["TOTAL refused", ...CLASSES.map((c) => String(totals.get(c)!.tested))]);
    rows.push(["TOTAL legitimate", ...CLASSES.map((c) => String(totals.get(c)!.legit))]);
    rows.push(["TOTAL findings", ...CLASSES.map((c) => String(totals.get(c)!.findings))]);
    rows.push(["TOTAL n/a (instructions)", ...CLASSES.map((c) => String(totals.get(c)!.na))]);
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (r: string[]) => r.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join(" | ");
    const count = (p: (r: CaseResult) => boolean) => this.results.filter(p).length;
    const findings = this.results.filter((r) => r.finding);
    const cpis = this.results.filter((r) => r.cpi);
    return [
      line(head),
      widths.map((w) => "-".repeat(w)).join("-|-"),
      ...rows.map(line),
      "",
      `${this.results.length} cases on ${this.coverage.size} instructions: ${count((r) => !r.legit && !r.finding)} attacks refused (${cpis.length} of them by a callee without a named error of ours), ${count((r) => r.legit)} legitimate substitutions that succeed, ${findings.length} findings that succeed and should not; ${count((r) => !r.pass)} cases without the expected answer`,
      "(n: attacks refused as expected; +nL: not an attack there, the signers' own choice, succeeds; +nF: finding, succeeds today; n/a: not applicable, why below)",
      "",
      ...CLASSES.map((c) => `${c}: ${CLASS_TITLES[c]}`),
      "",
      "Findings (tests/attack-matrix-findings.test.ts):",
      ...findings.map((r) => `  [${r.cls}] ${r.ix}: ${r.label}: ${r.expect}`),
      "",
      "Refused by a callee (token program, runtime) without a named error of ours:",
      ...cpis.map((r) => `  [${r.cls}] ${r.ix}: ${r.label}: ${r.got}`),
      "",
      "Not applicable:",
      ...notes,
    ].join("\n");
  }
}
