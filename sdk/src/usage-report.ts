/**
 * The usage report an IO Worker signs with its node's device key and sends to the oracle
 * service. A node's `deviceId` (32 bytes, set at register_node) is the worker's ed25519 device
 * public key, so anyone holding the node account can check a report.
 *
 * Canonical bytes (151): "io-usage-v2" || cluster genesis hash (32) || io_jobs program id (32) ||
 * job (32) || node (32) || hours u32 LE || reportedAt i64 LE. The cluster and the program bind a
 * report to one deployment: a report signed for devnet, or for another deployment of io_jobs,
 * does not verify on mainnet. `hours` is cumulative for the job; `reportedAt` is unix seconds
 * and orders a worker's reports.
 */
import { ed25519 } from "@noble/curves/ed25519";
import { sha256 } from "@noble/hashes/sha2";
import { Buffer } from "buffer";
import { Keypair, PublicKey } from "@solana/web3.js";
import { utils } from "@coral-xyz/anchor";
import { IO_JOBS_PROGRAM_ID } from "./io-jobs/pdas";

export const USAGE_REPORT_DOMAIN = Buffer.from("io-usage-v2");
export const USAGE_REPORT_LENGTH = USAGE_REPORT_DOMAIN.length + 32 + 32 + 32 + 32 + 4 + 8;
const MAX_U32 = 0xffff_ffff;

/**
 * The deployment a report is for: the cluster's genesis hash (base58, RPC `getGenesisHash`) and
 * the io_jobs program id. A worker and the oracles must agree on both.
 */
export interface UsageReportDeployment {
  genesisHash: string;
  programId: PublicKey;
}

/**
 * The embedded chain (LiteSVM) has no genesis block; its reports name this stand-in
 * (sha256 of "io-embedded-chain"), so they never verify on a real cluster.
 */
export const EMBEDDED_GENESIS_HASH = utils.bytes.bs58.encode(Buffer.from(sha256(new TextEncoder().encode("io-embedded-chain"))));

/** The deployment of io_jobs at `programId` (default: the protocol's id) on the cluster with `genesisHash`. */
export function usageReportDeployment(genesisHash: string, programId: PublicKey = IO_JOBS_PROGRAM_ID): UsageReportDeployment {
  const raw = utils.bytes.bs58.decode(genesisHash);
  if (raw.length !== 32) throw new Error(`a genesis hash is 32 bytes in base58, not ${genesisHash}`);
  return { genesisHash, programId };
}

export interface UsageReport {
  job: PublicKey;
  node: PublicKey;
  /** Cumulative hours served, as the worker counts them. */
  hours: number;
  /** Unix seconds when the worker made the report. */
  reportedAt: number;
}

export interface SignedUsageReport extends UsageReport {
  /** ed25519 signature (64 bytes) of `usageReportBytes` by the device key. */
  signature: Buffer;
}

/** What a worker POSTs: base58 keys, base64 signature. */
export interface UsageReportJson {
  job: string;
  node: string;
  hours: number;
  reportedAt: number;
  signature: string;
}

/** The canonical bytes a device key signs for `deployment`. Throws on hours outside u32, a non-integer time or a bad genesis hash. */
export function usageReportBytes(r: UsageReport, deployment: UsageReportDeployment): Buffer {
  if (!Number.isInteger(r.hours) || r.hours < 0 || r.hours > MAX_U32) throw new Error(`hours must be a u32: ${r.hours}`);
  if (!Number.isSafeInteger(r.reportedAt)) throw new Error(`reportedAt must be an integer (unix seconds): ${r.reportedAt}`);
  const out = Buffer.alloc(USAGE_REPORT_LENGTH);
  const genesis = Buffer.from(utils.bytes.bs58.decode(deployment.genesisHash));
  if (genesis.length !== 32) throw new Error(`a genesis hash is 32 bytes in base58, not ${deployment.genesisHash}`);
  let o = USAGE_REPORT_DOMAIN.copy(out, 0);
  o += genesis.copy(out, o);
  o += deployment.programId.toBuffer().copy(out, o);
  o += r.job.toBuffer().copy(out, o);
  o += r.node.toBuffer().copy(out, o);
  o = out.writeUInt32LE(r.hours, o);
  out.writeBigInt64LE(BigInt(r.reportedAt), o);
  return out;
}

/** Signs a report for `deployment` with the worker's device keypair (its public key is the node's deviceId).
 * ed25519 in plain JavaScript (no Node `crypto`), so the SDK bundles for the browser. */
export function signUsageReport(r: UsageReport, device: Keypair, deployment: UsageReportDeployment): SignedUsageReport {
  const signature = Buffer.from(ed25519.sign(usageReportBytes(r, deployment), device.secretKey.subarray(0, 32)));
  return { ...r, signature };
}

/** Whether `signature` is the device key's (`deviceId`, 32 raw bytes) over the report's canonical bytes for `deployment`. */
export function verifyUsageReport(r: UsageReport, signature: Uint8Array, deviceId: Uint8Array, deployment: UsageReportDeployment): boolean {
  if (signature.length !== 64) return false;
  if (deviceId.length !== 32) throw new Error(`an ed25519 public key is 32 bytes, not ${deviceId.length}`);
  try {
    return ed25519.verify(signature, usageReportBytes(r, deployment), deviceId, { zip215: false });
  } catch {
    return false;
  }
}

export function usageReportToJson(r: SignedUsageReport): UsageReportJson {
  return { job: r.job.toBase58(), node: r.node.toBase58(), hours: r.hours, reportedAt: r.reportedAt, signature: r.signature.toString("base64") };
}

/** Parses what a worker sent; throws an Error naming the first bad field. */
export function usageReportFromJson(value: unknown): SignedUsageReport {
  if (typeof value !== "object" || value === null) throw new Error("a report is a JSON object");
  const v = value as Record<string, unknown>;
  const key = (name: string): PublicKey => {
    const s = v[name];
    if (typeof s !== "string") throw new Error(`${name}: expected a base58 public key`);
    try {
      return new PublicKey(s);
    } catch {
      throw new Error(`${name}: not a public key: ${s}`);
    }
  };
  const int = (name: string, max: number): number => {
    const n = v[name];
    if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0 || n > max) throw new Error(`${name}: expected an integer in [0, ${max}]`);
    return n;
  };
  const sig = v.signature;
  if (typeof sig !== "string" || !/^[A-Za-z0-9+/]{85}[AQgw]==$/.test(sig)) throw new Error("signature: expected 64 bytes in base64");
  return { job: key("job"), node: key("node"), hours: int("hours", MAX_U32), reportedAt: int("reportedAt", Number.MAX_SAFE_INTEGER), signature: Buffer.from(sig, "base64") };
}
