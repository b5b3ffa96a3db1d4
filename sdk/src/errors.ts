import { IO_GOVERNANCE_ADDRESS, IO_GOVERNANCE_ERRORS } from "./idl/io_governance";
import { IO_JOBS_ADDRESS, IO_JOBS_ERRORS } from "./idl/io_jobs";
import { IO_STAKING_ADDRESS, IO_STAKING_ERRORS } from "./idl/io_staking";
import { IO_ORACLE_ADDRESS, IO_ORACLE_ERRORS } from "./idl/io_oracle";
import { IO_TOKEN_ADDRESS, IO_TOKEN_ERRORS } from "./idl/io_token";
import { IO_BUYBACK_ADDRESS, IO_BUYBACK_ERRORS } from "./idl/io_buyback";

/** A program error code with its IDL name and message. */
export interface ProgramErrorInfo {
  program: string;
  code: number;
  name: string;
  msg: string;
}

interface ErrorTable {
  program: string;
  address: string;
  errors: readonly { code: number; name: string; msg: string }[];
}

/** The IDLs here are camelCase (as `Program` sees them); error names are given back in the
 * programs' own PascalCase (`alreadyInitialized` -> `AlreadyInitialized`). */
const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const TABLES: ErrorTable[] = [
  { program: "io_token", address: IO_TOKEN_ADDRESS, errors: IO_TOKEN_ERRORS },
  { program: "io_oracle", address: IO_ORACLE_ADDRESS, errors: IO_ORACLE_ERRORS },
  { program: "io_jobs", address: IO_JOBS_ADDRESS, errors: IO_JOBS_ERRORS },
  { program: "io_staking", address: IO_STAKING_ADDRESS, errors: IO_STAKING_ERRORS },
  { program: "io_buyback", address: IO_BUYBACK_ADDRESS, errors: IO_BUYBACK_ERRORS },
  { program: "io_governance", address: IO_GOVERNANCE_ADDRESS, errors: IO_GOVERNANCE_ERRORS },
];

/** Looks up a custom error code of one of our programs (by program address). */
export function programErrorInfo(programId: string, code: number): ProgramErrorInfo | null {
  const table = TABLES.find((t) => t.address === programId);
  const entry = table?.errors.find((e) => e.code === code);
  return table && entry ? { program: table.program, code, name: pascal(entry.name), msg: entry.msg } : null;
}

/** An instruction of ours failed with one of its named errors. */
export class IoProgramError extends Error {
  constructor(readonly info: ProgramErrorInfo, readonly logs: string[]) {
    super(`${info.program}: ${info.name} (${info.code}): ${info.msg}`);
    this.name = "IoProgramError";
  }
}

const FAILED = /^Program (\w+) failed: custom program error: 0x([0-9a-f]+)$/;

/** Finds the named program error in a failed transaction's logs, or null. */
export function programErrorFromLogs(logs: string[]): ProgramErrorInfo | null {
  for (const line of logs) {
    const m = FAILED.exec(line);
    if (m) {
      const info = programErrorInfo(m[1], parseInt(m[2], 16));
      if (info) return info;
    }
  }
  return null;
}
