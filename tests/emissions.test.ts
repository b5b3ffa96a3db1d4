/**
 * Emissions on the real .so: the crank against independent vectors (tests/vectors, exact
 * rationals by direct summation), path independence, the exact cap, and refusals.
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import { join } from "path";
import BN from "bn.js";
import { createBurnCheckedInstruction, TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import { Keypair } from "@solana/web3.js";
import {
  crankInstruction,
  cumulativeEmission,
  decodeEmissionState,
  emissionKey,
  EMISSION_CAP,
  GENESIS_SUPPLY,
  initEmissionsInstruction,
  ioMintKey,
  MONTH_HOURS,
  parseIoTokenEvents,
  releaseInstruction,
  setRemintCapInstruction,
  setRewardsVaultInstruction,
} from "../sdk/src";
import { expectError, expectOk, TestChain } from "./harness";
import { initialize, ioAccount, ioBalance, ioSupply, ioTokenChain, withEmissions } from "./fixtures";

const HOUR = 3_600;

/** Cumulative emission at each hour from the independent script. */
function vectors(hours: number[]): Map<number, BN> {
  const out = execFileSync("python3", [join(__dirname, "vectors", "emission_vectors.py"), ...hours.map(String)], {
    encoding: "utf8",
  });
  const parsed = JSON.parse(out) as Record<string, string>;
  return new Map(hours.map((h) => [h, new BN(parsed[String(h)])]));
}


function minted(chain: TestChain): BN {
  return decodeEmissionState(chain.account(emissionKey()[0])!).minted;
}

/** Moves the clock to `hour` whole hours after genesis (plus `extra` seconds). */
function warpToHour(chain: TestChain, hour: number, extra = 0): void {
  const genesis = decodeEmissionState(chain.account(emissionKey()[0])!).startTs;
  chain.setUnixTime(BigInt(genesis.toString()) + BigInt(hour * HOUR + extra));
}

describe("emissions", () => {
  it("cranking every hour for 2,000 hours equals one crank at hour 2,000, to the base unit", () => {
    // Given two identical protocols
    const hourly = withEmissions();
    const once = withEmissions();
    // When one cranks every hour and the other once at hour 2,000
    for (let h = 1; h <= 2_000; h++) {
      warpToHour(hourly.chain, h);
      expectOk(hourly.chain.send([crankInstruction({ rewardsVault: hourly.rewardsVault })], [hourly.chain.payer]));
    }
    warpToHour(once.chain, 2_000);
    expectOk(once.chain.send([crankInstruction({ rewardsVault: once.rewardsVault })], [once.chain.payer]));
    // Then both minted exactly the independent vector at hour 2,000
    const expected = vectors([2_000]).get(2_000)!;
    expect(minted(hourly.chain).toString()).to.equal(expected.toString());
    expect(minted(once.chain).toString()).to.equal(expected.toString());
    expect(ioBalance(hourly.chain, hourly.rewardsVault).toString()).to.equal(expected.toString());
    expect(ioBalance(once.chain, once.rewardsVault).toString()).to.equal(expected.toString());
  });

  it("matches the independent vectors at months 12, 120, 240, 243, 244 and 400, landing exactly on the cap", () => {
    const { chain, rewardsVault } = withEmissions();
    const months = [12, 120, 240, 243, 244, 400];
    const hours = months.map((m) => m * MONTH_HOURS);
    const expected = vectors(hours);
    for (const hour of hours) {
      // Given the clock at the month start (plus 59 minutes, still the same whole hour)
      warpToHour(chain, hour, 59 * 60);
      // When cranked (nothing is left to mint after the cap)
      const res = chain.send([crankInstruction({ rewardsVault })], [chain.payer]);
      if (hour === 400 * MONTH_HOURS) expectError(res, "NothingToMint");
      else expectOk(res);
      // Then the total minted is the vector, and the SDK's mirror agrees
      expect(minted(chain).toString(), `hour ${hour}`).to.equal(expected.get(hour)!.toString());
      expect(cumulativeEmission(hour).toString()).to.equal(expected.get(hour)!.toString());
    }
    expect(minted(chain).toString()).to.equal(EMISSION_CAP.toString());
    expect(ioSupply(chain).toString()).to.equal(GENESIS_SUPPLY.add(EMISSION_CAP).toString());
    expect(ioBalance(chain, rewardsVault).toString()).to.equal(EMISSION_CAP.toString());
  });

  it("the year-1, month-120 and month-240 totals are the published figures", () => {
    const expected = vectors([8_760, 87_600, 175_200]);
    const io = (h: number) => (Number(expected.get(h)!.toString()) / 1e8).toFixed(4);
    expect(io(8_760)).to.equal("37830573.2459");
    expect(io(87_600)).to.equal("231304171.6280");
    expect(io(175_200)).to.equal("298893386.6297");
  });

  it("mints nothing twice in one hour, nothing before the first hour, and emits EmissionsMinted", () => {
    const { chain, rewardsVault } = withEmissions();
    // Given less than an hour after genesis; Then NothingToMint
    warpToHour(chain, 0, 3_599);
    expectError(chain.send([crankInstruction({ rewardsVault })], [chain.payer]), "NothingToMint");
    // Given hour 5; When cranked twice in that hour; Then the second fails and changes nothing
    warpToHour(chain, 5, 10);
    const first = expectOk(chain.send([crankInstruction({ rewardsVault })], [chain.payer]));
    const [event] = parseIoTokenEvents(first.logs);
    expect(event.name).to.equal("emissionsMinted");
    expect((event.data.hour as BN).toNumber()).to.equal(5);
    expect((event.data.amount as BN).toString()).to.equal(cumulativeEmission(5).toString());
    const before = chain.snapshot([emissionKey()[0], rewardsVault]);
    warpToHour(chain, 5, 3_000);
    expectError(chain.send([crankInstruction({ rewardsVault })], [chain.payer]), "NothingToMint");
    expect(chain.snapshot([emissionKey()[0], rewardsVault])).to.equal(before);
  });

  it("refuses a rewards vault other than the configured one, and a wrong authority", () => {
    const { chain } = withEmissions();
    warpToHour(chain, 3);
    const other = ioAccount(chain, Keypair.generate().publicKey);
    const before = chain.snapshot([emissionKey()[0], other]);
    expectError(chain.send([crankInstruction({ rewardsVault: other })], [chain.payer]), "InvalidRewardsVault");
    const { rewardsVault } = decodeEmissionState(chain.account(emissionKey()[0])!);
    const wrongAuthority = crankInstruction({ rewardsVault });
    wrongAuthority.keys[1] = { ...wrongAuthority.keys[1], pubkey: Keypair.generate().publicKey };
    expectError(chain.send([wrongAuthority], [chain.payer]), "InvalidAuthority");
    expect(chain.snapshot([emissionKey()[0], other])).to.equal(before);
  });

  it("only the admin initialises emissions, once, with an IO token account; and may move the vault", () => {
    const { chain, upgradeAuthority: admin } = ioTokenChain();
    expectOk(initialize(chain, admin));
    const vault = ioAccount(chain, Keypair.generate().publicKey);
    const stranger = chain.wallet();
    expectError(
      chain.send([initEmissionsInstruction({ admin: stranger.publicKey, rewardsVault: vault })], [stranger]),
      "Unauthorized",
    );
    expectError(
      chain.send([initEmissionsInstruction({ admin: admin.publicKey, rewardsVault: Keypair.generate().publicKey })], [admin]),
      "InvalidRewardsVault",
    );
    expect(chain.account(emissionKey()[0])).to.equal(null);
    expectOk(chain.send([initEmissionsInstruction({ admin: admin.publicKey, rewardsVault: vault })], [admin]));
    expectError(
      chain.send([initEmissionsInstruction({ admin: admin.publicKey, rewardsVault: vault })], [admin]),
      "AlreadyExists",
    );
    // When the admin points emissions elsewhere; Then the next crank pays there
    const next = ioAccount(chain, Keypair.generate().publicKey);
    expectError(
      chain.send([setRewardsVaultInstruction({ admin: stranger.publicKey, rewardsVault: next })], [stranger]),
      "Unauthorized",
    );
    expectOk(chain.send([setRewardsVaultInstruction({ admin: admin.publicKey, rewardsVault: next })], [admin]));
    warpToHour(chain, 2);
    expectOk(chain.send([crankInstruction({ rewardsVault: next })], [chain.payer]));
    expect(ioBalance(chain, next).toString()).to.equal(cumulativeEmission(2).toString());
    expect(ioBalance(chain, vault).toString()).to.equal("0");
  });

  it("costs the same compute at hour 1 and at hour 170,000 (no work grows with time)", () => {
    const cost = (hour: number) => {
      const { chain, rewardsVault } = withEmissions();
      warpToHour(chain, hour);
      return expectOk(chain.send([crankInstruction({ rewardsVault })], [chain.payer])).computeUnits;
    };
    const early = cost(1);
    expect(cost(170_000)).to.equal(early);
    expect(early).to.be.at.most(4_000);
  });

  it("re-mints burned IO at the governed hourly cap, never past 800M in circulation", () => {
    // Given the schedule complete (month 244: 800M in circulation) and 100 IO then burned
    const { chain, admin, rewardsVault } = withEmissions();
    warpToHour(chain, 244 * MONTH_HOURS);
    expectOk(chain.send([crankInstruction({ rewardsVault })], [chain.payer]));
    const owner = Keypair.generate();
    const holder = ioAccount(chain, owner.publicKey);
    chain.airdrop(owner.publicKey, 1);
    const IO = new BN(100_000_000);
    expectOk(chain.send([releaseInstruction({ admin: admin.publicKey, bucket: 4, amount: IO.muln(100), destination: holder })], [admin]));
    expectOk(
      chain.send(
        [createBurnCheckedInstruction(holder, ioMintKey()[0], owner.publicKey, BigInt(IO.muln(100).toString()), 8, [], TOKEN_2022_PROGRAM_ID)],
        [owner],
      ),
    );
    const max = GENESIS_SUPPLY.add(EMISSION_CAP);
    expect(ioSupply(chain).toString()).to.equal(max.sub(IO.muln(100)).toString());
    // With no cap nothing is re-minted
    warpToHour(chain, 244 * MONTH_HOURS + 1);
    expectError(chain.send([crankInstruction({ rewardsVault })], [chain.payer]), "NothingToMint");
    // When the admin allows 10 IO per hour; Then 5 hours re-mint 50 IO
    const stranger = chain.wallet();
    expectError(chain.send([setRemintCapInstruction({ admin: stranger.publicKey, capPerHour: IO.muln(10) })], [stranger]), "Unauthorized");
    expectOk(chain.send([setRemintCapInstruction({ admin: admin.publicKey, capPerHour: IO.muln(10) })], [admin]));
    warpToHour(chain, 244 * MONTH_HOURS + 6);
    const res = expectOk(chain.send([crankInstruction({ rewardsVault })], [chain.payer]));
    expect((parseIoTokenEvents(res.logs)[0].data.reminted as BN).toString()).to.equal(IO.muln(50).toString());
    // And 10 hours later only the remaining 50 IO: supply back at exactly 800M, then nothing
    warpToHour(chain, 244 * MONTH_HOURS + 16);
    expectOk(chain.send([crankInstruction({ rewardsVault })], [chain.payer]));
    expect(ioSupply(chain).toString()).to.equal(max.toString());
    expect(decodeEmissionState(chain.account(emissionKey()[0])!).reminted.toString()).to.equal(IO.muln(100).toString());
    warpToHour(chain, 244 * MONTH_HOURS + 40);
    expectError(chain.send([crankInstruction({ rewardsVault })], [chain.payer]), "NothingToMint");
  });

  it("catches up after a long pause in one crank", () => {
    const { chain, rewardsVault } = withEmissions();
    warpToHour(chain, 1);
    expectOk(chain.send([crankInstruction({ rewardsVault })], [chain.payer]));
    warpToHour(chain, 5 * 8_760 + 17);
    expectOk(chain.send([crankInstruction({ rewardsVault })], [chain.payer]));
    expect(minted(chain).toString()).to.equal(vectors([5 * 8_760 + 17]).get(5 * 8_760 + 17)!.toString());
  });
});

