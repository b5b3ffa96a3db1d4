/** IOSD: PDAs, instruction builders (they return instructions, never send) and the decoder. */
import { Buffer } from "buffer";
import { AccountInfo, PublicKey, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import { decodeOwned } from "../anchor";
import { priceFeedKey } from "../io-oracle";
import { IO_TOKEN_PROGRAM_ID } from "./constants";
import * as gen from "./generated";
import { authorityKey, configKey, iosdMintKey, iosdStateKey, ioMintKey } from "./pdas";

// The IOSD PDAs live in ./pdas (no Anchor, no SPL Token: io_jobs' PDAs need them on a command's fast path).
export { IOSD_DECIMALS, IOSD_MINT_SEED, IOSD_SEED, iosdMintKey, iosdStateKey } from "./pdas";

export interface IosdParams {
  /** The conservative price is price - confMultiple x confidence. */
  confMultiple: number;
  /** Oldest accepted oracle price, seconds. */
  maxPriceAge: number;
  /** IOSD base units mintable per window. */
  rateLimit: BN;
  /** Window seconds (linear decay). */
  rateWindow: number;
}

/** `init_iosd`: the IOSD mint and its state. Admin only. */
export function initIosdInstruction(
  args: { admin: PublicKey; name: string; symbol: string; uri: string } & IosdParams,
  programId = IO_TOKEN_PROGRAM_ID,
): TransactionInstruction {
  const { name, symbol, uri, confMultiple, maxPriceAge, rateLimit, rateWindow } = args;
  return gen.initIosd(
    {
      admin: args.admin,
      config: configKey(programId)[0],
      authority: authorityKey(programId)[0],
      iosdState: iosdStateKey(programId)[0],
      iosdMint: iosdMintKey(programId)[0],
    },
    { name, symbol, uri, confMultiple, maxPriceAge, rateLimit, rateWindow },
    programId,
  );
}

/** `set_iosd_params`. Admin only. */
export function setIosdParamsInstruction(args: { admin: PublicKey } & IosdParams, programId = IO_TOKEN_PROGRAM_ID): TransactionInstruction {
  const { confMultiple, maxPriceAge, rateLimit, rateWindow } = args;
  return gen.setIosdParams(
    { admin: args.admin, config: configKey(programId)[0], iosdState: iosdStateKey(programId)[0] },
    { confMultiple, maxPriceAge, rateLimit, rateWindow },
    programId,
  );
}

/** `set_iosd_spender`: the program key that may hold and release IOSD for payments (io_jobs'
 * authority PDA). Admin only. `hold_iosd` and `release_iosd` are called by that program only. */
export function setIosdSpenderInstruction(args: { admin: PublicKey; spender: PublicKey }, programId = IO_TOKEN_PROGRAM_ID): TransactionInstruction {
  return gen.setIosdSpender({ admin: args.admin, config: configKey(programId)[0], iosdState: iosdStateKey(programId)[0] }, { spender: args.spender }, programId);
}

export interface MintIosdArgs {
  user: PublicKey;
  /** The user's IO token account (burned from). */
  userIo: PublicKey;
  /** The user's IOSD token account (minted to). */
  userIosd: PublicKey;
  ioAmount: BN;
  /** io_oracle's price feed (default: its PDA). */
  priceFeed?: PublicKey;
}

/** `mint_iosd`: burn IO, receive IOSD at the conservative oracle price. */
export function mintIosdInstruction(args: MintIosdArgs, programId = IO_TOKEN_PROGRAM_ID): TransactionInstruction {
  return gen.mintIosd(
    {
      user: args.user,
      userIo: args.userIo,
      ioMint: ioMintKey(programId)[0],
      iosdState: iosdStateKey(programId)[0],
      iosdMint: iosdMintKey(programId)[0],
      userIosd: args.userIosd,
      authority: authorityKey(programId)[0],
      priceFeed: args.priceFeed ?? priceFeedKey()[0],
    },
    { ioAmount: args.ioAmount },
    programId,
  );
}

export interface IosdState {
  iosdMint: PublicKey;
  confMultiple: number;
  maxPriceAge: number;
  rateLimit: BN;
  rateWindow: number;
  windowUsed: BN;
  windowTs: BN;
  ioBurned: BN;
  iosdMinted: BN;
  /** The program allowed to hold and release IOSD (io_jobs' authority). */
  spender: PublicKey;
  /** IOSD spent on open jobs, burned from users and not yet released or retired. */
  held: BN;
  /** IOSD spent for good (fees, token shares). */
  retired: BN;
}

export function decodeIosdState(info: Pick<AccountInfo<Buffer>, "data" | "owner">, programId = IO_TOKEN_PROGRAM_ID): IosdState {
  return decodeOwned(info, programId, "IosdState", gen.decodeIosdState);
}
