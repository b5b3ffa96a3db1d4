import { PublicKey, Transaction, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import { canCompound, claimInstruction, lastEpochOf, parseIoStakingEvents, positionKey, previewClaim } from "../../sdk/src";
import { Context, report } from "../context";
import { required, switchFlag } from "../flags";
import { ensureIoAccount } from "../genesis";
import { io, ioAccountOf, outstandingEpoch, positionsOf, readParticipant, readPosition, readStakingConfig } from "../staking";

/** A legacy transaction's size limit, less room for the compute-budget instruction the RPC chain adds. */
const TX_BYTES = 1_232 - 64;

function participantList(flags: Map<string, string>): PublicKey[] {
  const list = required(flags, "participants").split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  if (list.length === 0) throw new Error("--participants <address,address,...> is required");
  if (new Set(list).size !== list.length) throw new Error("--participants: a participant is listed twice");
  return list.map((s) => {
    try {
      return new PublicKey(s);
    } catch {
      throw new Error(`--participants: not a public key: ${s}`);
    }
  });
}

/** The participants the signer has positions with: from --participants, else from the chain's listing. */
async function participantsOf(ctx: Context, flags: Map<string, string>, staker: PublicKey): Promise<PublicKey[]> {
  if (flags.has("participants")) return participantList(flags);
  try {
    return (await positionsOf(ctx.chain, staker)).map((p) => p.position.participant);
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : String(e)}; name the participants instead: --participants <address,address,...>`);
  }
}

/** Whether `ixs` fit one legacy transaction signed by `payer` alone. */
function fits(ixs: TransactionInstruction[], payer: PublicKey): boolean {
  const tx = new Transaction({ feePayer: payer, recentBlockhash: PublicKey.default.toBase58() }).add(...ixs);
  return 1 + 64 + tx.serializeMessage().length <= TX_BYTES;
}

/** `io claim-all`: one `claim` per position with something to pay (or stake to activate), batched. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const compound = switchFlag(flags, "compound");
  const staker = ctx.signer();
  const config = await readStakingConfig(ctx.chain);
  const claims: TransactionInstruction[] = [];
  let total = new BN(0);
  let paidOut = new BN(0); // claimed to the IO account: all of it, or with --compound what cannot compound
  const participants = await participantsOf(ctx, flags, staker.publicKey);
  ctx.out(`${participants.length} position(s) of ${staker.publicKey.toBase58()}`);
  const reading = ctx.progress("reading positions", participants.length);
  for (const address of participants) {
    reading.tick();
    const participant = await readParticipant(ctx.chain, address);
    const position = await readPosition(ctx.chain, address, staker.publicKey);
    if (!position) throw new Error(`${staker.publicKey.toBase58()} has no position with ${address.toBase58()} (${positionKey(address, staker.publicKey)[0].toBase58()})`);
    const preview = previewClaim(config, participant, position, await outstandingEpoch(ctx.chain, config, participant));
    if (preview.total.isZero() && !preview.activates) continue;
    total = total.add(preview.total);
    const to = ioAccountOf(staker.publicKey);
    // A reward below 1 IO cannot become a delegated position's only stake: paid out instead.
    const restake = compound && canCompound(participant, position, preview);
    if (compound && !restake) ctx.out(`  ${address.toBase58()}: ${io(preview.total)} paid out, not re-staked (below the 1 IO minimum of a delegation with no active stake)`);
    if (!restake) paidOut = paidOut.add(preview.total);
    claims.push(claimInstruction({ staker: staker.publicKey, participant: address, lastEpoch: lastEpochOf(participant), to, compound: restake }));
  }
  reading.done();
  if (claims.length === 0) {
    ctx.out("nothing to claim (and no pending stake to activate) in any position");
    return 0;
  }
  if (!paidOut.isZero()) await ensureIoAccount(ctx.chain, staker, staker.publicKey);
  // Greedy batches: as many claims as fit one transaction.
  const batches: TransactionInstruction[][] = [[]];
  for (const ix of claims) {
    const last = batches[batches.length - 1];
    if (last.length > 0 && !fits([...last, ix], staker.publicKey)) batches.push([ix]);
    else last.push(ix);
  }
  let code = 0;
  let paid = new BN(0);
  const bar = ctx.progress("claiming", claims.length);
  for (const [i, batch] of batches.entries()) {
    const res = await ctx.chain.sendTransaction(batch, [staker]);
    bar.tick(batch.length);
    code = Math.max(code, report(ctx, `claim x${batch.length} (transaction ${i + 1} of ${batches.length})`, res));
    if (!res.ok) continue;
    for (const e of parseIoStakingEvents(res.logs).filter((e) => e.name === "claimed")) {
      const amount = e.data.amount as BN;
      paid = paid.add(amount);
      ctx.out(`  ${(e.data.participant as PublicKey).toBase58()}: ${io(amount)}`);
    }
  }
  bar.done();
  const activated = paid.isZero() ? " (claims of nothing: pending stake activated)" : "";
  const how = !compound ? "" : paidOut.isZero() ? ", re-staked" : ", re-staked except what is listed as paid out";
  ctx.out(`claimed ${io(paid)} from ${claims.length} position(s)${how}${activated}`);
  return code;
}
