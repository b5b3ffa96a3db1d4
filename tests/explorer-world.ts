/**
 * The explorer's tests' world: the main job's scenes (scripts/main.ts) replayed on a fresh embedded
 * chain whose every successful transaction is indexed in-process into SQLite: a year of daily
 * cranks, IOSD minted for burned IO, USDC jobs, two staking epochs, a month of jobs whose fees
 * io_buyback sells for IO that is burned and partly re-minted, and a governance proposal voted on.
 */
import { Keypair, PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { createHash } from "crypto";
import {
  closeEpochInstruction,
  crankInstruction,
  decodeGovernanceConfig,
  decodeStakingConfig,
  rewardsVaultKey,
  stakingConfigKey,
  decodeParticipant,
  GovAction,
  governanceConfigKey,
  JOB_PARAMS,
  lastEpochOf,
  lockPositionInstruction,
  nodeKey,
  ParticipantKind,
  participantKey,
  positionKey,
  proposalKey,
  proposeInstruction,
  registerNodeInstruction,
  registerParticipantInstruction,
  releaseInstruction,
  stakeInstruction,
  VoteChoice,
  voteInstruction,
} from "../sdk/src";
import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { EmbeddedChain } from "../cli/chain";
import { bootstrapEmbedded, ensureIoAccount } from "../cli/genesis";
import { openDb } from "../services/indexer/db";
import { EmbeddedIndexer } from "../services/indexer/embedded-indexer";
import { IndexStore } from "../services/indexer/store";
import { buybackDemo, iosdDemo, jobsDemo, stakingDemo, supplyCurve } from "../scripts/main";

export interface ExplorerWorld {
  chain: EmbeddedChain;
  admin: Keypair;
  store: IndexStore;
  indexer: EmbeddedIndexer;
  dbPath: string;
}

/** Builds the world (about 600 transactions); `also` are indexed into as well (another database). */
export async function explorerWorld(also: EmbeddedIndexer[] = []): Promise<ExplorerWorld> {
  const dbPath = join(mkdtempSync(join(tmpdir(), "io-explorer-")), "index.sqlite");
  const store = new IndexStore(await openDb(dbPath));
  const indexer = new EmbeddedIndexer(store);
  const admin = Keypair.generate();
  const fresh = new EmbeddedChain();
  fresh.onTransaction = (tx) => [indexer, ...also].forEach((i) => i.observe(tx));
  const chain = await bootstrapEmbedded(admin, BigInt(Math.floor(Date.now() / 1000)), undefined, fresh);
  const quiet = () => {};
  await supplyCurve(chain, quiet);
  await iosdDemo(chain, admin, quiet);
  const cast = await jobsDemo(chain, admin, quiet);
  await stakingDemo(chain, admin, cast, quiet);
  await buybackDemo(chain, admin, cast, quiet);
  await governanceScene(chain, admin);
  await indexer.flush();
  for (const i of also) await i.flush();
  return { chain, admin, store, indexer, dbPath };
}

function ok(what: string, res: ReturnType<EmbeddedChain["send"]>): void {
  if (!res.ok) throw new Error(`${what} failed: ${res.programError?.name ?? res.error}`);
}

/**
 * A node operator stakes 20,000 IO of its own (active at once), an epoch closes, it proposes a job parameter
 * (the challenge window, to 2 s) and votes yes with that position; nothing is queued.
 */
async function governanceScene(chain: EmbeddedChain, admin: Keypair): Promise<PublicKey> {
  const IO = new BN(100_000_000);
  const owner = chain.wallet(1);
  const deviceId = createHash("sha256").update("gov-node").digest();
  const [node] = nodeKey(owner.publicKey, deviceId);
  ok("register_node", chain.send([registerNodeInstruction({ owner: owner.publicKey, deviceId, hardwareClass: 1, pricePerHour: new BN(2_000_000), usdShareBps: 8_000 })], [owner]));
  ok("register_participant", chain.send([registerParticipantInstruction({ authority: owner.publicKey, key: node, kind: ParticipantKind.Node, shareBps: 200 })], [owner]));
  const [participant] = participantKey(node);
  const ownerIo = await ensureIoAccount(chain, admin, owner.publicKey);
  const amount = IO.muln(20_000);
  ok("release", chain.send([releaseInstruction({ admin: admin.publicKey, bucket: 4, amount, destination: ownerIo })], [admin]));
  const lastEpoch = lastEpochOf(decodeParticipant(chain.account(participant)!));
  ok("stake", chain.send([stakeInstruction({ staker: owner.publicKey, participant, lastEpoch, stakerIo: ownerIo, amount })], [owner]));
  const [position] = positionKey(participant, owner.publicKey);
  // A day passes and the epoch closes: the snapshot of the next one holds the stake
  chain.warp(86_400);
  const payer = chain.wallet(1);
  const epoch = decodeStakingConfig(chain.account(stakingConfigKey()[0])!).epoch;
  ok("crank + close_epoch", chain.send([crankInstruction({ rewardsVault: rewardsVaultKey()[0] }), closeEpochInstruction({ payer: payer.publicKey, epoch })], [payer]));
  const index = decodeGovernanceConfig(chain.account(governanceConfigKey()[0])!).proposalCount;
  const target = JOB_PARAMS.findIndex((p) => p.name === "challengeWindow");
  const [proposal] = proposalKey(index);
  ok("propose", chain.send([proposeInstruction({ proposer: owner.publicKey, position, index, action: GovAction.JobParam, target, value: new BN(JOB_PARAMS[target].min.toString()).addn(1), members: [] })], [owner]));
  ok("vote", chain.send([lockPositionInstruction({ staker: owner.publicKey, position, proposal }), voteInstruction({ voter: owner.publicKey, proposal, position, choice: VoteChoice.Yes })], [owner]));
  return proposal;
}
