/** io_jobs: nodes and jobs in escrow: PDAs, instruction builders (never send), decoders, events. */
import { BorshCoder } from "@coral-xyz/anchor";
import { TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { AccountInfo, PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import { accountMeta, offlineCoder, parseEvents, ProgramEvent } from "../anchor";
import { IO_JOBS_IDL } from "../idl/io_jobs";

export const IO_JOBS_PROGRAM_ID = new PublicKey(IO_JOBS_IDL.address);
export const NODE_SEED = Buffer.from("node");
/** Node prices are USD per GPU-hour with 6 decimals. */
export const USD_DECIMALS = 6;

/** io_jobs' Anchor coder with camelCase names, as `Program` builds it. */
export const ioJobsCoder: BorshCoder = offlineCoder(IO_JOBS_IDL);

/** A node's PDA: its owner and a 32-byte device id (e.g. the sha256 of the worker's device key). */
export function nodeKey(owner: PublicKey, deviceId: Buffer, programId: PublicKey = IO_JOBS_PROGRAM_ID): [PublicKey, number] {
  if (deviceId.length !== 32) throw new Error("a device id is 32 bytes");
  return PublicKey.findProgramAddressSync([NODE_SEED, owner.toBuffer(), deviceId], programId);
}

export interface NodeTerms {
  hardwareClass: number;
  /** USD per GPU-hour, 6 decimals. */
  pricePerHour: BN;
  /** USD share of payouts in basis points; the rest is the token share. */
  usdShareBps: number;
}

const meta = accountMeta;

/** `register_node`: signed (and paid) by the owner. */
export function registerNodeInstruction(args: { owner: PublicKey; deviceId: Buffer } & NodeTerms, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  return new TransactionInstruction({
    programId,
    keys: [meta(args.owner, true, true), meta(nodeKey(args.owner, args.deviceId, programId)[0], true), meta(SystemProgram.programId, false)],
    data: ioJobsCoder.instruction.encode("registerNode", {
      deviceId: Array.from(args.deviceId),
      hardwareClass: args.hardwareClass,
      pricePerHour: args.pricePerHour,
      usdShareBps: args.usdShareBps,
    }),
  });
}

/** `update_node`: only the owner. */
export function updateNodeInstruction(args: { owner: PublicKey; node: PublicKey } & NodeTerms, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  return new TransactionInstruction({
    programId,
    keys: [meta(args.owner, false, true), meta(args.node, true)],
    data: ioJobsCoder.instruction.encode("updateNode", {
      hardwareClass: args.hardwareClass,
      pricePerHour: args.pricePerHour,
      usdShareBps: args.usdShareBps,
    }),
  });
}

/** `retire_node`: only the owner; the rent returns to it. */
export function retireNodeInstruction(args: { owner: PublicKey; node: PublicKey }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  return new TransactionInstruction({
    programId,
    keys: [meta(args.owner, true, true), meta(args.node, true)],
    data: ioJobsCoder.instruction.encode("retireNode", {}),
  });
}

export interface NodeState extends NodeTerms {
  owner: PublicKey;
  deviceId: number[];
  registeredAt: BN;
}

export function decodeNode(info: Pick<AccountInfo<Buffer>, "data" | "owner">, programId = IO_JOBS_PROGRAM_ID): NodeState {
  if (!info.owner.equals(programId)) throw new Error(`Node: account owned by ${info.owner.toBase58()}`);
  return ioJobsCoder.accounts.decode<NodeState>("node", info.data);
}

export function parseIoJobsEvents(logs: string[], programId = IO_JOBS_PROGRAM_ID): ProgramEvent[] {
  return parseEvents(logs, programId, ioJobsCoder);
}

export const JOBS_CONFIG_SEED = Buffer.from("config");
export const JOBS_AUTHORITY_SEED = Buffer.from("authority");
export const ESCROW_SEED = Buffer.from("escrow");
export const JOB_SEED = Buffer.from("job");

export function jobsConfigKey(programId: PublicKey = IO_JOBS_PROGRAM_ID): [PublicKey, number] {
  return PublicKey.findProgramAddressSync([JOBS_CONFIG_SEED], programId);
}

export function jobsAuthorityKey(programId: PublicKey = IO_JOBS_PROGRAM_ID): [PublicKey, number] {
  return PublicKey.findProgramAddressSync([JOBS_AUTHORITY_SEED], programId);
}

export function escrowKey(mint: PublicKey, programId: PublicKey = IO_JOBS_PROGRAM_ID): [PublicKey, number] {
  return PublicKey.findProgramAddressSync([ESCROW_SEED, mint.toBuffer()], programId);
}

export function jobKey(user: PublicKey, nonce: BN, programId: PublicKey = IO_JOBS_PROGRAM_ID): [PublicKey, number] {
  return PublicKey.findProgramAddressSync([JOB_SEED, user.toBuffer(), nonce.toArrayLike(Buffer, "le", 8)], programId);
}

export interface JobsParams {
  networkFeeBps: number;
  usdcSupplierFeeBps: number;
  facilitationFeeBps: number;
  challengeWindow: number;
  startTimeout: number;
}

/** The protocol's defaults (PROTOCOL.md): 5% network fee, 2% for USDC suppliers and users. */
export const DEFAULT_JOBS_PARAMS: JobsParams = {
  networkFeeBps: 500,
  usdcSupplierFeeBps: 200,
  facilitationFeeBps: 200,
  challengeWindow: 3_600,
  startTimeout: 3_600,
};

/** `initialize`: the jobs config and the USDC escrow; signed by the upgrade authority. */
export function initializeJobsInstruction(
  args: { payer: PublicKey; usdcMint: PublicKey; programData: PublicKey } & JobsParams,
  programId = IO_JOBS_PROGRAM_ID,
): TransactionInstruction {
  return new TransactionInstruction({
    programId,
    keys: [
      meta(args.payer, true, true),
      meta(args.programData, false),
      meta(jobsConfigKey(programId)[0], true),
      meta(jobsAuthorityKey(programId)[0], false),
      meta(args.usdcMint, false),
      meta(escrowKey(args.usdcMint, programId)[0], true),
      meta(TOKEN_PROGRAM_ID, false),
      meta(SystemProgram.programId, false),
    ],
    data: ioJobsCoder.instruction.encode("initialize", {
      networkFeeBps: args.networkFeeBps,
      usdcSupplierFeeBps: args.usdcSupplierFeeBps,
      facilitationFeeBps: args.facilitationFeeBps,
      challengeWindow: args.challengeWindow,
      startTimeout: args.startTimeout,
    }),
  });
}

export interface OpenJobArgs {
  user: PublicKey;
  node: PublicKey;
  nonce: BN;
  hours: number;
  userUsdc: PublicKey;
  usdcMint: PublicKey;
}

/** `open_job`: pays price x hours plus the facilitation fee in USDC into escrow. */
export function openJobInstruction(args: OpenJobArgs, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  return new TransactionInstruction({
    programId,
    keys: [
      meta(args.user, true, true),
      meta(jobsConfigKey(programId)[0], false),
      meta(args.node, false),
      meta(jobKey(args.user, args.nonce, programId)[0], true),
      meta(args.userUsdc, true),
      meta(escrowKey(args.usdcMint, programId)[0], true),
      meta(args.usdcMint, false),
      meta(TOKEN_PROGRAM_ID, false),
      meta(SystemProgram.programId, false),
    ],
    data: ioJobsCoder.instruction.encode("openJob", { nonce: args.nonce, hours: args.hours }),
  });
}

/** `cancel_job`: before the start, the whole deposit back to `userUsdc`. */
export function cancelJobInstruction(
  args: { user: PublicKey; job: PublicKey; userUsdc: PublicKey; usdcMint: PublicKey },
  programId = IO_JOBS_PROGRAM_ID,
): TransactionInstruction {
  return new TransactionInstruction({
    programId,
    keys: [
      meta(args.user, true, true),
      meta(jobsConfigKey(programId)[0], false),
      meta(args.job, true),
      meta(args.userUsdc, true),
      meta(escrowKey(args.usdcMint, programId)[0], true),
      meta(args.usdcMint, false),
      meta(jobsAuthorityKey(programId)[0], false),
      meta(TOKEN_PROGRAM_ID, false),
    ],
    data: ioJobsCoder.instruction.encode("cancelJob", {}),
  });
}

export interface JobState {
  state: number;
  currency: number;
  user: PublicKey;
  node: PublicKey;
  hours: number;
  pricePerHour: BN;
  amount: BN;
  facilitationFee: BN;
  deposit: BN;
}

export function decodeJob(info: Pick<AccountInfo<Buffer>, "data" | "owner">, programId = IO_JOBS_PROGRAM_ID): JobState {
  if (!info.owner.equals(programId)) throw new Error(`Job: account owned by ${info.owner.toBase58()}`);
  return ioJobsCoder.accounts.decode<JobState>("job", info.data);
}

/** `refund_unstarted`: after the start timeout with no usage, anyone refunds the user in full. */
export function refundUnstartedInstruction(
  args: { caller: PublicKey; job: PublicKey; userUsdc: PublicKey; usdcMint: PublicKey; rentPayer: PublicKey },
  programId = IO_JOBS_PROGRAM_ID,
): TransactionInstruction {
  return new TransactionInstruction({
    programId,
    keys: [
      meta(args.caller, false, true),
      meta(jobsConfigKey(programId)[0], false),
      meta(args.job, true),
      meta(args.userUsdc, true),
      meta(escrowKey(args.usdcMint, programId)[0], true),
      meta(args.usdcMint, false),
      meta(jobsAuthorityKey(programId)[0], false),
      meta(args.rentPayer, true),
      meta(TOKEN_PROGRAM_ID, false),
    ],
    data: ioJobsCoder.instruction.encode("refundUnstarted", {}),
  });
}
