/**
 * io_token for a wallet: `mintIosd`, `claimVested` and `claimAirdrop` resolve the accounts (IO
 * and IOSD are Token-2022 mints; the user's associated accounts are created when missing where
 * tokens are paid in) and return a ready transaction. Amounts are BN.
 */
import { Buffer } from "buffer";
import { TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import { Connection, PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { associatedAccount, Prepared, readyTransaction, tokenBalance } from "../wallet";
import { IO_TOKEN_PROGRAM_ID } from "./constants";
import { claimAirdropInstruction, claimVestedInstruction } from "./instructions";
import { iosdMintKey, mintIosdInstruction } from "./iosd";
import { ioMintKey } from "./pdas";

/** `mint_iosd`: burn `ioAmount` IO (base units) from `user`'s IO account for IOSD at the conservative oracle price. */
export async function mintIosd(connection: Connection, user: PublicKey, params: { ioAmount: BN }, programId = IO_TOKEN_PROGRAM_ID): Promise<Prepared> {
  if (params.ioAmount.lten(0)) throw new Error("the IO amount must be above zero");
  const { address: userIo } = await associatedAccount(connection, user, ioMintKey(programId)[0], TOKEN_2022_PROGRAM_ID);
  const balance = (await tokenBalance(connection, userIo, TOKEN_2022_PROGRAM_ID)) ?? new BN(0);
  if (balance.lt(params.ioAmount)) throw new Error(`${user.toBase58()} holds ${balance.toString()} IO base units, less than ${params.ioAmount.toString()}`);
  const { address: userIosd, create } = await associatedAccount(connection, user, iosdMintKey(programId)[0], TOKEN_2022_PROGRAM_ID);
  const ix = mintIosdInstruction({ user, userIo, userIosd, ioAmount: params.ioAmount }, programId);
  return { transaction: await readyTransaction(connection, user, create ? [create, ix] : [ix]) };
}

/** `claim_vested`: the beneficiary takes what has unlocked of its grant in `bucket`, to its IO account (created when missing). */
export async function claimVested(connection: Connection, beneficiary: PublicKey, params: { bucket: number }, programId = IO_TOKEN_PROGRAM_ID): Promise<Prepared> {
  const { address: destination, create } = await associatedAccount(connection, beneficiary, ioMintKey(programId)[0], TOKEN_2022_PROGRAM_ID);
  const ix = claimVestedInstruction({ beneficiary, bucket: params.bucket, destination, programId });
  return { transaction: await readyTransaction(connection, beneficiary, create ? [create, ix] : [ix]) };
}

/** `claim_airdrop`: `claimant` takes its `amount` of airdrop `id` with its Merkle proof, to its IO account (created when missing). */
export async function claimAirdrop(
  connection: Connection,
  claimant: PublicKey,
  params: { id: number; amount: BN; proof: (Buffer | Uint8Array)[] },
  programId = IO_TOKEN_PROGRAM_ID,
): Promise<Prepared> {
  const { address: destination, create } = await associatedAccount(connection, claimant, ioMintKey(programId)[0], TOKEN_2022_PROGRAM_ID);
  const ix = claimAirdropInstruction({ claimant, id: params.id, amount: params.amount, proof: params.proof.map((p) => Buffer.from(p)), destination, programId });
  return { transaction: await readyTransaction(connection, claimant, create ? [create, ix] : [ix]) };
}
