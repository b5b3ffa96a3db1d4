/**
 * A JSON-RPC endpoint over the embedded chain (LiteSVM), for the SDK's tests: the methods a
 * `Connection` uses for the wallet helpers and the transaction layer (accounts, listings,
 * blockhash and block height, simulate, send, signature statuses, recent priority fees), so SDK
 * code runs unchanged against `new Connection(url)`. Sends verify signatures; simulations skip
 * that check (as `sigVerify: false` does) and replace the blockhash. The SDK's transaction layer
 * polls; Anchor's `.rpc()` confirms through web3.js's websocket (the HTTP port + 1, as web3.js
 * derives it), where `signatureSubscribe` is answered at once for a transaction that landed here.
 * Test-only: the SDK never depends on LiteSVM.
 */
import { createServer, Server } from "http";
import WebSocket from "ws";
import { address } from "@solana/kit";
import { PublicKey, VersionedTransaction } from "@solana/web3.js";
import { utils } from "@coral-xyz/anchor";
import { FailedTransactionMetadata } from "litesvm";
import { EmbeddedChain, kitTransaction } from "../cli/chain";

/** Blocks a blockhash stays valid, as on a real cluster. */
const VALIDITY = 150;

interface RpcRequest {
  id: number | string;
  method: string;
  params?: unknown[];
}

interface Landed {
  slot: number;
  err: unknown;
  logs: string[];
}

export class LiteSvmRpc {
  /** Transactions sent, by signature. */
  readonly landed = new Map<string, Landed>();
  /** Requests per method. */
  readonly methods: Record<string, number> = {};

  private constructor(
    private readonly server: Server,
    private readonly sockets: WebSocket.Server,
    readonly chain: EmbeddedChain,
    readonly url: string,
  ) {}

  static async start(chain: EmbeddedChain): Promise<LiteSvmRpc> {
    let rpc: LiteSvmRpc | null = null;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as RpcRequest | RpcRequest[];
        const answer = (one: RpcRequest) => rpc!.answer(one.id, one.method, one.params ?? []);
        const out = Array.isArray(body) ? body.map(answer) : answer(body);
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(out));
      });
    });
    // Two free neighbouring ports (web3.js connects its websocket to the HTTP port + 1).
    for (let tries = 0; ; tries++) {
      const port = 20_000 + Math.floor(Math.random() * 40_000);
      const listening = await new Promise<boolean>((resolve) => {
        server.once("error", () => resolve(false));
        server.listen(port, "127.0.0.1", () => resolve(true));
      });
      if (!listening) continue;
      const sockets = new WebSocket.Server({ host: "127.0.0.1", port: port + 1 });
      const ok = await new Promise<boolean>((resolve) => {
        sockets.once("listening", () => resolve(true));
        sockets.once("error", () => resolve(false));
      });
      if (!ok) {
        await new Promise<void>((r) => server.close(() => r()));
        if (tries > 20) throw new Error("no two free neighbouring ports");
        continue;
      }
      rpc = new LiteSvmRpc(server, sockets, chain, `http://127.0.0.1:${port}`);
      sockets.on("connection", (socket) => {
        socket.on("message", (raw) => {
          const req = JSON.parse(String(raw)) as RpcRequest;
          const reply = (result: unknown) => socket.send(JSON.stringify({ jsonrpc: "2.0", id: req.id, result }));
          if (req.method === "signatureSubscribe") {
            const id = Math.floor(Math.random() * 1e9);
            reply(id);
            const landed = rpc!.landed.get((req.params ?? [])[0] as string);
            if (landed) {
              socket.send(JSON.stringify({ jsonrpc: "2.0", method: "signatureNotification", params: { result: { context: { slot: landed.slot }, value: { err: landed.err } }, subscription: id } }));
            }
          } else if (req.method?.endsWith("Unsubscribe")) {
            reply(true);
          } else {
            socket.send(JSON.stringify({ jsonrpc: "2.0", id: req.id, error: { code: -32601, message: `Method not found: ${req.method}` } }));
          }
        });
      });
      return rpc;
    }
  }

  async stop(): Promise<void> {
    for (const c of this.sockets.clients) c.terminate();
    await new Promise<void>((r) => this.sockets.close(() => r()));
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private slot(): number {
    return Number(this.chain.svm.getClock().slot);
  }

  private context<T>(value: T) {
    return { context: { slot: this.slot(), apiVersion: "2.2.0" }, value };
  }

  private account(key: string) {
    const a = this.chain.account(new PublicKey(key));
    return a ? { data: [a.data.toString("base64"), "base64"], executable: a.executable, lamports: a.lamports, owner: a.owner.toBase58(), rentEpoch: 0, space: a.data.length } : null;
  }

  private answer(id: number | string, method: string, params: unknown[]): object {
    this.methods[method] = (this.methods[method] ?? 0) + 1;
    try {
      return { jsonrpc: "2.0", id, result: this.call(method, params) };
    } catch (e) {
      const err = e as { code?: number; message?: string; data?: unknown };
      return { jsonrpc: "2.0", id, error: { code: err.code ?? -32603, message: err.message ?? String(e), data: err.data } };
    }
  }

  private call(method: string, params: unknown[]): unknown {
    const svm = this.chain.svm;
    switch (method) {
      case "getLatestBlockhash":
        return this.context({ blockhash: svm.latestBlockhash(), lastValidBlockHeight: this.slot() + VALIDITY });
      case "getBlockHeight":
      case "getSlot":
        return this.slot();
      case "getAccountInfo":
        return this.context(this.account(params[0] as string));
      case "getMultipleAccounts":
        return this.context((params[0] as string[]).map((k) => this.account(k)));
      case "getProgramAccounts": {
        const filters = ((params[1] as { filters?: { memcmp?: { offset: number; bytes: string } }[] } | undefined)?.filters ?? []).map((f) => {
          if (!f.memcmp) throw { code: -32602, message: "only memcmp filters" };
          return { offset: f.memcmp.offset, bytes: Buffer.from(utils.bytes.bs58.decode(f.memcmp.bytes)) };
        });
        return svm
          .getProgramAccounts(address(params[0] as string))
          .filter((a) => filters.every((f) => Buffer.from(a.data).subarray(f.offset, f.offset + f.bytes.length).equals(f.bytes)))
          .map((a) => ({ pubkey: a.address, account: this.account(a.address) }));
      }
      case "getMinimumBalanceForRentExemption":
        return Number(svm.minimumBalanceForRentExemption(BigInt(params[0] as number)));
      case "getRecentPrioritizationFees":
        return [{ slot: this.slot(), prioritizationFee: 0 }];
      case "simulateTransaction": {
        const tx = VersionedTransaction.deserialize(Buffer.from(params[0] as string, "base64"));
        tx.message.recentBlockhash = svm.latestBlockhash();
        svm.withSigverify(false);
        try {
          const res = svm.simulateTransaction(kitTransaction(tx.serialize()));
          if (res instanceof FailedTransactionMetadata) {
            const meta = res.meta();
            return this.context({ err: res.err().toString(), logs: meta.logs(), unitsConsumed: Number(meta.computeUnitsConsumed()), accounts: null, returnData: null });
          }
          const meta = res.meta();
          return this.context({ err: null, logs: meta.logs(), unitsConsumed: Number(meta.computeUnitsConsumed()), accounts: null, returnData: null });
        } finally {
          svm.withSigverify(true);
        }
      }
      case "sendTransaction": {
        const wire = Buffer.from(params[0] as string, "base64");
        const res = svm.sendTransaction(kitTransaction(wire));
        const signature = utils.bytes.bs58.encode(wire.subarray(1, 65));
        if (res instanceof FailedTransactionMetadata) {
          const meta = res.meta();
          // Preflight's answer, as a validator gives it.
          throw { code: -32002, message: `Transaction simulation failed: ${res.err().toString()}`, data: { err: res.err().toString(), logs: meta.logs(), unitsConsumed: Number(meta.computeUnitsConsumed()) } };
        }
        this.landed.set(signature, { slot: this.slot(), err: null, logs: res.logs() });
        this.chain.reportLanded(signature, res.logs());
        svm.warpToSlot(BigInt(this.slot() + 1));
        return signature;
      }
      case "getSignatureStatuses":
        return this.context(
          (params[0] as string[]).map((s) => {
            const l = this.landed.get(s);
            return l ? { slot: l.slot, confirmations: null, err: l.err, status: { Ok: null }, confirmationStatus: "finalized" } : null;
          }),
        );
      case "getTransaction": {
        const l = this.landed.get(params[0] as string);
        return l ? { slot: l.slot, meta: { err: l.err, logMessages: l.logs } } : null;
      }
      case "getGenesisHash":
        return "11111111111111111111111111111111";
      case "getVersion":
        return { "solana-core": "litesvm-1.5.0", "feature-set": 0 };
      default:
        throw { code: -32601, message: `Method not found: ${method}` };
    }
  }
}
