/**
 * Sending one step and the checks that belong to a single transaction: a failed one changed
 * nothing; a successful one took no wallet's tokens without its signature, moved IO's supply only
 * as emissions, IOSD and buyback burns and slashes explain, and let no operator's own stake leave while a slash
 * of it is open.
 */
import { PublicKey, TransactionInstruction } from "@solana/web3.js";
import { decodeBuybackConfig, decodeEmissionState, decodeJobsConfig } from "../../sdk/src";
import { big, Ctx, Tx } from "./context";
import { iosdState, Violation } from "./invariants";
import { idOf, Raw, sameAccount } from "./ledger";

function accountKeys(instructions: TransactionInstruction[]): PublicKey[] {
  const seen = new Map<string, PublicKey>();
  for (const ix of instructions) {
    for (const k of ix.keys) seen.set(idOf(k.pubkey), k.pubkey);
    seen.set(idOf(ix.programId), ix.programId);
  }
  return [...seen.values()];
}

/** IO's supply-side counters, to explain a step's change of supply. */
function ioCounters(ctx: Ctx): { supply: bigint; minted: bigint; iosdBurn: bigint; stakeVault: bigint } {
  const e = ctx.ledger.view(ctx.tracked.emission, decodeEmissionState);
  const iosd = iosdState(ctx);
  const jobs = ctx.ledger.view(ctx.tracked.jobsConfig, decodeJobsConfig);
  const buyback = ctx.ledger.view(ctx.tracked.buybackConfig, decodeBuybackConfig);
  return {
    supply: ctx.ledger.supply(ctx.tracked.ioMint),
    minted: e ? big(e.minted) + big(e.reminted) : 0n,
    // IO burned for IOSD, IO fees and token shares burned by io_jobs' sweep_io_fees, and IO burned by io_buyback's buyers.
    iosdBurn: (iosd ? big(iosd.ioBurned) : 0n) + (jobs ? big(jobs.ioBurned) : 0n) + (buyback ? big(buyback.ioBurned) : 0n),
    stakeVault: ctx.ledger.tokenAmount(ctx.tracked.stakeVault),
  };
}

/** The own stake (active + cooling) of every participant named in `keys` whose slash is pending,
 * contested or upheld: it must stay until the slash executes (or is dismissed). */
function slashable(ctx: Ctx, keys: PublicKey[]): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const k of keys) {
    const p = ctx.participant(k);
    if (!p || p.slashState === 0) continue;
    const own = ctx.position(k, p.authority);
    out.set(idOf(k), own ? big(own.active) + big(own.cooling) : 0n);
  }
  return out;
}

/** Sends `tx` and checks the step's own invariants; the caller checks the books. */
export function send(ctx: Ctx, tx: Tx, label: string): { ok: boolean; error: string; violations: Violation[] } {
  const keys = accountKeys(tx.instructions);
  const before = new Map<string, Raw | null>();
  for (const k of keys) before.set(idOf(k), ctx.ledger.get(k));
  const io0 = ioCounters(ctx);
  const slashable0 = slashable(ctx, keys);
  const signers = [ctx.chain.payer, ...tx.signers.filter((s, i, all) => all.findIndex((o) => o.publicKey.equals(s.publicKey)) === i)];
  let res;
  try {
    res = ctx.chain.send(tx.instructions, signers);
  } catch (e) {
    // The transaction could not even be built (e.g. a signer the message no longer needs).
    return { ok: false, error: String(e), violations: [] };
  }
  ctx.ledger.refresh(keys);
  const violations: Violation[] = [];
  const payer = idOf(ctx.chain.payer.publicKey);
  if (!res.ok) {
    for (const k of keys) {
      const id = idOf(k);
      const pre = before.get(id) ?? null;
      const post = ctx.ledger.get(k);
      const same = id === payer ? pre !== null && post !== null && pre.data.equals(post.data) : sameAccount(pre, post);
      if (!same) violations.push({ invariant: "failed-tx-changes-nothing", detail: `${label}: ${id} changed (${res.programError?.name ?? res.error})` });
    }
    return { ok: false, error: res.programError?.name ?? res.error, violations };
  }
  const signed = new Set(signers.map((s) => idOf(s.publicKey)));
  for (const k of keys) {
    const pre = before.get(idOf(k));
    if (!pre || pre.data.length < 165) continue;
    const preInfo = { owner: new PublicKey(pre.data.subarray(32, 64)), amount: pre.data.readBigUInt64LE(64) };
    const post = ctx.ledger.tokenInfo(k);
    if (!post || post.amount >= preInfo.amount) continue;
    if (isWallet(preInfo.owner) && !signed.has(preInfo.owner.toBase58())) {
      violations.push({ invariant: "no-debit-without-signature", detail: `${label}: ${k.toBase58()} lost ${preInfo.amount - post.amount} without ${preInfo.owner.toBase58()}'s signature` });
    }
  }
  for (const [id, stake] of slashable0) {
    const k = keys.find((key) => idOf(key) === id) as PublicKey;
    const p = ctx.participant(k);
    const own = p ? ctx.position(k, p.authority) : null;
    const after = own ? big(own.active) + big(own.cooling) : 0n;
    if (after < stake && !label.includes("execute_slash")) {
      violations.push({ invariant: "slashable-stake-stays", detail: `${label}: ${id}'s own stake fell from ${stake} to ${after} while its slash was open` });
    }
  }
  const io1 = ioCounters(ctx);
  const unexplained = io1.minted - io0.minted - (io1.iosdBurn - io0.iosdBurn) - (io1.supply - io0.supply);
  const slashed = label.includes("execute_slash") ? io0.stakeVault - io1.stakeVault : 0n;
  if (unexplained !== slashed) {
    violations.push({ invariant: "io-supply-changes-explained", detail: `${label}: supply moved ${io1.supply - io0.supply}, emissions ${io1.minted - io0.minted}, IOSD, fee and buyback burns ${io1.iosdBurn - io0.iosdBurn}, slashed ${slashed}` });
  }
  return { ok: true, error: "", violations };
}

const wallets = new Map<string, boolean>();
/** Whether `owner` is a wallet (on the curve: it can sign), not a program-derived address. */
function isWallet(owner: PublicKey): boolean {
  const id = owner.toBase58();
  let on = wallets.get(id);
  if (on === undefined) {
    on = PublicKey.isOnCurve(owner.toBytes());
    wallets.set(id, on);
  }
  return on;
}
