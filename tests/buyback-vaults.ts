/**
 * io_buyback's two USDC vaults, which io_jobs' `sweep_usdc_fees` pays into, at their fixed
 * addresses (io_common::buyback). io_buyback's `initialize` creates them; io_jobs' own tests, which
 * run without io_buyback, write them with setAccount as live SPL Token accounts of its authority,
 * exactly as io_buyback owns them.
 */
import { AccountLayout, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { PublicKey } from "@solana/web3.js";
import { EmbeddedChain } from "../cli/chain";
import { BUYBACK_AUTHORITY, BUYBACK_USDC_VAULT, INCENTIVES_VAULT } from "../sdk/src/io-jobs/buyback";

export { BUYBACK_AUTHORITY, BUYBACK_USDC_VAULT, INCENTIVES_VAULT };

/** An SPL Token account's bytes: `mint`, `owner`, `amount`, initialised (state 1) unless `state` says otherwise. */
export function tokenAccountData(mint: PublicKey, owner: PublicKey, amount = 0n, state = 1): Buffer {
  const data = Buffer.alloc(AccountLayout.span);
  AccountLayout.encode(
    {
      mint,
      owner,
      amount,
      delegateOption: 0,
      delegate: PublicKey.default,
      state,
      isNativeOption: 0,
      isNative: 0n,
      delegatedAmount: 0n,
      closeAuthorityOption: 0,
      closeAuthority: PublicKey.default,
    },
    data,
  );
  return data;
}

/** Writes both vaults (empty) as token accounts of `mint` owned by `owner` (io_buyback's authority unless a test says otherwise). */
export function createBuybackVaults(chain: EmbeddedChain, mint: PublicKey, owner: PublicKey = BUYBACK_AUTHORITY): void {
  for (const vault of [BUYBACK_USDC_VAULT, INCENTIVES_VAULT]) chain.setAccount(vault, { data: tokenAccountData(mint, owner), owner: TOKEN_PROGRAM_ID });
}
