/**
 * The SDK suites' world: a fresh embedded chain (bootstrapped by the `io` CLI in a temp folder),
 * a node registered with its staking participant, a user holding 50 IO, 100 test USDC and SOL,
 * and a JSON-RPC endpoint over the chain (tests/litesvm-rpc.ts) that SDK code reaches through a
 * plain `Connection`.
 */
import { expect } from "chai";
import { readFileSync } from "fs";
import { Keypair, PublicKey } from "@solana/web3.js";
import { LiteSVM } from "litesvm";
import { EmbeddedChain } from "../cli/chain";
import { participantKey } from "../sdk/src";
import { cliSession, CliSession, publicKeyOf, registeredNode } from "./cli-session";
import { LiteSvmRpc } from "./litesvm-rpc";

export interface SdkWorld {
  cli: CliSession;
  rpc: LiteSvmRpc;
  chain: EmbeddedChain;
  user: Keypair;
  userPath: string;
  node: PublicKey;
  participant: PublicKey;
}

/**
 * Registers the suite's hooks (before: the world; after: the endpoint stopped) and returns the
 * world, filled in before the first test. `more` runs CLI commands on the saved chain (with the
 * admin's and the node owner's keypair paths, and the node) before it is loaded.
 */
export function sdkWorld(prefix: string, more?: (cli: CliSession, admin: string, user: PublicKey, owner: string, node: PublicKey) => Promise<void>): SdkWorld {
  const cli = cliSession(prefix);
  const w = { cli } as SdkWorld;
  before(async function () {
    this.timeout(300_000);
    const admin = cli.keypair("admin");
    const ownerPath = cli.keypair("owner");
    w.userPath = cli.keypair("user");
    w.user = Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(w.userPath, "utf8")) as number[]));
    expect((await cli.run("status", "--keypair", admin)).code).to.equal(0);
    w.node = new PublicKey(await registeredNode(cli, admin, ownerPath, "sdk-gpu", "200"));
    w.participant = participantKey(w.node)[0];
    const user = publicKeyOf(w.userPath).toBase58();
    const released = await cli.run("release", "--keypair", admin, "--bucket", "4", "--amount", "50", "--to", user);
    expect(released.code, released.out).to.equal(0);
    const usdc = await cli.run("faucet-usdc", "--keypair", admin, "--amount", "100", "--to", user);
    expect(usdc.code, usdc.out).to.equal(0);
    if (more) await more(cli, admin, w.user.publicKey, ownerPath, w.node);
    w.chain = new EmbeddedChain(LiteSVM.fromBytes(readFileSync(cli.state)));
    w.chain.airdrop(w.user.publicKey, 10);
    w.rpc = await LiteSvmRpc.start(w.chain);
  });
  after(async () => {
    if (w.rpc) await w.rpc.stop();
  });
  return w;
}
