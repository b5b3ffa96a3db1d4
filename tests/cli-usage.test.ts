/**
 * `io sync-usage` and `io set-usage-params` on the embedded chain (docs/demand-side.md, "Usage
 * rewards for teams"): the admin turns usage rewards on (a bound refused by name), a user registers
 * as a participant, its job settles with `io settle-jobs`, anyone syncs its usage (the paid USD),
 * a second sync registers nothing, and a node participant is refused by name.
 */
import { expect } from "chai";
import { cliSession, publicKeyOf } from "./cli-session";

describe("io sync-usage, io set-usage-params", function () {
  this.timeout(300_000);
  const cli = cliSession("io-cli-usage-");
  const run = cli.run;

  it("the admin sets the usage terms; a user's settled hours sync as usage, by anyone, once", async () => {
    // Given the embedded chain, a node and a user with USDC registered as a user participant
    const admin = cli.keypair("admin");
    expect((await run("status", "--keypair", admin)).code).to.equal(0);
    const owner = cli.keypair("owner");
    const registered = await run("register-node", "--keypair", owner, "--device", "usage-gpu", "--price", "2", "--usd-share-bps", "8000");
    expect(registered.code, registered.out).to.equal(0);
    const node = /^node (\w+)/m.exec(registered.out)![1];
    const user = cli.keypair("user");
    const address = publicKeyOf(user).toBase58();
    expect((await run("faucet-usdc", "--keypair", admin, "--to", address, "--amount", "100")).code).to.equal(0);
    const joined = await run("register-participant", "--keypair", user, "--user", "--share-bps", "200");
    expect(joined.code, joined.out).to.equal(0);
    // When the admin sets 31% (refused by name), then 10% at most 0.005 IO per $1
    const over = await run("set-usage-params", "--keypair", admin, "--usage-bps", "3100", "--max-usage-rate", "0.005");
    expect(over.code).to.equal(1);
    expect(over.out).to.contain("InvalidUsageParams (6048)");
    const set = await run("set-usage-params", "--keypair", admin, "--usage-bps", "1000", "--max-usage-rate", "0.005");
    expect(set.code, set.out).to.equal(0);
    expect(set.out).to.contain("usage rewards: 1000 bps of the compute pool, at most 0.005 IO per $1 of usage");
    // And before its first job the user has no io_jobs profile: a sync is refused by name
    const early = await run("sync-usage", address, "--keypair", admin);
    expect(early.code).to.equal(1);
    expect(early.out).to.contain("InvalidProfile (6046)");
    // When the user's 4-hour job serves 3 hours ($6) and settles, and the admin (anyone) syncs the user's usage
    const opened = await run("open-job", "--keypair", user, "--node", node, "--currency", "usdc", "--hours", "4");
    expect(opened.code, opened.out).to.equal(0);
    const job = /^job (\w+)/m.exec(opened.out)![1];
    expect((await run("attest-usage", "--keypair", admin, "--job", job, "--hours", "3", "--warp", "3")).code).to.equal(0);
    expect((await run("end-job", "--keypair", user, "--job", job)).code).to.equal(0);
    expect((await run("settle-jobs", "--keypair", admin, "--jobs", job, "--warp", "2")).code).to.equal(0);
    const synced = await run("sync-usage", address, "--keypair", admin);
    expect(synced.code, synced.out).to.equal(0);
    // Then $6.000000 of usage registered, and the user's own second sync registers nothing
    expect(synced.out).to.match(/registered \$6\.000000 of usage in epoch \d+/);
    expect((await run("sync-usage", "--keypair", user)).out).to.contain("no new usage since the last sync");
  });
});
