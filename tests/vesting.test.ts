/**
 * Vesting and releases on the real .so: grants within their buckets, the lock, claims against
 * the unlock schedule in any order, and the admin's releases of the governed buckets.
 */
import { expect } from "chai";
import BN from "bn.js";
import { Keypair, PublicKey } from "@solana/web3.js";
import {
  addBeneficiaryInstruction,
  bucketAmount,
  BUCKETS,
  claimVestedInstruction,
  configKey,
  decodeTokenConfig,
  decodeVestingGrant,
  grantKey,
  lockGenesisInstruction,
  MONTH_HOURS,
  parseIoTokenEvents,
  releaseInstruction,
  unlockedAmount,
  vaultKey,
} from "../sdk/src";
import { expectError, expectOk, TestChain, TxResult } from "./harness";
import { initialize, ioAccount, ioBalance, ioTokenChain } from "./fixtures";

const MONTH = MONTH_HOURS * 3_600;


function setup(): { chain: TestChain; admin: Keypair; genesis: bigint } {
  const { chain, upgradeAuthority: admin } = ioTokenChain();
  expectOk(initialize(chain, admin));
  return { chain, admin, genesis: chain.now() };
}

function grant(chain: TestChain, admin: Keypair, bucket: number, beneficiary: PublicKey, amount: BN): TxResult {
  return chain.send([addBeneficiaryInstruction({ admin: admin.publicKey, bucket, beneficiary, amount })], [admin]);
}

describe("vesting", () => {
  it("unlocks investor grants in 24 monthly parts from the end of month 13, dust in the last", () => {
    // Given a series-A grant of an amount not divisible by 24
    const { chain, admin, genesis } = setup();
    const investor = chain.wallet();
    const amount = new BN("1000000000000007");
    expectOk(grant(chain, admin, 1, investor.publicKey, amount));
    const destination = ioAccount(chain, investor.publicKey);
    const claim = () => chain.send([claimVestedInstruction({ beneficiary: investor.publicKey, bucket: 1, destination })], [investor]);

    // When claiming just before the end of month 13; Then nothing has unlocked
    chain.setUnixTime(genesis + BigInt(13 * MONTH - 1));
    const before = chain.snapshot([grantKey(1, investor.publicKey)[0], destination]);
    expectError(claim(), "NothingToClaim");
    expect(chain.snapshot([grantKey(1, investor.publicKey)[0], destination])).to.equal(before);

    // When claiming at months 13, (skip) 20, 20 again, and 36; Then each pays the unlocked rest
    for (const month of [13, 20, 36]) {
      chain.setUnixTime(genesis + BigInt(month * MONTH));
      const res = expectOk(claim());
      expect(ioBalance(chain, destination).toString(), `month ${month}`).to.equal(unlockedAmount(amount, 1, month).toString());
      expect(parseIoTokenEvents(res.logs)[0].name).to.equal("vestedClaimed");
      if (month === 20) expectError(claim(), "NothingToClaim");
    }
    expect(ioBalance(chain, destination).toString()).to.equal(amount.toString());
    expect(unlockedAmount(amount, 1, 13).toString()).to.equal(amount.divn(24).toString());
    // And after the end nothing more
    chain.setUnixTime(genesis + BigInt(60 * MONTH));
    expectError(claim(), "NothingToClaim");
  });

  it("unlocks core-contributor grants in 36 parts to the end of month 48, in any claim order", () => {
    const { chain, admin, genesis } = setup();
    const people = [chain.wallet(), chain.wallet()];
    const amount = new BN(36_000_001);
    for (const p of people) expectOk(grant(chain, admin, 2, p.publicKey, amount));
    const dest = people.map((p) => ioAccount(chain, p.publicKey));
    const claim = (i: number) =>
      chain.send([claimVestedInstruction({ beneficiary: people[i].publicKey, bucket: 2, destination: dest[i] })], [people[i]]);
    // One claims monthly, the other only once at month 48
    for (let month = 13; month <= 48; month++) {
      chain.setUnixTime(genesis + BigInt(month * MONTH));
      expectOk(claim(0));
    }
    expectOk(claim(1));
    expect(ioBalance(chain, dest[0]).toString()).to.equal(amount.toString());
    expect(ioBalance(chain, dest[1]).toString()).to.equal(amount.toString());
    expect(decodeVestingGrant(chain.account(grantKey(2, people[0].publicKey)[0])!).claimed.toString()).to.equal(
      amount.toString(),
    );
  });

  it("keeps grants within their bucket and refuses grants after the lock", () => {
    const { chain, admin } = setup();
    const seed = BUCKETS[0];
    const a = Keypair.generate().publicKey;
    const b = Keypair.generate().publicKey;
    expectOk(grant(chain, admin, 0, a, bucketAmount(seed).subn(5)));
    const before = chain.snapshot([configKey()[0], grantKey(0, b)[0]]);
    expectError(grant(chain, admin, 0, b, new BN(6)), "BucketOverAllocated");
    expect(chain.snapshot([configKey()[0], grantKey(0, b)[0]])).to.equal(before);
    expectOk(grant(chain, admin, 0, b, new BN(5)));
    expect(decodeTokenConfig(chain.account(configKey()[0])!).version).to.equal(1);
    expectError(grant(chain, admin, 0, a, new BN(1)), "AlreadyExists");
    expectError(grant(chain, admin, 3, a, new BN(1)), "InvalidBucket");
    expectError(grant(chain, admin, 1, a, new BN(0)), "ZeroAmount");
    const stranger = chain.wallet();
    expectError(grant(chain, stranger, 1, a, new BN(1)), "Unauthorized");
    // When locked; Then no more grants, and no second lock
    expectOk(chain.send([lockGenesisInstruction({ admin: admin.publicKey })], [admin]));
    expectError(grant(chain, admin, 1, a, new BN(1)), "GenesisLocked");
    expectError(chain.send([lockGenesisInstruction({ admin: admin.publicKey })], [admin]), "GenesisLocked");
    expectError(chain.send([lockGenesisInstruction({ admin: stranger.publicKey })], [stranger]), "Unauthorized");
  });

  it("refuses a claim by anyone but the beneficiary, and from another bucket's vault", () => {
    const { chain, admin, genesis } = setup();
    const investor = chain.wallet();
    expectOk(grant(chain, admin, 0, investor.publicKey, new BN(2_400)));
    chain.setUnixTime(genesis + BigInt(40 * MONTH));
    const thief = chain.wallet();
    const thiefAccount = ioAccount(chain, thief.publicKey);
    // A non-beneficiary signing for the investor's grant
    const stolen = claimVestedInstruction({ beneficiary: investor.publicKey, bucket: 0, destination: thiefAccount });
    stolen.keys[0] = { ...stolen.keys[0], pubkey: thief.publicKey };
    const watched = [grantKey(0, investor.publicKey)[0], thiefAccount, vaultKey(4)[0]];
    const before = chain.snapshot(watched);
    expectError(chain.send([stolen], [thief]), "Unauthorized");
    // A non-beneficiary with no grant at all
    expectError(
      chain.send([claimVestedInstruction({ beneficiary: thief.publicKey, bucket: 0, destination: thiefAccount })], [thief]),
      "InvalidGrant",
    );
    // The beneficiary pointing the claim at the community vault
    const destination = ioAccount(chain, investor.publicKey);
    const wrongVault = claimVestedInstruction({ beneficiary: investor.publicKey, bucket: 0, destination });
    wrongVault.keys[5] = { ...wrongVault.keys[5], pubkey: vaultKey(4)[0] };
    expectError(chain.send([wrongVault], [investor]), "InvalidVault");
    // The beneficiary naming the vault itself as destination (IO would stay, marked claimed)
    const selfPay = claimVestedInstruction({ beneficiary: investor.publicKey, bucket: 0, destination: vaultKey(0)[0] });
    expectError(chain.send([selfPay], [investor]), "InvalidDestination");
    expect(chain.snapshot(watched)).to.equal(before);
  });

  it("releases research & ecosystem and community only by the admin", () => {
    const { chain, admin } = setup();
    const grantee = ioAccount(chain, Keypair.generate().publicKey);
    const release = (signer: Keypair, bucket: number, amount: BN) =>
      chain.send([releaseInstruction({ admin: signer.publicKey, bucket, amount, destination: grantee })], [signer]);
    const res = expectOk(release(admin, 3, new BN(1_000)));
    expect(parseIoTokenEvents(res.logs)[0].name).to.equal("released");
    expectOk(release(admin, 4, new BN(2_000)));
    expect(ioBalance(chain, grantee).toString()).to.equal("3000");
    const before = chain.snapshot([grantee, vaultKey(0)[0], vaultKey(3)[0]]);
    expectError(release(chain.wallet(), 3, new BN(1)), "Unauthorized");
    expectError(release(admin, 0, new BN(1)), "InvalidBucket");
    expectError(release(admin, 3, bucketAmount(BUCKETS[3])), "InsufficientFunds");
    expectError(release(admin, 3, new BN(0)), "ZeroAmount");
    expect(chain.snapshot([grantee, vaultKey(0)[0], vaultKey(3)[0]])).to.equal(before);
  });
});
