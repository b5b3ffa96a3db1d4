/**
 * io_jobs for a wallet: `openJob`, `cancelJob` and `endJob` resolve every account (USDC's mint
 * from the config, the token program per mint, the user's associated accounts, the job nonce)
 * and return a ready transaction; the fetchers decode state with enum-typed fields. Amounts are BN.
 */
import { Buffer } from "buffer";
import { Connection, GetProgramAccountsFilter, PublicKey } from "@solana/web3.js";
import { utils } from "@coral-xyz/anchor";
import BN from "bn.js";
import { decodePriceFeed, priceFeedKey } from "../io-oracle";
import { associatedAccount, mustRead, Prepared, readyTransaction, tokenBalance } from "../wallet";
import { decodeJob, decodeJobsConfig, decodeNode, JobsConfigState, JobState, NodeState } from "./accounts";
import { Job_ACCOUNT_DISCRIMINATOR, Node_ACCOUNT_DISCRIMINATOR } from "./generated";
import { cancelJobInstruction, endJobInstruction, openJobInstruction } from "./instructions";
import { Currency, CURRENCY_NAMES, currencyAccounts, IO_JOBS_PROGRAM_ID, jobKey, jobsConfigKey } from "./pdas";
import { quoteJob } from "./quote";

/** A job's state, as the program numbers it. */
export enum JobStatus {
  Open = 1,
  Ended = 2,
}

/** A job's dispute, as the program numbers it. */
export enum DisputeStatus {
  None = 0,
  Open = 1,
  Resolved = 2,
}

/** A job with its enums typed and its address. */
export interface Job extends Omit<JobState, "state" | "currency" | "dispute"> {
  address: PublicKey;
  state: JobStatus;
  currency: Currency;
  dispute: DisputeStatus;
}

export interface Node extends NodeState {
  address: PublicKey;
}

function oneOf<E extends number>(value: number, allowed: readonly E[], what: string): E {
  if (!(allowed as readonly number[]).includes(value)) throw new Error(`unknown ${what} ${value}`);
  return value as E;
}

function typedJob(address: PublicKey, j: JobState): Job {
  return {
    ...j,
    address,
    state: oneOf(j.state, [JobStatus.Open, JobStatus.Ended], "job state"),
    currency: oneOf(j.currency, [Currency.Usdc, Currency.Io, Currency.Iosd], "currency"),
    dispute: oneOf(j.dispute, [DisputeStatus.None, DisputeStatus.Open, DisputeStatus.Resolved], "dispute state"),
  };
}

export async function fetchJobsConfig(connection: Connection, programId = IO_JOBS_PROGRAM_ID): Promise<JobsConfigState> {
  return mustRead(connection, jobsConfigKey(programId)[0], (i) => decodeJobsConfig(i, programId), "io_jobs is not initialised on this cluster");
}

/** The job at `address`; throws when there is none (settled and refunded jobs are closed). */
export async function fetchJob(connection: Connection, address: PublicKey, programId = IO_JOBS_PROGRAM_ID): Promise<Job> {
  const j = await mustRead(connection, address, (i) => decodeJob(i, programId), `no job at ${address.toBase58()} (settled and refunded jobs are closed)`);
  return typedJob(address, j);
}

export async function fetchNode(connection: Connection, address: PublicKey, programId = IO_JOBS_PROGRAM_ID): Promise<Node> {
  return { ...(await mustRead(connection, address, (i) => decodeNode(i, programId), `no node at ${address.toBase58()}`)), address };
}

const memcmp = (offset: number, bytes: Buffer): GetProgramAccountsFilter => ({ memcmp: { offset, bytes: utils.bytes.bs58.encode(bytes) } });

/** Offsets in the accounts (8-byte discriminator first): Job's user after version, bump, state, currency, dispute; Node's owner after version, bump, hardware class. */
export const JOB_USER_OFFSET = 13;
export const NODE_OWNER_OFFSET = 11;

/** Every open job of `user` (getProgramAccounts: many public RPCs refuse it). */
export async function jobsOf(connection: Connection, user: PublicKey, programId = IO_JOBS_PROGRAM_ID): Promise<Job[]> {
  const listed = await connection.getProgramAccounts(programId, { commitment: "confirmed", filters: [memcmp(0, Buffer.from(Job_ACCOUNT_DISCRIMINATOR)), memcmp(JOB_USER_OFFSET, user.toBuffer())] });
  return listed.map(({ pubkey, account }) => typedJob(pubkey, decodeJob(account, programId)));
}

/** Every node `owner` registered. */
export async function nodesOf(connection: Connection, owner: PublicKey, programId = IO_JOBS_PROGRAM_ID): Promise<Node[]> {
  const listed = await connection.getProgramAccounts(programId, { commitment: "confirmed", filters: [memcmp(0, Buffer.from(Node_ACCOUNT_DISCRIMINATOR)), memcmp(NODE_OWNER_OFFSET, owner.toBuffer())] });
  return listed.map(({ pubkey, account }) => ({ ...decodeNode(account, programId), address: pubkey }));
}

/** What opening `hours` on `node` in `currency` debits now (payment + facilitation fee; IO at the conservative oracle price). */
export async function quoteOpenJob(connection: Connection, node: PublicKey, currency: Currency, hours: number, programId = IO_JOBS_PROGRAM_ID): Promise<BN> {
  const [{ pricePerHour }, config] = await Promise.all([fetchNode(connection, node, programId), fetchJobsConfig(connection, programId)]);
  const price = currency === Currency.Io ? await mustRead(connection, priceFeedKey()[0], decodePriceFeed, "no IO/USD price feed (io_oracle is not initialised)") : undefined;
  return quoteJob({ currency, pricePerHour, hours, config, price }).total;
}

export interface OpenJobParams {
  node: PublicKey;
  currency: Currency;
  hours: number;
  /** The most the user agrees to pay (base units of the currency). Default: the quote now. The
   * helper refuses to build when the quote is above it, and the program refuses (PaymentAboveMax)
   * when the price rose before the transaction landed. */
  maxPayment?: BN;
  /** Default: the first free from the current time in milliseconds. */
  nonce?: BN;
}

/** `open_job` paid by `user` from its associated account of the currency. */
export async function openJob(connection: Connection, user: PublicKey, params: OpenJobParams, programId = IO_JOBS_PROGRAM_ID): Promise<Prepared<{ job: PublicKey; nonce: BN; maxPayment: BN }>> {
  if (!Number.isInteger(params.hours) || params.hours <= 0 || params.hours > 0xffff_ffff) throw new Error(`hours must be a whole number above zero: ${params.hours}`);
  const { mints } = await fetchJobsConfig(connection, programId);
  const usdcMint = mints[Currency.Usdc];
  const quote = await quoteOpenJob(connection, params.node, params.currency, params.hours, programId);
  const name = CURRENCY_NAMES[params.currency];
  if (params.maxPayment && quote.gt(params.maxPayment)) {
    throw new Error(`the job costs ${quote.toString()} ${name} base units now, above maxPayment ${params.maxPayment.toString()}`);
  }
  const maxPayment = params.maxPayment ?? quote;
  const { mint, tokenProgram } = currencyAccounts(params.currency, usdcMint, programId);
  const { address: userToken } = await associatedAccount(connection, user, mint, tokenProgram);
  const balance = await tokenBalance(connection, userToken, tokenProgram);
  if (!balance) throw new Error(`${user.toBase58()} has no ${name} account ${userToken.toBase58()} to pay from`);
  if (balance.lt(quote)) throw new Error(`${user.toBase58()} holds ${balance.toString()} ${name} base units, less than the ${quote.toString()} the job costs`);
  let nonce = params.nonce ?? new BN(Date.now());
  if (!params.nonce) {
    while (await connection.getAccountInfo(jobKey(user, nonce, programId)[0], "confirmed")) nonce = nonce.addn(1);
  }
  const ix = openJobInstruction({ user, node: params.node, nonce, hours: params.hours, currency: params.currency, usdcMint, userToken, maxPayment }, programId);
  return { transaction: await readyTransaction(connection, user, [ix]), job: jobKey(user, nonce, programId)[0], nonce, maxPayment };
}

/** `cancel_job`: before any usage is accepted, the user takes the payment back (its associated account is created when missing). */
export async function cancelJob(connection: Connection, user: PublicKey, job: PublicKey, programId = IO_JOBS_PROGRAM_ID): Promise<Prepared> {
  const j = await fetchJob(connection, job, programId);
  if (!j.user.equals(user)) throw new Error(`job ${job.toBase58()} is ${j.user.toBase58()}'s, not ${user.toBase58()}'s`);
  const { mints } = await fetchJobsConfig(connection, programId);
  const { mint, tokenProgram } = currencyAccounts(j.currency, mints[Currency.Usdc], programId);
  const { address: userToken, create } = await associatedAccount(connection, user, mint, tokenProgram);
  const ix = cancelJobInstruction({ job, node: j.node, user, userToken, currency: j.currency, usdcMint: mints[Currency.Usdc] }, programId);
  return { transaction: await readyTransaction(connection, user, create ? [create, ix] : [ix]) };
}

/** `end_job`: the user (or the node's owner) ends the job; settlement follows after the challenge window. */
export async function endJob(connection: Connection, caller: PublicKey, job: PublicKey, programId = IO_JOBS_PROGRAM_ID): Promise<Prepared> {
  const j = await fetchJob(connection, job, programId);
  return { transaction: await readyTransaction(connection, caller, [endJobInstruction({ caller, job, node: j.node }, programId)]) };
}
