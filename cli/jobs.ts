/** What the io_jobs commands share: the config and its USDC mint, typed flags, jobs and nodes read back, amounts shown. */
import { getAssociatedTokenAddressSync } from "@solana/spl-token";
import { PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import {
  Currency,
  currencyAccounts,
  CURRENCY_DECIMALS,
  CURRENCY_NAMES,
  decodeJob,
  decodeJobsConfig,
  decodeNode,
  formatAmount,
  IO_JOBS_PROGRAM_ID,
  JobsConfigState,
  JobState,
  jobsConfigKey,
  NodeState,
  decodePriceFeed,
  priceFeedKey,
  quoteJob,
  USD_DECIMALS,
} from "../sdk/src";
import { decodeAs, ProgramName } from "./accounts";
import { Chain } from "./chain";
import { pubkeyFlag, required } from "./flags";

export async function readJobsConfig(chain: Chain): Promise<JobsConfigState> {
  const info = await chain.getAccount(jobsConfigKey()[0]);
  if (!info) throw new Error("io_jobs is not initialised on this chain (an embedded state from before io_jobs: remove it to bootstrap again)");
  return decodeJobsConfig(info);
}

/** USDC's mint as io_jobs was initialised with it. */
export async function usdcMintOf(chain: Chain): Promise<PublicKey> {
  return (await readJobsConfig(chain)).mints[Currency.Usdc];
}

/** `--currency usdc|io|iosd`. */
export function currencyFlag(flags: Map<string, string>, name = "currency"): Currency {
  const v = required(flags, name).toLowerCase();
  const found = ([Currency.Usdc, Currency.Io, Currency.Iosd] as const).find((c) => CURRENCY_NAMES[c].toLowerCase() === v);
  if (found === undefined) throw new Error(`--${name} must be usdc, io or iosd, not ${v}`);
  return found;
}

/** A whole number of hours above zero. */
export function hoursFlag(flags: Map<string, string>, name = "hours"): number {
  const v = required(flags, name);
  if (!/^\d+$/.test(v) || Number(v) > 0xffff_ffff) throw new Error(`--${name} takes a whole number of hours: ${v}`);
  return Number(v);
}

/** Basis points, 0..=10,000. */
export function bpsFlag(flags: Map<string, string>, name: string): number {
  const v = required(flags, name);
  if (!/^\d+$/.test(v) || Number(v) > 10_000) throw new Error(`--${name} takes basis points from 0 to 10000: ${v}`);
  return Number(v);
}

const JOBS: ProgramName = { name: "io_jobs", id: IO_JOBS_PROGRAM_ID };

export async function readJob(chain: Chain, job: PublicKey): Promise<JobState> {
  const info = await chain.getAccount(job);
  if (!info) throw new Error(`no job at ${job.toBase58()} (settled and refunded jobs are closed)`);
  return decodeAs(JOBS, "job", job, info, (i) => decodeJob(i));
}

/** The job named by `--job`, with its address. */
export async function jobFlag(chain: Chain, flags: Map<string, string>): Promise<{ address: PublicKey; job: JobState }> {
  const address = pubkeyFlag(flags, "job");
  return { address, job: await readJob(chain, address) };
}

export async function readNode(chain: Chain, node: PublicKey): Promise<NodeState> {
  const info = await chain.getAccount(node);
  if (!info) throw new Error(`no node at ${node.toBase58()}`);
  return decodeAs(JOBS, "node", node, info, (i) => decodeNode(i));
}

/** What opening `hours` on `node` in `currency` debits the user now (payment + facilitation
 * fee; IO at the conservative oracle price): open_job's default `maxPayment`. */
export async function quotePayment(chain: Chain, node: PublicKey, currency: Currency, hours: number): Promise<BN> {
  const { pricePerHour } = await readNode(chain, node);
  const config = await readJobsConfig(chain);
  let price: { price: BN; confidence: BN } | undefined;
  if (currency === Currency.Io) {
    const info = await chain.getAccount(priceFeedKey()[0]);
    if (!info) throw new Error("no IO/USD price feed on this chain (io_oracle is not initialised)");
    price = decodePriceFeed(info);
  }
  return quoteJob({ currency, pricePerHour, hours, config, price }).total;
}

/** `owner`'s associated account of `currency`'s mint (SPL Token for USDC, Token-2022 otherwise). */
export function currencyAccountOf(owner: PublicKey, currency: Currency, usdcMint: PublicKey): PublicKey {
  const { mint, tokenProgram } = currencyAccounts(currency, usdcMint);
  return getAssociatedTokenAddressSync(mint, owner, true, tokenProgram);
}

/** The job's currency as the program numbers it. */
export function currencyOf(job: JobState): Currency {
  if (job.currency !== Currency.Usdc && job.currency !== Currency.Io && job.currency !== Currency.Iosd) {
    throw new Error(`unknown currency ${job.currency}`);
  }
  return job.currency;
}

/** `amount` base units of `currency`: "12.500000 USDC". */
export function money(amount: BN, currency: Currency): string {
  return `${formatAmount(amount, CURRENCY_DECIMALS[currency])} ${CURRENCY_NAMES[currency]}`;
}

/** A USD amount with 6 decimals: "$2.000000". */
export function usd(amount: BN): string {
  return `$${formatAmount(amount, USD_DECIMALS)}`;
}

export function isoTime(unix: BN): string {
  return new Date(unix.toNumber() * 1000).toISOString();
}
