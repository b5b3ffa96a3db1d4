/**
 * Writing a program's new code into a BPF upgradeable loader (v3) Buffer for an upgrade proposal
 * (GovAction.Upgrade): create and initialise the buffer, write the `.so` in chunks. The writer
 * keeps the buffer's authority: `propose` (signed by the writer) hands it to the executor, so that
 * nobody else can put the buffer to a vote and nobody can change or close it before the execution.
 * Builders only: they return instructions, grouped by transaction, and never send.
 */
import { PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import { BPF_LOADER_UPGRADEABLE_ID } from "../io-token/constants";

/** A Buffer account's header: bincode `UpgradeableLoaderState::Buffer { authority_address: Option<Pubkey> }`. */
export const BUFFER_HEADER = 37;
/** Program bytes per `Write`: fits a legacy transaction with two signers. */
export const WRITE_CHUNK = 880;

/** The size of a buffer holding `soLength` program bytes. */
export function bufferSize(soLength: number): number {
  return BUFFER_HEADER + soLength;
}

const loaderIx = (keys: { pubkey: PublicKey; isSigner: boolean; isWritable: boolean }[], data: Buffer) =>
  new TransactionInstruction({ programId: BPF_LOADER_UPGRADEABLE_ID, keys, data });

/** The system account of `bufferSize(soLength)` bytes owned by the loader, and the loader's InitializeBuffer naming `authority`. */
export function createBufferInstructions(args: { payer: PublicKey; buffer: PublicKey; authority: PublicKey; soLength: number; lamports: number }): TransactionInstruction[] {
  const init = Buffer.alloc(4);
  init.writeUInt32LE(0, 0); // InitializeBuffer
  return [
    SystemProgram.createAccount({
      fromPubkey: args.payer,
      newAccountPubkey: args.buffer,
      lamports: args.lamports,
      space: bufferSize(args.soLength),
      programId: BPF_LOADER_UPGRADEABLE_ID,
    }),
    loaderIx(
      [
        { pubkey: args.buffer, isSigner: false, isWritable: true },
        { pubkey: args.authority, isSigner: false, isWritable: false },
      ],
      init,
    ),
  ];
}

/** The loader's `Write` of `bytes` at program offset `offset`, signed by the buffer's authority. */
export function writeBufferInstruction(args: { buffer: PublicKey; authority: PublicKey; offset: number; bytes: Buffer }): TransactionInstruction {
  const head = Buffer.alloc(16);
  head.writeUInt32LE(1, 0); // Write
  head.writeUInt32LE(args.offset, 4);
  head.writeBigUInt64LE(BigInt(args.bytes.length), 8);
  return loaderIx(
    [
      { pubkey: args.buffer, isSigner: false, isWritable: true },
      { pubkey: args.authority, isSigner: true, isWritable: false },
    ],
    Buffer.concat([head, args.bytes]),
  );
}

/** The loader's `SetAuthority` of a buffer (the new authority does not sign: a PDA cannot). */
export function setBufferAuthorityInstruction(args: { buffer: PublicKey; authority: PublicKey; newAuthority: PublicKey }): TransactionInstruction {
  const data = Buffer.alloc(4);
  data.writeUInt32LE(4, 0); // SetAuthority
  return loaderIx(
    [
      { pubkey: args.buffer, isSigner: false, isWritable: true },
      { pubkey: args.authority, isSigner: true, isWritable: false },
      { pubkey: args.newAuthority, isSigner: false, isWritable: false },
    ],
    data,
  );
}

/** The transactions that write `so` into a new buffer, in order. */
export interface BufferPlan {
  /** Create and initialise the buffer (signers: payer, buffer). */
  create: TransactionInstruction[];
  /** One `Write` per transaction (signer: authority). */
  writes: TransactionInstruction[];
  /** Only with `newAuthority`: the buffer's authority becomes it (signer: authority). */
  handOver?: TransactionInstruction;
}

/**
 * Every instruction to put `so` into buffer `buffer` (a fresh keypair's address) with `authority`
 * writing it and keeping it (the proposer of its upgrade: `propose` hands it to the executor),
 * then, only if `newAuthority` is given, that key as its authority (io_governance refuses at
 * propose a buffer the executor holds already: BufferNotProposers).
 * `lamports`: the rent exemption of `bufferSize(so.length)` bytes.
 */
export function writeBufferPlan(
  args: { payer: PublicKey; buffer: PublicKey; authority: PublicKey; so: Buffer; lamports: number; newAuthority?: PublicKey; chunk?: number },
): BufferPlan {
  const chunk = args.chunk ?? WRITE_CHUNK;
  const writes: TransactionInstruction[] = [];
  for (let offset = 0; offset < args.so.length; offset += chunk) {
    writes.push(writeBufferInstruction({ buffer: args.buffer, authority: args.authority, offset, bytes: args.so.subarray(offset, offset + chunk) }));
  }
  return {
    create: createBufferInstructions({ payer: args.payer, buffer: args.buffer, authority: args.authority, soLength: args.so.length, lamports: args.lamports }),
    writes,
    handOver: args.newAuthority ? setBufferAuthorityInstruction({ buffer: args.buffer, authority: args.authority, newAuthority: args.newAuthority }) : undefined,
  };
}

/** A Buffer account's authority (null: none) and program bytes; throws if `data` is not a Buffer. */
export function decodeBuffer(data: Buffer): { authority: PublicKey | null; program: Buffer } {
  if (data.length < BUFFER_HEADER || data.readUInt32LE(0) !== 1) throw new Error("not a loader v3 Buffer account");
  return { authority: data[4] === 1 ? new PublicKey(data.subarray(5, 37)) : null, program: data.subarray(BUFFER_HEADER) };
}
