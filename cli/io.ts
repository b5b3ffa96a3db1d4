/**
 * The `io` command. One file per command in cli/commands/, named after the instruction it sends.
 * Global options: --url <rpc> and --keypair <path> (Solana CLI style); without --url the
 * embedded chain kept in --state (see context.ts).
 */
import { parseFlags } from "./args";
import { context, Context } from "./context";
import * as acceptAdmin from "./commands/accept-admin";
import * as addBeneficiary from "./commands/add-beneficiary";
import * as airdropBuild from "./commands/airdrop-build";
import * as attestAvailability from "./commands/attest-availability";
import * as attestUsage from "./commands/attest-usage";
import * as cancelJob from "./commands/cancel-job";
import * as claim from "./commands/claim";
import * as claimAirdrop from "./commands/claim-airdrop";
import * as claimAll from "./commands/claim-all";
import * as claimEarnings from "./commands/claim-earnings";
import * as claimVested from "./commands/claim-vested";
import * as closeAirdrop from "./commands/close-airdrop";
import * as closeEpoch from "./commands/close-epoch";
import * as contestSlash from "./commands/contest-slash";
import * as crank from "./commands/crank";
import * as createAirdrop from "./commands/create-airdrop";
import * as disputeJob from "./commands/dispute-job";
import * as endJob from "./commands/end-job";
import * as executeSlash from "./commands/execute-slash";
import * as faucetUsdc from "./commands/faucet-usdc";
import * as genesis from "./commands/genesis";
import * as initEmissions from "./commands/init-emissions";
import * as initialize from "./commands/initialize";
import * as iosd from "./commands/iosd";
import * as lockGenesis from "./commands/lock-genesis";
import * as mintIosd from "./commands/mint-iosd";
import * as openJob from "./commands/open-job";
import * as price from "./commands/price";
import * as proposeAdmin from "./commands/propose-admin";
import * as proveReserves from "./commands/prove-reserves";
import * as refundUnstarted from "./commands/refund-unstarted";
import * as registerNode from "./commands/register-node";
import * as registerParticipant from "./commands/register-participant";
import * as release from "./commands/release";
import * as resolveDispute from "./commands/resolve-dispute";
import * as resolveSlash from "./commands/resolve-slash";
import * as retireNode from "./commands/retire-node";
import * as schedule from "./commands/schedule";
import * as setJobParams from "./commands/set-job-params";
import * as setPriceParams from "./commands/set-price-params";
import * as setRemintCap from "./commands/set-remint-cap";
import * as setSlashing from "./commands/set-slashing";
import * as setStakingParams from "./commands/set-staking-params";
import * as setRewardShare from "./commands/set-reward-share";
import * as settleJobs from "./commands/settle-jobs";
import * as showJob from "./commands/show-job";
import * as showNode from "./commands/show-node";
import * as showParticipant from "./commands/show-participant";
import * as showPosition from "./commands/show-position";
import * as stake from "./commands/stake";
import * as status from "./commands/status";
import * as submitPrice from "./commands/submit-price";
import * as syncPoints from "./commands/sync-points";
import * as unstake from "./commands/unstake";
import * as govPropose from "./commands/gov-propose";
import * as govShow from "./commands/gov-show";
import * as govVote from "./commands/gov-vote";
import * as govQueue from "./commands/gov-queue";
import * as govExecute from "./commands/gov-execute";
import * as govCancel from "./commands/gov-cancel";
import * as govRefundDeposit from "./commands/gov-refund-deposit";
import * as writeBuffer from "./commands/write-buffer";
import * as govVeto from "./commands/gov-veto";
import * as govList from "./commands/gov-list";
import * as govAcceptAdmin from "./commands/gov-accept-admin";
import * as updateNode from "./commands/update-node";
import * as vestingStatus from "./commands/vesting-status";
import * as voteSlash from "./commands/vote-slash";
import * as withdraw from "./commands/withdraw";
import * as sweepIoFees from "./commands/sweep-io-fees";
import * as sweepUsdcFees from "./commands/sweep-usdc-fees";
import * as buybackStatus from "./commands/buyback-status";
import * as startLot from "./commands/start-lot";
import * as buy from "./commands/buy";
import * as pauseBuyback from "./commands/pause-buyback";
import * as unpauseBuyback from "./commands/unpause-buyback";
import * as setBuybackParams from "./commands/set-buyback-params";
import * as setGuardian from "./commands/set-guardian";
import * as spendIncentives from "./commands/spend-incentives";
import * as index from "./commands/index";
import * as explorer from "./commands/explorer";

/** A command runs against a chain, or (`offline`) needs none. */
type Command =
  | { usage: string; run(ctx: Context, flags: Map<string, string>): Promise<number>; offline?: undefined }
  | { usage: string; offline(flags: Map<string, string>, out: (line: string) => void): Promise<number>; run?: undefined };

const COMMANDS: Record<string, Command> = {
  initialize,
  "propose-admin": proposeAdmin,
  "accept-admin": acceptAdmin,
  genesis,
  schedule,
  "init-emissions": initEmissions,
  crank,
  status,
  "add-beneficiary": addBeneficiary,
  "lock-genesis": lockGenesis,
  "claim-vested": claimVested,
  "vesting-status": vestingStatus,
  release,
  "airdrop-build": airdropBuild,
  "create-airdrop": createAirdrop,
  "claim-airdrop": claimAirdrop,
  "close-airdrop": closeAirdrop,
  "set-remint-cap": setRemintCap,
  "set-job-params": setJobParams,
  "set-staking-params": setStakingParams,
  "set-slashing": setSlashing,
  "set-price-params": setPriceParams,
  "submit-price": submitPrice,
  price,
  "mint-iosd": mintIosd,
  iosd,
  "register-node": registerNode,
  "update-node": updateNode,
  "retire-node": retireNode,
  "open-job": openJob,
  "cancel-job": cancelJob,
  "refund-unstarted": refundUnstarted,
  "attest-usage": attestUsage,
  "end-job": endJob,
  "dispute-job": disputeJob,
  "resolve-dispute": resolveDispute,
  "settle-jobs": settleJobs,
  "claim-earnings": claimEarnings,
  "show-job": showJob,
  "show-node": showNode,
  "faucet-usdc": faucetUsdc,
  "register-participant": registerParticipant,
  "set-reward-share": setRewardShare,
  stake,
  unstake,
  withdraw,
  claim,
  "claim-all": claimAll,
  "attest-availability": attestAvailability,
  "sync-points": syncPoints,
  "close-epoch": closeEpoch,
  "vote-slash": voteSlash,
  "contest-slash": contestSlash,
  "resolve-slash": resolveSlash,
  "execute-slash": executeSlash,
  "show-participant": showParticipant,
  "show-position": showPosition,
  "sweep-io-fees": sweepIoFees,
  "sweep-usdc-fees": sweepUsdcFees,
  "prove-reserves": proveReserves,
  "buyback-status": buybackStatus,
  "start-lot": startLot,
  buy,
  "pause-buyback": pauseBuyback,
  "unpause-buyback": unpauseBuyback,
  "set-buyback-params": setBuybackParams,
  "set-guardian": setGuardian,
  "spend-incentives": spendIncentives,
  "gov-propose": govPropose,
  "gov-show": govShow,
  "gov-vote": govVote,
  "gov-queue": govQueue,
  "gov-execute": govExecute,
  "gov-cancel": govCancel,
  "gov-refund-deposit": govRefundDeposit,
  "write-buffer": writeBuffer,
  "gov-veto": govVeto,
  "gov-list": govList,
  "gov-accept-admin": govAcceptAdmin,
  index,
  explorer,
};

function help(): string {
  return [
    "usage: io <command> [-u, --url <rpc or moniker>] [-k, --keypair <path>] [--state <file>] [options]",
    "       (monikers: mainnet-beta, devnet, testnet, localhost, or their first letter)",
    "       (no --url: the embedded chain kept in --state, default .io/chain.bin)",
    "",
    ...Object.values(COMMANDS).map((c) => `  io ${c.usage}`),
  ].join("\n");
}

export async function main(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const { positional, flags } = parseFlags(argv);
  const command = COMMANDS[positional[0] ?? ""];
  if (!command || flags.has("help")) {
    out(help());
    return command || positional.length === 0 ? 0 : 2;
  }
  try {
    if (command.offline) return await command.offline(flags, out);
    const ctx = await context(flags, out);
    const code = await command.run(ctx, flags);
    await ctx.close();
    return code;
  } catch (e) {
    out(`error: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
