/**
 * What every program's SDK module shares: account metas, the owner check before a generated
 * decoder, and the shape of a decoded event. Decoding itself is generated from the IDLs
 * (`<program>/generated.ts`, tools/idl-gen): no Anchor coder, so a bundle leaves the IDLs out.
 */
import { Buffer } from "buffer";
import { AccountInfo, AccountMeta, PublicKey } from "@solana/web3.js";
import { expectOwner } from "./borsh";

export function accountMeta(pubkey: PublicKey, isWritable: boolean, isSigner = false): AccountMeta {
  return { pubkey, isWritable, isSigner };
}

/**
 * Decodes an account with its generated decoder after checking that `programId` owns it
 * (`type` names it in errors); the decoder checks the discriminator and the length.
 */
export function decodeOwned<T>(info: Pick<AccountInfo<Buffer>, "data" | "owner">, programId: PublicKey, type: string, decode: (data: Uint8Array) => T): T {
  expectOwner(info, programId, type);
  return decode(info.data);
}

/** A program event as Anchor's EventParser gives it (names and fields camelCase). */
export interface ProgramEvent {
  name: string;
  data: Record<string, unknown>;
}
