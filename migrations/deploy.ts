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
 * Options: --name, --symbol, --uri (the IO token metadata).
 */
import { homedir } from "os";
import { join } from "path";
import { Keypair } from "@solana/web3.js";
import { IO_TOKEN_PROGRAM_ID } from "../sdk/src";
import { parseFlags } from "../cli/args";
import { Chain, EmbeddedChain, loadKeypair, RpcChain } from "../cli/chain";
import { DEFAULT_METADATA, formatGenesis, initializeProtocol, readGenesis } from "../cli/genesis";

export interface DeployOptions {
  url?: string;
  keypair?: string;
  name?: string;
  symbol?: string;
  uri?: string;
}

export async function deploy(opts: DeployOptions, log: (line: string) => void = console.log): Promise<Chain> {
  const metadata = {
    name: opts.name ?? DEFAULT_METADATA.name,
    symbol: opts.symbol ?? DEFAULT_METADATA.symbol,
    uri: opts.uri ?? DEFAULT_METADATA.uri,
  };
  let chain: Chain;
  let authority: Keypair;
  if (opts.url) {
    authority = loadKeypair(opts.keypair ?? join(homedir(), ".config", "solana", "id.json"));
    const rpc = new RpcChain(opts.url);
    const program = await rpc.getAccount(IO_TOKEN_PROGRAM_ID);
    if (!program?.executable) {
      throw new Error(`io_token (${IO_TOKEN_PROGRAM_ID.toBase58()}) is not deployed at ${opts.url}`);
    }
    chain = rpc;
  } else {
    const embedded = new EmbeddedChain();
    embedded.setUnixTime(BigInt(Math.floor(Date.now() / 1000)));
    authority = opts.keypair ? loadKeypair(opts.keypair) : Keypair.generate();
    embedded.airdrop(authority.publicKey, 10);
    embedded.deployUpgradeable(IO_TOKEN_PROGRAM_ID, "io_token", authority.publicKey);
    log(`deployed io_token ${IO_TOKEN_PROGRAM_ID.toBase58()} (upgrade authority ${authority.publicKey.toBase58()})`);
    chain = embedded;
  }
  log(`chain: ${chain.description}`);
  const outcome = await initializeProtocol(chain, authority, metadata);
  log(outcome === "initialized" ? "initialize: done" : "initialize: already initialised, nothing sent");
  log("");
  log(formatGenesis(await readGenesis(chain)));
  return chain;
}

if (require.main === module) {
  const { flags } = parseFlags(process.argv.slice(2));
  deploy({
    url: flags.get("url"),
    keypair: flags.get("keypair"),
    name: flags.get("name"),
    symbol: flags.get("symbol"),
    uri: flags.get("uri"),
  }).then(
    // Exit explicitly: web3.js keeps its confirmation websocket open.
    () => process.exit(0),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
