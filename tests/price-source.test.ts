/** The oracle service's price sources: JSON from a file and over HTTP, and the simulated feed. */
import { expect } from "chai";
import { createServer, Server } from "http";
import { AddressInfo } from "net";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { JsonPriceSource, SimulatedPriceSource, usdToUnits } from "../services/oracle/price-source";

describe("price sources", () => {
  let dir: string;
  let server: Server;
  let url: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "io-price-"));
    server = createServer((req, res) => {
      if (req.url === "/quote") {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ price: "2.5", confidence: "0.0025", timestamp: 1_800_000_123 }));
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("converts USD text to 8-decimal units exactly and refuses more decimals", () => {
    expect(usdToUnits("2.1345").toString()).to.equal("213450000");
    expect(usdToUnits("0.00000001").toString()).to.equal("1");
    expect(() => usdToUnits("1.123456789")).to.throw(/at most 8 decimals/);
    expect(() => usdToUnits("-1")).to.throw();
  });

  it("reads a quote from a local file with its own time, and refuses one without (a dead source must not look fresh)", async () => {
    const path = join(dir, "quote.json");
    writeFileSync(path, JSON.stringify({ price: 2.25, confidence: "0.001", timestamp: 1_799_999_990 }));
    const q = await new JsonPriceSource(path).quote(1_800_000_000);
    expect([q.price.toString(), q.confidence.toString(), q.timestamp]).to.deep.equal(["225000000", "100000", 1_799_999_990]);
    writeFileSync(path, JSON.stringify({ price: 2.25, confidence: "0.001" }));
    let error = "";
    await new JsonPriceSource(path).quote(1_800_000_000).catch((e: Error) => (error = e.message));
    expect(error).to.contain('expected {"price", "confidence", "timestamp"}');
  });

  it("reads a quote over HTTP and reports HTTP errors", async () => {
    const q = await new JsonPriceSource(`${url}/quote`).quote(1_800_000_200);
    expect([q.price.toString(), q.timestamp]).to.deep.equal(["250000000", 1_800_000_123]);
    let error = "";
    await new JsonPriceSource(`${url}/missing`).quote(1_800_000_200).catch((e: Error) => (error = e.message));
    expect(error).to.contain("HTTP 404");
  });

  it("simulates the same market for the same seed, in small steps", async () => {
    const a = new SimulatedPriceSource(7);
    const b = new SimulatedPriceSource(7);
    const t = 1_800_000_000 + 600;
    expect((await a.quote(t)).price.toString()).to.equal((await b.quote(t)).price.toString());
    const p0 = (await a.quote(t)).price.toNumber();
    const p1 = (await a.quote(t + 60)).price.toNumber();
    expect(Math.abs(p1 - p0) / p0).to.be.at.most(0.0006);
    expect((await new SimulatedPriceSource(8).quote(t)).price.toString()).to.not.equal((await a.quote(t)).price.toString());
  });
});
