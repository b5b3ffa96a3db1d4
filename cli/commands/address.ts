import { keypairFile, signerPathOf } from "../context";
import { Output } from "../output";

/**
 * `io address`: the signer's public key, from the keypair a command would sign with (as
 * `solana address`); no chain is read. On the embedded chain its wallet must exist already.
 */
export async function offline(flags: Map<string, string>, out: (line: string) => void, output: Output): Promise<number> {
  const path = signerPathOf(flags);
  const signer = keypairFile(path, flags.has("keypair") ? "-k/--keypair" : flags.has("url") ? "the default keypair" : "the embedded chain's wallet (any command on it creates one)");
  output.set("address", signer.publicKey);
  output.set("keypair", path);
  out(signer.publicKey.toBase58());
  return 0;
}
