/**
 * The explorer's HTTP server (loopback by default): the page (web/), uPlot from the project's
 * own node_modules (no CDN: the page works offline), the JSON API (docs/explorer.md), CSV of every
 * table, and a page per transaction and per account so that every figure's link resolves here
 * unless `linkTemplate` points them at another explorer.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from "http";
import { AddressInfo } from "net";
import { existsSync, readFileSync } from "fs";
import { dirname, join } from "path";
import { PublicKey } from "@solana/web3.js";
import { Chain } from "../../cli/chain";
import { EventPosition, EventRow, IndexStore } from "../indexer/store";
import { capRows, PANELS, SHOWN_ROWS, toCsv } from "./panels";
import { SupplyIdentity, supplyIdentityOf } from "./supply";
import { TOKEN_2022_PROGRAM_ID, unpackMint } from "@solana/spl-token";
import { ioMintKey } from "../../sdk/src";

export interface ExplorerOptions {
  store: IndexStore;
  chain: Chain;
  port?: number;
  host?: string;
  /** Where figures link: a template with {kind} (tx or account) and {id}; default this server's own pages. */
  linkTemplate?: string;
  /** Called before each API answer (the RPC indexer's catch-up); errors are reported, not fatal. */
  refresh?: () => Promise<void>;
}

// The page's files stay in the sources (the compiled CLI runs from dist/services/explorer/).
const WEB = existsSync(join(__dirname, "web")) ? join(__dirname, "web") : join(__dirname, "..", "..", "..", "services", "explorer", "web");
const UPLOT = dirname(require.resolve("uplot"));
const STATIC: Record<string, { file: string; type: string }> = {
  "/": { file: join(WEB, "index.html"), type: "text/html; charset=utf-8" },
  "/app.js": { file: join(WEB, "app.js"), type: "text/javascript; charset=utf-8" },
  "/style.css": { file: join(WEB, "style.css"), type: "text/css; charset=utf-8" },
  "/vendor/uPlot.iife.min.js": { file: join(UPLOT, "uPlot.iife.min.js"), type: "text/javascript; charset=utf-8" },
  "/vendor/uPlot.min.css": { file: join(UPLOT, "uPlot.min.css"), type: "text/css; charset=utf-8" },
};

/** The most events one /api/events answer holds (`limit` defaults to it); `after` pages on. */
export const EVENTS_PAGE = 1_000;
/** How long a panel's answer is reused while nothing new is indexed (its live chain figures age at most this). */
const PANEL_TTL_MS = 1_000;
const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** The host part of a Host header ("[::1]:8787" → "[::1]", "localhost:1" → "localhost"). */
function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
  const colon = h.indexOf(":");
  return colon < 0 ? h : h.slice(0, colon);
}

/** An /api/events cursor: the last event's slot, position, program and index. */
function eventCursor(e: EventRow): string {
  return `${e.slot}:${e.txIndex}:${e.program}:${e.index}`;
}

function parseEventCursor(s: string): EventPosition | null {
  const m = /^(\d{1,15}):(\d{1,9}):([a-z_]{1,32}):(\d{1,9})$/.exec(s);
  return m ? { slot: Number(m[1]), txIndex: Number(m[2]), program: m[3], index: Number(m[4]) } : null;
}

class BadRequest extends Error {}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><link rel="stylesheet" href="/style.css"></head><body><header><a href="/">IO explorer</a></header><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

export class ExplorerServer {
  private server: Server | null = null;
  private lastRefreshError: string | null = null;
  /** Answers computed from the whole index, by what they depend on: each is computed once per key, however many ask at once. */
  private readonly memo = new Map<string, { key: string; at: number; value: Promise<unknown> }>();

  constructor(readonly opts: ExplorerOptions) {}

  /** `compute()`'s value for `key` under `slot`, reused while `key` holds (and, with `ttlMs`, while younger than that). */
  private cached<T>(slot: string, key: string, compute: () => Promise<T>, ttlMs = Infinity): Promise<T> {
    const hit = this.memo.get(slot);
    if (hit && hit.key === key && Date.now() - hit.at < ttlMs) return hit.value as Promise<T>;
    const value = compute();
    this.memo.set(slot, { key, at: Date.now(), value });
    value.catch(() => {
      if (this.memo.get(slot)?.value === value) this.memo.delete(slot);
    });
    return value;
  }

  /** What the index holds, as a cache key: any newly stored event or transaction changes it. */
  private async indexKey(): Promise<string> {
    const n = await this.opts.store.counts();
    return `${n.transactions}:${n.events}`;
  }

  /** Whether `req` names this server by a loopback name when it listens on loopback (a rebound DNS name does not). */
  private hostAllowed(req: IncomingMessage): boolean {
    if (!LOOPBACK.has(this.opts.host ?? "127.0.0.1")) return true;
    return LOOPBACK.has(hostName(req.headers.host ?? ""));
  }

  async start(): Promise<number> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) =>
        this.send(res, e instanceof BadRequest ? 400 : 500, "application/json", JSON.stringify({ error: e instanceof Error ? e.message : String(e) })),
      );
    });
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.opts.port ?? 0, this.opts.host ?? "127.0.0.1", () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = null;
  }

  private send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
    res.writeHead(status, { "content-type": type, "cache-control": "no-store", "x-content-type-options": "nosniff", ...extra });
    res.end(body);
  }

  private json(res: ServerResponse, value: unknown): void {
    this.send(res, 200, "application/json; charset=utf-8", JSON.stringify(value));
  }

  private async refresh(): Promise<void> {
    if (!this.opts.refresh) return;
    try {
      await this.opts.refresh();
      this.lastRefreshError = null;
    } catch (e) {
      this.lastRefreshError = e instanceof Error ? e.message : String(e);
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname;
    if (req.method !== "GET") return this.send(res, 405, "text/plain", "GET only\n");
    // DNS rebinding: a page of another origin whose name resolves to 127.0.0.1 must not read the API or drive the indexer.
    if (!this.hostAllowed(req)) return this.send(res, 421, "text/plain", "this server answers to 127.0.0.1, localhost or [::1] only\n");
    const file = STATIC[path];
    if (file) return this.send(res, 200, file.type, readFileSync(file.file));
    if (path === "/favicon.ico") return this.send(res, 204, "image/x-icon", "");
    const { store, chain } = this.opts;
    if (path === "/api" || path === "/api/") {
      return this.json(res, { endpoints: ["/api/config", "/api/panels", "/api/panels/{panel}", "/api/panels/{panel}/{table}.csv", "/api/supply", "/api/events?name=&program=&signature=&limit=&after="] });
    }
    if (path === "/api/config") {
      await this.refresh();
      return this.json(res, { chain: chain.description, linkTemplate: this.opts.linkTemplate ?? "/{kind}/{id}", panels: Object.keys(PANELS), indexed: await store.counts(), refreshError: this.lastRefreshError });
    }
    if (path === "/api/panels") return this.json(res, Object.keys(PANELS));
    const panelMatch = /^\/api\/panels\/([a-z]+)(?:\/([a-z]+)\.csv)?$/.exec(path);
    if (panelMatch) {
      const make = PANELS[panelMatch[1]];
      if (!make) return this.send(res, 404, "application/json", JSON.stringify({ error: `no panel ${panelMatch[1]}` }));
      const csv = panelMatch[2] !== undefined;
      const panel = await this.cached(`panel:${panelMatch[1]}:${csv}`, await this.indexKey(), () => make({ store, chain, rowLimit: csv ? undefined : SHOWN_ROWS }), PANEL_TTL_MS);
      if (!panelMatch[2]) return this.json(res, capRows(panel));
      const table = panel.tables.find((t) => t.id === panelMatch[2]);
      if (!table) return this.send(res, 404, "application/json", JSON.stringify({ error: `no table ${panelMatch[2]} in ${panel.id}` }));
      return this.send(res, 200, "text/csv; charset=utf-8", toCsv(table), { "content-disposition": `attachment; filename="${panel.id}-${table.id}.csv"` });
    }
    if (path === "/api/supply") {
      const [mint] = ioMintKey();
      const info = await chain.getAccount(mint);
      if (!info) return this.send(res, 404, "application/json", JSON.stringify({ error: "no IO mint on this chain" }));
      const supply = unpackMint(mint, info, TOKEN_2022_PROGRAM_ID).supply;
      // Recomputed only when the index or the mint's supply changed (it reads every supply event).
      return this.json(res, await this.cached<SupplyIdentity>("supply", `${await this.indexKey()}:${supply}`, () => supplyIdentityOf(store, supply)));
    }
    if (path === "/api/events") {
      const name = url.searchParams.get("name");
      const limitParam = url.searchParams.get("limit");
      const limit = limitParam === null ? EVENTS_PAGE : Number(limitParam);
      if (!/^\d{1,15}$/.test(limitParam ?? "0") || limit < 1) throw new BadRequest("limit: a whole number from 1");
      const afterParam = url.searchParams.get("after");
      const after = afterParam === null ? undefined : parseEventCursor(afterParam);
      if (after === null) throw new BadRequest("after: the `next` of a previous answer");
      const page = Math.min(limit, EVENTS_PAGE);
      const events = await store.events({
        names: name ? [name] : undefined,
        program: url.searchParams.get("program") ?? undefined,
        signature: url.searchParams.get("signature") ?? undefined,
        after,
        limit: page,
      });
      // At most EVENTS_PAGE events an answer; `next` (null at the end) is the `after` of the next page.
      return this.json(res, { events, next: events.length === page ? eventCursor(events[events.length - 1]) : null });
    }
    const tx = /^\/tx\/([1-9A-HJ-NP-Za-km-z]{32,90})$/.exec(path);
    if (tx) {
      const events = await store.eventsOf(tx[1]);
      if (!events.length) return this.send(res, 404, "text/html; charset=utf-8", page("Transaction not indexed", `<p>${escapeHtml(tx[1])}</p>`));
      const head = events[0];
      const rows = events.map((e) => `<tr><td>${escapeHtml(e.program)}</td><td>${e.index}</td><td>${escapeHtml(e.name)}</td><td><pre>${escapeHtml(JSON.stringify(e.data, null, 1))}</pre></td></tr>`).join("");
      return this.send(
        res,
        200,
        "text/html; charset=utf-8",
        page(`Transaction ${tx[1]}`, `<p>slot ${head.slot}, position ${head.txIndex}, time ${head.blockTime === null ? "?" : new Date(head.blockTime * 1000).toISOString()}</p><table class="events"><thead><tr><th>program</th><th>#</th><th>event</th><th>fields</th></tr></thead><tbody>${rows}</tbody></table>`),
      );
    }
    const account = /^\/account\/([1-9A-HJ-NP-Za-km-z]{32,44})$/.exec(path);
    if (account) {
      let key: PublicKey;
      try {
        key = new PublicKey(account[1]);
      } catch {
        return this.send(res, 404, "text/html; charset=utf-8", page("Not an address", ""));
      }
      const info = await chain.getAccount(key);
      if (!info) return this.send(res, 404, "text/html; charset=utf-8", page(`Account ${account[1]}`, "<p>No such account on this chain.</p>"));
      const hex = info.data.subarray(0, 512).toString("hex").replace(/(.{64})/g, "$1\n");
      return this.send(
        res,
        200,
        "text/html; charset=utf-8",
        page(`Account ${account[1]}`, `<dl><dt>owner</dt><dd>${info.owner.toBase58()}</dd><dt>lamports</dt><dd>${info.lamports}</dd><dt>data</dt><dd>${info.data.length} bytes</dd></dl><pre>${hex}</pre>`),
      );
    }
    return this.send(res, 404, "text/plain", "not found\n");
  }
}
