/**
 * `io attest-reputation` on the embedded chain (docs/demand-side.md, "Conduct the chain cannot
 * see"): the embedded chain's oracle set is the admin alone (quorum 1), so its vote is the
 * agreed figure; `io reputation` shows it; a stranger is refused by name, a figure past 10,000 is
 * refused before anything is sent.
 */
import { expect } from "chai";
import { cliSession, publicKeyOf } from "./cli-session";

describe("io attest-reputation", function () {
  this.timeout(300_000);
  const cli = cliSession("io-cli-attest-reputation-");
  const run = cli.run;

  it("the oracle attests a joined user's conduct; io reputation shows the agreed penalty; a stranger and a bad figure are refused", async () => {
    // Given the embedded chain and a user that joined (its profile exists)
    const admin = cli.keypair("admin");
    expect((await run("status", "--keypair", admin)).code).to.equal(0);
    const user = cli.keypair("user");
    const address = publicKeyOf(user).toBase58();
    const joined = await run("referral", "register", "--keypair", user);
    expect(joined.code, joined.out).to.equal(0);
    // When the oracle (the admin) attests a 25% penalty
    const attested = await run("attest-reputation", "--keypair", admin, "--user", address, "--penalty-bps", "2500", "--output", "json");
    expect(attested.code, attested.out).to.equal(0);
    expect((JSON.parse(attested.out) as { acceptedBps: number }).acceptedBps).to.equal(2_500);
    // Then anyone reads it with the reputation
    const read = await run("reputation", address, "--keypair", admin);
    expect(read.out).to.contain("conduct penalty agreed by the oracles 25%");
    // A stranger is no oracle; a figure above 10,000 never leaves the CLI
    const stranger = await run("attest-reputation", "--keypair", user, "--user", address, "--penalty-bps", "0");
    expect(stranger.code).to.equal(1);
    expect(stranger.out).to.contain("NotOracle");
    const bad = await run("attest-reputation", "--keypair", admin, "--user", address, "--penalty-bps", "10001");
    expect(bad.code).to.not.equal(0);
    expect(bad.out).to.contain("--penalty-bps must be 0..10000");
  });
});
