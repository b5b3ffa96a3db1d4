import { TOKEN_2022_PROGRAM_ID, unpackAccount } from "@solana/spl-token";
import BN from "bn.js";
import { IO_DECIMALS, lastEpochOf, stakeInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { amountFlag } from "../flags";
import { io, ioAccountOf, participantFlag, readStakingConfig } from "../staking";

/** `io stake`: the `stake` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const amount = amountFlag(flags, "amount", IO_DECIMALS);
  if (amount.isZero()) throw new Error("--amount must be above zero");
  const { address, participant } = await participantFlag(ctx.chain, flags);
  const staker = ctx.signer();
  const stakerIo = ioAccountOf(staker.publicKey);
  const info = await ctx.chain.getAccount(stakerIo);
  if (!info) throw new Error(`${staker.publicKey.toBase58()} has no IO account ${stakerIo.toBase58()} to stake from`);
  const balance = new BN(unpackAccount(stakerIo, info, TOKEN_2022_PROGRAM_ID).amount.toString());
  if (balance.lt(amount)) throw new Error(`${staker.publicKey.toBase58()} holds ${io(balance)}, less than ${io(amount)}`);
  const ix = stakeInstruction({ staker: staker.publicKey, participant: address, lastEpoch: lastEpochOf(participant), stakerIo, amount });
  const code = report(ctx, "stake", await ctx.chain.sendTransaction([ix], [staker]));
  if (code === 0) {
    const own = participant.authority.equals(staker.publicKey);
    const epoch = (await readStakingConfig(ctx.chain)).epoch;
    ctx.out(own ? `${io(amount)} added to the participant's own stake` : `${io(amount)} staked: earns the participant's share from epoch ${epoch + 1}`);
  }
  return code;
}
