import { PublicKey } from "@solana/web3.js";
import BN from "bn.js";
// Narrow imports (not the SDK's index nor cli/jobs, which load Anchor and SPL Token): the
// generated decoder reads io_jobs' config, and the associated token address is derived here.
import { expectOwner } from "../../sdk/src/borsh";
import { formatAmount } from "../../sdk/src/format";
import { decodeJobsConfig } from "../../sdk/src/io-jobs/generated";
import { Currency, currencyAccounts, CURRENCY_DECIMALS, CURRENCY_NAMES, IO_JOBS_PROGRAM_ID, jobsConfigKey } from "../../sdk/src/io-jobs/pdas";
import { associatedTokenAddress } from "../../sdk/src/token-programs";
import type { Chain } from "../chain";
import { Context } from "../context";
import { pubkeyFlag } from "../flags";

/** USDC's mint as io_jobs was initialised with it. */
async function usdcMintOf(chain: Chain): Promise<PublicKey> {
  const info = await chain.getAccount(jobsConfigKey()[0]);
  if (!info) throw new Error("io_jobs is not initialised on this chain");
  expectOwner(info, IO_JOBS_PROGRAM_ID, "JobsConfig");
  return decodeJobsConfig(info.data).mints[Currency.Usdc];
}

/** An SPL Token or Token-2022 account's amount (the base layout's u64 at byte 64). */
function tokenAmount(data: Buffer): BN {
  if (data.length < 72) throw new Error(`not a token account (${data.length} bytes)`);
  return new BN(data.subarray(64, 72), "le");
}

/** `io balance`: SOL and the IO, IOSD and USDC of the signer's (or --owner's) associated accounts. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const owner: PublicKey = flags.has("owner") ? pubkeyFlag(flags, "owner") : ctx.signer().publicKey;
  const wallet = await ctx.chain.getAccount(owner);
  const lamports = new BN(wallet?.lamports ?? 0);
  ctx.output.set("owner", owner);
  ctx.output.set("sol", { lamports, sol: formatAmount(lamports, 9) });
  ctx.out(`owner  ${owner.toBase58()}`);
  ctx.out(`SOL    ${formatAmount(lamports, 9)}`);
  // USDC's mint is io_jobs' config's; a chain without io_jobs shows no USDC line.
  const usdcMint = await usdcMintOf(ctx.chain).catch(() => null);
  for (const currency of [Currency.Io, Currency.Iosd, Currency.Usdc]) {
    const name = CURRENCY_NAMES[currency];
    if (currency === Currency.Usdc && !usdcMint) {
      ctx.out(`${name.padEnd(6)} (no USDC mint: io_jobs is not initialised on this chain)`);
      continue;
    }
    const { mint, tokenProgram } = currencyAccounts(currency, usdcMint ?? PublicKey.default);
    const account = associatedTokenAddress(mint, owner, tokenProgram);
    const info = await ctx.chain.getAccount(account);
    const amount = info ? tokenAmount(info.data) : new BN(0);
    const shown = formatAmount(amount, CURRENCY_DECIMALS[currency]);
    ctx.output.set(name.toLowerCase(), { account, exists: info !== null, amount, ui: shown });
    ctx.out(`${name.padEnd(6)} ${shown}${info ? "" : " (no account)"}  ${account.toBase58()}`);
  }
  return 0;
}
