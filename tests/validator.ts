/**
 * A real solana-test-validator (Agave 4.2.0, installed by scripts/setup.sh) on loopback, for
 * everything that talks RPC. Programs load unchanged from target/deploy.
 */
import { ChildProcess, spawn } from "child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { homedir, tmpdir } from "os";
import { join } from "path";
import {
  AddressLookupTableAccount,
  AddressLookupTableProgram,
  Connection,
  Keypair,
  PublicKey,
  SystemProgram,
  Transaction,
  TransactionInstruction,
} from "@solana/web3.js";
import { createInitializeMint2Instruction, MINT_SIZE, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { DEPLOY_DIR } from "../cli/chain";
import { IO_JOBS_PROGRAM_ID, IO_ORACLE_PROGRAM_ID, IO_TOKEN_PROGRAM_ID } from "../sdk/src";

export interface UpgradeableProgram {
  programId: PublicKey;
  soName: string;
  upgradeAuthority: PublicKey;
}

/** The validator process ended before it answered (a port of its range taken, most often). */
class ExitedAtStart extends Error {}

export class LocalValidator {
  private constructor(
    private readonly child: ChildProcess,
    private readonly ledger: string,
    readonly url: string,
    readonly connection: Connection,
  ) {}

  /** Starts a fresh ledger with `programs` loaded upgradeable and `mint` funded. */
  static async start(opts: { programs: UpgradeableProgram[]; mint: PublicKey; rpcPort?: number; extraArgs?: string[] }): Promise<LocalValidator> {
    const base = opts.rpcPort ?? Number(process.env.IO_VALIDATOR_PORT ?? 18899);
    // The validator binds ~100 ports (gossip, TPU, repair...) in its dynamic range; a port of that
    // range held for a moment by another process's outgoing connection (they come from the same
    // ephemeral range) makes it exit at once. Such a start is tried again on ports further up.
    for (let attempt = 0; ; attempt++) {
      try {
        return await LocalValidator.startOn(base + attempt * 300, opts);
      } catch (e) {
        if (!(e instanceof ExitedAtStart) || attempt === 2) throw e;
        console.log(`      (${e.message.split("\n")[0]}; starting again 300 ports up)`);
      }
    }
  }

  private static async startOn(rpcPort: number, opts: { programs: UpgradeableProgram[]; mint: PublicKey; extraArgs?: string[] }): Promise<LocalValidator> {
    const url = `http://127.0.0.1:${rpcPort}`;
    const connection = new Connection(url, "confirmed");
    // Another validator on this port would answer the polls below and the test would run against
    // its chain: refuse loudly instead (IO_VALIDATOR_PORT moves a second run elsewhere).
    if (await connection.getSlot().then(() => true, () => false)) {
      throw new Error(`a validator already answers at ${url}: another test run is using it (set IO_VALIDATOR_PORT to run beside it)`);
    }
    const ledger = mkdtempSync(join(tmpdir(), "io-validator-"));
    const binary = process.env.SOLANA_TEST_VALIDATOR ?? join(homedir(), ".cargo", "bin", "solana-test-validator");
    const args = [
      "--ledger", ledger, "--reset", "--quiet",
      "--bind-address", "127.0.0.1",
      "--rpc-port", String(rpcPort),
      "--faucet-port", String(rpcPort + 1001),
      "--gossip-port", String(rpcPort + 1002),
      "--dynamic-port-range", `${rpcPort + 1010}-${rpcPort + 1100}`,
      "--mint", opts.mint.toBase58(),
      ...(opts.extraArgs ?? []),
    ];
    for (const p of opts.programs) {
      args.push("--upgradeable-program", p.programId.toBase58(), join(DEPLOY_DIR, `${p.soName}.so`), p.upgradeAuthority.toBase58());
    }
    const child = spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) {
        const log = join(ledger, "validator.log");
        const tail = existsSync(log) ? readFileSync(log, "utf8").split("\n").slice(-8).join("\n") : "";
        rmSync(ledger, { recursive: true, force: true });
        throw new ExitedAtStart(`solana-test-validator exited (${child.exitCode}) at ${url}: ${stderr}${tail}`);
      }
      try {
        if ((await connection.getSlot("confirmed")) > 0) break;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`solana-test-validator did not answer at ${url} within 60 s: ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    return new LocalValidator(child, ledger, url, connection);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once("exit", r));
      this.child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (this.child.exitCode === null) this.child.kill("SIGKILL");
    }
    rmSync(this.ledger, { recursive: true, force: true });
  }
}

/** Writes a keypair file as the Solana CLI does, for `--keypair`. */
export function writeKeypair(dir: string, name: string, kp: Keypair): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(Array.from(kp.secretKey)));
  return path;
}

/** One transaction of a bulk send: its instructions and signers (the first pays the fee). */
export interface BulkTx {
  instructions: TransactionInstruction[];
  signers: Keypair[];
}

/**
 * Sends independent transactions at once (one blockhash, preflight on) and waits until every
 * one is confirmed; throws naming the first that failed. Returns the newest slot they landed in.
 */
export async function sendAll(connection: Connection, txs: BulkTx[]): Promise<number> {
  const { blockhash, lastValidBlockHeight } = await connection.getLatestBlockhash("confirmed");
  const signatures = await Promise.all(
    txs.map(({ instructions, signers }) => {
      const tx = new Transaction({ feePayer: signers[0].publicKey, blockhash, lastValidBlockHeight }).add(...instructions);
      tx.sign(...signers);
      return connection.sendRawTransaction(tx.serialize(), { preflightCommitment: "confirmed" });
    }),
  );
  return confirmAll(connection, signatures, lastValidBlockHeight);
}

/**
 * Polls until every signature is confirmed (no websocket, so nothing lingers once the validator
 * stops); throws naming the first that failed, or when their blockhash expired. Returns the
 * newest slot they landed in.
 */
export async function confirmAll(connection: Connection, signatures: string[], lastValidBlockHeight: number): Promise<number> {
  let newest = 0;
  const pending = new Set(signatures);
  while (pending.size > 0) {
    if ((await connection.getBlockHeight("confirmed")) > lastValidBlockHeight) {
      throw new Error(`${pending.size} of ${signatures.length} transactions expired unconfirmed`);
    }
    const waiting = [...pending];
    for (let i = 0; i < waiting.length; i += 256) {
      const chunk = waiting.slice(i, i + 256);
      const { value } = await connection.getSignatureStatuses(chunk);
      value.forEach((status, j) => {
        if (!status) return;
        if (status.err) throw new Error(`transaction ${chunk[j]} failed: ${JSON.stringify(status.err)}`);
        if (status.confirmationStatus === "confirmed" || status.confirmationStatus === "finalized") {
          pending.delete(chunk[j]);
          newest = Math.max(newest, status.slot);
        }
      });
    }
    if (pending.size > 0) await new Promise((r) => setTimeout(r, 200));
  }
  return newest;
}

/**
 * An address lookup table holding `addresses`, created and extended by `authority` (extensions
 * sent at once). Returns the table and the slot of its last extension, for `activeLookupTable`.
 */
export async function createLookupTable(
  connection: Connection,
  authority: Keypair,
  addresses: PublicKey[],
): Promise<{ table: PublicKey; extendedSlot: number }> {
  const [create, table] = AddressLookupTableProgram.createLookupTable({
    authority: authority.publicKey,
    payer: authority.publicKey,
    // A slot the SlotHashes of the preflight (confirmed) bank already holds
    recentSlot: await connection.getSlot("finalized"),
  });
  await sendAll(connection, [{ instructions: [create], signers: [authority] }]);
  const extensions: BulkTx[] = [];
  for (let i = 0; i < addresses.length; i += 20) {
    const chunk = addresses.slice(i, i + 20);
    const extend = AddressLookupTableProgram.extendLookupTable({ lookupTable: table, authority: authority.publicKey, payer: authority.publicKey, addresses: chunk });
    extensions.push({ instructions: [extend], signers: [authority] });
  }
  return { table, extendedSlot: await sendAll(connection, extensions) };
}

/**
 * The table once a v0 transaction can use it. The leader resolves lookup tables against its
 * root bank, not the working one (agave core/src/banking_stage/transaction_scheduler/
 * receive_and_buffer.rs), so until the last extension is rooted a v0 transaction using it passes
 * preflight and is then dropped at sanitization, again on every resend. On solana-test-validator
 * the root trails the tip by ~32 slots (~13 s): wait for a finalized slot after the extension.
 */
export async function activeLookupTable(connection: Connection, table: PublicKey, extendedSlot: number): Promise<AddressLookupTableAccount> {
  const deadline = Date.now() + 60_000;
  while ((await connection.getSlot("finalized")) <= extendedSlot) {
    if (Date.now() > deadline) throw new Error(`slot ${extendedSlot} was not finalized within 60 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const account = (await connection.getAddressLookupTable(table, { commitment: "finalized" })).value;
  if (!account) throw new Error(`no lookup table at ${table.toBase58()}`);
  return account;
}

/** io_token, io_oracle and io_jobs, upgradeable with `authority`: what the jobs suites load. */
export function jobsPrograms(authority: PublicKey): UpgradeableProgram[] {
  return [
    { programId: IO_TOKEN_PROGRAM_ID, soName: "io_token", upgradeAuthority: authority },
    { programId: IO_ORACLE_PROGRAM_ID, soName: "io_oracle", upgradeAuthority: authority },
    { programId: IO_JOBS_PROGRAM_ID, soName: "io_jobs", upgradeAuthority: authority },
  ];
}

/** A USDC stand-in over RPC: an SPL Token mint with 6 decimals at `mint`, `admin` its authority. */
export async function createUsdcMint(connection: Connection, admin: Keypair, mint: Keypair): Promise<void> {
  const lamports = await connection.getMinimumBalanceForRentExemption(MINT_SIZE);
  await sendAll(connection, [
    {
      instructions: [
        SystemProgram.createAccount({ fromPubkey: admin.publicKey, newAccountPubkey: mint.publicKey, lamports, space: MINT_SIZE, programId: TOKEN_PROGRAM_ID }),
        createInitializeMint2Instruction(mint.publicKey, 6, admin.publicKey, null),
      ],
      signers: [admin, mint],
    },
  ]);
}
