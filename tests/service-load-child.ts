/**
 * A process for tests/service-load.test.ts: an embedded chain with one node (device key from
 * IO_LOAD_DEVICE_SEED, hex) and IO_LOAD_JOBS open jobs, and the intake (group commit, the
 * worker-thread verifier) on a SQLite file at IO_LOAD_STORE. It tells its parent (IPC) the port,
 * the jobs and the node, then serves until it is killed.
 */
import { AddressInfo } from "net";
import { Keypair } from "@solana/web3.js";
import BN from "bn.js";
import { Currency, EMBEDDED_GENESIS_HASH, jobKey, nodeKey, registerNodeInstruction, usageReportDeployment } from "../sdk/src";
import { createApi } from "../services/oracle/http";
import { Intake } from "../services/oracle/intake";
import { silentLogger } from "../services/oracle/log";
import { Metrics } from "../services/oracle/metrics";
import { SqliteStore } from "../services/oracle/sqlite-store";
import { createVerifier } from "../services/oracle/verifier";
import { JobsWorld, NODE_TERMS } from "./jobs-world";

async function main(): Promise<void> {
  const device = Keypair.fromSeed(Buffer.from(process.env.IO_LOAD_DEVICE_SEED ?? "", "hex"));
  const world = new JobsWorld();
  world.send([registerNodeInstruction({ owner: world.nodeOwner.publicKey, deviceId: device.publicKey.toBuffer(), ...NODE_TERMS })], [world.nodeOwner]);
  const [node] = nodeKey(world.nodeOwner.publicKey, device.publicKey.toBuffer());
  const user = world.user();
  const jobs: string[] = [];
  for (let i = 0; i < Number(process.env.IO_LOAD_JOBS ?? "1"); i++) {
    world.send([world.openJobInstruction(user, new BN(i), 1, Currency.Usdc, { node })], [user.wallet]);
    jobs.push(jobKey(user.wallet.publicKey, new BN(i))[0].toBase58());
  }
  const openedAt = Number(world.chain.now());
  world.chain.warp(100_000);
  const store = new SqliteStore(process.env.IO_LOAD_STORE ?? "");
  const metrics = new Metrics();
  const intake = new Intake(world.chain, store, metrics, { clockSkewSeconds: 60, cacheTtlMs: 5_000, deployment: usageReportDeployment(EMBEDDED_GENESIS_HASH), verifier: createVerifier(1) });
  const server = createApi(intake, metrics, { health: async () => ({ ok: true }) }, silentLogger, { nodeReportsPerSecond: 1e9, nodeReportBurst: 1e9 });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  process.send!({ port: (server.address() as AddressInfo).port, jobs, node: node.toBase58(), openedAt });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
