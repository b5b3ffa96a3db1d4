/**
 * The explorer's HTTP server (loopback by default): the page (web/), uPlot from the project's
 * own node_modules (no CDN: the page works offline), the JSON API (docs/explorer.md), CSV of every
 * table, and a page per transaction and per account so that every figure's link resolves here
 * unless `linkTemplate` points them at another explorer.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from "http";
import { AddressInfo } from "net";
import { readFileSync } from "fs";
import { dirname, join } from "path";
import { PublicKey } from "@solana/web3.js";
import { Chain } from "../../cli/chain";
import { IndexStore } from "../indexer/store";
import { capRows, PANELS, SHOWN_ROWS, toCsv } from "./panels";
import { supplyIdentityOf } from "./supply";
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

const WEB = join(__dirname, "web");
const UPLOT = dirname(require.resolve("uplot"));
const STATIC: Record<string, { file: string; type: string }> = {
  "/": { file: join(WEB, "index.html"), type: "text/html; charset=utf-8" },
  "/app.js": { file: join(WEB, "app.js"), type: "text/javascript; charset=utf-8" },
  "/style.css": { file: join(WEB, "style.css"), type: "text/css; charset=utf-8" },
  "/vendor/uPlot.iife.min.js": { file: join(UPLOT, "uPlot.iife.min.js"), type: "text/javascript; charset=utf-8" },
  "/vendor/uPlot.min.css": { file: join(UPLOT, "uPlot.min.css"), type: "text/css; charset=utf-8" },
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><link rel="stylesheet" href="/style.css"></head><body><header><a href="/">IO explorer</a></header><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

export class ExplorerServer {
  private server: Server | null = null;
  private lastRefreshError: string | null = null;

  constructor(readonly opts: ExplorerOptions) {}

  async start(): Promise<number> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => this.send(res, 500, "application/json", JSON.stringify({ error: e instanceof Error ? e.message : String(e) })));
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
    res.writeHead(status, { "content-type": type, "cache-control": "no-store", ...extra });
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
    const file = STATIC[path];
    if (file) return this.send(res, 200, file.type, readFileSync(file.file));
    if (path === "/favicon.ico") return this.send(res, 204, "image/x-icon", "");
    const { store, chain } = this.opts;
    if (path === "/api" || path === "/api/") {
      return this.json(res, { endpoints: ["/api/config", "/api/panels", "/api/panels/{panel}", "/api/panels/{panel}/{table}.csv", "/api/supply", "/api/events?name=&program=&signature="] });
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
      const panel = await make({ store, chain, rowLimit: panelMatch[2] ? undefined : SHOWN_ROWS });
      if (!panelMatch[2]) return this.json(res, capRows(panel));
      const table = panel.tables.find((t) => t.id === panelMatch[2]);
      if (!table) return this.send(res, 404, "application/json", JSON.stringify({ error: `no table ${panelMatch[2]} in ${panel.id}` }));
      return this.send(res, 200, "text/csv; charset=utf-8", toCsv(table), { "content-disposition": `attachment; filename="${panel.id}-${table.id}.csv"` });
    }
    if (path === "/api/supply") {
      const [mint] = ioMintKey();
      const info = await chain.getAccount(mint);
      if (!info) return this.send(res, 404, "application/json", JSON.stringify({ error: "no IO mint on this chain" }));
      return this.json(res, await supplyIdentityOf(store, unpackMint(mint, info, TOKEN_2022_PROGRAM_ID).supply));
    }
    if (path === "/api/events") {
      const name = url.searchParams.get("name");
      const events = await store.events({ names: name ? [name] : undefined, program: url.searchParams.get("program") ?? undefined, signature: url.searchParams.get("signature") ?? undefined });
      return this.json(res, events);
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
