/** io_jobs: nodes (jobs and escrow to come): PDAs, instruction builders, decoder, events. */
import { BorshCoder, EventParser, Program } from "@coral-xyz/anchor";
import { AccountInfo, Connection, PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import { IO_JOBS_IDL, IoJobs } from "../idl/io_jobs";

export const IO_JOBS_PROGRAM_ID = new PublicKey(IO_JOBS_IDL.address);
export const NODE_SEED = Buffer.from("node");
/** Node prices are USD per GPU-hour with 6 decimals. */
export const USD_DECIMALS = 6;

/** io_jobs' Anchor coder with camelCase names, as `Program` builds it. */
export const ioJobsCoder: BorshCoder = new Program<IoJobs>(IO_JOBS_IDL, {
  connection: new Connection("http://127.0.0.1:8899"),
}).coder as BorshCoder;

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

const meta = (pubkey: PublicKey, isWritable: boolean, isSigner = false) => ({ pubkey, isWritable, isSigner });

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

export function parseIoJobsEvents(logs: string[], programId = IO_JOBS_PROGRAM_ID): { name: string; data: Record<string, unknown> }[] {
  return Array.from(new EventParser(programId, ioJobsCoder).parseLogs(logs)).map((e) => ({ name: e.name, data: e.data as Record<string, unknown> }));
}
