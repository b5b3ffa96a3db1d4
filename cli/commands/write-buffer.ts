import { createHash } from "crypto";
import { readFileSync } from "fs";
import { Keypair, SYSVAR_RENT_PUBKEY } from "@solana/web3.js";
import { bufferSize, UPGRADE_TARGETS, writeBufferPlan } from "../../sdk/src";
import { Chain, loadKeypair } from "../chain";
import { Context, report } from "../context";
import { required } from "../flags";

/** The rent exemption of `size` bytes, from the Rent sysvar (lamports per byte-year x threshold x (size + 128)). */
async function rentExempt(chain: Chain, size: number): Promise<number> {
  const rent = await chain.getAccount(SYSVAR_RENT_PUBKEY);
  if (!rent) throw new Error("no Rent sysvar on this chain");
  const perByteYear = Number(rent.data.readBigUInt64LE(0));
  const threshold = rent.data.readDoubleLE(8);
  return Math.ceil((size + 128) * perByteYear * threshold);
}

/** `io write-buffer`: create and write a buffer (loader v3 instructions, one transaction each); the signer stays its authority until its `gov-propose` hands it to the executor. */
export async function run(ctx: Context, flags: Map<string, string>): Promise<number> {
  const path = required(flags, "so");
  const so = readFileSync(path);
  const signer = ctx.signer();
  const buffer = flags.has("buffer-keypair") ? loadKeypair(required(flags, "buffer-keypair")) : Keypair.generate();
  const lamports = await rentExempt(ctx.chain, bufferSize(so.length));
  const plan = writeBufferPlan({ payer: signer.publicKey, buffer: buffer.publicKey, authority: signer.publicKey, so, lamports });
  ctx.out(`buffer ${buffer.publicKey.toBase58()}: ${so.length} bytes of ${path} (sha256 ${createHash("sha256").update(so).digest("hex")}), ${plan.writes.length} writes`);
  if (report(ctx, "create buffer", await ctx.chain.sendTransaction(plan.create, [signer, buffer])) !== 0) return 1;
  for (const [i, ix] of plan.writes.entries()) {
    const res = await ctx.chain.sendTransaction([ix], [signer]);
    if (!res.ok) return report(ctx, `write ${i + 1}/${plan.writes.length}`, res);
  }
  ctx.out(`wrote ${plan.writes.length} chunks`);
  ctx.out(`buffer authority: ${signer.publicKey.toBase58()} (you) until your proposal hands it to the executor`);
  ctx.out(`propose it with (same keypair): io gov-propose --action upgrade:<${UPGRADE_TARGETS.map((t) => t.name).join("|")}>=${buffer.publicKey.toBase58()}`);
  return 0;
}
