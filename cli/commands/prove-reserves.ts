import { TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import {
  airdropVaultKey,
  BUCKETS,
  configKey,
  decodeAirdrop,
  decodeJobsConfig,
  formatAmount,
  IO_DECIMALS,
  IO_TOKEN_IDL,
  IO_TOKEN_PROGRAM_ID,
  IOSD_DECIMALS,
  iosdMintKey,
  iosdStateKey,
  jobsConfigKey,
  parseIoJobsEvents,
  proveJobsReservesInstruction,
  buybackConfigKey,
  buybackUsdcVaultKey,
  incentivesVaultKey,
  parseIoBuybackEvents,
  proveBuybackReservesInstruction,
  parseIoStakingEvents,
  parseIoTokenEvents,
  ProgramEvent,
  proveReservesInstruction,
  proveStakingReservesInstruction,
  ReservesProof,
  reservesProofs,
  rewardsVaultKey,
  stakeVaultKey,
  stakingConfigKey,
  vaultKey,
} from "../../sdk/src";
import { Chain } from "../chain";
import { Context, report } from "../context";

/** A vault's name and the decimals of its token, for the table. */
interface VaultLabel {
  name: string;
  decimals: number;
  unit: string;
}

/**
 * A program with a `prove_reserves`: `prepare` returns its transactions' instructions and its
 * vaults' names, or null when it is not initialised on this chain; `parse` decodes its events.
 * Append new programs here.
 */
interface ReservesProver {
  program: string;
  prepare(chain: Chain): Promise<{ instructions: TransactionInstruction[]; labels: Map<string, VaultLabel> } | null>;
  parse(logs: string[]): ProgramEvent[];
}

const IO_UNIT = { decimals: IO_DECIMALS, unit: "IO" };

/** Airdrops per transaction: eight fixed accounts and two per airdrop stay within a legacy transaction. */
const AIRDROPS_PER_TX = 10;

/** Every airdrop's id, from the chain's listing (none where the endpoint does not list accounts). */
async function airdropIds(chain: Chain): Promise<number[]> {
  const found = IO_TOKEN_IDL.accounts.find((a) => a.name === "airdrop");
  if (!found) return [];
  try {
    const listed = await chain.getProgramAccounts(IO_TOKEN_PROGRAM_ID, [{ offset: 0, bytes: Buffer.from(found.discriminator) }]);
    return listed.map(({ account }) => decodeAirdrop(account).id).sort((a, b) => a - b);
  } catch {
    return [];
  }
}

export const PROVERS: ReservesProver[] = [
  {
    program: "io_token",
    async prepare(chain) {
      if (!(await chain.getAccount(configKey()[0])) || !(await chain.getAccount(iosdStateKey()[0]))) return null;
      const ids = await airdropIds(chain);
      const batches: number[][] = [];
      for (let i = 0; i < ids.length; i += AIRDROPS_PER_TX) batches.push(ids.slice(i, i + AIRDROPS_PER_TX));
      const labels = new Map<string, VaultLabel>();
      for (const b of BUCKETS) labels.set(vaultKey(b.index)[0].toBase58(), { name: `genesis ${b.name}`, ...IO_UNIT });
      for (const id of ids) labels.set(airdropVaultKey(id)[0].toBase58(), { name: `airdrop ${id}`, ...IO_UNIT });
      labels.set(iosdMintKey()[0].toBase58(), { name: "IOSD (bought less retired, vs supply + held)", decimals: IOSD_DECIMALS, unit: "IOSD" });
      return { instructions: (batches.length ? batches : [[]]).map((airdropIds) => proveReservesInstruction({ airdropIds })), labels };
    },
    parse: (logs) => parseIoTokenEvents(logs),
  },
  {
    program: "io_staking",
    async prepare(chain) {
      if (!(await chain.getAccount(stakingConfigKey()[0]))) return null;
      const labels = new Map<string, VaultLabel>([
        [stakeVaultKey()[0].toBase58(), { name: "stake vault", ...IO_UNIT }],
        [rewardsVaultKey()[0].toBase58(), { name: "rewards vault", ...IO_UNIT }],
      ]);
      return { instructions: [proveStakingReservesInstruction()], labels };
    },
    parse: (logs) => parseIoStakingEvents(logs),
  },
  {
    program: "io_jobs",
    async prepare(chain) {
      const account = await chain.getAccount(jobsConfigKey()[0]);
      if (!account) return null;
      const config = decodeJobsConfig(account);
      const usdc = { decimals: 6, unit: "USDC" };
      const labels = new Map<string, VaultLabel>([
        [config.vaults[0].toBase58(), { name: "USDC escrow (open jobs + earnings)", ...usdc }],
        [config.feeVaults[0].toBase58(), { name: "USDC fee vault (unswept)", ...usdc }],
        [config.vaults[1].toBase58(), { name: "IO escrow (open jobs + earnings)", ...IO_UNIT }],
        [config.feeVaults[1].toBase58(), { name: "IO fee vault (unswept)", ...IO_UNIT }],
        [config.vaults[2].toBase58(), { name: "IOSD held (open jobs + earnings)", decimals: IOSD_DECIMALS, unit: "IOSD" }],
      ]);
      return { instructions: [proveJobsReservesInstruction({ usdcMint: config.mints[0] })], labels };
    },
    parse: (logs) => parseIoJobsEvents(logs),
  },
  {
    program: "io_buyback",
    async prepare(chain) {
      if (!(await chain.getAccount(buybackConfigKey()[0]))) return null;
      const usdc = { decimals: 6, unit: "USDC" };
      const labels = new Map<string, VaultLabel>([
        [buybackUsdcVaultKey()[0].toBase58(), { name: "USDC vault (live lot, swept - sold)", ...usdc }],
        [incentivesVaultKey()[0].toBase58(), { name: "incentives vault (swept - spent)", ...usdc }],
      ]);
      return { instructions: [proveBuybackReservesInstruction()], labels };
    },
    parse: (logs) => parseIoBuybackEvents(logs),
  },
];

function row(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
}

/** `io prove-reserves`: each program's `prove_reserves`, and the table of their proofs. */
export async function run(ctx: Context): Promise<number> {
  const payer = ctx.signer();
  const rows: string[][] = [];
  const seen = new Set<string>();
  let code = 0;
  for (const prover of PROVERS) {
    const prepared = await prover.prepare(ctx.chain);
    if (!prepared) {
      ctx.out(`${prover.program}: not initialised on this chain, skipped`);
      continue;
    }
    for (const ix of prepared.instructions) {
      const res = await ctx.chain.sendTransaction([ix], [payer]);
      // A short vault fails the transaction; its logs still carry every proof, the short one included
      const proofs: ReservesProof[] = reservesProofs(prover.parse(res.logs));
      if (report(ctx, `${prover.program} prove_reserves`, res) !== 0) code = 1;
      for (const p of proofs) {
        const key = p.vault.toBase58();
        if (seen.has(key)) continue;
        seen.add(key);
        const label = prepared.labels.get(key) ?? { name: key, ...IO_UNIT };
        const amount = (v: BN) => `${formatAmount(v, label.decimals)} ${label.unit}`;
        rows.push([`${prover.program} ${label.name}`, amount(p.balance), amount(p.obligations), p.short ? "SHORT" : amount(p.surplus)]);
      }
    }
  }
  const header = ["vault", "balance", "obligations", "surplus"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  ctx.out(row(header, widths));
  for (const r of rows) ctx.out(row(r, widths));
  return code;
}

