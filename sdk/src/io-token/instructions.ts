import { TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import { PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import { ioTokenCoder } from "./coder";
import { BUCKETS, IO_TOKEN_PROGRAM_ID } from "./constants";
import { authorityKey, configKey, ioMintKey, programDataKey, vaultKey } from "./pdas";

const coder = ioTokenCoder.instruction;

function meta(pubkey: PublicKey, isWritable: boolean, isSigner = false) {
  return { pubkey, isWritable, isSigner };
}

export interface InitializeArgs {
  /** Pays for the accounts; must be the program's upgrade authority. Becomes the admin. */
  payer: PublicKey;
  name: string;
  symbol: string;
  uri: string;
  programId?: PublicKey;
}

/** `initialize`: config, IO mint with metadata, and the 500M IO genesis in the five vaults. */
export function initializeInstruction(args: InitializeArgs): TransactionInstruction {
  const programId = args.programId ?? IO_TOKEN_PROGRAM_ID;
  return new TransactionInstruction({
    programId,
    keys: [
      meta(args.payer, true, true),
      meta(programDataKey(programId)[0], false),
      meta(configKey(programId)[0], true),
      meta(authorityKey(programId)[0], false),
      meta(ioMintKey(programId)[0], true),
      ...BUCKETS.map((b) => meta(vaultKey(b.index, programId)[0], true)),
      meta(TOKEN_2022_PROGRAM_ID, false),
      meta(SystemProgram.programId, false),
    ],
    data: coder.encode("initialize", { name: args.name, symbol: args.symbol, uri: args.uri }),
  });
}

export interface ProposeAdminArgs {
  admin: PublicKey;
  /** The successor; `PublicKey.default` cancels a pending proposal. */
  newAdmin: PublicKey;
  programId?: PublicKey;
}

/** `propose_admin`: step one of the admin hand-over, signed by the current admin. */
export function proposeAdminInstruction(args: ProposeAdminArgs): TransactionInstruction {
  const programId = args.programId ?? IO_TOKEN_PROGRAM_ID;
  return new TransactionInstruction({
    programId,
    keys: [meta(args.admin, false, true), meta(configKey(programId)[0], true)],
    data: coder.encode("proposeAdmin", { newAdmin: args.newAdmin }),
  });
}

export interface AcceptAdminArgs {
  newAdmin: PublicKey;
  programId?: PublicKey;
}

/** `accept_admin`: step two of the admin hand-over, signed by the proposed admin. */
export function acceptAdminInstruction(args: AcceptAdminArgs): TransactionInstruction {
  const programId = args.programId ?? IO_TOKEN_PROGRAM_ID;
  return new TransactionInstruction({
    programId,
    keys: [meta(args.newAdmin, false, true), meta(configKey(programId)[0], true)],
    data: coder.encode("acceptAdmin", {}),
  });
}
