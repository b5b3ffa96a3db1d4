import { Currency, formatAmount, USD_DECIMALS } from "../../sdk/src";
import { Context } from "../context";
import { pubkeyFlag } from "../flags";
import { isoTime, money, readNode, usd } from "../jobs";

/** `io show-node`: a node read back from the chain. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const address = pubkeyFlag(flags, "node");
  const node = await readNode(ctx.chain, address);
  ctx.output.set("node", { address, ...node });
  ctx.out(`node           ${address.toBase58()}`);
  ctx.out(`owner          ${node.owner.toBase58()}`);
  ctx.out(`device id      ${Buffer.from(node.deviceId).toString("hex")}`);
  ctx.out(`terms          ${usd(node.pricePerHour)} per GPU-hour, class ${node.hardwareClass}, USD share ${node.usdShareBps / 100}%`);
  ctx.out(`registered     ${isoTime(node.registeredAt)}`);
  ctx.out(`open jobs      ${node.openJobs}`);
  ctx.out("earnings       (unclaimed)");
  for (const c of [Currency.Usdc, Currency.Io, Currency.Iosd]) ctx.out(`  ${money(node.earnings[c], c)}`);
  ctx.out(`computing pts  ${formatAmount(node.computingPoints, USD_DECIMALS)} USD of token shares`);
  return 0;
}
