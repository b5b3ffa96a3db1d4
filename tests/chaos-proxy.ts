/**
 * A faulty JSON-RPC endpoint for the chaos suite (tests/service-chaos.test.ts): an HTTP proxy in
 * front of solana-test-validator that, on a seeded schedule, drops requests (the connection is
 * cut before the request is forwarded, or after, so the validator acted on it but the answer is
 * lost), delays them, answers 429 or 5xx, and answers reads (getAccountInfo,
 * getMultipleAccountsInfo) with an older response to the same read (a lagging or lying node: the
 * replay ignores minContextSlot). It can also swallow sendTransaction (answer with the signature,
 * forward nothing), be down (503 to everything), and run a hook before forwarding a send or after
 * a status lookup (an oracle-set rotation "while the batch is in flight").
 *
 * The service reads over HTTP only (polling getSignatureStatuses, no subscriptions), so there is no
 * websocket to forward; an upgrade request is refused, and the suite would see it fail.
 */
import { createServer, IncomingMessage, request, Server, ServerResponse } from "http";
import { AddressInfo } from "net";
import { utils } from "@coral-xyz/anchor";

/** Probabilities (0..1) of each fault per request, drawn in this order. */
export interface FaultRates {
  /** The connection is cut (half before forwarding, half after: the answer is lost). */
  drop: number;
  /** 429 Too Many Requests. */
  tooMany: number;
  /** 500, 502 or 503. */
  serverError: number;
  /** A read answered with an older response to the same read (when one was seen). */
  stale: number;
  /** Forwarded after a delay of up to `maxDelayMs`. */
  delay: number;
  maxDelayMs: number;
}

export const NO_FAULTS: FaultRates = { drop: 0, tooMany: 0, serverError: 0, stale: 0, delay: 0, maxDelayMs: 0 };

/** mulberry32: a small seeded PRNG, so a failing schedule can be replayed by its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface RpcRequest {
  jsonrpc?: string;
  id?: unknown;
  method?: string;
  params?: unknown[];
}

const READS = new Set(["getAccountInfo", "getMultipleAccountsInfo"]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The first signature of a base64 wire transaction (base58), as sendTransaction returns it. */
export function wireSignature(base64: string): string {
  const wire = Buffer.from(base64, "base64");
  return utils.bytes.bs58.encode(wire.subarray(1, 65));
}

export class ChaosProxy {
  /** What happened, by fault (and "forwarded"). */
  readonly counts: Record<string, number> = {};
  /** Requests per method. */
  readonly methods: Record<string, number> = {};
  rates: FaultRates = NO_FAULTS;
  /** The proxy's own failures (a hook that threw, the validator unreachable): the connection was cut. */
  readonly errors: string[] = [];
  /** 503 to every request. */
  down = false;
  /** Swallow the next n transactions sent (answered with their signature, never forwarded). */
  swallowNextSends = 0;
  /** With swallowNextSends: swallow every resend of those transactions too (they never reach the cluster), not only the first send. */
  swallowEvery = false;
  /** Signatures whose sends are swallowed. */
  private readonly swallowed = new Set<string>();
  /** Run (and awaited) before a sendTransaction is forwarded; cleared by itself by returning true. */
  beforeSend: ((signature: string) => Promise<boolean | void>) | null = null;
  /** Run (and awaited) after a getSignatureStatuses answer is received, before it is returned. */
  afterStatus: ((signatures: string[], result: unknown) => Promise<boolean | void>) | null = null;
  private random: () => number;
  /** Responses seen per read (method + its keys), oldest first, at most 32 each. */
  private readonly history = new Map<string, string[]>();

  private constructor(
    private readonly server: Server,
    readonly target: URL,
    readonly url: string,
    seed: number,
  ) {
    this.random = prng(seed);
  }

  static async start(target: string, seed: number): Promise<ChaosProxy> {
    let proxy: ChaosProxy | null = null;
    const server = createServer(
      (req, res) =>
        void proxy!.handle(req, res).catch((e: unknown) => {
          proxy!.errors.push(e instanceof Error ? e.message : String(e));
          res.destroy();
        }),
    );
    server.on("upgrade", (_req, socket) => socket.destroy()); // no websocket: see the header
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const port = (server.address() as AddressInfo).port;
    proxy = new ChaosProxy(server, new URL(target), `http://127.0.0.1:${port}`, seed);
    return proxy;
  }

  /** A new seeded schedule (and these rates). */
  schedule(seed: number, rates: FaultRates): void {
    this.random = prng(seed);
    this.rates = rates;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private count(what: string): void {
    this.counts[what] = (this.counts[what] ?? 0) + 1;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString();
    let rpc: RpcRequest = {};
    try {
      rpc = JSON.parse(body) as RpcRequest;
    } catch {
      // forwarded as is
    }
    const method = rpc.method ?? "?";
    this.methods[method] = (this.methods[method] ?? 0) + 1;
    const reply = (status: number, text: string) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(text);
    };
    if (this.down) {
      this.count("down");
      return reply(503, "service unavailable");
    }
    if (method === "sendTransaction" && typeof rpc.params?.[0] === "string") {
      const signature = wireSignature(rpc.params[0]);
      let swallow = this.swallowed.has(signature);
      if (!swallow && this.swallowNextSends > 0) {
        this.swallowNextSends--;
        swallow = true;
        if (this.swallowEvery) this.swallowed.add(signature);
      }
      if (swallow) {
        this.count("swallowed");
        return reply(200, JSON.stringify({ jsonrpc: "2.0", id: rpc.id, result: signature }));
      }
      if (this.beforeSend && (await this.beforeSend(signature)) === true) this.beforeSend = null;
    }
    // The seeded schedule: one draw per fault, in order.
    const r = this.rates;
    const [drop, tooMany, serverError, stale, delay, amount, half] = Array.from({ length: 7 }, () => this.random());
    if (drop < r.drop && half < 0.5) {
      this.count("drop-before");
      return void res.socket?.destroy();
    }
    if (tooMany < r.tooMany) {
      this.count("429");
      return reply(429, JSON.stringify({ jsonrpc: "2.0", id: rpc.id, error: { code: 429, message: "Too many requests" } }));
    }
    if (serverError < r.serverError) {
      const status = [500, 502, 503][Math.floor(amount * 3)];
      this.count(String(status));
      return reply(status, "upstream failure");
    }
    const readKey = READS.has(method) ? `${method} ${JSON.stringify(rpc.params?.[0])}` : null;
    if (readKey && stale < r.stale) {
      const older = this.history.get(readKey);
      if (older && older.length > 0) {
        this.count("stale");
        // An older answer, as a lagging node gives it, with this request's id
        const old = JSON.parse(older[Math.floor(amount * older.length)]) as Record<string, unknown>;
        return reply(200, JSON.stringify({ ...old, id: rpc.id }));
      }
    }
    if (delay < r.delay) {
      this.count("delay");
      await sleep(Math.floor(amount * r.maxDelayMs));
    }
    const { status, text } = await this.forward(body, req.headers["content-type"]);
    this.count("forwarded");
    if (drop < r.drop) {
      this.count("drop-after"); // the validator acted on it; the answer is lost
      return void res.socket?.destroy();
    }
    if (readKey && status === 200) {
      const list = this.history.get(readKey) ?? [];
      list.push(text);
      if (list.length > 32) list.shift();
      this.history.set(readKey, list);
    }
    if (method === "getSignatureStatuses" && this.afterStatus && status === 200) {
      const parsed = JSON.parse(text) as { result?: unknown };
      if ((await this.afterStatus((rpc.params?.[0] as string[]) ?? [], parsed.result)) === true) this.afterStatus = null;
    }
    reply(status, text);
  }

  private forward(body: string, contentType: string | undefined): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const out = request(
        { host: this.target.hostname, port: this.target.port, path: this.target.pathname, method: "POST", headers: { "content-type": contentType ?? "application/json", "content-length": Buffer.byteLength(body) } },
        (res) => {
          const parts: Buffer[] = [];
          res.on("data", (d: Buffer) => parts.push(d));
          res.on("end", () => resolve({ status: res.statusCode ?? 502, text: Buffer.concat(parts).toString() }));
          res.on("error", reject);
        },
      );
      out.on("error", reject);
      out.end(body);
    });
  }
}
