import { closedRegistration, epochEndsAt, formatAmount, hasRegistration, IO_DECIMALS, ParticipantKind, settlementOf, USD_DECIMALS } from "../../sdk/src";
import { Context } from "../context";
import { isoTime } from "../jobs";
import { io, kindName, outstandingEpoch, participantFlag, readStakingConfig, SLASH_STATES } from "../staking";

/** `io show-participant`: a participant read back from the chain. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const { address, participant: p } = await participantFlag(ctx.chain, flags);
  const config = await readStakingConfig(ctx.chain);
  ctx.output.set("participant", { address, ...p });
  const settlement = settlementOf(config, p, await outstandingEpoch(ctx.chain, config, p));
  ctx.out(`participant    ${address.toBase58()}`);
  ctx.out(`kind           ${kindName(p)} ${p.key.toBase58()}`);
  ctx.out(`authority      ${p.authority.toBase58()}`);
  ctx.out(`own stake      ${io(p.ownStake)}`);
  ctx.out(`delegated      ${io(p.delegated)} (active stake of others)`);
  ctx.out(`selection wt.  ${io(p.ownStake.add(p.delegated))} (own + delegated)`);
  ctx.out(`share          ${p.shareBps / 100}% to stakers`);
  ctx.out(`pending share  ${p.nextShareEpoch !== 0 ? `${p.nextShareBps / 100}% from epoch ${p.nextShareEpoch}` : "none"}`);
  const settling = settlement ? ` (+ ${io(settlement.reward.sub(settlement.toStakers))} when epoch ${settlement.epoch} settles)` : "";
  ctx.out(`claimable      ${io(p.claimable)}${settling}`);
  ctx.out(`stakers owed   ${io(p.stakersOwed)}${settlement ? ` (+ ${io(settlement.toStakers)})` : ""}`);
  if (!hasRegistration(p)) ctx.out("registration   none outstanding");
  else {
    const state = closedRegistration(config, p) !== null ? `closed; earns ${io(settlement!.reward)} at its rates, settled at the next touch` : "open epoch";
    ctx.out(`registration   epoch ${p.regEpoch}: availability weight ${formatAmount(p.regWeight, IO_DECIMALS)}, computing points ${formatAmount(p.regPoints, USD_DECIMALS)} (${state})`);
  }
  if (p.kind === ParticipantKind.Node && p.availEpoch === config.epoch && p.availFigure > 0) {
    ctx.out(`availability   figure ${p.availFigure} bps, weight ${formatAmount(p.availWeight, IO_DECIMALS)} registered in the open epoch (rises with the votes until it closes)`);
  }
  ctx.out(`points synced  ${formatAmount(p.pointsSynced, USD_DECIMALS)} (io_jobs computing points counted so far)`);
  const slash = SLASH_STATES[p.slashState] ?? `state ${p.slashState}`;
  const terms = p.slashState !== 0 ? `; burns ${p.slashBps / 100}% of own stake (fixed at the quorum)` : "";
  const until =
    p.slashState === 1
      ? `, window until ${isoTime(p.slashAt)}`
      : p.slashState === 2
        ? `, the admin decides until ${isoTime(p.slashDeadline)}; from then it can only be dismissed, by anyone`
        : "";
  ctx.out(`slash          ${slash}${until}${terms}`);
  const next = config.epochLength !== config.openEpochLength ? ` (later epochs: ${config.epochLength} s)` : "";
  ctx.out(`open epoch     ${config.epoch}, ends ${isoTime(epochEndsAt(config))}${next}`);
  return 0;
}
