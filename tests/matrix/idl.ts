/**
 * The four Anchor IDLs as the attack matrix reads them: every instruction with its accounts'
 * flags (signer, writable, fixed address), the account types by discriminator, the error names.
 */
import { PublicKey } from "@solana/web3.js";
import ioGovernance from "../../idl/io_governance.json";
import ioJobs from "../../idl/io_jobs.json";
import ioOracle from "../../idl/io_oracle.json";
import ioStaking from "../../idl/io_staking.json";
import ioToken from "../../idl/io_token.json";
import ioBuyback from "../../idl/io_buyback.json";

export const PROGRAMS = ["io_token", "io_oracle", "io_jobs", "io_staking", "io_buyback", "io_governance"] as const;
export type ProgramName = (typeof PROGRAMS)[number];

export interface IdlAccount {
  name: string;
  writable: boolean;
  signer: boolean;
  /** A fixed address (a program), checked by the generated parser. */
  address?: PublicKey;
}

export interface IdlInstruction {
  program: ProgramName;
  programId: PublicKey;
  name: string;
  /** "program.instruction", the key of the fixture table. */
  id: string;
  discriminator: Buffer;
  accounts: IdlAccount[];
}

interface RawIdl {
  address: string;
  instructions: { name: string; discriminator: number[]; accounts: { name: string; writable?: boolean; signer?: boolean; address?: string }[] }[];
  accounts: { name: string; discriminator: number[] }[];
  errors: { code: number; name: string }[];
}

const RAW: Record<ProgramName, RawIdl> = { io_token: ioToken, io_oracle: ioOracle, io_jobs: ioJobs, io_staking: ioStaking, io_buyback: ioBuyback, io_governance: ioGovernance };

export const PROGRAM_IDS: Record<ProgramName, PublicKey> = Object.fromEntries(
  PROGRAMS.map((p) => [p, new PublicKey(RAW[p].address)]),
) as Record<ProgramName, PublicKey>;

/** Every instruction of the four programs, in IDL order. */
export const INSTRUCTIONS: IdlInstruction[] = PROGRAMS.flatMap((program) =>
  RAW[program].instructions.map((ix) => ({
    program,
    programId: PROGRAM_IDS[program],
    name: ix.name,
    id: `${program}.${ix.name}`,
    discriminator: Buffer.from(ix.discriminator),
    accounts: ix.accounts.map((a) => ({
      name: a.name,
      writable: a.writable ?? false,
      signer: a.signer ?? false,
      address: a.address ? new PublicKey(a.address) : undefined,
    })),
  })),
);

/** The program whose id this is, if one of ours. */
export function programOf(id: PublicKey): ProgramName | undefined {
  return PROGRAMS.find((p) => PROGRAM_IDS[p].equals(id));
}

/** An account type of ours: "io_jobs.Job". */
export interface AccountType {
  program: ProgramName;
  name: string;
  id: string;
}

const TYPES = PROGRAMS.flatMap((program) =>
  RAW[program].accounts.map((a) => ({ program, name: a.name, id: `${program}.${a.name}`, disc: Buffer.from(a.discriminator) })),
);

/** The type of an account of ours, from its owner and its first 8 bytes. */
export function accountTypeOf(owner: PublicKey, data: Buffer): AccountType | undefined {
  const program = programOf(owner);
  if (!program || data.length < 8) return undefined;
  const t = TYPES.find((t) => t.program === program && t.disc.equals(data.subarray(0, 8)));
  return t ? { program: t.program, name: t.name, id: t.id } : undefined;
}

/** Every account type of `program`. */
export function accountTypes(program: ProgramName): AccountType[] {
  return TYPES.filter((t) => t.program === program).map((t) => ({ program: t.program, name: t.name, id: t.id }));
}

/** The error names of a program (PascalCase, as `TxResult.programError.name` gives them). */
export function errorNames(program: ProgramName): string[] {
  return RAW[program].errors.map((e) => e.name);
}
