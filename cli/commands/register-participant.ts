import { ParticipantKind, participantKey, registerParticipantInstruction } from "../../sdk/src";
import { Context, report } from "../context";
import { pubkeyFlag, switchFlag } from "../flags";
import { bpsFlag, readNode } from "../jobs";

/** `io register-participant`: the `register_participant` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const user = switchFlag(flags, "user");
  if (user === flags.has("node")) throw new Error("register a node (--node <io_jobs node>, signed by its owner) or yourself (--user)");
  const shareBps = bpsFlag(flags, "share-bps");
  const authority = ctx.signer();
  const key = user ? authority.publicKey : pubkeyFlag(flags, "node");
  if (!user) await readNode(ctx.chain, key);
  const kind = user ? ParticipantKind.User : ParticipantKind.Node;
  const ix = registerParticipantInstruction({ authority: authority.publicKey, key, kind, shareBps });
  const code = report(ctx, "register_participant", await ctx.chain.sendTransaction([ix], [authority]));
  if (code === 0) ctx.out(`participant ${participantKey(key)[0].toBase58()} (${user ? "user" : "node"} ${key.toBase58()}, stakers' share ${shareBps / 100}%)`);
  return code;
}
