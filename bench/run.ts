/**
 * Compute-unit benchmark: runs every instruction on the real .so in LiteSVM and splits its cost
 * into CPIs (the callee programs' consumption, from the runtime's logs), our syscalls (measured
 * by running the same transaction again with every syscall cost set to zero) and our own code.
 * Writes bench/cu.json and prints a table. CU are exact and repeatable; no timings.
 */
import { writeFileSync } from "fs";
import { join } from "path";
import { Keypair, PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import { ComputeBudget, LiteSVM } from "litesvm";
import {
  acceptAdminInstruction,
  initializeInstruction,
  IO_TOKEN_PROGRAM_ID,
  proposeAdminInstruction,
} from "../sdk/src";
import { expectOk, TestChain } from "../tests/harness";
import { initialize, ioTokenChain, METADATA } from "../tests/fixtures";

interface Scenario {
  program: string;
  instruction: string;
  /** Prepares a fresh chain and returns the transaction to measure. */
  prepare: (chain: TestChain, upgradeAuthority: Keypair) => { ixs: TransactionInstruction[]; signers: Keypair[] };
}

export interface CuRow {
  program: string;
  instruction: string;
  total: number;
  cpi: number;
  syscalls: number;
  own: number;
}

const scenarios: Scenario[] = [
  {
    program: "io_token",
    instruction: "initialize",
    prepare: (_chain, authority) => ({
      ixs: [initializeInstruction({ payer: authority.publicKey, ...METADATA })],
      signers: [authority],
    }),
  },
  {
    program: "io_token",
    instruction: "propose_admin",
    prepare: (chain, authority) => {
      expectOk(initialize(chain, authority));
      return {
        ixs: [proposeAdminInstruction({ admin: authority.publicKey, newAdmin: new PublicKey(IO_TOKEN_PROGRAM_ID) })],
        signers: [authority],
      };
    },
  },
  {
    program: "io_token",
    instruction: "accept_admin",
    prepare: (chain, authority) => {
      expectOk(initialize(chain, authority));
      const successor = chain.wallet();
      expectOk(chain.send([proposeAdminInstruction({ admin: authority.publicKey, newAdmin: successor.publicKey })], [authority]));
      return { ixs: [acceptAdminInstruction({ newAdmin: successor.publicKey })], signers: [successor] };
    },
  },
];

/** A compute budget with every syscall cost at zero (byte costs divided away). */
function zeroSyscallBudget(): ComputeBudget {
  const b = new ComputeBudget();
  const max = 2n ** 63n;
  b.log64Units = 0n;
  b.createProgramAddressUnits = 0n;
  b.invokeUnits = 0n;
  b.sha256BaseCost = 0n;
  b.sha256ByteCost = 0n;
  b.logPubkeyUnits = 0n;
  b.cpiBytesPerUnit = max;
  b.sysvarBaseCost = 0n;
  b.syscallBaseCost = 0n;
  b.memOpBaseCost = 0n;
  b.getRemainingComputeUnitsCost = 0n;
  return b;
}

/**
 * Top-level consumption of `programId` and the sum of its direct callees', from the logs.
 * Native callees (the system program) log no "consumed" line; each of their invocations is
 * counted at `nativeCost`, the cost the same chain charges for a top-level call.
 */
function split(logs: string[], programId: string, nativeCost: number): { total: number; callees: number } {
  const stack: { program: string; consumed: number | null }[] = [];
  let total = 0;
  let callees = 0;
  for (const line of logs) {
    const invoke = /^Program (\w+) invoke \[(\d+)\]$/.exec(line);
    if (invoke) {
      stack.push({ program: invoke[1], consumed: null });
      continue;
    }
    const consumed = /^Program (\w+) consumed (\d+) of \d+ compute units$/.exec(line);
    if (consumed && stack.length > 0) {
      stack[stack.length - 1].consumed = Number(consumed[2]);
      continue;
    }
    if (/^Program \w+ (success|failed)/.test(line)) {
      const frame = stack.pop();
      if (!frame) continue;
      if (stack.length === 0 && frame.program === programId) total += frame.consumed ?? 0;
      if (stack.length === 1) callees += frame.consumed ?? nativeCost;
    }
  }
  return { total, callees };
}

/** What the chain charges for one top-level system-program call (a builtin's fixed cost). */
function nativeCost(chain: TestChain): number {
  const to = Keypair.generate().publicKey;
  return expectOk(chain.send([SystemProgram.transfer({ fromPubkey: chain.payer.publicKey, toPubkey: to, lamports: 1_000_000 })], [chain.payer])).computeUnits;
}

function run(scenario: Scenario, svm: LiteSVM): { total: number; callees: number } {
  const { chain, upgradeAuthority } = ioTokenChain(svm);
  const { ixs, signers } = scenario.prepare(chain, upgradeAuthority);
  const res = expectOk(chain.send(ixs, signers));
  return split(res.logs, ixs[0].programId.toBase58(), nativeCost(chain));
}

export function measure(): CuRow[] {
  return scenarios.map((s) => {
    const normal = run(s, new LiteSVM());
    const zero = run(s, new LiteSVM().withComputeBudget(zeroSyscallBudget()));
    const own = zero.total - zero.callees;
    const syscalls = normal.total - normal.callees - own;
    return { program: s.program, instruction: s.instruction, total: normal.total, cpi: normal.callees, syscalls, own };
  });
}

if (require.main === module) {
  const rows = measure();
  writeFileSync(join(__dirname, "cu.json"), JSON.stringify({ unit: "compute units", instructions: rows }, null, 2) + "\n");
  const header = ["program", "instruction", "total CU", "CPIs", "syscalls", "own"];
  const cells = rows.map((r) => [r.program, r.instruction, r.total, r.cpi, r.syscalls, r.own].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => (i < 2 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const c of cells) console.log(line(c));
  console.log("\nwrote bench/cu.json");
}
