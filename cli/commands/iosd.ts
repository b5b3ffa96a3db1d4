import { getAssociatedTokenAddressSync, TOKEN_2022_PROGRAM_ID, unpackAccount, unpackMint } from "@solana/spl-token";
import BN from "bn.js";
import {
  decodeEmissionState,
  decodeIosdState,
  emissionKey,
  formatAmount,
  GENESIS_SUPPLY,
  IO_DECIMALS,
  IOSD_DECIMALS,
  ioMintKey,
  iosdMintKey,
  iosdStateKey,
} from "../../sdk/src";
import { Context } from "../context";

/** `io iosd`: IOSD and burned-IO figures. */
export async function run(ctx: Context): Promise<number> {
  const stateInfo = await ctx.chain.getAccount(iosdStateKey()[0]);
  if (!stateInfo) throw new Error("IOSD is not initialised on this chain");
  const state = decodeIosdState(stateInfo);
  const io = (v: BN) => `${formatAmount(v, IO_DECIMALS)} IO`;
  const usd = (v: BN) => `${formatAmount(v, IOSD_DECIMALS)} IOSD`;
  const iosdMint = unpackMint(iosdMintKey()[0], await ctx.chain.getAccount(iosdMintKey()[0]), TOKEN_2022_PROGRAM_ID);
  const mine = getAssociatedTokenAddressSync(iosdMintKey()[0], ctx.signer().publicKey, true, TOKEN_2022_PROGRAM_ID);
  const mineInfo = await ctx.chain.getAccount(mine);
  const balance = mineInfo ? new BN(unpackAccount(mine, mineInfo, TOKEN_2022_PROGRAM_ID).amount.toString()) : new BN(0);
  ctx.out(`your IOSD          ${usd(balance)}`);
  ctx.out(`IOSD supply        ${usd(new BN(iosdMint.supply.toString()))}`);
  ctx.out(`IO burned for IOSD ${io(state.ioBurned)}`);
  ctx.out(`rate limit         ${usd(state.windowUsed)} used of ${usd(state.rateLimit)} per ${state.rateWindow} s (decaying)`);
  const emissionInfo = await ctx.chain.getAccount(emissionKey()[0]);
  if (emissionInfo) {
    const e = decodeEmissionState(emissionInfo);
    const ioMint = unpackMint(ioMintKey()[0], await ctx.chain.getAccount(ioMintKey()[0]), TOKEN_2022_PROGRAM_ID);
    const supply = new BN(ioMint.supply.toString());
    const burned = GENESIS_SUPPLY.add(e.minted).add(e.reminted).sub(supply);
    ctx.out(`IO supply          ${io(supply)}`);
    ctx.out(`IO burned (all)    ${io(burned)}, re-minted ${io(e.reminted)}, waiting ${io(burned.sub(e.reminted))}`);
    ctx.out(`re-mint cap        ${io(e.remintCapPerHour)} per hour`);
  }
  return 0;
}
