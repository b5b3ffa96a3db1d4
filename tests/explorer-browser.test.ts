/**
 * The explorer in a real browser: Debian's chromium driven by playwright-core (no network; the
 * flags keep Chromium from reaching out). On the embedded chain after the main job's scenes
 * (tests/explorer-world.ts) the page loads with no console error, each panel shows the figures
 * the chain holds (computed here from account reads, independently of the index), every figure's
 * link resolves, every table's CSV downloads and parses to the table shown, and screenshots at a
 * laptop's and a phone's width are written to docs/explorer/.
 */
import { expect } from "chai";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { BrowserContext, chromium, Page } from "playwright-core";
import { TOKEN_2022_PROGRAM_ID, unpackMint } from "@solana/spl-token";
import {
  buybackConfigKey,
  Currency,
  decodeBuybackConfig,
  decodeNode,
  decodeEmissionState,
  decodeIosdState,
  decodeJobsConfig,
  decodePriceFeed,
  decodeStakingConfig,
  emissionKey,
  formatAmount,
  decodeGovernanceConfig,
  decodeProposal,
  governanceConfigKey,
  proposalKey,
  iosdStateKey,
  ioMintKey,
  jobsConfigKey,
  priceFeedKey,
  stakingConfigKey,
} from "../sdk/src";
import BN from "bn.js";
import { PublicKey } from "@solana/web3.js";
import { REPO_ROOT } from "../cli/chain";
import { ExplorerServer } from "../services/explorer/server";
import { CHROMIUM, CHROMIUM_FLAGS } from "./chromium";
import { explorerWorld, ExplorerWorld } from "./explorer-world";


/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF rows). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(field), (field = "");
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) row.push(field), rows.push(row);
  return rows;
}

const PANEL_IDS = ["supply", "burns", "iosd", "jobs", "buyback", "epochs", "oracle", "governance", "reserves"];

describe("explorer in a real browser (chromium, playwright-core)", function () {
  this.timeout(180_000);
  let w: ExplorerWorld;
  let server: ExplorerServer;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const consoleErrors: string[] = [];

  before(async function () {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: scripts/setup.sh --with-browser installs Debian's chromium`);
    w = await explorerWorld();
    server = new ExplorerServer({ store: w.store, chain: w.chain });
    base = `http://127.0.0.1:${await server.start()}`;
    userDataDir = mkdtempSync(join(tmpdir(), "io-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => consoleErrors.push(e.message));
    await page.goto(base + "/");
    await page.waitForSelector("body[data-ready]", { timeout: 30_000 });
  });

  after(async () => {
    await context?.close();
    await server?.stop();
    await w?.store.db.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it("loads with every panel, its chart drawn, and no console error", async () => {
    expect(await page.getAttribute("body", "data-ready")).to.equal("1");
    for (const id of PANEL_IDS) expect(await page.locator(`section[data-panel="${id}"]`).count(), id).to.equal(1);
    // uPlot drew the supply chart (its canvas exists) from the project's own bundle
    expect(await page.locator('[data-series="supply"] canvas').count()).to.be.greaterThan(0);
    expect(await page.locator("#supply-alarm.ok").count()).to.equal(1);
    expect(consoleErrors).to.deep.equal([]);
  });

  it("each panel shows the figures the chain holds (read from the accounts, not the index)", async () => {
    const read = <T>(key: ReturnType<typeof ioMintKey>, decode: (i: NonNullable<ReturnType<typeof w.chain.account>>) => T) => decode(w.chain.account(key[0])!);
    const mint = unpackMint(ioMintKey()[0], w.chain.account(ioMintKey()[0]), TOKEN_2022_PROGRAM_ID);
    const emission = read(emissionKey(), decodeEmissionState);
    const iosd = read(iosdStateKey(), decodeIosdState);
    const buyback = read(buybackConfigKey(), decodeBuybackConfig);
    const staking = read(stakingConfigKey(), decodeStakingConfig);
    const jobs = read(jobsConfigKey(), decodeJobsConfig);
    const feed = read(priceFeedKey(), decodePriceFeed);
    const gov = read(governanceConfigKey(), decodeGovernanceConfig);
    const proposal = decodeProposal(w.chain.account(proposalKey(0)[0])!);
    const want: [string, BN | bigint | number, number][] = [
      ["supply.chain", mint.supply, 8],
      ["supply.computed", mint.supply, 8],
      ["supply.emitted", emission.minted, 8],
      ["supply.reminted", emission.reminted, 8],
      ["burns.reminted", emission.reminted, 8],
      ["burns.iosd", iosd.ioBurned, 8],
      ["iosd.ioBurned", iosd.ioBurned, 8],
      ["iosd.minted", iosd.iosdMinted, 6],
      ["burns.buyback", buyback.ioBurned, 8],
      ["buyback.ioBurned", buyback.ioBurned, 8],
      ["buyback.usdcSold", buyback.usdcSold, 6],
      ["epochs.closed", staking.epoch, 0],
      ["epochs.claimed", staking.paid, 0 + 8],
      ["jobs.fees.USDC", jobs.fees[Currency.Usdc], 6],
      ["oracle.price", feed.price, 8],
      ["oracle.confidence", feed.confidence, 8],
      ["governance.proposals", gov.proposalCount, 0],
    ];
    for (const [id, value, decimals] of want) {
      const fig = page.locator(`[data-figure="${id}"]`);
      expect(await fig.getAttribute("data-value"), id).to.equal(value.toString());
      // And the text a person reads is the same amount, formatted
      const shown = (await fig.locator(".value").innerText()).replace(/,/g, "");
      expect(shown.startsWith(decimals ? formatAmount(new BN(value.toString()), decimals).replace(/,/g, "") : value.toString()), `${id}: ${shown}`).to.equal(true);
    }
    // And the proposal's row shows the yes power its account holds
    expect(gov.proposalCount.toNumber()).to.equal(1);
    const row = await page.locator('[data-table="governance/proposals"] tbody tr').first().locator("td").allInnerTexts();
    expect(row[5].replace(/,/g, "")).to.equal(formatAmount(proposal.yes, 8).replace(/,/g, ""));
    // And each node's row: earned - claimed = the earnings its account still holds
    const nodeRows = page.locator('[data-table="jobs/nodes"] tbody tr');
    expect(await nodeRows.count()).to.be.greaterThan(0);
    for (let i = 0; i < (await nodeRows.count()); i++) {
      const [node, currency, , earned, claimed] = await nodeRows.nth(i).locator("td").allInnerTexts();
      const units = (t: string) => BigInt(t.replace(/[,.]/g, ""));
      const held = decodeNode(w.chain.account(new PublicKey(node))!).earnings[["USDC", "IO", "IOSD"].indexOf(currency)];
      expect((units(earned) - units(claimed)).toString(), node).to.equal(held.toString());
    }
    // And each staker's claimed total is what the chain paid into its positions' claims (StakingConfig.paid in all)
    const stakerTotals = await page.locator('[data-table="epochs/stakers"] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.children[2].textContent ?? ""));
    expect(stakerTotals.reduce((a, t) => a + BigInt(t.replace(/[,.]/g, "")), 0n).toString()).to.equal(staking.paid.toString());
    // And the supply identity's figures agree: genesis + emitted + re-minted - burned = supply
    const v = async (id: string) => BigInt((await page.getAttribute(`[data-figure="${id}"]`, "data-value"))!);
    expect((await v("supply.genesis")) + (await v("supply.emitted")) + (await v("supply.reminted")) - (await v("supply.burned"))).to.equal(mint.supply);
  });

  it("every figure's link and the first link of every table resolve", async () => {
    const hrefs = new Set<string>(await page.$$eval("a.figure[href]", (as) => as.map((a) => a.getAttribute("href")!)));
    const figures = await page.locator("a.figure").count();
    expect(hrefs.size).to.be.greaterThan(0);
    expect(await page.locator("a.figure:not([href])").count(), "figures without a link").to.equal(0);
    for (const h of await page.$$eval(".table table", (ts) => ts.map((t) => t.querySelector("td a")?.getAttribute("href") ?? "").filter((h) => h))) hrefs.add(h);
    for (const h of hrefs) {
      const res = await page.request.get(base + h);
      expect(res.status(), h).to.equal(200);
    }
    expect(figures).to.be.greaterThan(20);
    // A transaction's page lists the events the index holds for it
    const [bought] = await w.store.events({ names: ["lotBought"] });
    await page.goto(`${base}/tx/${bought.signature}`);
    expect(await page.locator("td", { hasText: "lotBought" }).count()).to.equal(1);
    await page.goto(base + "/");
    await page.waitForSelector("body[data-ready]");
  });

  it("every table's CSV downloads and parses to the table shown", async () => {
    const tables = await page.$$eval("[data-table]", (ds) => ds.map((d) => d.getAttribute("data-table")!));
    expect(tables.length).to.be.greaterThan(10);
    // Chromium's download manager throttles a page that downloads many files in a row (its
    // "multiple downloads" prompt, denied headless), so one CSV goes through a real click and
    // download and every table's link is then fetched as the browser would fetch it.
    const first = page.locator(`[data-table="${tables[0]}"] a.csv`);
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 60_000 }), first.click({ timeout: 60_000 })]);
    const downloaded = readFileSync((await download.path())!, "utf8");
    expect(download.suggestedFilename()).to.equal(await first.getAttribute("download"));
    let nonEmpty = 0;
    for (const t of tables) {
      const box = page.locator(`[data-table="${t}"]`);
      const link = box.locator("a.csv");
      const res = await page.request.get(base + (await link.getAttribute("href")));
      expect(res.status(), t).to.equal(200);
      expect(res.headers()["content-disposition"], t).to.equal(`attachment; filename="${await link.getAttribute("download")}"`);
      const text = await res.text();
      if (t === tables[0]) expect(text, "the clicked download").to.equal(downloaded);
      const rows = parseCsv(text);
      const header = await box.locator("th").allInnerTexts();
      const shown = await box.locator("tbody tr").count();
      if (header.length) expect(rows[0], t).to.deep.equal(header);
      expect(rows.length - 1, t).to.equal(shown);
      if (shown > 0) {
        nonEmpty++;
        const firstRow = await box.locator("tbody tr").first().locator("td").allInnerTexts();
        expect(rows[1], t).to.deep.equal(firstRow);
      }
    }
    expect(nonEmpty).to.be.greaterThan(8);
  });

  it("reads at a laptop's and a phone's width (screenshots in docs/explorer/)", async () => {
    for (const [name, width, height] of [["laptop", 1280, 900], ["phone", 390, 844]] as [string, number, number][]) {
      await page.setViewportSize({ width, height });
      await page.goto(base + "/");
      await page.waitForSelector("body[data-ready]");
      // Nothing wider than the screen: no sideways scrolling of the page itself
      // (a string: this project's TypeScript has no DOM types)
      const overflow = (await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")) as number;
      expect(overflow, name).to.be.at.most(0);
      await page.screenshot({ path: join(REPO_ROOT, "docs", "explorer", `explorer-${name}.png`), fullPage: false });
    }
    expect(consoleErrors).to.deep.equal([]);
  });
});
