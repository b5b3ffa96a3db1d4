import { createAssociatedTokenAccountIdempotentInstruction, createMintToInstruction, TOKEN_PROGRAM_ID, unpackMint } from "@solana/spl-token";
import { Currency, CURRENCY_DECIMALS } from "../../sdk/src";
import { isEmbedded } from "../chain/kind";
import { Context, report } from "../context";
import { amountFlag, pubkeyFlag } from "../flags";
import { currencyAccountOf, usdcMintOf } from "../jobs";

/** `io faucet-usdc`: SPL Token mint_to of the embedded chain's test USDC, whose mint authority is the admin. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  if (!(isEmbedded(ctx.chain))) throw new Error("faucet-usdc works only on the embedded chain: USDC on a cluster is not ours to mint");
  const usdcMint = await usdcMintOf(ctx.chain);
  const admin = ctx.signer();
  const authority = unpackMint(usdcMint, await ctx.chain.getAccount(usdcMint), TOKEN_PROGRAM_ID).mintAuthority;
  if (!authority?.equals(admin.publicKey)) throw new Error(`only the test USDC's mint authority ${authority?.toBase58() ?? "(none)"} can mint it: sign with the admin`);
  const to = flags.has("to") ? pubkeyFlag(flags, "to") : admin.publicKey;
  const account = currencyAccountOf(to, Currency.Usdc, usdcMint);
  const amount = amountFlag(flags, "amount", CURRENCY_DECIMALS[Currency.Usdc]);
  const ixs = [
    createAssociatedTokenAccountIdempotentInstruction(admin.publicKey, account, to, usdcMint, TOKEN_PROGRAM_ID),
    createMintToInstruction(usdcMint, account, admin.publicKey, BigInt(amount.toString())),
  ];
  return report(ctx, "mint_to (test USDC)", await ctx.chain.sendTransaction(ixs, [admin]));
}
