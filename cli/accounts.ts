/** Reading our programs' accounts in commands, with errors that name the address. */
import { AccountInfo, PublicKey } from "@solana/web3.js";

/** A program, as error messages name it. */
export interface ProgramName {
  name: string;
  id: PublicKey;
}

/** Decodes `program`'s account of `kind` at `address`, naming both when it is not one. */
export function decodeAs<T>(program: ProgramName, kind: string, address: PublicKey, info: AccountInfo<Buffer>, decode: (info: AccountInfo<Buffer>) => T): T {
  if (!info.owner.equals(program.id)) throw new Error(`${address.toBase58()} is not an ${program.name} ${kind} (owned by ${info.owner.toBase58()})`);
  try {
    return decode(info);
  } catch {
    throw new Error(`${address.toBase58()} is not an ${program.name} ${kind}`);
  }
}
