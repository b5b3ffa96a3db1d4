/**
 * What each program answers when an account is not the right one, keyed by "program.account"
 * (the IDL's account name): the wrong-account family (wrong owner, another type, another
 * instance, a substitute, a revived address) shares the entry unless a class-specific one
 * ("program.account.class" or "program.account.class:kind") says otherwise. Overrides keyed by
 * "program.instruction.account[.class[:kind]]" are where one instruction legitimately answers
 * differently. A missing signer is MissingSigner and a substituted fixed program WrongProgram
 * unless said otherwise; duplicated mutable accounts need only be refused with a named error.
 */
import { IdlInstruction } from "./idl";
import { ClassId, Expect } from "./spec";

/** A token program refuses the move (the signer is not the account's owner, the balance or the mint does not match). */
const TOKEN_REFUSES = (why: string): Expect => ({ cpi: "Custom\\(\\d+\\)", why: `the token program refuses it with its own error: ${why}` });
/** An account of another program where a token account is moved: the token program or the runtime refuses it. */
const NOT_A_TOKEN_ACCOUNT: Expect = {
  cpi: "IncorrectProgramId|ExternalAccountDataModified|InvalidAccountData|Custom\\(\\d+\\)",
  why: "the account is passed straight to the token program, which refuses an account it does not own or cannot read (IncorrectProgramId, InvalidAccountData, or the runtime's ExternalAccountDataModified)",
};
/** The signer's own token account (or destination) in another protocol account's place: handed unchecked to the token program, which refuses it. */
const TOKEN_CALLEE_REFUSES: Expect = {
  cpi: "IncorrectProgramId|InvalidAccountData|UninitializedAccount|ProgramFailedToComplete|Custom\\(\\d+\\)",
  why: "the program hands the signer's own token account (or destination) unchecked to the token program, which refuses a protocol account in its place (a mint, a PDA of ours, a vault it cannot move)",
};
const DESTINATION_OF_CHOICE = (who: string) => ({ legit: `the ${who} sends what it is owed to a token account of its choice` });

/** By "program.account[.class[:kind]]". */
export const ACCOUNTS: Record<string, Expect> = {
  // io_token
  "io_token.config": "InvalidConfig",
  "io_token.config.cosplay": "InvalidAccountData",
  "io_token.emission": "InvalidEmission",
  "io_token.emission.cosplay": "InvalidAccountData",
  "io_token.grant": "InvalidGrant",
  "io_token.grant.cosplay": "InvalidAccountData",
  "io_token.airdrop": "InvalidAirdrop",
  "io_token.airdrop.cosplay": "InvalidAccountData",
  "io_token.airdrop_vault": "InvalidAirdrop",
  "io_token.receipt": "InvalidAirdrop",
  "io_token.iosd_state": "InvalidIosd",
  "io_token.iosd_state.cosplay": "InvalidAccountData",
  "io_token.iosd_mint": "InvalidIosd",
  "io_token.io_mint": "InvalidMint",
  "io_token.vault": "InvalidVault",
  "io_token.community_vault": "InvalidVault",
  "io_token.vault_seed": "InvalidVault",
  "io_token.vault_series_a": "InvalidVault",
  "io_token.vault_core_contributors": "InvalidVault",
  "io_token.vault_ecosystem": "InvalidVault",
  "io_token.vault_community": "InvalidVault",
  "io_token.authority": "InvalidAuthority",
  "io_token.destination": "InvalidTokenAccount",
  "io_token.destination.substitute:other-owner": DESTINATION_OF_CHOICE("beneficiary, claimant or admin"),
  "io_token.rewards_vault": "InvalidRewardsVault",
  "io_token.price_feed": "InvalidPriceFeed",
  "io_token.program_data": "InvalidProgramData",
  "io_token.to": NOT_A_TOKEN_ACCOUNT,
  "io_token.to.substitute:other-owner": { legit: "the spender (io_jobs) releases IOSD to the account it names: a refund or a payout" },
  "io_token.to.substitute:other-mint": TOKEN_REFUSES("MintTo into an account of another mint"),
  "io_token.user_io": NOT_A_TOKEN_ACCOUNT,
  "io_token.user_io.substitute:other-owner": TOKEN_REFUSES("the user's signature burns only its own IO"),
  "io_token.user_io.substitute:other-mint": TOKEN_REFUSES("the burn names the IO mint"),
  "io_token.user_iosd": NOT_A_TOKEN_ACCOUNT,
  "io_token.user_iosd.substitute:other-owner": {
    legit: "the user burns its own IO and may have the IOSD minted to any IOSD account: a gift at mint time of a non-transferable token (a design question, see the report)",
  },
  "io_token.user_iosd.substitute:other-mint": TOKEN_REFUSES("MintTo into an account of another mint"),
  "io_token.owner_iosd": NOT_A_TOKEN_ACCOUNT,
  "io_token.owner_iosd.substitute:other-owner": TOKEN_REFUSES("the owner's signature burns only its own IOSD"),
  "io_token.owner_iosd.substitute:other-mint": TOKEN_REFUSES("the burn names the IOSD mint"),
  "io_token.user_io.dup": TOKEN_CALLEE_REFUSES,
  "io_token.user_iosd.dup": TOKEN_CALLEE_REFUSES,
  "io_token.owner_iosd.dup": TOKEN_CALLEE_REFUSES,
  "io_token.to.dup": TOKEN_CALLEE_REFUSES,
  "io_token.admin.impostor": "Unauthorized",
  "io_token.new_admin.impostor": "Unauthorized",
  "io_token.payer.impostor": "Unauthorized",
  "io_token.beneficiary.impostor": "Unauthorized",
  "io_token.claimant.impostor": "InvalidAirdrop",
  "io_token.spender.impostor": "NotIosdSpender",
  "io_token.owner.impostor": TOKEN_REFUSES("only the owner of the IOSD account signs its burn"),
  "io_token.user.impostor": TOKEN_REFUSES("only the owner of the IO account signs its burn"),

  // io_oracle
  "io_oracle.config": "InvalidConfig",
  "io_oracle.config.cosplay": "InvalidAccountData",
  "io_oracle.price_feed": "InvalidPriceFeed",
  "io_oracle.price_feed.cosplay": "InvalidAccountData",
  "io_oracle.program_data": "InvalidProgramData",
  "io_oracle.admin.impostor": "Unauthorized",
  "io_oracle.new_admin.impostor": "Unauthorized",
  "io_oracle.payer.impostor": "Unauthorized",
  "io_oracle.oracle.impostor": "NotOracle",

  // io_jobs
  "io_jobs.config": "InvalidConfig",
  "io_jobs.config.cosplay": "InvalidAccountData",
  "io_jobs.node": "InvalidNode",
  "io_jobs.job": "InvalidJob",
  "io_jobs.mint": "InvalidVault",
  "io_jobs.vault": "InvalidVault",
  "io_jobs.fee_vault": "InvalidVault",
  "io_jobs.authority": "InvalidVault",
  "io_jobs.token_program": "InvalidVault",
  "io_jobs.usdc_mint": "InvalidVault",
  "io_jobs.io_mint": "InvalidVault",
  "io_jobs.iosd_mint": "InvalidVault",
  "io_jobs.iosd_state": "InvalidVault",
  "io_jobs.usdc_escrow": "InvalidVault",
  "io_jobs.usdc_fee_vault": "InvalidVault",
  "io_jobs.io_escrow": "InvalidVault",
  "io_jobs.io_fee_vault": "InvalidVault",
  "io_jobs.buyback_vault": "InvalidVault",
  "io_jobs.incentives_vault": "InvalidVault",
  "io_jobs.user_token": "WrongTokenAccount",
  "io_jobs.profile": "InvalidProfile",
  "io_jobs.referrer_profile": "InvalidProfile",
  "io_jobs.node_referrer_profile": "InvalidProfile",
  "io_jobs.user": "NotJobUser",
  "io_jobs.price_feed": "InvalidPriceFeed",
  "io_jobs.oracle_config": "InvalidOracleConfig",
  "io_jobs.io_token_authority": "io_token.InvalidAuthority",
  "io_jobs.to": NOT_A_TOKEN_ACCOUNT,
  "io_jobs.to.substitute:other-owner": DESTINATION_OF_CHOICE("node's owner"),
  "io_jobs.to.substitute:other-mint": TOKEN_REFUSES("the payout names the job currency's mint"),
  "io_jobs.to.dup": TOKEN_CALLEE_REFUSES,
  "io_jobs.program_data": "InvalidProgramData",
  "io_jobs.admin.impostor": "Unauthorized",
  "io_jobs.new_admin.impostor": "Unauthorized",
  "io_jobs.payer.impostor": "Unauthorized",
  "io_jobs.oracle.impostor": "NotOracle",
  "io_jobs.owner.impostor": "NotNodeOwner",
  "io_jobs.user.impostor": "NotJobUser",
  "io_jobs.caller.impostor": { legit: "anyone may send it" },

  // io_staking
  "io_staking.config": "InvalidConfig",
  "io_staking.participant": "InvalidParticipant",
  "io_staking.position": "InvalidPosition",
  "io_staking.last_epoch": "WrongEpoch",
  "io_staking.profile": "InvalidProfile",
  "io_staking.epoch_state": "WrongEpoch",
  "io_staking.stake_vault": "InvalidVault",
  "io_staking.rewards_vault": "InvalidVault",
  "io_staking.io_mint": "InvalidVault",
  "io_staking.authority": {
    cpi: "PrivilegeEscalation",
    why: "the program signs the transfer or burn with its own PDA's seeds: another account in its place is an unsigned authority, which the runtime refuses",
  },
  "io_staking.node": "InvalidNode",
  "io_staking.key": "InvalidNode",
  "io_staking.operator": "Unauthorized",
  "io_staking.oracle_config": "InvalidOracleConfig",
  "io_staking.program_data": "InvalidProgramData",
  "io_staking.staker_io": NOT_A_TOKEN_ACCOUNT,
  "io_staking.staker_io.substitute:other-owner": TOKEN_REFUSES("the staker's signature moves only its own IO"),
  "io_staking.staker_io.substitute:other-mint": TOKEN_REFUSES("the transfer names the IO mint"),
  "io_staking.to": NOT_A_TOKEN_ACCOUNT,
  "io_staking.to.substitute:other-owner": DESTINATION_OF_CHOICE("staker"),
  "io_staking.to.substitute:other-mint": TOKEN_REFUSES("the transfer names the IO mint"),
  "io_staking.staker_io.dup": TOKEN_CALLEE_REFUSES,
  "io_staking.to.dup": TOKEN_CALLEE_REFUSES,
  "io_staking.admin.impostor": "Unauthorized",
  "io_staking.new_admin.impostor": "Unauthorized",
  "io_staking.payer.impostor": "Unauthorized",
  "io_staking.oracle.impostor": "NotOracle",
  "io_staking.staker.impostor": "InvalidPosition",
  "io_staking.authority.impostor": "Unauthorized",
  "io_staking.proposal": "InvalidProposal",
  // io_governance
  "io_governance.config": "InvalidConfig",
  "io_governance.proposal": "InvalidProposal",
  "io_governance.position": "InvalidPosition",
  "io_governance.staking_config": "InvalidStakingConfig",
  "io_governance.target_config": "InvalidTarget",
  "io_governance.target_program": "InvalidTarget",
  "io_governance.executor": "InvalidTarget",
  "io_governance.vote_record": "InvalidVoteRecord",
  "io_governance.program_data": "InvalidProgramData",
  // The deposit: the vault is the PDA, the proposer's account an IO account of Token-2022 it owns.
  "io_governance.proposer_io": "InvalidDepositAccount",
  "io_governance.deposit_vault": "InvalidDepositAccount",
  "io_governance.buffer": "InvalidBuffer",
  "io_governance.payer.impostor": "Unauthorized",
  "io_governance.proposer.impostor": "InvalidPosition", // the position must be the signer's own
  "io_governance.voter.impostor": "InvalidPosition",
  "io_governance.guardian.impostor": "Unauthorized",
  "io_governance.caller.impostor": { legit: "anyone (but the guardian) moves a decided proposal on" },
};

/** io_buyback's accounts (appended). */
Object.assign(ACCOUNTS, {
  "io_buyback.config": "InvalidConfig",
  "io_buyback.usdc_vault": "InvalidVault",
  "io_buyback.incentives_vault": "InvalidVault",
  "io_buyback.usdc_mint": "InvalidVault",
  "io_buyback.io_mint": "InvalidVault",
  "io_buyback.authority": "InvalidVault",
  "io_buyback.price_feed": "InvalidPriceFeed",
  "io_buyback.jobs_config": "InvalidJobsConfig",
  "io_buyback.program_data": "InvalidProgramData",
  "io_buyback.buyer_io": NOT_A_TOKEN_ACCOUNT,
  "io_buyback.buyer_io.substitute:other-owner": TOKEN_REFUSES("the buyer's signature burns only its own IO"),
  "io_buyback.buyer_io.substitute:other-mint": TOKEN_REFUSES("the burn names the IO mint"),
  "io_buyback.buyer_io.dup": TOKEN_CALLEE_REFUSES,
  "io_buyback.buyer_usdc": NOT_A_TOKEN_ACCOUNT,
  "io_buyback.buyer_usdc.substitute:other-owner": DESTINATION_OF_CHOICE("buyer"),
  "io_buyback.buyer_usdc.substitute:other-mint": TOKEN_REFUSES("the transfer names the USDC mint"),
  "io_buyback.buyer_usdc.dup": TOKEN_CALLEE_REFUSES,
  "io_buyback.destination": NOT_A_TOKEN_ACCOUNT,
  "io_buyback.destination.substitute:other-owner": { legit: "the admin pays incentives to the USDC account it names" },
  "io_buyback.destination.substitute:other-mint": TOKEN_REFUSES("the transfer names the USDC mint"),
  "io_buyback.destination.dup": TOKEN_CALLEE_REFUSES,
  "io_buyback.admin.impostor": "Unauthorized",
  "io_buyback.new_admin.impostor": "Unauthorized",
  "io_buyback.payer.impostor": "Unauthorized",
  "io_buyback.caller.impostor": "Unauthorized",
  "io_buyback.buyer.impostor": TOKEN_REFUSES("only the owner of the IO account signs its burn"),
} satisfies Record<string, Expect>);

/** io_staking instructions that read the config without mapping a bad layout to InvalidConfig. */
const STAKING_READ_CONFIG = ["register_participant", "set_reward_share", "stake", "withdraw", "vote_slash", "resolve_slash", "execute_slash", "prove_reserves"];

/** Legitimately unused: the account is only read for another currency. */
const UNUSED = (why: string): Expect => ({ legit: why });
const IOSD_ONLY = UNUSED("io_token's authority is used only to release IOSD: this job's currency never reads it");

/** By "program.instruction[variant].account[.class[:kind]]". */
export const OVERRIDES: Record<string, Expect> = {
  // io_token
  "io_token.claim_airdrop.io_mint": "InvalidTokenAccount", // no config to compare with: the destination must be an account of it
  "io_token.init_emissions.rewards_vault.substitute:other-owner": { legit: "the admin names the IO account emissions go to" },
  "io_token.set_rewards_vault.rewards_vault.substitute:other-owner": { legit: "the admin names the IO account emissions go to" },

  // io_jobs: an exit compares the node with the job's before reading it
  "io_jobs.cancel_job.node": "WrongNode",
  "io_jobs.refund_unstarted.node": "WrongNode",
  "io_jobs.settle_jobs.node": "WrongNode",
  // ... and a revived node at the job's own address passes that comparison: its read refuses it
  "io_jobs.cancel_job.node.revival": "InvalidNode",
  "io_jobs.refund_unstarted.node.revival": "InvalidNode",
  "io_jobs.settle_jobs.node.revival": "InvalidNode",
  "io_jobs.update_node.node.instance": "NotNodeOwner",
  "io_jobs.retire_node.node.instance": "NotNodeOwner",
  "io_jobs.claim_earnings.node.instance": "NotNodeOwner",
  "io_jobs.open_job.node.instance": { legit: "the user opens the job on the node it chooses" },
  "io_jobs.register_node.owner.impostor": "InvalidNode", // the node's PDA is derived from its owner
  "io_jobs.open_job.user.impostor": "WrongTokenAccount", // pays from the user's own account only
  "io_jobs.refund_unstarted.caller.impostor": { legit: "anyone may refund a job that never started" },
  "io_jobs.cancel_job.job.instance": "NotJobUser",
  "io_jobs.cancel_job[IOSD].job.instance": "InvalidVault", // the other job is paid in USDC: its money accounts are not these
  "io_jobs.refund_unstarted.job.instance": "NotJobUser",
  "io_jobs.end_job.job.instance": "NotJobParty", // the other job's user and node owner are others
  "io_jobs.end_job.node": "WrongNode", // compared with the job's node before anything is read of it
  "io_jobs.end_job.caller.impostor": "NotJobParty",
  // The job's user ends its own job without reading the node (read only for its owner's end)
  "io_jobs.end_job.node.revival": { legit: "the job's user ends its job; the node account is read only when its owner ends it" },
  "io_jobs.dispute_job.job.instance": "NotJobUser",
  "io_jobs.attest_usage.job.instance": { legit: "an oracle attests any job" },
  "io_jobs.attest_reputation.profile.instance": { legit: "an oracle attests any user's conduct" },
  "io_jobs.resolve_dispute.job.instance": "NotDisputed", // the admin resolves any disputed job; the other one is not
  "io_jobs.settle_jobs[USDC].job.instance": "NotJobUser",
  "io_jobs.settle_jobs[IO].job.instance": "CurrencyMismatch",
  "io_jobs.settle_jobs[IOSD].job.instance": "CurrencyMismatch",
  "io_jobs.open_job[USDC].price_feed": UNUSED("the IO/USD price is read only for IO payments"),
  "io_jobs.open_job[IOSD].price_feed": UNUSED("the IO/USD price is read only for IO payments"),
  "io_jobs.cancel_job[USDC].io_token_authority": IOSD_ONLY,
  "io_jobs.refund_unstarted.io_token_authority": IOSD_ONLY,
  "io_jobs.settle_jobs[USDC].io_token_authority": IOSD_ONLY,
  "io_jobs.settle_jobs[IO].io_token_authority": IOSD_ONLY,
  "io_jobs.claim_earnings[USDC].io_token_authority": IOSD_ONLY,
  // Referrals (issue 18)
  "io_jobs.settle_jobs[USDC referred].io_token_authority": IOSD_ONLY,
  "io_jobs.settle_jobs[USDC referred].job.instance": "NotJobUser", // users[0]'s job: not the referred user's
  "io_jobs.settle_jobs[IOSD referred].job.instance": "CurrencyMismatch",
  "io_jobs.settle_jobs[USDC referred node].io_token_authority": IOSD_ONLY,
  "io_jobs.settle_jobs[USDC referred node].job.instance": "WrongNode", // users[0]'s job is on the world's node, not the referred one
  "io_jobs.claim_referral[USDC].io_token_authority": IOSD_ONLY,
  "io_jobs.claim_referral[USDC].to.dup:vault": "InvalidDestination", // the escrow itself: the income would stay there, owed to nobody
  "io_jobs.claim_referral.referrer.impostor": "InvalidProfile", // the profile is the referrer's own: another signer's is refused
  "io_jobs.register_referral.user.impostor": "InvalidProfile", // the profile's PDA is derived from the user
  "io_jobs.register_referral.referrer_profile": "ReferrerNotJoined", // not a profile of the named referrer: it has not joined
  // io_token's own mints and IOSD state only (io_common::token): anything else is refused
  "io_jobs.initialize.iosd_state.cosplay": "InvalidVault",
  "io_jobs.initialize.iosd_mint.substitute:other-mint/fake IO": "InvalidVault",
  "io_jobs.initialize.iosd_mint.substitute:other-mint/IO": "InvalidVault",
  "io_jobs.claim_earnings[USDC].to.dup:vault": "InvalidDestination", // the escrow itself: the earnings would stay there, owed to nobody

  // io_staking
  ...Object.fromEntries(STAKING_READ_CONFIG.map((ix) => [`io_staking.${ix}.config.cosplay`, "InvalidAccountData"])),
  "io_staking.initialize.authority": "InvalidVault",
  "io_staking.initialize.io_mint.substitute:other-mint/fake IO": "InvalidVault",
  "io_staking.initialize.io_mint.substitute:other-mint/IOSD": "InvalidVault",
  "io_staking.set_reward_share.participant.instance": "Unauthorized",
  "io_staking.stake.participant.instance": "InvalidPosition", // the position is the participant's PDA
  "io_staking.unstake.participant.instance": "InvalidPosition",
  "io_staking.withdraw.participant.instance": "InvalidPosition",
  "io_staking.claim.participant.instance": "InvalidPosition",
  "io_staking.attest_availability.participant.instance": "NotANode", // the other participant is a user
  "io_staking.sync_points.participant.instance": "NotANode",
  "io_staking.sync_usage.participant.instance": "NotAUser", // the other participant is a node
  "io_staking.vote_slash.participant.instance": "NotANode",
  "io_staking.contest_slash.participant.instance": "Unauthorized",
  "io_staking.resolve_slash.participant.instance": "NoSlash",
  "io_staking.execute_slash.participant.instance": "NoSlash",
  "io_staking.register_participant[node].key.instance": "NotNodeOwner",
  "io_staking.register_participant[user].key": "Unauthorized", // a user registers itself: the key must be its authority
  "io_staking.register_participant[node].authority.impostor": "NotNodeOwner",
  "io_staking.close_epoch.payer.impostor": { legit: "anyone may close an epoch that is over (and pays the Epoch's rent)" },
  "io_staking.withdraw.staker_io.substitute:other-owner": DESTINATION_OF_CHOICE("staker"),
  // Our own vaults as destinations: the IO would stay there with no position or claim behind it
  "io_staking.withdraw.staker_io.dup:stake_vault": "InvalidDestination",
  "io_staking.claim.to.dup:stake_vault": "InvalidDestination",
  "io_staking.claim.to.dup:rewards_vault": "InvalidDestination",
  // Before the decision deadline only the admin decides a contested slash
  "io_staking.resolve_slash.caller.impostor": "Unauthorized",
  // io_buyback: its own vaults as destinations (the USDC would be sold or counted again)
  "io_buyback.buy.buyer_usdc.dup:usdc_vault": "InvalidDestination",
  "io_buyback.spend_incentives.destination.dup:incentives_vault": "InvalidDestination",
  // io_governance: only the proposer cancels; the initialize's config must be its PDA
  "io_governance.cancel.proposer.impostor": "Unauthorized",
  "io_governance.initialize.config.instance": "InvalidConfig",
  // reclaim_buffer: the lamports go to the proposal's proposer only
  "io_governance.reclaim_buffer.proposer": "WrongDestination",
};

const WRONG_ACCOUNT: ClassId[] = ["owner", "cosplay", "instance", "substitute", "revival"];

/** The expected answer to attacking `account` of `idl` (fixture `variant`) with `cls`; `kind`: the substitute's kind ("other-mint/IOSD"), the cosplayed type, or the duplicated account. */
export function expected(idl: IdlInstruction, variant: string | undefined, account: string, cls: ClassId, kind: string | undefined, fixedAddress: boolean): Expect | undefined {
  // Most specific first: "substitute:other-mint/IOSD", "substitute:other-mint", "substitute", then "" (the account's wrong-account answer)
  const kinds: string[] = [];
  if (kind) {
    const parts = kind.split("/");
    for (let n = parts.length; n > 0; n--) kinds.push(`${cls}:${parts.slice(0, n).join("/")}`);
  }
  const tail = [...kinds, cls, ...(WRONG_ACCOUNT.includes(cls) ? [""] : [])];
  const prefixes = [...(variant ? [`${idl.id}[${variant}]`] : []), idl.id];
  for (const prefix of prefixes) {
    for (const t of tail) {
      const e = OVERRIDES[`${prefix}.${account}${t ? `.${t}` : ""}`];
      if (e !== undefined) return e;
    }
  }
  // A fixed program address is checked by the generated parser, before anything the table says about the name
  if (cls === "substitute" && fixedAddress) return "WrongProgram";
  for (const t of tail) {
    const e = ACCOUNTS[`${idl.program}.${account}${t ? `.${t}` : ""}`];
    if (e !== undefined) return e;
  }
  if (cls === "signer") return "MissingSigner";
  if (cls === "dup") return { named: true };
  return undefined;
}
