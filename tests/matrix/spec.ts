/** The attack matrix's vocabulary: fixtures, expected answers and the attack classes. */
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import { Scene } from "./scene";

/** A valid instruction, its signers and any account to watch besides its own. */
export interface Built {
  ix: TransactionInstruction;
  signers: Keypair[];
  watch?: PublicKey[];
}

/**
 * What the program must answer to an attacked transaction:
 * - a name: that named error of ours ("Name", or "io_token.Name" to pin the program);
 * - `oneOf`: one of these names;
 * - `named`: any named error of our programs (duplicate accounts);
 * - `cpi`: refused inside a program it calls (the token programs, the runtime) without a named
 *   error of ours, matched in the error and logs; `why` says why that is acceptable;
 * - `legit`: not an attack here: the transaction is one its signers may legitimately send, and
 *   it succeeds (`why`);
 * - `finding`: an attack that succeeds today and should not: a failing test in
 *   tests/attack-matrix-findings.test.ts asks for its refusal. The matrix records the current
 *   behaviour; once the program refuses it, the expected named error replaces this.
 */
export type Expect = string | { oneOf: string[] } | { named: true } | { cpi: string; why: string } | { legit: string } | { finding: string };

/** What sending the same instruction again (a new blockhash) after it succeeded does. */
export type Replay =
  /** A named refusal. */
  | { refused: string }
  /** It succeeds and changes none of the accounts (why). */
  | { idempotent: string }
  /** It succeeds and does again what it did (why): every token balance moves by the same amount again. */
  | { repeats: string };

/** A further use of what a closing instruction closed, with its expected refusal. */
export interface FollowUp {
  label: string;
  build: Built;
  expect: Expect;
  /** State the attack needs beyond the fixture's, made just before it is sent. */
  prepare?: (s: Scene) => void;
}

export interface Fixture {
  /** A variant's name ("IOSD"), when an instruction has several fixtures. */
  label?: string;
  /** Builds, on a fresh copy of the world, the state the instruction needs; returns it valid. */
  build(s: Scene): Built;
  replay: Replay;
  /** For an instruction that creates an account: sending it (or `build`'s variant) a second time. */
  again?: { expect: Expect; build?: (s: Scene, first: Built) => Built };
  /** For an instruction that closes an account: what sending it again to the revived address answers. */
  revived?: Expect;
  /** Uses of what the instruction closed (also logically: a flag), each refused afterwards. */
  afterClose?: (s: Scene, first: Built) => FollowUp[];
  /** Names of the accounts after the IDL's (a batch's groups), for the expected answers. */
  remaining?: string[];
  /** Attacks beyond the generic ones, on the state `build` made (before the valid instruction). */
  extra?: (s: Scene, first: Built) => (FollowUp & { cls: ClassId })[];
}

export const CLASSES = ["signer", "impostor", "owner", "cosplay", "instance", "dup", "substitute", "reinit", "revival", "replay"] as const;
export type ClassId = (typeof CLASSES)[number];

export const CLASS_TITLES: Record<ClassId, string> = {
  signer: "1 missing signer",
  impostor: "1b wrong signer",
  owner: "2 wrong owner",
  cosplay: "3 type cosplay",
  instance: "3b another instance / not the PDA",
  dup: "4 duplicate mutable accounts",
  substitute: "5 substituted vault/mint/program/authority",
  reinit: "6 reinitialisation",
  revival: "7 closed-account revival",
  replay: "8 replay",
};
