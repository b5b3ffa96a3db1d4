/**
 * SPL Token's and Token-2022's program ids and the associated token address, without loading
 * @solana/spl-token (about 0.1 s of a command's start): the address is the associated token
 * program's PDA of [owner, token program, mint], as `getAssociatedTokenAddressSync` derives it
 * with `allowOwnerOffCurve` (tests/sdk-generated.test.ts compares the two).
 */
import { PublicKey } from "@solana/web3.js";
import { findPda } from "./pda";

export const TOKEN_PROGRAM = /* @__PURE__ */ new PublicKey("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
export const TOKEN_2022_PROGRAM = /* @__PURE__ */ new PublicKey("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");
export const ASSOCIATED_TOKEN_PROGRAM = /* @__PURE__ */ new PublicKey("ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL");

/** The associated token account of `owner` (any address, on or off the curve) for `mint` under `tokenProgram`. */
export function associatedTokenAddress(mint: PublicKey, owner: PublicKey, tokenProgram: PublicKey = TOKEN_PROGRAM): PublicKey {
  return findPda([owner.toBuffer(), tokenProgram.toBuffer(), mint.toBuffer()], ASSOCIATED_TOKEN_PROGRAM)[0];
}
