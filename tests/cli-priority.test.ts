/**
 * `io priority-tier` and `io set-priority-tiers` on the embedded chain (docs/demand-side.md, "Stake
 * for priority"): the admin sets the thresholds, a user registers as a participant and stakes to
 * itself, anyone reads its tier (text and --output json), an unstake drops it at once.
 */
import { expect } from "chai";
import { cliSession, publicKeyOf } from "./cli-session";

describe("io priority-tier, io set-priority-tiers", function () {
  this.timeout(300_000);
  const cli = cliSession("io-cli-priority-");
  const run = cli.run;

  it("the admin sets the thresholds; a user's own stake gives tier 2, read by anyone; an unstake drops it to tier 1 at once", async () => {
    // Given the embedded chain and a user holding 1,500 IO
    const admin = cli.keypair("admin");
    expect((await run("status", "--keypair", admin)).code).to.equal(0);
    const user = cli.keypair("user");
    const address = publicKeyOf(user).toBase58();
    const funded = await run("release", "--keypair", admin, "--bucket", "4", "--amount", "1500", "--to", address);
    expect(funded.code, funded.out).to.equal(0);
    // When the admin sets tier 1 from 100 IO, tier 2 from 1,000, tier 3 from 5,000 (a falling table refused by name)
    const falling = await run("set-priority-tiers", "--keypair", admin, "--tier1-io", "1000", "--tier2-io", "100", "--tier3-io", "5000");
    expect(falling.code).to.equal(1);
    expect(falling.out).to.contain("InvalidPriorityTiers (6045)");
    const set = await run("set-priority-tiers", "--keypair", admin, "--tier1-io", "100", "--tier2-io", "1000", "--tier3-io", "5000");
    expect(set.code, set.out).to.equal(0);
    // Then a wallet that is no participant has no tier
    const none = await run("priority-tier", address, "--keypair", admin);
    expect(none.code, none.out).to.equal(0);
    expect(none.out).to.contain("is not a participant");
    expect(none.out).to.contain("priority no tier");
    // When the user registers as a participant and stakes 1,200 IO to itself
    const registered = await run("register-participant", "--keypair", user, "--user", "--share-bps", "200");
    expect(registered.code, registered.out).to.equal(0);
    const participant = /^participant (\w+)/m.exec(registered.out)![1];
    expect((await run("stake", "--keypair", user, "--participant", participant, "--amount", "1200")).code).to.equal(0);
    // Then anyone reads tier 2, the next tier from 5,000 IO
    const read = await run("priority-tier", address, "--keypair", admin);
    expect(read.out).to.contain("priority tier 2; the next tier from 5,000.00000000 IO");
    const json = JSON.parse((await run("priority-tier", "--user", address, "--keypair", admin, "--output", "json")).out) as {
      priorityTier: { registered: boolean; stake: string; tier: number; tiersIo: number[]; nextTierStake: string };
    };
    expect(json.priorityTier).to.deep.include({ registered: true, tier: 2, tiersIo: [100, 1_000, 5_000] });
    expect(json.priorityTier.stake).to.equal((1_200n * 100_000_000n).toString());
    // When it unstakes 300 IO: tier 1 at once, the 300 IO cooling
    expect((await run("unstake", "--keypair", user, "--participant", participant, "--amount", "300")).code).to.equal(0);
    expect((await run("priority-tier", "--keypair", user)).out).to.contain("priority tier 1; the next tier from 1,000.00000000 IO");
  });
});
