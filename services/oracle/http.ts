/** The HTTP API (node:http): POST /reports, GET /health, GET /metrics. */
import { createServer, IncomingMessage, Server, ServerResponse } from "http";
import { Intake, REFUSAL_STATUS } from "./intake";
import { errorText, Logger } from "./log";
import { Metrics } from "./metrics";

const MAX_BODY = 16 * 1024;

export interface HealthSource {
  health(): Promise<Record<string, string | number | boolean | null>>;
}

function reply(res: ServerResponse, status: number, body: unknown, type = "application/json"): void {
  const text = type === "application/json" ? JSON.stringify(body) : String(body);
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export function createApi(intake: Intake, metrics: Metrics, health: HealthSource, log: Logger): Server {
  return createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log.log("error", "request failed", { path: req.url ?? "", error: errorText(e) });
      if (!res.headersSent) reply(res, 500, { error: "internal error" });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && path === "/health") return reply(res, 200, await health.health());
    if (req.method === "GET" && path === "/metrics") return reply(res, 200, metrics.render(), "text/plain; version=0.0.4");
    if (path !== "/reports") return reply(res, 404, { error: "not found" });
    if (req.method !== "POST") return reply(res, 405, { error: "POST a report" });
    const text = await readBody(req);
    if (text === null) return reply(res, 413, { error: `body over ${MAX_BODY} bytes` });
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined; // judged (and recorded) as malformed
    }
    const verdict = await intake.submit(body);
    if (verdict.accepted) return reply(res, 202, { accepted: true, id: verdict.id, job: verdict.job, hours: verdict.hours, raised: verdict.raised });
    log.log("info", "report refused", { reason: verdict.reason, detail: verdict.detail });
    return reply(res, REFUSAL_STATUS[verdict.reason], { accepted: false, id: verdict.id, error: verdict.reason, detail: verdict.detail });
  }
}
