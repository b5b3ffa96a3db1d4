import { createHash } from "crypto";
import { nodeKey, registerNodeInstruction, USD_DECIMALS } from "../../sdk/src";
import { Context, report } from "../context";
import { amountFlag, intFlag, required } from "../flags";
import { bpsFlag } from "../jobs";

/** The 32-byte device id: given in hex, or the sha256 of a device name. */
function deviceId(flags: Map<string, string>): Buffer {
  if (flags.has("device-id")) {
    const hex = required(flags, "device-id");
    if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error(`--device-id takes 32 bytes as 64 hex digits: ${hex}`);
    return Buffer.from(hex, "hex");
  }
  return createHash("sha256").update(required(flags, "device")).digest();
}

/** `io register-node`: the `register_node` instruction. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const owner = ctx.signer();
  const id = deviceId(flags);
  const hardwareClass = intFlag(flags, "hardware-class", 0);
  if (hardwareClass > 255) throw new Error(`--hardware-class takes 0 to 255: ${hardwareClass}`);
  const ix = registerNodeInstruction({
    owner: owner.publicKey,
    deviceId: id,
    hardwareClass,
    pricePerHour: amountFlag(flags, "price", USD_DECIMALS),
    usdShareBps: bpsFlag(flags, "usd-share-bps"),
  });
  const code = report(ctx, "register_node", await ctx.chain.sendTransaction([ix], [owner]));
  if (code === 0) ctx.out(`node ${nodeKey(owner.publicKey, id)[0].toBase58()} (device id ${id.toString("hex")})`);
  return code;
}
