import { lockPositionInstruction, parseIoGovernanceEvents, VoteChoice, voteInstruction, voteRecordKey } from "../../sdk/src";
import { Context, report } from "../context";
import { required } from "../flags";
import { proposalFlag, votingPositions } from "../gov";
import { io } from "../staking";

const CHOICES: Record<string, VoteChoice> = { yes: VoteChoice.Yes, no: VoteChoice.No, abstain: VoteChoice.Abstain };

/** `io gov-vote`: `lock_position` + `vote` for each of the signer's positions, one transaction each. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const choice = CHOICES[required(flags, "choice")];
  if (choice === undefined) throw new Error("--choice: yes, no or abstain");
  const { address: proposal, proposal: p } = await proposalFlag(ctx.chain, flags);
  const voter = ctx.signer();
  const positions = await votingPositions(ctx.chain, voter.publicKey, p.snapshotEpoch);
  // Which positions vote, and why the others cannot.
  const eligible: typeof positions = [];
  for (const pos of positions) {
    const why =
      pos.power === null
        ? `its stake changed after epoch ${p.snapshotEpoch}, the proposal's snapshot (StakeChangedAfterStart)`
        : pos.power.isZero()
          ? `no voting stake at the start of epoch ${p.snapshotEpoch} (NoVotingPower)`
          : (await ctx.chain.getAccount(voteRecordKey(proposal, pos.address)[0]))
            ? "already voted on this proposal (AlreadyVoted)"
            : null;
    if (why) ctx.out(`position ${pos.address.toBase58()} cannot vote: ${why}`);
    else eligible.push(pos);
  }
  if (eligible.length === 0) throw new Error(`${voter.publicKey.toBase58()}: none of its ${positions.length} position(s) can vote on this proposal`);
  let code = 0;
  for (const pos of eligible) {
    const ixs = [
      lockPositionInstruction({ staker: voter.publicKey, position: pos.address, proposal }),
      voteInstruction({ voter: voter.publicKey, proposal, position: pos.address, choice }),
    ];
    const res = await ctx.chain.sendTransaction(ixs, [voter]);
    code = Math.max(code, report(ctx, `vote (position ${pos.address.toBase58()})`, res));
    const cast = res.ok ? parseIoGovernanceEvents(res.logs).find((e) => e.name === "voteCast") : undefined;
    if (cast) ctx.out(`voted ${required(flags, "choice")} with ${io(pos.power!)} from position ${pos.address.toBase58()}`);
  }
  return code;
}
