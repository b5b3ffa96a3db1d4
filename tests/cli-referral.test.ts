/**
 * `io referral register|status|claim|params` on the embedded chain, as users would run them
 * (docs/demand-side.md): a referrer joins, a user joins naming it before its first job, the
 * user's job settles with `io settle-jobs` (which passes the referrer's profile), the referrer
 * reads its income and claims it; a second registration is refused by name.
 */
import { expect } from "chai";
import { cliSession, publicKeyOf } from "./cli-session";

describe("io referral (register, status, claim, params)", function () {
  this.timeout(300_000);
  const cli = cliSession("io-cli-referral-");
  const run = cli.run;

  it("a referred user's settled job pays its referrer 20% of the network fee, shown and claimed from the CLI", async () => {
    // Given the embedded chain (genesis sets the referral terms to their defaults), a node, a referrer and a user with USDC
    const admin = cli.keypair("admin");
    expect((await run("status", "--keypair", admin)).code).to.equal(0);
    const params = await run("referral", "params", "--keypair", admin, "--referral-bps", "2000");
    expect(params.code, params.out).to.equal(0);
    const owner = cli.keypair("owner");
    const registered = await run("register-node", "--keypair", owner, "--device", "ref-gpu", "--price", "2", "--usd-share-bps", "8000");
    expect(registered.code, registered.out).to.equal(0);
    const node = /^node (\w+)/m.exec(registered.out)![1];
    const referrer = cli.keypair("referrer");
    const user = cli.keypair("user");
    expect((await run("faucet-usdc", "--keypair", admin, "--to", publicKeyOf(user).toBase58(), "--amount", "100")).code).to.equal(0);
    // When the referrer joins, and the user joins naming it
    expect((await run("referral", "register", "--keypair", referrer)).code).to.equal(0);
    const joined = await run("referral", "register", "--keypair", user, "--referrer", publicKeyOf(referrer).toBase58());
    expect(joined.code, joined.out).to.equal(0);
    const status = await run("referral", "status", "--keypair", user);
    expect(status.out).to.contain(`referrer: ${publicKeyOf(referrer).toBase58()}`);
    // Then a second registration is refused by name
    const again = await run("referral", "register", "--keypair", user, "--referrer", publicKeyOf(admin).toBase58());
    expect(again.code).to.equal(1);
    expect(again.out).to.contain("ProfileExists (6055)");
    // When the user's 4-hour job serves 3 hours and settles
    const opened = await run("open-job", "--keypair", user, "--node", node, "--currency", "usdc", "--hours", "4");
    expect(opened.code, opened.out).to.equal(0);
    const job = /^job (\w+)/m.exec(opened.out)![1];
    expect((await run("attest-usage", "--keypair", admin, "--job", job, "--hours", "3", "--warp", "3")).code).to.equal(0);
    expect((await run("end-job", "--keypair", user, "--job", job)).code).to.equal(0);
    const settled = await run("settle-jobs", "--keypair", admin, "--jobs", job, "--warp", "2");
    expect(settled.code, settled.out).to.equal(0);
    // Then the referrer is owed 20% of the $0.30 network fee on $6 of pay, and claims it once
    const owed = await run("referral", "status", "--keypair", referrer);
    expect(owed.out).to.contain("as a referrer: 1 referred; credited $0.060000");
    // all of it from a referred user's network fee, none from a referred supplier's jobs
    expect(owed.out).to.contain("($0.000000 from referred suppliers' jobs)");
    expect(owed.out).to.contain("USDC: owed 0.060000 USDC, claimed 0.000000 USDC");
    const claimed = await run("referral", "claim", "--keypair", referrer, "--currency", "usdc");
    expect(claimed.code, claimed.out).to.equal(0);
    expect((await run("referral", "status", "--keypair", referrer)).out).to.contain("USDC: owed 0.000000 USDC, claimed 0.060000 USDC");
    const twice = await run("referral", "claim", "--keypair", referrer, "--currency", "usdc");
    expect(twice.code).to.equal(1);
    expect(twice.out).to.contain("NothingToClaimReferral (6059)");
    // And anyone reads the user's reputation: one job, 3 hours worth $6, and of the $0.30
    // network fee it paid the $0.24 the protocol kept (the $0.06 referral is no fee paid)
    const rep = await run("reputation", publicKeyOf(user).toBase58(), "--keypair", admin);
    expect(rep.code, rep.out).to.equal(0);
    expect(rep.out).to.contain("1 jobs settled, 3 hours served worth $6.000000");
    expect(rep.out).to.contain("network fees paid $0.240000; disputes lost 0, jobs abandoned 0");
    expect(rep.out).to.contain("score $0.240000: no tier");
    // When the admin grants 10% off from $0.24 of fees paid, Then the user's next job keeps 450 bps
    const tiers = await run("set-discount-tiers", "--keypair", admin, "--tier1-usd", "0.24", "--tier1-bps", "1000", "--tier2-usd", "1", "--tier2-bps", "1000", "--tier3-usd", "1", "--tier3-bps", "1000");
    expect(tiers.code, tiers.out).to.equal(0);
    expect((await run("reputation", "--user", publicKeyOf(user).toBase58(), "--keypair", admin)).out).to.contain("tier 1, 10% off the network fee (a job opened now keeps 450 bps)");
    const discounted = await run("open-job", "--keypair", user, "--node", node, "--currency", "usdc", "--hours", "1");
    expect(discounted.code, discounted.out).to.equal(0);
    const shown = await run("show-job", "--job", /^job (\w+)/m.exec(discounted.out)![1], "--keypair", admin, "--output", "json");
    expect((JSON.parse(shown.out) as { job: { networkFeeBps: number; discountBps: number } }).job).to.deep.include({ networkFeeBps: 450, discountBps: 1_000 });
    // And a wallet that never joined is told it may still name a referrer
    const fresh = cli.keypair("fresh");
    expect((await run("referral", "status", "--user", publicKeyOf(fresh).toBase58(), "--keypair", admin)).out).to.contain("has not joined");
  });
});
