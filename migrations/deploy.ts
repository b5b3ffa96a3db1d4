/**
 * Initialises the IO protocol on a cluster and prints its genesis, read back from the chain.
 *
 *   npx ts-node migrations/deploy.ts                       embedded chain (LiteSVM): deploys the
 *                                                         built programs itself, then initialises
 *   npx ts-node migrations/deploy.ts --url <rpc> --keypair <path>
 *                                                         a cluster where the programs are deployed
 *                                                         (upgradeable, the keypair their upgrade
 *                                                         authority); initialises once
 *
 * Where io_staking is deployed, initialises it (the default staking parameters, among them a
 * compute rate of at most 10 IO per $1 of computing points; slashing 10% of
 * a node's own stake with a one-day contest window, DEFAULT_SLASHING) and points io_token's
 * emissions at its rewards vault: init_emissions there, or set_rewards_vault if emissions
 * already go elsewhere. Without io_staking, or with an explicit --rewards-vault, starts
 * emissions (init_emissions, once) into --rewards-vault (default: the admin's IO account).
 * Then, where io_oracle is deployed, initialises it with --oracles <k1,k2,...> (default: the
 * deployer) and --quorum (default: a majority), and IOSD (whose init_iosd names io_jobs'
 * authority its spender); where io_jobs is deployed too, checks that spender and initialises
 * io_jobs with the default parameters (DEFAULT_JOBS_PARAMS: a 3-day dispute window, 80% of USDC fees swept to the buyback) and the cluster's
 * USDC mint, --usdc-mint <pubkey> or IO_USDC_MINT (an SPL Token mint with 6 decimals; the
 * embedded chain creates a test one); where io_buyback is deployed too, initialises it with the
 * same USDC mint and the default parameters (DEFAULT_BUYBACK_PARAMS, docs/buyback.md).
 * The demand side's terms are set at their defaults when io_jobs and io_staking are initialised
 * (DEFAULT_REFERRAL_PARAMS, DEFAULT_DISCOUNT_TIERS, DEFAULT_PRIORITY_TIERS, DEFAULT_USAGE_PARAMS;
 * docs/demand-side.md).
 * Options: --name, --symbol, --uri (the IO token metadata).
 *
 * io_governance is initialised with DEFAULT_GOVERNANCE_PARAMS unless overridden (once, at
 * initialisation): --voting-period, --timelock, --grace-period, --late-quorum-extension
 * (seconds), --quorum-bps, --threshold-bps, --proposal-threshold (IO base units), --guardian;
 * io_staking's --epoch-length (seconds; default a day) likewise, at its initialisation.
 *
 *   --handover   then hands every program to governance (cli/handover.ts): the admin proposes
 *                io_governance's executor PDA as the admin of io_token, io_oracle, io_jobs,
 *                io_staking and io_buyback and io_governance's accept_admin completes each;
 *                io_buyback's guardian becomes io_governance's guardian; every program's upgrade
 *                authority (io_governance's too) moves to the executor (the loader's SetAuthority).
 *                Idempotent: a second run reports it done and sends nothing. After it the
 *                keypair can do nothing as admin (tests/handover.test.ts, tests/rpc-gov.test.ts).
 */
import { homedir } from "os";
import { join } from "path";
import { Keypair, PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { DEFAULT_GOVERNANCE_PARAMS, DEFAULT_STAKING_PARAMS, GovernanceParams, IO_BUYBACK_PROGRAM_ID, IO_GOVERNANCE_PROGRAM_ID, IO_JOBS_PROGRAM_ID, IO_ORACLE_PROGRAM_ID, IO_STAKING_PROGRAM_ID, IO_TOKEN_PROGRAM_ID, ioPerUsdOfCap, rewardsVaultKey } from "../sdk/src";
import { parseFlags } from "../cli/args";
import { clusterUrl } from "../cli/cluster";
import { Chain, loadKeypair, RpcChain } from "../cli/chain";
import {
  bootstrapEmbedded,
  DEFAULT_METADATA,
  formatGenesis,
  DEFAULT_SLASHING,
  initEmissions,
  initializeProtocol,
  initBuyback,
  initGovernance,
  initJobs,
  initOracleAndIosd,
  initStaking,
  pointEmissionsAt,
  readGenesis,
} from "../cli/genesis";
import { handOver } from "../cli/handover";

export interface DeployOptions {
  url?: string;
  keypair?: string;
  /** The IO token account emissions start into (default: io_staking's rewards vault where
   * io_staking is deployed, else the admin's IO account). */
  rewardsVault?: string;
  /** io_oracle's initial set (default: the deployer alone) and quorum (default: a majority). */
  oracles?: PublicKey[];
  quorum?: number;
  /** The cluster's USDC mint, for io_jobs (needed once, when io_jobs is first initialised). */
  usdcMint?: PublicKey;
  name?: string;
  symbol?: string;
  uri?: string;
  /** io_governance's rules at initialisation (default DEFAULT_GOVERNANCE_PARAMS) and guardian (default the keypair). */
  governance?: Partial<GovernanceParams>;
  guardian?: PublicKey;
  /** io_staking's epoch length in seconds at initialisation (default DEFAULT_STAKING_PARAMS': a day). */
  epochLength?: number;
  /** Hand every admin role and upgrade authority to io_governance's executor afterwards. */
  handover?: boolean;
}

export async function deploy(opts: DeployOptions, log: (line: string) => void = console.log): Promise<Chain> {
  const metadata = {
    name: opts.name ?? DEFAULT_METADATA.name,
    symbol: opts.symbol ?? DEFAULT_METADATA.symbol,
    uri: opts.uri ?? DEFAULT_METADATA.uri,
  };
  let chain: Chain;
  if (opts.url) {
    const authority = loadKeypair(opts.keypair ?? join(homedir(), ".config", "solana", "id.json"));
    const rpc = new RpcChain(opts.url);
    const program = await rpc.getAccount(IO_TOKEN_PROGRAM_ID);
    if (!program?.executable) {
      throw new Error(`io_token (${IO_TOKEN_PROGRAM_ID.toBase58()}) is not deployed at ${rpc.description}`);
    }
    chain = rpc;
    log(`chain: ${chain.description}`);
    const outcome = await initializeProtocol(chain, authority, metadata);
    log(outcome === "initialized" ? "initialize: done" : "initialize: already initialised, nothing sent");
    const stakingDeployed = (await rpc.getAccount(IO_STAKING_PROGRAM_ID))?.executable === true;
    if (stakingDeployed) {
      const staking = await initStaking(chain, authority, { ...DEFAULT_STAKING_PARAMS, ...(opts.epochLength ? { epochLength: opts.epochLength } : {}) });
      const slashing = `slashing ${DEFAULT_SLASHING.slashBps / 100}% of own stake, ${DEFAULT_SLASHING.slashWindow / 3_600} h to contest, votes count ${DEFAULT_SLASHING.slashVoteTtl / 3_600} h`;
      const compute = `compute rate at most ${ioPerUsdOfCap(DEFAULT_STAKING_PARAMS.maxComputeRate)} IO per $1 of computing points`;
      log(staking === "initialized" ? `io_staking: initialised (default parameters, ${compute}, ${slashing})` : "io_staking: already initialised");
    }
    if (opts.rewardsVault || !stakingDeployed) {
      const vault = await initEmissions(chain, authority, opts.rewardsVault ? new PublicKey(opts.rewardsVault) : undefined);
      log(`emissions: to ${vault.toBase58()}`);
    } else {
      const [vault] = rewardsVaultKey();
      const outcome = await pointEmissionsAt(chain, authority, vault);
      const how = { initialized: "started", redirected: "redirected (set_rewards_vault)", unchanged: "already" }[outcome];
      log(`emissions: to ${vault.toBase58()} (io_staking's rewards vault; ${how})`);
    }
    if ((await rpc.getAccount(IO_ORACLE_PROGRAM_ID))?.executable) {
      const oracles = opts.oracles?.length ? opts.oracles : [authority.publicKey];
      const quorum = opts.quorum ?? Math.floor(oracles.length / 2) + 1;
      await initOracleAndIosd(chain, authority, oracles, quorum);
      log(`io_oracle: ${oracles.length} oracle(s), quorum ${quorum}; IOSD ready`);
      if ((await rpc.getAccount(IO_JOBS_PROGRAM_ID))?.executable) {
        const jobs = await initJobs(chain, authority, opts.usdcMint);
        const done = jobs.outcome === "initialized" ? "initialised" : "already initialised";
        log(`io_jobs: ${done}, USDC mint ${jobs.usdcMint.toBase58()}; IOSD's spender is its authority`);
        if ((await rpc.getAccount(IO_BUYBACK_PROGRAM_ID))?.executable) {
          const buyback = await initBuyback(chain, authority, jobs.usdcMint);
          log(`io_buyback: ${buyback === "initialized" ? "initialised (default parameters)" : "already initialised"}`);
        }
      }
    }
    if ((await rpc.getAccount(IO_GOVERNANCE_PROGRAM_ID))?.executable) {
      const params = { ...DEFAULT_GOVERNANCE_PARAMS, ...opts.governance };
      const guardian = opts.guardian ?? authority.publicKey;
      const gov = await initGovernance(chain, authority, guardian, params);
      const rules = `voting ${params.votingPeriod} s, quorum ${params.quorumBps} bps, threshold ${params.thresholdBps} bps, timelock ${params.timelock} s, grace ${params.gracePeriod} s`;
      log(`io_governance: ${gov === "initialized" ? `initialised (${rules}; guardian ${guardian.toBase58()})` : "already initialised"}`);
    }
    if (opts.handover) await handOver(chain, authority, log);
  } else {
    const authority = opts.keypair ? loadKeypair(opts.keypair) : Keypair.generate();
    chain = await bootstrapEmbedded(authority, BigInt(Math.floor(Date.now() / 1000)), metadata);
    log(`chain: ${chain.description}`);
    log(`deployed io_token, io_oracle, io_jobs, io_staking, io_buyback and io_governance (upgrade authority ${authority.publicKey.toBase58()}), initialised, emissions started into io_staking's rewards vault`);
    if (opts.handover) await handOver(chain, authority, log);
  }
  log("");
  log(formatGenesis(await readGenesis(chain)));
  return chain;
}

/** `--usdc-mint` or IO_USDC_MINT, checked. */
export function usdcMintOption(v: string | undefined): PublicKey | undefined {
  if (v === undefined) return undefined;
  try {
    return new PublicKey(v);
  } catch {
    throw new Error(`--usdc-mint / IO_USDC_MINT: not a public key: ${v}`);
  }
}

/** io_governance's rules from the flags, each checked as a whole number. */
export function governanceOptions(flags: Map<string, string>): Partial<GovernanceParams> {
  const int = (name: string): number | undefined => {
    const v = flags.get(name);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) throw new Error(`--${name}: not a whole number: ${v}`);
    return Number(v);
  };
  const out: Partial<GovernanceParams> = {};
  const set = <K extends keyof GovernanceParams>(key: K, value: GovernanceParams[K] | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  set("votingPeriod", int("voting-period"));
  set("timelock", int("timelock"));
  set("gracePeriod", int("grace-period"));
  set("lateQuorumExtension", int("late-quorum-extension"));
  set("quorumBps", int("quorum-bps"));
  set("thresholdBps", int("threshold-bps"));
  const threshold = flags.get("proposal-threshold");
  if (threshold !== undefined) {
    if (!/^\d+$/.test(threshold)) throw new Error(`--proposal-threshold: not a whole number: ${threshold}`);
    out.proposalThreshold = new BN(threshold);
  }
  return out;
}

if (require.main === module) {
  const { flags } = parseFlags(process.argv.slice(2));
  // Inside the promise, so a bad flag is reported like any other failure.
  Promise.resolve().then(() => deploy({
    url: flags.has("url") ? clusterUrl(flags.get("url")!) : undefined,
    keypair: flags.get("keypair"),
    rewardsVault: flags.get("rewards-vault"),
    oracles: flags.get("oracles")?.split(",").map((k) => new PublicKey(k.trim())),
    quorum: flags.has("quorum") ? Number(flags.get("quorum")) : undefined,
    usdcMint: usdcMintOption(flags.get("usdc-mint") ?? process.env.IO_USDC_MINT),
    name: flags.get("name"),
    symbol: flags.get("symbol"),
    uri: flags.get("uri"),
    governance: governanceOptions(flags),
    guardian: flags.has("guardian") ? new PublicKey(flags.get("guardian")!) : undefined,
    epochLength: flags.has("epoch-length") ? Number(flags.get("epoch-length")) : undefined,
    handover: flags.has("handover"),
  })).then(
    // Exit explicitly: web3.js keeps its confirmation websocket open.
    () => process.exit(0),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
