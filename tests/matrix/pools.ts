/**
 * What the world holds that an attacker can substitute: our accounts by type, token accounts
 * and mints of both token programs, wallets, programs, the programs' signing PDAs and their
 * ProgramData accounts. Taken once from the world; each case checks the account still exists.
 */
import { ASSOCIATED_TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { PublicKey, SystemProgram } from "@solana/web3.js";
import { address } from "@solana/kit";
import { authorityKey, buybackAuthorityKey, ioMintKey, iosdMintKey, jobsAuthorityKey, programDataKey, stakingAuthorityKey } from "../../sdk/src";
import { accountTypeOf, PROGRAM_IDS, PROGRAMS } from "./idl";
import { MatrixChain, Raw, WorldKeys } from "./world";

export interface TokenAccount {
  key: PublicKey;
  mint: PublicKey;
  owner: PublicKey;
  program: PublicKey;
}

export interface Pools {
  /** Our accounts by type id ("io_jobs.Job"). */
  ours: Map<string, PublicKey[]>;
  tokenAccounts: TokenAccount[];
  mints: { key: PublicKey; program: PublicKey; name: string }[];
  wallets: PublicKey[];
  programs: { name: string; id: PublicKey }[];
  /** Our programs' signing PDAs ("authority"). */
  authorities: { name: string; key: PublicKey }[];
  programData: { name: string; key: PublicKey }[];
}

/** The token layout of an account of a token program: a mint, a token account, or neither. */
export function tokenKind(raw: Raw): "mint" | "account" | undefined {
  if (!raw.owner.equals(TOKEN_PROGRAM_ID) && !raw.owner.equals(TOKEN_2022_PROGRAM_ID)) return undefined;
  if (raw.data.length === 82) return "mint";
  if (raw.data.length === 165) return "account";
  if (raw.data.length > 165) return raw.data[165] === 1 ? "mint" : raw.data[165] === 2 ? "account" : undefined;
  return undefined;
}

export function buildPools(chain: MatrixChain, k: WorldKeys): Pools {
  const ours = new Map<string, PublicKey[]>();
  for (const p of PROGRAMS) {
    for (const acc of chain.svm.getProgramAccounts(address(PROGRAM_IDS[p].toBase58()))) {
      const key = new PublicKey(acc.address);
      const t = accountTypeOf(PROGRAM_IDS[p], Buffer.from(acc.data));
      if (!t) continue;
      ours.set(t.id, [...(ours.get(t.id) ?? []), key]);
    }
  }
  const mintNames = new Map([
    [k.usdcMint.toBase58(), "USDC"],
    [k.fakeUsdcMint.toBase58(), "fake USDC"],
    [ioMintKey()[0].toBase58(), "IO"],
    [iosdMintKey()[0].toBase58(), "IOSD"],
    [k.fakeIoMint.toBase58(), "fake IO"],
  ]);
  const tokenAccounts: TokenAccount[] = [];
  const mints: Pools["mints"] = [];
  for (const program of [TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID]) {
    for (const acc of chain.svm.getProgramAccounts(address(program.toBase58()))) {
      const key = new PublicKey(acc.address);
      const raw = chain.raw(key)!;
      const kind = tokenKind(raw);
      if (kind === "mint") mints.push({ key, program, name: mintNames.get(key.toBase58()) ?? "mint" });
      if (kind === "account") tokenAccounts.push({ key, mint: new PublicKey(raw.data.subarray(0, 32)), owner: new PublicKey(raw.data.subarray(32, 64)), program });
    }
  }
  const sort = <T extends { key: PublicKey }>(xs: T[]) => xs.sort((a, b) => a.key.toBase58().localeCompare(b.key.toBase58()));
  sort(tokenAccounts);
  sort(mints);
  for (const list of ours.values()) list.sort((a, b) => a.toBase58().localeCompare(b.toBase58()));
  const wallets = [k.stranger.wallet.publicKey, ...k.users.map((u) => u.wallet.publicKey), k.delegator.wallet.publicKey];
  const programs = [
    { name: "spl-token", id: TOKEN_PROGRAM_ID },
    { name: "token-2022", id: TOKEN_2022_PROGRAM_ID },
    { name: "system", id: SystemProgram.programId },
    { name: "associated-token", id: ASSOCIATED_TOKEN_PROGRAM_ID },
    ...PROGRAMS.map((p) => ({ name: p, id: PROGRAM_IDS[p] })),
  ];
  const authorities = [
    { name: "io_token authority", key: authorityKey()[0] },
    { name: "io_jobs authority", key: jobsAuthorityKey()[0] },
    { name: "io_staking authority", key: stakingAuthorityKey()[0] },
    { name: "io_buyback authority", key: buybackAuthorityKey()[0] },
  ];
  const programData = PROGRAMS.map((p) => ({ name: `${p} ProgramData`, key: programDataKey(PROGRAM_IDS[p])[0] }));
  return { ours, tokenAccounts, mints, wallets, programs, authorities, programData };
}
