/**
 * What the governance commands share (docs/governance.md): the config and proposals read back,
 * the proposal flag, a proposal's action and its diff in words, and the signer's voting positions.
 */
import { PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import {
  ADMIN_CALLS,
  ADMIN_TARGETS,
  Currency,
  CURRENCY_DECIMALS,
  decodeGovernanceConfig,
  formatAmount,
  GuardianTarget,
  decodeProposal,
  decodeStakingConfig,
  GovAction,
  GovernanceConfigState,
  governanceConfigKey,
  govParam,
  PositionState,
  ProposalAccount,
  ProposalAction,
  proposalActions,
  proposalKey,
  stakingConfigKey,
  UPGRADE_TARGETS,
  votingPowerOf,
} from "../sdk/src";
import { Chain } from "./chain";
import { intFlag } from "./flags";
import { positionsOf } from "./staking";

export async function readGovConfig(chain: Chain): Promise<GovernanceConfigState> {
  const info = await chain.getAccount(governanceConfigKey()[0]);
  if (!info) throw new Error("io_governance is not initialised on this chain");
  return decodeGovernanceConfig(info);
}

/** `--proposal <index>`: its address and state. */
export async function proposalFlag(chain: Chain, flags: Map<string, string>): Promise<{ index: number; address: PublicKey; proposal: ProposalAccount }> {
  const index = intFlag(flags, "proposal");
  const [address] = proposalKey(index);
  const info = await chain.getAccount(address);
  if (!info) throw new Error(`no proposal ${index}`);
  return { index, address, proposal: decodeProposal(info) };
}

/** One action in words, with the value now and the new one (and the bounds of a parameter); `members` is the proposal's oracle set. */
export function describeOne(a: Pick<ProposalAction, "action" | "target" | "oldValue" | "value"> & { key?: PublicKey }, members: PublicKey[]): string {
  if (a.action === GovAction.Param) {
    const param = govParam(a.target);
    return `${param?.program ?? "parameter"} ${param?.name ?? a.target}: ${a.oldValue.toString()} -> ${a.value.toString()}${param ? ` (bounds ${param.min}..${param.max})` : ""}`;
  }
  if (a.action === GovAction.OracleSet) {
    return `io_oracle set: ${members.map((m) => m.toBase58()).join(", ")}, quorum ${a.value.toString()}`;
  }
  const key = a.key?.toBase58() ?? "?";
  if (a.action === GovAction.Spend) return `spend ${formatAmount(a.value, CURRENCY_DECIMALS[Currency.Usdc])} USDC from io_buyback's incentives vault to ${key}`;
  if (a.action === GovAction.Guardian) return `${a.target === GuardianTarget.Governance ? "io_governance" : a.target === GuardianTarget.Buyback ? "io_buyback" : `target ${a.target}`} guardian -> ${key}`;
  if (a.action === GovAction.AdminCall) return describeCall(a.target, a.value, key, a.oldValue);
  if (a.action === GovAction.Upgrade) return `upgrade ${UPGRADE_TARGETS[a.target]?.name ?? `program ${a.target}`} with the code in buffer ${key} (its content fixed on the proposal)`;
  if (a.action === GovAction.ProposeAdmin) return `propose ${key} as the admin of ${ADMIN_TARGETS[a.target]?.name ?? `program ${a.target}`} (it accepts with that program's accept_admin)`;
  return `accept the admin role of ${ADMIN_TARGETS[a.target]?.name ?? `program ${a.target}`} (its admin must have proposed the executor)`;
}

/** When a slash's decision, a dispute or a pause is due or began (unix seconds), as io_governance fixed it on the proposal. */
const at = (t: BN): string => (t.isZero() ? "none" : new Date(t.toNumber() * 1000).toISOString());

/** An admin call in words (ADMIN_CALLS), with the matter it decides (`matter`, the value in force: a slash's deadline, a dispute's deadline, a pause's start; execute refuses another). */
function describeCall(target: number, value: BN, key: string, matter: BN): string {
  const c = ADMIN_CALLS[target];
  if (!c) return `admin call ${target} (unknown)`;
  if (c.instruction === "release") return `io_token release ${formatAmount(value, CURRENCY_DECIMALS[Currency.Io])} IO from the ${target === 0 ? "research & ecosystem" : "community"} bucket to ${key}`;
  if (c.instruction === "resolve_slash") return `io_staking resolve_slash of ${key}: ${value.eqn(1) ? "uphold" : "dismiss"} (the slash due by ${at(matter)})`;
  if (c.instruction === "resolve_dispute") return `io_jobs resolve_dispute of job ${key}: ${value.toString()} hours served (the dispute due by ${at(matter)})`;
  if (c.instruction === "set_rewards_vault") return `io_token set_rewards_vault: emissions go to ${key}`;
  if (c.instruction === "lock_genesis") return "io_token lock_genesis (no more vesting grants)";
  if (c.instruction === "set_iosd_spender") return `io_token set_iosd_spender: ${key} may hold and release IOSD`;
  return `io_buyback unpause (buying resumes; the pause begun ${at(matter)})`;
}

/** A proposal's actions in words, numbered in execution order, one a line. */
export function describeAction(p: ProposalAccount): string {
  const members = p.members.slice(0, p.memberCount);
  return proposalActions(p)
    .map((a, i) => `${p.actionCount > 1 ? `\n  ${i + 1}. ` : ""}${describeOne(a, members)}`)
    .join("");
}

/** io_staking's open epoch (a proposal made now has its start as snapshot). */
export async function openEpoch(chain: Chain): Promise<number> {
  const info = await chain.getAccount(stakingConfigKey()[0]);
  if (!info) throw new Error("io_staking is not initialised on this chain");
  return decodeStakingConfig(info).epoch;
}

/** The signer's positions with their power for a snapshot at the start of `epoch` (null: changed after it). */
export async function votingPositions(chain: Chain, staker: PublicKey, epoch: number): Promise<{ address: PublicKey; position: PositionState; power: BN | null }[]> {
  const positions = await positionsOf(chain, staker);
  return positions.map((p) => ({ ...p, power: votingPowerOf(p.position, epoch) }));
}
