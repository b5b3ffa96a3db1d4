/**
 * The HTTP API (node:http): POST /reports, POST /reports/batch (many reports in one request, each
 * answered as it would be alone), GET /health (liveness), GET /ready (readiness), GET /metrics.
 *
 * Under a flood: at most `maxConnections` sockets (more are dropped on accept); a client that
 * has not sent its headers within `headersTimeoutMs` or its whole request within
 * `requestTimeoutMs` gets 408 and is disconnected; a body over MAX_BODY is answered 413; a node
 * whose accepted reports exceed its token bucket, or an address whose refused reports exceed
 * its own, is answered 429 with Retry-After before anything is read from the chain or written
 * to the store.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from "http";
import { Intake, REFUSAL_STATUS, UNAUTHENTICATED } from "./intake";
import { TokenBuckets } from "./limits";
import { errorText, Logger } from "./log";
import { Metrics } from "./metrics";

export const MAX_BODY = 16 * 1024;
/** Most reports in one POST /reports/batch, and its largest body (a report is ~250 bytes of JSON). */
export const MAX_BATCH_REPORTS = 256;
export const MAX_BATCH_BODY = 128 * 1024;
/** After a 413, at most this much more of the body is read (and dropped) before disconnecting. */
const DRAIN_LIMIT = 1024 * 1024;

export interface Readiness {
  ready: boolean;
  /** Why not ready: stable codes with a detail each. */
  reasons: { code: string; detail: string }[];
  [field: string]: unknown;
}

export interface HealthSource {
  /** Liveness: the process serves requests (no chain read). */
  health(): Promise<Record<string, string | number | boolean | null>>;
  /** Readiness: whether this instance can do its work now (absent: ready while live). */
  ready?(): Promise<Readiness>;
}

export interface ApiOptions {
  maxConnections: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** Accepted reports per second per node, and the burst. */
  nodeReportsPerSecond: number;
  nodeReportBurst: number;
  /** Refused reports per second per client address (an IPv6 /64 counts as one), and the burst. */
  addressRefusalsPerSecond: number;
  addressRefusalBurst: number;
  /** Most nodes and addresses tracked by the rate limits. */
  limitKeys: number;
}

export const DEFAULT_API_OPTIONS: ApiOptions = {
  maxConnections: 512,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  nodeReportsPerSecond: 5,
  nodeReportBurst: 50,
  addressRefusalsPerSecond: 10,
  addressRefusalBurst: 100,
  limitKeys: 100_000,
};

function reply(res: ServerResponse, status: number, body: unknown, type = "application/json", headers: Record<string, string> = {}): void {
  const text = type === "application/json" ? JSON.stringify(body) : String(body);
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The client's address for the refusal limit: IPv4 as is, IPv6 by its /64 (one host's share). */
export function addressKey(address: string | undefined): string {
  if (!address) return "unknown";
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (v4) return v4[1];
  if (!address.includes(":")) return address;
  const [head, tail = ""] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::") ? [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right] : left;
  return groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, "")).join(":") + "::/64";
}

type Body = { text: string } | { tooLarge: true };

function readBody(req: IncomingMessage, max: number): Promise<Body> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > max) return Promise.resolve({ tooLarge: true });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > max) {
        req.off("data", onData);
        resolve({ tooLarge: true });
      } else chunks.push(c);
    };
    req.on("data", onData);
    req.on("end", () => resolve({ text: Buffer.concat(chunks).toString("utf8") }));
    req.on("error", reject);
  });
}

/** Answers 413 and closes the connection once the answer is out, reading at most DRAIN_LIMIT more. */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse, max: number): void {
  let drained = 0;
  req.on("data", (c: Buffer) => {
    drained += c.length;
    if (drained > DRAIN_LIMIT) req.socket.destroy();
  });
  req.resume();
  res.on("finish", () => req.socket.end());
  reply(res, 413, { accepted: false, error: "too-large", detail: `body over ${max} bytes` }, "application/json", { connection: "close" });
}

/** The report's node as sent (any string), for its rate limit; null when there is none. */
function nodeOf(body: unknown): string | null {
  if (typeof body !== "object" || body === null) return null;
  const node = (body as Record<string, unknown>).node;
  return typeof node === "string" && node.length <= 64 ? node : null;
}

export function createApi(intake: Intake, metrics: Metrics, health: HealthSource, log: Logger, options: Partial<ApiOptions> = {}): Server {
  const opts = { ...DEFAULT_API_OPTIONS, ...options };
  const nodes = new TokenBuckets({ ratePerSecond: opts.nodeReportsPerSecond, burst: opts.nodeReportBurst, keys: opts.limitKeys });
  // The address is checked once per request, so a batch's refusals are all owed: with one token of
  // debt, 256 forgeries (each a signature verified) cost it 2 tokens, and it could repeat that every
  // 2 tokens' time (review 13). A batch of refusals now keeps its address out until repaid.
  const addresses = new TokenBuckets({ ratePerSecond: opts.addressRefusalsPerSecond, burst: opts.addressRefusalBurst, keys: opts.limitKeys, maxDebt: MAX_BATCH_REPORTS });
  const server = createServer(
    {
      headersTimeout: opts.headersTimeoutMs,
      requestTimeout: opts.requestTimeoutMs,
      // How often Node checks those two timeouts (default 30 s, which would let a slow client stay that much longer).
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(opts.headersTimeoutMs / 4))),
    },
    (req, res) => {
      handle(req, res).catch((e: unknown) => {
        log.log("error", "request failed", { path: req.url ?? "", error: errorText(e) });
        if (!res.headersSent) reply(res, 500, { error: "internal error" });
      });
    },
  );
  server.maxConnections = opts.maxConnections;
  server.keepAliveTimeout = Math.min(5_000, opts.requestTimeoutMs);
  // An idle socket (no request at all) is closed as a slow one would be.
  server.setTimeout(opts.requestTimeoutMs, (socket) => socket.destroy());
  server.on("connection", () => {
    metrics.httpConnections++;
  });
  server.on("drop", () => metrics.httpRefused("connection-cap"));
  server.on("connection", (socket) => socket.once("close", () => metrics.httpConnections--));

  function limitedAnswer(scope: "node" | "address", waitMs: number): Answer {
    metrics.httpRefused(`rate-limited-${scope}`);
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    const detail = `too many ${scope === "node" ? "reports from this node" : "refused reports from this address"}; retry after ${seconds} s`;
    return { status: 429, body: { accepted: false, error: "rate-limited", detail, retryAfter: seconds }, headers: { "retry-after": String(seconds) } };
  }

  function limited(res: ServerResponse, scope: "node" | "address", waitMs: number): void {
    const a = limitedAnswer(scope, waitMs);
    reply(res, a.status, a.body, "application/json", a.headers);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && path === "/health") return reply(res, 200, await health.health());
    if (req.method === "GET" && path === "/ready") {
      const r = health.ready ? await health.ready() : { ready: true, reasons: [] };
      return reply(res, r.ready ? 200 : 503, r);
    }
    if (req.method === "GET" && path === "/metrics") return reply(res, 200, metrics.render(), "text/plain; version=0.0.4");
    if (path !== "/reports" && path !== "/reports/batch") return reply(res, 404, { error: "not found" });
    if (req.method !== "POST") return reply(res, 405, { error: "POST a report" });
    const batch = path === "/reports/batch";
    const max = batch ? MAX_BATCH_BODY : MAX_BODY;
    // An address that keeps sending what is refused is stopped before any work.
    const address = addressKey(req.socket.remoteAddress);
    const addressWait = addresses.retryAfterMs(address);
    if (addressWait > 0) return limited(res, "address", addressWait);
    const body = await readBody(req, max);
    if ("tooLarge" in body) {
      addresses.take(address);
      metrics.httpRefused("too-large");
      return refuseTooLarge(req, res, max);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.text);
    } catch {
      parsed = undefined; // judged as malformed
    }
    if (!batch) {
      const answer = await judgeOne(parsed, address, 0);
      return reply(res, answer.status, answer.body, "application/json", answer.headers);
    }
    if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > MAX_BATCH_REPORTS) {
      addresses.take(address);
      metrics.refused("malformed");
      return reply(res, 400, { accepted: false, error: "malformed", detail: `a batch is a JSON array of 1 to ${MAX_BATCH_REPORTS} reports` });
    }
    // Each report judged as if it came alone (concurrently: one group commit covers them all);
    // the answer leaves once every report in it has its verdict, each accepted one durable.
    const admitted = new Map<string, number>();
    const answers = await Promise.all(
      parsed.map((item: unknown) => {
        const node = nodeOf(item);
        const before = node === null ? 0 : (admitted.get(node) ?? 0);
        if (node !== null) admitted.set(node, before + 1);
        return judgeOne(item, address, before).catch((e: unknown): Answer => {
          log.log("error", "report failed", { path, error: errorText(e) });
          return { status: 500, body: { error: "internal error" } };
        });
      }),
    );
    return reply(res, 200, { results: answers.map((a) => ({ status: a.status, ...a.body })) });
  }

  type Answer = { status: number; body: Record<string, unknown>; headers?: Record<string, string> };

  /**
   * One report's answer, as POST /reports gives it. `ahead`: reports of the same node admitted
   * before this one in the same batch (each needs a token of its own: a batch cannot overdraw
   * the node's bucket).
   */
  async function judgeOne(parsed: unknown, address: string, ahead: number): Promise<Answer> {
    const node = nodeOf(parsed);
    if (node !== null) {
      const nodeWait = nodes.retryAfterMs(node, ahead + 1);
      if (nodeWait > 0) return limitedAnswer("node", nodeWait);
    }
    const verdict = await intake.submit(parsed);
    if (verdict.accepted) {
      // Only accepted reports (signed by the node's device) spend the node's tokens, so nobody
      // else can exhaust a node's allowance by naming it.
      if (node !== null) nodes.take(node);
      return { status: 202, body: { accepted: true, id: verdict.id, job: verdict.job, hours: verdict.hours, raised: verdict.raised } };
    }
    addresses.take(address);
    log.log(UNAUTHENTICATED.has(verdict.reason) ? "debug" : "info", "report refused", { reason: verdict.reason, detail: verdict.detail });
    return { status: REFUSAL_STATUS[verdict.reason], body: { accepted: false, id: verdict.id, error: verdict.reason, detail: verdict.detail } };
  }

  metrics.limiterKeys = () => ({ nodes: nodes.size, addresses: addresses.size });
  metrics.cacheEntries = () => intake.cacheSizes();
  return server;
}
